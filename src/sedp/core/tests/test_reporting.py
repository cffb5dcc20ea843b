"""Report periods, the report's states and lock, who reported on time, and the finance totals a commune
discloses, as an official would check them."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sedp.core.reporting import (
    DueRule,
    FinanceLine,
    PeriodKind,
    Refused,
    ReportState,
    Timing,
    allowed_moves,
    can_edit,
    check_against_allocations,
    check_disbursed,
    check_edit,
    check_settled,
    due_date,
    finance_totals,
    is_locked,
    make_move,
    period,
    periods,
    timeliness,
    unit_timeliness,
)

# ---- periods


def test_a_year_has_12_monthly_4_quarterly_and_two_evaluation_periods():
    ps = periods(2026)
    kinds = [p.kind for p in ps]
    assert kinds.count(PeriodKind.MONTH) == 12 and kinds.count(PeriodKind.QUARTER) == 4
    assert kinds.count(PeriodKind.SIX_MONTHS) == 1 and kinds.count(PeriodKind.YEAR) == 1
    assert ps == sorted(ps, key=lambda p: (p.due, p.kind.months, p.number))


def test_reports_are_due_on_the_5th_of_the_next_month_by_default():
    q1 = period("quarter", 2026, 1)
    assert (q1.starts, q1.ends, q1.due) == (date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 5))
    assert period("quarter", 2026, 4).due == date(2027, 1, 5)
    assert period("month", 2026, 2).ends == date(2026, 2, 28)
    six = period(PeriodKind.SIX_MONTHS, 2026)
    assert (six.ends, six.due, six.months_elapsed) == (date(2026, 6, 30), date(2026, 7, 5), 6)
    assert period("year", 2026).months_elapsed == 12
    assert q1.label() == "Quý I/2026" and six.label() == "6 tháng đầu năm 2026"


def test_due_rules_are_configurable_per_kind():
    dues = {PeriodKind.SIX_MONTHS: DueRule(day=31, months_after=0), PeriodKind.MONTH: DueRule(day=10)}
    assert period("six_months", 2026, dues=dues).due == date(2026, 6, 30)  # the 31st of June is its last day
    assert period("month", 2026, 1, dues=dues).due == date(2026, 2, 10)
    assert period("quarter", 2026, 1, dues=dues).due == date(2026, 4, 5)
    assert due_date(date(2026, 12, 31), DueRule(day=20, months_after=2)) == date(2027, 2, 20)
    with pytest.raises(ValueError):
        period("quarter", 2026, 5)


# ---- states and lock


def test_the_whole_way_from_draft_to_accepted_by_the_right_people():
    s = ReportState.DRAFT
    s = make_move(s, "submit", "commune_planner", locked=False)
    s = make_move(s, "approve", "commune_leader", locked=False)
    assert allowed_moves(s, "province_officer", locked=False) == ["accept", "send_back"]
    s = make_move(s, "accept", "province_officer", locked=False)
    assert s == ReportState.ACCEPTED


def test_only_the_right_role_may_make_each_move():
    with pytest.raises(Refused) as e:
        make_move(ReportState.SUBMITTED, "approve", "commune_planner", locked=False)
    assert e.value.code == "role" and "không có quyền" in e.value.sentence()
    with pytest.raises(Refused):
        make_move(ReportState.APPROVED, "accept", "commune_leader", locked=False)
    with pytest.raises(Refused) as e:
        make_move(ReportState.DRAFT, "approve", "commune_leader", locked=False)
    assert e.value.code == "state"
    assert make_move(ReportState.SUBMITTED, "return", "commune_leader", locked=False) == ReportState.DRAFT
    assert make_move(ReportState.APPROVED, "send_back", "province_officer", locked=False) == ReportState.DRAFT
    assert allowed_moves(ReportState.DRAFT, "outsider", locked=False) == []


def test_a_report_locks_when_accepted_or_n_days_after_its_due_date():
    due = date(2026, 4, 5)
    assert is_locked(ReportState.ACCEPTED, due, date(2026, 4, 1))
    assert not is_locked(ReportState.DRAFT, due, due + timedelta(days=30), lock_after=30)
    assert is_locked(ReportState.DRAFT, due, due + timedelta(days=31), lock_after=30)
    assert not is_locked(ReportState.DRAFT, due, date(2030, 1, 1), lock_after=None)


def test_a_report_edit_after_lock_is_refused():
    due = date(2026, 4, 5)
    open_ = is_locked(ReportState.DRAFT, due, date(2026, 4, 15), lock_after=10)
    assert can_edit(ReportState.DRAFT, "commune_planner", locked=open_)
    check_edit(ReportState.DRAFT, "commune_planner", locked=open_)
    late = is_locked(ReportState.DRAFT, due, date(2026, 4, 16), lock_after=10)
    assert not can_edit(ReportState.DRAFT, "commune_planner", locked=late)
    with pytest.raises(Refused) as e:
        check_edit(ReportState.DRAFT, "commune_planner", locked=late)
    assert e.value.sentence() == "Báo cáo đã khóa, không thể sửa."
    with pytest.raises(Refused):
        make_move(ReportState.DRAFT, "submit", "commune_planner", locked=late)
    accepted = is_locked(ReportState.ACCEPTED, due, date(2026, 4, 6))
    assert not can_edit(ReportState.ACCEPTED, "commune_planner", locked=accepted)
    with pytest.raises(Refused) as e:
        make_move(ReportState.ACCEPTED, "send_back", "province_officer", locked=accepted)
    assert e.value.code == "locked"


def test_a_report_sent_in_time_can_still_be_accepted_once_locked_by_time():
    assert allowed_moves(ReportState.APPROVED, "province_officer", locked=True) == ["accept"]
    assert make_move(ReportState.APPROVED, "accept", "province_officer", locked=True) == ReportState.ACCEPTED


def test_only_a_draft_is_edited_and_only_by_a_reporter():
    assert not can_edit(ReportState.SUBMITTED, "commune_planner", locked=False)
    assert not can_edit(ReportState.DRAFT, "province_officer", locked=False)
    assert can_edit(ReportState.DRAFT, "village_head", locked=False)


@given(
    st.lists(st.sampled_from(["submit", "approve", "return", "accept", "send_back"]), max_size=12),
    st.lists(
        st.sampled_from(["commune_planner", "village_head", "commune_leader", "province_officer"]),
        min_size=12,
        max_size=12,
    ),
)
def test_no_sequence_of_moves_leaves_an_accepted_report(moves, roles):
    s = ReportState.DRAFT
    for move, role in zip(moves, roles, strict=False):
        before = s
        try:
            s = make_move(s, move, role, locked=is_locked(s, date(2026, 4, 5), date(2026, 4, 1)))
        except Refused:
            assert s == before
            continue
        assert move in allowed_moves(before, role, locked=False)
        assert before != ReportState.ACCEPTED


# ---- timeliness


def test_late_versus_on_time_by_one_day():
    due = date(2026, 4, 5)
    assert unit_timeliness("Xã A", date(2026, 4, 5), due, date(2026, 4, 30)).timing == Timing.ON_TIME
    late = unit_timeliness("Xã B", date(2026, 4, 6), due, date(2026, 4, 30))
    assert late.timing == Timing.LATE and late.days_late == 1
    missing = unit_timeliness("Xã C", None, due, date(2026, 4, 30))
    assert missing.timing == Timing.MISSING and missing.days_late == 25
    assert unit_timeliness("Xã C", None, due, date(2026, 4, 1)).days_late == 0


def test_reporting_rate_and_timeliness_of_a_set_of_units():
    due = date(2026, 4, 5)
    units = ["Xã A", "Xã B", "Xã C", "Xã D"]
    t = timeliness(
        units, {"Xã A": date(2026, 4, 3), "Xã B": date(2026, 4, 9), "Xã D": None}, due, date(2026, 4, 20)
    )
    assert (t.total, t.on_time, t.late, t.missing) == (4, 1, 1, 2)
    assert t.reporting_rate == Fraction(1, 2) and t.timeliness_rate == Fraction(1, 4)
    assert t.share(Timing.MISSING) == Fraction(1, 2)
    assert [r.days_late for r in t.rows] == [0, 4, 15, 15]
    assert timeliness([], {}, due, due).reporting_rate is None


@given(st.lists(st.one_of(st.none(), st.integers(-20, 20)), max_size=30))
def test_timeliness_counts_add_up(offsets):
    due = date(2026, 7, 5)
    units = list(range(len(offsets)))
    sent = {u: None if o is None else due + timedelta(days=o) for u, o in zip(units, offsets, strict=True)}
    t = timeliness(units, sent, due, due + timedelta(days=30))
    assert t.on_time + t.late + t.missing == len(offsets)
    assert t.on_time == sum(1 for o in offsets if o is not None and o <= 0)
    if offsets:
        assert t.reporting_rate == Fraction(t.on_time + t.late, len(offsets))


# ---- finance


def lines():
    return [
        FinanceLine(
            "Đường thôn 3", "NSTW", 1, planned=300_000_000, disbursed=100_000_000, settled=100_000_000
        ),
        FinanceLine("Đường thôn 3", "NSTW", 2, planned=200_000_000, disbursed=250_000_000, settled=0),
        FinanceLine(
            "Đường thôn 3", "Dân góp", 2, planned=50_000_000, disbursed=50_000_000, settled=50_000_000
        ),
        FinanceLine("Nhà văn hóa", "NS xã", 3, planned=120_000_000, disbursed=None, settled=None),
    ]


def test_finance_totals_per_activity_source_and_quarter():
    t = finance_totals(lines())
    assert (t.total.planned, t.total.disbursed, t.total.settled) == (670_000_000, 400_000_000, 150_000_000)
    assert t.by_activity["Đường thôn 3"].planned == 550_000_000
    assert t.by_source["NSTW"].disbursed == 350_000_000
    assert t.by_quarter[2].planned == 250_000_000 and t.by_quarter[3].disbursed == 0
    assert t.by_activity_quarter[("Đường thôn 3", 1)].settled == 100_000_000
    assert t.by_source_quarter[("NSTW", 2)].disbursed == 250_000_000
    assert t.by_source["NSTW"].disbursed_share == Fraction(7, 10)


def test_disbursed_above_planned_is_named_per_source_not_raised():
    t = finance_totals(lines())
    assert check_disbursed(t) == []  # NSTW: 350 disbursed of 500 planned over the year
    over = finance_totals(lines() + [FinanceLine("Đường thôn 3", "NSTW", 3, disbursed=200_000_000)])
    [o] = check_disbursed(over)
    assert (o.key, o.bound, o.amount, o.excess) == ("NSTW", 500_000_000, 550_000_000, 50_000_000)
    assert o.sentence() == "NSTW: giải ngân 550.000.000 đ vượt kế hoạch 500.000.000 đ (50.000.000 đ)"
    assert check_settled(t) == []
    [settled] = check_settled(finance_totals([FinanceLine("X", "S", disbursed=5, settled=7)]))
    assert settled.excess == 2
    # Per activity and source, the sentence names both.
    assert settled.sentence() == "Hoạt động X, nguồn S: quyết toán 7 đ vượt giải ngân 5 đ (2 đ)"
    assert settled.sentence("en") == "Activity X, source S: settled 7 đ exceeds disbursed 5 đ by 2 đ"


def test_finance_totals_against_the_funding_runs_allocations():
    t = finance_totals(lines())
    paid = {  # Integration.paid: activity → [(source, amount)]
        "Đường thôn 3": (("NSTW", 500_000_000), ("Dân góp", 50_000_000)),
        "Nhà văn hóa": (("NS xã", 120_000_000),),
    }
    assert check_against_allocations(t, paid) == []
    paid["Nhà văn hóa"] = (("NS xã", 100_000_000),)
    paid["Trạm y tế"] = (("NSTW", 80_000_000),)
    diffs = check_against_allocations(t, paid)
    assert [(d.activity, d.source, d.planned, d.allocated, d.difference) for d in diffs] == [
        ("Nhà văn hóa", "NS xã", 120_000_000, 100_000_000, 20_000_000),
        ("Trạm y tế", "NSTW", 0, 80_000_000, -80_000_000),
    ]
    assert "chênh lệch 20.000.000 đ" in diffs[0].sentence()


def test_floats_are_refused_for_money():
    with pytest.raises(TypeError):
        FinanceLine("X", "S", planned=1.5)


amounts = st.integers(0, 10**10)


@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from("xyz"), st.integers(1, 4), amounts, amounts),
        max_size=20,
    )
)
def test_totals_agree_whichever_way_they_are_cut_and_match_their_own_allocation(rows):
    ls = [FinanceLine(a, s, q, planned=p, disbursed=d) for a, s, q, p, d in rows]
    t = finance_totals(ls)
    for cut in (t.by_activity, t.by_source, t.by_quarter, t.by_activity_source):
        assert sum(x.planned for x in cut.values()) == t.total.planned
        assert sum(x.disbursed for x in cut.values()) == t.total.disbursed
    paid = {}
    for (a, s), x in t.by_activity_source.items():
        paid.setdefault(a, []).append((s, x.planned))
    assert check_against_allocations(t, paid) == []
    assert {o.key for o in check_disbursed(t)} == {
        s for s, x in t.by_source.items() if x.disbursed > x.planned
    }


def test_a_periods_months_elapsed_sets_the_progress_the_evaluation_expects():
    from sedp.core.evaluation import Band, evaluate, year_share

    six, year = period("six_months", 2026), period("year", 2026)
    kw = dict(baseline=600, target=800, actual=700)
    assert evaluate("Hộ dùng nước sạch", expected=year_share(six.months_elapsed), **kw).band == Band.ON_TRACK
    assert (
        evaluate("Hộ dùng nước sạch", expected=year_share(year.months_elapsed), **kw).band == Band.OFF_TRACK
    )
    assert [p.months_elapsed for p in periods(2026, ["quarter"])] == [3, 6, 9, 12]
