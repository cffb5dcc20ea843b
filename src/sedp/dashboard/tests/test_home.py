"""The home page: for each of the user's units, the cycle, the current phase, what is due next and overdue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sedp.cycles.models import Cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_cycle(units):
    """Ea Kao's own cycle, dated around today: one milestone overdue, one due in five days."""
    from sedp.cycles.actions import create_cycle

    today = timezone.localdate()
    cycle = create_cycle(units.ea_kao, 2040)
    milestones = list(cycle.milestones.order_by("starts_on"))
    for i, m in enumerate(milestones):
        m.starts_on = today - timedelta(days=400 - i)
        m.due_on = today - timedelta(days=300 - i)
        m.done_on = m.due_on
    milestones[3].done_on = None  # commune_plan: overdue
    milestones[4].starts_on, milestones[4].due_on, milestones[4].done_on = (
        today,
        today + timedelta(days=5),
        None,
    )
    for m in milestones:
        m.save()
    Cycle.objects.filter(pk=cycle.pk).update(plan_year=timezone.localdate().year + 5)
    return cycle


def test_the_commune_planner_sees_phase_due_next_and_overdue(client, commune_planner, live_cycle):
    client.force_login(commune_planner)
    page = client.get("/home/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    due = (timezone.localdate() + timedelta(days=5)).strftime("%d/%m/%Y")
    assert "Phường Ea Kao" in page
    assert "Giai đoạn hiện tại:" in page and "2. Lập kế hoạch" in page
    assert f"Kế hoạch cấp tỉnh (20/6 – 15/7) — <strong>{due}</strong>" in page
    assert "1 việc quá hạn:" in page and "Kế hoạch cấp xã (đầu tháng 6)" in page
    assert f'<a href="/plans/unit/{commune_planner.grants.get().unit_id}/">Kế hoạch</a>' in page


def test_the_home_page_query_count_does_not_grow_with_units(
    client, django_assert_max_num_queries, province_officer, units
):
    from sedp.accounts.models import RoleGrant

    # 10, 2 for the province's card listing which communes have sent their plan, 1 for its own plan's link, and
    # 2 for the plans assigned to
    # the units and those they can assign down from (sedp.assignments' card, read for every unit at once), up to
    # 2 for the progress reports due (sedp.monitoring.due) and 1 for the dialogues coming up in the villages'
    # commune (sedp.dialogues' card).
    client.force_login(province_officer)
    with django_assert_max_num_queries(18):
        assert client.get("/home/").status_code == 200
    for village in units.ea_kao.children.all():
        RoleGrant.objects.create(user=province_officer, role="donor_facilitator", unit=village)
    with django_assert_max_num_queries(18):
        page = client.get("/home/").content.decode()
    assert page.count('class="card"') >= 10


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get("/home/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_village_head_sees_the_villages_own_plan_overdue(client, village_head, units):
    from sedp.cycles.actions import create_cycle

    today = timezone.localdate()
    cycle = create_cycle(units.ea_kao, today.year + 1)
    due = cycle.milestones.get(key="village_annual")
    due.due_on = today - timedelta(days=3)
    due.save()
    client.force_login(village_head)
    page = client.get("/home/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"Kế hoạch hằng năm {today.year + 1} của Buôn Ea Kmát" in page
    assert "quá hạn" in page and due.due_on.strftime("%d/%m/%Y") in page


def test_the_province_officer_sees_which_communes_sent_their_plan_and_which_are_awaited(
    client, province_officer, commune_planner, units
):
    from sedp.core.calendar import planning_year
    from sedp.demo.ea_kao_plan import make_ea_kao_plan
    from sedp.plans.models import Plan, State

    year = planning_year(timezone.localdate())
    plan = make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)
    client.force_login(province_officer)
    page = client.get("/home/").content.decode()
    assert f"Kế hoạch năm {year} đã gửi lên: 0/" in page
    assert "Phường Ea Kao — đang dự thảo" in page
    assert "ngày quá hạn" in page or "— hạn" in page

    Plan.objects.filter(pk=plan.pk).update(state=State.SUBMITTED)  # as the consultation's last move leaves it
    page = client.get("/home/").content.decode()
    assert f"Kế hoạch năm {year} đã gửi lên: 1/" in page
    assert f'href="/plans/{plan.pk}/rollup/">Phường Ea Kao</a>' in page


def test_the_officers_home_page_reads_its_100_communes_in_a_few_queries_not_one_each(
    client, province_officer, django_assert_max_num_queries
):
    client.force_login(province_officer)
    with django_assert_max_num_queries(40):
        assert client.get("/home/").status_code == 200
