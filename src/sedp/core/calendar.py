"""The planning calendar of source 001 (Đắk Lắk, Decision 2134/QĐ-UBND, 2007) as plain data and functions.

A cycle is one plan year Y. Its work starts in the year before: training in mid-April of Y-1, village plans in
May, the commune plan in early June, the district (or, in the two-tier system since 2025, the province) plan from
20 June to 15 July; the plan is assigned in January of Y, carried out during Y and evaluated at six months and in
December. Provinces may move any date; this module only knows the defaults and the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum


class Phase(StrEnum):
    PREPARATION = "preparation"
    PLANNING = "planning"
    ASSIGNMENT = "assignment"
    IMPLEMENTATION = "implementation"
    EVALUATION = "evaluation"


PHASE_ORDER = list(Phase)


@dataclass(frozen=True)
class DayOfYear:
    """A day given relative to the plan year: year_offset -1 is the year the plan is made in."""

    month: int
    day: int
    year_offset: int = 0

    def in_plan_year(self, plan_year: int) -> date:
        return date(plan_year + self.year_offset, self.month, self.day)


@dataclass(frozen=True)
class MilestoneSpec:
    key: str
    phase: Phase
    starts: DayOfYear
    ends: DayOfYear
    level: str  # the level that does the work: village, commune, upper (district or province), all


# Dates from source 001 (Giai đoạn 1–5). "Upper" is the district in the three-tier process and the
# province in the two-tier one; the dates are the same.
DEFAULT_MILESTONES: tuple[MilestoneSpec, ...] = (
    MilestoneSpec("training", Phase.PREPARATION, DayOfYear(4, 10, -1), DayOfYear(4, 20, -1), "all"),
    MilestoneSpec("village_midterm", Phase.PLANNING, DayOfYear(5, 10, -1), DayOfYear(5, 20, -1), "village"),
    MilestoneSpec("village_annual", Phase.PLANNING, DayOfYear(5, 20, -1), DayOfYear(5, 30, -1), "village"),
    MilestoneSpec("commune_plan", Phase.PLANNING, DayOfYear(6, 1, -1), DayOfYear(6, 10, -1), "commune"),
    MilestoneSpec("upper_plan", Phase.PLANNING, DayOfYear(6, 20, -1), DayOfYear(7, 15, -1), "upper"),
    MilestoneSpec("upper_assignment", Phase.ASSIGNMENT, DayOfYear(1, 1), DayOfYear(1, 10), "upper"),
    MilestoneSpec("commune_assignment", Phase.ASSIGNMENT, DayOfYear(1, 20), DayOfYear(1, 31), "commune"),
    MilestoneSpec("implementation", Phase.IMPLEMENTATION, DayOfYear(2, 1), DayOfYear(12, 31), "all"),
    MilestoneSpec("evaluation_6_months", Phase.EVALUATION, DayOfYear(6, 15), DayOfYear(6, 30), "all"),
    MilestoneSpec("evaluation_year", Phase.EVALUATION, DayOfYear(12, 1), DayOfYear(12, 31), "all"),
)
MILESTONE_KEYS = tuple(m.key for m in DEFAULT_MILESTONES)


@dataclass(frozen=True)
class Milestone:
    key: str
    phase: Phase
    starts_on: date
    due_on: date
    done_on: date | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None


def build_milestones(
    plan_year: int, overrides: dict[str, tuple[DayOfYear, DayOfYear]] | None = None
) -> list[Milestone]:
    """The dated milestones of plan year `plan_year`, with a province's own (start, end) days where it set them."""
    overrides = overrides or {}
    result = []
    for spec in DEFAULT_MILESTONES:
        starts, ends = overrides.get(spec.key, (spec.starts, spec.ends))
        spec = replace(spec, starts=starts, ends=ends)
        start, end = spec.starts.in_plan_year(plan_year), spec.ends.in_plan_year(plan_year)
        if end < start:
            raise ValueError(f"{spec.key}: ends {end} before it starts {start}")
        result.append(Milestone(spec.key, spec.phase, start, end))
    return result


@dataclass(frozen=True)
class CycleStatus:
    phase: Phase | None  # None: the cycle has not started yet
    next_due: Milestone | None
    overdue: tuple[Milestone, ...]
    closed: bool


def cycle_status(milestones: list[Milestone], today: date) -> CycleStatus:
    """Where a cycle stands on `today`.

    The current phase is that of the latest-starting milestone under way today; between milestones it is the
    phase of the one that ended last (so November after the July district plan still reads "planning" until
    January's assignment starts). "Next due" is the earliest deadline still open; "overdue" is every milestone
    whose deadline has passed without being marked done.
    """
    ordered = sorted(milestones, key=lambda m: (m.starts_on, m.due_on, PHASE_ORDER.index(m.phase)))
    running = [m for m in ordered if m.starts_on <= today <= m.due_on]
    if running:
        phase: Phase | None = running[-1].phase
    else:
        ended = [m for m in ordered if m.due_on < today]
        phase = max(ended, key=lambda m: (m.due_on, m.starts_on)).phase if ended else None
    open_ = [m for m in ordered if not m.done]
    overdue = tuple(m for m in open_ if m.due_on < today)
    upcoming = sorted((m for m in open_ if m.due_on >= today), key=lambda m: (m.due_on, m.starts_on))
    closed = not open_ and bool(ordered) and today > max(m.due_on for m in ordered)
    return CycleStatus(phase, upcoming[0] if upcoming else None, overdue, closed)


def planning_year(today: date) -> int:
    """The plan year being prepared on `today`: from mid-April (district training, source 001's phase 1) the next
    year's plan is in the making."""
    return today.year + 1 if (today.month, today.day) >= (4, 10) else today.year


# Source 001, phase 3: the district (since July 2025 the province) assigns the plan to its communes in early
# January, the commune to its villages by the end of January. The milestone an assigning level's work falls in:
ASSIGNMENT_MILESTONES = {
    "province": "upper_assignment",
    "district": "upper_assignment",
    "commune": "commune_assignment",
}


def assignment_milestone(level: str) -> str | None:
    """The key of the milestone by which a unit of `level` assigns its plan down (None for a village)."""
    return ASSIGNMENT_MILESTONES.get(level)
