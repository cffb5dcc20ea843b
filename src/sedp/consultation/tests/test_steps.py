"""The planning team, the schedule by week and month, and the work of steps 1, 2, 3 and 5."""

import html
from datetime import date, timedelta

import pytest
from django.utils import timezone

from sedp.audit.models import AuditEntry
from sedp.consultation import actions
from sedp.consultation.models import ScheduledStep, SectorDiscussion, TeamMember
from sedp.meetings.models import Kind as MeetingKind
from sedp.meetings.models import Meeting
from sedp.needs.models import Sector
from sedp.places.models import Unit

from .conftest import VI, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_client(client, commune_planner):
    client.force_login(commune_planner)
    return client


def sectors():
    return list(Sector.objects.filter(unit__isnull=True).order_by("order"))


# --- the team -----------------------------------------------------------------------------------------------------


def test_it_builds_the_team_leader_members_with_sectors_and_compiler(plan, planner_client):
    url = f"/consultation/plan/{plan.pk}/team/add/"
    s = sectors()
    planner_client.post(url, {"name": "Ông Y Kông", "position": "Phó Chủ tịch UBND", "role": "leader"})
    planner_client.post(url, {"name": "Bà H'Lan", "role": "member", "sectors": [s[1].pk, s[2].pk]})
    planner_client.post(url, {"name": "Anh Tuấn", "position": "Kế toán", "role": "compiler"})
    team = {m.name: m for m in TeamMember.objects.filter(plan=plan)}
    assert team["Ông Y Kông"].role == "leader" and team["Anh Tuấn"].role == "compiler"
    assert set(team["Bà H'Lan"].sectors.all()) == {s[1], s[2]}
    page = planner_client.get(f"/consultation/plan/{plan.pk}/team/", **VI).content.decode()
    assert "Ông Y Kông</strong> — tổ trưởng, Phó Chủ tịch UBND" in page
    assert s[1].name in page
    assert AuditEntry.objects.filter(action="consultation.add_member").count() == 3


def test_a_second_leader_is_refused_naming_the_role_and_keeping_what_was_typed(plan, planner_client):
    actions.add_member(plan, actor=None, name="Ông Y Kông", role="leader")
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/team/add/", {"name": "Bà Nguyễn Thị Mai", "role": "leader"}, **VI
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "“Vai trò trong tổ”: tổ đã có tổ trưởng là Ông Y Kông." in page
    assert 'value="Bà Nguyễn Thị Mai"' in page
    assert plan.team.count() == 1


def test_a_member_with_sections_to_write_is_not_removed(plan, planner_client):
    member = actions.add_member(plan, actor=None, name="Bà Lan", role="member")
    actions.add_assignment(plan, actor=None, section="Y tế", owner=member, deadline=date(2026, 6, 5))
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/team/{member.pk}/remove/", follow=True, **VI
    )
    assert "Bà Lan còn phụ trách viết một số phần của dự thảo" in response.content.decode()
    assert plan.team.filter(pk=member.pk).exists()
    plan.assignments.all().delete()
    planner_client.post(f"/consultation/plan/{plan.pk}/team/{member.pk}/remove/")
    assert not plan.team.exists()


# --- the schedule -------------------------------------------------------------------------------------------------


def test_the_default_schedule_is_proposed_by_week_and_month_and_keeps_typed_dates(plan, planner_client, year):
    ScheduledStep.objects.create(
        plan=plan, step=6, starts_on=date(year - 1, 6, 25), ends_on=date(year - 1, 6, 25)
    )
    planner_client.post(f"/consultation/plan/{plan.pk}/schedule/propose/")
    steps = {s.step: s for s in plan.steps.all()}
    assert len(steps) == 6
    assert steps[1].starts_on == date(year - 1, 6, 1)
    assert steps[6].starts_on == date(year - 1, 6, 25)  # the team's own date is kept
    page = planner_client.get(f"/consultation/plan/{plan.pk}/", **VI).content.decode()
    assert f"tuần 1 tháng 6/{year - 1}" in page
    assert f"tuần 2 tháng 6/{year - 1}" in page


