"""The consultation's pure parts: the state machine table, the item-by-item diff, the 3-day rule, the schedule by
week and month, and one village's part of a draft."""

from datetime import date

import pytest

from sedp.core import consultation as c


def item(key, label="", **fields):
    return {"key": key, "kind": key.split(":")[0], "label": label, "fields": fields}


# --- the state machine ------------------------------------------------------------------------------------------

LEGAL = {
    ("draft", "in_consultation"),
    ("in_consultation", "revised"),
    ("revised", "adopted"),
    ("adopted", "approved"),
    ("approved", "submitted"),
}


@pytest.mark.parametrize("source", c.STATES)
@pytest.mark.parametrize("target", c.STATES)
def test_it_allows_exactly_the_forward_moves(source, target):
    assert (c.transition(source, target) is not None) == ((source, target) in LEGAL)


def test_each_state_but_the_last_has_one_next_move():
    assert [t.target for t in c.next_moves("draft")] == ["in_consultation"]
    assert c.next_moves("submitted") == []


def test_adoption_needs_resolved_comments_decided_needs_and_the_frozen_text_and_locks():
    t = c.transition("revised", "adopted")
    assert set(t.needs) == {c.NEEDS_ALL_RESOLVED, c.NEEDS_ALL_DECIDED, c.NEEDS_UNCHANGED}
    assert t.locks and t.permission == "manage"  # the leader's, as approval is


def test_approval_needs_the_resolution_and_the_manage_permission():
    t = c.transition("adopted", "approved")
    assert t.needs == (c.NEEDS_RESOLUTION,) and t.permission == "manage"


def test_consultation_needs_a_version_and_revision_a_newer_one():
    assert c.transition("draft", "in_consultation").needs == (c.NEEDS_VERSION,)
    assert c.transition("in_consultation", "revised").needs == (c.NEEDS_NEWER_VERSION,)


# --- the diff -----------------------------------------------------------------------------------------------------


def test_it_compares_two_versions_item_by_item():
    a = {
        "items": [
            item("plan", "KH 2027", total_budget=100),
            item("activity:1", "1. Khảo sát", title="Khảo sát", quarters="I", cost=10),
            item("activity:2", "2. Tập huấn", title="Tập huấn", quarters="II"),
            item("result:1", "1. Hộ nghèo được vay vốn", output="Hộ nghèo được vay vốn"),
        ]
    }
    b = {
        "items": [
            item("plan", "KH 2027", total_budget=100),
            item("activity:1", "1. Khảo sát lại", title="Khảo sát lại", quarters="I, II", cost=10),
            item("result:1", "1. Hộ nghèo được vay vốn", output="Hộ nghèo được vay vốn"),
            item("activity:3", "3. Giải ngân", title="Giải ngân"),
        ]
    }
    d = c.diff(a, b)
    assert [i["key"] for i in d.added] == ["activity:3"]
    assert [i["key"] for i in d.removed] == ["activity:2"]
    assert len(d.changed) == 1
    change = d.changed[0]
    assert (change.key, change.label) == ("activity:1", "1. Khảo sát lại")
    assert change.changes == (
        c.FieldChange("title", "Khảo sát", "Khảo sát lại"),
        c.FieldChange("quarters", "I", "I, II"),
    )
    assert d.unchanged == 2 and not d.is_empty


def test_a_version_compared_with_itself_is_unchanged():
    a = {"items": [item("plan", total_budget=1), item("need:4", fate="included", activities=["activity:1"])]}
    d = c.diff(a, a)
    assert d.is_empty and d.unchanged == 2
    assert c.same_content(a, a)


def test_empty_values_are_the_same_absence_and_lists_compare_as_sets():
    a = {"items": [item("need:1", reason="", activities=["activity:2", "activity:1"])]}
    b = {"items": [item("need:1", reason=None, activities=["activity:1", "activity:2"], referred_to="")]}
    assert c.diff(a, b).is_empty


def test_a_field_missing_in_the_old_version_shows_as_a_change_only_with_a_value():
    a = {"items": [item("activity:1", title="A")]}
    b = {"items": [item("activity:1", title="A", responsible="UBND")]}
    assert c.diff(a, b).changed[0].changes == (c.FieldChange("responsible", None, "UBND"),)


def test_diff_of_nothing_is_empty():
    assert c.diff(None, {"items": []}).is_empty
    assert c.item_keys({"items": [item("plan")]}) == {"plan"}


# --- the 3-day rule -----------------------------------------------------------------------------------------------


def test_three_days_before_the_conference_is_enough():
    assert c.distribution_warning(date(2026, 6, 5), date(2026, 6, 8)) is None


