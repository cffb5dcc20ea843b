"""Pages of funding at an upper level: the year's sources of a unit, and the integration of an upper plan (runs,
overrides, comparison, applying a run).

Reads: the sources of a unit are read by the people working in it, above it and below it (a commune sees what its
province has to spend); an upper plan's integration by those who see the plan. Everyone else gets 404. Writes need
Action.CHANGE on the unit (403 otherwise) and are POSTs. The integration page reads the stored run record only, so
its query count does not grow with the number of communes, villages or activities.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, can, restrict, scope
from sedp.accounts.roles import Action
from sedp.core.integration import Why
from sedp.meetings.fields import add_errors
from sedp.places.models import Unit
from sedp.plans.models import Plan

from . import actions
from .decisions import source_title
from .forms import OverrideForm, SourceForm
from .inputs import paying_order
from .models import FundingSource, IntegrationRun

PAGE = 100  # unfunded activities per page
FUNDED_SHOWN = 50  # funded activities listed per source before asking to choose a commune


@functools.cache
def _funded(code: str) -> bool:
    return Why(code).funded


def _money(x):
    return actions.amount(x)


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


# --- sources ---------------------------------------------------------------------------------------------------


def _sources_unit(request, unit_pk: int) -> Unit:
    """The unit whose sources are asked for, if the user works in, above or below it (404 otherwise)."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=unit_pk)
    allowed = scope(request.user, Action.VIEW)
    if not (allowed.covers(unit.path) or any(p.startswith(unit.path) for p in allowed.paths)):
        raise Http404
    return unit


def upper_plan(user, unit, year: int) -> Plan | None:
    return (
        restrict(Plan.objects.filter(unit=unit, year_from=year, kind__in=actions.UPPER_KINDS), user)
        .order_by("-version")
        .first()
    )


@login_required
def sources(request, unit_pk: int, year: int):
    unit = _sources_unit(request, unit_pk)
    rows = list(
        FundingSource.objects.filter(unit=unit, year=year)
        .prefetch_related("sectors", "earmarked_units")
        .annotate(paid=Sum("allocations__amount"), paid_count=Count("allocations"))
    )
    rows.sort(key=paying_order)
    lang = _lang()
    for s in rows:
        s.title = source_title(s, lang)
        s.left = s.amount - (s.paid or 0)
    return render(
        request,
        "funding/sources.html",
        {
            "unit": unit,
            "year": year,
            "sources": rows,
            "total": sum(s.amount for s in rows),
            "paid": sum(s.paid or 0 for s in rows),
            "left": sum(s.left for s in rows),
            "can_change": can(request.user, Action.CHANGE, unit),
            "plan": upper_plan(request.user, unit, year),
        },
    )


@login_required
def source_add(request, unit_pk: int, year: int):
    unit = _sources_unit(request, unit_pk)
    if not can(request.user, Action.CHANGE, unit):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise Http404
    form = SourceForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_source(form, actor=request.user, unit=unit, year=year)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The source is saved."))
            return redirect("funding:sources", unit.pk, year)
    return render(request, "funding/source_form.html", {"unit": unit, "year": year, "form": form})


def _source(request, pk: int, action=Action.CHANGE) -> FundingSource:
    return access(request.user, FundingSource.objects.select_related("unit"), action, pk=pk)


