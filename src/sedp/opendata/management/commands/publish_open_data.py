from django.core.management.base import BaseCommand

from sedp.opendata.actions import publish_everything


class Command(BaseCommand):
    help = "Build every unit's open data again from what is published (adopted plans, issued assignments)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only this plan year")

    def handle(self, *args, year=None, **options):
        stored = publish_everything(year)
        self.stdout.write(f"{stored} datasets published")
