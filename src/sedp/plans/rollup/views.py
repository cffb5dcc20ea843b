"""Pages of a plan above the village — a commune's, a legacy district's, a province's: the children's plans
aggregated, and what they sent up. One set of views for every level; the level is the plan's unit's, and only
what differs by level is chosen here: a commune decides the fate of each village need (needs, merge, split, the
budget proposal), a district or province reads its communes' activities with the village needs each came from.

Reads need the plan to be visible (villages read their commune's plan; outsiders get 404); every write needs
Action.CHANGE on it (403 for a village head) and is a POST. With htmx a need's row is updated in place; without
it the same forms post and redirect. A form with an error comes back with what was typed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, can
from sedp.accounts.roles import Action
from sedp.core.calendar import planning_year
from sedp.exports import commune_forms as commune_excel
from sedp.funding import proposal as allocation
from sedp.meetings.fields import add_errors
from sedp.needs.actions import create_need
from sedp.needs.models import Need, NeedKind
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Fate, Mode, NeedLink, Plan
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup import levels, upper
from sedp.plans.rollup.aggregation import aggregate, children_of
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
    """GET: the form; POST: the unit's plan for the year, as a draft (a commune's, district's or province's)."""
    unit = access(request.user, Unit.objects.all(), Action.CHANGE, pk=unit_pk)
    form = CommunePlanForm(
        request.POST or None,
        initial={"year": planning_year(timezone.localdate())},
        commune=unit.level == Level.COMMUNE,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = tracing.create_commune_plan(
                unit,
                form.cleaned_data["year"],
                actor=request.user,
                title=form.cleaned_data["title"],
                mode=form.cleaned_data.get("mode") or Mode.SEDP,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("The %(plan)s is created as a draft.") % {"plan": levels.plan_label(unit).lower()}
            )
            return redirect("plans:commune", pk=plan.pk)
    context = {"unit": unit, "form": form, **levels.labels(unit)}
    return render(request, "plans/rollup/create.html", context)


def _upper_redirect(request, plan):
    """The pages that decide village needs' fates belong to a commune plan; above it they lead to the activities
    the communes sent up (nothing to decide there: the province's choices are its funding integration)."""
    if request.method == "POST":
        messages.error(request, _("A district or province plan does not decide village needs one by one."))
    return redirect("plans:rollup_activities", pk=plan.pk)


# ---------------------------------------------------------------------------------------------------------------
# The villages' plans aggregated
# ---------------------------------------------------------------------------------------------------------------


def _village_overview(agg, cn) -> dict:
    """A village's part of the overview, shown when it is opened: its Biểu 4 list, its Biểu 5 and 6 rows."""
    services = [r for r in cn.rows if r.need.kind == NeedKind.SERVICE]
    investments = [r for r in cn.rows if r.candidate and r.need.kind != NeedKind.SERVICE]
    pk = cn.child.unit.pk
    return {
        "cn": cn,
        "services": services,
        "services_total": agg.totals(services),
        "investments": investments,
        "investments_total": agg.totals(investments),
        "bieu5_id": f"bieu5-{pk}",
        "bieu6_id": f"bieu6-{pk}",
    }


def overview(request, pk: int):
    """The children's plans aggregated. A commune's villages are each folded to a line (their Biểu 4 list and
    Biểu 5/6 rows come on demand: htmx, or `?village=` without JavaScript); Biểu 5/6 are summed by sector. Every
    row is in the workbook."""
    plan = _plan(request, pk)
    village = query.ident(request, "village")
    if request.htmx and village:  # a village opened on the page: its part only
        agg = aggregate(plan, only=village)
        cn = agg.child_needs(village)
        if cn is None:
            raise Http404
        return render(request, "plans/rollup/_village_overview.html", _village_overview(agg, cn))
    agg = aggregate(plan)
    cn = agg.child_needs(village) if village else None
    context = {
        "plan": plan,
        "tab": "overview",
        "agg": agg,
        "can_change": can(request.user, Action.CHANGE, plan),
        "overview_url": reverse("plans:commune", args=[plan.pk]),
        **levels.labels(plan.unit),
    }
    if not levels.is_upper(plan.unit):
        context["services_by_sector"] = agg.by_sector(agg.services)
        context["investments_by_sector"] = agg.by_sector(agg.investments)
        if cn is not None:
            context.update(_village_overview(agg, cn), open_village=village)
    return render(request, "plans/rollup/overview.html", context)


def activities(request, pk: int):
    """Above the commune: the communes' activities by sector — totals by sector, then a page of activities with
    their cost, the source asked, the people's contribution and the village needs each came from."""
    plan = _plan(request, pk)
    if not levels.is_upper(plan.unit):
        return redirect("plans:commune_needs", pk=plan.pk)
    children = children_of(plan.unit)
    unit_pk = query.ident(request, "unit")
    unit = next((c for c in children if c.pk == unit_pk), None)
    sector = query.ident(request, "sector")
    page = upper.activity_page(plan, sector=sector, unit=unit, page=query.page(request))
    # Offer as filters only the children something arrived from (a district: any commune of it).
    paths = [p.unit.path for p in page.plans.values()]
    children = [c for c in children if any(path.startswith(c.path) for path in paths)]
    filters = {k: v for k, v in (("sector", sector), ("unit", unit.pk if unit else None)) if v}
    return render(
        request,
        "plans/rollup/activities.html",
        {
            "plan": plan,
            "tab": "activities",
            "activities": page,
            "children": children,
            "query": urlencode(filters),
            **levels.labels(plan.unit),
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


def _needs_url(plan) -> str:
    """The needs page's path: a need's links are this plus its key (joined in the template, not reversed per row)."""
    return reverse("plans:commune_needs", args=[plan.pk])


def _need_anchor(plan, need) -> str:
    """Where a need's row is on the needs page: a village's rows are shown with their village opened."""
    url = _needs_url(plan)
    if need.unit_id != plan.unit_id:
        url += f"?village={need.unit_id}"
    return f"{url}#need-{need.pk}"


def _needs_context(request, plan, **forms):
    """The needs page: each village folded to a line (its needs come on demand: htmx, or `?village=` without
    JavaScript), the commune's own needs and the activities in full. A village's rows are rendered only when it is
    opened, so the page stays small however many villages send their plans."""
    agg = aggregate(plan)
    editable = plan.is_editable and can(request.user, Action.CHANGE, plan)
    activities = list(
        _activities(plan).prefetch_related(
            Prefetch("need_links", queryset=NeedLink.objects.select_related("need__unit").order_by("id"))
        )
    )
    opened = {query.ident(request, "village")} - {None}
    context = {
        "plan": plan,
        "tab": "needs",
        "agg": agg,
        "editable": editable,
        "needs_url": _needs_url(plan),
        "activities": activities,
        "activities_total": sum(a.cost or 0 for a in activities),
    }
    if editable:
        merge_form = forms.get("merge_form") or MergeForm(needs=Need.objects.none())
        context["merge_form"] = merge_form
        context["own_form"] = forms.get("own_form") or OwnNeedForm(unit=plan.unit)
        if merge_form.is_bound:  # keep the ticks of a merge that was refused, their villages open
            checked = {int(x) for x in merge_form.data.getlist("needs") if x.isdigit()}
            context["checked"] = checked
            opened |= {r.unit.pk for r in agg.rows if r.need.pk in checked}
    context["open_villages"] = opened
    return context


def needs(request, pk: int):
    plan = _plan(request, pk)
    if levels.is_upper(plan.unit):
        return _upper_redirect(request, plan)
    village = query.ident(request, "village")
    if request.htmx and village:  # a village opened on the page: its rows only
        agg = aggregate(plan, only=village)
        cn = agg.child_needs(village)
        if cn is None:
            raise Http404
        editable = plan.is_editable and can(request.user, Action.CHANGE, plan)
        context = {"plan": plan, "cn": cn, "editable": editable, "needs_url": _needs_url(plan)}
        return render(request, "plans/rollup/_village_needs.html", context)
    return render(request, "plans/rollup/needs.html", _needs_context(request, plan))


def _row(plan, need):
    """The need's row as the needs page shows it (a village's need: only its village is aggregated)."""
    only = need.unit_id if need.unit_id != plan.unit_id else None
    return next((r for r in aggregate(plan, only=only).rows if r.need.pk == need.pk), None)


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
    if levels.is_upper(plan.unit):
        return _upper_redirect(request, plan)
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
                    {
                        "plan": plan,
                        "row": _row(plan, need),
                        "editable": True,
                        "needs_url": _needs_url(plan),
                    },
                )
            messages.success(request, _("The fate of “%(need)s” is saved.") % {"need": need})
            return redirect(_need_anchor(plan, need))
    context = {
        "plan": plan,
        "need": need,
        "form": form,
        "link": link,
        "tab": "needs",
        "editable": True,
        "needs_url": _needs_url(plan),
    }
    if request.htmx:
        if request.method == "POST":  # the row again, with the form and its errors
            context["row"] = _row(plan, need)
            return render(request, "plans/rollup/_need_row.html", context)
        return render(request, "plans/rollup/_decide_form.html", context)
    return render(request, "plans/rollup/decide.html", context)


@login_required
@require_POST
def merge(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if levels.is_upper(plan.unit):
        return _upper_redirect(request, plan)
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
            return redirect(_need_anchor(plan, chosen[0]))
    return render(request, "plans/rollup/needs.html", _needs_context(request, plan, merge_form=form))


@login_required
def split(request, pk: int, need_pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if levels.is_upper(plan.unit):
        return _upper_redirect(request, plan)
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
            return redirect(_need_anchor(plan, need))
    return render(
        request, "plans/rollup/split.html", {"plan": plan, "need": need, "form": form, "tab": "needs"}
    )


@login_required
@require_POST
def add_need(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if levels.is_upper(plan.unit):
        return _upper_redirect(request, plan)
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
            need = create_need(
                plan.unit, actor=request.user, submission=form.submission_token, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("“%(need)s” is added to the commune's own needs.") % {"need": need})
            return redirect(_need_anchor(plan, need))
    return render(request, "plans/rollup/needs.html", _needs_context(request, plan, own_form=form))


# ---------------------------------------------------------------------------------------------------------------
# The commune budget proposal (source 001's process rule, sedp.funding.proposal)
# ---------------------------------------------------------------------------------------------------------------


def proposal(request, pk: int):
    """GET: what the allocation engine proposes for a budget (nothing saved). POST (CHANGE): apply it to the
    needs that have no fate yet — funded → included, not funded → postponed to next year with the explanation."""
    plan = _plan(request, pk)
    if levels.is_upper(plan.unit):
        return _upper_redirect(request, plan)
    editable = plan.is_editable and can(request.user, Action.CHANGE, plan)
    data = request.POST if request.method == "POST" else None
    if data is None and query.has(request, "budget"):
        data = query.texts(request, ProposalForm.base_fields)
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
