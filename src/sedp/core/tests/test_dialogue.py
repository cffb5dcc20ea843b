"""The dialogue's pure rules: source 002's 150-minute agenda, its timetable, commitments' statuses and what is
overdue, and the size of a resident's question."""

from datetime import date, time

from sedp.core import dialogue as d


def test_the_template_agenda_is_source_002s_150_minutes_in_its_order():
    assert [(a.key, a.minutes) for a in d.AGENDA] == [
        ("opening", 10),
        ("presentation", 20),
        ("questions", 45),
        ("break", 15),
        ("issues", 10),
        ("recommendations", 30),
        ("synthesis", 10),
        ("commitments", 10),
        ("closing", 0),
    ]
    assert d.PLANNED_MINUTES == 150
    assert d.AGENDA[0].responsible == d.FRONT and d.AGENDA[1].responsible == d.COMMITTEE
    assert d.AGENDA[7].responsible == d.COMMITTEE  # the committee commits, item by item


def test_the_timetable_runs_the_items_one_after_the_other():
    slots = d.timetable(time(8, 0), [10, 20, 45, 15])
    assert [(s.starts, s.ends) for s in slots] == [
        (time(8, 0), time(8, 10)),
        (time(8, 10), time(8, 30)),
        (time(8, 30), time(9, 15)),
        (time(9, 15), time(9, 30)),
    ]
    assert d.timetable(None, [10, 20]) == [None, None]
    assert d.timetable(time(23, 50), [20])[0].ends == time(0, 10)  # past midnight it wraps, it does not fail


def test_over_time_counts_only_the_minutes_beyond_the_plan():
    assert d.over_time([a.minutes for a in d.AGENDA]) == 0
    assert d.over_time([100, 70]) == 20
    assert d.over_time([30]) == 0


def test_a_commitment_is_overdue_only_while_open_after_its_deadline():
    today = date(2026, 6, 1)
    deadline = date(2026, 5, 31)
    assert d.is_overdue(deadline, d.NOT_STARTED, today)
    assert d.is_overdue(deadline, d.IN_PROGRESS, today)
    assert not d.is_overdue(deadline, d.KEPT, today)
    assert not d.is_overdue(deadline, d.NOT_KEPT, today)  # settled, with its reason
    assert not d.is_overdue(today, d.NOT_STARTED, today)  # due today is not late yet
    assert not d.is_overdue(None, d.NOT_STARTED, today)
    assert (
        d.days_overdue(deadline, d.IN_PROGRESS, today) == 1 and d.days_overdue(deadline, d.KEPT, today) == 0
    )


def test_not_kept_needs_its_reason_and_a_status_must_be_known():
    assert d.update_problem(d.NOT_KEPT, "  ") == "reason"
    assert d.update_problem(d.NOT_KEPT, "Chưa có kinh phí") is None
    assert d.update_problem(d.KEPT, "") is None
    assert d.update_problem("done", "") == "status"


def test_the_summary_counts_each_status_and_what_is_overdue():
    today = date(2026, 6, 1)
    s = d.summary(
        [
            (date(2026, 5, 1), d.KEPT),
            (date(2026, 5, 1), d.IN_PROGRESS),
            (date(2026, 7, 1), d.NOT_STARTED),
            (date(2026, 5, 1), d.NOT_KEPT),
        ],
        today,
    )
    assert (s.total, s.kept, s.in_progress, s.not_started, s.not_kept, s.overdue) == (4, 1, 1, 1, 1, 1)


def test_a_question_is_refused_empty_or_over_its_limit():
    assert d.question_problem("   ") == "empty"
    assert d.question_problem("x" * (d.QUESTION_LIMIT + 1)) == "too_long"
    assert d.question_problem("  " + "x" * d.QUESTION_LIMIT + "  ") is None  # spaces around do not count


def test_each_role_answers_for_the_bodies_it_holds():
    assert d.bodies_of_role("commune_leader") == {d.COMMITTEE, d.COUNCIL, d.PARTY, d.OTHER}
    assert d.bodies_of_role("commune_planner") == {d.COMMITTEE}
    assert d.bodies_of_role("front_representative") == {d.FRONT}
    assert d.bodies_of_role("village_head") == frozenset()
