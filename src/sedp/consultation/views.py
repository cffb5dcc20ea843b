"""The six steps of a commune plan's consultation: team, schedule, conferences, drafts, comments, states."""

from django.shortcuts import render

from sedp.accounts.policy import access
from sedp.plans.models import Plan


def plan(request, pk: int):
    plan = access(request.user, Plan.objects.select_related("unit"), pk=pk)
    return render(request, "plans/commune/base.html", {"plan": plan, "tab": "consultation"})
