"""Meeting pages: a village head records a meeting on a phone; each participation rule shows its warning with the
figures, and the warning is accepted only with a written reason."""

from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sedp.audit.models import AuditEntry
from sedp.meetings import actions
from sedp.meetings.models import Attendee, Meeting, RuleWarningAcceptance

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def make_meeting(unit, kind="village_meeting_1", **fields):
    fields = {"starts_at": timezone.make_aware(datetime(2026, 5, 12, 8)), "chair_role": "head", **fields}
    return actions.create_meeting(unit, actor=None, kind=kind, **fields)


def test_it_creates_a_meeting_with_its_agenda_and_audits_it(head_client, units):
    response = head_client.post(
        f"/meetings/unit/{units.ea_kmat.pk}/new/",
        {
            "kind": "village_meeting_1",
            "date": "12/05/2026",
            "time": "08:00",
            "place": "Nhà văn hóa buôn",
            "chair_name": "Y Bhim Mlô",
            "chair_role": "head",
            "secretary": "H'Len Niê",
            "agenda": "Khai mạc - 10\nBầu tổ công tác - 30 phút",
        },
    )
    meeting = Meeting.objects.get(unit=units.ea_kmat, place="Nhà văn hóa buôn")
    assert response["Location"] == f"/meetings/{meeting.pk}/attendance/"
    assert [(a.title, a.duration) for a in meeting.agenda.all()] == [
        ("Khai mạc", 10),
        ("Bầu tổ công tác", 30),
    ]
    assert timezone.localtime(meeting.starts_at).hour == 8
    assert AuditEntry.objects.filter(action="meetings.create", object_id=str(meeting.pk)).exists()


def test_it_answers_a_bad_count_in_vietnamese_naming_the_field_and_saves_nothing(head_client, units):
    meeting = make_meeting(units.ea_kmat)
    response = head_client.post(
        f"/meetings/{meeting.pk}/attendance/", {"men": "bốn mươi", "women": "31"}, **VI
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“Nam”: hãy nhập một số nguyên từ 0 trở lên." in page
    assert 'value="31"' in page
    meeting.refresh_from_db()
    assert (meeting.men, meeting.women) == (0, 0)


def test_it_saves_attendance_with_groups(head_client, units):
    meeting = make_meeting(units.ea_kmat)
    response = head_client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"men": "40", "women": "31", "ethnic": "Ê Đê: 65\nKinh: 6", "poor": "20", "wg_members": ""},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.men, meeting.women) == (40, 31)
    assert meeting.breakdown == {"ethnic": {"Ê Đê": 65, "Kinh": 6}, "wealth": {"poor": 20}}


def _shows_then_accepts(client, meeting, rule, expected):
    page = client.get(f"/meetings/{meeting.pk}/", **VI).content.decode()
    assert expected in page
    url = f"/meetings/{meeting.pk}/warnings/{rule}/accept/"
    refused = client.post(url, {"reason": "  "}, HTTP_HX_REQUEST="true", **VI).content.decode()
    assert "Hãy ghi lý do chấp nhận cảnh báo này." in refused
    assert not RuleWarningAcceptance.objects.filter(meeting=meeting, rule=rule).exists()
    accepted = client.post(url, {"reason": "Mùa cà phê, nhiều chị đi rẫy."}, HTTP_HX_REQUEST="true", **VI)
    html = accepted.content.decode()
    assert html.lstrip().startswith(f'<section class="card warnings" id="warnings-{meeting.pk}"')
    assert "đã chấp nhận" in html and "Mùa cà phê, nhiều chị đi rẫy." in html
    assert (
        RuleWarningAcceptance.objects.get(meeting=meeting, rule=rule).reason
        == "Mùa cà phê, nhiều chị đi rẫy."
    )
    assert AuditEntry.objects.filter(
        action="meetings.accept_warning", reason="Mùa cà phê, nhiều chị đi rẫy."
    ).exists()