@login_required
def source_edit(request, pk: int):
    source = _source(request, pk)
    form = SourceForm(request.POST or None, instance=source, unit=source.unit)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_source(form, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The source is saved."))
            return redirect("funding:sources", source.unit_id, source.year)
    return render(
        request,
        "funding/source_form.html",
        {"unit": source.unit, "year": source.year, "form": form, "source": source},
    )


@login_required
def source_delete(request, pk: int):
    source = _source(request, pk)
    if request.method == "POST":
        try:
            actions.delete_source(source, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The source is deleted."))
        return redirect("funding:sources", source.unit_id, source.year)
    return render(request, "funding/source_delete.html", {"source": source, "unit": source.unit})


# --- integration -----------------------------------------------------------------------------------------------


def _plan(request, pk: int, action=Action.VIEW) -> Plan:
    return access(
        request.user,
        Plan.objects.filter(kind__in=actions.UPPER_KINDS).select_related("unit"),
        action,
        pk=pk,
    )


def _run(request, pk: int, action=Action.VIEW) -> IntegrationRun:
    run = access(request.user, IntegrationRun.objects.select_related("plan__unit"), Action.VIEW, pk=pk)
    if action != Action.VIEW and not can(request.user, action, run.plan):
        raise PermissionDenied
    return run


class RunView:
    """A stored run record, read for a page in the user's language (nothing recomputed)."""

    def __init__(self, run: IntegrationRun, lang: str, commune: str = ""):
        self.run = run
        d = run.record
        self.lang = lang
        self.commune = commune
        self.activities = {a["id"]: a for a in d["inputs"]["activities"]}
        self.source_names = {
            s["id"]: s["name"] or _kind_label(s["kind"], lang) for s in d["inputs"]["sources"]
        }
        self.why = d["outcome"]["why"]
        self.paid = d["outcome"]["paid"]
        self.explanations = d["explanations"]
        self.skipped = d.get("skipped", [])

    def _keep(self, a) -> bool:
        return not self.commune or a["commune"] == self.commune

    def text(self, aid: str) -> str:
        return self.explanations[aid][self.lang]

    @property
    def communes(self):
        return list(dict.fromkeys((a["commune"], a["commune_name"]) for a in self.activities.values()))

    @property
    def by_source(self):
        out = []
        for s in self.run.record["sources"]:
            rows, more = [], 0
            for aid in s["activities"]:
                a = self.activities[aid]
                if not self._keep(a):
                    continue
                if len(rows) >= FUNDED_SHOWN:
                    more += 1
                    continue
                amount = 0
                for sid, x in self.paid[aid]:
                    if sid == s["id"]:
                        amount += _money(x)
                rows.append({"activity": a, "amount": amount})
            out.append(
                {
                    "id": s["id"],
                    "name": self.source_names[s["id"]],
                    "amount": _money(s["amount"]),
                    "spent": _money(s["spent"]),
                    "left": _money(s["left"]),
                    "count": len(s["activities"]),
                    "rows": rows,
                    "more": more,
                }
            )
        return out

    @property
    def funded_count(self) -> int:
        return sum(1 for w in self.why.values() if _funded(w["code"]))

    @property
    def unfunded(self):
        return [
            {
                "activity": a,
                "text": self.text(aid),
                "public_cost": _money(a["cost"]) - _money(a["contribution"]),
            }
            for aid, a in self.activities.items()
            if not _funded(self.why[aid]["code"]) and self._keep(a)
        ]

    @property
    def overrides(self):
        return [
            {
                "applied": o["applied"],
                "text": o["text"][self.lang],
                "activity": self.activities.get(o["activity_id"]),
            }
            for o in self.run.record["overrides"]
        ]

    def villages(self, which: str):
        return [
            v["text"][self.lang]
            for v in self.run.record["villages"][which]
            if not self.commune or self._village_commune(v["village"]) == self.commune
        ]

    @property
    def none_villages(self):
        return self.villages("none")

    @property
    def over_villages(self):
        return self.villages("over")

    def _village_commune(self, village: str) -> str | None:
        if not hasattr(self, "_vc"):
            self._vc = {a["village"]: a["commune"] for a in self.activities.values() if a["village"]}
        return self._vc.get(village)


def _kind_label(kind: str, lang: str) -> str:
    from sedp.core.funding import SourceKind

    return SourceKind(kind).label(lang)


@login_required
def integration(request, pk: int):
    plan = _plan(request, pk)
    # The runs' list without their records (each can be megabytes at a province's size); the chosen one in full.
    runs = list(plan.integration_runs.select_related("created_by").defer("record").order_by("-number"))
    chosen = query.number(request, "run")
    run = next((r for r in runs if r.number == chosen), runs[0] if runs else None)
    if run is not None:
        run = IntegrationRun.objects.select_related("plan__unit").get(pk=run.pk)
    srcs = FundingSource.objects.filter(unit=plan.unit, year=plan.year_from).aggregate(
        n=Count("id"), total=Sum("amount")
    )
    context = {
        "plan": plan,
        "runs": runs,
        "run": run,
        "sources": srcs,
        "can_change": can(request.user, Action.CHANGE, plan),
    }
    if run is not None:
        view = RunView(run, _lang(), query.text(request, "commune"))
        unfunded = Paginator(view.unfunded, PAGE).get_page(query.page(request))
        context.update(view=view, unfunded=unfunded, latest=run.pk == runs[0].pk)
    return render(request, "funding/integration.html", context)


@login_required
@require_POST
def run_new(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    base = None
    if request.POST.get("from"):
        base = get_object_or_404(IntegrationRun, plan=plan, pk=request.POST["from"])
    try:
        run = actions.run_integration(plan, actor=request.user, overrides_from=base)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("funding:integration", plan.pk)
    messages.success(request, _("Run %(n)d is done.") % {"n": run.number})
    return redirect(reverse("funding:integration", args=[plan.pk]) + f"?run={run.number}")


@login_required
def override(request, run_pk: int, activity_pk: int):
    run = _run(request, run_pk, Action.CHANGE)
    view = RunView(run, _lang())
    activity = view.activities.get(str(activity_pk))
    if activity is None:
        raise Http404
    source_ids = [int(s["id"]) for s in run.record["inputs"]["sources"]]
    form = OverrideForm(request.POST or None, sources=FundingSource.objects.filter(pk__in=source_ids))
    if request.method == "POST" and form.is_valid():
        try:
            done = actions.add_override(
                run,
                actor=request.user,
                activity_id=activity_pk,
                action=form.cleaned_data["action"],
                source=form.cleaned_data["source"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if done.refused:
                messages.error(request, done.refused)
            else:
                messages.success(request, _("The change is applied."))
            return redirect(reverse("funding:integration", args=[run.plan_id]) + f"?run={run.number}")
    paid = [
        {"name": view.source_names[sid], "amount": _money(x)}
        for sid, x in view.paid.get(str(activity_pk), [])
    ]
    return render(
        request,
        "funding/override.html",
        {"run": run, "plan": run.plan, "activity": activity, "text": view.text(str(activity_pk)), "paid": paid,
         "form": form},
    )  # fmt: skip


@login_required
@require_POST
def apply(request, run_pk: int):
    run = _run(request, run_pk, Action.CHANGE)
    try:
        funded = actions.apply_run(run, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Run %(n)d is applied: %(funded)d activities are funded; the villages' pages show each decision."
            )
            % {"n": run.number, "funded": funded},
        )
    return redirect(reverse("funding:integration", args=[run.plan_id]) + f"?run={run.number}")


@login_required
def compare(request, pk: int):
    plan = _plan(request, pk)
    runs = list(plan.integration_runs.defer("record").order_by("-number"))
    by_number = {r.number: r for r in runs}
    a = by_number.get(query.number(request, "a")) or (runs[1] if len(runs) > 1 else None)
    b = by_number.get(query.number(request, "b")) or (runs[0] if runs else None)
    if a is not None and b is not None and a != b:
        full = IntegrationRun.objects.in_bulk([a.pk, b.pk])
        a, b = full[a.pk], full[b.pk]
    context = {"plan": plan, "runs": runs, "a": a, "b": b}
    if a is not None and b is not None and a != b:
        lang = _lang()
        result = actions.compare(a, b)
        va, vb = RunView(a, lang), RunView(b, lang)
        names = {**va.source_names, **vb.source_names}
        acts = {**va.activities, **vb.activities}

        def parts(ps):
            return ", ".join(f"{names[sid]} ({_fmt(x)})" for sid, x in ps)

        context.update(
            newly_funded=[{"activity": acts[i], "text": vb.text(i)} for i in result.newly_funded],
            newly_unfunded=[{"activity": acts[i], "text": vb.text(i)} for i in result.newly_unfunded],
            moved=[{"activity": acts[i], "before": parts(pa), "after": parts(pb)} for i, pa, pb in result.moved],
            added=[acts[i] for i in result.added],
            removed=[acts[i] for i in result.removed],
            totals=[
                {"name": names[t.source_id], "amount": t.amount, "spent": t.spent, "left": t.left,
                 "change": t.change}
                for t in result.totals
            ],
            unchanged=result.unchanged,
        )  # fmt: skip
    return render(request, "funding/compare.html", context)


def _fmt(x) -> str:
    from sedp.core.money import format_vnd

    return format_vnd(x)
