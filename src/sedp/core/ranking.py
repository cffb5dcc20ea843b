"""Ranking the proposed needs of a village (xếp hạng ưu tiên các nhu cầu / hoạt động đề xuất).

Source 001 (Đắk Lắk, Decision 2134/QĐ-UBND, 2007): the village working group scores and ranks the proposed
activities by the priority criteria (urgency, ease of doing, proposed by women, little dependence on outside help,
fits the village's way of working); at village meeting 2 a men's group and a women's group each score and re-rank
them; the working-group leader combines both results into the official mid-term plan. This module does that
arithmetic, exactly (``fractions.Fraction``) and without Django. The rules, in plain language with a worked
example, are in ``docs/ranking.md``; in short:

1. **A group's score for a need** (:func:`group_scores`) is a number from 0 to 1.

   * Score sheet (:class:`ScoreSheet`): each criterion score is mapped onto 0–1 (scale minimum → 0, maximum → 1),
     averaged over the sheet's rows (scorers), then the criteria are averaged with their weights. A missing score
     counts as the scale minimum, so filling it in can never lower a need. Neither the scale nor the number of
     scorers changes the result.
   * Vote sheet (:class:`VoteSheet`, pebbles / dots): the need's pebbles divided by the pebbles of the group's
     most-voted need (that need scores 1). Twice as many people with twice as many pebbles give the same scores.

2. **A ranking** (:func:`rank`): higher score first. ``rank`` is the competition rank (1, 2, 2, 4: needs with equal
   scores share it); ``position`` is the strict order 1, 2, 3, 4 of the plan, with ties broken deterministically by
   the extra tie-break scores (higher first), then by the need's code in natural order ("N2" before "N10").

3. **The combined ranking** (:func:`combine`): the weighted mean of the groups' scores, every group weighing the same
   unless told otherwise — so a group of 40 men does not outweigh a group of 12 women. Ties go to the need the
   women scored higher, then to the need's code. The disagreement between men and women on a need is the gap
   between their ranks; needs whose gap is at least a third of the list (at least 1) are marked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sedp.core.text import natural_key

Score = int | Fraction | Decimal
"""A raw score as written on the sheet: whole points, or exact halves and the like. Floats are refused."""

# Kinds of scoring group. Any other label is allowed (e.g. "youth"); only men and women are compared.
MEN = "men"
WOMEN = "women"
WORKING_GROUP = "working_group"


@dataclass(frozen=True)
class Criterion:
    """A priority criterion (tiêu chí ưu tiên) and its weight (trọng số, 0 allowed, negative not)."""

    key: str
    label_vi: str
    label_en: str
    weight: Fraction | int = 1
    # Taken from the need's "proposed by women" tick (top of the scale if ticked, bottom if not) instead of being
    # scored again by the group: whether women proposed a need is a fact of record, not an opinion.
    from_women_tick: bool = False


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("urgency", "Mức độ cấp thiết", "Urgency"),
    Criterion("ease", "Dễ thực hiện", "Ease of doing"),
    Criterion("women", "Do phụ nữ đề xuất", "Proposed by women", from_women_tick=True),
    Criterion("self_reliance", "Ít phụ thuộc bên ngoài", "Little dependence on outside help"),
    Criterion("village_fit", "Phù hợp cách làm của thôn", "Fits the village's way of working"),
)
"""The five criteria of source 001, equal weights (the source gives none)."""


@dataclass(frozen=True)
class Need:
    """A proposed need / activity. ``id`` is its code; ties end in the natural order of codes."""

    id: str
    name: str
    proposed_by_women: bool | None = (
        None  # the need's tick; None: unknown (a `from_women_tick` one is scored)
    )


@dataclass(frozen=True)
class ScoreSheet:
    """Scores by criteria from one group (phiếu chấm điểm theo tiêu chí).

    ``rows`` holds one row per scorer — or a single row when the group agrees its scores together, as in a PRA
    ranking matrix. A row maps need id → criterion key → score on the scale ``scale_min``–``scale_max``.
    ``members`` (how many people) is shown on the page and never changes the result.
    """

    group: str
    kind: str = "other"
    rows: Sequence[Mapping[str, Mapping[str, Score]]] = ()
    scale_min: int = 1
    scale_max: int = 5
    members: int | None = None


@dataclass(frozen=True)
class VoteSheet:
    """Pebbles or dots from one group (bỏ phiếu bằng sỏi / dán chấm): need id → count (missing = 0)."""

    group: str
    kind: str = "other"
    votes: Mapping[str, int] = field(default_factory=dict)
    members: int | None = None


Sheet = ScoreSheet | VoteSheet


@dataclass(frozen=True)
class Ranked:
    """One need in a ranking: its score (0–1), competition rank (ties share) and strict position in the list."""

    need_id: str
    score: Fraction
    rank: int
    position: int


@dataclass(frozen=True)
class GroupRanking:
    """A group's ranking, best first."""

    group: str
    kind: str
    entries: tuple[Ranked, ...]

    def by_need(self) -> dict[str, Ranked]:
        return {e.need_id: e for e in self.entries}


