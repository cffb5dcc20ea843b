"""Several funding sources: which source pays for which selected activity.

Each activity needs its *public cost*: its cost minus the people's contribution. A :class:`Ledger` keeps, per
source, the amount left, and funds an activity only from the sources it is eligible for:

1. sources are tried in the order (priority, declaration order);
2. if one eligible source can pay the whole public cost, the first such source pays it all (one activity, one
   source, as in a plan form);
3. otherwise the eligible sources are combined in that order (the last one pays the remainder);
4. if all eligible sources together cannot pay, the activity is not funded and the ledger is left untouched.

Without declared sources the election's budget is a single source "budget" open to every activity, and funding an
activity is just "public cost <= money left", which is exactly what the reference rules do.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ._num import Q, to_fraction
from .model import Election, Source, SourceReport

DEFAULT_SOURCE = "budget"


class Ledger:
    """Money left per source, and the projects each source paid for."""

    def __init__(self, election: Election, costs: Sequence[Any] | None = None, budget: Any = None) -> None:
        self.election = election
        sources = election.sources or (
            Source(id=DEFAULT_SOURCE, amount=to_fraction(budget if budget is not None else election.budget)),
        )
        order = sorted(range(len(sources)), key=lambda i: (sources[i].priority, i))
        self.sources: list[Source] = [sources[i] for i in order]
        self.left: list[Any] = [Q(s.amount) for s in self.sources]
        self.costs = (
            [Q(c) for c in costs] if costs is not None else [Q(p.public_cost) for p in election.projects]
        )
        self.eligible: list[list[int]] = [
            [si for si, s in enumerate(self.sources) if s.eligible(p)] for p in election.projects
        ]
        self.paid: dict[int, list[tuple[int, Any]]] = {}
        self.single = len(self.sources) == 1 and not election.sources

    def available(self, p: int) -> Any:
        """Money that could still pay for project ``p`` (sum over its eligible sources)."""
        return sum((self.left[s] for s in self.eligible[p]), Q(0))

    def total_left(self) -> Any:
        return sum(self.left, Q(0))

    def can_fund(self, p: int) -> bool:
        return self.costs[p] <= self.available(p)

    def fund(self, p: int) -> list[tuple[int, Any]] | None:
        """Charge project ``p`` to its sources; returns [(source index, amount)] or None if it cannot be paid."""
        need = self.costs[p]
        elig = self.eligible[p]
        if self.single:
            if need > self.left[0]:
                return None
            self.left[0] -= need
            self.paid[p] = [(0, need)]
            return self.paid[p]
        for s in elig:
            if self.left[s] >= need:
                self.left[s] -= need
                self.paid[p] = [(s, need)]
                return self.paid[p]
        if need > self.available(p):
            return None
        parts: list[tuple[int, Any]] = []
        for s in elig:
            take = min(self.left[s], need)
            if take > 0:
                self.left[s] -= take
                need -= take
                parts.append((s, take))
            if need == 0:
                break
        self.paid[p] = parts
        return parts

    def source_ids(self, p: int) -> tuple[tuple[str, Fraction], ...]:
        return tuple((self.sources[s].id, to_fraction(a)) for s, a in self.paid.get(p, []))

    def reports(self, ids: Sequence[str]) -> tuple[SourceReport, ...]:
        out = []
        for si, s in enumerate(self.sources):
            projects = tuple(
                (ids[p], to_fraction(a)) for p, parts in self.paid.items() for s2, a in parts if s2 == si
            )
            out.append(
                SourceReport(
                    id=s.id,
                    name=s.name,
                    amount=to_fraction(s.amount),
                    spent=to_fraction(Q(s.amount) - self.left[si]),
                    projects=projects,
                )
            )
        return tuple(out)
