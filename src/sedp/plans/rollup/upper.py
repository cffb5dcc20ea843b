"""What an upper plan (a province's, or a legacy district's) is made of: the priority activities of the communes
under its unit, each with the village needs it came from — so a province activity is traceable to a buôn's
meeting. One function over the tree: a district reads its communes, a province its communes directly (two-tier)
or through its districts (legacy); the same few queries whatever the number of communes.

A commune's activities are read from its latest adopted (or approved, or submitted) plan for the year: such a
version is locked, so its rows are what it sent up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sedp.needs.models import Need
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import PUBLIC_STATES, Activity, Kind, NeedLink, Plan


@dataclass
class ChildActivity:
    """A commune's activity as the upper level sees it."""

    activity: Activity
    commune: Unit
    district: Unit | None  # the legacy district it sits in, if any
    needs: list[Need] = field(default_factory=list)  # the village needs it came from, each with .unit

    @property
    def villages(self) -> list[Unit]:
        seen: dict[int, Unit] = {}
        for n in self.needs:
            if n.unit.level == Level.VILLAGE:
                seen.setdefault(n.unit_id, n.unit)
        return list(seen.values())

    @property
    def cost(self) -> int:
        return self.activity.cost or 0

    @property
    def contribution(self) -> int:
        return self.activity.contribution_value or 0

    @property
    def public_cost(self) -> int:
        """What the public sources must pay: the cost less the people's contribution."""
        return max(self.cost - self.contribution, 0)


def communes_under(unit: Unit):
    """The communes under `unit` (itself when it is one), of its structure (legacy or current)."""
    return Unit.objects.subtree(unit).filter(level=Level.COMMUNE, is_legacy=unit.is_legacy)


def commune_plans(unit: Unit, year: int) -> dict[int, Plan]:
    """Each commune's latest public annual plan for `year`, by commune id (their frozen snapshots left unread)."""
    plans = (
        Plan.objects.filter(
            unit__in=communes_under(unit),
            kind=Kind.COMMUNE_ANNUAL,
            year_from=year,
            state__in=PUBLIC_STATES,
        )
        .defer("snapshot", "unit__extra", "unit__parent__extra")
        .select_related("unit__parent")
        .order_by("unit_id", "-version")
    )
    latest: dict[int, Plan] = {}
    for p in plans:
        latest.setdefault(p.unit_id, p)
    return latest


def child_activities(plan: Plan, *, plans: dict[int, Plan] | None = None) -> list[ChildActivity]:
    """The activities of the communes' plans under `plan`'s unit for its year, in commune then plan order, each
    with its village needs ordered by village name. Four queries; the activity–need pairs are read as plain
    tuples (a merged province has some 3,000 activities and 12,000 needs: Django's prefetch machinery would take
    twice as long to build the same lists)."""
    plans = commune_plans(plan.unit, plan.year_from) if plans is None else plans
    ids = [p.pk for p in plans.values()]
    activities = list(
        Activity.objects.filter(plan_id__in=ids)
        .select_related("sector")
        .order_by("plan__unit__path", "order", "id")
    )
    pairs = list(
        NeedLink.activities.through.objects.filter(activity__plan_id__in=ids).values_list(
            "activity_id", "needlink__need_id"
        )
    )
    needs = {
        n.pk: n
        for n in Need.objects.filter(pk__in={n for _a, n in pairs} or [0])
        .select_related("unit", "sector")
        .defer("unit__extra")
    }
    by_activity: dict[int, list[Need]] = {}
    for a, n in pairs:
        by_activity.setdefault(a, []).append(needs[n])
    by_plan = {p.pk: p for p in plans.values()}
    out = []
    for a in activities:
        commune = by_plan[a.plan_id].unit
        district = commune.parent if commune.parent and commune.parent.level == Level.DISTRICT else None
        linked = sorted(by_activity.get(a.pk, []), key=lambda n: (n.unit.name, n.pk))
        out.append(ChildActivity(a, commune, district, linked))
    return out


# ---------------------------------------------------------------------------------------------------------------
# The activities page: a summary by sector, and one page of activities at a time
# ---------------------------------------------------------------------------------------------------------------

PER_PAGE = 50


@dataclass
class SectorTotal:
    sector_id: int | None
    name: str
    count: int
    cost: int
    contribution: int


@dataclass
class ActivityPage:
    """What the upper plan's activities page shows: the totals by sector of every activity the filters keep, and
    one page of them (in sector, then commune, then the commune's own order) with the village needs each came
    from. The same handful of queries at 3 communes or 150."""

    plans: dict[int, Plan]
    sectors: list[SectorTotal]
    page: object  # django.core.paginator.Page of ChildActivity
    sector: int | None = None
    unit: Unit | None = None

    @property
    def total(self) -> SectorTotal:
        return SectorTotal(
            None,
            "",
            sum(s.count for s in self.sectors),
            sum(s.cost for s in self.sectors),
            sum(s.contribution for s in self.sectors),
        )


def activity_page(
    plan: Plan,
    *,
    sector: int | None = None,
    unit: Unit | None = None,
    page: int | str | None = 1,
    per_page: int = PER_PAGE,
    plans: dict[int, Plan] | None = None,
) -> ActivityPage:
    """One page of the communes' activities under `plan`'s unit, filtered by sector and by a unit below it (a
    district or commune), with the totals by sector of everything the filters keep."""
    from django.core.paginator import Paginator
    from django.db.models import Count, Sum

    plans = commune_plans(plan.unit, plan.year_from) if plans is None else plans
    kept = [p for p in plans.values() if unit is None or p.unit.path.startswith(unit.path)]
    activities = Activity.objects.filter(plan_id__in=[p.pk for p in kept])
    if sector is not None:
        activities = activities.filter(sector_id=sector)
    sums = (
        activities.values("sector_id", "sector__name")
        .annotate(n=Count("id"), cost=Sum("cost"), contribution=Sum("contribution_value"))
        .order_by("sector__order", "sector__name")
    )
    sectors = [
        SectorTotal(r["sector_id"], r["sector__name"] or "", r["n"], r["cost"] or 0, r["contribution"] or 0)
        for r in sums
    ]
    links = NeedLink.objects.select_related("need__unit").order_by("need__unit__name", "need_id")
    ordered = (
        activities.select_related("sector")
        .prefetch_related(Prefetch("need_links", queryset=links))
        .order_by("sector__order", "sector__name", "plan__unit__path", "order", "id")
    )
    paginator = Paginator(ordered, per_page)
    paginator.count = sum(s.count for s in sectors)  # known from the sums: no COUNT query
    current = paginator.get_page(page)
    by_plan = {p.pk: p for p in kept}
    rows = []
    for a in current.object_list:
        commune = by_plan[a.plan_id].unit
        district = commune.parent if commune.parent and commune.parent.level == Level.DISTRICT else None
        rows.append(ChildActivity(a, commune, district, [link.need for link in a.need_links.all()]))
    current.object_list = rows
    return ActivityPage(plans, sectors, current, sector, unit)
