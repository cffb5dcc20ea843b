"""What an integration runs on, read from the database into the pure core's terms: the year's funding sources of
the plan's unit (`sedp.core.funding.FundingSource`) and the communes' priority activities under it
(`sedp.core.funding.Activity`, from `sedp.plans.rollup.upper.child_activities`).

An activity of a commune's plan becomes one core activity:

* its **village** is the (first) village of the needs it came from; an activity made from no village need is
  commune-wide (no village, so no per-village cap);
* its **ranks**: in the village's list, the rank the village gave its need in its adopted plan; in the commune's
  list, its place in the commune plan's order;
* its **type** is technical and service support when one of its needs is a service need, else construction;
* its **targeting**, as the commune budget proposal (`sedp.funding.proposal`) reads it: *ethnic minority* when
  most of the village's people belong to ethnic minorities (> 50 %), *poverty* when the village's poverty rate is
  above its commune's (a commune-wide activity: the commune's against the upper unit's);
* its **cost** and the **people's contribution** valued in money, as the commune wrote them. An activity without a
  cost cannot be weighed against the money and is left out (the page lists it).

Ids are the database keys as strings: activity, source, village and commune ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from sedp.core import funding as core
from sedp.needs.models import NeedKind
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import NeedLink
from sedp.plans.rollup.upper import ChildActivity, child_activities

from .models import FundingSource
from .proposal import ETHNIC_MAJORITY_SHARE


def paying_order(source: FundingSource) -> tuple[int, int]:
    """Where a source stands in the order the sources pay (its own order if set, else its kind's)."""
    kind = core.KIND_ORDER.index(core.SourceKind(source.kind))
    return (source.priority if source.priority is not None else kind, source.pk or 0)


def sources_of(unit, year: int) -> list[FundingSource]:
    """The year's sources at `unit`, with their eligibility lists, in the order they pay."""
    sources = FundingSource.objects.filter(unit=unit, year=year).prefetch_related(
        "sectors", "earmarked_units"
    )
    return sorted(sources, key=paying_order)


def core_sources(sources: Iterable[FundingSource]) -> list[core.FundingSource]:
    """The core's view of the sources. A source earmarked for a legacy district pays that district's communes."""
    sources = list(sources)
    districts = {u.pk for s in sources for u in s.earmarked_units.all() if u.level == Level.DISTRICT}
    communes_of: dict[int, list[int]] = {}
    if districts:
        for pk, parent in Unit.objects.filter(parent_id__in=districts, level=Level.COMMUNE).values_list(
            "pk", "parent_id"
        ):
            communes_of.setdefault(parent, []).append(pk)
    out = []
    for s in sources:
        units: set[str] = set()
        for u in s.earmarked_units.all():
            units.add(str(u.pk))
            units.update(str(c) for c in communes_of.get(u.pk, ()))
        targeting = set()
        if s.targets_poverty:
            targeting.add(core.Targeting.POVERTY)
        if s.targets_ethnic_minority:
            targeting.add(core.Targeting.ETHNIC_MINORITY)
        out.append(
            core.FundingSource(
                id=str(s.pk),
                kind=core.SourceKind(s.kind),
                amount=s.amount,
                name=s.name,
                sectors=frozenset(str(x.pk) for x in s.sectors.all()),
                activity_types=frozenset({core.ActivityType(s.activity_type)} if s.activity_type else ()),
                units=frozenset(units),
                targeting=frozenset(targeting),
                min_per_activity=s.min_per_activity,
                max_per_activity=s.max_per_activity,
                counterpart_share=Fraction(s.counterpart_percent or 0) / 100,
                priority=s.priority,
            )
        )
    return out


def _rate(poor, households) -> Fraction | None:
    return Fraction(poor, households) if households and poor is not None else None


def _ethnic(unit) -> bool:
    share = unit.ethnic_minority_share
    return share is not None and share > ETHNIC_MAJORITY_SHARE


def core_activities(plan, children: list[ChildActivity] | None = None):
    """(the core activities of the communes under `plan`'s unit, the child activities left out for want of a
    cost). Two queries on top of `child_activities`."""
    children = child_activities(plan) if children is None else children
    plan_ids = {c.activity.plan_id for c in children}
    ranks: dict[tuple[int, int], int] = {}
    for plan_id, need_id, rank in NeedLink.objects.filter(plan_id__in=plan_ids).values_list(
        "plan_id", "need_id", "item__rank"
    ):
        if rank is not None:
            ranks[(plan_id, need_id)] = rank

    # Each commune's poverty rate: its own figures, else those of its villages that reached this plan.
    villages_of: dict[int, dict[int, Unit]] = {}
    for c in children:
        for v in c.villages:
            villages_of.setdefault(c.commune.pk, {})[v.pk] = v
    commune_rate: dict[int, Fraction | None] = {}
    for c in children:
        if c.commune.pk in commune_rate:
            continue
        rate = _rate(c.commune.poor_households, c.commune.households)
        if rate is None:
            vs = villages_of.get(c.commune.pk, {}).values()
            rate = _rate(sum(v.poor_households or 0 for v in vs), sum(v.households or 0 for v in vs))
        commune_rate[c.commune.pk] = rate
    upper_rate = _rate(plan.unit.poor_households, plan.unit.households)
    if upper_rate is None:
        communes = {c.commune.pk: c.commune for c in children}.values()
        upper_rate = _rate(
            sum(u.poor_households or 0 for u in communes), sum(u.households or 0 for u in communes)
        )

    def poorer(unit, than) -> bool:
        rate = _rate(unit.poor_households, unit.households)
        return rate is not None and than is not None and rate > than

    out: list[core.Activity] = []
    skipped: list[ChildActivity] = []
    commune_order: dict[int, int] = {}
    for c in children:
        a = c.activity
        commune_order[c.commune.pk] = commune_order.get(c.commune.pk, 0) + 1
        if a.cost is None:
            skipped.append(c)
            continue
        villages = c.villages
        village = villages[0] if villages else None
        if villages:
            poverty = any(poorer(v, commune_rate[c.commune.pk]) for v in villages)
            ethnic = any(_ethnic(v) for v in villages)
            own = [ranks.get((a.plan_id, n.pk)) for n in c.needs if n.unit_id == village.pk]
            own = [r for r in own if r is not None]
            village_rank = min(own) if own else None
        else:
            poverty = poorer(c.commune, upper_rate)
            ethnic = _ethnic(c.commune)
            village_rank = None
        sector = a.sector_id or next((n.sector_id for n in c.needs if n.sector_id), None)
        service = any(n.kind == NeedKind.SERVICE for n in c.needs)
        out.append(
            core.Activity(
                id=str(a.pk),
                cost=a.cost,
                name=a.title,
                contribution=a.contribution_value or 0,
                sector=str(sector) if sector else "",
                type=core.ActivityType.TECHNICAL_SERVICE if service else core.ActivityType.CONSTRUCTION,
                village=str(village.pk) if village else None,
                commune=str(c.commune.pk),
                village_rank=village_rank,
                commune_rank=commune_order[c.commune.pk],
                poverty=poverty,
                ethnic_minority=ethnic,
                village_name=village.name if village else "",
                commune_name=c.commune.name,
            )
        )
    return out, skipped
