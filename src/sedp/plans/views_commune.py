"""Pages of a commune (or higher) plan: the villages' plans aggregated, and the fate of every need."""

from django.shortcuts import render

from sedp.accounts.policy import access

from .models import Plan


def _plan(request, pk):
    return access(request.user, Plan.objects.select_related("unit"), pk=pk)


def overview(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "plans/commune/base.html", {"plan": plan, "tab": "overview"})


def needs(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "plans/commune/base.html", {"plan": plan, "tab": "needs"})
