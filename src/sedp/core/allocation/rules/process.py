"""The process rule of source 001 (Đắk Lắk, Decision 2134/QĐ-UBND, 2007).

How a commune (or district) decides which villages' Part-2 activities its budget funds:

* each village's activities are taken **in the village's own priority order** (``Project.village_rank``; then
  support, then id) — the commune never funds a village's second choice *instead of* its first unless the first
  does not fit;
* **at least one activity per village when the budget allows** (phase 1): villages are served one by one, each
  getting its first activity that fits;
* **at most N commune- or upper-funded activities per village** (``cap``, default 2; phase 2 goes round by round,
  each village proposing its next activity);
* **priorities** (configurable, in order): poverty reduction, ethnic-minority groups, technical and public-service
  activities before construction. Between villages, proposals of the same round are taken by priority tier, then
  the village's rank, then support (number of supporters, weighted under the group-fair option), then id.

Activities without a village (commune-wide) have no cap and take part in phase 2 only. Whatever does not fit in the
money left (from its eligible sources) is skipped, and the explanation says how much was left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .._num import to_fraction
from ..funding import Ledger
from ..model import CONSTRUCTION, ETHNIC_MINORITY, POVERTY, SERVICE, TECHNICAL, Decision, Project
from ._common import Prepared, RuleRun

PRIORITIES = ("poverty", "ethnic_minority", "technical_service")


@dataclass(frozen=True)
class ProcessOptions:
    cap: int | None = 2
    min_one: bool = True
    priorities: Sequence[str] = PRIORITIES


def _criterion(name: str, p: Project) -> bool:
    if name == "poverty":
        return POVERTY in p.flags
    if name == "ethnic_minority":
        return ETHNIC_MINORITY in p.flags
    if name == "technical_service":
        return p.kind in (TECHNICAL, SERVICE) or (
            p.kind != CONSTRUCTION and bool({TECHNICAL, SERVICE} & p.flags)
        )
    raise ValueError(f"unknown priority {name!r} (known: {', '.join(PRIORITIES)})")


def process(prep: Prepared, ledger: Ledger, options: ProcessOptions | None = None) -> RuleRun:
    opts = options or ProcessOptions()
    projects = prep.election.projects
    run = RuleRun()
    big = 10**9

    def tier(p: int) -> tuple[int, ...]:
        return tuple(0 if _criterion(c, projects[p]) else 1 for c in opts.priorities)

    def key(p: int) -> tuple[Any, ...]:
        rank = projects[p].village_rank
        return (tier(p), rank if rank is not None else big, -prep.support_weight[p], prep.ids[p])

    villages: dict[str, list[int]] = {}
    loose: list[int] = []
    for p, proj in enumerate(projects):
        if proj.village:
            villages.setdefault(proj.village, []).append(p)
        else:
            loose.append(p)
    for lst in villages.values():
        # The village's own order: its rank first; priorities do not reorder a village's list.
        lst.sort(key=lambda p: (projects[p].village_rank or big, -prep.support_weight[p], prep.ids[p]))
    funded_in: dict[str, int] = {v: 0 for v in villages}
    pointer: dict[str, int] = {v: 0 for v in villages}
    rnd = 0

    def consider(p: int, phase: str) -> bool:
        left = ledger.available(p)
        if ledger.fund(p) is not None:
            run.selected.append(p)
            run.decisions[p] = Decision(
                prep.ids[p],
                True,
                "funded",
                round=rnd,
                figures={
                    "stage": phase,
                    "village": projects[p].village,
                    "supporters": prep.support_count[p],
                    "cost": to_fraction(ledger.costs[p]),
                    "priority": [c for c in opts.priorities if _criterion(c, projects[p])],
                },
            )
            return True
        run.decisions[p] = Decision(
            prep.ids[p],
            False,
            "over_budget",
            round=rnd,
            figures={"stage": phase, "left": to_fraction(left), "cost": to_fraction(ledger.costs[p])},
        )
        return False

    if opts.min_one and villages:
        rnd += 1
        order = sorted(villages, key=lambda v: (key(villages[v][0]), v))
        for v in order:
            lst = villages[v]
            while pointer[v] < len(lst):
                p = lst[pointer[v]]
                pointer[v] += 1
                if consider(p, "one_per_village"):
                    funded_in[v] += 1
                    break

    loose_left = sorted(loose, key=key)
    while True:
        proposals = []
        for v, lst in villages.items():
            if pointer[v] < len(lst) and (opts.cap is None or funded_in[v] < opts.cap):
                proposals.append(lst[pointer[v]])
                pointer[v] += 1
        if loose_left:
            proposals.extend(loose_left)
            loose_left = []
        if not proposals:
            break
        rnd += 1
        for p in sorted(proposals, key=key):
            if consider(p, "priority_order"):
                v = projects[p].village
                if v is not None:
                    funded_in[v] += 1
    for v, lst in villages.items():
        for p in lst[pointer[v] :]:
            run.decisions[p] = Decision(
                prep.ids[p],
                False,
                "village_cap",
                figures={"stage": "cap", "village": v, "funded_in_village": funded_in[v], "cap": opts.cap},
            )
    run.details = {"rounds": rnd, "cap": opts.cap, "priorities": list(opts.priorities)}
    return run
