from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from sedp.cycles.models import Cycle


def index(request):
    """The public front page: what citizens may read without signing in."""
    cycles = Cycle.objects.filter(is_published=True).select_related("unit")[:20]
    return render(request, "portal/index.html", {"cycles": cycles})


def healthz(request):
    """200 once the database answers; 503 otherwise (for load balancers and `make demo`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok"})
