"""Fixtures of the assignment tests: Đắk Lắk's approved province plan for the year in the making, two of its
funding sources, Ea Kao's adopted commune plan with two activities funded by the integration, and a second
commune of the province."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.funding.models import Allocation, FundingSource
from sedp.places.models import Unit
from sedp.plans.models import Activity, Indicator, KeyTarget, Kind, Measure, Plan, State

M = 1_000_000


@pytest.fixture
def year():
    return planning_year(timezone.localdate())


@dataclass
class World:
    province_plan: Plan
    commune_plan: Plan
    other: Unit
    ntm: FundingSource
    tinh: FundingSource
    road: Activity
    latrines: Activity
    escaped: Measure
    clean_water: Measure


@pytest.fixture
def world(units, commune_planner, year):
    from sedp.demo.ea_kao_plan import make_ea_kao_plan

    commune_plan = make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)
    Plan.objects.filter(pk=commune_plan.pk).update(state=State.ADOPTED, locked=True)
    commune_plan.refresh_from_db()
    clean_water = Measure.objects.get(unit=None, key="clean_water")
    escaped = Measure.objects.create(
        unit=units.daklak, key="escaped_poverty", form=2, name="Số hộ thoát nghèo", measure_unit="hộ"
    )
    commune_plan.indicators.filter(name="Tỷ lệ hộ có nhà tiêu hợp vệ sinh").update(measure=clean_water)
    province_plan = Plan.objects.create(
        unit=units.daklak,
        kind=Kind.PROVINCE_ANNUAL,
        year_from=year,
        year_to=year,
        state=State.APPROVED,
        locked=True,
        title=f"Kế hoạch phát triển kinh tế - xã hội năm {year}",
        signer_name="Võ Văn Chính",
    )
    key = KeyTarget.objects.create(plan=province_plan, text="Giảm nghèo bền vững")
    Indicator.objects.create(
        plan=province_plan, key_target=key, measure=escaped, name="Số hộ thoát nghèo", unit="hộ", target=100
    )
    Indicator.objects.create(
        plan=province_plan,
        key_target=key,
        measure=clean_water,
        name="Tỷ lệ hộ dùng nước sinh hoạt hợp vệ sinh",
        unit="%",
        target=85,
    )
    ntm = FundingSource.objects.create(unit=units.daklak, year=year, kind="ntp_rural", amount=1500 * M)
    tinh = FundingSource.objects.create(
        unit=units.daklak, year=year, kind="investment", amount=500 * M, name="Vốn đầu tư phát triển tỉnh"
    )
    road = commune_plan.activities.get(cost=800 * M)
    latrines = commune_plan.activities.get(cost=360 * M)
    Allocation.objects.create(activity=road, source=ntm, amount=800 * M - (road.contribution_value or 0))
    Allocation.objects.create(
        activity=latrines, source=ntm, amount=360 * M - (latrines.contribution_value or 0)
    )
    other = (
        Unit.objects.filter(parent=units.daklak, level="commune", is_legacy=False)
        .exclude(pk=units.ea_kao.pk)
        .order_by("code")
        .first()
    )
    Unit.objects.filter(pk=units.ea_kao.pk).update(households=3000)
    Unit.objects.filter(pk=other.pk).update(households=1000)
    return World(province_plan, commune_plan, other, ntm, tinh, road, latrines, escaped, clean_water)
