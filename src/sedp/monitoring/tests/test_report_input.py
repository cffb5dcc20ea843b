"""The report page reads its inputs itself (one row a work): a text is checked as every form's is (length, NFC,
no control or text-direction character) and a number against what its field holds; any error saves nothing and
names the field (issue 16 §7)."""

import pytest
from django.urls import reverse

from sedp.monitoring.actions import create_report, move_report, start_works
from sedp.monitoring.models import ReportState

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@pytest.fixture
def report(world, units, commune_planner, year):
    start_works(world.plan, commune_planner)
    return create_report(
        units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=1, year=year
    )


@pytest.fixture
def line(report):
    return report.lines.get(work__activity__cost=800_000_000)


def _post(client, user, report, data):
    client.force_login(user)
    return client.post(reverse("monitoring:report", args=[report.pk]), data, **VI)


def test_the_reports_difficulties_with_a_control_character_are_refused_and_nothing_saved(
    client, report, line, commune_planner
):
    response = _post(
        client, commune_planner, report, {f"line-{line.pk}-progress": "40", "difficulties": "Mưa\x00kéo dài"}
    )
    assert response.status_code == 400
    assert "“Khó khăn, vướng mắc” chứa ký tự không lưu được (U+0000" in response.content.decode()
    report.refresh_from_db()
    line.refresh_from_db()
    assert (report.difficulties, line.progress) == ("", 0)


def test_a_lines_difficulties_too_long_are_refused_naming_the_field(client, report, line, commune_planner):
    response = _post(
        client,
        commune_planner,
        report,
        {f"line-{line.pk}-progress": "40", f"line-{line.pk}-difficulties": "x" * 10_001},
    )
    assert response.status_code == 400
    assert "“Khó khăn, vướng mắc” quá dài: tối đa 10.000 ký tự." in response.content.decode()
    line.refresh_from_db()
    assert (line.progress, line.difficulties) == (0, "")


def test_multi_line_difficulties_in_nfd_are_kept_as_nfc(client, report, line, commune_planner):
    import unicodedata

    text = "Mưa kéo dài\r\nThủy lợi hỏng"
    _post(client, commune_planner, report, {"difficulties": unicodedata.normalize("NFD", text)})
    report.refresh_from_db()
    assert report.difficulties == text


def test_an_amount_beyond_what_is_kept_is_refused_not_a_server_error(client, report, line, commune_planner):
    funding = line.work.fundings.get()
    response = _post(
        client,
        commune_planner,
        report,
        {f"line-{line.pk}-progress": "40", f"line-{line.pk}-source-{funding.pk}": "1" + "0" * 30},
    )
    assert response.status_code == 400
    line.refresh_from_db()
    assert line.disbursed == {} or line.disbursed.get(str(funding.pk), 0) == 0


def test_a_return_reason_with_a_text_direction_character_is_refused(
    client, report, commune_planner, commune_leader
):
    move_report(report, "submitted", commune_planner)
    client.force_login(commune_leader)
    page = client.post(
        reverse("monitoring:report_move", args=[report.pk]),
        {"to": "draft", "reason": "Thiếu số\u202egiải ngân"},
        follow=True,
        **VI,
    ).content.decode()
    assert "“Lý do” chứa ký tự không lưu được (U+202E" in page
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_board_member_longer_than_the_field_is_refused_naming_the_line(client, world, commune_planner):
    from sedp.monitoring.models import Member, Work

    start_works(world.plan, commune_planner)
    work = Work.objects.get(activity=world.road)
    client.force_login(commune_planner)
    url = reverse("monitoring:board", args=[work.pk])
    members = f"Y Bih Niê; nam; Trưởng ban\n{'H Hoa ' * 30}; nữ\nAma Kông; nam; {'phó ' * 30}"
    bad = client.post(url, {"kind": "management_board", "members": members}, **VI)
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "Thành viên 2: họ tên quá dài: tối đa 150 ký tự." in page
    assert "Thành viên 3: vai trò quá dài: tối đa 100 ký tự." in page
    assert not Member.objects.filter(board__work=work).exists()
