"""Rolling a measure's values up the administrative tree: the villages' figures make the commune's (Biểu 1, 2),
the communes' make the district's or province's. Pure Python, exact.

Each measure declares its rule (source 001 asks for indicators "summed or averaged as each indicator declares"):

- ``sum``: counts and areas (households, hectares, km of road);
- ``mean``: the plain average of the child units' values;
- ``mean_households`` / ``mean_population``: an average weighted by each child's households or population —
  the right way to make a commune's rate out of its villages' rates (a village of 300 households weighs three
  times one of 100).

A child without a value is skipped, not counted as zero, and the result says how many values went in ("n of N
villages reporting"), so a figure from 3 villages of 8 is never mistaken for the commune's. For a weighted mean a
child whose weight is missing or zero cannot be weighted: it is skipped too and counted apart (``unweighted``).

Arithmetic is exact (fractions); the value shown is rounded half up to ``places`` decimals only at the end.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from .ranking import default_threshold

__all__ = [
    "Entry",
    "Rolled",
    "Rule",
    "disagree",
    "roll_up",
    "total",
    "weight_for",
]

Number = int | Decimal | Fraction


class Rule(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    MEAN_HOUSEHOLDS = "mean_households"
    MEAN_POPULATION = "mean_population"

    @property
    def weighted(self) -> bool:
        return self in (Rule.MEAN_HOUSEHOLDS, Rule.MEAN_POPULATION)


@dataclass(frozen=True)
class Entry:
    """One child unit's value of a measure, with the weights a weighted mean may need."""

    unit: Hashable
    value: Number | None
    households: int | None = None
    population: int | None = None


@dataclass(frozen=True)
class Rolled:
    """The rolled-up value (None when nothing went in), how many children's values went in, out of how many."""

    rule: Rule
    exact: Fraction | None
    reporting: int
    total: int
    unweighted: int = 0  # children with a value but no usable weight (weighted means only)
    places: int = 2

    @property
    def value(self) -> Decimal | None:
        if self.exact is None:
            return None
        q = Decimal(1).scaleb(-self.places)
        return (Decimal(self.exact.numerator) / Decimal(self.exact.denominator)).quantize(
            q, rounding=ROUND_HALF_UP
        )

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.reporting == self.total

    @property
    def missing(self) -> int:
        return self.total - self.reporting


def _fraction(value: Number) -> Fraction:
    if isinstance(value, float):  # a float is never exact: refuse it rather than carry its error up the tree
        raise TypeError("roll-up values must be int, Decimal or Fraction, not float")
    return Fraction(value)


def weight_for(rule: Rule, entry: Entry) -> int | None:
    """The weight of `entry` under `rule` (None for unweighted rules, or when the weight is missing or zero)."""
    if rule == Rule.MEAN_HOUSEHOLDS:
        w = entry.households
    elif rule == Rule.MEAN_POPULATION:
        w = entry.population
    else:
        return None
    return w if w else None


def roll_up(rule: Rule | str, entries: Iterable[Entry], *, places: int = 2) -> Rolled:
    """Roll the children's values of one measure up by `rule`. `entries` holds every child unit once, with or
    without a value, so the result can say "n of N"."""
    rule = Rule(rule)
    entries = list(entries)
    with_value = [(e, _fraction(e.value)) for e in entries if e.value is not None]
    n_total = len(entries)
    if not with_value:
        return Rolled(rule, None, 0, n_total, 0, places)
    if rule == Rule.SUM:
        return Rolled(
            rule, sum((v for _e, v in with_value), Fraction(0)), len(with_value), n_total, 0, places
        )
    if rule == Rule.MEAN:
        exact = sum((v for _e, v in with_value), Fraction(0)) / len(with_value)
        return Rolled(rule, exact, len(with_value), n_total, 0, places)
    weighted = [(v, weight_for(rule, e)) for e, v in with_value]
    usable = [(v, Fraction(w)) for v, w in weighted if w is not None and w > 0]
    unweighted = len(weighted) - len(usable)
    weight_sum = sum((w for _v, w in usable), Fraction(0))
    if not usable or weight_sum == 0:
        return Rolled(rule, None, 0, n_total, unweighted, places)
    exact = sum((v * w for v, w in usable), Fraction(0)) / weight_sum
    return Rolled(rule, exact, len(usable), n_total, unweighted, places)


def total(amounts: Iterable[int | None]) -> int:
    """A sum of VND amounts where a missing amount counts as nothing (the totals row of a form)."""
    return sum(a for a in amounts if a is not None)


def disagree(men_rank: int | None, women_rank: int | None, n: int) -> bool:
    """Whether men and women disagree on an activity ranked among `n`: their ranks differ by at least a third of
    the list — the ranking's own rule, applied when the ranking is long gone and only the two ranks were kept with
    the adopted plan."""
    if men_rank is None or women_rank is None or n <= 0:
        return False
    gap = abs(men_rank - women_rank)
    return gap > 0 and gap >= default_threshold(n)
