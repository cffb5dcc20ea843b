"""Reading where cycles stand, for the home page and the cycle pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sedp.core.calendar import CycleStatus, cycle_status

from .labels import PHASE_LABELS, milestone_label
from .models import Cycle


@dataclass
class StatusRow:
    unit: object
    cycle: Cycle | None
    status: CycleStatus | None

    @property
    def phase_label(self):
        return PHASE_LABELS[self.status.phase] if self.status and self.status.phase else None

    def label(self, milestone) -> str:
        return milestone_label(milestone.key, self.cycle.tiers)

    @property
    def next_due_label(self):
        return self.label(self.status.next_due) if self.status and self.status.next_due else None

    @property
    def overdue_labels(self):
        return [(self.label(m), m.due_on) for m in self.status.overdue] if self.status else []


def covering_cycle(unit, cycles: list[Cycle], today: date) -> Cycle | None:
    """The cycle a unit works in now: on the unit itself or the nearest unit above it, latest plan year that
    has started (its first milestone is not in the future), else the earliest upcoming one."""
    mine = [c for c in cycles if unit.path.startswith(c.unit.path)]
    if not mine:
        return None
    started = [c for c in mine if min((m.starts_on for m in c.milestones.all()), default=today) <= today]
    pool = started or mine
    # Prefer the most specific unit (longest path), then the newest year among started cycles.
    return max(pool, key=lambda c: (c.plan_year if started else -c.plan_year, len(c.unit.path)))


def status_rows(units, cycles, today: date) -> list[StatusRow]:
    cycles = list(cycles)
    rows = []
    for unit in units:
        cycle = covering_cycle(unit, cycles, today)
        status = cycle_status(cycle.core_milestones(), today) if cycle else None
        rows.append(StatusRow(unit, cycle, status))
    return rows
