"""Where `sedp synth` spends its queries and CPU: a small province built on DATABASE_URL, each query charged to the
action synth called, per village.

    DATABASE_URL=postgres://… .venv/bin/python bench/synth.py [--communes 2] [--villages 20] [--needs 30] [--code SYB]

Builds `--communes` × `--villages` (each run a new province code, so the same database serves again) and prints the
queries and the SQL time per action synth calls (`build_village` → `create_meeting`, `record_scores`, …), the
queries and CPU seconds a village (this process's `time.process_time` and, on PostgreSQL, the backend's CPU from
/proc), the wall time and the load average, and the extrapolation to 2,500 villages.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "src"))  # after PYTHONPATH: another tree can be measured


def backend_cpu(connection) -> float | None:
    """The PostgreSQL backend's user + system CPU seconds (same machine), or None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        pid = c.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _time_steps(cpu_of) -> None:
    """Charge this process's CPU time to each step synth takes (the outermost step running)."""
    import functools

    from sedp.consultation import actions as consult
    from sedp.demo import synth
    from sedp.opendata import actions as opendata
    from sedp.plans import actions as plan_actions
    from sedp.plans.logframe import actions as lf
    from sedp.plans.rollup import fates

    running = []

    def timed(name, f):
        @functools.wraps(f)
        def inner(*a, **k):
            if running:
                return f(*a, **k)
            running.append(name)
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                cpu_of[name] += time.process_time() - t
                running.pop()

        return inner

    for mod, names in (
        (synth, "create_meeting _village_needs create_sheets _annual_items village_figures _tree _users"),
        (plan_actions, "create_midterm adopt create_annual set_evaluation_summary"),
        (fates, "create_commune_plan candidate_needs merge include postpone refer not_include"),
        (lf, "update_activity renumber update_header"),
        (consult, "freeze move hold_meeting"),
        (opendata, "publish_keys"),
    ):
        for name in names.split():
            setattr(mod, name, timed(f"{mod.__name__.rsplit('.', 1)[-1]}.{name}", getattr(mod, name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=2)
    parser.add_argument("--villages", type=int, default=20)
    parser.add_argument("--needs", type=int, default=30)
    parser.add_argument("--code", default="")
    parser.add_argument("--by-action", action="store_true", help="queries per action synth calls")
    parser.add_argument("--deep", action="store_true", help="with --by-action: the innermost sedp frame too")
    parser.add_argument("--cpu", action="store_true", help="this process's CPU seconds per step synth takes")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sedp.settings")
    os.environ.setdefault("SEDP_DEBUG", "1")
    import django

    django.setup()
    from django.db import connection

    from sedp.demo.synth import build_province

    counts: Counter = Counter()
    seconds: defaultdict = defaultdict(float)

    def where() -> str:
        stack = [f for f in traceback.extract_stack() if "contextlib" not in f.filename]
        outer = inner = None
        for i, f in enumerate(stack):
            if f.filename.endswith("demo/synth.py") and i + 1 < len(stack):
                nxt = stack[i + 1]
                if not nxt.filename.endswith("demo/synth.py"):
                    outer = (
                        f"{f.name} → {Path(nxt.filename).parent.name}/{Path(nxt.filename).stem}.{nxt.name}"
                    )
            if "/sedp/" in f.filename and not f.filename.endswith("demo/synth.py"):
                inner = f"{Path(f.filename).parent.name}/{Path(f.filename).stem}.{f.name}:{f.lineno}"
        return f"{outer or '?'}  [{inner or '-'}]" if args.deep else outer or "?"

    def wrapper(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if args.by_action:
                key = where()
                counts[key] += 1
                seconds[key] += time.perf_counter() - t
            else:
                counts["all"] += 1

    cpu_of: defaultdict = defaultdict(float)
    if args.cpu:
        _time_steps(cpu_of)
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — the URLconf imported before measuring (0.7 s, once a process)
    code = args.code or f"B{int(time.time()) % 100000:05d}"
    connection.ensure_connection()
    b0 = backend_cpu(connection)
    c0, w0 = time.process_time(), time.perf_counter()
    with connection.execute_wrapper(wrapper):
        s = build_province(
            communes=args.communes, villages_per_commune=args.villages, needs_per_village=args.needs, seed=2027,
            code=code,
        )  # fmt: skip
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    b1 = backend_cpu(connection)
    total = sum(counts.values())
    v = s.villages
    print(f"{connection.vendor}: {s.communes} communes, {v} villages, {s.needs} needs (code {code})")
    print(f"queries {total} ({total / v:.1f} a village)")
    print(f"wall {wall:.1f} s, process CPU {cpu:.1f} s ({cpu / v * 1000:.0f} ms a village)", end="")
    if b0 is not None and b1 is not None:
        print(f", PostgreSQL backend CPU {b1 - b0:.1f} s ({(b1 - b0) / v * 1000:.0f} ms a village)", end="")
    print(f"; load average {os.getloadavg()[0]:.1f}")
    both = cpu + ((b1 - b0) if b0 is not None and b1 is not None else 0)
    print(
        f"2,500 villages at this rate: {2500 * total / v:,.0f} queries, {2500 * cpu / v / 60:.1f} min of process "
        f"CPU, {2500 * both / v / 60:.1f} min with the backend's, {2500 * wall / v / 60:.1f} min wall"
    )
    print("seconds: " + ", ".join(f"{k} {x:.1f}" for k, x in s.seconds.items()))
    if args.cpu:
        for key, x in sorted(cpu_of.items(), key=lambda kv: -kv[1]):
            print(f"{x / v * 1000:7.1f} ms CPU a village {x:6.2f} s  {key}")
    if args.by_action:
        for key, n in counts.most_common():
            print(f"{n / v:8.2f} a village {n:7d} queries {seconds[key]:7.2f} s  {key}")


if __name__ == "__main__":
    main()
