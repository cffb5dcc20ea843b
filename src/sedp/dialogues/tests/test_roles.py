"""The Front's role: it facilitates dialogues and records step 5 of a commune plan's consultation (the
voter-contact conferences, which it chairs); where its role stops, the refusal is a Vietnamese page that says
what it may do instead."""

import pytest

from sedp.accounts.policy import can
from sedp.accounts.roles import Action
from sedp.consultation import actions as consultation
from sedp.consultation.tests.conftest import make_plan
from sedp.meetings.models import Kind as MeetingKind
from sedp.meetings.models import Meeting
from sedp.places.models import Unit

from .conftest import VI

pytestmark = pytest.mark.django_db


def test_the_front_facilitates_where_it_is_granted_and_nobody_else_does(
    front, commune_leader, village_head, units
):
    assert can(front, Action.FACILITATE, units.ea_kao) and can(front, Action.FACILITATE, units.ea_kmat)
    assert not can(front, Action.CHANGE, units.ea_kao)
    assert not can(commune_leader, Action.FACILITATE, units.ea_kao)
    assert not can(village_head, Action.FACILITATE, units.ea_kmat)
    assert not can(front, Action.FACILITATE, units.hanoi_commune)


def test_the_front_creating_a_meeting_is_told_in_vietnamese_what_it_may_do_instead(front_client, units):
    response = front_client.get(f"/meetings/unit/{units.ea_kao.pk}/new/", **VI)
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Không được phép</h1>" in page and "Forbidden" not in page
    assert "Với vai trò của bạn, bạn có thể:" in page
    assert (
        f'<a href="/dialogues/unit/{units.ea_kao.pk}/">Điều hành và ghi biên bản các buổi đối thoại giữa chính '
        "quyền và người dân của Phường Ea Kao</a>"
    ) in page
    assert f'href="/plans/unit/{units.ea_kao.pk}/"' in page  # its comments and step 5 start from the plans


def test_the_front_records_the_voter_contact_conferences_of_step_5(front_client, commune_planner, units):
    plan = make_plan(units.ea_kao, 2035, commune_planner)
    consultation.freeze(plan, actor=None)
    page = front_client.get(f"/consultation/plan/{plan.pk}/step/5/", **VI).content.decode()
    assert 'id="voter-form"' in page
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    response = front_client.post(
        f"/consultation/plan/{plan.pk}/voter-contacts/", {f"date_{ko_tam.pk}": "15/06/2034", "time": "19:00"}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(plan_steps__plan=plan, plan_steps__step=5)
    assert (meeting.unit, meeting.kind) == (ko_tam, MeetingKind.VOTER_CONTACT)
    done = front_client.post(f"/consultation/plan/{plan.pk}/step/5/done/", {"done_on": "20/06/2034"})
    assert done.status_code == 302 and plan.steps.get(step=5).done_on.year == 2034
    # It records the conference itself: attendance, then the minutes (its kind stays a voter-contact conference).
    attendance = front_client.post(f"/meetings/{meeting.pk}/attendance/", {"men": "34", "women": "29"})
    assert attendance.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.men, meeting.women) == (34, 29)
    page = front_client.get(f"/meetings/{meeting.pk}/", **VI).content.decode()
    assert f'href="/meetings/{meeting.pk}/edit/"' in page
    # Only step 5: the other steps and the village's own meetings stay the planning team's.
    step_1 = front_client.post(f"/consultation/plan/{plan.pk}/step/1/done/", {"done_on": "20/06/2034"})
    assert step_1.status_code == 403
    village_meeting = (
        Meeting.objects.exclude(kind=MeetingKind.VOTER_CONTACT).filter(unit__parent=units.ea_kao).first()
    )
    refused = front_client.post(
        f"/meetings/{village_meeting.pk}/attendance/", {"men": "1", "women": "1"}, **VI
    )
    assert refused.status_code == 403 and "Với vai trò của bạn, bạn có thể:" in refused.content.decode()
