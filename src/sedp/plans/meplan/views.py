"""The M&E plan page: the plan's indicators as a table, each with who measures it, when, how, from what data, for
whom; the indicators still without a row listed on top. A row's form opens in place (htmx swaps the page body;
without JavaScript `?edit=<indicator>` opens the same form). Read as the logframe is read; written by whoever may
change the plan, while its content may change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, can
from sedp.accounts.roles import Action
from sedp.audit.guards import Stale
from sedp.meetings.fields import add_errors
from sedp.plans.models import Indicator, MERow, Plan

from . import actions
from .forms import MERowForm


def _plan(request, pk, action=Action.VIEW) -> Plan:
    return access(request.user, Plan.objects.select_related("unit"), action, pk=pk)


def _render(request, plan: Plan, *, edit: int | None = None, form=None, status: int = 200):
    lines = actions.lines(plan)
    editable = plan.is_editable and can(request.user, Action.CHANGE, plan)
    if editable and edit is not None and form is None:
        line = next((x for x in lines if x.indicator.pk == edit), None)
        if line is not None:
            initial = actions.values_of(line.row)
            if not initial.get("method") and line.indicator.verification:
                initial["method"] = line.indicator.verification  # the logframe's means of verification
            form = MERowForm(initial={**initial, "version": actions.version_of(line.row)})
    template = "plans/meplan/page.html"
    if request.htmx:
        template += "#body"
    context = {
        "plan": plan,
        "tab": "me_plan",
        "lines": lines,
        "missing": [x.indicator for x in lines if x.row is None],
        "editable": editable,
        "edit": edit if editable else None,
        "form": form,
    }
    return render(request, template, context, status=status)


def _edit_param(request) -> int | None:
    return query.ident(request, "edit")


def me_plan(request, pk: int):
    plan = _plan(request, pk)
    return _render(request, plan, edit=_edit_param(request))


def _page(plan: Plan, anchor: str = "") -> str:
    return reverse("plans:me_plan", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def row(request, pk: int, indicator: int):
    """GET: the page with the indicator's form open. POST: save the indicator's row."""
    plan = _plan(request, pk, Action.CHANGE)
    ind = get_object_or_404(Indicator, plan=plan, pk=indicator)
    if request.method != "POST":
        if request.htmx:
            return _render(request, plan, edit=ind.pk)
        return redirect(reverse("plans:me_plan", args=[plan.pk]) + f"?edit={ind.pk}#me-{ind.pk}")
    form = MERowForm(request.POST)
    if form.is_valid():
        try:
            actions.save_row(plan, ind, actor=request.user, version=form.seen_version, **form.cleaned_data)
        except Stale as exc:  # saved by someone else since this form was opened: both shown, nothing saved
            form.show_stale(exc, actions.values_of(MERow.objects.filter(indicator=ind).first()))
            return _render(request, plan, edit=ind.pk, form=form, status=409)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The M&E plan's row for “%(name)s” is saved.") % {"name": ind.name})
            if request.htmx:
                return _render(request, plan)
            return redirect(_page(plan, f"me-{ind.pk}"))
    return _render(request, plan, edit=ind.pk, form=form, status=200 if request.htmx else 400)


@login_required
@require_POST
def delete(request, pk: int, indicator: int):
    plan = _plan(request, pk, Action.CHANGE)
    me_row = get_object_or_404(MERow, plan=plan, indicator_id=indicator)
    try:
        actions.delete_row(me_row, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return _render(request, plan)
    return redirect(_page(plan, f"me-{indicator}"))
