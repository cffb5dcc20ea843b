"""Tests of the needs ranking (sedp.core.ranking): properties with hypothesis, then examples.

The worked example and the pebble example are the ones printed in docs/ranking.md.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sedp.core.ranking import (
    DEFAULT_CRITERIA,
    MEN,
    WOMEN,
    WORKING_GROUP,
    CombinedRanking,
    Criterion,
    Need,
    ScoreSheet,
    VoteSheet,
    combine,
    default_threshold,
    group_scores,
    rank,
    rank_group,
)

KEYS = [c.key for c in DEFAULT_CRITERIA]


# --- strategies -------------------------------------------------------------------------------------------------

# Short codes from a small alphabet, so that equal natural keys ("a1" / "a01") and digit runs occur.
need_ids = st.lists(st.text(alphabet="aN012", min_size=1, max_size=3), min_size=1, max_size=6, unique=True)


@st.composite
def criteria_lists(draw: st.DrawFn) -> tuple[Criterion, ...]:
    if draw(st.booleans()):
        return DEFAULT_CRITERIA
    weights = draw(st.lists(st.integers(0, 3), min_size=len(KEYS), max_size=len(KEYS)).filter(any))
    return tuple(
        Criterion(c.key, c.label_vi, c.label_en, w) for c, w in zip(DEFAULT_CRITERIA, weights, strict=True)
    )


@st.composite
def score_sheets(draw: st.DrawFn, ids: list[str], group: str, kind: str) -> ScoreSheet:
    lo = draw(st.integers(0, 2))
    hi = draw(st.integers(lo + 1, lo + 9))
    cell = st.one_of(st.none(), st.integers(lo, hi))  # None: the scorer left the cell empty
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        row: dict[str, dict[str, int]] = {}
        for n in ids:
            cells = {k: v for k in KEYS if (v := draw(cell)) is not None}
            if cells or draw(st.booleans()):
                row[n] = cells
        rows.append(row)
    return ScoreSheet(group, kind, rows, lo, hi)


@st.composite
def vote_sheets(draw: st.DrawFn, ids: list[str], group: str, kind: str) -> VoteSheet:
    votes = {n: v for n in ids if (v := draw(st.one_of(st.none(), st.integers(0, 12)))) is not None}
    return VoteSheet(group, kind, votes)


def sheets(ids: list[str], group: str, kind: str) -> st.SearchStrategy[ScoreSheet | VoteSheet]:
    return st.one_of(score_sheets(ids, group, kind), vote_sheets(ids, group, kind))


@st.composite
def villages(
    draw: st.DrawFn,
) -> tuple[list[Need], tuple[Criterion, ...], ScoreSheet | VoteSheet, ScoreSheet | VoteSheet]:
    """Needs, criteria, a men's sheet and a women's sheet (each by criteria or by pebbles)."""
    ids = draw(need_ids)
    needs = [Need(n, f"Nhu cầu {n}") for n in ids]
    return (
        needs,
        draw(criteria_lists()),
        draw(sheets(ids, "Nhóm nam", MEN)),
        draw(sheets(ids, "Nhóm nữ", WOMEN)),
    )


def summary(result: CombinedRanking) -> dict[str, tuple[object, ...]]:
    """Everything about each need, independent of the order of the input."""
    return {
        e.need_id: (
            e.score,
            e.rank,
            e.position,
            dict(e.group_scores),
            dict(e.group_ranks),
            e.men_rank,
            e.women_rank,
            e.rank_gap,
            e.score_gap,
            e.disagree,
        )
        for e in result.entries
    }


def reorder_sheet(sheet: ScoreSheet | VoteSheet, ids: list[str]) -> ScoreSheet | VoteSheet:
    """The same sheet with its mappings rebuilt in the order `ids` (rows reversed too)."""
    if isinstance(sheet, VoteSheet):
        return VoteSheet(sheet.group, sheet.kind, {n: sheet.votes[n] for n in ids if n in sheet.votes})
    rows = [
        {n: dict(reversed(list(row[n].items()))) for n in ids if n in row} for row in reversed(sheet.rows)
    ]
    return ScoreSheet(sheet.group, sheet.kind, rows, sheet.scale_min, sheet.scale_max)


# --- properties -------------------------------------------------------------------------------------------------


@given(data=st.data(), village=villages())
def test_permuting_the_needs_changes_no_rank(data: st.DataObject, village) -> None:
    needs, criteria, men, women = village
    before = combine([men, women], needs, criteria)
    shuffled = data.draw(st.permutations(needs))
    ids = [n.id for n in shuffled]
    after = combine([reorder_sheet(women, ids), reorder_sheet(men, ids)], shuffled, criteria)
    assert summary(after) == summary(before)
    assert [e.need_id for e in after.entries] == [e.need_id for e in before.entries]
    for sheet in (men, women):
        one = rank_group(sheet, needs, criteria).entries
        other = rank_group(reorder_sheet(sheet, ids), shuffled, criteria).entries
        assert one == other


def raise_scores(data: st.DataObject, sheet: ScoreSheet | VoteSheet, need: str) -> ScoreSheet | VoteSheet:
    """The sheet with some of `need`'s scores raised (or empty cells filled in, or pebbles added)."""
    if isinstance(sheet, VoteSheet):
        votes = dict(sheet.votes)
        votes[need] = votes.get(need, 0) + data.draw(st.integers(1, 10))
        return VoteSheet(sheet.group, sheet.kind, votes, sheet.members)
    rows = [{n: dict(cells) for n, cells in row.items()} for row in sheet.rows]
    if not rows:
        rows.append({})
    for _ in range(data.draw(st.integers(1, 4))):
        row = rows[data.draw(st.integers(0, len(rows) - 1))]
        cells = row.setdefault(need, {})
        key = data.draw(st.sampled_from(KEYS))
        cells[key] = data.draw(st.integers(cells.get(key, sheet.scale_min), sheet.scale_max))
    return ScoreSheet(sheet.group, sheet.kind, rows, sheet.scale_min, sheet.scale_max, sheet.members)


