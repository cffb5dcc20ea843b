"""Benchmark a merged province's plan year: 150 communes, ~2,500 villages, 75,000 needs, on SQLite and PostgreSQL.

    .venv/bin/python bench/rollup.py [--communes 150 --villages 17 --needs 30 --seed 2027] [--db sqlite,pg]
                                     [--repeat 3] [--profile STAGE]

The province is built once by `sedp synth` (sedp.demo.synth: through the app's actions) and reused: on SQLite in a
file under var/bench/ named by its sizes and seed, on PostgreSQL in the database of $BENCH_PG_URL (default
postgres://postgres@127.0.0.1:5432/sedp_bench, created if missing). Then, for each database, each stage is run
once to count its SQL queries (django.test.utils.CaptureQueriesContext) and ``--repeat`` times for the median wall
time:

- roll-up: `aggregate(province_plan)` (the communes' plans: sent / awaited, Biểu 1/2) and
  `upper.child_activities(province_plan)` (every commune activity with the village needs it came from);
- funding integration: the communes' activities read and converted to `sedp.core.funding.Activity` and the
  province's funding sources (eight, made by `sedp synth`) to `sedp.core.funding.FundingSource` — by the funding
  app's `sedp.funding.inputs` when the code has it, else by the converters below — then
  `sedp.core.integration.integrate` with the explanations and the "1 to 2 activities per village" check, and the
  app's whole `run_integration` (read, integrate, store the run) when the code has it;
- pages, through django.test.Client signed in as the province officer: the province plan (plans:commune), its
  activities and funding pages where they exist, the officer's home page (dashboard:home) — with the HTML size;
- documents: the province plan's .docx (sedp.exports.documents) and .xlsx (sedp.exports.commune_forms).

A stage the code does not have yet prints "n/a"; a page that fails prints its status. Figures are printed, never
asserted: goals (PostgreSQL, this 2-core machine) are roll-up and integration under 2 s, every page under 300 ms.
``--profile STAGE`` prints where that stage's time goes (cProfile, top 30 by cumulative time).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/sedp_bench")
CODE = "SYN"
M = 1_000_000


# ---------------------------------------------------------------------------------------------------------------
# The converter: a commune's activity as the funding integration sees it
# ---------------------------------------------------------------------------------------------------------------


def core_activities(children) -> list:
    """`upper.ChildActivity` → `sedp.core.funding.Activity` (until the funding app's `sedp.funding.inputs` is
    there): one village when the activity came from one village's
    needs (its rank there in the commune's order), commune-wide when merged from several; construction unless a
    need it came from is a service; poverty / ethnic-minority targeting from its villages (poor households ≥ 15 %,
    ethnic-minority share ≥ 50 %)."""
    from sedp.core.funding import Activity
    from sedp.needs.models import NeedKind

    out, village_rank, commune_rank = [], {}, {}
    for c in children:
        a = c.activity
        villages = c.villages
        village = villages[0] if len(villages) == 1 else None
        commune_rank[c.commune.pk] = commune_rank.get(c.commune.pk, 0) + 1
        if village is not None:
            village_rank[village.pk] = village_rank.get(village.pk, 0) + 1
        service = any(n.kind == NeedKind.SERVICE for n in c.needs)
        poor = any(v.households and (v.poor_households or 0) * 100 >= 15 * v.households for v in villages)
        ethnic = any(float(v.ethnic_minority_share or 0) >= 50 for v in villages)
        cost = c.cost
        out.append(
            Activity(
                id=str(a.pk),
                cost=cost,
                name=a.title,
                contribution=min(c.contribution, cost),
                sector=str(a.sector_id or ""),
                type="technical_service" if service else "construction",
                village=str(village.pk) if village else None,
                commune=str(c.commune.pk),
                village_rank=village_rank[village.pk] if village else None,
                commune_rank=commune_rank[c.commune.pk],
                poverty=poor,
                ethnic_minority=ethnic,
                village_name=village.name if village else "",
                commune_name=c.commune.name,
            )
        )
    return out


def core_sources(rows) -> list:
    """The province's `FundingSource` rows (made by `sedp synth`) in the core's terms — used until the funding
    app's `sedp.funding.inputs.core_sources` is there; sectors and units by their database keys."""
    from sedp.core.funding import FundingSource

    out = []
    for s in rows:
        targeting = {
            t
            for t, on in (("poverty", s.targets_poverty), ("ethnic_minority", s.targets_ethnic_minority))
            if on
        }
        out.append(
            FundingSource(
                str(s.pk), s.kind, s.amount, name=s.name, sectors={str(x.pk) for x in s.sectors.all()},
                activity_types={s.activity_type} if s.activity_type else set(),
                units={str(u.pk) for u in s.earmarked_units.all()}, targeting=targeting,
                min_per_activity=s.min_per_activity, max_per_activity=s.max_per_activity,
                counterpart_share=Fraction(s.counterpart_percent or 0) / 100, priority=s.priority,
            )
        )  # fmt: skip
    return out


def _setup(url: str, var: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="sedp.settings",
        SEDP_DEMO="1",  # the synthetic officers are demo accounts
        SEDP_VAR_DIR=str(var),
        DATABASE_URL=url,
        SEDP_TESTING="1",
    )
    os.environ.pop("SEDP_DEBUG", None)  # pages as in production, not with the debug toolbar of settings
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def _ensure_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _province(args, log):
    """The synthetic province, built if this database does not have it complete (its province plan is made last)."""
    from django.core.management import call_command

    from sedp.places.models import Unit
    from sedp.plans.models import Kind, Plan

    call_command("migrate", verbosity=0)
    province = Unit.objects.filter(level="province", code=CODE, is_legacy=False).first()
    if province is not None:
        plan = Plan.objects.filter(unit=province, kind=Kind.PROVINCE_ANNUAL).select_related("unit").first()
        if plan is not None:
            return plan, None
        raise SystemExit(
            f"{province.name} is incomplete in this database (interrupted build?): drop it first."
        )
    from sedp.demo.synth import build_province

    log("building the province with sedp synth (minutes)...")
    built = build_province(
        communes=args.communes,
        villages_per_commune=args.villages,
        needs_per_village=args.needs,
        seed=args.seed,
        code=CODE,
        progress=log,
    )
    return built.province_plan, built.seconds


def _measure(fn, repeat: int):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        out = fn()
    count = len(queries)  # now: the captured list is read from the connection's log, which requests reset
    times, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return out, count, statistics.median(times) * 1000, statistics.median(cpus) * 1000


def _reverse_first(names, plan):
    from django.urls import NoReverseMatch, reverse

    for name in names:
        for kwargs in (
            {"pk": plan.pk},
            {"plan_pk": plan.pk},
            {"unit_pk": plan.unit_id, "year": plan.year_from},
            {"unit_pk": plan.unit_id},
        ):
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return None


def run_one(args) -> list[dict]:
    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    if args.one == "sqlite":
        url = f"sqlite:///{var}/rollup-{args.communes}x{args.villages}x{args.needs}-s{args.seed}.sqlite3"
    else:
        url = PG_URL
        _ensure_pg_database(url)
    _setup(url, var)

    def log(line: str) -> None:
        print(f"[{args.one}] {line}", file=sys.stderr, flush=True)

    from django.contrib.auth import get_user_model
    from django.test import Client

    from sedp.core.integration import Options, integrate, village_sentence
    from sedp.needs.models import Need
    from sedp.plans.models import Kind, Plan
    from sedp.plans.rollup.aggregation import aggregate
    from sedp.plans.rollup.upper import child_activities

    plan, built = _province(args, log)
    province = plan.unit
    sizes = {
        "communes": Plan.objects.filter(unit__parent=province, kind=Kind.COMMUNE_ANNUAL).count(),
        "villages": Plan.objects.filter(unit__parent__parent=province, kind=Kind.VILLAGE_ANNUAL).count(),
        "needs": Need.objects.filter(unit__path__startswith=province.path).count(),
    }
    log(f"{province.name}: {sizes}")
    if sizes["communes"] != args.communes:
        log(f"this database holds a province of {sizes['communes']} communes, not {args.communes}: measuring it "
            "(drop it, or set BENCH_PG_URL to another database, for other sizes)")  # fmt: skip
    officer = get_user_model().objects.get(username=f"{CODE.lower()}-tinh")
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    rows: list[dict] = []
    if built:
        rows.append({"stage": "synth (build, once)", "ms": built["total"] * 1000, "queries": None})

    def stage(name: str, fn, *, page: bool = False) -> None:
        if args.profile and args.profile in name:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            fn()
            prof.disable()
            print(f"\n[{args.one}] profile of {name}:", file=sys.stderr)
            pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        try:
            out, queries, ms, cpu = _measure(fn, args.repeat)
        except Exception as exc:  # a stage that is not there yet, or broken: say so, go on
            rows.append(
                {"stage": name, "ms": None, "queries": None, "note": f"{type(exc).__name__}: {exc}"[:80]}
            )
            log(f"{name}: {type(exc).__name__}: {exc}")
            return
        row = {"stage": name, "ms": ms, "cpu": cpu, "queries": queries}
        if page:
            row["kb"] = len(out.content) / 1024
            if out.status_code != 200:
                row["note"] = f"HTTP {out.status_code}"
        rows.append(row)
        log(f"{name}: {ms:.0f} ms ({cpu:.0f} ms CPU), {queries} queries")

    def na(name: str, why: str) -> None:
        rows.append({"stage": name, "ms": None, "queries": None, "note": why})

    # Roll-up
    plan = Plan.objects.select_related("unit", "cycle").get(pk=plan.pk)
    from django.core.cache import cache

    def cold(fn):
        # The province's Biểu 1/2 are kept between pages (aggregation.upper_measure_rows): the first view after
        # a figure changes computes them, the next ones read them back.
        return lambda: (cache.clear(), fn())[1]

    stage("roll-up: aggregate(province plan), computed", cold(lambda: aggregate(plan)))
    stage("roll-up: aggregate(province plan), kept", lambda: aggregate(plan))
    stage("roll-up: child_activities(province plan)", lambda: child_activities(plan))

    # Funding integration: the app's inputs and run when the funding app has them, else the bench's converter
    from sedp.demo.synth import upper_sources
    from sedp.funding.models import FundingSource

    upper_sources(
        province, plan.year_from, actor=officer, seed=args.seed
    )  # a province built before they were
    try:
        from sedp.funding import inputs as app
    except ImportError:
        app = None
    if app is not None:
        sources = app.core_sources(app.sources_of(province, plan.year_from))
        stage(
            "integration: read + convert (funding.inputs.core_activities)", lambda: app.core_activities(plan)
        )
        acts = app.core_activities(plan)[0]
    else:
        source_rows = FundingSource.objects.filter(unit=province, year=plan.year_from).prefetch_related(
            "sectors", "earmarked_units"
        )
        sources = core_sources(source_rows)
        stage(
            "integration: read + convert (bench converter)", lambda: core_activities(child_activities(plan))
        )
        acts = core_activities(child_activities(plan))
    opts = Options(year=plan.year_from)

    def integration():
        r = integrate(sources, acts, opts)
        r.explain_all("vi")
        none, over = r.village_problems()
        for v in none + over:
            village_sentence(r, v)
        return r

    stage(
        f"integration: integrate {len(acts)} activities, {len(sources)} sources + explanations", integration
    )
    result = integration()
    log(f"funded {len(result.funded_ids())} of {len(acts)} activities")
    try:
        from sedp.funding.actions import run_integration
    except ImportError:
        na("integration: run_integration (app: read, integrate, store the run)", "not in the code yet")
    else:
        stage(
            "integration: run_integration (app: read, integrate, store the run)",
            lambda: run_integration(plan, actor=officer),
        )

    # Pages
    from django.urls import reverse

    stage(
        "page: province plan (plans:commune), first view after a change",
        cold(lambda: client.get(reverse("plans:commune", args=[plan.pk]))),
        page=True,
    )
    stage(
        "page: province plan (plans:commune)",
        lambda: client.get(reverse("plans:commune", args=[plan.pk])),
        page=True,
    )
    candidates = {
        "page: province plan's activities": ["plans:rollup_activities", "plans:commune_activities"],
        "page: funding sources": ["funding:sources"],
        "page: funding integration (with its runs)": ["funding:integration"],
        "page: assignment": ["assignments:overview", "assignments:plan"],
    }  # fmt: skip
    for name, names in candidates.items():
        url = _reverse_first(names, plan)
        if url is None:
            na(name, "not in the code yet")
        else:
            stage(f"{name} ({url})", lambda url=url: client.get(url), page=True)
    stage("page: officer's home (dashboard:home)", lambda: client.get(reverse("dashboard:home")), page=True)
    stage("page: commune needs (plans:commune_needs, largest commune)", lambda: client.get(
        reverse("plans:commune_needs", args=[_largest_commune_plan(province).pk])), page=True)  # fmt: skip

    # Documents
    from sedp.exports import commune_forms
    from sedp.exports.documents import render_docx
    from sedp.plans.logframe.actions import to_core

    stage("document: province plan .docx", lambda: render_docx(to_core(plan)))
    stage("document: province plan .xlsx (Biểu)", lambda: commune_forms.export_workbook(plan))
    stage(
        "document: province plan .xlsx (Biểu), first after a change",
        cold(lambda: commune_forms.export_workbook(plan)),
    )
    for r in rows:
        r["db"] = args.one
    return rows


def _largest_commune_plan(province):
    from django.db.models import Count

    from sedp.plans.models import Kind, Plan

    return (
        Plan.objects.filter(unit__parent=province, kind=Kind.COMMUNE_ANNUAL)
        .annotate(n=Count("unit__children"))
        .order_by("-n", "pk")
        .first()
    )


# ---------------------------------------------------------------------------------------------------------------
# Both databases, one table
# ---------------------------------------------------------------------------------------------------------------


def _cell(r: dict | None) -> tuple[str, str]:
    if r is None or r.get("ms") is None:
        return ("n/a", "n/a") if r is None or "HTTP" not in r.get("note", "") else (r["note"], "")
    q = "" if r.get("queries") is None else str(r["queries"])
    cpu = f" ({r['cpu']:.0f})" if r.get("cpu") is not None else ""
    return f"{r['ms']:.0f}{cpu}", q


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=150)
    parser.add_argument("--villages", type=int, default=17, help="villages per commune, on average")
    parser.add_argument("--needs", type=int, default=30, help="needs per village")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default="sqlite,pg", help="sqlite, pg or both (comma-separated)")
    parser.add_argument("--profile", default="", help="profile the stage whose name contains this text")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args), ensure_ascii=False))
        return

    results: dict[str, list[dict]] = {}
    for db in [d.strip() for d in args.db.split(",") if d.strip()]:
        cmd = [sys.executable, __file__, "--one", db] + [
            f"--{k}={v}" for k, v in vars(args).items() if k not in ("one", "db") and v not in ("", None)
        ]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        if proc.returncode != 0 or not proc.stdout.strip():
            print(f"{db}: failed (exit {proc.returncode}); its column prints n/a", file=sys.stderr)
            results[db] = []
            continue
        results[db] = json.loads(proc.stdout.strip().splitlines()[-1])

    dbs = list(results)
    stages: list[str] = []
    for rows in results.values():
        for r in rows:
            if r["stage"] not in stages:
                stages.append(r["stage"])
    print()
    print(f"{args.communes} communes × ~{args.villages} villages × {args.needs} needs, seed {args.seed}; "
          f"median of {args.repeat}: wall ms (this process's CPU ms), SQL queries, HTML KB")  # fmt: skip
    head = " | ".join(f"{d} ms | {d} queries" for d in dbs)
    print(f"| stage | {head} | KB |")
    print("|---|" + "---:|---:|" * len(dbs) + "---:|")
    for s in stages:
        cells, kb = [], ""
        for d in dbs:
            r = next((r for r in results[d] if r["stage"] == s), None)
            cells += _cell(r)
            if r and r.get("kb") is not None:
                kb = f"{r['kb']:.0f}"
        print(f"| {s} | " + " | ".join(cells) + f" | {kb} |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload average at the end: {load:.1f} (2 cores). Goals on PostgreSQL: roll-up and integration < 2 s, "
          "every page < 300 ms.")  # fmt: skip
    notes = [(d, r) for d in dbs for r in results[d] if r.get("note") and "HTTP" not in r["note"]]
    for d, r in notes:
        print(f"- {d}, {r['stage']}: {r['note']}")


if __name__ == "__main__":
    main()
