"""Reminders of progress reports (issue 12 §5): three days before a quarter's report is due and on the day, the
people of each unit following works get an e-mail in Vietnamese — not a unit that has already sent it, not on
other days, not people without an address."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sedp.core.reporting import PeriodKind, period
from sedp.monitoring import actions
from sedp.monitoring.reminders import reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def following(world, commune_planner, commune_leader):
    actions.start_works(world.plan, commune_planner)
    commune_planner.email, commune_leader.email = "canboxa@example.vn", ""
    commune_planner.save(), commune_leader.save()
    return world


def test_the_commune_is_reminded_three_days_before_and_on_the_due_day_only(following, year, units):
    q1 = period(PeriodKind.QUARTER, year, 1)  # due 5 April
    for day in (q1.due - timedelta(days=3), q1.due):
        mail.outbox.clear()
        call_command("send_reminders", f"--today={day.isoformat()}")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["canboxa@example.vn"]  # the leader has no address: nobody else
        assert f"Quý I/{year}" in message.subject and "Phường Ea Kao" in message.subject
        assert (
            f"{q1.due:%d/%m/%Y}" in message.body
            and f"/monitoring/plan/{following.plan.pk}/reports/" in message.body
        )
    assert "hôm nay" in mail.outbox[0].subject
    mail.outbox.clear()
    call_command("send_reminders", today=q1.due - timedelta(days=1))
    assert mail.outbox == []


def test_a_unit_that_has_sent_its_report_is_not_reminded(following, year, units, commune_planner):
    q2 = period(PeriodKind.QUARTER, year, 2)
    assert [r.unit_name for r in reminders(q2.due)] == ["Phường Ea Kao"]
    report = actions.create_report(
        units.ea_kao, following.plan, commune_planner, period_kind="quarter", period=2, year=year, due=q2.due
    )
    assert [r.unit_name for r in reminders(q2.due)] == ["Phường Ea Kao"]  # a draft is not sent
    actions.move_report(report, "submitted", commune_planner)
    assert reminders(q2.due) == []


def test_no_works_followed_no_reminder(adopted_plan, year):
    assert reminders(period(PeriodKind.QUARTER, year, 3).due) == []
    assert reminders(date(year, 2, 14)) == []


def test_the_daily_run_locks_the_reports_sent_long_after_their_due_date(
    following, year, units, commune_planner, commune_leader, settings
):
    settings.SEDP_REPORT_LOCK_DAYS = 30
    q1 = period(PeriodKind.QUARTER, year, 1)
    sent = actions.create_report(
        units.ea_kao, following.plan, commune_planner, period_kind="quarter", period=1, year=year, due=q1.due
    )
    actions.move_report(sent, "submitted", commune_planner)
    draft = actions.create_report(
        units.ea_kao,
        following.plan,
        commune_planner,
        period_kind="month",
        period=1,
        year=year,
        due=period(PeriodKind.MONTH, year, 1).due,
    )
    call_command("send_reminders", today=q1.due + timedelta(days=30))
    sent.refresh_from_db()
    assert not sent.locked  # 30 days after: still open
    call_command("send_reminders", today=q1.due + timedelta(days=31))
    sent.refresh_from_db(), draft.refresh_from_db()
    assert sent.locked and not draft.locked  # a draft never sent is not locked: it is still owed
    with pytest.raises(ValidationError, match="đã khóa"):
        actions.move_report(sent, "approved", commune_leader)
