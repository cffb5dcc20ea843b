"""The finance a commune publishes to its villages (issue 12 §3, "công khai tài chính"): for a commune, or one of
its villages, and a year — each activity's money by source (planned, disbursed, settled) by quarter, in total,
the people's contribution pledged and realised, and the checks (disbursed above planned, settled above disbursed,
planned against the funding run). Plain functions reading the database into `sedp.core.reporting`'s finance
lines; the arithmetic and the checks are the core's.

What is published, and from where:

- **The plan**: the commune's annual plan covering the year, adopted or later (`plans.PUBLIC_STATES`), never a
  draft — its latest such version that has works (else its latest such version). A unit without one has nothing
  to disclose (`disclose` returns None, the page is 404).
- **The works**: at a commune, every work of that plan — the commune's own and the ones its villages run
  themselves; at a village, the works it runs and those made for its needs (a work merged from several villages'
  needs shows in each of them, whole).
- **Planned** per activity and source: the work's funding lines (`WorkFunding`), made from the funding run's
  allocations when the works were started.
- **Disbursed and settled**: only from reports *approved by the commune leader or accepted by the upper level*
  (`COUNTED_STATES`). A draft is never read, nor a report only submitted: its leader may still return it. For
  each work and quarter, the report used is the one of the unit running the work when it has one in the quarter
  (a village's own report for the work it runs itself, before the commune's line for it), then the latest by the
  period's end, a quarterly report before a monthly one ending the same month. A report line holds what was paid
  by the period's end, so a quarter's amount is its figure less the one of the last quarter reported before it;
  a quarter no counted report covers adds nothing and says so (`QuarterRow.reported`), and so does a line whose
  source was never filled in (not even with 0).
- **The people's contribution**: as recorded on each work (`actions.record_contribution`), pledged and realised:
  money, labour days and their value, materials, land.
- **Checks**, as sentences: disbursed above planned and settled above disbursed, per activity and source; the
  planned amounts against the allocations of the funding run applied to the plan (`funding.Allocation`), when one
  was applied — an allocation whose work was never started counts as a difference.

`disclose` reads it all in five queries, whatever the number of works, villages and reports.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from sedp.core import reporting
from sedp.core.reporting import (
    AllocationDifference,
    Amounts,
    FinanceLine,
    FinanceTotals,
    Overrun,
    check_against_allocations,
    check_disbursed,
    check_settled,
    finance_totals,
)
from sedp.funding.models import Allocation
from sedp.places.choices import Level
from sedp.plans.models import PUBLIC_STATES, Kind, Plan

from .evaluation.tables import COUNTED_STATES
from .models import PeriodKind, ReportLine, Work

QUARTERS = (1, 2, 3, 4)
ROMAN = ("I", "II", "III", "IV")
CONTRIBUTION_FIELDS = ("money", "labour_days", "labour_value", "materials_value", "land_value")


@dataclass(frozen=True)
class Key:
    """An activity or a source as the core's finance lines name it: equal by what it is, printed by its name."""

    kind: str  # "activity", "source" (a funding source), "named" (a source the plan names only in words)
    id: Hashable
    name: str = field(compare=False)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Contribution:
    """The people's contribution to a work: money, labour days and their value, materials, land (đ, days)."""

    money: int = 0
    labour_days: int = 0
    labour_value: int = 0
    materials_value: int = 0
    land_value: int = 0

    def __add__(self, other: Contribution) -> Contribution:
        return Contribution(*(getattr(self, f) + getattr(other, f) for f in CONTRIBUTION_FIELDS))

    @property
    def value(self) -> int:
        """What it is worth in đồng: money, labour, materials and land."""
        return self.money + self.labour_value + self.materials_value + self.land_value


@dataclass
class SourceRow:
    source: Key
    amounts: Amounts  # planned for the year; disbursed and settled by the last quarter reported
    quarters: list[Amounts]  # disbursed and settled in each quarter (I–IV)

    @property
    def disbursed_percent(self) -> str:
        return _percent(self.amounts.disbursed_share)


@dataclass
class ActivityRow:
    work: Work
    activity: Key
    owner: str  # the unit running it
    self_run: bool
    amounts: Amounts
    quarters: list[Amounts]
    sources: list[SourceRow]

    @property
    def rowspan(self) -> int:
        """Table rows of its sources: disbursed and settled, one under the other."""
        return 2 * len(self.sources)


@dataclass
class QuarterRow:
    number: int
    roman: str  # "I" … "IV"
    amounts: Amounts  # disbursed and settled in the quarter
    disbursed_to_date: int
    settled_to_date: int
    reported: bool  # a counted report covers it


@dataclass
class ContributionRow:
    work: Work | None  # None for the total
    activity: str
    pledged: Contribution
    realised: Contribution