@dataclass(frozen=True)
class CombinedEntry:
    """One need in the combined ranking, with each group's score and rank beside it.

    ``men_rank`` / ``women_rank`` are competition ranks of the men's and women's scores (None without both groups);
    ``rank_gap`` is their absolute difference, ``score_gap`` men's minus women's score, and ``disagree`` marks the
    needs whose gap reaches the threshold of :class:`CombinedRanking`.
    """

    need_id: str
    score: Fraction
    rank: int
    position: int
    group_scores: Mapping[str, Fraction]
    group_ranks: Mapping[str, int]
    men_rank: int | None = None
    women_rank: int | None = None
    rank_gap: int | None = None
    score_gap: Fraction | None = None
    disagree: bool = False


@dataclass(frozen=True)
class CombinedRanking:
    """The official order (best first), the groups' own rankings, the weights used and the disagreement threshold."""

    entries: tuple[CombinedEntry, ...]
    groups: tuple[GroupRanking, ...]
    weights: Mapping[str, Fraction]
    threshold: int | None

    def by_need(self) -> dict[str, CombinedEntry]:
        return {e.need_id: e for e in self.entries}


# --- validation -------------------------------------------------------------------------------------------------


def _fmt(value: Fraction | int) -> str:
    """7 → '7'; 7/2 → '7/2'."""
    return str(Fraction(value))


