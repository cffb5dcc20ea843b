"""Evaluating a plan during and after its year: how far each indicator got, whether each activity keeps to its
quarters, and the men/women split of indicators that count people. Pure Python, exact.

Source 001 (phase 5) asks for an evaluation at **6 months** and at **year end**, at every level: per indicator the
baseline, the same period last year, the target and the actual, the % achieved, the change on last year and
whether it is on track; per activity whether it is done, late or not started.

- **% achieved** is the share of the way from the baseline to the target that has been covered, so it works the
  same whichever way the indicator should move: a poverty rate ("decrease") going from 15 % to 13 % when the target
  is 13 % is 100 % achieved, to 14 % is 50 %. Without a baseline (or when the baseline already equals the target)
  it is actual / target for an increase and target / actual for a decrease. A "maintain" indicator's % is
  actual / target; it is on track while it stays within a tolerance of the target.
- **The band** compares the % achieved with what the time elapsed calls for: half the way at 6 months, all of it
  at year end (``expected``; :func:`year_share` gives it from the months elapsed). ON_TRACK from
  ``on_track`` × expected, AT_RISK from ``at_risk`` × expected, OFF_TRACK below; NOT_REPORTED when the actual is
  missing — never an exception.
- Aggregating an indicator over units goes through :mod:`sedp.core.rollup`, so a percentage is rebuilt from the
  units' numerators and denominators, never averaged.

Numbers are int, Decimal or Fraction and arithmetic is exact; a float (the logframe's ``Indicator`` may carry
one typed as 3.06) is read as the decimal it prints, ``Decimal(str(x))``, never used as a binary float.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from .logframe import Direction, Indicator
from .money import group_digits
from .rollup import Entry, Rolled, Rule, roll_up

__all__ = [
    "ActivityProgress",
    "ActivityStatus",
    "Band",
    "IndicatorEvaluation",
    "PeopleSplit",
    "Thresholds",
    "achievement",
    "activity_progress",
    "aggregate",
    "band_shares",
    "evaluate",
    "evaluate_indicator",
    "exact",
    "format_percent",
    "people_split",
    "quarter_bounds",
    "sum_splits",
    "year_share",
]

Number = int | Decimal | Fraction


def exact(x: Number | float | None) -> Fraction | None:
    """A number as a Fraction (None stays None); a float is read as the decimal it prints (3.06 → 306/100)."""
    if x is None:
        return None
    if isinstance(x, bool):
        raise TypeError("a figure cannot be a bool")
    if isinstance(x, float):
        return Fraction(Decimal(str(x)))
    return Fraction(x)


def format_percent(share: Fraction | None, lang: str = "vi", places: int = 1) -> str:
    """A share as a percentage rounded half up, trailing zeros dropped: 1 → '100 %', 39/40 → '97,5 %' (vi) or
    '97.5 %' (en); None → '–'."""
    if share is None:
        return "–"
    p = share * 100
    d = (Decimal(p.numerator) / Decimal(p.denominator)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return (text.replace(".", ",") if lang == "vi" else text) + " %"


# ---------------------------------------------------------------------------------------------- indicators


class Band(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_REPORTED = "not_reported"


@dataclass(frozen=True)
class Thresholds:
    """Where the bands start, as shares of the progress expected by now (1 = exactly on schedule).

    ``tolerance`` / ``risk_tolerance``: how far a "maintain" indicator may stray from its target, as a share of
    the target (of 1 when the target is 0), before it is at risk / off track."""

    on_track: Fraction = Fraction(95, 100)
    at_risk: Fraction = Fraction(75, 100)
    tolerance: Fraction = Fraction(5, 100)
    risk_tolerance: Fraction = Fraction(10, 100)

    def __post_init__(self) -> None:
        for name in ("on_track", "at_risk", "tolerance", "risk_tolerance"):
            object.__setattr__(self, name, exact(getattr(self, name)))
        if not 0 <= self.at_risk <= self.on_track:
            raise ValueError("thresholds: 0 ≤ at_risk ≤ on_track")
        if not 0 <= self.tolerance <= self.risk_tolerance:
            raise ValueError("thresholds: 0 ≤ tolerance ≤ risk_tolerance")


DEFAULT_THRESHOLDS = Thresholds()


def year_share(months: int) -> Fraction:
    """The share of the plan year elapsed after `months` months: 6 → 1/2 (the 6-month evaluation), 12 → 1."""
    if not 0 <= months <= 12:
        raise ValueError("months elapsed must be 0–12")
    return Fraction(months, 12)


def achievement(
    baseline: Number | float | None,
    target: Number | float | None,
    actual: Number | float | None,
    direction: Direction | str = Direction.INCREASE,
) -> Fraction | None:
    """The share of the target achieved (1 = 100 %), or None when it cannot be said (no actual, no target, or a
    division by zero). See the module's docstring for the rule."""
    direction = Direction(direction)
    b, t, a = exact(baseline), exact(target), exact(actual)
    if a is None or t is None:
        return None
    if direction == Direction.MAINTAIN:
        return a / t if t else (Fraction(1) if a == 0 else None)
    if b is not None and b != t:
        return (a - b) / (t - b)
    if direction == Direction.INCREASE:
        return a / t if t else None
    # A decrease without a usable baseline: at or under the target is reached.
    if a == 0:
        return Fraction(1) if t >= 0 else None
    return t / a


