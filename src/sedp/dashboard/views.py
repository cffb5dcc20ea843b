from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sedp.accounts.policy import home_units, restrict
from sedp.cycles.models import Cycle, Milestone
from sedp.cycles.status import status_rows
from sedp.plans.models import PUBLIC_STATES, Kind, Plan
from sedp.plans.rollup.aggregation import DUE_MILESTONE, Child


@login_required
def home(request):
    """For each unit the user works on: its current cycle, phase, what is due next and what is overdue."""
    today = timezone.localdate()
    units = list(home_units(request.user))
    grants = list(request.user.grants.select_related("unit"))
    cycles = restrict(Cycle.objects.select_related("unit"), request.user).prefetch_related("milestones")
    rows = status_rows(units, cycles, today)
    _own_plans(rows, today)
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
