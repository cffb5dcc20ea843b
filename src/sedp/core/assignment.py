"""Plan assignment (giao kế hoạch): does what a level hands down add up to what it received?

Source 001: the upper level assigns targets and budgets down (province → commune → village; legacy province →
district → commune), and the assigned targets are posted publicly. Before posting, the level checks, per source
and per target, that what it hands down to its children — plus what it keeps for its own activities — equals
what it received, and records why where it does not (a reserve held back, a programme not yet allocated, …).

* **Sources** (money) add up: received = Σ handed down to the children + kept.
* **Targets** add up by their roll-up rule (:mod:`sedp.core.rollup`): a count target (households escaping
  poverty) is summed; a rate target (the poverty rate) is rolled up from the children's rates weighted by
  households, or from their numerators and denominators — the same rules as the plan's roll-up, so the check
  agrees with what the upper level will see when the children report.

Each line is ``ok`` (adds up, within its tolerance), ``explained`` (a difference with a recorded reason) or
``difference`` (to be fixed or explained); a child without a value for a line is listed; money handed down from a
source the level never received is a line of its own.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from .money import format_vnd
from .rollup import Entry, Rule, roll_up

__all__ = [
    "AssignmentCheck",
    "Handed",
    "LineCheck",
    "Received",
    "check_assignment",
    "handed_from_integration",
    "received_from_sources",
]

Number = int | Fraction | Decimal


@dataclass(frozen=True)
class Received:
    """What the level received for one line: a source's amount (``kind="source"``) or a target's value."""

    key: str
    received: Number
    kind: str = "source"  # source | target
    name: str = ""
    rule: Rule = Rule.SUM  # how the children's values add up (targets); sources always sum
    unit: str = "đ"  # the unit written after figures (đ for money; %, hộ, km for targets)
    tolerance: Number = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule", Rule(self.rule))
        if self.kind not in ("source", "target"):
            raise ValueError("a line is a source or a target")
        if self.kind == "source" and self.rule != Rule.SUM:
            raise ValueError("money from a source always adds up as a sum")


@dataclass(frozen=True)
class Handed:
    """One row handed down to a child: a source's money (optionally for one activity) or a target's value, with
    the weights a rate target's roll-up needs."""

    child: Hashable
    key: str
    value: Number
    activity_id: str | None = None
    households: int | None = None
    population: int | None = None
    numerator: Number | None = None
    denominator: Number | None = None


@dataclass(frozen=True)
class LineCheck:
    key: str
    kind: str
    name: str
    unit: str
    received: Fraction | None  # None: handed down but never received
    handed: Fraction | None  # the children's values rolled up by the line's rule (None: nothing handed)
    kept: Fraction
    reason: str = ""
    children_without: tuple[Hashable, ...] = ()
    per_child: Mapping[Hashable, Fraction] = field(default_factory=dict)
    tolerance: Fraction = Fraction(0)

    @property
    def difference(self) -> Fraction:
        """received − (handed down + kept): positive is money or target not handed down, negative is too much."""
        return (self.received or Fraction(0)) - (self.handed or Fraction(0)) - self.kept

    @property
    def adds_up(self) -> bool:
        return self.received is not None and abs(self.difference) <= self.tolerance

    @property
    def status(self) -> str:
        if self.adds_up:
            return "ok"
        return "explained" if self.reason.strip() else "difference"

    def sentence(self, lang: str = "vi") -> str:
        return line_sentence(self, lang)


@dataclass(frozen=True)
class AssignmentCheck:
    lines: tuple[LineCheck, ...]

    @property
    def ok(self) -> bool:
        """Every line adds up or has its difference explained."""
        return all(line.status != "difference" for line in self.lines)

    @property
    def differences(self) -> list[LineCheck]:
        return [line for line in self.lines if line.status != "ok"]

    def line(self, key: str) -> LineCheck:
        return next(line for line in self.lines if line.key == key)


def _q(x: Number) -> Fraction:
    if isinstance(x, float):
        raise TypeError("assignment figures must be int, Decimal or Fraction, not float")
    return Fraction(x)