def test_a_step_is_edited_marked_done_and_shown_overdue(plan, planner_client):
    today = timezone.localdate()
    url = f"/consultation/plan/{plan.pk}/step/2/"
    bad = planner_client.post(url + "edit/", {"starts_on": "10/06/2026", "ends_on": "08/06/2026"}, **VI)
    assert bad.status_code == 400 and "“Đến” trước “Từ”." in bad.content.decode()
    assert 'value="10/06/2026"' in bad.content.decode()
    typo = planner_client.post(url + "edit/", {"starts_on": "31/02/2026"}, **VI)
    assert "Ngày 31/02/2026 không có thật (“Từ”)." in html.unescape(typo.content.decode())
    past = (today - timedelta(days=10)).strftime("%d/%m/%Y"), (today - timedelta(days=8)).strftime("%d/%m/%Y")
    planner_client.post(
        url + "edit/", {"starts_on": past[0], "ends_on": past[1], "responsible": "Văn phòng UBND"}
    )
    page = planner_client.get(f"/consultation/plan/{plan.pk}/", **VI).content.decode()
    assert "quá hạn" in page
    planner_client.post(url + "done/", {"done_on": past[1]})
    step = plan.steps.get(step=2)
    assert step.done_on == today - timedelta(days=8) and step.responsible == "Văn phòng UBND"
    assert "đã xong" in planner_client.get(url, **VI).content.decode()


def test_a_step_page_for_a_step_that_does_not_exist_is_404(plan, planner_client):
    assert planner_client.get(f"/consultation/plan/{plan.pk}/step/7/").status_code == 404


# --- step 1: the needs conference -----------------------------------------------------------------------------------


