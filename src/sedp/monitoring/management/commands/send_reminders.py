from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from sedp.monitoring.actions import lock_overdue_reports
from sedp.monitoring.reminders import DAYS_BEFORE, send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the reminders of progress reports due today or in a few days, and lock the reports sent more "
        "than SEDP_REPORT_LOCK_DAYS days after their due date (run it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="the day to act as (YYYY-MM-DD)")
        parser.add_argument("--days-before", type=int, default=DAYS_BEFORE)

    def handle(self, *args, today=None, days_before=DAYS_BEFORE, **options):
        today = today or timezone.localdate()
        sent = send_reminders(today, days_before)
        locked = lock_overdue_reports(today)
        self.stdout.write(f"{sent} reminder(s) sent; {locked} report(s) locked.")
