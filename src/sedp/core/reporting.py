"""Progress reports of a plan year: their periods and due dates, the way a report moves from draft to accepted
and who may move it, when it locks, who reported on time, and the finance totals a commune discloses. Pure
Python, exact.

- **Periods** (source 001, phase 4–5): the commune reports monthly and quarterly, and evaluates the plan at 6
  months and at year end. Each report is due on a day after its period ends — by default the 5th of the next
  month (:class:`DueRule`, per kind of period, so a province may set its own).
- **States**: draft → submitted (the commune's planner, or the village head for self-run works) → approved (the
  commune leader) → accepted (the upper level). A submitted report can be sent back to draft by the commune
  leader, an approved one by the upper level. Roles are plain strings; :data:`MOVES` says who may make each
  move and a province may pass its own.
- **Lock**: a report locks when it is accepted, or ``lock_after`` days after its due date. A locked report
  cannot be edited; once locked by time, only the upper level's acceptance is still possible (so a report sent
  in time can still be accepted), and a report never sent stays missing.
- **Timeliness**: per unit on time (on or before the due day), late (with the days late) or missing; counts and
  shares for a set of units (the reporting rate is the share that reported at all).
- **Finance**: planned, disbursed and settled amounts per activity and source by quarter, totalled per
  activity, per source and per quarter, with checks that return the lines that differ (never raise): disbursed
  above planned per source, settled above disbursed, and the planned amounts against the funding run's
  allocations (``Integration.paid``: activity id → [(source id, amount)]).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .funding import exact as money
from .money import format_vnd

__all__ = [
    "DEFAULT_DUE",
    "MOVES",
    "Amounts",
    "AllocationDifference",
    "DueRule",
    "FinanceLine",
    "FinanceTotals",
    "Move",
    "Overrun",
    "Period",
    "PeriodKind",
    "Refused",
    "ReportState",
    "Timeliness",
    "UnitTimeliness",
    "Timing",
    "allowed_moves",
    "can_edit",
    "check_edit",
    "check_against_allocations",
    "check_disbursed",
    "check_settled",
    "due_date",
    "finance_totals",
    "is_locked",
    "make_move",
    "period",
    "periods",
    "timeliness",
    "unit_timeliness",
]

Money = int | Fraction


# ---------------------------------------------------------------------------------------------- periods


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    SIX_MONTHS = "six_months"  # the 6-month evaluation
    YEAR = "year"  # the year-end evaluation

    @property
    def count(self) -> int:
        """How many periods of this kind a year holds."""
        return {"month": 12, "quarter": 4, "six_months": 1, "year": 1}[self.value]

    @property
    def months(self) -> int:
        return {"month": 1, "quarter": 3, "six_months": 6, "year": 12}[self.value]


@dataclass(frozen=True)
class DueRule:
    """A report is due on `day` of the month `months_after` months after the month its period ends in (the 5th
    of the next month by default). A day past the month's end is its last day (day 31 in June is 30 June)."""

    day: int = 5
    months_after: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31 or self.months_after < 0:
            raise ValueError("due rule: day 1–31, months_after ≥ 0")


DEFAULT_DUE = DueRule()


def _month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def due_date(ends: date, rule: DueRule = DEFAULT_DUE) -> date:
    """The due day of a period ending on `ends`."""
    m = ends.year * 12 + ends.month - 1 + rule.months_after
    year, month = divmod(m, 12)
    month += 1
    return date(year, month, min(rule.day, _month_end(year, month).day))


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    year: int
    number: int  # month 1–12, quarter 1–4, 1 for the 6-month and year-end evaluations
    starts: date
    ends: date
    due: date

    @property
    def months_elapsed(self) -> int:
        """Months of the plan year elapsed at the period's end (6 for the 6-month evaluation): what
        :func:`sedp.core.evaluation.year_share` takes."""
        return self.ends.month

    def label(self, lang: str = "vi") -> str:
        vi = lang == "vi"
        if self.kind == PeriodKind.MONTH:
            return f"Tháng {self.number}/{self.year}" if vi else f"Month {self.number} of {self.year}"
        if self.kind == PeriodKind.QUARTER:
            roman = "I II III IV".split()[self.number - 1]
            return f"Quý {roman}/{self.year}" if vi else f"Quarter {self.number} of {self.year}"
        if self.kind == PeriodKind.SIX_MONTHS:
            return f"6 tháng đầu năm {self.year}" if vi else f"First six months of {self.year}"
        return f"Cả năm {self.year}" if vi else f"Year {self.year}"


