"""Which villages' Part 2 activities the commune budget can fund: the allocation engine's process rule (source 001)
run over a commune plan's villages, as a proposal the planning team reviews before deciding each need's fate.

Source 001: the commune takes the villages' Part 2 activities in each village's own priority order, funds at most
2 per village and at least 1 per village when the budget allows, and favours poverty reduction, ethnic-minority
groups and technical or public-service activities. Here:

* a project is a Part 2 activity of a village's adopted annual plan for the plan year (its cost less the people's
  contribution is what the commune pays), ranked as the village ranked it within Part 2;
* flags: *ethnic minority* when most of the village's people belong to ethnic minorities (share > 50 %),
  *poverty* when the village's poverty rate is above the commune's; the kind (service / construction) is the need's;
* support: each village's plan is one ballot for its Part 2 activities (the process rule uses support only to break
  ties between villages).

Nothing is saved: `propose` returns the engine's decisions with their explanations in Vietnamese and English, and
the page lets the team apply them (funded → included; not funded → postponed, with the explanation as the reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from sedp.core.allocation import (
    Decision,
    ProcessOptions,
    Project,
    allocate,
    election_from_approvals,
    explain,
)
from sedp.core.allocation.model import CONSTRUCTION, ETHNIC_MINORITY, POVERTY, SERVICE
from sedp.plans.models import Kind, NeedLink, Part, PlanItem, State

ETHNIC_MAJORITY_SHARE = 50


@dataclass(frozen=True)
class Proposal:
    item: PlanItem  # the village plan's Part 2 line: need, village, rank
    decision: Decision
    text_vi: str
    text_en: str

    @property
    def funded(self) -> bool:
        return self.decision.funded

    @property
    def public_cost(self) -> int:
        """What the commune pays: the cost less the people's contribution."""
        need = self.item.need
        return max(0, (need.estimated_cost or 0) - need.contribution_value)


def part2_items(plan) -> list[PlanItem]:
    """The Part 2 lines of the latest adopted annual plan of each unit right under the plan's unit."""
    items = (
        PlanItem.objects.filter(
            plan__unit__parent=plan.unit,
            plan__kind=Kind.VILLAGE_ANNUAL,
            plan__year_from=plan.year_from,
            plan__state=State.ADOPTED,
            part=Part.BUDGET,
        )
        .select_related("need", "plan__unit")
        .order_by("plan__unit__name", "-plan__version", "rank")
    )
    latest: dict[int, int] = {}
    out = []
    for item in items:
        version = latest.setdefault(item.plan.unit_id, item.plan.version)
        if item.plan.version == version:
            out.append(item)
    return out


def _rate(poor, households) -> Fraction | None:
    return Fraction(poor, households) if households and poor is not None else None


def propose(plan, budget: int, *, cap: int = 2) -> list[Proposal]:
    """Run the process rule with `budget` (đ) over the villages' Part 2 activities, in village order."""
    items = part2_items(plan)
    if not items:
        return []
    commune_rate = _rate(plan.unit.poor_households, plan.unit.households)
    if commune_rate is None:
        units = {i.plan.unit_id: i.plan.unit for i in items}.values()
        commune_rate = _rate(
            sum(u.poor_households or 0 for u in units), sum(u.households or 0 for u in units)
        )
    projects = []
    village_rank: dict[int, int] = {}
    for item in items:
        unit, need = item.plan.unit, item.need
        village_rank[unit.pk] = village_rank.get(unit.pk, 0) + 1
        flags = set()
        if unit.ethnic_minority_share is not None and unit.ethnic_minority_share > ETHNIC_MAJORITY_SHARE:
            flags.add(ETHNIC_MINORITY)
        rate = _rate(unit.poor_households, unit.households)
        if rate is not None and commune_rate is not None and rate > commune_rate:
            flags.add(POVERTY)
        projects.append(
            Project(
                id=str(need.pk),
                cost=Fraction(need.estimated_cost or 0),
                name=need.title,
                kind=SERVICE if need.kind == "service" else CONSTRUCTION,
                village=str(unit.pk),
                village_rank=village_rank[unit.pk],
                flags=frozenset(flags),
                contribution=Fraction(need.contribution_value),
            )
        )
    ballots: dict[str, list[str]] = {}
    for p in projects:
        ballots.setdefault(p.village or "", []).append(p.id)
    election = election_from_approvals(projects, budget, list(ballots.values()))

    outcome = allocate(election, "process", process_options=ProcessOptions(cap=cap))
    return [
        Proposal(
            item,
            outcome.decisions[str(item.need_id)],
            explain(outcome.decisions[str(item.need_id)], "vi"),
            explain(outcome.decisions[str(item.need_id)], "en"),
        )
        for item in items
    ]


def apply(plan, proposals: list[Proposal], *, actor) -> int:
    """Decide the needs the proposal covers that have no fate yet: funded → included (an activity each), not funded
    → postponed to the next year, the engine's explanation as the reason. Earlier decisions are kept. Returns how
    many needs were decided."""
    from sedp.plans.rollup import fates as tracing

    decided = set(NeedLink.objects.filter(plan=plan).values_list("need_id", flat=True))
    count = 0
    with transaction.atomic():
        for p in proposals:
            if p.item.need_id in decided:
                continue
            if p.funded:
                tracing.include(plan, p.item.need, actor=actor)
            else:
                tracing.postpone(
                    plan,
                    p.item.need,
                    actor=actor,
                    reason=_("Commune budget proposal: %(why)s.") % {"why": p.text_vi},
                    year=plan.year_from + 1,
                )
            count += 1
    return count
