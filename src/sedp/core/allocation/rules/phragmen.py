"""Sequential Phragmén, exactly as the reference ``sequential_phragmen`` (pabutools 1.2.3).

Voters earn virtual money continuously; their *load* is what they have spent. All loads start at 0. In each round,
for every remaining project, the load its supporters would all reach if they bought it together is
``(sum of the supporters' loads + cost) / number of supporters`` (weights instead of numbers under the group-fair
option; an unsupported project gives +infinity). The project with the smallest such load wins (ties: project id as
a string) and its supporters' loads are set to that value. The rule **stops as soon as one of the best (tied)
projects does not fit in the money left** — unlike greedy it does not skip. Projects costing more than the whole
budget are never considered.

Speed: a voter's load is the load of the last bought project they support, so voters fall into a few *load
classes*; per project we keep how many supporters are in each class (NumPy, one ``bincount`` per round).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .._num import Q, to_fraction
from ..funding import Ledger
from ..model import Decision
from ._common import Prepared, RuleRun
from .mes import _supports


def phragmen(prep: Prepared, ledger: Ledger, *, initial: Iterable[int] = ()) -> RuleRun:
    sup = _supports(prep)
    P = sup.n_projects
    run = RuleRun()
    done = set(initial)
    total = ledger.total_left()
    remaining = {p for p in range(P) if p not in done and prep.cost[p] <= total}
    for p in range(P):
        if p not in done and p not in remaining:
            run.decisions[p] = Decision(
                prep.ids[p],
                False,
                "over_budget_total",
                figures={
                    "stage": "phragmen",
                    "cost": to_fraction(prep.cost[p]),
                    "budget": to_fraction(total),
                },
            )

    # Load classes: (load, voter weight). Class 0.. are the weights with load 0.
    cls_load: list[Any] = []
    cls_omega: list[Any] = []
    key_of: dict[tuple[int, Any], int] = {}

    def class_id(tag: int, load: Any, om: Any) -> int:
        key = (tag, om)
        c = key_of.get(key)
        if c is None:
            c = len(cls_load)
            key_of[key] = c
            cls_load.append(load)
            cls_omega.append(om)
        return c

    cls = np.asarray([class_id(-1, Q(0), om) for om in prep.omega], dtype=np.int64)
    cnt = np.zeros((P, max(8, len(cls_load) * 4)), dtype=np.float64)
    if len(sup.entry_group):
        np.add.at(cnt, (sup.entry_project, cls[sup.entry_group]), sup.count[sup.entry_group])

    def value(p: int) -> tuple[int, Any]:
        a = prep.support_weight[p]
        if a == 0:
            return (1, 0)  # +infinity: nobody supports it
        row = cnt[p]
        nz = np.flatnonzero(row[: len(cls_load)])
        loads = sum((cls_load[c] * cls_omega[c] * int(row[c]) for c in nz), Q(0))
        return (0, (loads + prep.cost[p]) / a)

    # Loads only grow, so a project's last value is a lower bound of its next one.
    lb = {p: value(p) for p in remaining}
    rnd = 0
    stop: dict[str, Any] | None = None
    while remaining:
        rnd += 1
        best: tuple[int, Any] | None = None
        tied: list[int] = []
        for p in sorted(remaining, key=lambda p: lb[p]):
            if best is not None and lb[p] > best:
                break
            v = value(p)
            lb[p] = v
            if best is None or v < best:
                best, tied = v, [p]
            elif v == best:
                tied.append(p)
        assert best is not None
        blocked = [p for p in tied if not ledger.can_fund(p)]
        if blocked:
            b = min(blocked, key=lambda p: prep.ids[p])
            stop = {
                "round": rnd,
                "blocking": prep.ids[b],
                "blocking_cost": to_fraction(ledger.costs[b]),
                "left": to_fraction(ledger.available(b)),
            }
            break
        w = min(tied, key=lambda p: prep.ids[p])
        ledger.fund(w)
        remaining.discard(w)
        run.selected.append(w)
        run.decisions[w] = Decision(
            prep.ids[w],
            True,
            "funded",
            round=rnd,
            figures={
                "stage": "phragmen",
                "supporters": prep.support_count[w],
                "load": "inf" if best[0] else to_fraction(best[1]),
                "cost": to_fraction(prep.cost[w]),
            },
        )
        # The supporters of w now carry load best[1]: move them to the class (w, weight).
        load = best[1] if best[0] == 0 else Q(0)
        sw = sup.supporters[w]
        if len(sw) == 0:
            continue
        old = cls[sw]
        remap = {int(c): class_id(w, load, cls_omega[int(c)]) for c in np.unique(old)}
        if len(cls_load) > cnt.shape[1]:
            grown = np.zeros((P, max(len(cls_load), cnt.shape[1] * 2)), dtype=np.float64)
            grown[:, : cnt.shape[1]] = cnt
            cnt = grown
        is_sw = np.zeros(sup.n_groups, dtype=bool)
        is_sw[sw] = True
        ent = np.flatnonzero(is_sw[sup.entry_group])
        eg = sup.entry_group[ent]
        ncls = cnt.shape[1]
        delta = np.bincount(
            cls[eg] * P + sup.entry_project[ent], weights=sup.count[eg], minlength=ncls * P
        ).reshape(ncls, P)
        lut = np.arange(ncls, dtype=np.int64)
        for c_old, c_new in remap.items():
            if c_new != c_old:
                cnt[:, c_old] -= delta[c_old]
                cnt[:, c_new] += delta[c_old]
            lut[c_old] = c_new
        cls[sw] = lut[old]

    for p in remaining:
        run.decisions[p] = Decision(
            prep.ids[p],
            False,
            "phragmen_stopped",
            round=stop["round"] if stop else None,
            figures={
                "stage": "phragmen",
                "supporters": prep.support_count[p],
                "cost": to_fraction(prep.cost[p]),
                **(stop or {}),
            },
        )
    run.details = {"rounds": rnd, "stop": stop}
    return run
