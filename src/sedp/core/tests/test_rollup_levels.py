"""Rolling communes up to a province, and legacy communes → districts → province: percentages from numerators
and denominators, minimum and maximum, and the same answer in one stage or in two."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sedp.core.rollup import Entry, Rolled, Rule, combine, roll_up, roll_up_tree


def test_a_percentage_is_the_sum_of_numerators_over_the_sum_of_denominators():
    # Commune A: 30 poor households of 300 (10 %); commune B: 40 of 100 (40 %). The province has 70 of 400:
    # 17,5 %, not the 25 % a mean of the percentages would print.
    r = roll_up(
        Rule.PERCENT,
        [
            Entry("A", Decimal(10), numerator=30, denominator=300),
            Entry("B", Decimal(40), numerator=40, denominator=100),
        ],
    )
    assert r.value == Decimal("17.50") and (r.reporting, r.total) == (2, 2)
    assert roll_up(Rule.MEAN, [Entry("A", 10), Entry("B", 40)]).value == Decimal("25.00")
    assert roll_up(Rule.RATIO, [Entry("A", None, numerator=3, denominator=4)]).value == Decimal("0.75")


def test_a_percentage_without_its_numerator_and_denominator_is_counted_apart():
    r = roll_up(
        Rule.PERCENT,
        [Entry("A", None, numerator=30, denominator=300), Entry("B", Decimal(40)), Entry("C", None)],
    )
    assert r.value == Decimal("10.00")
    assert (r.reporting, r.unweighted, r.total, r.missing) == (1, 1, 3, 2)


def test_a_percentage_over_nothing_has_no_value_but_the_commune_did_report():
    r = roll_up(Rule.PERCENT, [Entry("A", None, numerator=0, denominator=0)])
    assert r.value is None and r.reporting == 1


def test_minimum_and_maximum_of_the_reporting_communes():
    entries = [Entry("A", Decimal("3.5")), Entry("B", None), Entry("C", -2), Entry("D", 7)]
    lo, hi = roll_up(Rule.MIN, entries), roll_up(Rule.MAX, entries)
    assert (lo.value, hi.value) == (Decimal("-2.00"), Decimal("7.00"))
    assert (lo.reporting, lo.total) == (3, 4)


def test_a_two_tier_province_rolls_its_communes_directly():
    tree = {"province": ["c1", "c2", "c3"]}
    values = {"c1": Entry("c1", 120), "c2": Entry("c2", 80)}
    out = roll_up_tree(Rule.SUM, "province", tree, values)
    assert out["province"].value == Decimal("200.00")
    assert (out["province"].reporting, out["province"].total) == (2, 3)  # c3 has not reported


def test_a_legacy_province_rolls_through_its_districts_with_the_same_function():
    tree = {"province": ["d1", "d2"], "d1": ["c1", "c2"], "d2": ["c3"]}
    values = {
        "c1": Entry("c1", None, numerator=10, denominator=100),
        "c2": Entry("c2", None, numerator=90, denominator=300),
        "c3": Entry("c3", None, numerator=50, denominator=100),
    }
    out = roll_up_tree("percent", "province", tree, values)
    assert out["d1"].value == Decimal("25.00")  # 100 of 400
    assert out["d2"].value == Decimal("50.00")
    assert out["province"].value == Decimal("30.00")  # 150 of 500, not (25 + 50) / 2
    assert (out["province"].reporting, out["province"].total) == (3, 3)


def test_a_province_mean_is_over_its_communes_not_a_mean_of_district_means():
    tree = {"p": ["d1", "d2"], "d1": ["a", "b", "c"], "d2": ["d"]}
    values = {u: Entry(u, v) for u, v in zip("abcd", (1, 2, 3, 10), strict=True)}
    assert roll_up_tree("mean", "p", tree, values)["p"].exact == Fraction(16, 4)


def test_a_commune_result_already_rolled_from_its_villages_can_be_a_leaf():
    commune = roll_up(
        Rule.MEAN_HOUSEHOLDS, [Entry("v1", 10, households=300), Entry("v2", 40, households=100)]
    )
    out = roll_up_tree(
        Rule.MEAN_HOUSEHOLDS, "p", {"p": ["c1", "c2"]}, {"c1": commune, "c2": Entry("c2", 30, households=400)}
    )
    # (10·300 + 40·100 + 30·400) / 800 = 23,75; three villages' and communes' values of three
    assert out["p"].value == Decimal("23.75") and (out["p"].reporting, out["p"].total) == (3, 3)


def test_a_unit_twice_in_the_tree_is_refused():
    with pytest.raises(ValueError):
        roll_up_tree(Rule.SUM, "p", {"p": ["d", "d"], "d": ["c"]}, {})


def test_results_of_different_rules_do_not_combine():
    with pytest.raises(ValueError):
        combine(Rule.SUM, [roll_up(Rule.MEAN, [Entry("a", 1)])])


# --- property: two stages equal one --------------------------------------------------------------------------

values = st.one_of(st.none(), st.integers(-1000, 1000), st.fractions(max_denominator=50))
weights = st.one_of(st.none(), st.integers(0, 500))


@st.composite
def communes(draw):
    n = draw(st.integers(0, 25))
    out = []
    for i in range(n):
        den = draw(st.one_of(st.none(), st.integers(0, 400)))
        out.append(
            Entry(
                f"c{i}",
                draw(values),
                households=draw(weights),
                population=draw(weights),
                numerator=None if den is None else draw(st.integers(0, den)),
                denominator=den,
            )
        )
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=6)))
    return out, cuts


def same(a: Rolled, b: Rolled) -> bool:
    return (a.exact, a.reporting, a.total, a.unweighted) == (b.exact, b.reporting, b.total, b.unweighted)


@settings(max_examples=150, deadline=None)
@given(communes(), st.sampled_from(list(Rule)))
def test_rolling_up_through_districts_equals_rolling_up_the_communes_at_once(data, rule):
    entries, cuts = data
    bounds = [0, *cuts, len(entries)]
    districts = [entries[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    one_stage = roll_up(rule, entries)
    assert same(combine(rule, [roll_up(rule, d) for d in districts]), one_stage)
    tree = {"p": [f"d{i}" for i in range(len(districts))]}
    tree.update({f"d{i}": [e.unit for e in d] for i, d in enumerate(districts)})
    leaves = {e.unit: e for e in entries}
    assert same(roll_up_tree(rule, "p", tree, leaves)["p"], one_stage)
