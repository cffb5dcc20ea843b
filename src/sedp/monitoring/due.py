"""The progress reports due and overdue for a set of units (issue 12 §5), for their home page: each unit that
reports on a plan — the plan's commune for all its works, a village for the works it runs itself — owes a
quarterly report for each quarter of the plan's year; one not sent (a draft does not count) is overdue after its
due day and "due soon" within `HORIZON_DAYS` before it. Two queries whatever the number of units and works.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from sedp.core.reporting import Period, PeriodKind, period

from .models import Report, ReportState, Work

HORIZON_DAYS = 31


@dataclass(frozen=True)
class DueReport:
    unit_id: int
    plan_id: int
    period: Period
    today: date
    draft_id: int | None = None  # the report in the making, if one was started

    @property
    def overdue(self) -> bool:
        return self.today > self.period.due

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.period.due).days)

    @property
    def days_left(self) -> int:
        return max(0, (self.period.due - self.today).days)


def reports_due(unit_ids, today: date, horizon: int = HORIZON_DAYS) -> dict[int, list[DueReport]]:
    """{unit id: its quarterly reports overdue or due within `horizon` days, the oldest first}, for plans of
    this year and last year."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return {}
    years = (today.year - 1, today.year)
    owed: set[tuple[int, int, int]] = set()  # (unit, plan, year)
    rows = (
        Work.objects.filter(activity__plan__year_from__in=years)
        .filter(Q(activity__plan__unit_id__in=unit_ids) | Q(unit_id__in=unit_ids, self_run=True))
        .values_list(
            "unit_id", "self_run", "activity__plan_id", "activity__plan__unit_id", "activity__plan__year_from"
        )
        .distinct()
    )
    wanted = set(unit_ids)
    for unit_id, self_run, plan_id, plan_unit_id, year in rows:
        if plan_unit_id in wanted:
            owed.add((plan_unit_id, plan_id, year))
        if self_run and unit_id in wanted:
            owed.add((unit_id, plan_id, year))
    if not owed:
        return {}
    sent, drafts = set(), {}
    for unit_id, plan_id, number, year, state, pk in Report.objects.filter(
        unit_id__in={u for u, _p, _y in owed},
        plan_id__in={p for _u, p, _y in owed},
        period_kind=PeriodKind.QUARTER,
    ).values_list("unit_id", "plan_id", "period", "year", "state", "pk"):
        key = (unit_id, plan_id, year, number)
        if state == ReportState.DRAFT:
            drafts[key] = pk
        else:
            sent.add(key)
    due: dict[int, list[DueReport]] = {}
    for unit_id, plan_id, year in owed:
        for number in range(1, 5):
            p = period(PeriodKind.QUARTER, year, number)
            key = (unit_id, plan_id, year, number)
            if key in sent or (p.due - today).days > horizon:
                continue
            due.setdefault(unit_id, []).append(DueReport(unit_id, plan_id, p, today, drafts.get(key)))
    for items in due.values():
        items.sort(key=lambda d: (d.period.due, d.plan_id))
    return due