def test_step_1_holds_the_needs_conference_and_records_each_sector_group(plan, planner_client, units):
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/step/1/meeting/",
        {
            "date": "02/06/2026",
            "time": "07:30",
            "place": "Hội trường UBND phường",
            "chair_name": "Ông Y Kông",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(plan_steps__plan=plan, plan_steps__step=1)
    assert meeting.kind == MeetingKind.NEEDS_CONFERENCE and meeting.unit == units.ea_kao
    s = sectors()
    url = f"/consultation/plan/{plan.pk}/discussions/"
    planner_client.post(url, {"sector": s[0].pk, "lessons": "Giải ngân chậm", "problems": "Kênh xuống cấp"})
    planner_client.post(url, {"sector": s[0].pk, "resources": "Vốn NTM", "resources_from": "Ngân sách tỉnh"})
    planner_client.post(url, {"sector": s[2].pk, "problems": "Thiếu nhà tiêu hợp vệ sinh"})
    d = SectorDiscussion.objects.get(plan=plan, sector=s[0])
    assert (d.lessons, d.resources_from, d.meeting) == ("Giải ngân chậm", "Ngân sách tỉnh", meeting)
    assert plan.discussions.count() == 2
    empty = planner_client.post(url, {"sector": s[3].pk}, **VI)
    assert empty.status_code == 400 and "Hãy ghi ít nhất một câu trả lời của nhóm." in empty.content.decode()
    page = planner_client.get(f"/consultation/plan/{plan.pk}/step/1/", **VI).content.decode()
    assert "Thiếu nhà tiêu hợp vệ sinh" in page and "Hội nghị xác định nhu cầu và tiềm năng" in page.replace(
        "hội nghị", "Hội nghị"
    )


# --- step 2: drafting assignments -----------------------------------------------------------------------------------


def test_step_2_assigns_sections_with_deadlines_and_shows_the_overdue_ones(plan, planner_client):
    today = timezone.localdate()
    hlan = actions.add_member(plan, actor=None, name="Bà H'Lan", role="member")
    actions.add_member(plan, actor=None, name="Anh Tuấn", role="compiler")
    url = f"/consultation/plan/{plan.pk}/assignments/"
    planner_client.post(
        url,
        {
            "section": "Giáo dục",
            "owner": hlan.pk,
            "deadline": (today - timedelta(days=1)).strftime("%d/%m/%Y"),
        },
    )
    planner_client.post(
        url,
        {"section": "Y tế", "owner": hlan.pk, "deadline": (today + timedelta(days=3)).strftime("%d/%m/%Y")},
    )
    missing = planner_client.post(url, {"section": "Đất đai", "deadline": "05/06/2026"}, **VI)
    assert "Cần chọn “Người dự thảo”." in missing.content.decode()
    assert 'value="Đất đai"' in missing.content.decode()
    page = planner_client.get(f"/consultation/plan/{plan.pk}/step/2/", **VI).content.decode()
    assert page.count("quá hạn") == 1 and "Người tổng hợp: Anh Tuấn" in page
    late = plan.assignments.get(section="Giáo dục")
    planner_client.post(f"/consultation/plan/{plan.pk}/assignments/{late.pk}/done/")
    late.refresh_from_db()
    assert late.done_on == today
    assert "quá hạn" not in planner_client.get(f"/consultation/plan/{plan.pk}/step/2/", **VI).content.decode()


# --- step 3: the comment conference and the 3-day rule ---------------------------------------------------------------


def test_step_3_warns_when_the_draft_went_out_less_than_3_days_before_and_records_the_reason(
    plan, planner_client
):
    v1 = actions.freeze(plan, actor=None)
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/step/3/meeting/", {"date": "10/06/2026", "version": v1.pk}
    )
    assert response.status_code == 302
    assert plan.steps.get(step=3).version == v1
    planner_client.post(
        f"/consultation/plan/{plan.pk}/drafts/1/distribution/", {"distributed_on": "08/06/2026"}
    )
    page = planner_client.get(f"/consultation/plan/{plan.pk}/step/3/", **VI).content.decode()
    assert (
        "Dự thảo chỉ đến tay đại biểu 2 ngày trước hội nghị; quy trình lập kế hoạch yêu cầu ít nhất 3 ngày."
        in page
    )
    empty = planner_client.post(f"/consultation/plan/{plan.pk}/distribution-reason/", {"reason": " "}, **VI)
    assert empty.status_code == 400
    planner_client.post(
        f"/consultation/plan/{plan.pk}/distribution-reason/", {"reason": "Văn bản chỉ đạo của tỉnh đến muộn"}
    )
    assert plan.steps.get(step=3).warning_reason == "Văn bản chỉ đạo của tỉnh đến muộn"
    entry = AuditEntry.objects.get(action="consultation.explain_distribution")
    assert entry.reason == "Văn bản chỉ đạo của tỉnh đến muộn"
    page = planner_client.get(f"/consultation/plan/{plan.pk}/step/3/", **VI).content.decode()
    assert "Lý do: Văn bản chỉ đạo của tỉnh đến muộn" in page
    # Sent out on 7 June, the conference on the 10th: 3 days, no warning.
    planner_client.post(
        f"/consultation/plan/{plan.pk}/drafts/1/distribution/", {"distributed_on": "07/06/2026"}
    )
    page = planner_client.get(f"/consultation/plan/{plan.pk}/step/3/", **VI).content.decode()
    assert 'id="three-days"' not in page


def test_step_3_without_a_distribution_date_warns_too(plan, commune_planner):
    v1 = actions.freeze(plan, actor=None)
    actions.hold_meeting(plan, 3, actor=None, starts_at=at(date(2026, 6, 10)), version=v1)
    warning = actions.distribution_warning(plan.steps.get(step=3))
    assert warning.code == "undated"


def test_step_3_needs_a_version(plan, planner_client):
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/step/3/meeting/", {"date": "10/06/2026"}, **VI
    )
    assert "“Bản dự thảo được thảo luận”: hãy chọn bản dự thảo đưa ra hội nghị." in response.content.decode()
    assert not Meeting.objects.filter(plan_steps__plan=plan).exists()