def _exact(value: object, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise ValueError(f"{what} phải là số nguyên hoặc phân số, không phải {value!r}.")
    return Fraction(value)


def _needs_by_id(needs: Iterable[Need]) -> dict[str, Need]:
    by_id: dict[str, Need] = {}
    for need in needs:
        if need.id in by_id:
            raise ValueError(f"Mã nhu cầu '{need.id}' bị trùng ('{by_id[need.id].name}' và '{need.name}').")
        by_id[need.id] = need
    return by_id


def _criteria_by_key(criteria: Iterable[Criterion]) -> dict[str, Criterion]:
    by_key: dict[str, Criterion] = {}
    for c in criteria:
        if c.key in by_key:
            raise ValueError(f"Tiêu chí '{c.label_vi}' ({c.key}) bị trùng.")
        if _exact(c.weight, f"Trọng số của tiêu chí '{c.label_vi}'") < 0:
            raise ValueError(
                f"Trọng số của tiêu chí '{c.label_vi}' là {_fmt(c.weight)}: trọng số không được âm."
            )
        by_key[c.key] = c
    if not by_key or sum(Fraction(c.weight) for c in by_key.values()) == 0:
        raise ValueError("Cần ít nhất một tiêu chí có trọng số lớn hơn 0.")
    return by_key


# --- a group's scores -------------------------------------------------------------------------------------------


def group_scores(
    sheet: Sheet, needs: Sequence[Need], criteria: Sequence[Criterion] = DEFAULT_CRITERIA
) -> dict[str, Fraction]:
    """Each need's score from this group, an exact number from 0 (lowest) to 1 (highest).

    Raises ValueError (in Vietnamese, naming the need and criterion) for a score outside the scale, an unknown
    need or criterion, a negative or fractional pebble count, or a bad scale or weight.
    """
    by_id = _needs_by_id(needs)
    if sheet.members is not None and sheet.members < 0:
        raise ValueError(f"Số thành viên của nhóm '{sheet.group}' là {sheet.members}: không được âm.")
    if isinstance(sheet, VoteSheet):
        return _vote_scores(sheet, by_id)
    return _criteria_scores(sheet, by_id, _criteria_by_key(criteria))


def _vote_scores(sheet: VoteSheet, by_id: Mapping[str, Need]) -> dict[str, Fraction]:
    for need_id, count in sheet.votes.items():
        if need_id not in by_id:
            raise ValueError(
                f"Phiếu bầu của nhóm '{sheet.group}' có nhu cầu không có trong danh sách: '{need_id}'."
            )
        name = by_id[need_id].name
        if isinstance(count, bool) or not isinstance(count, int):
            raise ValueError(
                f"Số sỏi của nhu cầu '{name}' (nhóm '{sheet.group}') phải là số nguyên, không phải {count!r}."
            )
        if count < 0:
            raise ValueError(f"Số sỏi của nhu cầu '{name}' (nhóm '{sheet.group}') là {count}: không được âm.")
    top = max(sheet.votes.values(), default=0)
    if top == 0:
        return {need_id: Fraction(0) for need_id in by_id}
    return {need_id: Fraction(sheet.votes.get(need_id, 0), top) for need_id in by_id}


def _criteria_scores(
    sheet: ScoreSheet, by_id: Mapping[str, Need], by_key: Mapping[str, Criterion]
) -> dict[str, Fraction]:
    lo, hi = sheet.scale_min, sheet.scale_max
    if (
        isinstance(lo, bool)
        or isinstance(hi, bool)
        or not isinstance(lo, int)
        or not isinstance(hi, int)
        or lo >= hi
    ):
        raise ValueError(
            f"Thang điểm của nhóm '{sheet.group}' không hợp lệ: điểm thấp nhất ({lo!r}) phải là số nguyên "
            f"nhỏ hơn điểm cao nhất ({hi!r})."
        )
    # Sum of points above the minimum, per need and criterion, over all rows; a missing score adds nothing.
    above: dict[tuple[str, str], Fraction] = {}
    for row in sheet.rows:
        for need_id, cells in row.items():
            if need_id not in by_id:
                raise ValueError(
                    f"Phiếu chấm của nhóm '{sheet.group}' có nhu cầu không có trong danh sách: '{need_id}'."
                )
            name = by_id[need_id].name
            for key, raw in cells.items():
                if key not in by_key:
                    raise ValueError(
                        f"Phiếu chấm của nhóm '{sheet.group}' có tiêu chí không có trong danh sách: '{key}' "
                        f"(nhu cầu '{name}')."
                    )
                label = by_key[key].label_vi
                value = _exact(
                    raw, f"Điểm của nhu cầu '{name}' theo tiêu chí '{label}' (nhóm '{sheet.group}')"
                )
                if not lo <= value <= hi:
                    raise ValueError(
                        f"Điểm {_fmt(value)} của nhu cầu '{name}' theo tiêu chí '{label}' nằm ngoài thang "
                        f"{lo}–{hi} (nhóm '{sheet.group}')."
                    )
                above[need_id, key] = above.get((need_id, key), Fraction(0)) + value - lo
    total_weight = sum(Fraction(c.weight) for c in by_key.values())
    rows = len(sheet.rows)
    if rows == 0:
        return {need_id: Fraction(0) for need_id in by_id}
    span = hi - lo
    for key, c in by_key.items():
        if c.from_women_tick:  # the tick, in every row, whatever was written for it
            for need_id, need in by_id.items():
                if need.proposed_by_women is not None:
                    above[need_id, key] = rows * span if need.proposed_by_women else Fraction(0)
    return {
        need_id: sum(
            (Fraction(c.weight) * above.get((need_id, key), Fraction(0)) for key, c in by_key.items()),
            Fraction(0),
        )
        / (rows * span * total_weight)
        for need_id in by_id
    }


# --- ranking ----------------------------------------------------------------------------------------------------


def _code_key(need_id: str) -> tuple[tuple[object, ...], str]:
    return natural_key(need_id), need_id


def rank(
    scores: Mapping[str, Fraction], tie_break: Sequence[Mapping[str, Fraction]] = ()
) -> tuple[Ranked, ...]:
    """Order needs by score, best first.

    ``rank`` is the competition rank (1 + the number of needs with a strictly higher score), so equal scores share
    a rank: 1, 2, 2, 4. ``position`` is the strict order: among equal scores, the higher score in each
    ``tie_break`` mapping in turn comes first (a need missing from it counts as 0), then the need's code in natural
    order. The result depends only on the scores and codes, never on the order of the input.
    """

    def key(need_id: str) -> tuple[object, ...]:
        return (-scores[need_id], *(-t.get(need_id, Fraction(0)) for t in tie_break), _code_key(need_id))

    ordered = sorted(scores, key=key)
    values = sorted(scores.values(), reverse=True)
    # The competition rank of a score is 1 + the count of strictly higher scores = its first index in `values`.
    first: dict[Fraction, int] = {}
    for i, v in enumerate(values):
        first.setdefault(v, i + 1)
    return tuple(
        Ranked(need_id=n, score=scores[n], rank=first[scores[n]], position=i + 1)
        for i, n in enumerate(ordered)
    )


def rank_group(
    sheet: Sheet, needs: Sequence[Need], criteria: Sequence[Criterion] = DEFAULT_CRITERIA
) -> GroupRanking:
    """One group's own ranking (ties broken by the need's code)."""
    return GroupRanking(sheet.group, sheet.kind, rank(group_scores(sheet, needs, criteria)))


def default_threshold(n: int) -> int:
    """The rank gap from which men and women are said to disagree on a need: a third of the list, at least 1."""
    return max(1, math.ceil(n / 3))


def _weighted_mean(
    per_group: Mapping[str, Mapping[str, Fraction]], weights: Mapping[str, Fraction], groups: Sequence[str]
) -> dict[str, Fraction] | None:
    total = sum((weights[g] for g in groups), Fraction(0))
    if not groups or total == 0:
        return None
    need_ids = per_group[groups[0]]
    return {n: sum((weights[g] * per_group[g][n] for g in groups), Fraction(0)) / total for n in need_ids}


def combine(
    sheets: Sequence[Sheet],
    needs: Sequence[Need],
    criteria: Sequence[Criterion] = DEFAULT_CRITERIA,
    weights: Mapping[str, Fraction | int] | None = None,
    threshold: int | None = None,
) -> CombinedRanking:
    """The combined (official) ranking of the given groups — at village meeting 2, the men's and the women's.

    The combined score of a need is the weighted mean of its scores in the groups (each group's score is already
    on 0–1, whatever its size, scale or method). ``weights`` maps group name → weight; a group not named weighs 1,
    so by default every group weighs the same. Ties go to the need the women's group(s) scored higher, then to the
    need's code. With at least one men's and one women's group (``kind``), each need gets the men's and women's
    ranks, their gap, and ``disagree`` when the gap is at least ``threshold`` (default :func:`default_threshold`).
    """
    if not sheets:
        raise ValueError("Cần ít nhất một nhóm chấm điểm để tổng hợp.")
    names = [s.group for s in sheets]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(f"Tên nhóm '{name}' bị trùng: mỗi nhóm cần một tên riêng.")
    given = dict(weights or {})
    for name, w in given.items():
        if name not in names:
            raise ValueError(f"Trọng số cho nhóm không có trong danh sách: '{name}'.")
        if _exact(w, f"Trọng số của nhóm '{name}'") < 0:
            raise ValueError(f"Trọng số của nhóm '{name}' là {_fmt(Fraction(w))}: trọng số không được âm.")
    used = {name: Fraction(given.get(name, 1)) for name in names}
    if sum(used.values()) == 0:
        raise ValueError("Cần ít nhất một nhóm có trọng số lớn hơn 0.")

    per_group = {s.group: group_scores(s, needs, criteria) for s in sheets}
    groups = tuple(GroupRanking(s.group, s.kind, rank(per_group[s.group])) for s in sheets)
    combined = _weighted_mean(per_group, used, names)
    assert combined is not None
    # Men's and women's scores pooled over their groups (equal weights when their own weights are all 0).
    men_groups = [s.group for s in sheets if s.kind == MEN]
    women_groups = [s.group for s in sheets if s.kind == WOMEN]
    ones = dict.fromkeys(names, Fraction(1))
    men = _weighted_mean(per_group, used, men_groups) or _weighted_mean(per_group, ones, men_groups)
    women = _weighted_mean(per_group, used, women_groups) or _weighted_mean(per_group, ones, women_groups)

    order = rank(combined, tie_break=[women] if women is not None else [])
    group_ranks = {g.group: {e.need_id: e.rank for e in g.entries} for g in groups}
    men_ranks = {e.need_id: e.rank for e in rank(men)} if men is not None else {}
    women_ranks = {e.need_id: e.rank for e in rank(women)} if women is not None else {}
    both = men is not None and women is not None
    limit = (threshold if threshold is not None else default_threshold(len(combined))) if both else None

    entries: list[CombinedEntry] = []
    for e in order:
        n = e.need_id
        gap = abs(men_ranks[n] - women_ranks[n]) if both else None
        entries.append(
            CombinedEntry(
                need_id=n,
                score=e.score,
                rank=e.rank,
                position=e.position,
                group_scores={g: per_group[g][n] for g in names},
                group_ranks={g: group_ranks[g][n] for g in names},
                men_rank=men_ranks.get(n),
                women_rank=women_ranks.get(n),
                rank_gap=gap,
                score_gap=men[n] - women[n] if men is not None and women is not None else None,
                disagree=gap is not None and limit is not None and gap > 0 and gap >= limit,
            )
        )
    return CombinedRanking(entries=tuple(entries), groups=groups, weights=used, threshold=limit)