def period(
    kind: PeriodKind | str, year: int, number: int = 1, dues: Mapping[PeriodKind, DueRule] | None = None
) -> Period:
    """One period of a plan year with its due date (`dues` may set a rule per kind of period)."""
    kind = PeriodKind(kind)
    if not 1 <= number <= kind.count:
        raise ValueError(f"a {kind.value} period is numbered 1–{kind.count}")
    first_month = (number - 1) * kind.months + 1
    last_month = first_month + kind.months - 1
    ends = _month_end(year, last_month)
    rule = (dues or {}).get(kind, DEFAULT_DUE)
    return Period(kind, year, number, date(year, first_month, 1), ends, due_date(ends, rule))


def periods(
    year: int,
    kinds: Iterable[PeriodKind | str] = tuple(PeriodKind),
    dues: Mapping[PeriodKind, DueRule] | None = None,
) -> list[Period]:
    """Every report period of `year` of the given kinds, ordered by due date (then the shorter period first)."""
    out = [period(k, year, n, dues) for k in map(PeriodKind, kinds) for n in range(1, k.count + 1)]
    return sorted(out, key=lambda p: (p.due, p.kind.months, p.number))


# ---------------------------------------------------------------------------------------------- states


class ReportState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ACCEPTED = "accepted"

    def label(self, lang: str = "vi") -> str:
        return _STATE_LABEL[self][0 if lang == "vi" else 1]


_STATE_LABEL = {
    ReportState.DRAFT: ("Dự thảo", "Draft"),
    ReportState.SUBMITTED: ("Đã gửi", "Submitted"),
    ReportState.APPROVED: ("Lãnh đạo xã đã duyệt", "Approved by the commune leader"),
    ReportState.ACCEPTED: ("Cấp trên đã tiếp nhận", "Accepted by the upper level"),
}

REPORTERS = frozenset({"commune_planner", "village_head"})
COMMUNE_LEADERS = frozenset({"commune_leader"})
UPPER = frozenset({"province_officer", "district_officer"})


@dataclass(frozen=True)
class Move:
    name: str
    source: ReportState
    target: ReportState
    roles: frozenset[str]
    after_lock: bool = False  # still allowed once the report has locked by time


MOVES: Mapping[str, Move] = {
    m.name: m
    for m in (
        Move("submit", ReportState.DRAFT, ReportState.SUBMITTED, REPORTERS),
        Move("approve", ReportState.SUBMITTED, ReportState.APPROVED, COMMUNE_LEADERS),
        Move("return", ReportState.SUBMITTED, ReportState.DRAFT, COMMUNE_LEADERS),
        Move("accept", ReportState.APPROVED, ReportState.ACCEPTED, UPPER, after_lock=True),
        Move("send_back", ReportState.APPROVED, ReportState.DRAFT, UPPER),
    )
}


class Refused(Exception):
    """A move or an edit that is not allowed, with the reason in Vietnamese and English."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.code, self.vi, self.en = code, vi, en

    def sentence(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en


def is_locked(state: ReportState | str, due: date, today: date, lock_after: int | None = 30) -> bool:
    """Locked when accepted, or more than `lock_after` days after the due date (None: never by time)."""
    if ReportState(state) == ReportState.ACCEPTED:
        return True
    return lock_after is not None and today > due + timedelta(days=lock_after)


def can_edit(
    state: ReportState | str, role: str, *, locked: bool, reporters: frozenset[str] = REPORTERS
) -> bool:
    """Whether `role` may change the report's figures: only a draft, only a reporter, never once locked."""
    return not locked and ReportState(state) == ReportState.DRAFT and role in reporters


