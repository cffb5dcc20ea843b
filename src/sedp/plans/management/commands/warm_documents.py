import time

from django.conf import settings
from django.core.management.base import BaseCommand

from sedp.exports import warming
from sedp.plans.models import Plan, State
from sedp.plans.rollup.fates import HIGHER_KINDS


class Command(BaseCommand):
    help = (
        "Make the .pdf and .docx of every commune (district, province) plan that is not a draft into the cache, "
        "unless they are kept already (after a deploy, or from cron): the first reader does not wait for them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only plans starting in this year")
        parser.add_argument(
            "--language",
            action="append",
            help=f"a language to make them in (default {settings.LANGUAGE_CODE})",
        )

    def handle(self, *args, year=None, language=None, **options):
        plans = Plan.objects.filter(kind__in=HIGHER_KINDS).exclude(state=State.DRAFT).select_related("unit")
        if year is not None:
            plans = plans.filter(year_from=year)
        made = kept = failed = 0
        t0 = time.perf_counter()
        for plan in plans.order_by("pk").iterator(chunk_size=100):
            try:
                done = warming.warm(plan, language)
            except Exception as exc:  # noqa: BLE001 — one plan's failure does not stop the others
                failed += 1
                self.stderr.write(f"{plan.pk} {plan}: {exc}")
                continue
            made += len(done)
            kept += 2 * len(language or [settings.LANGUAGE_CODE]) - len(done)
        self.stdout.write(
            f"{made} documents made, {kept} already kept, {failed} plan(s) failed ({time.perf_counter() - t0:.1f} s)"
        )