def check_assignment(
    received: Iterable[Received],
    handed: Iterable[Handed],
    *,
    children: Iterable[Hashable] = (),
    kept: Mapping[str, Number] | None = None,
    reasons: Mapping[str, str] | None = None,
) -> AssignmentCheck:
    """Check each received line against what is handed down (and ``kept``, for money and count targets).

    ``children`` lists every child that should receive something; one without a row for a target is listed in
    ``children_without`` (not for money: not every commune gets every programme) (a rate target they were not given cannot be rolled up). ``reasons`` records why a line
    does not add up."""
    lines = list(received)
    kept = dict(kept or {})
    reasons = dict(reasons or {})
    everyone = list(dict.fromkeys(children))
    rows: dict[str, dict[Hashable, list[Handed]]] = {}
    for h in handed:
        rows.setdefault(h.key, {}).setdefault(h.child, []).append(h)
        if h.child not in everyone:
            everyone.append(h.child)
    known = {line.key for line in lines}
    out: list[LineCheck] = []
    for line in lines:
        per = rows.get(line.key, {})
        rule = line.rule
        entries = []
        per_child: dict[Hashable, Fraction] = {}
        for child in everyone:
            hs = per.get(child)
            if not hs:
                entries.append(Entry(child, None))
                continue
            if rule == Rule.SUM:
                v = sum((_q(h.value) for h in hs), Fraction(0))
                entries.append(Entry(child, v))
            else:
                if len(hs) > 1:
                    raise ValueError(
                        f"{line.key}: a {rule} target is handed to {child!r} once, not {len(hs)} times"
                    )
                h = hs[0]
                v = _q(h.value)
                entries.append(Entry(child, v, h.households, h.population, h.numerator, h.denominator))
            per_child[child] = v
        rolled = roll_up(rule, entries)
        if rule != Rule.SUM and line.key in kept:
            raise ValueError(f"{line.key}: only money and count targets can be partly kept")
        out.append(
            LineCheck(
                key=line.key,
                kind=line.kind,
                name=line.name or line.key,
                unit=line.unit,
                received=_q(line.received),
                handed=rolled.exact,
                kept=_q(kept.get(line.key, 0)),
                reason=reasons.get(line.key, ""),
                children_without=tuple(c for c in everyone if c not in per_child)
                if line.kind == "target"
                else (),
                per_child=per_child,
                tolerance=_q(line.tolerance),
            )
        )
    for key, per in rows.items():
        if key in known:
            continue
        per_child = {c: sum((_q(h.value) for h in hs), Fraction(0)) for c, hs in per.items()}
        out.append(
            LineCheck(
                key=key,
                kind="source",
                name=key,
                unit="đ",
                received=None,
                handed=sum(per_child.values(), Fraction(0)),
                kept=Fraction(0),
                reason=reasons.get(key, ""),
                per_child=per_child,
            )
        )
    return AssignmentCheck(tuple(out))


def received_from_sources(sources: Iterable[Any]) -> list[Received]:
    """The received lines of a level's funding sources (:class:`sedp.core.funding.FundingSource`)."""
    return [Received(s.id, s.amount, "source", s.title()) for s in sources]


def handed_from_integration(result: Any, child_of: Any = None) -> list[Handed]:
    """The money an integration (:class:`sedp.core.integration.Integration`) hands down, one row per activity and
    source, to the activity's commune (or ``child_of(activity)``: the district in the legacy structure, the
    village when a commune assigns to its villages)."""
    pick = child_of or (lambda a: a.commune)
    out = []
    for a in result.activities:
        for sid, amount in result.paid.get(a.id, ()):
            out.append(Handed(pick(a), sid, amount, activity_id=a.id))
    return out


# --- sentences ------------------------------------------------------------------------------------------------


def _fig(x: Fraction, unit: str) -> str:
    if unit == "đ":
        return format_vnd(x)
    d = (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{d:f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {unit}".strip() if unit else text


def line_sentence(line: LineCheck, lang: str = "vi") -> str:
    """ "Nguồn ngân sách xã: nhận 1.000.000.000 đ, giao xuống 950.000.000 đ, giữ lại 0 đ — còn 50.000.000 đ chưa
    giao." """
    vi = lang == "vi"
    u = line.unit
    what = (
        ("Nguồn " if line.kind == "source" else "Chỉ tiêu ") + line.name
        if vi
        else ("Source " if line.kind == "source" else "Target ") + line.name
    )
    handed = line.handed if line.handed is not None else Fraction(0)
    if line.received is None:
        source = line.kind == "source"
        s = (
            f"{what}: giao xuống {_fig(handed, u)} nhưng cấp này không "
            + ("nhận nguồn nào như vậy" if source else "được giao chỉ tiêu nào như vậy")
            if vi
            else f"{what}: {_fig(handed, u)} handed down but this level received no such "
            + ("source" if source else "target")
        )
    else:
        s = (
            f"{what}: nhận {_fig(line.received, u)}, giao xuống {_fig(handed, u)}"
            if vi
            else f"{what}: received {_fig(line.received, u)}, handed down {_fig(handed, u)}"
        )
        if line.kept:
            s += f", giữ lại {_fig(line.kept, u)}" if vi else f", kept {_fig(line.kept, u)}"
        diff = line.difference
        if line.adds_up:
            s += " — khớp" if vi else " — adds up"
        elif diff > 0:
            s += f" — còn {_fig(diff, u)} chưa giao" if vi else f" — {_fig(diff, u)} not handed down"
        else:
            s += f" — giao vượt {_fig(-diff, u)}" if vi else f" — {_fig(-diff, u)} more than received"
    if line.children_without:
        n = len(line.children_without)
        s += f"; {n} đơn vị chưa được giao" if vi else f"; {n} {'unit' if n == 1 else 'units'} given nothing"
    if line.status == "explained" or (line.received is None and line.reason):
        s += f" (lý do: {line.reason})" if vi else f" (reason: {line.reason})"
    return s + "."