@given(data=st.data(), village=villages())
def test_raising_a_need_never_lowers_its_rank(data: st.DataObject, village) -> None:
    needs, criteria, men, women = village
    need = data.draw(st.sampled_from([n.id for n in needs]))
    which = data.draw(st.sampled_from(["men", "women", "both"]))
    new_men = raise_scores(data, men, need) if which in ("men", "both") else men
    new_women = raise_scores(data, women, need) if which in ("women", "both") else women
    for old_sheet, new_sheet in ((men, new_men), (women, new_women)):
        old = rank_group(old_sheet, needs, criteria).by_need()[need]
        new = rank_group(new_sheet, needs, criteria).by_need()[need]
        assert new.score >= old.score
        assert new.rank <= old.rank
        assert new.position <= old.position
    old_c = combine([men, women], needs, criteria).by_need()[need]
    new_c = combine([new_men, new_women], needs, criteria).by_need()[need]
    assert new_c.score >= old_c.score
    assert new_c.rank <= old_c.rank
    assert new_c.position <= old_c.position


def grow(sheet: ScoreSheet | VoteSheet, k: int) -> ScoreSheet | VoteSheet:
    """The same group k times as large: every score row k times, every pile of pebbles k times as high."""
    if isinstance(sheet, VoteSheet):
        members = None if sheet.members is None else sheet.members * k
        return VoteSheet(sheet.group, sheet.kind, {n: v * k for n, v in sheet.votes.items()}, members)
    return ScoreSheet(
        sheet.group, sheet.kind, list(sheet.rows) * k, sheet.scale_min, sheet.scale_max, sheet.members
    )


@given(village=villages(), k=st.integers(2, 4), members=st.integers(1, 200))
def test_a_larger_group_weighs_no_more(village, k: int, members: int) -> None:
    needs, criteria, men, women = village
    before = combine([men, women], needs, criteria)
    assert group_scores(grow(men, k), needs, criteria) == group_scores(men, needs, criteria)
    assert summary(combine([grow(men, k), women], needs, criteria)) == summary(before)
    assert summary(combine([men, grow(women, k)], needs, criteria)) == summary(before)
    # The number of members is shown on the page only.
    if isinstance(women, VoteSheet):
        counted = VoteSheet(women.group, women.kind, women.votes, members)
    else:
        counted = ScoreSheet(women.group, women.kind, women.rows, women.scale_min, women.scale_max, members)
    assert summary(combine([men, counted], needs, criteria)) == summary(before)


@given(village=villages())
def test_scores_stay_between_0_and_1_and_the_combined_score_between_the_groups(village) -> None:
    needs, criteria, men, women = village
    result = combine([men, women], needs, criteria)
    for e in result.entries:
        scores = list(e.group_scores.values())
        assert all(0 <= s <= 1 for s in scores)
        assert min(scores) <= e.score <= max(scores)
        assert e.score == sum(scores) / 2  # equal weights by default
    assert [e.position for e in result.entries] == list(range(1, len(needs) + 1))
    assert sorted(e.need_id for e in result.entries) == sorted(n.id for n in needs)


