"""The pages of a province's or legacy district's plan (issue 11 §1): its officer creates it from the unit's plans
page; its overview lists the communes (legacy province: districts) and what each sent; its activities page shows
the communes' activities by sector — a summary, then 50 a page, filtered by sector and commune — each traceable to
the village needs it came from, down to a buôn's page. Pages that decide village needs belong to a commune plan:
above it they lead to the activities instead of failing. The queries do not grow with the number of communes."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from sedp.core.calendar import planning_year
from sedp.demo.ea_kao_plan import make_ea_kao_plan
from sedp.needs.models import Need
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan, State
from sedp.plans.rollup import fates as tracing

from .upper_tree import province, state, submitted_plan

pytestmark = pytest.mark.django_db
YEAR = 2046


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _vi(client, url) -> tuple[int, str]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    return response.status_code, response.content.decode()


@pytest.fixture
def officer(province_officer):
    return _client(province_officer)


def test_the_province_officer_creates_the_province_plan_and_a_commune_planner_may_not(
    units, officer, commune_planner
):
    status, page = _vi(officer, f"/plans/unit/{units.daklak.pk}/rollup/new/")
    assert status == 200 and "Lập kế hoạch tỉnh" in page
    response = officer.post(f"/plans/unit/{units.daklak.pk}/rollup/new/", {"year": YEAR, "title": ""})
    plan = Plan.objects.get(unit=units.daklak, year_from=YEAR)
    assert plan.kind == Kind.PROVINCE_ANNUAL and plan.state == State.DRAFT
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/rollup/"
    status, page = _vi(officer, response["Location"])
    assert status == 200
    assert "Kế hoạch hằng năm cấp tỉnh" in page and "Kế hoạch của các xã" in page
    assert "Đã lập kế hoạch tỉnh ở dạng dự thảo." in page
    # The same year twice is refused in words, on the form.
    status_again = officer.post(f"/plans/unit/{units.daklak.pk}/rollup/new/", {"year": YEAR, "title": ""})
    assert status_again.status_code == 200 and "đã có kế hoạch" in status_again.content.decode().lower()

    planner = _client(commune_planner)
    assert planner.get(f"/plans/unit/{units.daklak.pk}/rollup/new/").status_code == 403
    assert planner.post(f"/plans/unit/{units.daklak.pk}/rollup/new/", {"year": YEAR + 1}).status_code == 403
    assert not Plan.objects.filter(unit=units.daklak, year_from=YEAR + 1).exists()


def test_a_legacy_district_plan_lists_its_communes_as_communes(units):
    officer = _client(get_user_model().objects.get(username="huyen"))
    district = units.truong_thi.parent
    response = officer.post(f"/plans/unit/{district.pk}/rollup/new/", {"year": 2010, "title": ""})
    plan = Plan.objects.get(unit=district, year_from=2010)
    assert plan.kind == Kind.DISTRICT_ANNUAL and response.status_code == 302
    status, page = _vi(officer, f"/plans/{plan.pk}/rollup/")
    assert status == 200 and "Kế hoạch hằng năm cấp huyện" in page
    assert ">Xã/phường<" in page and ">Thôn<" not in page
    # Trường Thi sent its 2010 plan (source 000's example): it is listed as sent, with a link to it.
    sent = Plan.objects.filter(unit=units.truong_thi, year_from=2010, kind=Kind.COMMUNE_ANNUAL).latest(
        "version"
    )
    assert f'href="/plans/{sent.pk}/rollup/"' in page
    status, page = _vi(officer, f"/plans/{plan.pk}/rollup/activities/")
    assert status == 200 and "Phường Trường Thi" in page


def test_a_province_activity_is_traced_to_the_buons_need_it_came_from(
    units, officer, commune_planner, province_officer
):
    year = planning_year(timezone.localdate())
    commune_plan = make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)
    Plan.objects.filter(pk=commune_plan.pk).update(state=State.SUBMITTED)
    plan = tracing.create_commune_plan(units.daklak, year, actor=province_officer)

    status, page = _vi(officer, f"/plans/{plan.pk}/rollup/activities/")
    assert status == 200
    road = commune_plan.activities.get(
        need_links__need__unit__name="Buôn H'Drát", need_links__need__code="N2"
    )
    need = Need.objects.get(unit__parent=units.ea_kao, unit__name="Buôn H'Drát", code="N2")
    row = re.search(rf'<tr id="activity-{road.pk}">(.*?)</tr>', page, re.S).group(1)
    assert escape(road.title) in row and "Phường Ea Kao" in row
    link = f"/plans/unit/{need.unit_id}/#fate-{need.pk}"
    assert f'href="{link}"' in row and escape(f"Buôn H'Drát: {need.title}") in row
    # One level down, the buôn's page shows the need and what the commune made of it.
    status, village_page = _vi(officer, link.split("#")[0])
    assert status == 200 and f'id="fate-{need.pk}"' in village_page
    # The merged canals name both buôn.
    assert "Buôn Ea Kao" in page and "Buôn Kô Tam" in page


def test_the_activities_page_is_a_summary_and_pages_of_50_filtered_by_sector_and_commune(
    units, officer, province_officer
):
    built = province("T6", communes=4, villages=3, under=units.daklak)
    for c in built.communes:
        submitted_plan(c, YEAR, built.villages[c.pk], activities_per_village=5)
    plan = tracing.create_commune_plan(units.daklak, YEAR, actor=province_officer)
    url = f"/plans/{plan.pk}/rollup/activities/"

    status, page = _vi(officer, url)
    assert status == 200
    summary = re.search(r'<table id="by-sector">(.*?)</table>', page, re.S).group(1)
    assert re.search(r"<th>Tổng cộng</th><th class=\"num\">64</th>", summary)  # 4 × 3 × 5 + 4 own
    assert page.count('<tr id="activity-') == 50 and "Hoạt động 1–50 trong tổng số 64" in page
    assert "Trang 1/2" in page and "page=2" in page
    status, page2 = _vi(officer, url + "?page=2")
    assert page2.count('<tr id="activity-') == 14
    assert len(page.encode()) < 200_000

    one = built.communes[1]
    status, page = _vi(officer, f"{url}?unit={one.pk}")
    assert page.count('<tr id="activity-') == 16 and "Trang 1/" not in page
    assert page.count(f'/rollup/">{one.name}</a>') == 16
    assert f'/rollup/">{built.communes[0].name}</a>' not in page

    first_sector = re.search(r'<a href="\?sector=(\d+)', page).group(1)
    status, page = _vi(officer, f"{url}?sector={first_sector}&unit={one.pk}")
    assert status == 200 and 0 < page.count('<tr id="activity-') < 16
    status, _ = _vi(officer, f"{url}?page=abc&sector=x&unit=y")
    assert status == 200


def test_the_village_need_pages_of_an_upper_plan_lead_to_its_activities(units, officer, province_officer):
    plan = tracing.create_commune_plan(units.daklak, YEAR, actor=province_officer)
    activities = f"/plans/{plan.pk}/rollup/activities/"
    for url in ("needs/", "needs/proposal/", "needs/1/", "needs/1/split/"):
        response = officer.get(f"/plans/{plan.pk}/rollup/{url}")
        assert response.status_code == 302 and response["Location"] == activities, url
    for url in ("needs/merge/", "needs/add/", "needs/1/"):
        response = officer.post(f"/plans/{plan.pk}/rollup/{url}", {"title": "x"})
        assert response.status_code == 302 and response["Location"] == activities, url
    status, page = _vi(officer, f"/plans/{plan.pk}/rollup/")
    assert f'href="/plans/{plan.pk}/rollup/needs/"' not in page and f'href="{activities}"' in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_province_pages_read_any_number_of_communes_in_the_same_queries(
    units, officer, province_officer, django_assert_max_num_queries
):
    def grow(code, communes, villages):
        built = province(code, communes=communes, villages=villages, under=units.daklak)
        for c in built.communes:
            for v in built.villages[c.pk]:
                state(v, YEAR, households=120, poor_households=12, clean_water=50)
            submitted_plan(c, YEAR, built.villages[c.pk], activities_per_village=2)

    grow("T3", 2, 2)
    plan = tracing.create_commune_plan(units.daklak, YEAR, actor=province_officer)
    pages = [f"/plans/{plan.pk}/rollup/", f"/plans/{plan.pk}/rollup/activities/", "/home/"]
    before = [_count(officer, url) for url in pages]
    grow("T2", 12, 6)
    after = [_count(officer, url) for url in pages]
    assert after == before
    assert max(before[:2]) <= 20
    for url, n in zip(pages, before, strict=True):
        with django_assert_max_num_queries(n):
            assert officer.get(url).status_code == 200


def test_the_overview_names_the_communes_not_sent_with_due_date_and_days_overdue(
    units, officer, province_officer
):
    from datetime import timedelta

    from sedp.cycles.actions import create_cycle

    built = province("T1", communes=2, villages=1, under=units.daklak)
    submitted_plan(built.communes[0], YEAR, built.villages[built.communes[0].pk])
    cycle = create_cycle(units.daklak, YEAR)
    milestone = cycle.milestones.get(key="commune_plan")
    milestone.due_on = timezone.localdate() - timedelta(days=12)
    milestone.save()
    plan = tracing.create_commune_plan(units.daklak, YEAR, actor=province_officer, cycle=cycle)
    status, page = _vi(officer, f"/plans/{plan.pk}/rollup/")
    waiting = built.communes[1]
    row = re.search(rf"<tr class=\"overdue-row\"><td>{waiting.name}</td>(.*?)</tr>", page, re.S).group(1)
    assert "chưa gửi" in row and milestone.due_on.strftime("%d/%m/%Y") in row and ">12<" in row
    assert re.search(rf"<td>{built.communes[0].name}</td><td><a href=\"/plans/\d+/rollup/\">đã gửi", page)
    assert Unit.objects.filter(parent=units.daklak).count() > 2  # the real communes are listed too


def test_a_legacy_province_plan_lists_its_districts_and_rolls_up_through_them():
    from sedp.accounts.models import RoleGrant

    from .upper_tree import legacy_province

    built = legacy_province("TQ", districts=2, communes=2, villages=2)
    for i, c in enumerate(built.communes):
        for v in built.villages[c.pk]:
            state(v, YEAR, households=100, poor_households=10 * (i + 1))
    submitted = built.communes[0]
    submitted_plan(submitted, YEAR, built.villages[submitted.pk])
    user = get_user_model().objects.create_user("tinh-cu", password="x")
    RoleGrant.objects.create(user=user, role="province_officer", unit=built.root)
    client = _client(user)
    response = client.post(f"/plans/unit/{built.root.pk}/rollup/new/", {"year": YEAR, "title": ""})
    plan = Plan.objects.get(unit=built.root, year_from=YEAR)
    assert response.status_code == 302 and plan.kind == Kind.PROVINCE_ANNUAL

    status, page = _vi(client, f"/plans/{plan.pk}/rollup/")
    assert status == 200 and "Kế hoạch của các huyện" in page and ">Quận/huyện<" in page
    assert all(f"<td>{d.name}</td>" in page for d in built.districts)
    assert "Các quận, huyện đã gửi kế hoạch: 0/2" in page
    # 200 poor of 800 households (10, 20, 30, 40 in each commune's two villages): 25 %, all 8 villages reporting.
    poverty = re.search(r"<tr><td>Tỷ lệ hộ nghèo .*?</tr>", page, re.S).group(0)
    assert ">25<" in poverty and ">8/8<" in poverty and ">2/2<" in poverty
    status, page = _vi(client, f"/plans/{plan.pk}/rollup/activities/")
    assert status == 200 and f'{submitted.name}</a> <span class="muted">· {submitted.parent.name}' in page


def test_the_province_workbook_names_its_communes_and_lists_their_activities_with_the_needs_behind_them(
    units, officer, commune_planner, province_officer
):
    import io

    from openpyxl import load_workbook

    year = planning_year(timezone.localdate())
    commune_plan = make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)
    Plan.objects.filter(pk=commune_plan.pk).update(state=State.SUBMITTED)
    plan = tracing.create_commune_plan(units.daklak, year, actor=province_officer)

    response = officer.get(f"/plans/{plan.pk}/rollup/bieu.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert "Biểu 4" not in wb.sheetnames  # village needs by rank belong to a commune's workbook
    assert wb["Biểu 1"]["A2"].value == "SỐ LIỆU CƠ BẢN CỦA CÁC XÃ, PHƯỜNG"
    sheet = wb["Hoạt động"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=7)]
    road = commune_plan.activities.get(
        need_links__need__unit__name="Buôn H'Drát", need_links__need__code="N2"
    )
    line = next(r for r in rows if r[3] == road.title)
    assert line[1] == "Phường Ea Kao" and line[4] == road.cost
    assert "Buôn H'Drát: N2." in line[7]
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[4] == sum(a.cost or 0 for a in commune_plan.activities.all())