def allowed_moves(
    state: ReportState | str, role: str, *, locked: bool, moves: Mapping[str, Move] = MOVES
) -> list[str]:
    """The moves `role` may make on a report in `state` (the buttons to show)."""
    state = ReportState(state)
    return [
        m.name
        for m in moves.values()
        if m.source == state
        and role in m.roles
        and (not locked or (m.after_lock and state != ReportState.ACCEPTED))
    ]


def make_move(
    state: ReportState | str, move: str, role: str, *, locked: bool, moves: Mapping[str, Move] = MOVES
) -> ReportState:
    """The state after `move`, or :class:`Refused` saying why not."""
    state = ReportState(state)
    m = moves.get(move)
    if m is None:
        raise Refused("unknown", f"Không có thao tác «{move}».", f"There is no move '{move}'.")
    if state == ReportState.ACCEPTED:
        raise Refused(
            "locked",
            "Báo cáo đã được cấp trên tiếp nhận và đã khóa, không thể thay đổi.",
            "The report was accepted by the upper level and is locked; it cannot change.",
        )
    if m.source != state:
        raise Refused(
            "state",
            f"Báo cáo đang ở trạng thái «{state.label()}», không thể thực hiện thao tác này.",
            f"The report is '{state.label('en')}'; this move is not possible.",
        )
    if role not in m.roles:
        raise Refused("role", "Bạn không có quyền thực hiện thao tác này.", "You may not make this move.")
    if locked and not m.after_lock:
        raise Refused(
            "locked",
            "Đã quá hạn, báo cáo đã khóa.",
            "The report is locked: its time has passed.",
        )
    return m.target


def check_edit(
    state: ReportState | str, role: str, *, locked: bool, reporters: frozenset[str] = REPORTERS
) -> None:
    """Raise :class:`Refused` when `role` may not edit the report (the reason an official will read)."""
    if locked:
        raise Refused(
            "locked", "Báo cáo đã khóa, không thể sửa.", "The report is locked and cannot be edited."
        )
    if ReportState(state) != ReportState.DRAFT:
        raise Refused(
            "state",
            "Chỉ sửa được báo cáo ở trạng thái dự thảo.",
            "Only a draft report can be edited.",
        )
    if role not in reporters:
        raise Refused("role", "Bạn không có quyền sửa báo cáo này.", "You may not edit this report.")


# ---------------------------------------------------------------------------------------------- timeliness


class Timing(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


@dataclass(frozen=True)
class UnitTimeliness:
    unit: Hashable
    timing: Timing
    submitted: date | None
    days_late: int  # for a missing report: the days it is overdue today (0 before its due day)


def unit_timeliness(unit: Hashable, submitted: date | None, due: date, today: date) -> UnitTimeliness:
    """On time when sent on or before the due day; late by the days after it; missing when not sent."""
    if submitted is None:
        return UnitTimeliness(unit, Timing.MISSING, None, max(0, (today - due).days))
    late = (submitted - due).days
    return UnitTimeliness(unit, Timing.LATE if late > 0 else Timing.ON_TIME, submitted, max(0, late))


@dataclass(frozen=True)
class Timeliness:
    rows: tuple[UnitTimeliness, ...]

    def count(self, timing: Timing) -> int:
        return sum(1 for r in self.rows if r.timing == timing)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def on_time(self) -> int:
        return self.count(Timing.ON_TIME)

    @property
    def late(self) -> int:
        return self.count(Timing.LATE)

    @property
    def missing(self) -> int:
        return self.count(Timing.MISSING)

    def share(self, timing: Timing) -> Fraction | None:
        return Fraction(self.count(timing), self.total) if self.total else None

    @property
    def reporting_rate(self) -> Fraction | None:
        """The share of units that reported at all (on time or late)."""
        return Fraction(self.on_time + self.late, self.total) if self.total else None

    @property
    def timeliness_rate(self) -> Fraction | None:
        """The share of units that reported on time."""
        return self.share(Timing.ON_TIME)


def timeliness(
    units: Iterable[Hashable], submitted: Mapping[Hashable, date | None], due: date, today: date
) -> Timeliness:
    """On time / late / missing for every unit of `units` (a unit absent from `submitted` is missing)."""
    return Timeliness(tuple(unit_timeliness(u, submitted.get(u), due, today) for u in units))


# ---------------------------------------------------------------------------------------------- finance


@dataclass(frozen=True)
class Amounts:
    planned: Money = 0
    disbursed: Money = 0
    settled: Money = 0

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.planned + other.planned, self.disbursed + other.disbursed, self.settled + other.settled
        )

    @property
    def disbursed_share(self) -> Fraction | None:
        return Fraction(self.disbursed) / self.planned if self.planned else None