def test_it_warns_when_women_are_under_30_percent_and_accepts_it_with_a_reason(head_client, units):
    meeting = make_meeting(units.ea_kmat, men=71, women=29)
    _shows_then_accepts(
        head_client,
        meeting,
        "women_share",
        "Nữ chiếm 29,0 % số người dự họp (29 trên 100); quy định yêu cầu ít nhất 30 %.",
    )


def test_it_does_not_warn_at_exactly_30_percent_women(head_client, units):
    meeting = make_meeting(units.ea_kmat, men=70, women=30)
    assert (
        "Đạt mọi quy định về sự tham gia."
        in head_client.get(f"/meetings/{meeting.pk}/", **VI).content.decode()
    )


def test_it_warns_when_the_working_group_is_far_from_20_members(head_client, units):
    meeting = make_meeting(units.ea_kmat, men=60, women=40, wg_members=12, wg_women=4, wg_trained=3)
    _shows_then_accepts(
        head_client,
        meeting,
        "working_group_size",
        "Tổ công tác có 12 thành viên; quy định yêu cầu khoảng 20 người (từ 15 đến 25).",
    )


def test_it_warns_when_the_working_group_has_under_30_percent_women(head_client, units):
    meeting = make_meeting(units.ea_kmat, kind="working_group", men=15, women=5)
    for i in range(20):
        Attendee.objects.create(meeting=meeting, name=f"Người {i}", sex="f" if i < 5 else "m", trained=i < 3)
    _shows_then_accepts(
        head_client,
        meeting,
        "working_group_women",
        "Nữ chiếm 25,0 % tổ công tác (5 trên 20); quy định yêu cầu ít nhất 30 %.",
    )


def test_it_warns_when_fewer_than_3_members_are_trained(head_client, units):
    meeting = make_meeting(units.ea_kmat, men=60, women=40, wg_members=20, wg_women=7, wg_trained=2)
    _shows_then_accepts(
        head_client,
        meeting,
        "working_group_trained",
        "Tổ công tác có 2 thành viên đã được tập huấn lập kế hoạch; quy định yêu cầu ít nhất 3.",
    )


def test_it_warns_when_the_chair_is_not_the_board_head_or_deputy(head_client, units):
    meeting = make_meeting(units.ea_kmat, kind="village_meeting_2", men=50, women=50, chair_role="other")
    _shows_then_accepts(
        head_client, meeting, "chair", "Cuộc họp không do trưởng ban tự quản hoặc phó ban chủ trì."
    )


