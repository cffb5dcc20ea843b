from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from sedp.accounts.policy import access
from sedp.assignments.models import Assignment, State
from sedp.cycles.models import Cycle
from sedp.places.models import Unit


def index(request):
    """The public front page: what citizens may read without signing in."""
    cycles = Cycle.objects.filter(is_published=True).select_related("unit")[:20]
    assigned = (
        Assignment.objects.filter(state=State.ISSUED)
        .select_related("unit", "plan__unit")
        .order_by("-issued_at")[:20]
    )
    return render(request, "portal/index.html", {"cycles": cycles, "assigned": assigned})


def unit(request, pk: int):
    """A unit's public page: what citizens may read about it — the targets and budgets assigned to it (issued
    only, never a draft), each with the notice posted at the commune office."""
    u = access(request.user, Unit.objects.select_related("parent"), pk=pk)
    assigned = list(
        Assignment.objects.filter(unit=u, state=State.ISSUED)
        .select_related("plan__unit")
        .prefetch_related("budgets__source", "budgets__activity", "targets")
        .order_by("-year", "-issued_at")
    )
    for a in assigned:
        a.total = sum(b.amount for b in a.budgets.all())
    return render(request, "portal/unit.html", {"unit": u, "assigned": assigned})


def healthz(request):
    """200 once the database answers; 503 otherwise (for load balancers and `make demo`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok"})