@dataclass(frozen=True)
class FinanceLine:
    """One activity's money from one source: planned (for the year when `quarter` is None), disbursed and
    settled, in whole đồng (int, Decimal or Fraction; floats refused; a missing amount is 0)."""

    activity: Hashable
    source: Hashable
    quarter: int | None = None
    planned: Any = 0
    disbursed: Any = 0
    settled: Any = 0

    def __post_init__(self) -> None:
        if self.quarter is not None and self.quarter not in (1, 2, 3, 4):
            raise ValueError("quarter must be 1–4 or None")
        for name in ("planned", "disbursed", "settled"):
            v = getattr(self, name)
            object.__setattr__(self, name, 0 if v is None else money(v))

    @property
    def amounts(self) -> Amounts:
        return Amounts(self.planned, self.disbursed, self.settled)


@dataclass(frozen=True)
class FinanceTotals:
    total: Amounts
    by_activity: Mapping[Hashable, Amounts]
    by_source: Mapping[Hashable, Amounts]
    by_quarter: Mapping[int | None, Amounts]  # None: amounts not given by quarter
    by_activity_source: Mapping[tuple[Hashable, Hashable], Amounts]
    by_activity_quarter: Mapping[tuple[Hashable, int | None], Amounts] = field(default_factory=dict)
    by_source_quarter: Mapping[tuple[Hashable, int | None], Amounts] = field(default_factory=dict)


def finance_totals(lines: Iterable[FinanceLine]) -> FinanceTotals:
    """Planned, disbursed and settled in total, per activity, per source, per quarter, per activity and source,
    per activity and quarter, and per source and quarter (in the order the lines first name them)."""
    total = Amounts()
    by_a: dict[Hashable, Amounts] = {}
    by_s: dict[Hashable, Amounts] = {}
    by_q: dict[int | None, Amounts] = {}
    by_as: dict[tuple[Hashable, Hashable], Amounts] = {}
    by_aq: dict[tuple[Hashable, int | None], Amounts] = {}
    by_sq: dict[tuple[Hashable, int | None], Amounts] = {}
    for line in lines:
        a = line.amounts
        total += a
        for d, k in ((by_a, line.activity), (by_s, line.source), (by_q, line.quarter)):
            d[k] = d.get(k, Amounts()) + a
        by_as[(line.activity, line.source)] = by_as.get((line.activity, line.source), Amounts()) + a
        by_aq[(line.activity, line.quarter)] = by_aq.get((line.activity, line.quarter), Amounts()) + a
        by_sq[(line.source, line.quarter)] = by_sq.get((line.source, line.quarter), Amounts()) + a
    return FinanceTotals(total, by_a, by_s, by_q, by_as, by_aq, by_sq)


