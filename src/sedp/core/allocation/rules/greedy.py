"""Greedy utilitarian rule: most supported first, skipping what does not fit.

Exactly the reference ``greedy_utilitarian_welfare`` with ``Cost_Sat`` satisfaction (pabutools 1.2.3):

* a project's score is its satisfaction per unit of cost; with ``Cost_Sat`` (satisfaction = the cost of the funded
  projects a voter supports) that is simply its number of supporters (weighted, under the group-fair option);
  points on cumulative ballots are ignored, as in the reference;
* projects are ordered once by score, highest first, ties by the project id *as a string* ("10" < "2");
  a supported project costing 0 comes first (infinite score), an unsupported one last (score 0);
* the list is walked once: a project is funded when its cost fits in the money left, otherwise skipped
  (the walk does not stop at the first project that does not fit).

With several sources the "fit" test is done by the funding :class:`~sedp.core.allocation.funding.Ledger`
(eligible sources only).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from .._num import INF, to_fraction
from ..funding import Ledger
from ..model import Decision
from ._common import Prepared, RuleRun


def greedy_order(prep: Prepared, exclude: Iterable[int] = ()) -> list[tuple[int, Any]]:
    """Projects (not in ``exclude``) with their score, in the order greedy considers them."""
    skip = set(exclude)
    scored: list[tuple[int, Any]] = []
    for p in range(len(prep.ids)):
        if p in skip:
            continue
        sw = prep.support_weight[p]
        if sw > 0:
            # Cost_Sat: total satisfaction / cost = (supporters x cost) / cost = supporters.
            score: Any = sw if prep.cost[p] > 0 else INF
        else:
            score = 0
        scored.append((p, score))
    scored.sort(key=lambda t: (-t[1], prep.ids[t[0]]))
    return scored


def greedy(
    prep: Prepared,
    ledger: Ledger,
    *,
    initial: Iterable[int] = (),
    stage: str = "greedy",
    first_round: int = 1,
) -> RuleRun:
    """Run greedy on ``prep`` charging ``ledger``; ``initial`` projects are already funded (and already charged)."""
    run = RuleRun()
    done = set(initial)
    step = 0
    for p, score in greedy_order(prep, done):
        step += 1
        available = ledger.available(p)
        if ledger.fund(p) is not None:
            run.selected.append(p)
            run.decisions[p] = Decision(
                prep.ids[p],
                True,
                "funded" if score != 0 else "funded_unsupported",
                round=first_round - 1 + step,
                figures={
                    "stage": stage,
                    "supporters": prep.support_count[p],
                    "score": _num(score),
                    "cost": to_fraction(ledger.costs[p]),
                    "left_after": to_fraction(ledger.available(p)),
                    "step": step,
                },
            )
        else:
            run.decisions[p] = Decision(
                prep.ids[p],
                False,
                "over_budget",
                round=first_round - 1 + step,
                figures={
                    "stage": stage,
                    "supporters": prep.support_count[p],
                    "left": to_fraction(available),
                    "cost": to_fraction(ledger.costs[p]),
                    "step": step,
                },
            )
    return run


def _num(x: Any) -> Any:
    if x is INF:
        return "inf"
    return to_fraction(x) if not isinstance(x, int | Fraction) else x