def test_two_days_before_is_a_warning_with_the_days():
    w = c.distribution_warning(date(2026, 6, 6), date(2026, 6, 8))
    assert w == c.DistributionWarning("late", 2, 3)


def test_a_draft_sent_after_the_conference_counts_negative_days():
    assert c.distribution_warning(date(2026, 6, 9), date(2026, 6, 8)).days == -1


def test_no_distribution_date_is_a_warning_once_the_conference_has_a_date():
    assert c.distribution_warning(None, date(2026, 6, 8)) == c.DistributionWarning("undated")
    assert c.distribution_warning(None, None) is None


# --- the schedule -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, week",
    [(date(2027, 6, 1), 1), (date(2027, 6, 7), 1), (date(2027, 6, 8), 2), (date(2027, 6, 29), 5)],
)
def test_week_of_month(day, week):
    assert c.week_of_month(day) == (week, 6, 2027)


def test_default_schedule_is_six_steps_in_june_before_the_upper_plan_with_3_days_for_the_draft():
    rows = c.default_schedule(c.default_start(2027))
    assert [r.step for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0].starts_on == date(2026, 6, 1)
    assert rows[-1].ends_on < date(2026, 6, 20)  # the upper level plans from 20 June (source 001)
    assert all(r.starts_on <= r.ends_on for r in rows)
    assert all(a.ends_on < b.starts_on for a, b in zip(rows, rows[1:], strict=False))
    # the draft is done by the end of step 2 and can be sent out 3 days before step 3
    assert c.distribution_warning(rows[1].ends_on, rows[2].starts_on) is None


def test_default_start_follows_the_cycle_when_it_has_a_commune_plan_milestone():
    assert c.default_start(2027, date(2026, 6, 3)) == date(2026, 6, 3)


@pytest.mark.parametrize(
    "starts, ends, done, status",
    [
        (None, None, None, c.NOT_SCHEDULED),
        (date(2026, 6, 8), date(2026, 6, 9), None, c.SCHEDULED),
        (date(2026, 6, 1), date(2026, 6, 9), None, c.UNDER_WAY),
        (date(2026, 6, 1), date(2026, 6, 4), None, c.OVERDUE),
        (date(2026, 6, 1), date(2026, 6, 4), date(2026, 6, 4), c.DONE),
    ],
)
def test_step_status(starts, ends, done, status):
    assert c.step_status(starts, ends, done, today=date(2026, 6, 5)) == status


def test_a_step_the_plan_has_moved_past_is_never_overdue():
    late = (date(2026, 6, 1), date(2026, 6, 4), None)
    assert c.step_status(*late, date(2026, 6, 5), step=6, state=c.REVISED) == c.OVERDUE
    for state in (c.ADOPTED, c.APPROVED, c.SUBMITTED):
        assert c.step_status(*late, date(2026, 6, 5), step=6, state=state) == c.PASSED
    assert c.step_status(*late, date(2026, 6, 5), step=2, state=c.IN_CONSULTATION) == c.PASSED
    assert c.step_status(*late, date(2026, 6, 5), step=3, state=c.IN_CONSULTATION) == c.OVERDUE
    assert c.step_status(None, None, date(2026, 6, 3), date(2026, 6, 5), step=6, state=c.ADOPTED) == c.DONE


def test_overdue_assignment():
    assert c.is_overdue(date(2026, 6, 4), None, date(2026, 6, 5))
    assert not c.is_overdue(date(2026, 6, 5), None, date(2026, 6, 5))
    assert not c.is_overdue(date(2026, 6, 4), date(2026, 6, 6), date(2026, 6, 5))


# --- one village's part ---------------------------------------------------------------------------------------------


def test_a_village_sees_its_needs_the_activities_they_went_into_and_what_those_hang_under():
    content = {
        "items": [
            item("objective:1", objective=None),
            item("indicator:1", parent="objective:1"),
            item("result:1", objective="objective:1"),
            item("indicator:2", parent="result:1"),
            item("activity:1", result="result:1"),
            item("result:2", objective="objective:1"),
            item("indicator:3", parent="result:2"),
            item("activity:2", result="result:2"),
            item("need:10", village=7, fate="merged", activities=["activity:1"]),
            item("need:11", village=7, fate="postponed", activities=[]),
            item("need:12", village=8, fate="included", activities=["activity:2"]),
        ]
    }
    part = c.village_part(content, 7)
    assert [n["key"] for n in part.needs] == ["need:10", "need:11"]
    assert [a["key"] for a in part.activities] == ["activity:1"]
    assert [r["key"] for r in part.results] == ["result:1"]
    assert [o["key"] for o in part.objectives] == ["objective:1"]
    assert [i["key"] for i in part.indicators] == ["indicator:1", "indicator:2"]
    assert "activity:2" not in part.keys
