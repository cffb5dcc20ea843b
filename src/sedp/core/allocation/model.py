"""The input and output model of the allocation engine: plain frozen dataclasses, no Django.

* :class:`Project` — a candidate activity (id, cost, unit, sector, type, flags, village, people's contribution).
* :class:`Source` — a funding source (amount and eligibility).
* :class:`BallotGroup` / :class:`Profile` — the preferences: identical ballots are stored once with a count, which is
  what makes 131,778 choose-1 ballots cost no more than 197 (approvals, points or ranks; optional voter labels).
* :class:`Election` — everything a rule needs.
* :class:`Decision` / :class:`Outcome` — what was funded, from which source, and why (explanations in vi and en).

Money is exact (``fractions.Fraction``). Project ids are strings and stay strings: ties are broken by the id as a
string, so "10" comes before "2", exactly like the reference implementation (pabutools).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

# Flags understood by the process rule (free-form flags are allowed too).
POVERTY = "poverty"
ETHNIC_MINORITY = "ethnic_minority"
# Activity types (source 001): technical and public-service support vs construction.
TECHNICAL = "technical"
SERVICE = "service"
CONSTRUCTION = "construction"


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key for 'natural' order: '2' < '10' < 'a2' < 'a10' (used for printing, never for tie-breaking)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part
    )


@dataclass(frozen=True)
class Project:
    """A candidate activity.

    ``cost`` is the full cost; ``contribution`` is what the people contribute (land, money, labour, materials valued
    in money), so the public sources pay ``public_cost = cost - contribution``. ``village_rank`` is the position of
    the activity in its village's own priority list (1 = first), used by the process rule.
    """

    id: str
    cost: Fraction
    name: str = ""
    unit: str = ""
    sector: str = ""
    kind: str = ""
    village: str | None = None
    village_rank: int | None = None
    flags: frozenset[str] = frozenset()
    contribution: Fraction = Fraction(0)
    meta: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def public_cost(self) -> Fraction:
        return max(Fraction(0), self.cost - self.contribution)


@dataclass(frozen=True)
class Source:
    """A funding source with an amount and an eligibility rule.

    Eligibility: each non-empty set restricts which activities the source may pay for (an activity must match every
    given restriction). ``priority`` orders the sources when several could pay (lower first).
    """

    id: str
    amount: Fraction
    name: str = ""
    sectors: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    flags_any: frozenset[str] = frozenset()
    villages: frozenset[str] = frozenset()
    priority: int = 0

    def eligible(self, project: Project) -> bool:
        if self.sectors and project.sector not in self.sectors:
            return False
        if self.kinds and project.kind not in self.kinds:
            return False
        if self.flags_any and not (self.flags_any & project.flags):
            return False
        if self.villages and (project.village or "") not in self.villages:
            return False
        return True


@dataclass(frozen=True)
class BallotGroup:
    """``count`` identical ballots.

    ``items`` are project indices (into ``Election.projects``): the approved set for approval / choose-1 ballots
    (sorted), the scored projects for cumulative / scoring ballots (with ``scores`` alongside), the ranking for
    ordinal ballots (best first). ``labels`` holds the voters' label values, aligned with ``Profile.label_keys``
    (``None`` when unknown). An empty ``items`` is an empty ballot: it still counts as a voter.
    """

    items: tuple[int, ...]
    count: int
    scores: tuple[Fraction, ...] | None = None
    labels: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class Profile:
    """All ballots of an election, grouped."""

    vote_type: str  # approval | choose-1 | cumulative | scoring | ordinal
    groups: tuple[BallotGroup, ...]
    label_keys: tuple[str, ...] = ()

    @property
    def n_voters(self) -> int:
        return sum(g.count for g in self.groups)


@dataclass(frozen=True)
class Election:
    """An allocation problem: projects, a budget (or several sources) and the voters' preferences."""

    projects: tuple[Project, ...]
    budget: Fraction
    profile: Profile
    unit: str = "đ"
    sources: tuple[Source, ...] = ()
    meta: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.projects)}


def election_from_approvals(
    projects: Sequence[Project],
    budget: Fraction | int,
    ballots: Sequence[Sequence[str]],
    *,
    labels: Sequence[Mapping[str, str]] | None = None,
    unit: str = "đ",
    sources: Sequence[Source] = (),
    vote_type: str = "approval",
) -> Election:
    """Convenience constructor: one approval ballot (list of project ids) per voter, optional labels per voter."""
    idx = {p.id: i for i, p in enumerate(projects)}
    keys: tuple[str, ...] = tuple(sorted({k for lab in labels or () for k in lab}))
    counts: dict[tuple[tuple[int, ...], tuple[str | None, ...]], int] = {}
    for n, ballot in enumerate(ballots):
        items = tuple(sorted({idx[b] for b in ballot}))
        lab = tuple((labels[n].get(k) if labels else None) for k in keys)
        counts[(items, lab)] = counts.get((items, lab), 0) + 1
    groups = tuple(BallotGroup(items=i, count=c, labels=lab) for (i, lab), c in counts.items())
    return Election(
        projects=tuple(projects),
        budget=Fraction(budget),
        profile=Profile(vote_type, groups, keys),
        unit=unit,
        sources=tuple(sources),
    )


@dataclass(frozen=True)
class Decision:
    """Why one project was or was not funded. ``reason`` is a stable code; ``figures`` hold the numbers the
    explanation cites (see :mod:`sedp.core.allocation.explain`)."""

    project_id: str
    funded: bool
    reason: str
    round: int | None = None
    figures: Mapping[str, Any] = field(default_factory=dict)
    sources: tuple[tuple[str, Fraction], ...] = ()


@dataclass(frozen=True)
class GroupReport:
    """Satisfaction of one labelled group of voters (e.g. all women)."""

    key: str
    value: str
    voters: int
    weight_share: Fraction
    with_funded: Fraction  # share of the group's voters with at least one funded project they supported
    funded_share: Fraction  # average share of a voter's supported projects that were funded
    money_per_voter: Fraction  # average cost of the funded projects a voter supported (Cost_Sat)


@dataclass(frozen=True)
class SourceReport:
    id: str
    name: str
    amount: Fraction
    spent: Fraction
    projects: tuple[tuple[str, Fraction], ...]

    @property
    def left(self) -> Fraction:
        return self.amount - self.spent


@dataclass(frozen=True)
class Outcome:
    """The result of a rule: the selected projects (in selection order), one decision per project, the use of each
    source and, for the group-fair option, each group's satisfaction."""

    rule: str
    selected: tuple[str, ...]
    decisions: Mapping[str, Decision]
    budget: Fraction
    spent: Fraction
    unit: str = "đ"
    sources: tuple[SourceReport, ...] = ()
    groups: tuple[GroupReport, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def left(self) -> Fraction:
        return self.budget - self.spent

    def selected_natural(self) -> list[str]:
        return sorted(self.selected, key=natural_key)
