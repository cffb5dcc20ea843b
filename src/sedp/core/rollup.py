"""Rolling a measure's values up the administrative tree: the villages' figures make the commune's (Biểu 1, 2),
the communes' make the district's or province's. Pure Python, exact.

Each measure declares its rule (source 001 asks for indicators "summed or averaged as each indicator declares"):

- ``sum``: counts and areas (households, hectares, km of road);
- ``mean``: the plain average of the child units' values;
- ``mean_households`` / ``mean_population``: an average weighted by each child's households or population —
  the right way to make a commune's rate out of its villages' rates (a village of 300 households weighs three
  times one of 100);
- ``percent`` / ``ratio``: the children's numerators summed over their denominators summed (× 100 for a
  percentage) — "poor households / all households" of a province is its communes' poor households over their
  households, never the mean of the communes' percentages;
- ``min`` / ``max``: the smallest or largest value reported.

A child without a value is skipped, not counted as zero, and the result says how many values went in ("n of N
villages reporting"), so a figure from 3 villages of 8 is never mistaken for the commune's. For a weighted mean a
child whose weight is missing or zero cannot be weighted: it is skipped too and counted apart (``unweighted``);
for a percentage or ratio, so is a child that gives a value but not its numerator and denominator.

Every :class:`Rolled` keeps what it was made of (``num``, ``den``: the sums, or the extreme value), so results
combine: :func:`combine` rolls districts' results into the province's, and :func:`roll_up_tree` walks any tree
(province → communes, or legacy province → districts → communes, or down to villages) with the same function at
every level. Rolling up in stages gives exactly the one-stage result for every rule — a province's mean is the
mean of all its reporting communes, not the mean of its districts' means — and "n of N" always counts the units
at the bottom of the tree.

Arithmetic is exact (fractions); the value shown is rounded half up to ``places`` decimals only at the end.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from .ranking import default_threshold

__all__ = [
    "Entry",
    "Rolled",
    "Rule",
    "combine",
    "disagree",
    "roll_up",
    "roll_up_tree",
    "total",
    "weight_for",
]

Number = int | Decimal | Fraction


class Rule(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    MEAN_HOUSEHOLDS = "mean_households"
    MEAN_POPULATION = "mean_population"
    PERCENT = "percent"
    RATIO = "ratio"
    MIN = "min"
    MAX = "max"

    @property
    def weighted(self) -> bool:
        return self in (Rule.MEAN_HOUSEHOLDS, Rule.MEAN_POPULATION)

    @property
    def fraction(self) -> bool:
        """Rolled up from numerators and denominators, not from the values."""
        return self in (Rule.PERCENT, Rule.RATIO)

    @property
    def extreme(self) -> bool:
        return self in (Rule.MIN, Rule.MAX)


@dataclass(frozen=True)
class Entry:
    """One child unit's value of a measure, with the weights a weighted mean may need and, for a percentage or
    ratio, the numerator and denominator it was computed from (e.g. 42 poor households of 310)."""

    unit: Hashable
    value: Number | None
    households: int | None = None
    population: int | None = None
    numerator: Number | None = None
    denominator: Number | None = None


@dataclass(frozen=True)
class Rolled:
    """The rolled-up value (None when nothing went in), how many children's values went in, out of how many.

    ``num`` and ``den`` are what the value is made of, so that results can be rolled up again (:func:`combine`):
    the sum (``sum``); the sum of values and their count (``mean``); Σ value × weight and Σ weight (weighted
    means); Σ numerators and Σ denominators (``percent``, ``ratio``); the extreme value (``min``, ``max``)."""

    rule: Rule
    exact: Fraction | None
    reporting: int
    total: int
    unweighted: int = 0  # children with a value but no usable weight (or no numerator/denominator)
    places: int = 2
    num: Fraction | None = None
    den: Fraction | None = None

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
    # Whole numbers (most figures are counts) stay ints: exact, and summed several times faster than Fractions.
    return value if type(value) is int else Fraction(value)


def weight_for(rule: Rule, entry: Entry) -> int | None:
    """The weight of `entry` under `rule` (None for unweighted rules, or when the weight is missing or zero)."""
    if rule == Rule.MEAN_HOUSEHOLDS:
        w = entry.households
    elif rule == Rule.MEAN_POPULATION:
        w = entry.population
    else:
        return None
    return w if w else None


def _exact(rule: Rule, num: Fraction | None, den: Fraction | None) -> Fraction | None:
    """The value a rule gives from its accumulated parts."""
    if num is None:
        return None
    if rule == Rule.SUM or rule.extreme:
        return Fraction(num)
    if not den:
        return None
    share = Fraction(num) / den
    return share * 100 if rule == Rule.PERCENT else share


def roll_up(rule: Rule | str, entries: Iterable[Entry], *, places: int = 2) -> Rolled:
    """Roll the children's values of one measure up by `rule`. `entries` holds every child unit once, with or
    without a value, so the result can say "n of N"."""
    rule = Rule(rule)
    n_total = 0
    reporting = 0
    unweighted = 0
    num: Fraction | None = None
    den: Fraction | None = None
    for e in entries:
        n_total += 1
        if rule.fraction:
            if e.numerator is None or e.denominator is None:
                if e.value is not None:
                    _fraction(e.value)
                    unweighted += 1
                continue
            n, d = _fraction(e.numerator), _fraction(e.denominator)
            num = n if num is None else num + n
            den = d if den is None else den + d
            reporting += 1
            continue
        if e.value is None:
            continue
        v = _fraction(e.value)
        if rule.weighted:
            w = weight_for(rule, e)
            if w is None or w <= 0:
                unweighted += 1
                continue
            num = v * w if num is None else num + v * w
            den = Fraction(w) if den is None else den + w
        elif rule == Rule.MIN:
            num = v if num is None or v < num else num
        elif rule == Rule.MAX:
            num = v if num is None or v > num else num
        else:
            num = v if num is None else num + v
            if rule == Rule.MEAN:
                den = Fraction(1) if den is None else den + 1
        reporting += 1
    return Rolled(rule, _exact(rule, num, den), reporting, n_total, unweighted, places, num, den)


def combine(rule: Rule | str, parts: Iterable[Rolled], *, places: int | None = None) -> Rolled:
    """Roll results up one more level: the districts' :class:`Rolled` make the province's, exactly as if the
    province had been rolled up from all the communes at once ("n of N" counts the communes)."""
    rule = Rule(rule)
    n_total = reporting = unweighted = 0
    num: Fraction | None = None
    den: Fraction | None = None
    for r in parts:
        if Rule(r.rule) != rule:
            raise ValueError(f"cannot combine a {r.rule} result into a {rule} roll-up")
        if places is None:
            places = r.places
        n_total += r.total
        reporting += r.reporting
        unweighted += r.unweighted
        if r.num is None:
            continue
        if rule == Rule.MIN:
            num = r.num if num is None or r.num < num else num
        elif rule == Rule.MAX:
            num = r.num if num is None or r.num > num else num
        else:
            num = r.num if num is None else num + r.num
        if r.den is not None:
            den = r.den if den is None else den + r.den
    places = 2 if places is None else places
    return Rolled(rule, _exact(rule, num, den), reporting, n_total, unweighted, places, num, den)


def roll_up_tree[U: Hashable](
    rule: Rule | str,
    root: U,
    children: Mapping[U, Sequence[U]],
    values: Mapping[U, Entry | Rolled],
    *,
    places: int = 2,
) -> dict[U, Rolled]:
    """Roll one measure up a tree of units: every unit below `root` that has children gets its result from them,
    with the same rule at every level (province → communes; legacy province → districts → communes).

    ``children`` maps each inner unit to its children (a unit that is not a key is a leaf; a key with no children
    rolls up nothing); ``values`` gives the leaves' values, as an :class:`Entry` or as a :class:`Rolled` already
    computed (a commune's own roll-up of its villages). A leaf without a value counts in "N" but not in "n".
    Returns a result for every inner unit, root included.
    """
    rule = Rule(rule)
    out: dict[U, Rolled] = {}
    leaf_results: dict[U, Rolled] = {}

    def leaf(u: U) -> Rolled:
        v = values.get(u)
        if isinstance(v, Rolled):
            return v
        return roll_up(rule, [v if v is not None else Entry(u, None)], places=places)

    # Iterative post-order walk: a unit is combined once all its children are.
    stack: list[tuple[U, bool]] = [(root, False)]
    seen: set[U] = set()
    while stack:
        u, expanded = stack.pop()
        if u not in children:
            leaf_results[u] = leaf(u)
            continue
        below = children[u]
        if expanded:
            out[u] = combine(rule, (out[c] if c in out else leaf_results[c] for c in below), places=places)
            continue
        if u in seen:
            raise ValueError(f"unit {u!r} appears twice in the tree")
        seen.add(u)
        stack.append((u, True))
        stack.extend((c, False) for c in below)
    return out


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
