from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from sedp.db import analyze
from sedp.places.importers import import_villages
from sedp.places.models import Unit


class Command(BaseCommand):
    help = "Import villages from an .xlsx or .csv file; a file with any error saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--legacy", action="store_true", help="look communes up in the pre-2025 structure"
        )

    def handle(self, *args, file, legacy=False, **options):
        translation.activate("vi")
        try:
            report = import_villages(file, legacy=legacy)
        except FileNotFoundError:
            raise CommandError(_("File not found: %(file)s") % {"file": file}) from None
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            if report.errors.more:
                self.stderr.write(report.errors.more_message)
            raise CommandError(_("%(count)d errors; nothing was saved.") % {"count": report.errors.total})
        analyze(Unit)  # PostgreSQL: the planner's statistics of the villages just loaded
        self.stdout.write(
            _("%(created)d villages added, %(updated)d updated.")
            % {"created": report.created, "updated": report.updated}
        )
