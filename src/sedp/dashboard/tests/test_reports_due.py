"""The home page lists each unit's progress reports overdue and due soon, and forgets those sent."""

from datetime import date

import pytest
from django.utils import timezone

from sedp.monitoring.actions import create_report, move_report, start_works
from sedp.monitoring.due import reports_due
from sedp.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year_works(world, commune_planner):
    """Ea Kao's plan made a plan of last year, its works followed: its quarters' reports are all due by now."""
    Plan.objects.filter(pk=world.plan.pk).update(
        year_from=timezone.localdate().year - 1, year_to=timezone.localdate().year - 1
    )
    world.plan.refresh_from_db()
    start_works(world.plan, commune_planner)
    return world.plan


def test_the_commune_sees_its_overdue_quarterly_reports_until_they_are_sent(
    client, last_year_works, units, commune_planner
):
    plan = last_year_works
    y = plan.year_from
    client.force_login(commune_planner)
    page = client.get("/home/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for q in (1, 2, 3):
        assert f"Quý {q}/{y}" in page
    assert "05/04/" + str(y) in page and "quá hạn" in page

    report = create_report(units.ea_kao, plan, commune_planner, period_kind="quarter", period=1, year=y)
    page = client.get("/home/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"/monitoring/report/{report.pk}/" in page and "đã bắt đầu lập" in page  # a draft still owes it

    move_report(report, "submitted", commune_planner)
    page = client.get("/home/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"Quý 1/{y}" not in page and f"Quý 2/{y}" in page


def test_a_report_due_within_a_month_is_announced_not_overdue(last_year_works, units):
    plan = last_year_works
    y = plan.year_from
    due = reports_due([units.ea_kao.pk], date(y, 3, 20))[units.ea_kao.pk]
    assert [(d.period.number, d.overdue, d.days_left) for d in due] == [(1, False, 16)]
    late = reports_due([units.ea_kao.pk], date(y, 7, 6))[units.ea_kao.pk]
    assert [(d.period.number, d.overdue, d.days_overdue) for d in late] == [(1, True, 92), (2, True, 1)]
    assert reports_due([units.thon_1.pk], date(y, 7, 6)) == {}  # a village without self-run works owes none


def test_the_reports_due_take_two_queries_for_any_number_of_units(
    last_year_works, units, django_assert_num_queries
):
    with django_assert_num_queries(2):
        reports_due(
            [units.ea_kao.pk, units.ea_kmat.pk, units.thon_1.pk], date(last_year_works.year_from, 7, 6)
        )
