"""Building a plan's evaluation from the database: plain functions, the arithmetic is `sedp.core.evaluation`'s.

- **Actual**: the plan's unit's latest report of the period (6 months: a month ≤ 6 or a quarter ≤ 2; year end:
  any) that is approved or accepted; a percentage indicator with a numerator and a denominator is rebuilt from
  them (`core.evaluation.aggregate`, rule "percent"), never typed.
- **Same period last year**: the values reported for last year's plan of the same unit and kind, in its latest
  approved or accepted report of the same period, matched to this year's indicators by name.
- **Activities**: the physical progress of their work in the report used, against their quarters
  (`core.evaluation.activity_progress`) on the period's last day (or today, if earlier).

A fixed number of queries whatever the number of indicators and activities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Q

from sedp.core.evaluation import (
    ActivityProgress,
    Band,
    IndicatorEvaluation,
    PeopleSplit,
    activity_progress,
    aggregate,
    band_shares,
    evaluate,
    exact,
    people_split,
    year_share,
)
from sedp.core.rollup import Entry, Rule
from sedp.monitoring.models import IndicatorValue, PeriodKind, Report, ReportLine, ReportState
from sedp.plans.models import Plan

COUNTED_STATES = (ReportState.APPROVED, ReportState.ACCEPTED)
PEOPLE_UNITS = {"người", "lượt người", "lao động", "people", "person", "persons"}


@dataclass
class IndicatorRow:
    indicator: object
    ev: IndicatorEvaluation
    split: PeopleSplit | None = None
    from_ratio: tuple[Fraction, Fraction] | None = (
        None  # (numerator, denominator) the actual was rebuilt from
    )


@dataclass
class ActivityRow:
    activity: object
    progress: ActivityProgress


@dataclass
class Evaluation:
    plan: Plan
    year: int
    months: int  # 6 or 12
    report: Report | None
    last_report: Report | None
    indicators: list[IndicatorRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    shares: dict = field(default_factory=dict)
    activity_counts: dict = field(default_factory=dict)

    @property
    def period_end(self) -> date:
        return date(self.year, self.months, 30 if self.months == 6 else 31)


def _period_q(months: int) -> Q:
    return Q(period_kind=PeriodKind.MONTH, period__lte=months) | Q(
        period_kind=PeriodKind.QUARTER, period__lte=months // 3
    )


def _end_month(report: Report) -> int:
    return report.period if report.period_kind == PeriodKind.MONTH else report.period * 3


def latest_report(plan: Plan | None, year: int, months: int) -> Report | None:
    """The unit's latest approved or accepted report of the plan ending within the first `months` months; a
    quarterly report wins over a monthly one ending the same month."""
    if plan is None:
        return None
    reports = Report.objects.filter(
        plan=plan, unit_id=plan.unit_id, year=year, state__in=COUNTED_STATES
    ).filter(_period_q(months))
    return max(reports, key=lambda r: (_end_month(r), r.period_kind == PeriodKind.QUARTER), default=None)


def last_year_plan(plan: Plan, year: int | None = None) -> Plan | None:
    """The plan the same period last year was reported on: this one if it covered last year (a mid-term plan),
    else last year's plan of the same unit and kind (its latest version)."""
    year = plan.year_from if year is None else year
    if plan.year_from <= year - 1:
        return plan
    return (
        Plan.objects.filter(unit_id=plan.unit_id, kind=plan.kind, year_from=plan.year_from - 1)
        .order_by("-version", "-id")
        .first()
    )


def actual_of(value: IndicatorValue | None) -> tuple[Fraction | None, tuple[Fraction, Fraction] | None]:
    """The figure of an indicator value: rebuilt from its numerator and denominator when it has both."""
    if value is None:
        return None, None
    if value.numerator is not None and value.denominator:
        rolled = aggregate(
            Rule.PERCENT, [Entry(value.pk, None, numerator=value.numerator, denominator=value.denominator)]
        )
        return rolled.exact, (exact(value.numerator), exact(value.denominator))
    return exact(value.value), None


def _whole(x) -> int | None:
    if x is None:
        return None
    f = exact(x)
    return int(f) if f.denominator == 1 and f >= 0 else None


def split_of(indicator, value: IndicatorValue | None) -> PeopleSplit | None:
    """The men/women split of an indicator counting people (one with men or women reported, or in people)."""
    counts_people = (indicator.unit or "").strip().lower() in PEOPLE_UNITS
    if value is None or (value.men is None and value.women is None):
        return people_split(None, None) if counts_people else None
    men, women, total = _whole(value.men), _whole(value.women), _whole(value.value)
    try:
        return people_split(men, women, total)
    except ValueError:
        return people_split(men, women)


def build(plan: Plan, months: int, *, year: int | None = None, today: date | None = None) -> Evaluation:
    """The evaluation of `plan` after `months` (6 or 12) of `year` (by default its first year)."""
    if months not in (6, 12):
        raise ValueError("months must be 6 or 12")
    year = plan.year_from if year is None else year
    if not plan.year_from <= year <= plan.year_to:
        raise ValueError("the year must be one of the plan's")
    today = today or date.today()
    report = latest_report(plan, year, months)
    previous = last_year_plan(plan, year)
    last_report = latest_report(previous, year - 1, months)
    result = Evaluation(plan, year, months, report, last_report)

    values = {}
    if report is not None:
        values = {v.indicator_id: v for v in IndicatorValue.objects.filter(report=report)}
    last_values = {}
    if last_report is not None:
        for v in IndicatorValue.objects.filter(report=last_report).select_related("indicator"):
            last_values[v.indicator.name.strip().lower()] = v

    expected = year_share(months)
    for ind in plan.indicators.all():
        value = values.get(ind.pk)
        actual, ratio = actual_of(value)
        last, _ratio = actual_of(last_values.get(ind.name.strip().lower()))
        ev = evaluate(
            ind.name,
            actual=actual,
            target=ind.target,
            baseline=ind.baseline,
            last_year=last,
            direction=ind.direction,
            expected=expected,
            unit=ind.unit,
        )
        result.indicators.append(IndicatorRow(ind, ev, split_of(ind, value), ratio))
    result.shares = band_shares(r.ev for r in result.indicators)

    progress = {}
    if report is not None:
        progress = {
            line.work.activity_id: line.progress
            for line in ReportLine.objects.filter(report=report).select_related("work")
        }
    on = min(today, result.period_end)
    counts: dict = {}
    for activity in plan.activities.all():
        p = activity_progress(activity.quarters, progress.get(activity.pk), year, on)
        result.activities.append(ActivityRow(activity, p))
        counts[p.status] = counts.get(p.status, 0) + 1
    result.activity_counts = counts
    return result


__all__ = ["Band", "Evaluation", "build", "latest_report", "last_year_plan"]