@dataclass
class Disclosure:
    unit: object
    commune: object
    year: int
    plan: Plan
    years: list[int]
    totals: FinanceTotals
    sources: list[SourceRow]
    activities: list[ActivityRow]
    quarters: list[QuarterRow]
    contributions: list[ContributionRow]
    contribution_total: ContributionRow
    overruns: list[Overrun]
    differences: list[AllocationDifference]
    funding_run: bool  # a funding run was applied to the plan (its allocations are checked)
    reports: list  # the reports read, in period order
    lang: str = "vi"

    @property
    def as_of(self) -> int | None:
        """The last quarter a counted report covers."""
        return max((q.number for q in self.quarters if q.reported), default=None)

    @property
    def as_of_label(self) -> str:
        return reporting.period("quarter", self.year, self.as_of).label(self.lang) if self.as_of else ""

    @property
    def checks(self) -> list[str]:
        return [o.sentence(self.lang) for o in self.overruns] + [
            d.sentence(self.lang) for d in self.differences
        ]

    @property
    def disbursed_percent(self) -> str:
        return _percent(self.totals.total.disbursed_share)

    @property
    def is_village(self) -> bool:
        return self.unit.pk != self.commune.pk


def _percent(share) -> str:
    return "—" if share is None else f"{float(share) * 100:.0f}%"


# ------------------------------------------------------------------------------------------------ the plan


def commune_of(unit):
    """The commune whose finance a unit's page shows: itself, or a village's commune; None for other levels."""
    if unit.level == Level.COMMUNE:
        return unit
    if unit.level == Level.VILLAGE and unit.parent_id:
        return unit.parent
    return None


def public_plans(commune) -> list[Plan]:
    """The commune's adopted (or later) annual plans, newest year and version first, each saying whether works
    were started from it (one query)."""
    return list(
        Plan.objects.filter(unit=commune, kind=Kind.COMMUNE_ANNUAL, state__in=PUBLIC_STATES)
        .annotate(has_works=Exists(Work.objects.filter(activity__plan=OuterRef("pk"))))
        .select_related("unit")
        .order_by("-year_from", "-version", "-id")
    )


def years_of(plans: list[Plan]) -> list[int]:
    return sorted({y for p in plans for y in range(p.year_from, p.year_to + 1)}, reverse=True)


def plan_for(plans: list[Plan], year: int) -> Plan | None:
    covering = [p for p in plans if p.year_from <= year <= p.year_to]
    return next((p for p in covering if p.has_works), covering[0] if covering else None)


def default_year(years: list[int], today) -> int | None:
    """This year when a plan covers it, else the latest year that has one."""
    if not years:
        return None
    return today.year if today.year in years else years[0]


# ------------------------------------------------------------------------------------------------ the figures


def _quarter(report) -> int:
    return report.period if report.period_kind == PeriodKind.QUARTER else (report.period - 1) // 3 + 1


def _end_month(report) -> int:
    return report.period * 3 if report.period_kind == PeriodKind.QUARTER else report.period


def works_of(unit, commune, plan: Plan):
    works = Work.objects.filter(activity__plan=plan)
    if unit.pk != commune.pk:
        made_for = Work.objects.filter(activity__plan=plan, activity__need_links__need__unit=unit)
        works = works.filter(Q(unit=unit) | Q(pk__in=made_for.values("pk")))
    return (
        works.select_related("activity", "unit")
        .prefetch_related("fundings")
        .order_by("activity__order", "activity_id")
    )


def _chosen_lines(works: list[Work], plan: Plan, year: int) -> dict[tuple[int, int], ReportLine]:
    """(work id, quarter) → the counted report line read for that quarter."""
    owner = {w.pk: w.unit_id for w in works}
    chosen: dict[tuple[int, int], tuple[tuple, ReportLine]] = {}
    lines = (
        ReportLine.objects.filter(
            work_id__in=list(owner),
            report__plan=plan,
            report__year=year,
            report__state__in=COUNTED_STATES,
        )
        .select_related("report__unit")
        .order_by("pk")
    )
    for line in lines:
        r = line.report
        rank = (r.unit_id == owner[line.work_id], _end_month(r), r.period_kind == PeriodKind.QUARTER, r.pk)
        key = (line.work_id, _quarter(r))
        if key not in chosen or chosen[key][0] < rank:
            chosen[key] = (rank, line)
    return {k: v[1] for k, v in chosen.items()}


def _source_key(funding) -> Key:
    if funding.source_id:
        return Key("source", funding.source_id, funding.source_name)
    name = " ".join(funding.source_name.split())
    return Key("named", name.lower(), name)


def _amount(figures: dict, funding_pk: int) -> int:
    value = (figures or {}).get(str(funding_pk))
    return int(value) if value else 0


