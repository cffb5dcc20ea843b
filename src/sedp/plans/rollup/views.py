"""Pages of a commune (or higher) plan: the villages' plans aggregated, and the fate of every need.

Reads need the plan to be visible (villages read their commune's plan; outsiders get 404); every write needs
Action.CHANGE on it (403 for a village head) and is a POST. With htmx a need's row is updated in place; without
it the same forms post and redirect. A form with an error comes back with what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp.accounts.policy import access, can
from sedp.accounts.roles import Action
from sedp.core.calendar import planning_year
from sedp.exports import commune_forms as commune_excel
from sedp.funding import proposal as allocation
from sedp.meetings.fields import add_errors
from sedp.needs.actions import create_need
from sedp.needs.models import Need
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Fate, NeedLink, Plan
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import aggregate
from sedp.plans.rollup.forms import (
    CommunePlanForm,
    DecideForm,
    MergeForm,
    OwnNeedForm,
    ProposalForm,
    SplitForm,
)
from sedp.plans.views import XLSX


def _plan(request, pk, action=Action.VIEW):
    return access(
        request.user,
        Plan.objects.filter(kind__in=tracing.HIGHER_KINDS).select_related("unit", "cycle"),
        action,
        pk=pk,
    )


def _need(request, pk):
    return access(request.user, Need.objects.select_related("unit", "sector"), pk=pk)


def _activities(plan):
    return plan.activities.select_related("sector").order_by("order", "id")


# ---------------------------------------------------------------------------------------------------------------
# Creating the plan (from the commune's plans page)
# ---------------------------------------------------------------------------------------------------------------


@login_required
def create(request, unit_pk: int):
    unit = access(request.user, Unit.objects.all(), Action.CHANGE, pk=unit_pk)
    form = CommunePlanForm(request.POST or None, initial={"year": planning_year(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            plan = tracing.create_commune_plan(
                unit, form.cleaned_data["year"], actor=request.user, title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The commune plan is created as a draft."))
            return redirect("plans:commune", pk=plan.pk)
    return render(request, "plans/rollup/create.html", {"unit": unit, "form": form})


# ---------------------------------------------------------------------------------------------------------------
# The villages' plans aggregated
# ---------------------------------------------------------------------------------------------------------------


def _child_label(plan) -> str:
    """What the units right under the plan's unit are called in its tables: villages under a commune."""
    if plan.unit.level == Level.COMMUNE:
        return _("Village")
    if plan.unit.level == Level.DISTRICT:
        return _("Commune")
    return _("Commune or district")


def overview(request, pk: int):
    plan = _plan(request, pk)
    agg = aggregate(plan)
    return render(
        request,
        "plans/rollup/overview.html",
        {
            "plan": plan,
            "tab": "overview",
            "agg": agg,
            "can_change": can(request.user, Action.CHANGE, plan),
            "child_label": _child_label(plan),
        },
    )


