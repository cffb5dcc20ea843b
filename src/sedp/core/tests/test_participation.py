"""The participation rules of source 001, one test per rule, with the boundaries (exactly 30 % passes)."""

from decimal import Decimal

from sedp.core import participation as p


def test_it_warns_when_women_are_under_30_percent_of_a_village_meeting():
    w = p.women_share(men=71, women=29)
    assert w == p.RuleWarning(
        "women_share", {"women": 29, "total": 100, "percent": Decimal("29.0"), "minimum": 30}
    )


def test_it_accepts_exactly_30_percent_women():
    assert p.women_share(men=70, women=30) is None
    assert p.women_share(men=7, women=3) is None


def test_it_does_not_warn_before_anyone_is_counted():
    assert p.women_share(0, 0) is None


def test_it_uses_exact_fractions_not_rounded_percent():
    # 29.97 % rounds to 30.0 on paper but is still under the rule.
    w = p.women_share(men=2335, women=999)
    assert w is not None and w.figures["percent"] == Decimal("30.0")


def test_it_warns_when_the_working_group_is_far_from_20_members():
    assert p.working_group_size(14).figures == {"members": 14, "target": 20, "low": 15, "high": 25}
    assert p.working_group_size(26) is not None
    assert p.working_group_size(15) is None and p.working_group_size(25) is None
    assert p.working_group_size(20) is None


def test_it_warns_when_the_working_group_has_under_30_percent_women():
    w = p.working_group_women(members=20, women=5)
    assert w.key == "working_group_women" and w.figures["percent"] == Decimal("25.0")
    assert p.working_group_women(members=20, women=6) is None


def test_it_warns_when_fewer_than_3_members_are_trained_in_planning():
    assert p.working_group_trained(2).figures == {"trained": 2, "minimum": 3}
    assert p.working_group_trained(3) is None


def test_it_warns_when_a_village_meeting_is_not_chaired_by_the_head_or_deputy():
    assert p.chair("other") == p.RuleWarning("chair", {"role": "other"})
    assert p.chair("head") is None and p.chair("deputy") is None


def test_it_checks_only_the_rules_that_apply_to_the_kind_of_meeting():
    keys = [
        w.key
        for w in p.check_meeting(
            "village_meeting_1",
            men=80,
            women=20,
            chair_role="other",
            working_group=p.WorkingGroup(members=10, women=2, trained=1),
        )
    ]
    assert keys == [
        "women_share",
        "working_group_size",
        "working_group_women",
        "working_group_trained",
        "chair",
    ]
    # A working-group meeting is chaired by the group's leader and has no 30 % attendance rule of its own.
    assert p.check_meeting("working_group", men=80, women=20, chair_role="other") == []
    assert p.check_meeting("village_meeting_2", men=60, women=40, chair_role="deputy") == []


def test_a_number_trained_not_entered_is_not_checked():
    assert p.working_group_trained(None) is None
    found = p.check_meeting(
        "working_group", men=13, women=7, chair_role="other", working_group=p.WorkingGroup(20, 7, None)
    )
    assert found == []


def test_attendance_is_recorded_once_someone_is_counted():
    assert not p.attendance_recorded(0, 0)
    assert p.attendance_recorded(0, 1)


def test_the_village_steps_say_which_meeting_comes_first_and_what_is_next():
    assert p.village_steps(set()) == [
        ("village_meeting_1", "next"),
        ("working_group", "later"),
        ("village_meeting_2", "later"),
        ("annual_planning", "later"),
    ]
    assert [s for _k, s in p.village_steps({"village_meeting_1"})] == ["done", "next", "later", "later"]
    # Meeting 2 held before the working group: the working group is still what comes next.
    assert [s for _k, s in p.village_steps({"village_meeting_2"})] == ["next", "later", "done", "later"]
    assert [s for _k, s in p.village_steps(set(), midterm_adopted=True)] == ["done", "done", "done", "next"]
