"""The home page of a province officer and of a legacy district officer (issue 11 §1): which communes' plans have
arrived (with a link to each), which are awaited with their due date and days overdue, and the officer's own plan
for the year — a link to it, or where to create it."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.cycles.models import Cycle
from sedp.plans.models import Kind, Plan, State
from sedp.plans.rollup import fates as tracing

pytestmark = pytest.mark.django_db


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/home/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response.content.decode()


def test_the_province_officer_sees_arrivals_waiting_and_a_link_to_the_province_plan(
    units, province_officer, commune_planner
):
    from sedp.demo.ea_kao_plan import make_ea_kao_plan

    year = planning_year(timezone.localdate())
    page = _home(province_officer)
    assert f"Chưa có kế hoạch năm {year}:" in page
    assert f'href="/plans/unit/{units.daklak.pk}/#create-commune-plan"' in page

    commune_plan = make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)
    Plan.objects.filter(pk=commune_plan.pk).update(state=State.SUBMITTED)
    plan = tracing.create_commune_plan(units.daklak, year, actor=province_officer)
    cycle = Cycle.objects.get(unit=units.daklak, plan_year=year)
    due = cycle.milestones.get(key="commune_plan")
    due.due_on = timezone.localdate() - timedelta(days=3)
    due.save()

    page = _home(province_officer)
    assert f'href="/plans/{plan.pk}/rollup/">Kế hoạch hằng năm cấp tỉnh {year}</a>' in page
    assert f"Kế hoạch năm {year} đã gửi lên: 1/" in page
    assert f'Đã nhận: <a href="/plans/{commune_plan.pk}/rollup/">Phường Ea Kao</a>' in page
    assert "quá hạn 3 ngày" in page  # the communes still awaited, three days after their due date
    # The link leads to the plan, which lists the commune as sent.
    client = Client()
    client.force_login(province_officer)
    overview = client.get(f"/plans/{plan.pk}/rollup/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f'href="/plans/{commune_plan.pk}/rollup/">đã gửi' in overview


def test_the_legacy_district_officer_sees_the_communes_plans_of_its_latest_year(units):
    officer = get_user_model().objects.get(username="huyen")
    district = units.truong_thi.parent
    sent = Plan.objects.filter(unit=units.truong_thi, kind=Kind.COMMUNE_ANNUAL, year_from=2010).latest(
        "version"
    )
    page = _home(officer)
    # No cycle at a legacy district: the year is the latest its communes planned for (source 000's 2010).
    assert "Chưa có kế hoạch năm 2010:" in page
    assert f"Kế hoạch năm 2010 đã gửi lên: 1/{district.children.count()}" in page
    assert f'<a href="/plans/{sent.pk}/rollup/">Phường Trường Thi</a>' in page

    plan = tracing.create_commune_plan(district, 2010, actor=officer)
    page = _home(officer)
    assert f'href="/plans/{plan.pk}/rollup/">Kế hoạch hằng năm cấp huyện 2010</a>' in page
