"""The demo's province level: two communes of Đắk Lắk have sent their plans up and the province has its sources,
so the province officer's first page says what has arrived (`make demo`; the tests' database leaves it out)."""

import pytest
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.cycles.models import Cycle
from sedp.demo.province import build_province_demo
from sedp.funding.models import FundingSource
from sedp.plans.models import Kind, Plan, State

pytestmark = pytest.mark.django_db


def test_two_communes_send_their_plans_and_the_province_officer_sees_them_arrive(
    client, units, province_officer
):
    year = planning_year(timezone.localdate())
    cycle = Cycle.objects.get(unit=units.daklak, plan_year=year)
    plans = build_province_demo(units.daklak, units.ea_kao, year, cycle)
    assert len(plans) == 2 and all(p.state == State.SUBMITTED for p in plans), [p.state for p in plans]
    assert all(p.unit.parent_id == units.daklak.pk for p in plans)
    assert all(p.activities.exists() for p in plans), [p.activities.count() for p in plans]
    assert units.ea_kao not in [p.unit for p in plans]  # the demo's commune planner makes Ea Kao's
    assert FundingSource.objects.filter(unit=units.daklak, year=year).count() == 8
    assert build_province_demo(units.daklak, units.ea_kao, year, cycle) == []  # loading the demo twice
    assert Plan.objects.filter(kind=Kind.COMMUNE_ANNUAL, year_from=year, state=State.SUBMITTED).count() == 2

    client.force_login(province_officer)
    page = client.get("/home/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"Kế hoạch năm {year} đã gửi lên: 2/" in page
    assert all(p.unit.name in page for p in plans)
