"""A province with communes' adopted plans whose activities came from villages' needs, and the year's sources —
built straight in the database, as the communes would have sent them up (sedp.plans.rollup.upper reads them)."""

from __future__ import annotations

from sedp.funding.models import FundingSource
from sedp.needs.models import Need
from sedp.places.models import Unit
from sedp.plans.models import Activity, Kind, NeedLink, Plan, PlanItem, State

YEAR = 2041

# village, rank, title, kind, cost, people's contribution (the worked example of docs/funding.md)
EXAMPLE = [
    ("Buôn Ea Kmát", 1, "Bê tông hóa đường buôn", "construction", 220_000_000, 22_000_000),
    ("Buôn Ea Kmát", 2, "Giếng nước sinh hoạt", "construction", 90_000_000, 9_000_000),
    ("Buôn Kô Tam", 1, "Tập huấn chăm sóc cà phê", "service", 60_000_000, 0),
    ("Thôn 3", 1, "Sửa nhà văn hóa", "construction", 160_000_000, 10_000_000),
]


def commune_plan(commune, rows, *, year=YEAR, start=0, plan=None):
    """An adopted commune plan of `commune` (or more rows in `plan`) with one activity per row, each made from its
    village's need."""
    plan = plan or Plan.objects.create(
        unit=commune,
        kind=Kind.COMMUNE_ANNUAL,
        year_from=year,
        year_to=year,
        state=State.ADOPTED,
        locked=True,
        title=f"Kế hoạch {commune.name}",
    )
    village_plans: dict[int, Plan] = {}
    activities = []
    for n, (village_name, rank, title, kind, cost, contribution) in enumerate(rows, start=1):
        village = Unit.objects.get(parent=commune, name=village_name) if village_name else None
        activity = Activity.objects.create(
            plan=plan, title=title, cost=cost, contribution_value=contribution or None, order=start + n
        )
        activities.append(activity)
        if village is None:
            continue
        vp = (
            village_plans.get(village.pk)
            or Plan.objects.filter(unit=village, kind=Kind.VILLAGE_ANNUAL, year_from=year).first()
        )
        if vp is None:
            vp = village_plans[village.pk] = Plan.objects.create(
                unit=village,
                kind=Kind.VILLAGE_ANNUAL,
                year_from=year,
                year_to=year,
                state=State.ADOPTED,
                title=f"Kế hoạch {village.name}",
            )
        need = Need.objects.create(
            unit=village,
            code=f"F{start + n}",
            title=title,
            kind=kind,
            estimated_cost=cost,
            contribution_money=contribution or None,
        )
        item = PlanItem.objects.create(plan=vp, need=need, rank=rank, part=2)
        link = NeedLink.objects.create(plan=plan, need=need, item=item, fate="included")
        link.activities.add(activity)
    return plan, activities


def province_plan(province, *, year=YEAR):
    return Plan.objects.create(
        unit=province,
        kind=Kind.PROVINCE_ANNUAL,
        year_from=year,
        year_to=year,
        title="Kế hoạch phát triển kinh tế - xã hội tỉnh",
    )


def example_sources(province, *, year=YEAR):
    rural = FundingSource.objects.create(
        unit=province,
        year=year,
        kind="ntp_rural",
        amount=250_000_000,
        activity_type="construction",
        counterpart_percent=10,
    )
    recurrent = FundingSource.objects.create(
        unit=province, year=year, kind="recurrent", amount=100_000_000, activity_type="technical_service"
    )
    budget = FundingSource.objects.create(unit=province, year=year, kind="commune_budget", amount=100_000_000)
    return rural, recurrent, budget
