from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sedp.accounts.policy import home_units, restrict
from sedp.cycles.models import Cycle
from sedp.cycles.status import status_rows


@login_required
def home(request):
    """For each unit the user works on: its current cycle, phase, what is due next and what is overdue."""
    today = timezone.localdate()
    units = list(home_units(request.user))
    grants = list(request.user.grants.select_related("unit"))
    cycles = restrict(Cycle.objects.select_related("unit"), request.user).prefetch_related("milestones")
    rows = status_rows(units, cycles, today)
    return render(request, "dashboard/home.html", {"rows": rows, "grants": grants, "today": today})
