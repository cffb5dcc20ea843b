"""Benchmark the commune plan's pages as a commune grows: 9, 30 and 100 villages with adopted annual plans.

    .venv/bin/python bench/commune.py [--sizes 9,30,100]

Builds a throw-away SQLite database (migrate + demo), adds villages to Phường Ea Kao with adopted annual plans
(`sedp.demo.villages.build_village_plans`), makes the commune plan, decides every need with the budget proposal,
freezes a draft, and for each page prints the SQL queries, the size (plain and gzipped, as browsers get it) and
the median time of 5 requests.
Queries must not grow with the number of villages; time and size grow with the rows shown.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="9,30,100", help="numbers of villages, comma-separated")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    tmp = tempfile.mkdtemp(prefix="sedp-bench-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="sedp.settings",
        SEDP_DEBUG="1",
        SEDP_DEMO="1",
        SEDP_VAR_DIR=tmp,
        DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
        SEDP_TESTING="1",  # fast password hashing
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    print("preparing the database (migrate + demo)...", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)

    from django.contrib.auth import get_user_model

    from sedp.consultation.actions import freeze
    from sedp.core.calendar import planning_year
    from sedp.demo.villages import build_village_plans
    from sedp.funding import proposal as allocation
    from sedp.places.choices import Level
    from sedp.places.models import Unit
    from sedp.plans.models import Kind, Plan
    from sedp.plans.rollup import fates as tracing

    User = get_user_model()
    planner = User.objects.get(username="canboxa")
    head = User.objects.get(username="truongbuon")
    commune = Unit.objects.get(level=Level.COMMUNE, code="24169", is_legacy=False)
    year = planning_year(timezone.localdate())
    client = Client()
    client.force_login(planner)

    print()
    print("| villages sent | page | queries | KB | KB gzip | median ms |")
    print("|---:|---|---:|---:|---:|---:|")
    for size in sizes:
        sent = Plan.objects.filter(
            unit__parent=commune, kind=Kind.VILLAGE_ANNUAL, year_from=year, state="adopted"
        ).count()
        extra = []
        for n in range(size - sent):
            extra.append(
                Unit.objects.create(
                    level=Level.VILLAGE, kind="thon", parent=commune, name=f"Thôn B{sent + n}"
                )
            )
        build_village_plans(extra, year, actor=head)
        Plan.objects.filter(unit=commune, kind=Kind.COMMUNE_ANNUAL, year_from=year).delete()
        plan = tracing.create_commune_plan(commune, year, actor=planner)
        proposals = allocation.propose(plan, 5_000_000_000)
        allocation.apply(plan, proposals, actor=planner)
        freeze(plan, actor=planner)
        pages = {
            "overview": f"/plans/{plan.pk}/rollup/",
            "needs": f"/plans/{plan.pk}/rollup/needs/",
            "logframe": f"/plans/{plan.pk}/logframe/",
            "consultation": f"/consultation/plan/{plan.pk}/",
            "workbook .xlsx": f"/plans/{plan.pk}/rollup/bieu.xlsx",
            "document .docx": f"/plans/{plan.pk}/ke-hoach-{year}.docx",
        }
        for name, url in pages.items():
            reset_queries()  # each request resets the log; start the capture from an empty one
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            times = []
            for _ in range(5):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"| {size} | {name} | {len(queries)} | {len(response.content) / 1024:.1f} | "
                f"{len(zipped.content) / 1024:.1f} | "
                f"{statistics.median(times):.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
