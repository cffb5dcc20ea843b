"""Benchmark the commune plan's pages as a commune grows: 9, 30 and 100 villages with adopted annual plans.

    .venv/bin/python bench/commune.py [--sizes 9,30,100]
    DATABASE_URL=postgres://… .venv/bin/python bench/commune.py --synth [--villages 100] [--profile STAGE]

Builds a throw-away SQLite database (migrate + demo), adds villages to Phường Ea Kao with adopted annual plans
(`sedp.demo.villages.build_village_plans`), makes the commune plan, decides every need with the budget proposal,
freezes a draft, and for each page prints the SQL queries, the size (plain and gzipped, as browsers get it) and
the median time of 5 requests.
Queries must not grow with the number of villages; time and size grow with the rows shown.

`--synth` prints the table of issue 17 on the database of DATABASE_URL (PostgreSQL): a commune of ~100 villages ×
30 needs built once by `sedp synth` (province code SYC; reused when there), its plan decided, consulted on and
submitted as synth leaves it; then the needs page, a village opened on it (htmx), the overview, the workbook .xlsx
and the plan's .pdf (each made, the cache emptied, then kept) — SQL queries, KB and the median of 5 requests (3
for a document made, with the process's CPU time). `--profile STAGE` prints where one stage's time goes (cProfile).
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
    parser.add_argument(
        "--synth", action="store_true", help="issue 17's table on DATABASE_URL (a synth commune)"
    )
    parser.add_argument("--villages", type=int, default=100, help="with --synth: villages of the commune")
    parser.add_argument("--profile", default="", help="with --synth: a stage to profile (needs, overview, …)")
    args = parser.parse_args()
    if args.synth:
        return synth_table(args.villages, args.profile)
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


def _timed(client, url, n: int, headers: dict | None = None) -> tuple[int, float, float]:
    """(SQL queries, KB, median ms, median CPU ms of this process) of `n` requests after one counted."""
    from django.db import connection

    headers = headers or {}
    count = []

    def counter(execute, sql, params, many, context):
        count.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url, **headers)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return len(count), len(response.content) / 1024, statistics.median(times), statistics.median(cpu)


def synth_table(villages: int, profile: str) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("--synth: set DATABASE_URL=postgres://… (a database of its own; the commune is built once)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sedp.settings")
    os.environ.setdefault("SEDP_DEMO", "1")
    os.environ.setdefault("SEDP_TESTING", "1")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sedp.demo.synth import build_province
    from sedp.places.choices import Level
    from sedp.places.models import Unit
    from sedp.plans.models import Kind, Plan

    setup_test_environment()
    call_command("migrate", verbosity=0)
    code = "SYC"
    if not Unit.objects.filter(level=Level.PROVINCE, code=code).exists():
        print(
            f"building a commune of {villages} villages × 30 needs (sedp synth, code {code})...", flush=True
        )
        start = time.perf_counter()
        build_province(communes=1, villages_per_commune=villages, needs_per_village=30, seed=2027, code=code)
        print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
    plan = (
        Plan.objects.filter(unit__parent__code=code, unit__level=Level.COMMUNE, kind=Kind.COMMUNE_ANNUAL)
        .select_related("unit")
        .latest("version")
    )
    from django.contrib.auth import get_user_model

    leader = get_user_model().objects.get(username=f"{code.lower()}-{plan.unit.code.lower()}")
    client = Client()
    client.force_login(leader)
    village = Unit.objects.filter(parent=plan.unit).order_by("pk").first()
    n_villages = Unit.objects.filter(parent=plan.unit).count()
    n_activities = plan.activities.count()
    pdf = f"/plans/{plan.pk}/ke-hoach-{plan.year_from}.pdf"
    htmx = {"HTTP_HX_REQUEST": "true"}
    stages = {
        "needs": (f"/plans/{plan.pk}/rollup/needs/", 5, {}),
        "needs, a village opened (htmx)": (f"/plans/{plan.pk}/rollup/needs/?village={village.pk}", 5, htmx),
        "overview": (f"/plans/{plan.pk}/rollup/", 5, {}),
        "overview, a village opened (htmx)": (f"/plans/{plan.pk}/rollup/?village={village.pk}", 5, htmx),
        "document .docx": (f"/plans/{plan.pk}/ke-hoach-{plan.year_from}.docx", 5, {}),
    }
    if profile:
        import cProfile
        import pstats

        xlsx = (f"/plans/{plan.pk}/rollup/bieu.xlsx", 1, {})
        url, _n, headers = stages.get(profile, xlsx if profile.startswith("workbook") else (pdf, 1, {}))
        client.get(url, **headers)  # imports and first-use work out of the profile
        cache.clear()
        cProfile.runctx("client.get(url, **headers)", globals(), locals(), "/tmp/sedp-bench.prof")
        pstats.Stats("/tmp/sedp-bench.prof").sort_stats("cumulative").print_stats(30)
        return
    print(f"\n{plan.unit.name}: {n_villages} villages, {plan.activities.count()} activities, plan #{plan.pk}")
    print("\n| what | queries | KB | median ms (CPU ms) |\n|---|---:|---:|---:|")
    for name, (url, n, headers) in stages.items():
        queries, kb, ms, cpu = _timed(client, url, n, headers)
        print(f"| {name} | {queries} | {kb:.1f} | {ms:.0f} ({cpu:.0f} CPU) |", flush=True)
    # The workbook and the .pdf: made (the cache emptied before each request), then kept.
    documents = (
        ("workbook .xlsx", f"/plans/{plan.pk}/rollup/bieu.xlsx"),
        (f"document .pdf ({n_activities} activities)", pdf),
    )
    for name, url in documents:
        made = []
        for _ in range(3):
            cache.clear()
            start = time.perf_counter()
            cpu = time.process_time()
            response = client.get(url)
            made.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
        assert response.status_code == 200, response.status_code
        kb = len(response.content) / 1024
        wall, cpu = sorted(made)[1]
        print(f"| {name}, made | | {kb:.1f} | {wall:.0f} ({cpu:.0f} CPU) |")
        queries, kb, ms, cpu = _timed(client, url, 5)
        print(
            f"| {name}, kept for this content | {queries} | {kb:.1f} | {ms:.0f} ({cpu:.0f} CPU) |", flush=True
        )


if __name__ == "__main__":
    main()
