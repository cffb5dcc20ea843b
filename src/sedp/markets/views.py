"""Pages of market information (a commune's prices, their chart, the monthly bulletin) and of a commune plan's value
chains (candidates and their ranking by the men's and women's groups, a chosen chain's analysis and what goes into
the plan). Reads go through the permission policy (outsiders get 404 on a plan's chains); writes are POST-only and
done by `actions`, which refuse them once the plan has left the editable states."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, can
from sedp.accounts.roles import Action
from sedp.exports import printing
from sedp.exports.printing import print_csp
from sedp.meetings.fields import add_errors
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.logframe import actions as lf
from sedp.plans.models import Kind, Plan

from . import actions, analysis, charts, importer, notice
from .forms import (
    ROW_FORMS,
    CandidateForm,
    ChainForm,
    ImportForm,
    PriceForm,
    SheetForm,
    StageNotesForm,
)
from .models import (
    Candidate,
    ChainScoreSheet,
    Market,
    PriceObservation,
    Product,
    Stage,
    ValueChain,
)

PDF = "application/pdf"
ANCHORS = {"actor": "actors", "supporter": "supporters", "activity": "activities", "indicator": "indicators"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- query strings ---------------------------------------------------------------------------------------------


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _month(request) -> tuple[int, int]:
    """`?month=2026-12`; this month when absent; anything else refused (400), saying how to write it."""
    raw = query.text(request, "month", chars=10, words=1)
    if not raw:
        today = timezone.localdate()
        return today.year, today.month
    m = _MONTH.match(raw)
    if not m or not (2000 <= int(m.group(1)) <= 2100 and 1 <= int(m.group(2)) <= 12):
        raise query.BadQuery("month", _("The month is written as year-month, e.g. 2026-12."))
    return int(m.group(1)), int(m.group(2))


# --- a commune's prices -------------------------------------------------------------------------------------------


def _commune(request, unit_pk: int, action=Action.VIEW) -> Unit:
    unit = access(request.user, Unit.objects.select_related("parent"), action, pk=unit_pk)
    if unit.level != Level.COMMUNE:
        raise Http404
    return unit


def _prices_context(request, unit: Unit, form=None) -> dict:
    products = list(Product.objects.filter(unit=unit))
    markets = list(Market.objects.filter(unit=unit))
    product = next(
        (p for p in products if p.pk == query.ident(request, "product")), products[0] if products else None
    )
    market = next((m for m in markets if m.pk == query.ident(request, "market")), None)
    measure = query.choice(
        request, "measure", dict(PriceObservation._meta.get_field("measure").choices), "kg"
    )
    chart = None
    if product is not None:
        chart = charts.series_chart(analysis.series(unit, product, market, measure), dict(Stage.choices))
    can_change = can(request.user, Action.CHANGE, unit)
    return {
        "unit": unit,
        "products": products,
        "markets": markets,
        "product": product,
        "market": market,
        "measure": measure,
        "measures": PriceObservation._meta.get_field("measure").choices,
        "chart": chart,
        "recent": PriceObservation.objects.filter(unit=unit).select_related("product", "market")[:60],
        "can_change": can_change,
        "form": form or (PriceForm(initial={"observed_on": timezone.localdate()}) if can_change else None),
    }


def prices(request, unit_pk: int):
    unit = _commune(request, unit_pk)
    return render(request, "markets/prices.html", _prices_context(request, unit))


@login_required
@require_POST
def price_add(request, unit_pk: int):
    unit = _commune(request, unit_pk, Action.CHANGE)
    form = PriceForm(request.POST)
    if form.is_valid():
        try:
            actions.add_price(unit, actor=request.user, submission=form.submission_token, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The price is saved."))
            return redirect("markets:prices", unit_pk=unit.pk)
    return render(request, "markets/prices.html", _prices_context(request, unit, form), status=422)


@login_required
@require_POST
def price_delete(request, pk: int):
    row = access(request.user, PriceObservation.objects.select_related("unit"), Action.CHANGE, pk=pk)
    unit_pk = row.unit_id
    actions.delete_price(row, actor=request.user)
    messages.success(request, _("The price is deleted."))
    return redirect("markets:prices", unit_pk=unit_pk)


@login_required
def price_import(request, unit_pk: int):
    unit = _commune(request, unit_pk, Action.CHANGE)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importer.import_prices(unit, upload, filename=upload.name, actor=request.user)
        if report.ok:
            messages.success(request, _("%(count)s prices imported.") % {"count": report.saved})
            return redirect("markets:prices", unit_pk=unit.pk)
    status = 422 if report is not None or form.errors else 200
    return render(
        request, "markets/import.html", {"unit": unit, "form": form, "report": report}, status=status
    )


def price_template(request, unit_pk: int):
    unit = _commune(request, unit_pk)
    response = HttpResponse(importer.template_bytes(unit), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-gia-ca-{unit.pk}.xlsx"'
    return response


# --- the monthly bulletin -------------------------------------------------------------------------------------------


def _bulletin(request, unit_pk: int):
    unit = _commune(request, unit_pk)
    year, month = _month(request)
    return unit, year, month, analysis.bulletin(unit, year, month)


def bulletin(request, unit_pk: int):
    unit, year, month, rows = _bulletin(request, unit_pk)
    py, pm = analysis.previous_month(year, month)
    ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
    query = f"?month={year}-{month:02d}"
    return render(
        request,
        "markets/bulletin.html",
        {
            "unit": unit,
            "rows": rows,
            "year": year,
            "month": month,
            "previous": f"{py}-{pm:02d}",
            "next": f"{ny}-{nm:02d}",
            "notice_url": reverse("markets:bulletin_notice", args=[unit.pk]) + query,
            "pdf_url": reverse("markets:bulletin_pdf", args=[unit.pk]) + query,
        },
    )


@print_csp
def bulletin_notice(request, unit_pk: int):
    unit, year, month, rows = _bulletin(request, unit_pk)
    query = f"?month={year}-{month:02d}"
    toolbar = printing.toolbar(
        request,
        [
            (_("Download the PDF"), reverse("markets:bulletin_pdf", args=[unit.pk]) + query),
            (_("Back to the bulletin"), reverse("markets:bulletin", args=[unit.pk]) + query),
        ],
    )
    return HttpResponse(notice.render_html(unit, rows, year, month, timezone.localdate(), toolbar=toolbar))


def bulletin_pdf(request, unit_pk: int):
    unit, year, month, rows = _bulletin(request, unit_pk)
    response = HttpResponse(
        notice.render_pdf(unit, rows, year, month, timezone.localdate()), content_type=PDF
    )
    response["Content-Disposition"] = f'inline; filename="ban-tin-gia-{year}-{month:02d}-{unit.pk}.pdf"'
    return response


# --- a plan's value chains ----------------------------------------------------------------------------------------


def _plan(request, pk: int, action=Action.VIEW) -> Plan:
    plan = access(request.user, Plan.objects.select_related("unit"), action, pk=pk)
    if plan.kind != Kind.COMMUNE_ANNUAL:
        raise Http404
    return plan


def _editable(request, plan: Plan) -> bool:
    return plan.is_editable and can(request.user, Action.CHANGE, plan)


def _plan_context(request, plan: Plan, **bound) -> dict:
    editable = _editable(request, plan)
    criteria = list(plan.chain_criteria.all())
    try:
        result = analysis.rank_plan(plan)
        error = ""
    except ValueError as exc:
        result, error = None, str(exc)
    chains = {c.candidate_id: c for c in plan.value_chains.all()}
    candidates = list(plan.chain_candidates.select_related("product"))
    for c in candidates:
        c.value_chain = chains.get(c.pk)
    return {
        "plan": plan,
        "tab": "markets",
        "criteria": criteria
        or [{"name": c.label_vi, "weight": c.weight, "pk": None} for c in analysis.core_criteria(plan)],
        "stored_criteria": bool(criteria),
        "candidates": candidates,
        "sheets": list(plan.chain_sheets.all()),
        "result": result,
        "error": error,
        "editable": editable,
        "products": Product.objects.filter(unit=plan.unit),
        "candidate_form": bound.get("candidate") or (CandidateForm() if editable else None),
        "sheet_form": bound.get("sheet") or (SheetForm() if editable else None),
        "weights_errors": bound.get("weights_errors", []),
    }


def plan_page(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "markets/plan.html", _plan_context(request, plan))


def _refuse_locked(request, plan: Plan, back=None):
    """A redirect back (to the plan's value chains, or to `back`) saying why, when the plan can no longer change."""
    try:
        lf.refuse_unless_editable(plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return back or redirect("markets:plan", pk=plan.pk)
    return None


@login_required
@require_POST
def candidate_add(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if refused := _refuse_locked(request, plan):
        return refused
    form = CandidateForm(request.POST)
    if form.is_valid():
        try:
            actions.add_candidate(plan, actor=request.user, **form.cleaned_data)
            return redirect(reverse("markets:plan", args=[plan.pk]) + "#candidates")
        except ValidationError as exc:
            add_errors(form, exc)
    return render(request, "markets/plan.html", _plan_context(request, plan, candidate=form), status=422)


@login_required
@require_POST
def candidate_remove(request, pk: int):
    return _remove_from_plan(request, Candidate, pk, actions.remove_candidate, "#candidates")


def _remove_from_plan(request, model, pk: int, remove, anchor: str):
    """Remove a row of the plan's value-chain page (a candidate, a score sheet), then back to that part of the page;
    a refusal (the plan no longer editable, a chain built on it) is said there."""
    row = access(request.user, model.objects.select_related("plan"), Action.CHANGE, pk=pk)
    try:
        remove(row, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("markets:plan", args=[row.plan_id]) + anchor)


@login_required
@require_POST
def weights(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if refused := _refuse_locked(request, plan):
        return refused
    values, errors = {}, []
    for c in actions.criteria_of(plan) if plan.chain_criteria.exists() else []:
        raw = request.POST.get(f"w{c.pk}", "").strip()
        if not raw.isdigit() or int(raw) > 100:
            errors.append(_("“%(name)s”: a weight is a whole number from 0 to 100.") % {"name": c.name})
        else:
            values[c.pk] = int(raw)
    if not errors:
        try:
            actions.set_weights(plan, actor=request.user, weights=values)
            return redirect(reverse("markets:plan", args=[plan.pk]) + "#criteria")
        except ValidationError as exc:
            errors = exc.messages
    return render(
        request, "markets/plan.html", _plan_context(request, plan, weights_errors=errors), status=422
    )


@login_required
@require_POST
def sheet_add(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if refused := _refuse_locked(request, plan):
        return refused
    form = SheetForm(request.POST)
    if form.is_valid():
        try:
            sheet = actions.add_sheet(plan, actor=request.user, **form.cleaned_data)
            return redirect("markets:sheet", pk=sheet.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(request, "markets/plan.html", _plan_context(request, plan, sheet=form), status=422)


def _sheet_page(request, sheet: ChainScoreSheet, typed: dict | None = None, errors: list | None = None):
    plan = sheet.plan
    candidates = list(plan.chain_candidates.select_related("product"))
    criteria = list(plan.chain_criteria.all())
    stored = {(s.candidate_id, s.criterion_id): s.value for s in sheet.scores.all()}
    typed = typed or {}
    rows = []
    for cand in candidates:
        cells = []
        for crit in criteria:
            name = f"s{cand.pk}_{crit.pk}"
            cells.append((crit, name, typed.get(name, stored.get((cand.pk, crit.pk), ""))))
        rows.append((cand, cells))
    return render(
        request,
        "markets/sheet.html",
        {
            "plan": plan,
            "tab": "markets",
            "sheet": sheet,
            "rows": rows,
            "errors": errors or [],
            "editable": _editable(request, plan),
        },
        status=422 if errors else 200,
    )


def sheet(request, pk: int):
    sheet = access(request.user, ChainScoreSheet.objects.select_related("plan__unit"), pk=pk)
    return _sheet_page(request, sheet)


@login_required
@require_POST
def sheet_save(request, pk: int):
    sheet = access(request.user, ChainScoreSheet.objects.select_related("plan__unit"), Action.CHANGE, pk=pk)
    plan = sheet.plan
    if refused := _refuse_locked(request, plan):
        return refused
    values, typed, errors = {}, {}, []
    for cand in plan.chain_candidates.select_related("product"):
        for crit in plan.chain_criteria.all():
            name = f"s{cand.pk}_{crit.pk}"
            raw = request.POST.get(name, "").strip()
            typed[name] = raw
            if not raw:
                values[cand.pk, crit.pk] = None
            elif not re.fullmatch(r"-?\d{1,3}", raw):
                errors.append(
                    _("“%(product)s”, “%(criterion)s”: “%(value)s” is not a whole number.")
                    % {"product": cand.product.name, "criterion": crit.name, "value": raw[:20]}
                )
            else:
                values[cand.pk, crit.pk] = int(raw)
    if not errors:
        try:
            actions.save_scores(sheet, actor=request.user, values=values)
            messages.success(request, _("The scores are saved."))
            return redirect(reverse("markets:plan", args=[plan.pk]) + "#ranking")
        except ValidationError as exc:
            errors = exc.messages
    return _sheet_page(request, sheet, typed, errors)


@login_required
@require_POST
def sheet_delete(request, pk: int):
    return _remove_from_plan(request, ChainScoreSheet, pk, actions.delete_sheet, "#ranking")


@login_required
@require_POST
def choose(request, pk: int):
    cand = access(request.user, Candidate.objects.select_related("plan"), Action.CHANGE, pk=pk)
    try:
        chain = actions.choose_chain(cand, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("markets:plan", pk=cand.plan_id)
    return redirect("markets:chain", pk=chain.pk)


# --- a chain ------------------------------------------------------------------------------------------------------


def _chain(request, pk: int, action=Action.VIEW) -> ValueChain:
    return access(
        request.user,
        ValueChain.objects.select_related("plan__unit", "candidate__product", "market"),
        action,
        pk=pk,
    )


def _chain_context(request, chain: ValueChain, *, bound: dict | None = None, edit: str = "") -> dict:
    plan = chain.plan
    editable = _editable(request, plan)
    result, stages = analysis.analyse_chain(chain)
    bound = bound or {}
    markets = Market.objects.filter(unit=plan.unit)
    context = {
        "plan": plan,
        "tab": "markets",
        "chain": chain,
        "analysis": result,
        "stages": stages,
        "chain_map": charts.chain_map(stages, chain.measure),
        "supporters": list(chain.supporters.all()),
        "activities": list(chain.activities.select_related("activity")),
        "indicators": list(chain.indicators.select_related("indicator")),
        "actors": list(chain.actors.all()),
        "editable": editable,
        "prices_url": reverse("markets:prices", args=[plan.unit_id])
        + f"?product={chain.candidate.product_id}",
    }
    if not editable:
        return context
    context["chain_form"] = bound.get("chain") or ChainForm(
        markets=markets,
        initial={
            "measure": chain.measure,
            "market": chain.market_id,
            "price_from": chain.price_from,
            "price_to": chain.price_to,
        },
    )
    notes = {s.stage: s for s in stages}
    context["note_forms"] = [
        (
            s,
            bound.get(f"stage-{s.stage}")
            or StageNotesForm(
                initial={
                    "constraints": notes[s.stage].constraints,
                    "opportunities": notes[s.stage].opportunities,
                },
                prefix=s.stage,
            ),
        )
        for s in stages
    ]
    for kind, (_model, form_class) in ROW_FORMS.items():
        context[f"add_{kind}"] = bound.get(f"add-{kind}") or form_class(prefix=f"add-{kind}")
    if edit:
        kind, _sep, raw = edit.partition("-")
        if kind in ROW_FORMS and raw.isdigit() and len(raw) < 12:
            model, form_class = ROW_FORMS[kind]
            row = model.objects.filter(chain=chain, pk=int(raw)).first()
            if row is not None:
                context["edit"] = edit
                context["edit_kind"] = kind
                context["edit_row"] = row
                context["edit_form"] = bound.get(edit) or form_class(instance=row, prefix=edit)
    return context


def chain(request, pk: int):
    chain = _chain(request, pk)
    edit = query.text(request, "edit", chars=40, words=1)
    return render(request, "markets/chain.html", _chain_context(request, chain, edit=edit))


def _chain_refused(request, chain: ValueChain):
    return _refuse_locked(request, chain.plan, redirect("markets:chain", pk=chain.pk))


@login_required
@require_POST
def chain_update(request, pk: int):
    chain = _chain(request, pk, Action.CHANGE)
    if refused := _chain_refused(request, chain):
        return refused
    form = ChainForm(request.POST, markets=Market.objects.filter(unit=chain.plan.unit))
    if form.is_valid():
        try:
            actions.update_chain(chain, actor=request.user, **form.cleaned_data)
            return redirect(reverse("markets:chain", args=[chain.pk]) + "#prices")
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request, "markets/chain.html", _chain_context(request, chain, bound={"chain": form}), status=422
    )


@login_required
@require_POST
def stage_notes(request, pk: int, stage: str):
    chain = _chain(request, pk, Action.CHANGE)
    if stage not in Stage.values:
        raise Http404
    if refused := _chain_refused(request, chain):
        return refused
    form = StageNotesForm(request.POST, prefix=stage)
    if form.is_valid():
        actions.save_stage_notes(chain, actor=request.user, stage=stage, **form.cleaned_data)
        return redirect(reverse("markets:chain", args=[chain.pk]) + f"#stage-{stage}")
    return render(
        request,
        "markets/chain.html",
        _chain_context(request, chain, bound={f"stage-{stage}": form}),
        status=422,
    )


@login_required
@require_POST
def row_save(request, pk: int, kind: str, row_pk: int | None = None):
    chain = _chain(request, pk, Action.CHANGE)
    if kind not in ROW_FORMS:
        raise Http404
    if refused := _chain_refused(request, chain):
        return refused
    model, form_class = ROW_FORMS[kind]
    instance = get_object_or_404(model, chain=chain, pk=row_pk) if row_pk else model(chain=chain)
    key = f"{kind}-{row_pk}" if row_pk else f"add-{kind}"
    form = form_class(request.POST, instance=instance, prefix=key)
    if form.is_valid():
        row = form.save(commit=False)
        row.chain = chain
        try:
            actions.save_row(row, actor=request.user)
            return redirect(reverse("markets:chain", args=[chain.pk]) + f"#{ANCHORS[kind]}")
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "markets/chain.html",
        _chain_context(request, chain, bound={key: form}, edit=key if row_pk else ""),
        status=422,
    )


@login_required
@require_POST
def row_delete(request, pk: int, kind: str, row_pk: int):
    chain = _chain(request, pk, Action.CHANGE)
    if kind not in ROW_FORMS:
        raise Http404
    if refused := _chain_refused(request, chain):
        return refused
    row = get_object_or_404(ROW_FORMS[kind][0], chain=chain, pk=row_pk)
    actions.delete_row(row, actor=request.user)
    return redirect(reverse("markets:chain", args=[chain.pk]) + f"#{ANCHORS[kind]}")


@login_required
@require_POST
def chain_delete(request, pk: int):
    chain = _chain(request, pk, Action.CHANGE)
    plan_pk = chain.plan_id
    try:
        actions.delete_chain(chain, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("markets:chain", pk=chain.pk)
    return redirect("markets:plan", pk=plan_pk)


@login_required
@require_POST
def carry(request, pk: int):
    chain = _chain(request, pk, Action.CHANGE)
    try:
        counts = actions.carry_into_plan(chain, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("markets:chain", pk=chain.pk)
    if any(counts.values()):
        messages.success(
            request,
            _(
                "Carried into the plan: %(aa)s activities added, %(au)s updated; %(ia)s indicators added, %(iu)s updated."
            )
            % {
                "aa": counts["activities_added"],
                "au": counts["activities_updated"],
                "ia": counts["indicators_added"],
                "iu": counts["indicators_updated"],
            },
        )
    else:
        messages.info(
            request, _("The plan already holds this chain's activities and indicators as they are.")
        )
    return redirect(reverse("markets:chain", args=[chain.pk]) + "#plan")