@given(village=villages())
def test_ranks_and_positions_agree(village) -> None:
    needs, criteria, men, women = village
    entries = combine([men, women], needs, criteria).entries
    for a, b in zip(entries, entries[1:], strict=False):
        assert a.score >= b.score
        assert a.rank <= b.rank
        assert (a.rank == b.rank) == (a.score == b.score)
    for e in entries:
        assert e.rank == 1 + sum(1 for o in entries if o.score > e.score)
        assert e.rank <= e.position


@settings(max_examples=50)
@given(village=villages(), w=st.integers(1, 5))
def test_scaling_all_group_weights_changes_nothing(village, w: int) -> None:
    needs, criteria, men, women = village
    before = combine([men, women], needs, criteria)
    after = combine([men, women], needs, criteria, weights={"Nhóm nam": w, "Nhóm nữ": w})
    assert summary(after) == summary(before)


# --- the worked example of docs/ranking.md ----------------------------------------------------------------------

NEEDS = [
    Need("N1", "Sửa kênh mương"),
    Need("N2", "Bê tông hóa đường vào khu sản xuất"),
    Need("N3", "Tập huấn nuôi heo"),
    Need("N4", "Giếng nước sạch"),
]


def consensus(group: str, kind: str, table: dict[str, list[int]]) -> ScoreSheet:
    """One agreed row on the scale 1–5, scores in the order of DEFAULT_CRITERIA."""
    return ScoreSheet(group, kind, [{n: dict(zip(KEYS, s, strict=True)) for n, s in table.items()}])


MEN_SHEET = consensus(
    "Nhóm nam",
    MEN,
    {"N1": [5, 3, 2, 3, 4], "N2": [5, 2, 1, 1, 3], "N3": [3, 4, 3, 4, 4], "N4": [4, 3, 4, 2, 3]},
)
WOMEN_SHEET = consensus(
    "Nhóm nữ",
    WOMEN,
    {"N1": [3, 3, 1, 3, 3], "N2": [3, 2, 1, 1, 3], "N3": [3, 4, 4, 4, 4], "N4": [5, 4, 5, 3, 4]},
)


def test_worked_example_group_scores() -> None:
    assert group_scores(MEN_SHEET, NEEDS) == {
        "N1": Fraction(12, 20),
        "N2": Fraction(7, 20),
        "N3": Fraction(13, 20),
        "N4": Fraction(11, 20),
    }
    assert group_scores(WOMEN_SHEET, NEEDS) == {
        "N1": Fraction(8, 20),
        "N2": Fraction(5, 20),
        "N3": Fraction(14, 20),
        "N4": Fraction(16, 20),
    }
    assert [e.need_id for e in rank_group(MEN_SHEET, NEEDS).entries] == ["N3", "N1", "N4", "N2"]
    assert [e.need_id for e in rank_group(WOMEN_SHEET, NEEDS).entries] == ["N4", "N3", "N1", "N2"]


def test_worked_example_combined() -> None:
    result = combine([MEN_SHEET, WOMEN_SHEET], NEEDS)
    rows = [
        (e.need_id, e.score, e.rank, e.position, e.men_rank, e.women_rank, e.rank_gap) for e in result.entries
    ]
    assert rows == [
        # N3 and N4 tie at 67.5 points; the women scored N4 higher, so N4 comes first.
        ("N4", Fraction(27, 40), 1, 1, 3, 1, 2),
        ("N3", Fraction(27, 40), 1, 2, 1, 2, 1),
        ("N1", Fraction(1, 2), 3, 3, 2, 3, 1),
        ("N2", Fraction(3, 10), 4, 4, 4, 4, 0),
    ]
    assert result.threshold == 2
    assert [e.need_id for e in result.entries if e.disagree] == ["N4"]
    assert result.by_need()["N4"].score_gap == Fraction(11, 20) - Fraction(16, 20)
    assert result.weights == {"Nhóm nam": 1, "Nhóm nữ": 1}
    assert [g.group for g in result.groups] == ["Nhóm nam", "Nhóm nữ"]


