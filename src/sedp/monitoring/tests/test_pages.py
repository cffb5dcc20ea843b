"""The monitoring pages: a plan's works started and listed, a report moved by the right people, a locked report
refused on the page, and the upper level's reporting rate."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sedp.monitoring.actions import create_report, move_report, start_works
from sedp.monitoring.models import Report, ReportState, Work
from sedp.places.models import Unit


def _login(client, user):
    client.force_login(user)
    return client


def test_the_commune_starts_following_its_works_and_sees_them(client, world, commune_planner, outsider):
    url = reverse("monitoring:plan", args=[world.plan.pk])
    page = _login(client, commune_planner).get(url)
    assert page.status_code == 200
    assert "Bắt đầu theo dõi các công trình" in page.content.decode()
    response = client.post(reverse("monitoring:start", args=[world.plan.pk]), follow=True)
    text = response.content.decode()
    assert Work.objects.filter(activity__plan=world.plan).count() == 2
    assert escape(str(world.road)) in text and "700.000.000" in text
    assert "chưa báo cáo" in text
    # The plan's tabs link to the page.
    assert url in client.get(reverse("plans:commune", args=[world.plan.pk])).content.decode()
    # A work's page.
    work = Work.objects.get(activity=world.road)
    assert client.get(reverse("monitoring:work", args=[work.pk])).status_code == 200
    # Another commune's leader sees none of it.
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)
    assert client.get(reverse("monitoring:work", args=[work.pk])).status_code == 404


def test_a_finding_not_fixed_needs_a_reason_on_the_page(client, world, commune_planner):
    start_works(world.plan, commune_planner)
    work = Work.objects.get(activity=world.road)
    _login(client, commune_planner)
    client.post(
        reverse("monitoring:finding_add", args=[work.pk]),
        {"on": "2026-03-01", "checked": "Mặt đường", "found": "Nứt ở đoạn đầu"},
    )
    finding = work.findings.get()
    page = client.post(reverse("monitoring:finding_follow", args=[finding.pk]), {"status": "not_fixed"})
    assert page.status_code == 400 and "lý do" in page.content.decode()
    page = client.post(
        reverse("monitoring:finding_follow", args=[finding.pk]), {"status": "not_fixed", "reason": "Chờ vốn"}
    )
    finding.refresh_from_db()
    assert finding.status == "not_fixed" and finding.reason == "Chờ vốn"


@pytest.fixture
def report(world, units, commune_planner, year):
    start_works(world.plan, commune_planner)
    return create_report(
        units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=1, year=year
    )


def _move(client, report, to, **extra):
    return client.post(reverse("monitoring:report_move", args=[report.pk]), {"to": to, **extra}, follow=True)


def test_a_report_is_filled_then_moved_by_whom_it_belongs_to(
    client, report, commune_planner, commune_leader, province_officer
):
    url = reverse("monitoring:report", args=[report.pk])
    _login(client, commune_planner)
    line = report.lines.get(work__activity__cost=800_000_000)
    funding = line.work.fundings.get()
    bad = client.post(url, {f"line-{line.pk}-progress": "140", f"line-{line.pk}-source-{funding.pk}": "5"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Không có gì được lưu" in text and "140" in text and escape(str(line.work)) in text
    client.post(url, {f"line-{line.pk}-progress": "40", f"line-{line.pk}-source-{funding.pk}": "200.000.000"})
    line.refresh_from_db()
    assert line.progress == 40 and line.disbursed == {str(funding.pk): 200_000_000}
    client.post(url, {f"line-{line.pk}-progress": "40", "difficulties": "Mưa kéo dài"})
    report.refresh_from_db()
    assert report.difficulties == "Mưa kéo dài"

    page = client.get(url).content.decode()
    assert 'value="submitted"' in page and 'value="approved"' not in page
    _move(client, report, "submitted")
    _move(client, report, "approved")  # the planner may not approve
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    _login(client, commune_leader)
    assert 'value="approved"' in client.get(url).content.decode()
    _move(client, report, "accepted")
    _move(client, report, "approved")
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED

    _login(client, province_officer)
    _move(client, report, "accepted")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.locked


def test_an_edit_after_the_report_locked_is_refused_on_the_page(
    client, report, commune_planner, commune_leader, province_officer
):
    for to, who in (
        ("submitted", commune_planner),
        ("approved", commune_leader),
        ("accepted", province_officer),
    ):
        move_report(report, to, who)
    line = report.lines.first()
    client.force_login(commune_planner)
    url = reverse("monitoring:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "Báo cáo này đã khóa" in page
    assert f'name="line-{line.pk}-progress"' not in page
    refused = client.post(url, {f"line-{line.pk}-progress": "90"})
    assert refused.status_code == 400
    assert "không thể sửa đổi" in refused.content.decode()
    line.refresh_from_db()
    assert line.progress == 0


def test_the_reporting_rate_of_the_province_counts_on_time_late_and_missing(
    client, world, units, commune_planner, province_officer, village_head, django_assert_max_num_queries, year
):
    report = create_report(
        units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=1, year=year
    )
    move_report(report, "submitted", commune_planner)
    from sedp.core.reporting import period

    due = period("quarter", year, 1).due
    Report.objects.filter(pk=report.pk).update(
        submitted_at=timezone.make_aware(
            timezone.datetime.combine(due + timedelta(days=3), timezone.datetime.min.time())
        )
    )
    children = Unit.objects.filter(parent=units.daklak, is_legacy=False).count()
    client.force_login(province_officer)
    url = reverse("monitoring:rate", args=[units.daklak.pk]) + f"?kind=quarter&period=1&year={year}"
    with django_assert_max_num_queries(12):
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert f"0 đúng hạn, 1 muộn, {children - 1} chưa báo cáo trên {children}" in text
    assert units.ea_kao.name in text
    client.force_login(village_head)
    assert client.get(url).status_code == 403


def _png(width, height):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (width, height), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_is_shown_small_and_served_only_to_who_may_view_the_work(
    client, world, commune_planner, outsider, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    start_works(world.plan, commune_planner)
    work = Work.objects.get(activity=world.road)
    _login(client, commune_planner)
    url = reverse("monitoring:photo_add", args=[work.pk])
    refused = client.post(url, {"stage": "before", "image": SimpleUploadedFile("a.png", b"not an image")})
    assert refused.status_code == 400 and "không phải ảnh" in refused.content.decode()
    client.post(url, {"stage": "before", "image": SimpleUploadedFile("a.png", _png(320, 200))})
    photo = work.photos.get()
    page = client.get(reverse("monitoring:work", args=[work.pk])).content.decode()
    src = reverse("monitoring:photo", args=[photo.pk])
    assert f'src="{src}" width="160" height="100"' in page
    served = client.get(src)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    client.force_login(outsider)
    assert client.get(src).status_code == 404


def test_a_board_lists_its_members_by_sex_and_names_the_bad_row(client, world, commune_planner):
    start_works(world.plan, commune_planner)
    work = Work.objects.get(activity=world.road)
    _login(client, commune_planner)
    url = reverse("monitoring:board", args=[work.pk])
    members = "Y Bih Niê; nam; Trưởng ban\nH Hoa Mlô; nữ\nAma Kông; ?"
    bad = client.post(url, {"kind": "management_board", "members": members})
    assert bad.status_code == 400 and "Thành viên 3" in bad.content.decode()
    assert "H Hoa Mlô" in bad.content.decode()  # what was typed is kept
    client.post(url, {"kind": "management_board", "members": members.replace("?", "nam")})
    page = client.get(reverse("monitoring:work", args=[work.pk])).content.decode()
    assert "2 nam, 1 nữ" in page and "Trưởng ban" in page


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_works_and_report_pages_take_as_many_queries_for_ten_works_as_for_two(
    client, world, units, commune_planner, year
):
    from sedp.funding.models import Allocation
    from sedp.plans.models import Activity

    _login(client, commune_planner)
    start_works(world.plan, commune_planner)
    first = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=1, year=year)
    plan_url = reverse("monitoring:plan", args=[world.plan.pk])
    report_url = reverse("monitoring:report", args=[first.pk])
    few = (_queries(client, plan_url), _queries(client, report_url))
    for n in range(8):
        activity = Activity.objects.create(
            plan=world.plan, title=f"Công trình {n}", cost=10_000_000, order=50 + n
        )
        Allocation.objects.create(activity=activity, source=world.ntm, amount=10_000_000)
    start_works(world.plan, commune_planner)
    more = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=2, year=year)
    assert more.lines.count() == 10
    many = (_queries(client, plan_url), _queries(client, reverse("monitoring:report", args=[more.pk])))
    assert many == few


def test_a_returned_report_needs_its_reason_on_the_page(client, report, commune_planner, commune_leader):
    move_report(report, "submitted", commune_planner)
    _login(client, commune_leader)
    page = _move(client, report, "draft").content.decode()
    assert "lý do" in page
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    _move(client, report, "draft", reason="Thiếu số giải ngân")
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_the_plan_page_counts_milestones_met_and_missed_and_shows_the_latest_progress(
    client, report, world, commune_planner
):
    from sedp.monitoring.actions import save_report_line

    work = Work.objects.get(activity=world.road)
    save_report_line(report, work, commune_planner, progress=35)
    _login(client, commune_planner)
    url = reverse("monitoring:milestone", args=[work.pk])
    client.post(url, {"kind": "estimate_approved", "met_on": "2026-01-10", "due": "2026-01-15"})
    client.post(url, {"kind": "started", "due": "2020-01-01"})  # not met, long past its due date
    bad = client.post(url, {"kind": "started", "met_on": "ngày mai"})
    assert bad.status_code == 400 and "Ngày đạt" in bad.content.decode()
    page = client.get(reverse("monitoring:plan", args=[world.plan.pk])).content.decode()
    row = page[page.index(escape(str(work.activity))) :].split("</tr>")[0]
    assert "<td>1</td><td>1</td>" in row and "35%" in row


def test_a_village_head_reports_the_village_s_self_run_work(
    client, world, units, commune_planner, village_head, year
):
    from sedp.monitoring.actions import hand_to_village

    start_works(world.plan, commune_planner)
    work = Work.objects.get(activity=world.latrines)
    hand_to_village(work, units.ea_kmat, commune_planner)
    _login(client, commune_planner)
    page = client.get(reverse("monitoring:reports", args=[world.plan.pk])).content.decode()
    assert f"?unit={units.ea_kmat.pk}" in page
    _login(client, village_head)
    url = reverse("monitoring:reports", args=[world.plan.pk]) + f"?unit={units.ea_kmat.pk}"
    assert client.get(url).status_code == 200
    created = client.post(
        reverse("monitoring:report_new", args=[world.plan.pk]),
        {"unit": units.ea_kmat.pk, "period_kind": "month", "period": 3, "year": year},
    )
    report = Report.objects.get(unit=units.ea_kmat)
    assert created.status_code == 302 and [line.work for line in report.lines.all()] == [work]
    # The commune's own reports are not the village head's.
    assert client.get(reverse("monitoring:reports", args=[world.plan.pk])).status_code == 403


def _english_left(html: str) -> list[str]:
    """What the page-walking test finds on a page: English words, decimals with a dot, lowercase headings."""
    from sedp.tests.test_vietnamese_pages import _DOT_DECIMAL, _ENGLISH, _Page

    parsed = _Page()
    parsed.feed(html)
    text = " ".join(" ".join(parsed.text).split())
    found = [m.group() for m in _ENGLISH.finditer(text)] + [m.group() for m in _DOT_DECIMAL.finditer(text)]
    return found + [h for _tag, h in parsed.headings if h[:1].isalpha() and not h[0].isupper()]


def test_the_pages_the_demo_walk_does_not_reach_read_in_vietnamese(
    client, report, world, commune_planner, commune_leader, settings, tmp_path
):
    """The work and report pages (the demo holds no work): Vietnamese for their users, with data in them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sedp.monitoring.actions import add_photo, meet_milestone, record_finding, set_board

    settings.MEDIA_ROOT = tmp_path
    work = Work.objects.get(activity=world.road)
    set_board(work, "supervision_board", [{"name": "H Hoa", "sex": "female"}], commune_planner)
    meet_milestone(
        work, "started", commune_planner, met_on=None, due=timezone.localdate() - timedelta(days=3)
    )
    record_finding(work, commune_planner, on=timezone.localdate(), checked="Mặt đường", found="Nứt")
    add_photo(work, SimpleUploadedFile("a.png", _png(40, 30)), commune_planner, stage="during")
    move_report(report, "submitted", commune_planner)
    for user, url in (
        (commune_planner, reverse("monitoring:work", args=[work.pk])),
        (commune_planner, reverse("monitoring:report", args=[report.pk])),
        (commune_leader, reverse("monitoring:report", args=[report.pk])),
        (commune_planner, reverse("monitoring:reports", args=[world.plan.pk])),
    ):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert _english_left(page.content.decode()) == [], url


