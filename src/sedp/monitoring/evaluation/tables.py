"""Building a plan's evaluation from the database: plain functions, the arithmetic is `sedp.core.evaluation`'s.

- **Actual**: the plan's unit's latest report of the period (6 months: a month ≤ 6 or a quarter ≤ 2; year end:
  any) that is approved or accepted; a percentage indicator with a numerator and a denominator is rebuilt from
  them (`core.evaluation.aggregate`, rule "percent"), never typed.
- **Same period last year**: the values reported for last year's plan of the same unit and kind, in its latest
  approved or accepted report of the same period, matched to this year's indicators by name.
- **Activities**: the physical progress of their work in the report used, against their quarters
  (`core.evaluation.activity_progress`) on the period's last day (or today, if earlier).

A fixed number of queries whatever the number of indicators and activities. A province's or district's plan is
evaluated from its communes' reports instead (`upper.build`); `evaluation_of` picks the one a plan needs.
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
from sedp.core.rollup import Entry, Rolled, Rule
from sedp.monitoring.models import IndicatorValue, Narrative, PeriodKind, Report, ReportLine, ReportState
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
    rolled: Rolled | None = None  # upper level: the communes' values rolled up ("n of N communes reported")


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
    narrative: Narrative | None = None
    # Upper level only (a province's or district's plan): one row per commune under it, and how many reported.
    communes: list | None = None

    @property
    def period_end(self) -> date:
        return date(self.year, self.months, 30 if self.months == 6 else 31)

    @property
    def upper(self) -> bool:
        return self.communes is not None

    @property
    def communes_reporting(self) -> int:
        return sum(1 for c in self.communes or () if c.report is not None)


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


def name_key(name: str) -> str:
    """How indicators are matched across plans (last year's, the communes'): the name trimmed, case-insensitive,
    inner spaces collapsed."""
    return " ".join((name or "").split()).casefold()


def check_period(plan: Plan, months: int, year: int | None) -> int:
    """The year evaluated (by default the plan's first); ValueError for a period the plan does not cover."""
    if months not in (6, 12):
        raise ValueError("months must be 6 or 12")
    year = plan.year_from if year is None else year
    if not plan.year_from <= year <= plan.year_to:
        raise ValueError("the year must be one of the plan's")
    return year


def indicator_row(
    ind, value: IndicatorValue | None, last: Fraction | None, expected: Fraction
) -> IndicatorRow:
    """One indicator of a plan evaluated from its unit's reported value."""
    actual, ratio = actual_of(value)
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
    return IndicatorRow(ind, ev, split_of(ind, value), ratio)


def activity_rows(
    activities, progress: dict[int, int], year: int, on: date
) -> tuple[list[ActivityRow], dict]:
    """Each activity's status on `on` from its progress in the report used ({activity id: %}), and the counts by
    status."""
    rows, counts = [], {}
    for activity in activities:
        p = activity_progress(activity.quarters, progress.get(activity.pk), year, on)
        rows.append(ActivityRow(activity, p))
        counts[p.status] = counts.get(p.status, 0) + 1
    return rows, counts


def narrative_of(plan: Plan, year: int, months: int) -> Narrative | None:
    return Narrative.objects.filter(plan=plan, year=year, months=months).first()


def build(plan: Plan, months: int, *, year: int | None = None, today: date | None = None) -> Evaluation:
    """The evaluation of `plan` after `months` (6 or 12) of `year` (by default its first year)."""
    year = check_period(plan, months, year)
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
            last_values.setdefault(name_key(v.indicator.name), v)

    expected = year_share(months)
    for ind in plan.indicators.all():
        last, _ratio = actual_of(last_values.get(name_key(ind.name)))
        result.indicators.append(indicator_row(ind, values.get(ind.pk), last, expected))
    result.shares = band_shares(r.ev for r in result.indicators)

    progress = {}
    if report is not None:
        progress = dict(ReportLine.objects.filter(report=report).values_list("work__activity_id", "progress"))
    on = min(today, result.period_end)
    result.activities, result.activity_counts = activity_rows(plan.activities.all(), progress, year, on)
    result.narrative = narrative_of(plan, year, months)
    return result


def evaluation_of(
    plan: Plan, months: int, *, year: int | None = None, today: date | None = None
) -> Evaluation:
    """The evaluation a plan gets: from its own reports (a commune), or summed from its communes' (above)."""
    from sedp.plans.rollup.levels import is_upper

    if is_upper(plan.unit):
        from . import upper

        return upper.build(plan, months, year=year, today=today)
    return build(plan, months, year=year, today=today)


# ---------------------------------------------------------------------------------------------------------------
# What the next planning round reads (issue 12, §4: the evaluation feeds the next year's plan)
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class LastYearSummary:
    """The key lines of a unit's evaluation of a year, for the next year's plan (step 1: lessons from last
    year)."""

    plan: Plan
    year: int
    months: int  # 12 when the year end is evaluated, else 6
    title: str
    lines: list[str]
    evaluation: Evaluation

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("evaluation:plan", args=[self.plan.pk]) + f"?year={self.year}&months={self.months}"


ANNUAL_KIND = {"commune": "commune_annual", "district": "district_annual", "province": "province_annual"}


def _has_period(ev: Evaluation) -> bool:
    """Whether there is anything to read for the evaluation's period: a report reaching it (the year end: one of
    December or quarter IV), or its written part."""
    written = ev.narrative is not None and any(
        getattr(ev.narrative, k) for k in ("progress", "quality", "difficulties", "impact")
    )
    if ev.upper:
        reports = [c.report for c in ev.communes if c.report is not None]
    else:
        reports = [ev.report] if ev.report is not None else []
    if ev.months == 12:
        reports = [r for r in reports if _end_month(r) == 12]
    return written or bool(reports)


def last_year_summary(unit, year: int, *, today: date | None = None) -> LastYearSummary | None:
    """The year-end evaluation of the unit's plan for `year` if the year end was reported (or written), else its
    6-month evaluation, as a few lines: the indicators by band, those off track or at risk, the activities by
    status, the difficulties written. None when the unit has no public plan for that year or nothing reported.
    In the active language."""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from sedp.core.evaluation import ActivityStatus
    from sedp.plans.models import PUBLIC_STATES

    kind = ANNUAL_KIND.get(unit.level)
    plan = (
        Plan.objects.filter(unit=unit, kind=kind, year_from=year, state__in=PUBLIC_STATES)
        .select_related("unit__parent")
        .order_by("-version", "-id")
        .first()
        if kind
        else None
    )
    if plan is None:
        return None
    ev = evaluation_of(plan, 12, year=year, today=today)
    if not _has_period(ev):
        ev = evaluation_of(plan, 6, year=year, today=today)
        if not _has_period(ev):
            return None
    lang = "vi" if (get_language() or "vi").startswith("vi") else "en"
    title = (_("Year-end evaluation %(year)s") if ev.months == 12 else _("6-month evaluation %(year)s")) % {
        "year": year
    }
    counts = {band: n for band, (n, _share) in ev.shares.items()}
    lines = [
        _(
            "Indicators: %(on)s of %(total)s on track, %(risk)s at risk, %(off)s off track, %(none)s not reported."
        )
        % {
            "on": counts.get(Band.ON_TRACK, 0),
            "total": len(ev.indicators),
            "risk": counts.get(Band.AT_RISK, 0),
            "off": counts.get(Band.OFF_TRACK, 0),
            "none": counts.get(Band.NOT_REPORTED, 0),
        }
    ]
    lines += [r.ev.sentence(lang) for r in ev.indicators if r.ev.band in (Band.OFF_TRACK, Band.AT_RISK)]
    if ev.activity_counts:
        lines.append(
            _("Activities: %(done)s done, %(late)s late, %(waiting)s not started, %(on)s on schedule.")
            % {
                "done": ev.activity_counts.get(ActivityStatus.DONE, 0),
                "late": ev.activity_counts.get(ActivityStatus.LATE, 0),
                "waiting": ev.activity_counts.get(ActivityStatus.NOT_STARTED, 0),
                "on": ev.activity_counts.get(ActivityStatus.ON_SCHEDULE, 0),
            }
        )
    if ev.narrative is not None and ev.narrative.difficulties.strip():
        lines.append(
            _("Difficulties and their causes: %(text)s") % {"text": ev.narrative.difficulties.strip()}
        )
    return LastYearSummary(plan, year, ev.months, title, lines, ev)


__all__ = [
    "Band",
    "Evaluation",
    "LastYearSummary",
    "build",
    "evaluation_of",
    "last_year_plan",
    "last_year_summary",
    "latest_report",
]
