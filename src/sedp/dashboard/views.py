from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

from sedp.accounts.policy import home_units, restrict
from sedp.core.calendar import planning_year
from sedp.cycles.models import Cycle, Milestone
from sedp.cycles.status import status_rows
from sedp.monitoring.due import reports_due
from sedp.places.choices import Level
from sedp.plans.models import PUBLIC_STATES, Kind, Plan, State
from sedp.plans.rollup.aggregation import CHILD_KIND, DUE_MILESTONE, Child, child_plans, children_of
from sedp.plans.rollup.fates import PLAN_KIND

# How many children a card lists by name; the rest are counted, the plans page lists them all.
LISTED = 12


@login_required
def home(request):
    """For each unit the user works on: its current cycle, phase, what is due next and what is overdue."""
    today = timezone.localdate()
    units = list(home_units(request.user))
    grants = list(request.user.grants.select_related("unit"))
    cycles = restrict(Cycle.objects.select_related("unit"), request.user).prefetch_related("milestones")
    rows = status_rows(units, cycles, today)
    _own_plans(rows, today)
    _children_sent(rows, today)
    due = reports_due([r.unit.pk for r in rows], today)
    for r in rows:
        r.reports_due = due.get(r.unit.pk, [])
    return render(request, "dashboard/home.html", {"rows": rows, "grants": grants, "today": today})


def _own_plans(rows, today) -> None:
    """A village sees its own annual plan for its cycle's year: adopted, in progress, or overdue (as the commune
    sees it on its overview). Two queries, whatever the number of villages."""
    villages = [r for r in rows if r.unit.level == "village" and r.cycle]
    for r in rows:
        r.own_plan = None
    if not villages:
        return
    plans = Plan.objects.filter(
        unit__in=[r.unit for r in villages],
        kind=Kind.VILLAGE_ANNUAL,
        year_from__in={r.cycle.plan_year for r in villages},
    ).order_by("unit_id", "-version")
    adopted, drafts = {}, {}
    for p in plans:
        key = (p.unit_id, p.year_from)
        if p.state in PUBLIC_STATES:
            adopted.setdefault(key, p)
        elif key not in adopted:
            drafts.setdefault(key, p)
    due = {
        m.cycle_id: m.due_on
        for m in Milestone.objects.filter(cycle__in={r.cycle for r in villages}, key=DUE_MILESTONE["village"])
    }
    for r in villages:
        key = (r.unit.pk, r.cycle.plan_year)
        r.own_plan = Child(r.unit, adopted.get(key), drafts.get(key), due.get(r.cycle.pk), today)


def _year(row, today) -> int:
    """The plan year an upper unit's officer is working on: its cycle's; without a cycle (a legacy district, whose
    structure ended in 2025) the latest year its children planned for, else the year in the making."""
    if row.cycle:
        return row.cycle.plan_year
    latest = Plan.objects.filter(unit__parent=row.unit, kind__in=list(CHILD_KIND.values())).aggregate(
        y=Max("year_from")
    )["y"]
    return latest or planning_year(today)


def _children_sent(rows, today) -> None:
    """A province (legacy: district) officer sees which child units have sent their plan for the cycle's year —
    submitted, or adopted and not yet sent — and which are still awaited, with their due date and how many days
    overdue; and the unit's own plan for that year, where the children's plans are read (or where to create it).
    Three queries a unit, whatever the number of children."""
    upper = [r for r in rows if r.unit.level in (Level.PROVINCE, Level.DISTRICT)]
    years = {r.unit.pk: _year(r, today) for r in upper}
    own = {}
    if upper:
        plans = Plan.objects.filter(
            unit__in=[r.unit for r in upper],
            kind__in=[PLAN_KIND[r.unit.level] for r in upper],
            year_from__in=set(years.values()),
        ).order_by("unit_id", "year_from", "-version")
        for p in plans:
            own.setdefault((p.unit_id, p.year_from), p)
    for r in rows:
        r.children = None
        r.upper_plan = None
        if r.unit.pk not in years:
            continue
        year = years[r.unit.pk]
        r.upper_plan = own.get((r.unit.pk, year))
        r.upper_year = year
        children = child_plans(r.unit, year, children_of(r.unit), today, cycle=None)
        if not children:
            continue
        # The cycle's milestones are already fetched: the due dates come from them, not from another query.
        due = {m.key: m.due_on for m in r.cycle.milestones.all()} if r.cycle else {}
        for c in children:
            c.due_on = due.get(DUE_MILESTONE.get(c.unit.level))
        submitted = [c for c in children if c.plan and c.plan.state == State.SUBMITTED]
        adopted = [c for c in children if c.plan and c.plan.state != State.SUBMITTED]
        waiting = sorted((c for c in children if not c.plan), key=lambda c: not c.overdue)  # stable: by name
        r.children = {
            "year": year,
            "total": len(children),
            "submitted": submitted[:LISTED],
            "submitted_count": len(submitted),
            "submitted_more": max(0, len(submitted) - LISTED),
            "adopted": adopted[:LISTED],
            "adopted_more": max(0, len(adopted) - LISTED),
            "waiting": waiting[:LISTED],
            "waiting_count": len(waiting),
            "waiting_more": max(0, len(waiting) - LISTED),
        }
