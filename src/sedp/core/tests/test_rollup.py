"""Rolling villages' figures up to the commune: each rule exact, villages without a value skipped and counted."""

from decimal import Decimal
from fractions import Fraction

import pytest

from sedp.core import ranking
from sedp.core.rollup import Entry, Rule, disagree, roll_up, total


def e(value, households=None, population=None, unit="v"):
    return Entry(unit, value, households, population)


def test_it_sums_counts_exactly():
    r = roll_up("sum", [e(120), e(Decimal("85.5")), e(Decimal("0.25"))])
    assert r.value == Decimal("205.75") and r.exact == Fraction(82300, 400)
    assert (r.reporting, r.total, r.complete) == (3, 3, True)


def test_it_skips_villages_without_a_value_and_says_n_of_n():
    r = roll_up(Rule.SUM, [e(10), e(None), e(5), e(None)])
    assert r.value == Decimal("15.00")
    assert (r.reporting, r.total, r.missing, r.complete) == (2, 4, 2, False)


def test_a_village_with_zero_counts_as_reporting():
    r = roll_up(Rule.SUM, [e(0), e(None)])
    assert r.value == Decimal("0.00") and r.reporting == 1


def test_the_plain_mean_is_of_the_reporting_villages_only():
    r = roll_up(Rule.MEAN, [e(80), e(None), e(90), e(Decimal("95"))])
    assert r.exact == Fraction(265, 3)
    assert r.value == Decimal("88.33") and r.reporting == 3


def test_a_rate_weighted_by_households_is_the_commune_rate():
    # 10 % of 300 households and 40 % of 100: 30 + 40 poor households of 400 = 17.5 %, not the plain 25 %.
    r = roll_up(Rule.MEAN_HOUSEHOLDS, [e(10, households=300), e(40, households=100)])
    assert r.value == Decimal("17.50")
    assert roll_up(Rule.MEAN, [e(10), e(40)]).value == Decimal("25.00")


def test_a_mean_weighted_by_population():
    r = roll_up(Rule.MEAN_POPULATION, [e(24, population=1000), e(30, population=500)])
    assert r.value == Decimal("26.00")


def test_a_village_without_a_weight_is_skipped_and_counted_apart():
    r = roll_up(
        Rule.MEAN_HOUSEHOLDS,
        [e(10, households=300), e(40, households=None), e(50, households=0), e(None, 200)],
    )
    assert r.value == Decimal("10.00")
    assert (r.reporting, r.unweighted, r.total) == (1, 2, 4)


def test_all_weights_zero_gives_no_value_rather_than_dividing_by_zero():
    r = roll_up(Rule.MEAN_POPULATION, [e(10, population=0), e(20, population=None)])
    assert r.value is None and r.exact is None
    assert (r.reporting, r.unweighted, r.total) == (0, 2, 2)


@pytest.mark.parametrize("rule", list(Rule))
def test_no_values_gives_no_value(rule):
    r = roll_up(rule, [e(None, 100, 400), e(None, 50, 200)])
    assert r.value is None and (r.reporting, r.total) == (0, 2)
    assert roll_up(rule, []).value is None and roll_up(rule, []).total == 0
    assert not roll_up(rule, []).complete


def test_it_rounds_half_up_only_at_the_end():
    # 1/3 + 1/3 + 1/3 of a hectare summed from thirds stays exactly 1.
    r = roll_up(Rule.SUM, [e(Fraction(1, 3)), e(Fraction(1, 3)), e(Fraction(1, 3))])
    assert r.exact == 1 and r.value == Decimal("1.00")
    assert roll_up(Rule.MEAN, [e(Decimal("0.005")), e(Decimal("0.005"))]).value == Decimal("0.01")
    assert roll_up(Rule.SUM, [e(Decimal("2.345"))], places=1).value == Decimal("2.3")


def test_it_refuses_floats():
    with pytest.raises(TypeError):
        roll_up(Rule.SUM, [e(0.1)])


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        roll_up("median", [e(1)])


def test_totals_of_amounts_skip_missing_ones():
    assert total([450_000_000, None, 30_000_000]) == 480_000_000
    assert total([]) == 0


def test_disagreement_follows_the_ranking_rule():
    # Six activities: a gap of 2 or more is a third of the list.
    assert disagree(1, 3, 6) and disagree(5, 1, 6)
    assert not disagree(1, 2, 6) and not disagree(2, 2, 6)
    assert not disagree(None, 2, 6) and not disagree(1, 2, 0)
    for n in range(1, 20):
        gap = ranking.default_threshold(n)
        assert disagree(1, 1 + gap, n) and (gap == 1 or not disagree(1, gap, n))