def test_settled_above_disbursed_is_refused_and_a_rate_is_typed_as_its_two_counts(
    client, report, commune_planner
):
    url = reverse("monitoring:report", args=[report.pk])
    _login(client, commune_planner)
    line = report.lines.get(work__activity__cost=800_000_000)
    funding = line.work.fundings.get()
    rate = report.indicator_values.get(indicator__name="Tỷ lệ hộ nghèo")
    fields = {
        f"line-{line.pk}-progress": "40",
        f"line-{line.pk}-source-{funding.pk}": "200.000.000",
        f"line-{line.pk}-settled-{funding.pk}": "250.000.000",
        f"ind-{rate.pk}-numerator": "18",
        f"ind-{rate.pk}-denominator": "150",
    }
    bad = client.post(url, fields)
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "250.000.000 đ" in text and "200.000.000 đ" in text and "quyết toán" in text
    line.refresh_from_db()
    rate.refresh_from_db()
    assert line.disbursed == {} and rate.numerator is None  # nothing saved

    fields[f"line-{line.pk}-settled-{funding.pk}"] = "150.000.000"
    assert client.post(url, fields).status_code == 302
    line.refresh_from_db()
    rate.refresh_from_db()
    assert line.settled == {str(funding.pk): 150_000_000}
    assert (rate.numerator, rate.denominator, rate.value) == (18, 150, 12)