def disclose(unit, year: int | None = None, *, today=None, lang: str = "vi") -> Disclosure | None:
    """What `unit` (a commune or a village) publishes of `year`'s finance (by default this year, or the latest
    with a public plan); None when no adopted plan covers it."""
    commune = commune_of(unit)
    if commune is None:
        return None
    plans = public_plans(commune)
    years = years_of(plans)
    if year is None:
        from django.utils import timezone

        year = default_year(years, today or timezone.localdate())
    plan = plan_for(plans, year) if year is not None else None
    if plan is None:
        return None

    works = list(works_of(unit, commune, plan))
    chosen = _chosen_lines(works, plan, year)
    lines: list[FinanceLine] = []
    by_asq: dict[tuple[Key, Key, int], Amounts] = {}
    reported: set[int] = set()
    reports: dict[int, object] = {}
    for work in works:
        activity = Key("activity", work.activity_id, work.activity.title)
        for funding in work.fundings.all():
            source = _source_key(funding)
            lines.append(FinanceLine(activity, source, None, planned=funding.planned))
            before_d = before_s = 0
            for q in QUARTERS:
                line = chosen.get((work.pk, q))
                if line is None:
                    continue
                reported.add(q)
                reports[line.report_id] = line.report
                if str(funding.pk) not in (line.disbursed or {}):
                    continue  # a line never filled for this source: what was said before still holds
                d, s = _amount(line.disbursed, funding.pk), _amount(line.settled, funding.pk)
                flow = FinanceLine(activity, source, q, disbursed=d - before_d, settled=s - before_s)
                lines.append(flow)
                by_asq[(activity, source, q)] = by_asq.get((activity, source, q), Amounts()) + flow.amounts
                before_d, before_s = d, s
    totals = finance_totals(lines)

    sources = [
        SourceRow(s, a, [totals.by_source_quarter.get((s, q), Amounts()) for q in QUARTERS])
        for s, a in totals.by_source.items()
    ]
    activities = []
    for work in works:
        activity = Key("activity", work.activity_id, work.activity.title)
        keys = [_source_key(f) for f in work.fundings.all()]
        activities.append(
            ActivityRow(
                work=work,
                activity=activity,
                owner=work.unit.name,
                self_run=work.self_run,
                amounts=totals.by_activity.get(activity, Amounts()),
                quarters=[totals.by_activity_quarter.get((activity, q), Amounts()) for q in QUARTERS],
                sources=[
                    SourceRow(
                        s,
                        totals.by_activity_source.get((activity, s), Amounts()),
                        [by_asq.get((activity, s, q), Amounts()) for q in QUARTERS],
                    )
                    for s in dict.fromkeys(keys)
                ],
            )
        )
    quarters = []
    to_date = Amounts()
    for q in QUARTERS:
        flow = totals.by_quarter.get(q, Amounts())
        to_date += flow
        quarters.append(
            QuarterRow(
                q,
                ROMAN[q - 1],
                flow,
                to_date.disbursed,
                to_date.settled,
                q in reported,
            )
        )

    contributions = [
        ContributionRow(
            w,
            w.activity.title,
            Contribution(*(getattr(w, f"pledged_{f}") or 0 for f in CONTRIBUTION_FIELDS)),
            Contribution(*(getattr(w, f"realised_{f}") or 0 for f in CONTRIBUTION_FIELDS)),
        )
        for w in works
    ]
    contribution_total = ContributionRow(
        None,
        "",
        sum((c.pledged for c in contributions), Contribution()),
        sum((c.realised for c in contributions), Contribution()),
    )

    overruns = check_disbursed(totals, per_activity=True) + check_settled(totals)
    allocations = list(
        Allocation.objects.filter(activity__plan=plan).select_related("activity", "source").order_by("id")
    )
    funding_run = bool(allocations)
    differences = []
    if funding_run:
        mine = {w.activity_id for w in works}
        paid: dict[Key, list] = {}
        for a in allocations:
            if unit.pk != commune.pk and a.activity_id not in mine:
                continue
            key = Key("activity", a.activity_id, a.activity.title)
            paid.setdefault(key, []).append((Key("source", a.source_id, str(a.source)), a.amount))
        differences = check_against_allocations(totals, paid)

    return Disclosure(
        unit=unit,
        commune=commune,
        year=year,
        plan=plan,
        years=years,
        totals=totals,
        sources=sources,
        activities=activities,
        quarters=quarters,
        contributions=contributions,
        contribution_total=contribution_total,
        overruns=overruns,
        differences=differences,
        funding_run=funding_run,
        reports=sorted(reports.values(), key=lambda r: (_end_month(r), r.period_kind, r.unit.name)),
        lang=lang,
    )
