"""Progress reports: their moves and who may make them, locking, and who reports which work."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sedp.audit.models import AuditEntry
from sedp.monitoring.actions import (
    create_report,
    hand_to_village,
    lock_overdue_reports,
    move_report,
    save_indicator_value,
    save_report_line,
    start_works,
)
from sedp.monitoring.models import ReportState, Work

M = 1_000_000


@pytest.fixture
def report(world, units, commune_planner, year):
    start_works(world.plan, commune_planner)
    return create_report(
        units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=1, year=year
    )


def test_a_report_goes_from_draft_to_accepted_each_move_by_whom_it_belongs_to(
    report, commune_planner, commune_leader, province_officer, village_head
):
    with pytest.raises(PermissionDenied):
        move_report(report, ReportState.SUBMITTED, village_head)
    report = move_report(report, ReportState.SUBMITTED, commune_planner)
    assert report.state == ReportState.SUBMITTED and report.submitted_at

    with pytest.raises(PermissionDenied):
        move_report(report, ReportState.APPROVED, commune_planner)  # the planner does not approve
    report = move_report(report, ReportState.APPROVED, commune_leader)

    with pytest.raises(PermissionDenied):
        move_report(
            report, ReportState.ACCEPTED, commune_leader
        )  # the commune does not accept its own report
    report = move_report(report, ReportState.ACCEPTED, province_officer)
    assert report.state == ReportState.ACCEPTED and report.locked
    assert list(
        AuditEntry.objects.filter(object_type="monitoring.report", object_id=str(report.pk))
        .order_by("id")
        .values_list("after__state", flat=True)
    ) == [None, "submitted", "approved", "accepted"]


def test_a_returned_report_needs_a_reason_and_goes_back_to_draft(report, commune_planner, commune_leader):
    report = move_report(report, ReportState.SUBMITTED, commune_planner)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        move_report(report, ReportState.DRAFT, commune_leader)
    assert "lý do" in str(refused.value)
    report = move_report(report, ReportState.DRAFT, commune_leader, reason="Thiếu số giải ngân kênh mương")
    assert report.state == ReportState.DRAFT
    assert AuditEntry.objects.get(action="monitoring.return_report").reason == "Thiếu số giải ngân kênh mương"
    with pytest.raises(ValidationError):
        move_report(report, ReportState.ACCEPTED, commune_leader)  # no skipping


def test_a_locked_report_refuses_any_change(report, world, commune_planner, commune_leader, province_officer):
    work = Work.objects.get(activity=world.road)
    save_report_line(report, work, commune_planner, progress=40, disbursed={work.fundings.get().pk: 200 * M})
    for to_state in (ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED):
        report = move_report(report, to_state, {ReportState.SUBMITTED: commune_planner}.get(to_state)
                             or (commune_leader if to_state == ReportState.APPROVED else province_officer))  # fmt: skip
    with translation.override("vi"):
        with pytest.raises(ValidationError) as refused:
            save_report_line(report, work, commune_planner, progress=90)
        assert "đã khóa" in str(refused.value)
        with pytest.raises(ValidationError) as refused:
            move_report(report, ReportState.DRAFT, province_officer, reason="Sửa lại")
        assert "đã khóa" in str(refused.value)
    line = report.lines.get(work=work)
    assert line.progress == 40 and line.disbursed == {str(work.fundings.get().pk): 200 * M}


def test_a_submitted_report_is_not_edited_until_returned(report, world, commune_planner):
    work = Work.objects.get(activity=world.road)
    report = move_report(report, ReportState.SUBMITTED, commune_planner)
    with pytest.raises(ValidationError):
        save_report_line(report, work, commune_planner, progress=10)


def test_a_line_refuses_a_progress_over_100_and_a_source_the_work_is_not_paid_from(
    report, world, commune_planner
):
    work = Work.objects.get(activity=world.road)
    other = Work.objects.get(activity=world.latrines).fundings.get()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        save_report_line(report, work, commune_planner, progress=120, disbursed={other.pk: 1})
    assert set(refused.value.message_dict) == {"progress", "disbursed"}
    assert report.lines.get(work=work).progress == 0


def test_a_village_head_reports_only_their_villages_self_run_works(
    world, units, commune_planner, village_head, year
):
    start_works(world.plan, commune_planner)
    road, latrines = Work.objects.get(activity=world.road), Work.objects.get(activity=world.latrines)
    hand_to_village(latrines, units.ea_kmat, commune_planner)
    commune_report = create_report(
        units.ea_kao, world.plan, commune_planner, period_kind="month", period=3, year=year
    )
    save_report_line(commune_report, latrines, village_head, progress=30)
    with pytest.raises(PermissionDenied):
        save_report_line(commune_report, road, village_head, progress=30)

    village_report = create_report(
        units.ea_kmat, world.plan, village_head, period_kind="month", period=3, year=year
    )
    assert [line.work for line in village_report.lines.all()] == [latrines]
    save_report_line(village_report, latrines, village_head, progress=35)
    with pytest.raises(PermissionDenied):
        create_report(units.ea_kao, world.plan, village_head, period_kind="month", period=4, year=year)


def test_an_indicator_value_for_the_period(report, world, commune_planner):
    indicator = world.plan.indicators.get(name="Tỷ lệ hộ có nhà tiêu hợp vệ sinh")
    value = save_indicator_value(
        report, indicator, commune_planner, value=82, numerator=2460, denominator=3000
    )
    assert value.value == 82 and value.denominator == 3000
    with pytest.raises(ValidationError):
        save_indicator_value(report, indicator, commune_planner, denominator=0)


def test_a_sent_report_locks_a_set_number_of_days_after_its_due_date(
    world, units, commune_planner, year, settings
):
    from datetime import date

    settings.SEDP_REPORT_LOCK_DAYS = 10
    start_works(world.plan, commune_planner)
    sent = create_report(
        units.ea_kao,
        world.plan,
        commune_planner,
        period_kind="month",
        period=1,
        year=year,
        due=date(year, 2, 5),
    )
    move_report(sent, ReportState.SUBMITTED, commune_planner)
    draft = create_report(
        units.ea_kao,
        world.plan,
        commune_planner,
        period_kind="month",
        period=2,
        year=year,
        due=date(year, 2, 5),
    )
    assert lock_overdue_reports(date(year, 2, 15), commune_planner) == 0
    assert lock_overdue_reports(date(year, 2, 16), commune_planner) == 1
    sent.refresh_from_db()
    draft.refresh_from_db()
    assert sent.locked and not draft.locked


def test_a_new_report_starts_from_the_last_one_approved_not_from_zero(
    report, world, units, commune_planner, commune_leader, year
):
    work = Work.objects.get(activity=world.road)
    funding = work.fundings.get()
    save_report_line(
        report,
        work,
        commune_planner,
        progress=30,
        disbursed={funding.pk: 80 * M},
        settled={funding.pk: 50 * M},
    )
    # Neither a draft nor a report the leader has not approved is carried.
    april = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=4, year=year)
    move_report(report, "submitted", commune_planner)
    may = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=5, year=year)
    assert april.lines.get(work=work).progress == may.lines.get(work=work).progress == 0
    move_report(report, "approved", commune_leader)
    q2 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=2, year=year)
    line = q2.lines.get(work=work)
    assert (line.progress, line.disbursed, line.settled) == (
        30,
        {str(funding.pk): 80 * M},
        {str(funding.pk): 50 * M},
    )
    # A month before the quarter's end does not carry a later quarter's figures.
    march = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=2, year=year)
    assert march.lines.get(work=work).progress == 0
