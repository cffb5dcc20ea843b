"""Tests of sedp.core.value_chain: the weighted ranking of candidate products (the same properties as the needs
ranking, plus risk where low is better), prices per unit, and each stage's margin and share of the final price."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sedp.core import value_chain as vc
from sedp.core.ranking import MEN, WOMEN, Need, ScoreSheet

KEYS = [c.key for c in vc.DEFAULT_CRITERIA]

# --- the ranking of candidate products: properties ---------------------------------------------------------------

ids_st = st.lists(st.sampled_from(["P1", "P2", "P3", "P4", "P10"]), min_size=1, max_size=5, unique=True)


@st.composite
def criteria_st(draw) -> tuple[vc.Criterion, ...]:
    weights = draw(st.lists(st.integers(0, 3), min_size=len(KEYS), max_size=len(KEYS)).filter(any))
    return tuple(
        vc.Criterion(c.key, c.label_vi, c.label_en, w, c.lower_is_better)
        for c, w in zip(vc.DEFAULT_CRITERIA, weights, strict=True)
    )


@st.composite
def sheet_st(draw, ids, group, kind) -> ScoreSheet:
    lo = draw(st.integers(0, 2))
    hi = draw(st.integers(lo + 1, lo + 9))
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        rows.append({n: {k: draw(st.integers(lo, hi)) for k in KEYS} for n in ids})
    return ScoreSheet(group, kind, rows, lo, hi)


@st.composite
def commune_st(draw):
    ids = draw(ids_st)
    return (
        [Need(n, f"Sản phẩm {n}") for n in ids],
        draw(criteria_st()),
        draw(sheet_st(ids, "Nhóm nam", MEN)),
        draw(sheet_st(ids, "Nhóm nữ", WOMEN)),
    )


def summary(result):
    return {
        e.need_id: (e.score, e.rank, e.position, e.men_rank, e.women_rank, e.rank_gap, e.disagree)
        for e in result.entries
    }


def rescale(sheet: ScoreSheet, a: int, b: int) -> ScoreSheet:
    """The same judgements on another scale: s ↦ a·s + b."""
    rows = [{n: {k: a * v + b for k, v in cells.items()} for n, cells in row.items()} for row in sheet.rows]
    return ScoreSheet(sheet.group, sheet.kind, rows, a * sheet.scale_min + b, a * sheet.scale_max + b)


@given(c=commune_st(), a=st.integers(1, 4), b=st.integers(0, 5))
def test_the_scale_changes_nothing(c, a, b):
    cands, crit, men, women = c
    before = vc.rank_candidates([men, women], cands, crit)
    after = vc.rank_candidates([rescale(men, a, b), rescale(women, a, b)], cands, crit)
    assert summary(after) == summary(before)


@given(c=commune_st(), k=st.integers(2, 5), members=st.integers(1, 300))
def test_men_and_women_weigh_the_same_whatever_the_number_of_scorers(c, k, members):
    cands, crit, men, women = c
    before = vc.rank_candidates([men, women], cands, crit)
    bigger = ScoreSheet(men.group, men.kind, list(men.rows) * k, men.scale_min, men.scale_max, members)
    assert summary(vc.rank_candidates([bigger, women], cands, crit)) == summary(before)
    for e in before.entries:
        assert e.score == sum(e.group_scores.values()) / 2


@given(c=commune_st(), data=st.data())
def test_a_criterion_of_weight_0_changes_nothing(c, data):
    cands, crit, men, women = c
    zero = [i for i, cr in enumerate(crit) if cr.weight == 0]
    if not zero:
        return
    i = data.draw(st.sampled_from(zero))
    key = crit[i].key
    lo, hi = women.scale_min, women.scale_max

    def scramble(sheet):
        return ScoreSheet(
            sheet.group,
            sheet.kind,
            [
                {
                    n: {**cells, key: data.draw(st.integers(sheet.scale_min, sheet.scale_max))}
                    for n, cells in r.items()
                }
                for r in sheet.rows
            ],
            sheet.scale_min,
            sheet.scale_max,
        )

    assert lo < hi
    before = vc.rank_candidates([men, women], cands, crit)
    after = vc.rank_candidates([scramble(men), scramble(women)], cands, crit)
    assert summary(after) == summary(before)


@given(c=commune_st())
def test_ranks_ties_and_positions(c):
    cands, crit, men, women = c
    entries = vc.rank_candidates([men, women], cands, crit).entries
    assert [e.position for e in entries] == list(range(1, len(cands) + 1))
    for e in entries:
        assert 0 <= e.score <= 1
        assert e.rank == 1 + sum(1 for o in entries if o.score > e.score)
    for a, b in zip(entries, entries[1:], strict=False):
        assert (a.rank == b.rank) == (a.score == b.score)


@given(c=commune_st(), data=st.data())
def test_lower_risk_never_lowers_a_candidate(c, data):
    cands, crit, men, women = c
    target = data.draw(st.sampled_from([n.id for n in cands]))
    rows = [{n: dict(cells) for n, cells in r.items()} for r in women.rows]
    for r in rows:
        r[target]["risk"] = women.scale_min  # the lowest risk
    safer = ScoreSheet(women.group, women.kind, rows, women.scale_min, women.scale_max)
    old = vc.rank_candidates([men, women], cands, crit).by_need()[target]
    new = vc.rank_candidates([men, safer], cands, crit).by_need()[target]
    assert new.score >= old.score and new.rank <= old.rank


def _consensus(group, kind, table):
    return ScoreSheet(group, kind, [{n: dict(zip(KEYS, s, strict=True)) for n, s in table.items()}])


CANDIDATES = [Need("P1", "Cà phê"), Need("P2", "Hồ tiêu"), Need("P3", "Bơ")]


def test_ties_go_to_what_the_women_scored_higher_and_disagreement_is_flagged():
    # Men: coffee best, avocado last; women: the reverse. Equal combined score for coffee and avocado.
    men = _consensus(
        "Nhóm nam",
        MEN,
        {"P1": [5, 5, 5, 5, 5, 1, 5], "P2": [3, 3, 3, 3, 3, 3, 3], "P3": [1, 1, 1, 1, 1, 5, 1]},
    )
    women = _consensus(
        "Nhóm nữ",
        WOMEN,
        {"P1": [1, 1, 1, 1, 1, 5, 1], "P2": [3, 3, 3, 3, 3, 3, 3], "P3": [5, 5, 5, 5, 5, 1, 5]},
    )
    result = vc.rank_candidates([men, women], CANDIDATES)
    by = result.by_need()
    assert by["P1"].score == by["P3"].score == by["P2"].score == Fraction(1, 2)
    assert [e.need_id for e in result.entries] == ["P3", "P2", "P1"]  # women's order breaks the tie
    assert by["P1"].rank == by["P3"].rank == 1
    assert (by["P1"].men_rank, by["P1"].women_rank) == (1, 3)
    assert by["P1"].disagree and by["P3"].disagree and not by["P2"].disagree


def test_risk_is_turned_over():
    crit = (vc.Criterion("risk", "Rủi ro", "Risk", 1, lower_is_better=True),)
    sheet = ScoreSheet("Nhóm nữ", WOMEN, [{"P1": {"risk": 1}, "P2": {"risk": 5}}])
    result = vc.rank_candidates([sheet], CANDIDATES[:2], crit)
    assert [(e.need_id, e.score) for e in result.entries] == [("P1", 1), ("P2", 0)]
    # A missing risk score counts as the highest risk.
    missing = ScoreSheet("Nhóm nữ", WOMEN, [{"P1": {"risk": 3}}])
    assert vc.rank_candidates([missing], CANDIDATES[:2], crit).by_need()["P2"].score == 0


def test_a_score_outside_the_scale_is_refused_with_its_names():
    crit = (vc.Criterion("risk", "Rủi ro", "Risk", 1, lower_is_better=True),)
    sheet = ScoreSheet("Nhóm nam", MEN, [{"P1": {"risk": 9}}])
    with pytest.raises(ValueError, match="Cà phê.*Rủi ro.*1–5"):
        vc.rank_candidates([sheet], CANDIDATES, crit)


# --- prices, margins and shares ----------------------------------------------------------------------------------


def test_per_unit():
    assert vc.per_unit(1_500_000, "tạ", "kg") == 15_000
    assert vc.per_unit(45_000_000, "tấn", "kg") == 45_000
    assert vc.per_unit(15_000, "kg", "tạ") == 1_500_000
    assert vc.per_unit(12_000, "quả", "quả") == 12_000
    assert vc.per_unit(12_000, "quả", "kg") is None


def test_worked_example_coffee():
    # Coffee, per kg: fertiliser and seedlings per kg of cherries 12.000, farm gate 45.000, collector 46.500,
    # processor 52.000, wholesale 55.000, retail (roasted, per kg of beans equivalent) 80.000.
    a = vc.analyse(
        {
            "inputs": 12_000,
            "production": 45_000,
            "collection": 46_500,
            "processing": 52_000,
            "wholesale": 55_000,
            "retail": 80_000,
        }
    )
    by = a.by_stage()
    assert a.final_stage == "retail" and a.final_price == 80_000
    assert [by[s].margin for s in vc.STAGES] == [12_000, 33_000, 1_500, 5_500, 3_000, 25_000]
    assert by["production"].share == Fraction(33, 80)
    assert vc.percent(by["production"].share) == "41,3"
    assert vc.percent(by["collection"].share) == "1,9"
    assert sum(r.share for r in a.stages) == 1


def test_a_stage_without_price_is_skipped_and_retail_missing_uses_the_last():
    a = vc.analyse({"production": 40_000, "wholesale": 50_000})
    by = a.by_stage()
    assert by["collection"].price is None and by["collection"].margin is None
    assert by["wholesale"].margin == 10_000
    assert a.final_stage == "wholesale"
    assert by["wholesale"].share == Fraction(1, 5)
    assert vc.analyse({}).final_price is None


def test_a_stage_selling_below_the_previous_is_marked():
    a = vc.analyse({"production": 50_000, "collection": 48_000, "retail": 60_000})
    assert a.by_stage()["collection"].negative
    assert a.by_stage()["collection"].share == Fraction(-2, 60)


def test_bad_prices_are_refused():
    with pytest.raises(ValueError, match="Thu gom"):
        vc.analyse({"collection": 0})
    with pytest.raises(ValueError):
        vc.analyse({"collection": 1.5})
    with pytest.raises(ValueError, match="Khâu"):
        vc.analyse({"export": 5})


prices_st = st.dictionaries(
    st.sampled_from(vc.STAGES),
    st.one_of(st.integers(1, 10**9), st.fractions(min_value=Fraction(1, 100), max_value=10**6)),
)


@settings(max_examples=200)
@given(prices=prices_st)
def test_margins_add_up_to_the_final_price_and_shares_to_one(prices):
    a = vc.analyse(prices)
    priced = [r for r in a.stages if r.price is not None]
    if not priced:
        assert a.final_price is None
        return
    assert sum(r.margin for r in priced) == a.final_price
    assert sum(r.share for r in priced) == 1
    assert a.final_price == (prices.get("retail") or priced[-1].price)


@given(prices=prices_st, k=st.integers(1, 1000))
def test_shares_do_not_depend_on_the_unit(prices, k):
    """A price per tạ instead of per kg (×100), or any common factor: the same shares."""
    one = vc.analyse(prices)
    other = vc.analyse({s: Fraction(p) * k for s, p in prices.items()})
    assert [r.share for r in one.stages] == [r.share for r in other.stages]


def test_display_helpers():
    assert vc.vnd(17_052_000) == "17.052.000"
    assert vc.vnd(Fraction(2, 3)) == "1"
    assert vc.vnd(-1500) == "-1.500"
    assert vc.vnd(None) == "–"
    assert vc.percent(Fraction(1, 3)) == "33,3"
    assert vc.percent(Fraction(1, 2)) == "50"
    assert vc.mean([10, 11]) == Fraction(21, 2)
    assert vc.mean([]) is None
    assert vc.change(110, 100) == (10, Fraction(1, 10))
    assert vc.change(None, 100) == (None, None)
    assert vc.round_half_up(Decimal("2.5")) == 3
    assert vc.number(Decimal("1500.50")) == "1.500,5"
    assert vc.number(Decimal("-2000")) == "-2.000"
    assert vc.number(None) == "–"