def test_pebbles_a_big_mens_group_does_not_outweigh_a_small_womens_group() -> None:
    needs = [Need("A", "Đường nội thôn"), Need("B", "Lớp xóa mù chữ")]
    men = VoteSheet("Nhóm nam", MEN, {"A": 60, "B": 30}, members=30)  # 30 men, 3 pebbles each
    women = VoteSheet("Nhóm nữ", WOMEN, {"A": 5, "B": 25}, members=10)  # 10 women, 3 pebbles each
    result = combine([men, women], needs)
    assert [(e.need_id, e.score) for e in result.entries] == [("B", Fraction(3, 4)), ("A", Fraction(3, 5))]
    assert group_scores(men, needs) == {"A": 1, "B": Fraction(1, 2)}
    assert group_scores(women, needs) == {"A": Fraction(1, 5), "B": 1}
    # Counting pebbles together would have put A first: 65 against 55.
    assert all(e.disagree for e in result.entries)


# --- other examples ---------------------------------------------------------------------------------------------


def test_ties_share_a_competition_rank_and_end_in_natural_code_order() -> None:
    ranked = rank({"N10": Fraction(1, 2), "N2": Fraction(1, 2), "N3": Fraction(1), "N1": Fraction(0)})
    assert [(r.need_id, r.rank, r.position) for r in ranked] == [
        ("N3", 1, 1),
        ("N2", 2, 2),
        ("N10", 2, 3),
        ("N1", 4, 4),
    ]


def test_tie_break_scores_come_before_the_code() -> None:
    scores = {"N1": Fraction(1, 2), "N2": Fraction(1, 2)}
    ranked = rank(scores, tie_break=[{"N2": Fraction(1, 3)}])
    assert [(r.need_id, r.rank, r.position) for r in ranked] == [("N2", 1, 1), ("N1", 1, 2)]


def test_a_missing_score_counts_as_the_scale_minimum() -> None:
    needs = [Need("N1", "Sửa kênh mương")]
    full = ScoreSheet("Tổ công tác", WORKING_GROUP, [{"N1": {"urgency": 5, "ease": 1}}])
    partial = ScoreSheet("Tổ công tác", WORKING_GROUP, [{"N1": {"urgency": 5}}])
    nothing = ScoreSheet("Tổ công tác", WORKING_GROUP, [{}])
    assert group_scores(full, needs) == group_scores(partial, needs) == {"N1": Fraction(1, 5)}
    assert group_scores(nothing, needs) == {"N1": 0}
    assert group_scores(ScoreSheet("Tổ công tác"), needs) == {"N1": 0}


def test_several_scorers_are_averaged_and_the_scale_does_not_matter() -> None:
    needs = [Need("N1", "Sửa kênh mương"), Need("N2", "Giếng nước sạch")]
    one_to_five = ScoreSheet(
        "Nhóm nữ",
        WOMEN,
        [{"N1": {k: 5 for k in KEYS}, "N2": {k: 2 for k in KEYS}}, {"N1": {k: 3 for k in KEYS}}],
    )
    zero_to_ten = ScoreSheet(
        "Nhóm nữ",
        WOMEN,
        [{"N1": {k: 10 for k in KEYS}, "N2": {k: 3 for k in KEYS}}, {"N1": {k: 5 for k in KEYS}, "N2": {}}],
        scale_min=0,
        scale_max=10,
    )
    # N1: scorers at 100 % and 50 % → 3/4; N2: 1/4 and the minimum → 1/8 (1–5), 3/10 and 0 → 3/20 (0–10).
    assert group_scores(one_to_five, needs) == {"N1": Fraction(3, 4), "N2": Fraction(1, 8)}
    assert group_scores(zero_to_ten, needs) == {"N1": Fraction(3, 4), "N2": Fraction(3, 20)}


def test_half_points_and_decimals_are_exact() -> None:
    needs = [Need("N1", "Sửa kênh mương")]
    sheet = ScoreSheet("Nhóm nam", MEN, [{"N1": {"urgency": Fraction(9, 2), "ease": Decimal("2.5")}}])
    assert group_scores(sheet, needs, DEFAULT_CRITERIA[:2]) == {"N1": Fraction(5, 8)}  # (3½ + 1½) / (4 × 2)


