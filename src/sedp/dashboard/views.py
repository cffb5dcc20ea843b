from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sedp.accounts.policy import home_units, restrict
from sedp.cycles.models import Cycle, Milestone
from sedp.cycles.status import status_rows
from sedp.places.choices import Level
from sedp.plans.models import PUBLIC_STATES, Kind, Plan, State
from sedp.plans.rollup.aggregation import DUE_MILESTONE, Child, child_plans, children_of

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


def _children_sent(rows, today) -> None:
    """A province (legacy: district) officer sees which child units have sent their plan for the cycle's year —
    submitted, or adopted and not yet sent — and which are still awaited, with their due date and how many days
    overdue. Two queries a unit, whatever the number of children."""
    for r in rows:
        r.children = None
        if r.unit.level not in (Level.PROVINCE, Level.DISTRICT) or not r.cycle:
            continue
        # The cycle's milestones are already fetched: the due dates come from them, not from another query.
        children = child_plans(r.unit, r.cycle.plan_year, children_of(r.unit), today, cycle=None)
        if not children:
            continue
        due = {m.key: m.due_on for m in r.cycle.milestones.all()}
        for c in children:
            c.due_on = due.get(DUE_MILESTONE.get(c.unit.level))
        submitted = [c for c in children if c.plan and c.plan.state == State.SUBMITTED]
        adopted = [c for c in children if c.plan and c.plan.state != State.SUBMITTED]
        waiting = sorted((c for c in children if not c.plan), key=lambda c: not c.overdue)  # stable: by name
        for c in waiting:
            c.days_overdue = (today - c.due_on).days if c.overdue else 0
        r.children = {
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
