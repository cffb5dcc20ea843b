"""Evaluating indicators and activities at 6 months and at year end, as an official reads the table."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sedp.core.evaluation import (
    ActivityStatus,
    Band,
    Thresholds,
    achievement,
    activity_progress,
    aggregate,
    band_shares,
    evaluate,
    evaluate_indicator,
    format_percent,
    people_split,
    quarter_bounds,
    sum_splits,
    year_share,
)
from sedp.core.logframe import Direction, Indicator
from sedp.core.rollup import Entry, Rule

HALF = year_share(6)
YEAR = year_share(12)


def test_a_poverty_rate_down_from_15_to_13_against_13_is_100_percent_and_on_track():
    ev = evaluate("Tỷ lệ hộ nghèo", baseline=15, target=13, actual=13, direction="decrease", unit="%")
    assert ev.achieved == 1 and ev.percent == Decimal("100.0") and ev.band == Band.ON_TRACK
    assert ev.sentence() == "Tỷ lệ hộ nghèo: đạt 100 % chỉ tiêu."
    assert ev.sentence("en") == "Tỷ lệ hộ nghèo: 100 % of the target reached."


def test_a_decrease_that_went_up_is_off_track():
    ev = evaluate("Tỷ lệ hộ nghèo", baseline=15, target=13, actual=Decimal("15.5"), direction="decrease")
    assert ev.achieved == Fraction(-1, 4) and ev.band == Band.OFF_TRACK
    assert "chậm so với kế hoạch" in ev.sentence()


def test_a_decrease_half_way_at_six_months_is_on_track_but_not_at_year_end():
    kw = dict(baseline=15, target=13, actual=14, direction=Direction.DECREASE)
    assert evaluate("Tỷ lệ hộ nghèo", expected=HALF, **kw).band == Band.ON_TRACK
    assert evaluate("Tỷ lệ hộ nghèo", expected=YEAR, **kw).band == Band.OFF_TRACK


def test_an_increase_in_both_bands_with_the_year_elapsed():
    # Households with clean water: 600 → 800. At 6 months 700 is half way: on track; 660 (30 %) is behind.
    kw = dict(baseline=600, target=800, direction="increase")
    assert evaluate("Hộ dùng nước sạch", actual=700, expected=HALF, **kw).band == Band.ON_TRACK
    assert (
        evaluate("Hộ dùng nước sạch", actual=680, expected=HALF, **kw).band == Band.AT_RISK
    )  # 40 % ≥ 37.5 %
    assert evaluate("Hộ dùng nước sạch", actual=660, expected=HALF, **kw).band == Band.OFF_TRACK
    assert evaluate("Hộ dùng nước sạch", actual=700, expected=YEAR, **kw).band == Band.OFF_TRACK
    over = evaluate("Hộ dùng nước sạch", actual=820, expected=YEAR, **kw)
    assert over.band == Band.ON_TRACK and over.percent == Decimal("110.0")
    assert over.sentence() == "Hộ dùng nước sạch: vượt chỉ tiêu (đạt 110 %)."


def test_thresholds_are_configurable():
    strict = Thresholds(on_track=Fraction(1), at_risk=Fraction(9, 10))
    ev = evaluate("Đường bê tông (km)", baseline=0, target=10, actual=Decimal("9.5"), thresholds=strict)
    assert ev.band == Band.AT_RISK
    assert evaluate("Đường bê tông (km)", baseline=0, target=10, actual=Decimal("9.5")).band == Band.ON_TRACK
    with pytest.raises(ValueError):
        Thresholds(on_track=Fraction(1, 2), at_risk=Fraction(3, 4))


def test_maintain_is_on_track_within_its_tolerance_either_side():
    kw = dict(target=100, direction="maintain")
    assert evaluate("Tỷ lệ trẻ em đi học", actual=97, **kw).band == Band.ON_TRACK
    assert evaluate("Tỷ lệ trẻ em đi học", actual=103, **kw).band == Band.ON_TRACK
    assert evaluate("Tỷ lệ trẻ em đi học", actual=92, **kw).band == Band.AT_RISK
    low = evaluate("Tỷ lệ trẻ em đi học", actual=80, **kw)
    assert low.band == Band.OFF_TRACK and "không duy trì được" in low.sentence()


def test_a_missing_actual_is_not_reported_never_a_crash():
    for d in Direction:
        ev = evaluate("Chỉ số", actual=None, target=None, baseline=None, last_year=None, direction=d)
        assert ev.band == Band.NOT_REPORTED and ev.achieved is None and ev.change is None
        assert ev.sentence() == "Chỉ số: chưa báo cáo." and ev.sentence("en") == "Chỉ số: not reported."
    assert evaluate("Chỉ số", actual=5, target=None).band == Band.NOT_REPORTED
    assert evaluate("Chỉ số", actual=5, target=0, baseline=0).band == Band.NOT_REPORTED


def test_change_on_the_same_period_last_year_knows_which_way_is_better():
    ev = evaluate("Tỷ lệ hộ nghèo", baseline=15, target=13, actual=14, last_year=16, direction="decrease")
    assert ev.change == -2 and ev.change_share == Fraction(-1, 8) and ev.improved is True
    up = evaluate("Thu nhập bình quân", baseline=30, target=36, actual=33, last_year=34)
    assert up.change == -1 and up.improved is False


def test_an_indicator_from_the_logframe_with_floats_is_read_exactly():
    ind = Indicator("Tỷ lệ hộ nghèo", "%", baseline=3.06, target=2.9, direction=Direction.DECREASE)
    ev = evaluate_indicator(ind, Decimal("2.98"), expected=YEAR)
    assert ev.baseline == Fraction(306, 100) and ev.achieved == Fraction(1, 2)
    assert ev.band == Band.OFF_TRACK and ev.unit == "%"


def test_a_percentage_indicator_is_aggregated_from_numerators_and_denominators():
    # Village A: 30 poor households of 300 (10 %); village B: 40 of 100 (40 %). The commune: 70 / 400 = 17.5 %,
    # not the mean of the percentages, 25 %.
    rolled = aggregate(
        Rule.PERCENT,
        [Entry("A", 10, numerator=30, denominator=300), Entry("B", 40, numerator=40, denominator=100)],
    )
    assert rolled.value == Decimal("17.50") and rolled.exact == Fraction(35, 2)
    ind = Indicator("Tỷ lệ hộ nghèo", "%", baseline=20, target=Decimal("17.5"), direction=Direction.DECREASE)
    ev = evaluate_indicator(ind, rolled)
    assert ev.achieved == 1 and ev.band == Band.ON_TRACK


def test_aggregation_says_n_of_n_and_a_missing_unit_is_not_zero():
    rolled = aggregate("sum", [Entry("A", 120), Entry("B", None), Entry("C", 80)])
    assert rolled.exact == 200 and (rolled.reporting, rolled.total) == (2, 3)


def test_the_on_track_shares_count_every_indicator_once():
    evs = [
        evaluate("a", baseline=0, target=10, actual=10),
        evaluate("b", baseline=0, target=10, actual=8),
        evaluate("c", baseline=0, target=10, actual=2),
        evaluate("d", baseline=0, target=10, actual=None),
    ]
    shares = band_shares(evs)
    assert shares[Band.ON_TRACK] == (1, Fraction(1, 4)) and shares[Band.AT_RISK] == (1, Fraction(1, 4))
    assert shares[Band.OFF_TRACK][0] == 1 and shares[Band.NOT_REPORTED][0] == 1
    assert band_shares([])[Band.ON_TRACK] == (0, None)


def test_percent_formatting_vi_and_en():
    assert format_percent(Fraction(39, 40)) == "97,5 %" and format_percent(Fraction(39, 40), "en") == "97.5 %"
    assert format_percent(Fraction(1)) == "100 %" and format_percent(None) == "–"


# ---- activities

Q = quarter_bounds


def test_quarter_bounds():
    assert Q(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert Q(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))


def test_an_activity_at_100_percent_is_done_whatever_the_date():
    assert activity_progress({2}, 100, 2026, date(2026, 12, 31)).status == ActivityStatus.DONE


def test_an_activity_past_its_last_quarter_unfinished_is_late_by_days():
    a = activity_progress({1, 2}, 90, 2026, date(2026, 7, 10))
    assert a.status == ActivityStatus.LATE and a.days_late == 10
    assert activity_progress({1, 2}, 90, 2026, date(2026, 6, 30)).status == ActivityStatus.ON_SCHEDULE


def test_an_activity_not_yet_due_is_not_started_and_one_behind_is_late():
    assert activity_progress({3}, None, 2026, date(2026, 6, 15)).status == ActivityStatus.NOT_STARTED
    assert activity_progress({3}, 0, 2026, date(2026, 7, 2)).status == ActivityStatus.NOT_STARTED
    assert activity_progress({3}, None, 2026, date(2026, 8, 15)).status == ActivityStatus.LATE
    # Q3 two-thirds gone with 10 % done: late; with 50 % done: on schedule.
    assert activity_progress({3}, 10, 2026, date(2026, 8, 31)).status == ActivityStatus.LATE
    assert activity_progress({3}, 50, 2026, date(2026, 8, 31)).status == ActivityStatus.ON_SCHEDULE
    assert ActivityStatus.LATE.label() == "Chậm tiến độ"


@given(
    st.frozensets(st.integers(1, 4), min_size=1),
    st.integers(0, 100),
    st.dates(date(2026, 1, 1), date(2027, 3, 31)),
)
def test_activity_status_is_total_and_done_only_at_100(quarters, pct, today):
    a = activity_progress(quarters, pct, 2026, today)
    assert (a.status == ActivityStatus.DONE) == (pct == 100)
    if today > Q(2026, max(quarters))[1] and pct < 100:
        assert a.status == ActivityStatus.LATE and a.days_late > 0


# ---- men / women


def test_men_women_split_totals_and_shares():
    s = people_split(men=120, women=80)
    assert s.total == 200 and s.women_share == Fraction(2, 5) and s.unspecified == 0
    assert s.sentence() == "200 người, trong đó nữ 80 (40 %)"
    assert people_split(650, 700).sentence() == "1.350 người, trong đó nữ 700 (51,9 %)"
    assert people_split(650, 700).sentence("en") == "1,350 people, of whom 700 women (51.9 %)"
    t = people_split(men=10, women=5, total=20)
    assert t.unspecified == 5 and t.men_share == Fraction(1, 2)
    with pytest.raises(ValueError):
        people_split(10, 20, total=25)
    assert people_split(None, None).total is None and people_split(None, None).sentence() == "chưa báo cáo"
    both = sum_splits([s, t, people_split(None, None)])
    assert (both.men, both.women, both.total) == (130, 85, 220)


# ---- properties

figures = st.integers(-1000, 1000).map(Fraction) | st.fractions(-1000, 1000, max_denominator=100)


@given(figures, figures, figures)
def test_reaching_the_target_exactly_is_100_percent_in_either_direction(baseline, target, other):
    for d in (Direction.INCREASE, Direction.DECREASE):
        got = achievement(baseline, target, target, d)
        assert got is None or got == 1
        if baseline != target:
            assert got == 1


@given(figures, figures, figures, st.integers(0, 12))
def test_the_band_is_monotonic_in_progress_for_a_decrease(baseline, target, actual, months):
    # A decrease indicator: a lower actual never gives a worse band.
    rank = {Band.OFF_TRACK: 0, Band.AT_RISK: 1, Band.ON_TRACK: 2, Band.NOT_REPORTED: -1}
    if baseline <= target:
        return
    exp = year_share(months)
    a = evaluate("x", baseline=baseline, target=target, actual=actual, direction="decrease", expected=exp)
    b = evaluate("x", baseline=baseline, target=target, actual=actual - 1, direction="decrease", expected=exp)
    assert rank[b.band] >= rank[a.band]


@given(figures, figures, figures)
def test_evaluation_never_crashes_and_never_uses_floats(baseline, target, actual):
    for d in Direction:
        ev = evaluate("x", baseline=baseline, target=target, actual=actual, direction=d, last_year=actual)
        assert ev.band in Band
        assert ev.achieved is None or isinstance(ev.achieved, Fraction)


@given(figures, figures, figures, st.integers(0, 12))
def test_the_band_is_monotonic_in_progress_for_an_increase(baseline, target, actual, months):
    # An increase indicator: a higher actual never gives a worse band.
    rank = {Band.OFF_TRACK: 0, Band.AT_RISK: 1, Band.ON_TRACK: 2, Band.NOT_REPORTED: -1}
    if baseline >= target:
        return
    exp = year_share(months)
    a = evaluate("x", baseline=baseline, target=target, actual=actual, expected=exp)
    b = evaluate("x", baseline=baseline, target=target, actual=actual + 1, expected=exp)
    assert rank[b.band] >= rank[a.band]