def test_it_adds_an_attendee_through_htmx(head_client, units):
    meeting = make_meeting(units.ea_kmat)
    html = head_client.post(
        f"/meetings/{meeting.pk}/attendees/",
        {"name": "H'Hoa Niê", "sex": "f", "ethnic_group": "Ê Đê", "wealth": "poor", "in_working_group": "on"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert html.lstrip().startswith('<section class="card" id="attendees"') and "H&#x27;Hoa Niê" in html
    assert meeting.attendees.get().in_working_group


def test_it_refuses_a_photo_that_is_not_an_image(head_client, units):
    meeting = make_meeting(units.ea_kmat)
    bad = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = head_client.post(f"/meetings/{meeting.pk}/photos/", {"file": bad}, follow=True, **VI)
    assert "Ảnh phải là tệp .jpg, .jpeg, .png, .webp hoặc .heic." in response.content.decode()
    assert not meeting.photos.exists()


def test_it_keeps_meetings_from_outsiders_and_citizens(client, outsider, units):
    meeting = make_meeting(units.ea_kmat)
    client.force_login(outsider)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client.post(f"/meetings/{meeting.pk}/attendance/", {"men": "1", "women": "1"}).status_code == 404
    client.logout()
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 302  # to sign in


def test_a_commune_planner_reads_and_edits_a_village_meeting(client, commune_planner, units):
    meeting = make_meeting(units.ea_kmat)
    client.force_login(commune_planner)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/attendance/").status_code == 200


def test_it_lists_a_villages_meetings_in_a_fixed_number_of_queries(
    head_client, units, django_assert_max_num_queries
):
    for kind in ("village_meeting_1", "working_group", "village_meeting_2"):
        make_meeting(units.ea_kmat, kind=kind)
    head_client.get(f"/meetings/unit/{units.ea_kmat.pk}/")  # warm the session
    with django_assert_max_num_queries(8):
        response = head_client.get(f"/meetings/unit/{units.ea_kmat.pk}/")
    assert response.content.decode().count('href="/meetings/') >= 3


def test_the_attendance_page_weighs_under_100_kb(head_client, units):
    meeting = make_meeting(units.ea_kmat)
    for i in range(60):
        Attendee.objects.create(meeting=meeting, name=f"Người dự họp số {i}", sex="f" if i % 2 else "m")
    response = head_client.get(f"/meetings/{meeting.pk}/attendance/")
    assert len(response.content) < 100_000
    assert 'src="/static/sedp/drafts.js" defer' in response.content.decode()


def test_a_meeting_with_nobody_counted_says_attendance_is_not_entered_not_that_every_rule_is_met(
    head_client, units
):
    meeting = make_meeting(units.ea_kmat)
    page = head_client.get(f"/meetings/{meeting.pk}/", **VI).content.decode()
    assert "Đạt mọi quy định về sự tham gia." not in page
    assert "Chưa nhập điểm danh" in page
    actions.set_attendance(meeting, actor=None, men=60, women=40)
    page = head_client.get(f"/meetings/{meeting.pk}/", **VI).content.decode()
    assert "Đạt mọi quy định về sự tham gia." in page and "Chưa nhập điểm danh" not in page


def test_a_blank_number_of_trained_members_is_not_checked(head_client, units):
    """The number trained is optional on the attendance page: left blank, it is not '0 trained'."""
    meeting = make_meeting(units.ea_kmat, kind="working_group", men=13, women=7)
    page = head_client.get(f"/meetings/{meeting.pk}/", **VI).content.decode()
    assert "đã được tập huấn" not in page
    assert "Đạt mọi quy định về sự tham gia." in page
    actions.set_attendance(meeting, actor=None, men=13, women=7, wg_trained=0)
    page = head_client.get(f"/meetings/{meeting.pk}/", **VI).content.decode()
    assert "Tổ công tác có 0 thành viên đã được tập huấn lập kế hoạch" in page


def test_the_village_page_says_which_meeting_comes_first_and_what_is_next(head_client, units):
    page = head_client.get(f"/meetings/unit/{units.ea_kmat.pk}/", **VI).content.decode()
    assert '<li class="step next"><strong>họp thôn lần 1</strong>' in page
    make_meeting(units.ea_kmat)  # village meeting 1 held
    page = head_client.get(f"/meetings/unit/{units.ea_kmat.pk}/", **VI).content.decode()
    assert '<li class="step done"><strong>họp thôn lần 1</strong>' in page
    assert '<li class="step next"><strong>họp tổ công tác</strong>' in page


def test_the_kind_of_meeting_lists_only_the_kinds_of_the_units_level(
    client, head_client, units, commune_planner
):
    village = head_client.get(f"/meetings/unit/{units.ea_kmat.pk}/new/", **VI).content.decode()
    assert 'value="village_meeting_1"' in village and 'value="adoption_meeting"' not in village
    assert 'value="needs_conference"' not in village
    client.force_login(commune_planner)
    commune = client.get(f"/meetings/unit/{units.ea_kao.pk}/new/", **VI).content.decode()
    assert 'value="adoption_meeting"' in commune and 'value="village_meeting_1"' not in commune
    refused = client.post(
        f"/meetings/unit/{units.ea_kao.pk}/new/",
        {"kind": "village_meeting_1", "date": "12/05/2026", "chair_role": "head"},
        **VI,
    )
    assert refused.status_code == 200 and not Meeting.objects.filter(unit=units.ea_kao).exists()
