"""Benchmark the allocation engine against the reference (pabutools 1.2.3) on the shared Pabulib instances.

    .venv/bin/python bench/allocation.py [--quick] [--skip-reference-over N] [--timeout S] [--rules r1,r2]

For every instance in ../shared/pabulib and every rule, prints: instance, rule, whether the selected sets match,
our time (parse + compute, measured in a fresh child process, which also reports its peak memory), the reference's
time (parse + compute) and the ratio. The reference's mes-complete (MES rerun with the per-voter budget raised by 1
until exhaustive) is only run where it can finish: our engine tells how many reruns it needs, and beyond
``--reference-work`` voter-runs it is reported as "n/a (reference does not finish)".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "pabulib"
sys.path.insert(0, str(ROOT / "src"))

RULES = ["greedy", "mes", "mes-complete", "phragmen", "process"]
QUICK = [
    "Poland_Czestochowa_2020_Grabowka.pb",
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "Worldwide_Mechanical_Turk_Utilities_8.pb",
    "Poland_Katowice_2023_Osiedle_Tysiaclecia.pb",
    "Poland_Warszawa_2026_Srodmiescie.pb",
    "Poland_Wroclaw_2015_150_-_500.pb",
]


class Timeout(Exception):
    pass


def _alarm(_sig: int, _frame: Any) -> None:
    raise Timeout


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss would include the parent's pages across fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ours_child(path: str, rule: str) -> None:
    """Child process: parse + allocate once, print JSON with time, peak RSS, selection and completion k."""
    from sedp.core.allocation import allocate, read_pb

    t0 = time.perf_counter()
    election = read_pb(path)
    if rule == "process":
        # Pabulib has no villages: use the district / neighbourhood column where there is one.
        projects = tuple(
            dataclasses.replace(p, village=p.meta.get("district") or p.meta.get("neighborhood"))
            for p in election.projects
        )
        election = dataclasses.replace(election, projects=projects)
    outcome = allocate(election, rule)
    dt = time.perf_counter() - t0
    rss = _peak_mb()
    print(
        json.dumps(
            {
                "time": dt,
                "rss_mb": rss,
                "selected": sorted(outcome.selected),
                "k": outcome.details.get("k"),
                "voters": election.profile.n_voters,
                "projects": len(election.projects),
                "vote_type": election.profile.vote_type,
            }
        )
    )


def ours(path: Path, rule: str, timeout: float) -> dict[str, Any] | None:
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path), rule],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def reference(path: Path, rule: str, timeout: float) -> tuple[set[str] | None, float | None, str]:
    import pulp

    # pabutools 1.2.3 imports names PuLP 4 no longer exports; the rules benchmarked here never call PuLP.
    if not hasattr(pulp, "PULP_CBC_CMD"):
        pulp.PULP_CBC_CMD = pulp.COIN_CMD  # type: ignore[attr-defined]
    if not hasattr(pulp, "LpStatusOptimal"):
        pulp.LpStatusOptimal = 1  # type: ignore[attr-defined]
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen

    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(int(timeout))
    t0 = time.perf_counter()
    try:
        inst, prof = parse_pabulib(str(path))
        if rule == "greedy":
            res = greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)
        elif rule == "mes":
            res = method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
        elif rule == "mes-complete":
            m = method_of_equal_shares(inst, prof, sat_class=Cost_Sat, voter_budget_increment=1)
            res = greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat, initial_budget_allocation=m)
        elif rule == "phragmen":
            if inst.meta.get("vote_type") not in ("approval", "choose-1"):
                return None, None, "n/a (approval only)"
            res = sequential_phragmen(inst, prof)
        else:
            return None, None, "–"
    except Timeout:
        return None, None, f"timeout > {timeout:.0f}s"
    finally:
        signal.alarm(0)
    return {p.name for p in res}, time.perf_counter() - t0, ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="only the small instances and the largest one")
    ap.add_argument(
        "--skip-reference-over", type=int, default=None, metavar="N", help="no reference above N voters"
    )
    ap.add_argument(
        "--reference-work", type=int, default=2_000_000, help="max (k+1)*voters for reference mes-complete"
    )
    ap.add_argument("--timeout", type=float, default=120, help="seconds per run of our engine")
    ap.add_argument("--ref-timeout", type=float, default=400, help="seconds per run of the reference")
    ap.add_argument("--rules", default=",".join(RULES))
    ap.add_argument("--child", nargs=2, metavar=("FILE", "RULE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        ours_child(*args.child)
        return 0
    if not SHARED.exists():
        print(f"no instances: {SHARED} does not exist", file=sys.stderr)
        return 1
    files = sorted(SHARED.glob("*.pb"), key=lambda p: p.stat().st_size)
    if args.quick:
        files = [f for f in files if f.name in QUICK]
    rules = args.rules.split(",")
    head = f"| {'instance':<40} | {'voters':>7} | {'rule':<12} | {'match':<5} | {'ours s':>7} | {'MB':>5} | {'pabutools s':>24} | {'ratio':>7} |"
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for path in files:
        for rule in rules:
            mine = ours(path, rule, args.timeout)
            name = path.name[:40]
            if mine is None:
                print(
                    f"| {name:<40} | {'':>7} | {rule:<12} | {'?':<5} | {'timeout':>7} | {'':>5} | {'':>24} | {'':>7} |",
                    flush=True,
                )
                continue
            note = ""
            if args.skip_reference_over is not None and mine["voters"] > args.skip_reference_over:
                ref, rt, note = None, None, "skipped"
            elif rule == "mes-complete" and (mine["k"] + 1) * mine["voters"] > args.reference_work:
                ref, rt, note = None, None, f"n/a (loop of {mine['k'] + 1} MES runs)"
            else:
                ref, rt, note = reference(path, rule, args.ref_timeout)
            match = "–" if ref is None else ("yes" if set(mine["selected"]) == ref else "NO")
            rts = f"{rt:.2f}" if rt is not None else note
            ratio = f"{rt / mine['time']:.0f}x" if rt is not None else ""
            print(
                f"| {name:<40} | {mine['voters']:>7} | {rule:<12} | {match:<5} | {mine['time']:>7.3f} | "
                f"{mine['rss_mb']:>5.0f} | {rts:>24} | {ratio:>7} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
