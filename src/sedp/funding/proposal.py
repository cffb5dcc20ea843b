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
  ties between villages);
* needs the team merged into one activity of the plan (or included into the same activity) are one project: the
  activity's cost and contribution, the priority flags of all their villages, and the place of the best-ranked of
  them in its village's list — a merged group is funded or not as one activity.

Nothing is saved: `propose` returns the engine's decisions with their explanations in plain Vietnamese and English
(`explain_plain`: what a village head can repeat, no rounds or rule names), and the page lets the team apply them
(funded → included; not funded → postponed, with the Vietnamese sentence as the reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction

from sedp.core.allocation import (
    Decision,
    ProcessOptions,
    Project,
    allocate,
    election_from_approvals,
    explain_plain,
)
from sedp.core.allocation.model import CONSTRUCTION, ETHNIC_MINORITY, POVERTY, SERVICE
from sedp.plans.models import Activity, Fate, Kind, NeedLink, Part, Plan, PlanItem, State

ETHNIC_MAJORITY_SHARE = 50


@dataclass(frozen=True)
class Proposal:
    """One line of the proposal: a village's Part 2 activity, or a group of them merged into one activity of the
    plan (funded or not as one)."""

    items: tuple[
        PlanItem, ...
    ]  # the villages' Part 2 lines: need, village, rank (several for a merged group)
    decision: Decision
    text_vi: str
    text_en: str
    public_cost: int  # what the commune pays: the cost less the people's contribution
    activity: Activity | None = None  # the plan's activity a merged group became

    @property
    def item(self) -> PlanItem:
        return self.items[0]

    @property
    def funded(self) -> bool:
        return self.decision.funded

    @property
    def villages(self) -> str:
        return ", ".join(dict.fromkeys(i.plan.unit.name for i in self.items))


def merged_groups(plan, items: list[PlanItem]) -> dict[int, Activity]:
    """Need id → the activity it shares with other needs of the proposal (merged, or included into one activity):
    such needs are one project of the budget, funded or not together."""
    if plan.pk is None:  # a plan not saved yet has decided nothing
        return {}
    need_ids = [i.need_id for i in items]
    links = (
        NeedLink.objects.filter(plan=plan, need_id__in=need_ids, fate__in=(Fate.MERGED, Fate.INCLUDED))
        .prefetch_related("activities")
        .order_by("pk")
    )
    by_need: dict[int, Activity] = {}
    for link in links:
        activities = list(link.activities.all())
        if len(activities) == 1:  # a need split into several activities stays itself
            by_need[link.need_id] = activities[0]
    members: dict[int, int] = {}
    for a in by_need.values():
        members[a.pk] = members.get(a.pk, 0) + 1
    return {n: a for n, a in by_need.items() if members[a.pk] > 1}


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
    """Run the process rule with `budget` (đ) over the villages' Part 2 activities, in village order. Needs merged
    into one activity of the plan are one project: the activity's cost, all members' villages' priority flags,
    and the place of its best-ranked member in that member's village's list."""
    items = part2_items(plan)
    if not items:
        return []
    commune_rate = _rate(plan.unit.poor_households, plan.unit.households)
    if commune_rate is None:
        units = {i.plan.unit_id: i.plan.unit for i in items}.values()
        commune_rate = _rate(
            sum(u.poor_households or 0 for u in units), sum(u.households or 0 for u in units)
        )
    village_rank: dict[int, int] = {}
    ranked = []
    for item in items:
        village_rank[item.plan.unit_id] = village_rank.get(item.plan.unit_id, 0) + 1
        ranked.append((item, village_rank[item.plan.unit_id]))

    def flags_of(unit) -> set[str]:
        flags = set()
        if unit.ethnic_minority_share is not None and unit.ethnic_minority_share > ETHNIC_MAJORITY_SHARE:
            flags.add(ETHNIC_MINORITY)
        rate = _rate(unit.poor_households, unit.households)
        if rate is not None and commune_rate is not None and rate > commune_rate:
            flags.add(POVERTY)
        return flags

    groups = merged_groups(plan, items)
    members: dict[str, list[tuple[PlanItem, int]]] = {}
    for item, rank in ranked:
        activity = groups.get(item.need_id)
        members.setdefault(f"a{activity.pk}" if activity else str(item.need_id), []).append((item, rank))
    projects, lines = [], []
    for pid, group in members.items():
        activity = groups.get(group[0][0].need_id)
        best, rank = min(group, key=lambda g: g[1])  # the group takes its best-ranked member's place
        needs = [i.need for i, _rank in group]
        if activity is not None:
            cost = activity.cost if activity.cost is not None else sum(n.estimated_cost or 0 for n in needs)
            value = activity.contribution_value
            contribution = value if value is not None else sum(n.contribution_value for n in needs)
        else:
            cost, contribution = needs[0].estimated_cost or 0, needs[0].contribution_value
        flags = set().union(*(flags_of(i.plan.unit) for i, _rank in group))
        projects.append(
            Project(
                id=pid,
                cost=Fraction(cost),
                name=activity.title if activity else needs[0].title,
                kind=SERVICE if any(n.kind == "service" for n in needs) else CONSTRUCTION,
                village=str(best.plan.unit_id),
                village_rank=rank,
                flags=frozenset(flags),
                contribution=Fraction(contribution),
            )
        )
        lines.append((tuple(i for i, _rank in group), activity, max(0, int(cost) - int(contribution))))
    ballots: dict[str, list[str]] = {}
    for p in projects:
        ballots.setdefault(p.village or "", []).append(p.id)
    election = election_from_approvals(projects, budget, list(ballots.values()))

    outcome = allocate(election, "process", process_options=ProcessOptions(cap=cap))
    out = []
    for project, (group_items, activity, public_cost) in zip(projects, lines, strict=True):
        d = outcome.decisions[project.id]
        out.append(
            Proposal(group_items, d, explain_plain(d, "vi"), explain_plain(d, "en"), public_cost, activity)
        )
    return out


def commune_budget_name(unit) -> str:
    """The source a commune budget proposal funds from, as the plan writes it: "Ngân sách xã", "Ngân sách phường"."""
    return f"Ngân sách {unit.get_kind_display() or 'xã'}"


def apply(plan, proposals: list[Proposal], *, actor) -> int:
    """Decide the needs the proposal covers that have no fate yet: funded → included (an activity each), not funded
    → postponed to the next year, the engine's explanation as the reason. Earlier decisions are kept. Returns how
    many needs were decided."""
    from sedp.plans.rollup import fates as tracing

    count = 0
    with transaction.atomic():
        # What is already decided is read under the plan's lock, as every decision takes it first: a need decided
        # by someone while the proposal was computed is not decided again, nor by a second click on "apply".
        Plan.objects.select_for_update().get(pk=plan.pk)
        decided = set(NeedLink.objects.filter(plan=plan).values_list("need_id", flat=True))
        for p in proposals:
            for item in p.items:
                if item.need_id in decided:
                    continue
                if p.funded:
                    link = tracing.include(plan, item.need, actor=actor, activity=p.activity)
                    # Funded by this proposal: the commune's own budget pays, and the document says so (an
                    # activity the team already gave a source keeps it).
                    link.activities.filter(funding_source="").update(
                        funding_source=commune_budget_name(plan.unit)
                    )
                else:
                    tracing.postpone(
                        plan,
                        item.need,
                        actor=actor,
                        reason=f"{p.text_vi}.",  # the plan's own text, read out to the village
                        year=plan.year_from + 1,
                    )
                count += 1
    return count
