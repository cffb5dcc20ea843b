"""Market-oriented planning (MOP-SEDP, source 004, step 3): choosing and analysing a commune's product value chains.

Pure arithmetic, exact (``fractions.Fraction``), without Django; rounding happens only for display.

1. **Choosing priority chains** (:func:`rank_candidates`): the candidate products are scored by the men's and the
   women's groups on weighted criteria, with the villages' needs ranking engine (`sedp.core.ranking`) — the same
   rules: a score on 0–1 per group, whatever the scale or the number of scorers; every group weighs the same;
   ties go to what the women scored higher. A criterion where *low is better* (risk) is turned over before
   scoring: a score ``s`` on ``lo``–``hi`` counts as ``lo + hi − s``.
2. **Prices per unit** (:func:`per_unit`): a price per tạ (100 kg) or tấn is brought to the price per kg; units
   of a count (quả, con…) are compared only with themselves.
3. **Analysing a chain** (:func:`analyse`): the stages inputs → production → collection → processing →
   wholesale → retail, each with its price; a stage's **margin** is its price minus the price of the previous
   stage that has one (the first priced stage's margin is its whole price), its **share** is its margin divided
   by the final price (retail's, or the last priced stage's when retail has none). The margins add up to the final
   price and the shares to 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sedp.core import ranking

Number = int | Fraction | Decimal

INPUTS, PRODUCTION, COLLECTION, PROCESSING, WHOLESALE, RETAIL = (
    "inputs",
    "production",
    "collection",
    "processing",
    "wholesale",
    "retail",
)
STAGES: tuple[str, ...] = (INPUTS, PRODUCTION, COLLECTION, PROCESSING, WHOLESALE, RETAIL)
STAGE_VI = {
    INPUTS: "Đầu vào",
    PRODUCTION: "Sản xuất (giá tại vườn)",
    COLLECTION: "Thu gom",
    PROCESSING: "Chế biến",
    WHOLESALE: "Bán buôn",
    RETAIL: "Bán lẻ",
}

# Units of weight, in kg. Other units (quả, con, lít, bó…) are compared only with themselves.
WEIGHT_KG: dict[str, int] = {"kg": 1, "yến": 10, "tạ": 100, "tấn": 1000}


def _exact(value: object, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise ValueError(f"{what} phải là số nguyên hoặc phân số, không phải {value!r}.")
    return Fraction(value)


# --- units and periods ----------------------------------------------------------------------------------------


def per_unit(price: Number, unit: str, target: str) -> Fraction | None:
    """The price of one `target` from a price per `unit`: 1.500.000 per tạ → 15.000 per kg. None when the units
    cannot be compared (per kg and per quả)."""
    value = _exact(price, "Giá")
    if unit == target:
        return value
    if unit in WEIGHT_KG and target in WEIGHT_KG:
        return value * WEIGHT_KG[target] / WEIGHT_KG[unit]
    return None


def mean(values: Iterable[Number]) -> Fraction | None:
    """The exact mean, None for no value."""
    items = [_exact(v, "Giá") for v in values]
    return sum(items, Fraction(0)) / len(items) if items else None


def change(now: Number | None, before: Number | None) -> tuple[Fraction | None, Fraction | None]:
    """(difference, relative change) of a price against an earlier one; None where one is missing."""
    if now is None or before is None:
        return None, None
    diff = Fraction(now) - Fraction(before)
    return diff, (diff / Fraction(before) if before else None)


# --- display --------------------------------------------------------------------------------------------------


def round_half_up(value: Number, places: int = 0) -> Decimal:
    f = Fraction(value)
    d = Decimal(f.numerator) / Decimal(f.denominator)
    return d.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def vnd(value: Number | None) -> str:
    """17052000 → '17.052.000' (rounded half up to the đồng); '–' for None."""
    if value is None:
        return "–"
    n = int(round_half_up(value))
    text = f"{abs(n):,}".replace(",", ".")
    return f"-{text}" if n < 0 else text


def number(value: Number | None, places: int = 2) -> str:
    """Decimal('1500.50') → '1.500,5': thousands grouped with dots, decimals after a comma, trailing zeros dropped."""
    if value is None:
        return "–"
    d = round_half_up(value, places)
    sign = "-" if d < 0 else ""
    whole, _dot, frac = f"{abs(d):f}".partition(".")
    frac = frac.rstrip("0")
    text = f"{int(whole):,}".replace(",", ".")
    return sign + text + (f",{frac}" if frac else "")


def percent(value: Number | None, places: int = 1) -> str:
    """Fraction(1, 3) → '33,3' (the share as a percentage, Vietnamese decimal comma); '–' for None."""
    if value is None:
        return "–"
    text = f"{round_half_up(Fraction(value) * 100, places):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --- analysing a chain ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageResult:
    """One stage of a chain: its price (None: not known), margin over the previous priced stage, share of the
    final price; `negative` marks a stage selling below what it paid."""

    stage: str
    price: Fraction | None
    margin: Fraction | None
    share: Fraction | None

    @property
    def negative(self) -> bool:
        return self.margin is not None and self.margin < 0


@dataclass(frozen=True)
class Analysis:
    stages: tuple[StageResult, ...]
    final_stage: str | None  # whose price is the final price (retail, or the last priced stage)
    final_price: Fraction | None

    def by_stage(self) -> dict[str, StageResult]:
        return {s.stage: s for s in self.stages}


def analyse(prices: Mapping[str, Number | None], stages: Sequence[str] = STAGES) -> Analysis:
    """Margins and shares of the final price, stage by stage (see the module's docstring).

    ``prices`` maps stage → price of the same quantity at every stage (a missing or None stage has no price; it
    gets neither margin nor share, and the next priced stage's margin is taken over the last known price). Prices
    must be positive. Raises ValueError (Vietnamese) for an unknown stage or a bad price.
    """
    for stage in prices:
        if stage not in stages:
            raise ValueError(f"Khâu không có trong chuỗi: '{stage}'.")
    known: dict[str, Fraction] = {}
    for stage in stages:
        raw = prices.get(stage)
        if raw is None:
            continue
        value = _exact(raw, f"Giá ở khâu '{STAGE_VI.get(stage, stage)}'")
        if value <= 0:
            raise ValueError(f"Giá ở khâu '{STAGE_VI.get(stage, stage)}' phải lớn hơn 0.")
        known[stage] = value
    if not known:
        return Analysis(tuple(StageResult(s, None, None, None) for s in stages), None, None)
    final_stage = stages[-1] if stages[-1] in known else [s for s in stages if s in known][-1]
    final = known[final_stage]
    rows = []
    previous: Fraction | None = None
    for stage in stages:
        price = known.get(stage)
        if price is None:
            rows.append(StageResult(stage, None, None, None))
            continue
        margin = price if previous is None else price - previous
        rows.append(StageResult(stage, price, margin, margin / final))
        previous = price
    return Analysis(tuple(rows), final_stage, final)


# --- choosing priority chains -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """A criterion for choosing chains: its weight (0 allowed) and whether a low score is the better one (risk)."""

    key: str
    label_vi: str
    label_en: str
    weight: Fraction | int = 1
    lower_is_better: bool = False


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("poor_reach", "Số hộ nghèo tham gia được", "Reach of poor households", 2),
    Criterion("income", "Tiềm năng tăng thu nhập", "Income potential", 2),
    Criterion("policy_fit", "Phù hợp chủ trương, kế hoạch của Nhà nước", "Fit with government plans", 1),
    Criterion("agroecology", "Phù hợp điều kiện sinh thái", "Agro-ecological suitability", 1),
    Criterion("environment", "Thân thiện với môi trường", "Environment", 1),
    Criterion("risk", "Rủi ro (càng thấp càng tốt)", "Risk (low is better)", 1, lower_is_better=True),
    Criterion("women", "Phụ nữ tham gia", "Women's involvement", 1),
)
"""The criteria of source 004's ranking of value chains (weights are this project's suggestion; a commune changes
them)."""


def _turned(sheet: ranking.ScoreSheet, low_better: set[str]) -> ranking.ScoreSheet:
    if not low_better:
        return sheet
    lo, hi = sheet.scale_min, sheet.scale_max
    rows = [
        {
            cand: {
                key: (
                    lo + hi - _exact(v, "Điểm") if key in low_better and lo <= _exact(v, "Điểm") <= hi else v
                )
                for key, v in cells.items()
            }
            for cand, cells in row.items()
        }
        for row in sheet.rows
    ]
    return ranking.ScoreSheet(sheet.group, sheet.kind, rows, lo, hi, sheet.members)


def rank_candidates(
    sheets: Sequence[ranking.ScoreSheet],
    candidates: Sequence[ranking.Need],
    criteria: Sequence[Criterion] = DEFAULT_CRITERIA,
    threshold: int | None = None,
) -> ranking.CombinedRanking:
    """The men's, the women's and the combined ranking of candidate products (`sedp.core.ranking.combine`), a
    criterion with `lower_is_better` turned over first. A missing score still counts as the worst (the scale's
    minimum for an ordinary criterion, its maximum — the highest risk — for one where low is better)."""
    low_better = {c.key for c in criteria if c.lower_is_better}
    core = [ranking.Criterion(c.key, c.label_vi, c.label_en, c.weight) for c in criteria]
    return ranking.combine([_turned(s, low_better) for s in sheets], candidates, core, threshold=threshold)