@dataclass(frozen=True)
class Overrun:
    """A source (or an activity's share of it) where one amount exceeds the one that bounds it."""

    key: Hashable  # the source, or (activity, source)
    bound: Money  # planned (for disbursed), disbursed (for settled)
    amount: Money
    what: str  # "disbursed" or "settled"

    @property
    def excess(self) -> Money:
        return self.amount - self.bound

    def name(self, lang: str = "vi") -> str:
        """The source, or 'Hoạt động A, nguồn S' for an (activity, source) key."""
        if isinstance(self.key, tuple) and len(self.key) == 2:
            activity, source = self.key
            return (
                f"Hoạt động {activity}, nguồn {source}"
                if lang == "vi"
                else f"Activity {activity}, source {source}"
            )
        return str(self.key)

    def sentence(self, lang: str = "vi") -> str:
        if lang == "vi":
            word, bound = (
                ("Giải ngân", "kế hoạch") if self.what == "disbursed" else ("Quyết toán", "giải ngân")
            )
            return (
                f"{self.name(lang)}: {word.lower()} {format_vnd(self.amount)} vượt {bound} "
                f"{format_vnd(self.bound)} ({format_vnd(self.excess)})"
            )
        bound = "planned" if self.what == "disbursed" else "disbursed"
        return (
            f"{self.name(lang)}: {self.what} {format_vnd(self.amount)} exceeds {bound} "
            f"{format_vnd(self.bound)} by {format_vnd(self.excess)}"
        )


def check_disbursed(totals: FinanceTotals, *, per_activity: bool = False) -> list[Overrun]:
    """The sources whose disbursed amount exceeds what was planned (per activity and source with
    `per_activity`); empty when all is well."""
    rows = totals.by_activity_source if per_activity else totals.by_source
    return [
        Overrun(k, a.planned, a.disbursed, "disbursed") for k, a in rows.items() if a.disbursed > a.planned
    ]


def check_settled(totals: FinanceTotals) -> list[Overrun]:
    """The activity/source lines settled for more than was disbursed."""
    return [
        Overrun(k, a.disbursed, a.settled, "settled")
        for k, a in totals.by_activity_source.items()
        if a.settled > a.disbursed
    ]


@dataclass(frozen=True)
class AllocationDifference:
    activity: Hashable
    source: Hashable
    planned: Money  # in the report
    allocated: Money  # by the funding run

    @property
    def difference(self) -> Money:
        return self.planned - self.allocated

    def sentence(self, lang: str = "vi") -> str:
        if lang == "vi":
            return (
                f"Hoạt động {self.activity}, nguồn {self.source}: kế hoạch {format_vnd(self.planned)}, "
                f"được phân bổ {format_vnd(self.allocated)} (chênh lệch {format_vnd(self.difference)})"
            )
        return (
            f"Activity {self.activity}, source {self.source}: planned {format_vnd(self.planned)}, "
            f"allocated {format_vnd(self.allocated)} (difference {format_vnd(self.difference)})"
        )


def check_against_allocations(
    totals: FinanceTotals, allocations: Mapping[Hashable, Iterable[tuple[Hashable, Any]]]
) -> list[AllocationDifference]:
    """Every (activity, source) whose planned total differs from the funding run's allocation, including one
    allocated but absent from the report (planned 0) and one in the report the run never allocated (allocated
    0). `allocations` is ``Integration.paid``'s shape: activity → [(source, amount)]. Empty when they agree."""
    allocated: dict[tuple[Hashable, Hashable], Money] = {}
    for activity, parts in allocations.items():
        for source, amount in parts:
            key = (activity, source)
            allocated[key] = allocated.get(key, 0) + money(amount)
    keys = list(totals.by_activity_source) + [k for k in allocated if k not in totals.by_activity_source]
    out = []
    for key in keys:
        planned = totals.by_activity_source[key].planned if key in totals.by_activity_source else 0
        given = allocated.get(key, 0)
        if planned != given:
            out.append(AllocationDifference(key[0], key[1], planned, given))
    return out
