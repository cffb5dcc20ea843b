from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from sedp.db import analyze
from sedp.places.loaders import load_current, load_legacy
from sedp.places.models import Unit


class Command(BaseCommand):
    help = "Load the 34 provinces and 3,321 communes (and, unless --current-only, the legacy 63/696/10,051)."

    def add_arguments(self, parser):
        parser.add_argument("--current-only", action="store_true", help="skip the pre-2025 structure")

    def handle(self, *args, current_only=False, **options):
        translation.activate("vi")
        report = load_current()
        self.stdout.write(
            _("Current structure: %(created)d units added, %(updated)d updated.")
            % {"created": report.created, "updated": report.updated}
        )
        if not current_only:
            report = load_legacy()
            self.stdout.write(
                _("Legacy structure: %(created)d units added, %(updated)d updated, %(links)d merger links.")
                % {"created": report.created, "updated": report.updated, "links": report.links}
            )
        analyze(Unit, Unit.successors.through)  # PostgreSQL: the planner's statistics of the loaded tables