def _better(direction: Direction, now: Fraction, before: Fraction) -> bool | None:
    if now == before:
        return None
    if direction == Direction.DECREASE:
        return now < before
    if direction == Direction.INCREASE:
        return now > before
    return None


@dataclass(frozen=True)
class IndicatorEvaluation:
    """One row of the evaluation table."""

    name: str
    unit: str
    direction: Direction
    baseline: Fraction | None
    last_year: Fraction | None  # the same period last year
    target: Fraction | None
    actual: Fraction | None
    expected: Fraction  # share of the way expected by now
    achieved: Fraction | None  # share of the target achieved (1 = 100 %)
    band: Band

    @property
    def reported(self) -> bool:
        return self.actual is not None

    @property
    def change(self) -> Fraction | None:
        """Actual minus the same period last year (in the indicator's own unit)."""
        if self.actual is None or self.last_year is None:
            return None
        return self.actual - self.last_year

    @property
    def change_share(self) -> Fraction | None:
        """The change as a share of last year's figure (None when last year was 0 or missing)."""
        if self.change is None or not self.last_year:
            return None
        return self.change / abs(self.last_year)

    @property
    def improved(self) -> bool | None:
        """Whether it moved the way it should since the same period last year (None: unchanged or unknown)."""
        if self.actual is None or self.last_year is None:
            return None
        return _better(self.direction, self.actual, self.last_year)

    @property
    def percent(self) -> Decimal | None:
        """% achieved rounded half up to 0.1."""
        if self.achieved is None:
            return None
        p = self.achieved * 100
        return (Decimal(p.numerator) / Decimal(p.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def sentence(self, lang: str = "vi") -> str:
        """The row in words: 'Tỷ lệ hộ nghèo: đạt 100 % chỉ tiêu.' / 'Poverty rate: 100 % of the target reached.'"""
        return f"{self.name}: {band_phrase(self, lang)}."


def band_phrase(ev: IndicatorEvaluation, lang: str = "vi") -> str:
    """The band in words, with the % achieved where there is one."""
    vi = lang == "vi"
    p = format_percent(ev.achieved, lang)
    if ev.band == Band.NOT_REPORTED:
        return "chưa báo cáo" if vi else "not reported"
    if ev.direction == Direction.MAINTAIN:
        return {
            Band.ON_TRACK: ("duy trì được chỉ tiêu", "target maintained"),
            Band.AT_RISK: ("có nguy cơ không duy trì được chỉ tiêu", "at risk of not maintaining the target"),
            Band.OFF_TRACK: ("không duy trì được chỉ tiêu", "target not maintained"),
        }[ev.band][0 if vi else 1] + (f" ({p})" if ev.achieved is not None else "")
    if ev.achieved is None:
        return {
            Band.ON_TRACK: ("đúng tiến độ", "on track"),
            Band.AT_RISK: ("có nguy cơ không đạt chỉ tiêu", "at risk"),
            Band.OFF_TRACK: ("chậm so với kế hoạch", "behind plan"),
        }[ev.band][0 if vi else 1]
    if ev.band == Band.ON_TRACK:
        if ev.achieved > 1:
            return f"vượt chỉ tiêu (đạt {p})" if vi else f"target exceeded ({p})"
        if ev.achieved == 1:
            return f"đạt {p} chỉ tiêu" if vi else f"{p} of the target reached"
        return f"đúng tiến độ (đạt {p} chỉ tiêu)" if vi else f"on track ({p} of the target)"
    if ev.band == Band.AT_RISK:
        return (
            f"có nguy cơ không đạt chỉ tiêu (đạt {p})"
            if vi
            else f"at risk of missing the target ({p} reached)"
        )
    return f"chậm so với kế hoạch (đạt {p})" if vi else f"behind plan ({p} of the target reached)"


def _band(
    direction: Direction,
    target: Fraction | None,
    actual: Fraction | None,
    achieved: Fraction | None,
    expected: Fraction,
    th: Thresholds,
) -> Band:
    if actual is None:
        return Band.NOT_REPORTED
    if direction == Direction.MAINTAIN:
        if target is None:
            return Band.NOT_REPORTED
        scale = abs(target) if target else Fraction(1)
        gap = abs(actual - target) / scale
        if gap <= th.tolerance:
            return Band.ON_TRACK
        return Band.AT_RISK if gap <= th.risk_tolerance else Band.OFF_TRACK
    if achieved is None:
        return Band.NOT_REPORTED
    if achieved >= expected * th.on_track:
        return Band.ON_TRACK
    if achieved >= expected * th.at_risk:
        return Band.AT_RISK
    return Band.OFF_TRACK


def evaluate(
    name: str,
    *,
    actual: Number | float | None,
    target: Number | float | None,
    baseline: Number | float | None = None,
    last_year: Number | float | None = None,
    direction: Direction | str = Direction.INCREASE,
    expected: Fraction | int = 1,
    unit: str = "",
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> IndicatorEvaluation:
    """Evaluate one indicator for a period. `expected` is the share of the way expected by now (1/2 at 6 months,
    1 at year end, see :func:`year_share`). A missing actual gives the band NOT_REPORTED, never an error."""
    direction = Direction(direction)
    exp = exact(expected)
    if exp is None or not 0 <= exp <= 1:
        raise ValueError("expected progress must be between 0 and 1")
    b, t, a, ly = exact(baseline), exact(target), exact(actual), exact(last_year)
    got = achievement(b, t, a, direction)
    return IndicatorEvaluation(
        name, unit, direction, b, ly, t, a, exp, got, _band(direction, t, a, got, exp, thresholds)
    )


def evaluate_indicator(
    indicator: Indicator,
    actual: Number | float | Rolled | None,
    *,
    last_year: Number | float | Rolled | None = None,
    expected: Fraction | int = 1,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> IndicatorEvaluation:
    """:func:`evaluate` for a logframe :class:`~sedp.core.logframe.Indicator`; the actual (and last year's
    figure) may be a :class:`~sedp.core.rollup.Rolled` from :func:`aggregate` (its exact value is used)."""

    def value(x: Number | float | Rolled | None) -> Number | float | None:
        return x.exact if isinstance(x, Rolled) else x

    return evaluate(
        indicator.name,
        actual=value(actual),
        target=indicator.target,
        baseline=indicator.baseline,
        last_year=value(last_year),
        direction=indicator.direction,
        expected=expected,
        unit=indicator.unit,
        thresholds=thresholds,
    )


def aggregate(rule: Rule | str, entries: Iterable[Entry], *, places: int = 2) -> Rolled:
    """An indicator's actuals over units, by its roll-up rule (:func:`sedp.core.rollup.roll_up`): a percentage
    from the units' numerators over their denominators, never a mean of their percentages; units without a
    value are counted as missing ("n of N reporting")."""
    return roll_up(rule, entries, places=places)


def band_shares(evaluations: Iterable[IndicatorEvaluation]) -> dict[Band, tuple[int, Fraction | None]]:
    """How many indicators are in each band and their share of all the indicators (the on-track chart), every
    band present even at 0; shares are None when there are no indicators."""
    counts = dict.fromkeys(Band, 0)
    for ev in evaluations:
        counts[ev.band] += 1
    n = sum(counts.values())
    return {b: (c, Fraction(c, n) if n else None) for b, c in counts.items()}


# ---------------------------------------------------------------------------------------------- activities


class ActivityStatus(StrEnum):
    DONE = "done"
    LATE = "late"
    NOT_STARTED = "not_started"
    ON_SCHEDULE = "on_schedule"

    def label(self, lang: str = "vi") -> str:
        return _STATUS_LABEL[self][0 if lang == "vi" else 1]


_STATUS_LABEL = {
    ActivityStatus.DONE: ("Đã hoàn thành", "Done"),
    ActivityStatus.LATE: ("Chậm tiến độ", "Late"),
    ActivityStatus.NOT_STARTED: ("Chưa triển khai", "Not started"),
    ActivityStatus.ON_SCHEDULE: ("Đúng tiến độ", "On schedule"),
}


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter: (2026, 2) → (1 April 2026, 30 June 2026)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, last - timedelta(days=1)


@dataclass(frozen=True)
class ActivityProgress:
    status: ActivityStatus
    progress: Fraction | None  # physical progress, 1 = 100 %
    expected: Fraction | None  # share of its schedule elapsed today (None: no quarters given)
    starts: date | None
    ends: date | None
    days_late: int = 0  # days past its last quarter without being done


def activity_progress(
    quarters: Iterable[int],
    progress: Number | float | None,
    year: int,
    today: date,
    *,
    late_below: Fraction = Fraction(1, 2),
    start_grace: Fraction = Fraction(1, 4),
) -> ActivityProgress:
    """Where an activity scheduled in `quarters` of `year` stands on `today`, from its physical progress in
    percent (0–100; None = nothing reported, read as 0).

    Done at 100 %. Past its last quarter and not done: late (with the days late). Before its first quarter: not
    started (or on schedule if it started early). Within its quarters: at 0 % not started while no more than
    `start_grace` of its schedule has gone by, late after; above 0 % late when its progress is below
    `late_below` × the share of its schedule elapsed, else on schedule."""
    qs = sorted(set(quarters))
    p = exact(progress)
    share = None if p is None else p / 100
    if share is not None and share >= 1:
        starts = quarter_bounds(year, qs[0])[0] if qs else None
        ends = quarter_bounds(year, qs[-1])[1] if qs else None
        return ActivityProgress(ActivityStatus.DONE, share, None, starts, ends)
    done = share or Fraction(0)
    if not qs:
        status = ActivityStatus.ON_SCHEDULE if done > 0 else ActivityStatus.NOT_STARTED
        return ActivityProgress(status, share, None, None, None)
    starts = quarter_bounds(year, qs[0])[0]
    ends = quarter_bounds(year, qs[-1])[1]
    if today > ends:
        return ActivityProgress(ActivityStatus.LATE, share, Fraction(1), starts, ends, (today - ends).days)
    if today < starts:
        status = ActivityStatus.ON_SCHEDULE if done > 0 else ActivityStatus.NOT_STARTED
        return ActivityProgress(status, share, Fraction(0), starts, ends)
    expected = Fraction((today - starts).days + 1, (ends - starts).days + 1)
    if done == 0:
        status = ActivityStatus.NOT_STARTED if expected <= exact(start_grace) else ActivityStatus.LATE
    elif done < expected * exact(late_below):
        status = ActivityStatus.LATE
    else:
        status = ActivityStatus.ON_SCHEDULE
    return ActivityProgress(status, share, expected, starts, ends)


# ---------------------------------------------------------------------------------------------- men / women


@dataclass(frozen=True)
class PeopleSplit:
    """People counted by sex. `total` may exceed men + women when some were not recorded by sex."""

    men: int | None
    women: int | None
    total: int | None

    @property
    def unspecified(self) -> int | None:
        if self.total is None:
            return None
        return self.total - (self.men or 0) - (self.women or 0)

    def share(self, who: str) -> Fraction | None:
        n = {"men": self.men, "women": self.women}[who]
        if n is None or not self.total:
            return None
        return Fraction(n, self.total)

    @property
    def women_share(self) -> Fraction | None:
        return self.share("women")

    @property
    def men_share(self) -> Fraction | None:
        return self.share("men")

    def sentence(self, lang: str = "vi") -> str:
        if self.total is None:
            return "chưa báo cáo" if lang == "vi" else "not reported"
        sep = "." if lang == "vi" else ","
        n = group_digits(self.total, sep)
        w = "–" if self.women is None else group_digits(self.women, sep)
        ws = format_percent(self.women_share, lang)
        if lang == "vi":
            return f"{n} người, trong đó nữ {w} ({ws})"
        return f"{n} people, of whom {w} women ({ws})"


def people_split(men: int | None, women: int | None, total: int | None = None) -> PeopleSplit:
    """The split of an indicator counting people. Without a total it is men + women (None if both are missing);
    a total smaller than men + women is refused."""
    for x in (men, women, total):
        if x is not None and (isinstance(x, bool) or not isinstance(x, int) or x < 0):
            raise ValueError("people are counted in whole numbers ≥ 0")
    if total is None:
        total = None if men is None and women is None else (men or 0) + (women or 0)
    elif (men or 0) + (women or 0) > total:
        raise ValueError(f"men ({men}) and women ({women}) are more than the total ({total})")
    return PeopleSplit(men, women, total)


def sum_splits(splits: Iterable[PeopleSplit]) -> PeopleSplit:
    """The splits of several units added up (a unit without a figure adds nothing; all missing stays None)."""
    men = women = total = None
    for s in splits:
        if s.men is not None:
            men = (men or 0) + s.men
        if s.women is not None:
            women = (women or 0) + s.women
        if s.total is not None:
            total = (total or 0) + s.total
    return PeopleSplit(men, women, total)
