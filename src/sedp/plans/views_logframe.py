"""Pages of a plan's logframe, and its documents (.docx, .pdf)."""

from django.shortcuts import render

from sedp.accounts.policy import access

from .models import Plan


def _plan(request, pk):
    return access(request.user, Plan.objects.select_related("unit"), pk=pk)


def logframe(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "plans/commune/base.html", {"plan": plan, "tab": "logframe"})


def documents(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "plans/commune/base.html", {"plan": plan, "tab": "documents"})
