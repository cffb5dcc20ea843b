"""The evaluation of a province's or (legacy) district's plan, summed from the communes under it (issue 12, §4 "at
every level").

- **Actual** of each indicator of the upper plan: the values its communes reported for their own indicators of the
  same name (trimmed, case-insensitive) or following the same Form-2 measure, each commune's from its latest
  approved or accepted report of the period on its public plan of the year (`plans.rollup.upper.commune_plans`,
  the plan the upper level reads its communes from), rolled up by `core.evaluation.aggregate`: a percentage from
  the communes' numerators summed over their denominators summed, never a mean of their percentages, and "n of N
  communes reported" (N: every commune under the unit).
- **The rule**: a percentage for an indicator in "%" (the reports give its numerator and denominator); else the
  measure's roll-up rule when the indicator follows one; else an average weighted by population for one "per"
  something (unit with a "/", e.g. "triệu đồng/người"), a sum otherwise (counts: households, people, km, ha).
- **Same period last year**: the communes' values in last year's reports of the same period, rolled up the same
  way. The baseline and the target are the upper plan's own.
- **Activities**: the communes' activities, each judged on its own quarters and progress (as at the commune),
  counted by status; and a row per commune: the report used, its own indicators on track / at risk / off track,
  its activities done / late.

A fixed number of queries (about a dozen) whatever the number of communes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sedp.core.evaluation import aggregate, band_shares, evaluate, sum_splits, year_share
from sedp.core.rollup import Entry, Rule
from sedp.core.text import natural_key
from sedp.monitoring.models import IndicatorValue, PeriodKind, Report, ReportLine
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Activity, Plan
from sedp.plans.rollup.upper import commune_plans, communes_under

from .tables import (
    COUNTED_STATES,
    Evaluation,
    IndicatorRow,
    _end_month,
    _period_q,
    activity_progress,
    check_period,
    indicator_row,
    name_key,
    narrative_of,
    split_of,
)


@dataclass
class CommuneRow:
    """A commune as the upper evaluation sees it."""

    unit: Unit
    plan: Plan | None = None  # its public plan of the year
    report: Report | None = None  # the report its figures come from
    bands: dict = field(default_factory=dict)  # Band → number of its own indicators
    activities: dict = field(default_factory=dict)  # ActivityStatus → number of its activities

    @property
    def district(self) -> Unit | None:
        parent = self.unit.parent
        return parent if parent is not None and parent.level == Level.DISTRICT else None


def rule_of(indicator) -> Rule:
    """How the communes' values of an upper indicator add up (see the module's docstring)."""
    unit = (indicator.unit or "").strip()
    if unit == "%" or unit.lower() in ("phần trăm", "percent"):
        return (
            Rule.PERCENT
        )  # reported as numerator / denominator: whatever a measure does with villages' rates
    measure = getattr(indicator, "measure", None)
    if measure is not None:
        return Rule(measure.rollup)
    if "/" in unit:
        return Rule.MEAN_POPULATION
    return Rule.SUM


def _latest_reports(plans: dict[int, Plan], year: int, months: int) -> dict[int, Report]:
    """Each commune plan's latest counted report of the period, by plan id (one query)."""
    ids = [p.pk for p in plans.values()]
    units = {p.pk: p.unit_id for p in plans.values()}
    best: dict[int, Report] = {}
    reports = Report.objects.filter(plan_id__in=ids or [0], year=year, state__in=COUNTED_STATES).filter(
        _period_q(months)
    )
    for r in reports:
        if r.unit_id != units[r.plan_id]:
            continue  # a village's report of its self-run works, not the commune's
        key = (_end_month(r), r.period_kind == PeriodKind.QUARTER)
        old = best.get(r.plan_id)
        if old is None or key > (_end_month(old), old.period_kind == PeriodKind.QUARTER):
            best[r.plan_id] = r
    return best


def _values_by_commune(reports: dict[int, Report], plans: dict[int, Plan]) -> dict[int, list[IndicatorValue]]:
    """The indicator values of the reports used, by commune id, in the commune's indicator order (one query)."""
    commune_of = {p.pk: p.unit_id for p in plans.values()}
    out: dict[int, list[IndicatorValue]] = {}
    values = (
        IndicatorValue.objects.filter(report_id__in=[r.pk for r in reports.values()] or [0])
        .select_related("indicator")
        .order_by("report_id", "indicator__order", "indicator_id")
    )
    plan_of_report = {r.pk: r.plan_id for r in reports.values()}
    for v in values:
        out.setdefault(commune_of[plan_of_report[v.report_id]], []).append(v)
    return out


