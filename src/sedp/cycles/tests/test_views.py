"""Cycle pages: milestones are edited as dd/mm/yyyy; bad input is answered in Vietnamese and saves nothing."""

from datetime import date

import pytest

from sedp.audit.models import AuditEntry
from sedp.cycles.models import Cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_client(client, commune_leader):
    client.force_login(commune_leader)
    return client


def test_it_saves_a_milestone_typed_as_dd_mm_yyyy_and_audits_it(leader_client, private_cycle):
    m = private_cycle.milestones.get(key="commune_plan")
    response = leader_client.post(
        f"/cycles/milestones/{m.pk}/edit/",
        {"starts_on": "02/06/2030", "due_on": "09/06/2030", "done_on": "08/06/2030", "note": "Họp cả ngày"},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.starts_on, m.due_on, m.done_on) == (date(2030, 6, 2), date(2030, 6, 9), date(2030, 6, 8))
    entry = AuditEntry.objects.get(action="cycles.update_milestone", object_id=str(m.pk))
    assert entry.before["due_on"] == "2030-06-10" and entry.after["due_on"] == "2030-06-09"


def test_it_shows_dates_as_dd_mm_yyyy(leader_client, private_cycle):
    page = leader_client.get(f"/cycles/{private_cycle.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "01/06/2030" in page and "10/06/2030" in page


def test_it_answers_a_bad_date_in_vietnamese_keeping_what_was_typed(leader_client, private_cycle):
    m = private_cycle.milestones.get(key="commune_plan")
    response = leader_client.post(
        f"/cycles/milestones/{m.pk}/edit/",
        {"starts_on": "31/02/2030", "due_on": "09/06/2030", "note": "ghi chú"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày 31/02/2030 không có thật (“Bắt đầu”)." in page
    assert 'value="31/02/2030"' in page and 'value="ghi chú"' in page
    m.refresh_from_db()
    assert m.starts_on == date(2030, 6, 1)


def test_it_refuses_a_deadline_before_the_start(leader_client, private_cycle):
    m = private_cycle.milestones.get(key="commune_plan")
    response = leader_client.post(
        f"/cycles/milestones/{m.pk}/edit/",
        {"starts_on": "09/06/2030", "due_on": "02/06/2030"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert "Hạn chót trước ngày bắt đầu." in response.content.decode()


def test_htmx_gets_just_the_row_back(leader_client, private_cycle):
    m = private_cycle.milestones.get(key="commune_plan")
    form = leader_client.get(f"/cycles/milestones/{m.pk}/edit/", HTTP_HX_REQUEST="true").content.decode()
    assert form.lstrip().startswith(f'<tr id="milestone-{m.pk}">') and "<html" not in form
    row = leader_client.post(
        f"/cycles/milestones/{m.pk}/edit/",
        {"starts_on": "01/06/2030", "due_on": "10/06/2030"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert row.lstrip().startswith(f'<tr id="milestone-{m.pk}"') and "10/06/2030" in row


def test_a_commune_leader_creates_a_cycle_once_per_year(leader_client, units):
    response = leader_client.post(f"/cycles/new/{units.ea_kao.pk}/", {"plan_year": "2033"})
    cycle = Cycle.objects.get(unit=units.ea_kao, plan_year=2033)
    assert response["Location"] == f"/cycles/{cycle.pk}/"
    assert cycle.milestones.count() == 10 and cycle.tiers == 2
    again = leader_client.post(
        f"/cycles/new/{units.ea_kao.pk}/", {"plan_year": "2033"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "Phường Ea Kao đã có chu kỳ kế hoạch năm 2033." in again.content.decode()
    bad = leader_client.post(
        f"/cycles/new/{units.ea_kao.pk}/", {"plan_year": "hai nghìn"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "Hãy nhập một năm, ví dụ 2027." in bad.content.decode()


def test_a_province_officer_edits_the_province_calendar(client, province_officer, units):
    client.force_login(province_officer)
    page = client.get(f"/cycles/calendar/{units.daklak.pk}/")
    assert page.status_code == 200
    data = {"form-TOTAL_FORMS": "10", "form-INITIAL_FORMS": "10"}
    for i, row in enumerate(page.context["formset"].initial):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    data["form-0-starts"] = "32/04"
    bad = client.post(f"/cycles/calendar/{units.daklak.pk}/", data, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Hãy nhập ngày và tháng theo dạng dd/mm, ví dụ 15/04." in bad.content.decode()
    data["form-0-starts"] = "08/04"
    assert client.post(f"/cycles/calendar/{units.daklak.pk}/", data).status_code == 302
    assert units.daklak.calendar.get(key="training").start_day == 8