# --- step 5: voter contact in the villages --------------------------------------------------------------------------


def test_step_5_creates_voter_contacts_in_chosen_villages_in_one_go(plan, planner_client, units):
    actions.freeze(plan, actor=None)
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/voter-contacts/",
        {f"date_{ko_tam.pk}": "15/06/2026", f"date_{units.thon_1.pk}": "16/06/2026", "time": "19:00"},
    )
    assert response.status_code == 302
    meetings = Meeting.objects.filter(plan_steps__plan=plan, plan_steps__step=5).order_by("starts_at")
    assert [(m.unit, m.kind) for m in meetings] == [
        (ko_tam, MeetingKind.VOTER_CONTACT),
        (units.thon_1, MeetingKind.VOTER_CONTACT),
    ]
    assert timezone.localtime(meetings[0].starts_at).hour == 19
    assert plan.steps.get(step=5).version.number == 1
    page = planner_client.get(f"/consultation/plan/{plan.pk}/step/5/", **VI).content.decode()
    assert f'name="date_{ko_tam.pk}"' not in page  # already met
    assert f'name="date_{units.ea_kmat.pk}"' in page
    none = planner_client.post(f"/consultation/plan/{plan.pk}/voter-contacts/", {"time": "19:00"}, **VI)
    assert "Hãy chọn ít nhất một thôn" in none.content.decode()


def test_each_village_page_shows_that_villages_part_of_the_draft(
    plan, planner_client, village_head, units, client
):
    actions.freeze(plan, actor=None)
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    page = planner_client.get(f"/consultation/plan/{plan.pk}/village/{ko_tam.pk}/", **VI).content.decode()
    assert "Sửa chữa kênh mương nội đồng Buôn Kô Tam" in page  # its need, merged
    assert "gộp với các nhu cầu tương tự" in page and "Gộp với kênh của hai buôn" in page
    assert "hoãn sang năm sau" in page and "Vốn năm nay không đủ" in page  # its other need's fate
    assert "1. Sửa chữa kênh mương" in page  # the activity its need went into
    assert (
        "1. Kênh mương nội đồng được sửa chữa" in page and "Số km kênh được sửa" in page
    )  # result, indicator
    assert "Tập huấn kỹ thuật cà phê" not in page  # not this village's
    other = planner_client.get(
        f"/consultation/plan/{plan.pk}/village/{units.thon_1.pk}/", **VI
    ).content.decode()
    assert "Sửa chữa kênh mương" not in other and "Dự thảo chưa có nhu cầu nào của thôn này." in other
    # The village head reads it (villages read the commune's draft), but records no comment there.
    client.force_login(village_head)
    response = client.get(f"/consultation/plan/{plan.pk}/village/{ko_tam.pk}/", **VI)
    assert response.status_code == 200 and 'id="add-comment"' not in response.content.decode()
    # A unit that is not a village of the commune is 404.
    assert planner_client.get(f"/consultation/plan/{plan.pk}/village/{units.ea_kao.pk}/").status_code == 404


def test_a_comment_from_the_village_is_recorded_on_its_page(plan, planner_client, units):
    version = actions.freeze(plan, actor=None)
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    activity = plan.activities.get(number="1")
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/drafts/1/comments/",
        {
            "back_village": ko_tam.pk,
            "item_key": f"activity:{activity.pk}",
            "text": "Đề nghị làm kênh trước mùa mưa; buôn góp 300 ngày công",
            "author_name": "Nhóm 5 hộ gần nhà văn hóa",
            "venue": "village",
            "village": ko_tam.pk,
        },
    )
    assert response["Location"] == f"/consultation/plan/{plan.pk}/village/{ko_tam.pk}/"
    comment = version.comments.get()
    assert comment.village == ko_tam and comment.item_label == "1. Sửa chữa kênh mương"
    page = planner_client.get(response["Location"], **VI).content.decode()
    assert "buôn góp 300 ngày công" in page
