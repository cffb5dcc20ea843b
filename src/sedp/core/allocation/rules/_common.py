"""What every rule shares: the preferences prepared once for fast exact computation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .._num import Q
from ..model import Decision, Election


@dataclass
class Prepared:
    """Supporters per project, counted per ballot group; money and weights as exact rationals.

    A voter *supports* a project when it appears on their ballot (approved, given points — even 0 — or ranked), which
    is what the reference's ``Cost_Sat`` satisfaction counts. ``omega[g]`` is the weight of one voter of group ``g``
    (1 unless the group-fair option rescales it).
    """

    election: Election
    ids: list[str]
    cost: list[Any]  # exact (mpq or Fraction), the cost the rule must cover
    items: list[tuple[int, ...]]
    count: list[int]
    omega: list[Any]
    supporters: list[list[int]]
    support_count: list[int]
    support_weight: list[Any]
    n_voters: int
    total_weight: Any
    weighted: bool

    def order_key(self, p: int) -> str:
        return self.ids[p]


def prepare(
    election: Election, weights: Sequence[Fraction] | None = None, costs: Sequence[Fraction] | None = None
) -> Prepared:
    prof = election.profile
    n = len(election.projects)
    items = [g.items for g in prof.groups]
    count = [g.count for g in prof.groups]
    weighted = weights is not None
    omega = [Q(w) for w in weights] if weights is not None else [1] * len(items)
    supporters: list[list[int]] = [[] for _ in range(n)]
    support_count = [0] * n
    support_weight: list[Any] = [0] * n
    for gi, its in enumerate(items):
        c = count[gi]
        wgt = c * omega[gi]
        for p in its:
            supporters[p].append(gi)
            support_count[p] += c
            support_weight[p] += wgt
    cost_src = costs if costs is not None else [p.cost for p in election.projects]
    return Prepared(
        election=election,
        ids=[p.id for p in election.projects],
        cost=[Q(c) for c in cost_src],
        items=items,
        count=count,
        omega=omega,
        supporters=supporters,
        support_count=support_count,
        support_weight=[Q(w) for w in support_weight],
        n_voters=sum(count),
        total_weight=Q(sum(c * w for c, w in zip(count, omega, strict=True))),
        weighted=weighted,
    )


@dataclass
class RuleRun:
    """Raw result of a rule: selected project indices in selection order and a decision per project index."""

    selected: list[int] = field(default_factory=list)
    decisions: dict[int, Decision] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
