"""Planning at every level of the tree answers, never with a 500: each officer walks every plans and consultation
page reachable from their unit's plans page (following the links, as a person clicking would), for a province, a
legacy district, a commune and a village.

A province or legacy district officer creates the unit's plan from its plans page; it opens on every page, whatever
its children sent — including a commune plan adopted through the consultation, whose frozen content holds the
logframe rather than village needs.
"""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sedp.consultation import actions as consultation
from sedp.consultation.tests.conftest import make_plan, to_revised
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan

pytestmark = pytest.mark.django_db
HREF = re.compile(r'href="(/(?:plans|consultation)/[^"#]*)"')
DOWNLOADS = (".xlsx", ".docx", ".pdf")


def walk(user, start: str, *, limit: int = 400) -> dict[str, int]:
    """Every plans/consultation page reachable from `start` by links: {url: status}. A page that raises is 500."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    seen: dict[str, int] = {}
    todo = [start]
    while todo and len(seen) < limit:
        url = todo.pop(0)
        if url in seen:
            continue
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        seen[url] = response.status_code
        if response.status_code != 200 or url.endswith(DOWNLOADS) or url.endswith(".pdf"):
            continue
        for link in HREF.findall(response.content.decode()):
            link = unescape(link)
            if link not in seen and not link.endswith(".pdf"):  # PDFs render slowly; the .docx holds the same
                todo.append(link)
    return seen


def errors(seen: dict[str, int]) -> list[tuple[str, int]]:
    return [(url, status) for url, status in seen.items() if status >= 500]


def _user(username):
    return get_user_model().objects.get(username=username)


def _adopted_commune_plan(commune, year, actor):
    """A commune plan taken through the consultation to adoption: its snapshot is the consultation's content."""
    plan = make_plan(commune, year, actor)
    plan = to_revised(plan, actor)
    return consultation.move(plan, "adopted", actor=actor)


def test_a_province_officer_is_offered_nothing_that_breaks(units):
    officer = _user("tinh")
    year = 2040
    _adopted_commune_plan(units.ea_kao, year, _user("chutichxa"))
    page = walk(officer, f"/plans/unit/{units.daklak.pk}/")
    assert errors(page) == []
    html = Client()
    html.force_login(officer)
    unit_page = html.get(f"/plans/unit/{units.daklak.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "create-commune-plan" in unit_page and "Lập kế hoạch tỉnh" in unit_page
    response = html.post(f"/plans/unit/{units.daklak.pk}/rollup/new/", {"year": year, "title": ""})
    assert response.status_code == 302
    # The province plan, above an adopted commune plan, opens on every page.
    plan = Plan.objects.get(unit=units.daklak, kind=Kind.PROVINCE_ANNUAL, year_from=year)
    seen = walk(officer, f"/plans/{plan.pk}/rollup/")
    assert errors(seen) == [] and len(seen) > 10


def test_a_legacy_district_officer_is_offered_nothing_that_breaks(units):
    officer = _user("huyen")
    district = units.truong_thi.parent
    assert district.level == Level.DISTRICT and district.is_legacy
    assert errors(walk(officer, f"/plans/unit/{district.pk}/")) == []
    client = Client()
    client.force_login(officer)
    assert "create-commune-plan" in client.get(f"/plans/unit/{district.pk}/").content.decode()
    plan = Plan.objects.create(
        unit=district, kind=Kind.DISTRICT_ANNUAL, year_from=2010, year_to=2010, title="Kế hoạch huyện"
    )
    seen = walk(officer, f"/plans/{plan.pk}/rollup/")
    assert errors(seen) == [] and len(seen) > 10
    # The communes under a district are not called villages.
    overview = client.get(f"/plans/{plan.pk}/rollup/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Phường Trường Thi" in overview and ">Thôn<" not in overview and ">Xã/phường<" in overview


def test_a_commune_planner_walks_every_page_of_the_commune_plan(units, year):
    officer = _user("canboxa")
    client = Client()
    client.force_login(officer)
    response = client.post(f"/plans/unit/{units.ea_kao.pk}/rollup/new/", {"year": year, "title": ""})
    assert response.status_code == 302
    plan = Plan.objects.get(unit=units.ea_kao, year_from=year, kind=Kind.COMMUNE_ANNUAL)
    consultation.propose_schedule(plan, actor=officer)
    consultation.freeze(plan, actor=officer)
    seen = walk(officer, f"/plans/unit/{units.ea_kao.pk}/")
    assert errors(seen) == []
    assert f"/consultation/plan/{plan.pk}/step/6/" in seen and f"/plans/{plan.pk}/rollup/needs/" in seen


def test_a_village_head_walks_every_plans_page_of_the_village(units, year):
    assert errors(walk(_user("truongbuon"), f"/plans/unit/{units.ea_kmat.pk}/")) == []
    thon_1 = Unit.objects.get(pk=units.thon_1.pk)
    assert errors(walk(_user("canboxa"), f"/plans/unit/{thon_1.pk}/")) == []


@pytest.fixture
def year():
    from django.utils import timezone

    from sedp.core.calendar import planning_year

    return planning_year(timezone.localdate())