def test_criterion_weights() -> None:
    needs = [Need("N1", "Sửa kênh mương"), Need("N2", "Tập huấn nuôi heo")]
    criteria = (
        Criterion("urgency", "Mức độ cấp thiết", "Urgency", 3),
        Criterion("ease", "Dễ thực hiện", "Ease of doing", 1),
    )
    sheet = ScoreSheet(
        "Tổ công tác", WORKING_GROUP, [{"N1": {"urgency": 5, "ease": 1}, "N2": {"urgency": 1, "ease": 5}}]
    )
    assert group_scores(sheet, needs, criteria) == {"N1": Fraction(3, 4), "N2": Fraction(1, 4)}
    # A criterion of weight 0 is ignored.
    zero = (criteria[0], Criterion("ease", "Dễ thực hiện", "Ease of doing", 0))
    assert group_scores(sheet, needs, zero) == {"N1": 1, "N2": 0}


def test_group_weights() -> None:
    result = combine([MEN_SHEET, WOMEN_SHEET], NEEDS, weights={"Nhóm nam": 3})
    assert result.weights == {"Nhóm nam": 3, "Nhóm nữ": 1}
    assert result.by_need()["N1"].score == (3 * Fraction(12, 20) + Fraction(8, 20)) / 4
    only_women = combine([MEN_SHEET, WOMEN_SHEET], NEEDS, weights={"Nhóm nam": 0})
    assert [e.need_id for e in only_women.entries] == ["N4", "N3", "N1", "N2"]
    # The men's ranks are still shown and compared.
    assert only_women.by_need()["N4"].men_rank == 3


def test_without_men_and_women_there_is_no_disagreement() -> None:
    wg = ScoreSheet("Tổ công tác", WORKING_GROUP, MEN_SHEET.rows)
    result = combine([wg], NEEDS)
    assert result.threshold is None
    assert all(e.rank_gap is None and e.score_gap is None and not e.disagree for e in result.entries)
    assert [e.need_id for e in result.entries] == [e.need_id for e in rank_group(wg, NEEDS).entries]


def test_three_groups_and_an_explicit_threshold() -> None:
    wg = ScoreSheet("Tổ công tác", WORKING_GROUP, WOMEN_SHEET.rows)
    result = combine([MEN_SHEET, WOMEN_SHEET, wg], NEEDS, threshold=1)
    assert set(result.by_need()["N1"].group_scores) == {"Nhóm nam", "Nhóm nữ", "Tổ công tác"}
    assert [e.need_id for e in result.entries if e.disagree] == ["N4", "N3", "N1"]


def test_default_threshold() -> None:
    assert [default_threshold(n) for n in (0, 1, 2, 3, 4, 6, 7, 10, 20)] == [1, 1, 1, 1, 2, 2, 3, 4, 7]


# --- validation -------------------------------------------------------------------------------------------------


def test_a_score_outside_the_scale_names_need_and_criterion() -> None:
    sheet = ScoreSheet("Nhóm nam", MEN, [{"N1": {"urgency": 7}}])
    with pytest.raises(ValueError) as err:
        group_scores(sheet, NEEDS)
    assert str(err.value) == (
        "Điểm 7 của nhu cầu 'Sửa kênh mương' theo tiêu chí 'Mức độ cấp thiết' nằm ngoài thang 1–5 (nhóm 'Nhóm nam')."
    )
    with pytest.raises(ValueError, match="Điểm 0 của nhu cầu 'Giếng nước sạch' theo tiêu chí 'Dễ thực hiện'"):
        group_scores(ScoreSheet("Nhóm nữ", WOMEN, [{"N4": {"ease": 0}}]), NEEDS)


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (
            ScoreSheet("Nhóm nam", MEN, [{"N9": {"urgency": 3}}]),
            "Phiếu chấm của nhóm 'Nhóm nam' có nhu cầu không có trong danh sách: 'N9'.",
        ),
        (
            ScoreSheet("Nhóm nam", MEN, [{"N1": {"cost": 3}}]),
            "Phiếu chấm của nhóm 'Nhóm nam' có tiêu chí không có trong danh sách: 'cost' (nhu cầu 'Sửa kênh mương').",
        ),
        (
            ScoreSheet("Nhóm nam", MEN, [{"N1": {"urgency": 2.5}}]),  # type: ignore[dict-item]
            "Điểm của nhu cầu 'Sửa kênh mương' theo tiêu chí 'Mức độ cấp thiết' (nhóm 'Nhóm nam') phải là số nguyên "
            "hoặc phân số, không phải 2.5.",
        ),
        (
            ScoreSheet("Nhóm nam", MEN, [], scale_min=5, scale_max=1),
            "Thang điểm của nhóm 'Nhóm nam' không hợp lệ: điểm thấp nhất (5) phải là số nguyên nhỏ hơn điểm cao nhất (1).",
        ),
        (
            VoteSheet("Nhóm nữ", WOMEN, {"N2": -2}),
            "Số sỏi của nhu cầu 'Bê tông hóa đường vào khu sản xuất' (nhóm 'Nhóm nữ') là -2: không được âm.",
        ),
        (
            VoteSheet("Nhóm nữ", WOMEN, {"N2": Fraction(1, 2)}),  # type: ignore[dict-item]
            "Số sỏi của nhu cầu 'Bê tông hóa đường vào khu sản xuất' (nhóm 'Nhóm nữ') phải là số nguyên, "
            "không phải Fraction(1, 2).",
        ),
        (
            VoteSheet("Nhóm nữ", WOMEN, {"X": 1}),
            "Phiếu bầu của nhóm 'Nhóm nữ' có nhu cầu không có trong danh sách: 'X'.",
        ),
        (
            VoteSheet("Nhóm nữ", WOMEN, {}, members=-1),
            "Số thành viên của nhóm 'Nhóm nữ' là -1: không được âm.",
        ),
    ],
)
def test_invalid_sheets(sheet: ScoreSheet | VoteSheet, message: str) -> None:
    with pytest.raises(ValueError) as err:
        group_scores(sheet, NEEDS)
    assert str(err.value) == message