def workbook(request, pk: int):
    plan = _plan(request, pk)
    response = HttpResponse(commune_excel.export_workbook(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{commune_excel.filename(plan)}"'
    return response


# ---------------------------------------------------------------------------------------------------------------
# Needs and their fate
# ---------------------------------------------------------------------------------------------------------------


def _needs_context(request, plan, **forms):
    agg = aggregate(plan)
    editable = plan.is_editable and can(request.user, Action.CHANGE, plan)
    activities = list(
        _activities(plan).prefetch_related(
            Prefetch("need_links", queryset=NeedLink.objects.select_related("need__unit").order_by("id"))
        )
    )
    context = {
        "plan": plan,
        "tab": "needs",
        "agg": agg,
        "editable": editable,
        "activities": activities,
        "activities_total": sum(a.cost or 0 for a in activities),
    }
    if editable:
        merge_form = forms.get("merge_form") or MergeForm(needs=Need.objects.none())
        context["merge_form"] = merge_form
        context["own_form"] = forms.get("own_form") or OwnNeedForm(unit=plan.unit)
        if merge_form.is_bound:  # keep the ticks of a merge that was refused
            context["checked"] = {int(x) for x in merge_form.data.getlist("needs") if x.isdigit()}
    return context


def needs(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "plans/rollup/needs.html", _needs_context(request, plan))


def _row(plan, need_pk):
    return next((r for r in aggregate(plan).rows if r.need.pk == need_pk), None)


def _decide_form(plan, need, data=None, link=None):
    if link is not None:
        first = next(iter(link.activities.all()), None)
        initial = {
            "fate": link.fate,
            "reason": link.reason,
            "postponed_to": link.postponed_to,
            "referred_to": link.referred_to,
            "activity": first.pk if first and link.fate == Fate.MERGED else None,
        }
    else:
        initial = {"fate": Fate.INCLUDED, "postponed_to": plan.year_from + 1}
    # Several rows' forms may be open at once (htmx): ids carry the need's key so labels stay right.
    return DecideForm(data, activities=_activities(plan), initial=initial, auto_id=f"id_{need.pk}_%s")


@login_required
def decide(request, pk: int, need_pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    need = _need(request, need_pk)
    link = NeedLink.objects.filter(plan=plan, need=need).prefetch_related("activities").first()
    form = _decide_form(plan, need, request.POST if request.method == "POST" else None, link)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tracing.decide(
                plan,
                need,
                actor=request.user,
                fate=data["fate"],
                reason=data["reason"],
                activity=data["activity"],
                postponed_to=data["postponed_to"],
                referred_to=data["referred_to"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if request.htmx:
                return render(
                    request,
                    "plans/rollup/_need_row.html",
                    {"plan": plan, "row": _row(plan, need.pk), "editable": True},
                )
            messages.success(request, _("The fate of “%(need)s” is saved.") % {"need": need})
            return redirect(reverse("plans:commune_needs", args=[plan.pk]) + f"#need-{need.pk}")
    context = {"plan": plan, "need": need, "form": form, "link": link, "tab": "needs", "editable": True}
    if request.htmx:
        if request.method == "POST":  # the row again, with the form and its errors
            context["row"] = _row(plan, need.pk)
            return render(request, "plans/rollup/_need_row.html", context)
        return render(request, "plans/rollup/_decide_form.html", context)
    return render(request, "plans/rollup/decide.html", context)


@login_required
@require_POST
def merge(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    candidates = Need.objects.filter(pk__in=[n.pk for n in tracing.candidate_needs(plan)])
    form = MergeForm(request.POST, needs=candidates.select_related("unit", "sector"))
    if form.is_valid():
        chosen = sorted(
            form.cleaned_data["needs"], key=lambda n: request.POST.getlist("needs").index(str(n.pk))
        )
        try:
            activity = tracing.merge(
                plan,
                chosen,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("The needs are merged into “%(activity)s”.") % {"activity": activity.title}
            )
            return redirect("plans:commune_needs", pk=plan.pk)
    return render(request, "plans/rollup/needs.html", _needs_context(request, plan, merge_form=form))


@login_required
def split(request, pk: int, need_pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    need = _need(request, need_pk)
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tracing.split(
                plan,
                need,
                actor=request.user,
                parts=form.cleaned_data["parts"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("“%(need)s” is split into several activities.") % {"need": need})
            return redirect(reverse("plans:commune_needs", args=[plan.pk]) + f"#need-{need.pk}")
    return render(
        request, "plans/rollup/split.html", {"plan": plan, "need": need, "form": form, "tab": "needs"}
    )


@login_required
@require_POST
def add_need(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if not plan.is_editable:
        messages.error(
            request,
            _("This plan is %(state)s: the needs' fates can no longer change.")
            % {"state": plan.get_state_display()},
        )
        return redirect("plans:commune_needs", pk=plan.pk)
    form = OwnNeedForm(request.POST, unit=plan.unit)
    if form.is_valid():
        try:
            need = create_need(plan.unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("“%(need)s” is added to the commune's own needs.") % {"need": need})
            return redirect(reverse("plans:commune_needs", args=[plan.pk]) + f"#need-{need.pk}")
    return render(request, "plans/rollup/needs.html", _needs_context(request, plan, own_form=form))


# ---------------------------------------------------------------------------------------------------------------
# The commune budget proposal (source 001's process rule, sedp.funding.proposal)
# ---------------------------------------------------------------------------------------------------------------


def proposal(request, pk: int):
    """GET: what the allocation engine proposes for a budget (nothing saved). POST (CHANGE): apply it to the
    needs that have no fate yet — funded → included, not funded → postponed to next year with the explanation."""
    plan = _plan(request, pk)
    editable = plan.is_editable and can(request.user, Action.CHANGE, plan)
    data = request.POST if request.method == "POST" else (request.GET if "budget" in request.GET else None)
    form = ProposalForm(data, initial={"cap": 2})
    proposals, applied = [], 0
    if form.is_valid():
        proposals = allocation.propose(plan, form.cleaned_data["budget"], cap=form.cleaned_data["cap"])
        if request.method == "POST":
            if not editable:
                return HttpResponse(status=403)
            try:
                applied = allocation.apply(plan, proposals, actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("%(n)d needs decided from the proposal; decisions made before were kept.")
                    % {"n": applied},
                )
                return redirect("plans:commune_needs", pk=plan.pk)
    decided = set(NeedLink.objects.filter(plan=plan).values_list("need_id", flat=True))
    context = {
        "plan": plan,
        "tab": "needs",
        "form": form,
        "proposals": proposals,
        "decided": decided,
        "editable": editable,
        "funded_total": sum(p.public_cost for p in proposals if p.funded),
    }
    return render(request, "plans/rollup/proposal.html", context)