def _index(values: list[IndicatorValue]) -> tuple[dict, dict]:
    """A commune's values by Form-2 measure and by name (the first of its indicators wins)."""
    by_measure: dict[int, IndicatorValue] = {}
    by_name: dict[str, IndicatorValue] = {}
    for v in values:
        if v.indicator.measure_id:
            by_measure.setdefault(v.indicator.measure_id, v)
        by_name.setdefault(name_key(v.indicator.name), v)
    return by_measure, by_name


def _match(indicator, index: tuple[dict, dict]) -> IndicatorValue | None:
    """The commune's value of its indicator matching `indicator`: same Form-2 measure, else same name."""
    by_measure, by_name = index
    found = by_measure.get(indicator.measure_id) if indicator.measure_id else None
    return found or by_name.get(name_key(indicator.name))


def _entry(commune: Unit, value: IndicatorValue | None) -> Entry:
    if value is None:
        return Entry(commune.pk, None)
    return Entry(
        commune.pk,
        value.value,
        households=commune.households,
        population=commune.population,
        numerator=value.numerator,
        denominator=value.denominator if value.denominator else None,
    )


def _rolled(indicator, communes: list[Unit], indexes: dict[int, tuple[dict, dict]]):
    rule = rule_of(indicator)
    matched = {c.pk: _match(indicator, indexes.get(c.pk, ({}, {}))) for c in communes}
    rolled = aggregate(rule, [_entry(c, matched[c.pk]) for c in communes])
    return rolled, matched


def build(plan: Plan, months: int, *, year: int | None = None, today: date | None = None) -> Evaluation:
    """The evaluation of an upper plan after `months` (6 or 12) of `year`, from its communes' reports."""
    year = check_period(plan, months, year)
    today = today or date.today()
    result = Evaluation(plan, year, months, None, None)
    communes = sorted(
        communes_under(plan.unit).select_related("parent").defer("extra", "parent__extra"),
        key=lambda u: (natural_key(u.parent.name) if u.parent_id else (), natural_key(u.name)),
    )
    plans = commune_plans(plan.unit, year)
    reports = _latest_reports(plans, year, months)
    values = _values_by_commune(reports, plans)
    last_plans = commune_plans(plan.unit, year - 1)
    last_values = _values_by_commune(_latest_reports(last_plans, year - 1, months), last_plans)

    indexes = {c: _index(v) for c, v in values.items()}
    last_indexes = {c: _index(v) for c, v in last_values.items()}
    expected = year_share(months)
    for ind in plan.indicators.select_related("measure"):
        rolled, matched = _rolled(ind, communes, indexes)
        last, _ = _rolled(ind, communes, last_indexes)
        ev = evaluate(
            ind.name,
            actual=rolled.exact,
            target=ind.target,
            baseline=ind.baseline,
            last_year=last.exact,
            direction=ind.direction,
            expected=expected,
            unit=ind.unit,
        )
        ratio = (rolled.num, rolled.den) if rolled.rule.fraction and rolled.den else None
        splits = [s for s in (split_of(ind, v) for v in matched.values() if v is not None) if s is not None]
        split = sum_splits(splits) if splits else split_of(ind, None)
        result.indicators.append(IndicatorRow(ind, ev, split, ratio, rolled))
    result.shares = band_shares(r.ev for r in result.indicators)

    # The communes' activities and their own indicators, each judged as its commune's evaluation judges it.
    by_plan = {p.pk: p for p in plans.values()}
    progress = dict(
        ReportLine.objects.filter(report_id__in=[r.pk for r in reports.values()] or [0]).values_list(
            "work__activity_id", "progress"
        )
    )
    on = min(today, result.period_end)
    rows = {c.pk: CommuneRow(c) for c in communes}
    for p in plans.values():
        row = rows.get(p.unit_id)
        if row is not None:
            row.plan, row.report = p, reports.get(p.pk)
    totals: dict = {}
    activities = Activity.objects.filter(plan_id__in=list(by_plan) or [0]).only(
        "id", "plan", "q1", "q2", "q3", "q4"
    )
    for a in activities:
        status = activity_progress(a.quarters, progress.get(a.pk), year, on).status
        counts = rows[by_plan[a.plan_id].unit_id].activities
        counts[status] = counts.get(status, 0) + 1
        totals[status] = totals.get(status, 0) + 1
    for commune_id, vals in values.items():
        bands = rows[commune_id].bands
        for v in vals:
            band = indicator_row(v.indicator, v, None, expected).ev.band
            bands[band] = bands.get(band, 0) + 1
    result.activity_counts = totals
    result.communes = list(rows.values())
    result.narrative = narrative_of(plan, year, months)
    return result


__all__ = ["CommuneRow", "build", "rule_of"]
