"""The planning calendar (pure core) and cycles built from it, with a province's own dates."""

from datetime import date

import pytest

from sedp.core.calendar import DEFAULT_MILESTONES, DayOfYear, Phase, build_milestones, cycle_status
from sedp.cycles.actions import create_cycle, set_province_calendar


def by_key(milestones):
    return {m.key: m for m in milestones}


def test_it_dates_the_source_calendar_for_a_plan_year():
    m = by_key(build_milestones(2027))
    assert (m["training"].starts_on, m["training"].due_on) == (date(2026, 4, 10), date(2026, 4, 20))
    assert (m["village_midterm"].starts_on, m["village_midterm"].due_on) == (
        date(2026, 5, 10),
        date(2026, 5, 20),
    )
    assert (m["village_annual"].starts_on, m["village_annual"].due_on) == (
        date(2026, 5, 20),
        date(2026, 5, 30),
    )
    assert m["commune_plan"].starts_on == date(2026, 6, 1)
    assert (m["upper_plan"].starts_on, m["upper_plan"].due_on) == (date(2026, 6, 20), date(2026, 7, 15))
    assert m["upper_assignment"].starts_on == date(2027, 1, 1)
    assert m["commune_assignment"].due_on == date(2027, 1, 31)
    assert m["evaluation_6_months"].due_on == date(2027, 6, 30)
    assert m["evaluation_year"].starts_on == date(2027, 12, 1)


@pytest.mark.parametrize(
    "today, phase",
    [
        (date(2026, 3, 1), None),
        (date(2026, 4, 15), Phase.PREPARATION),
        (date(2026, 5, 25), Phase.PLANNING),
        (date(2026, 11, 23), Phase.PLANNING),  # between the July district plan and January's assignment
        (date(2027, 1, 5), Phase.ASSIGNMENT),
        (date(2027, 6, 20), Phase.EVALUATION),
        (date(2027, 8, 1), Phase.IMPLEMENTATION),
        (date(2027, 12, 15), Phase.EVALUATION),
    ],
)
def test_it_tells_the_current_phase(today, phase):
    assert cycle_status(build_milestones(2027), today).phase == phase


def test_it_lists_what_is_overdue_and_what_is_due_next():
    milestones = [
        m if m.key != "training" else m.__class__(m.key, m.phase, m.starts_on, m.due_on, date(2026, 4, 18))
        for m in build_milestones(2027)
    ]
    status = cycle_status(milestones, date(2026, 5, 25))
    assert [m.key for m in status.overdue] == ["village_midterm"]
    assert status.next_due.key == "village_annual"
    assert not status.closed


def test_a_province_moves_a_milestone_for_its_new_cycles(db, units, province_officer):
    set_province_calendar(
        units.daklak, "village_midterm", DayOfYear(5, 1, -1), DayOfYear(5, 15, -1), actor=province_officer
    )
    cycle = create_cycle(units.ea_kao, 2032)
    midterm = cycle.milestones.get(key="village_midterm")
    assert (midterm.starts_on, midterm.due_on) == (date(2031, 5, 1), date(2031, 5, 15))
    other = create_cycle(units.hanoi_commune, 2032)  # another province keeps the source's dates
    assert other.milestones.get(key="village_midterm").starts_on == date(2031, 5, 10)


def test_a_backwards_window_is_refused():
    with pytest.raises(ValueError):
        build_milestones(2027, {"training": (DayOfYear(4, 20, -1), DayOfYear(4, 10, -1))})
    assert len(DEFAULT_MILESTONES) == 10