def test_invalid_needs_criteria_and_groups() -> None:
    with pytest.raises(ValueError, match="Mã nhu cầu 'N1' bị trùng"):
        group_scores(MEN_SHEET, [*NEEDS, Need("N1", "Khác")])
    with pytest.raises(ValueError, match="Tiêu chí 'Mức độ cấp thiết' \\(urgency\\) bị trùng"):
        group_scores(MEN_SHEET, NEEDS, [*DEFAULT_CRITERIA, DEFAULT_CRITERIA[0]])
    negative = (Criterion("urgency", "Mức độ cấp thiết", "Urgency", -1),)
    with pytest.raises(ValueError, match="Trọng số của tiêu chí 'Mức độ cấp thiết' là -1"):
        group_scores(MEN_SHEET, NEEDS, negative)
    with pytest.raises(ValueError, match="ít nhất một tiêu chí"):
        group_scores(MEN_SHEET, NEEDS, [Criterion("urgency", "Mức độ cấp thiết", "Urgency", 0)])
    with pytest.raises(ValueError, match="Tên nhóm 'Nhóm nam' bị trùng"):
        combine([MEN_SHEET, MEN_SHEET], NEEDS)
    with pytest.raises(ValueError, match="nhóm không có trong danh sách: 'Nhóm thanh niên'"):
        combine([MEN_SHEET, WOMEN_SHEET], NEEDS, weights={"Nhóm thanh niên": 1})
    with pytest.raises(ValueError, match="Trọng số của nhóm 'Nhóm nữ' là -1"):
        combine([MEN_SHEET, WOMEN_SHEET], NEEDS, weights={"Nhóm nữ": -1})
    with pytest.raises(ValueError, match="ít nhất một nhóm có trọng số"):
        combine([MEN_SHEET, WOMEN_SHEET], NEEDS, weights={"Nhóm nữ": 0, "Nhóm nam": 0})
    with pytest.raises(ValueError, match="ít nhất một nhóm"):
        combine([], NEEDS)


def test_proposed_by_women_comes_from_the_needs_tick_whatever_was_written():
    from sedp.core import ranking as r

    needs = [r.Need("N1", "Đường", proposed_by_women=False), r.Need("N2", "Giếng", proposed_by_women=True)]
    # The group wrote 5 for N1 and 1 for N2 on "proposed by women": the ticks say the opposite, and they count.
    row = {
        n: {"urgency": 3, "ease": 3, "women": w, "self_reliance": 3, "village_fit": 3}
        for n, w in [("N1", 5), ("N2", 1)]
    }
    scores = r.group_scores(r.ScoreSheet("Tổ công tác", rows=[row]), needs)
    assert scores["N2"] > scores["N1"]
    assert scores["N2"] - scores["N1"] == Fraction(1, 5)
    # A need without a known tick keeps what was written.
    unknown = [r.Need("N1", "Đường"), r.Need("N2", "Giếng")]
    scores = r.group_scores(r.ScoreSheet("Tổ công tác", rows=[row]), unknown)
    assert scores["N1"] > scores["N2"]
