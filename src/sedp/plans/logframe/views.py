"""Pages of a plan's logframe (key targets, objectives, results, indicators, activities, the SMART checks and the
quarterly Gantt chart), and its documents (.docx, .pdf).

The editor is one page: add forms under each part, an "edit" link that opens a row's form in place (htmx swaps
the page body; without JavaScript the same link reloads the page with that form open). Writes are POST-only; an
htmx request gets the page body back, a plain one a redirect — or, on an error, the page with the form as typed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, can
from sedp.accounts.roles import Action
from sedp.audit.guards import Stale
from sedp.core.logframe import gantt_rows, smart_warnings
from sedp.core.text import fold
from sedp.exports.documents import (
    budget_amounts,
    date_line,
    number_line,
    render_docx,
    render_pdf,
    signer_lines,
)
from sedp.needs.models import Sector
from sedp.plans.models import Activity, Indicator, KeyTarget, Objective, Plan, Result

from . import actions as lf
from .forms import (
    ActivityForm,
    HeaderForm,
    IndicatorForm,
    KeyTargetForm,
    ObjectiveForm,
    ResultForm,
    row_key,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    add: object
    update: object


KINDS = {
    "keytarget": Kind(KeyTarget, KeyTargetForm, lf.add_key_target, lf.update_key_target),
    "objective": Kind(Objective, ObjectiveForm, lf.add_objective, lf.update_objective),
    "result": Kind(Result, ResultForm, lf.add_result, lf.update_result),
    "indicator": Kind(Indicator, IndicatorForm, lf.add_indicator, lf.update_indicator),
    "activity": Kind(Activity, ActivityForm, lf.add_activity, lf.update_activity),
}


def _plan(request, pk, action=Action.VIEW) -> Plan:
    return access(request.user, Plan.objects.select_related("unit"), action, pk=pk)


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise Http404
    return KINDS[name]


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --- what the page shows ---------------------------------------------------------------------------------------


@dataclass
class ResultView:
    row: Result
    indicators: list
    activities: list


@dataclass
class ObjectiveView:
    row: Objective
    indicators: list
    results: list = field(default_factory=list)


@dataclass
class SectorView:
    number: str
    name: str
    objectives: list


def _choices(rows: lf.Rows, sectors: list[Sector]) -> dict:
    return {
        "sector": [(str(s.pk), s, s.name) for s in sectors],
        "objective": [(str(o.pk), o, f"{o.number}. {_short(o.text)}") for o in rows.objectives],
        "result": [(str(r.pk), r, f"{r.number}. {_short(r.output)}") for r in rows.results],
        "parent": [
            (row_key(k), k, f"{_('Key target')} {n}: {_short(k.text)}")
            for n, k in enumerate(rows.key_targets, 1)
        ]
        + [(row_key(o), o, f"{_('Objective')} {o.number}: {_short(o.text)}") for o in rows.objectives]
        + [(row_key(r), r, f"{_('Result')} {r.number}: {_short(r.output)}") for r in rows.results],
    }


def _anchors(rows: lf.Rows) -> dict[str, str]:
    """Where a SMART warning points ('key target 2', 'result 3', 'activity 14') → the row's id on the page."""
    out = {f"key target {n}": row_key(k) for n, k in enumerate(rows.key_targets, start=1)}
    for kind, items in (
        ("objective", rows.objectives),
        ("result", rows.results),
        ("activity", rows.activities),
    ):
        for item in items:
            out.setdefault(f"{kind} {item.number}", row_key(item))
    return out


def _anchor(where: str, anchors: dict[str, str]) -> str:
    found = ""
    for part in where.split(" / "):
        found = anchors.get(part, found)
    return found or {"activities": "gantt", "budget": "header"}.get(where, "")


def _decorate(rows: lf.Rows) -> None:
    """What the templates need on each row: its id on the page, its kind for URLs, figures without trailing zeros."""
    for row in [*rows.key_targets, *rows.objectives, *rows.results, *rows.indicators, *rows.activities]:
        row.key, row.lf_kind = row_key(row), row._meta.model_name
    for i in rows.indicators:
        i.baseline_v, i.target_v = lf.figure(i.baseline), lf.figure(i.target)
        i.unit_suffix = "" if not i.unit else i.unit if i.unit == "%" else f" {i.unit}"
    for a in rows.activities:
        a.quarter_labels = ", ".join(lf.roman(q) for q in sorted(a.quarters))


def _form(kind: Kind, key: str, choices: dict, *args, **kwargs):
    extra = {} if kind.form is KeyTargetForm else {"choices": choices}
    form = kind.form(*args, **extra, **kwargs)
    form.auto_id = f"{key}-%s"
    return form


def _context(request, plan: Plan, *, bound: dict | None = None, edit: str = "") -> dict:
    """Everything the page shows, in a fixed number of queries. `bound`: {form key: bound form} to show with its
    errors ('header', 'add-<kind>' or '<kind>-<pk>'); `edit`: the '<kind>-<pk>' whose form is open."""
    rows = lf.fetch_rows(plan, with_needs=True)
    _decorate(rows)
    core = lf.build_core(plan, rows)
    vietnamese = (get_language() or "vi").startswith("vi")
    anchors = _anchors(rows)
    warnings = [
        (_anchor(w.where, anchors), w.message_vi if vietnamese else w.message_en)
        for w in smart_warnings(core)
    ]
    tree = []
    for number, name, objectives in lf.sectors_of(rows):
        views = []
        for o in objectives:
            results = [
                ResultView(r, rows.indicators_of("result_id", r.pk), rows.activities_of(r.pk))
                for r in rows.results
                if r.objective_id == o.pk
            ]
            views.append(ObjectiveView(o, rows.indicators_of("objective_id", o.pk), results))
        tree.append(SectorView(number, name, views))
    editable = plan.is_editable and can(request.user, Action.CHANGE, plan)
    header = (bound or {}).get("header")
    typed = header.data if header is not None else None
    context = {
        "plan": plan,
        "tab": "logframe",
        "page": reverse("plans:logframe", args=[plan.pk]),
        "core": core,
        "warnings": warnings,
        "key_targets": [(k, rows.indicators_of("key_target_id", k.pk)) for k in rows.key_targets],
        "tree": tree,
        "loose": rows.activities_of(None),
        "gantt": gantt_rows(core),
        "budget": _budget(plan, core),
        "preview": _preview(plan, typed),
        "editable": editable,
        "edit": "",
        "open": "",
    }
    if not editable:
        return context
    bound = bound or {}
    for key, form in bound.items():
        form.auto_id = f"{key}-%s"
    choices = _choices(rows, list(Sector.for_unit(plan.unit)))
    context["header_form"] = bound.get("header") or HeaderForm(
        initial={**HeaderForm.initial_for(plan), "version": lf.version_of(plan)}, auto_id="header-%s"
    )
    for name, kind in KINDS.items():
        context[f"add_{name}"] = bound.get(f"add-{name}") or _form(kind, f"add-{name}", choices)
    by_key = {r.key: r for r in [*rows.key_targets, *rows.objectives, *rows.results, *rows.indicators]}
    by_key.update({a.key: a for a in rows.activities})
    key = next((k for k in bound if k in by_key), edit if edit in by_key else "")
    if key:
        row, kind = by_key[key], KINDS[by_key[key].lf_kind]
        initial = {**kind.form.initial_for(row), "version": lf.version_of(row)}
        form = bound.get(key) or _form(kind, key, choices, initial=initial)
        context.update(edit=key, edit_form=form, edit_row=row)
    context["open"] = next(iter(bound), "")
    return context


def _budget(plan: Plan, core) -> dict:
    """The budget as the document prints it (by source, then the computed total), and the total typed on the plan
    when it differs from that."""
    computed = core.computed_total
    return {
        "lines": budget_amounts(core),
        "typed": plan.total_budget,
        "computed": computed,
        "differs": computed is not None and plan.total_budget is not None and computed != plan.total_budget,
    }


HEADER_FIELDS = ("doc_number", "signer_authority", "signer_title", "signer_name")


def _preview(plan: Plan, data=None) -> dict:
    """The number line and the signature block as the document will print them, from the form as typed (`data`)
    or the plan as saved."""
    if data is None:
        values = (plan.doc_number, plan.signer_authority, plan.signer_title, plan.signer_name)
    else:
        values = tuple(data.get(k, "") for k in HEADER_FIELDS)
    doc = lf.header_preview(plan, doc_number=values[0], authority=values[1], title=values[2], name=values[3])
    return {"number_line": number_line(doc), "lines": signer_lines(doc), "name": doc.signer_name}


def header_preview(request, pk: int):
    """The live preview of the number line and the signature block while the header form is typed in."""
    plan = _plan(request, pk)
    return render(
        request,
        "plans/logframe/preview.html",
        {"preview": _preview(plan, query.texts(request, HEADER_FIELDS))},
    )


def _render(request, plan: Plan, status: int = 200, **kw) -> HttpResponse:
    template = "plans/logframe/editor.html"
    if request.htmx:
        template += "#body"
    return render(request, template, _context(request, plan, **kw), status=status)


def _page_url(plan: Plan, anchor: str = "") -> str:
    return reverse("plans:logframe", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


def _done(request, plan: Plan, anchor: str = "") -> HttpResponse:
    if request.htmx:
        return _render(request, plan)
    return redirect(_page_url(plan, anchor))


def _locked(request, plan: Plan) -> HttpResponse | None:
    """A plan past the editable states: say so (the page then has no forms to show an error on)."""
    try:
        lf.refuse_unless_editable(plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _done(request, plan)
    return None


def _stale(request, plan: Plan, form, key: str, exc: Stale, stored: dict) -> HttpResponse:
    """A save from an older page, refused: who saved in between and when, their values beside the ones typed,
    and the form as typed, carrying the version saved now (409)."""
    form.show_stale(exc, stored)
    return _render(request, plan, status=409, bound={key: form})


def _refused(request, plan: Plan, form, key: str, exc: ValidationError) -> HttpResponse:
    """Put an action's refusal on the form (field errors on their field) and show the form as typed."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
    else:
        for e in exc.messages:
            form.add_error(None, e)
    return _render(request, plan, bound={key: form})


# --- views -----------------------------------------------------------------------------------------------------


def logframe(request, pk: int):
    plan = _plan(request, pk)
    return _render(request, plan, edit=query.text(request, "edit", chars=64, words=1))


def _bound(kind: Kind, request, choices: dict):
    return _form(kind, "", choices, request.POST)


def _post_choices(plan: Plan) -> dict:
    return _choices(lf.fetch_rows(plan), list(Sector.for_unit(plan.unit)))


@login_required
@require_POST
def header(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if refused := _locked(request, plan):
        return refused
    form = HeaderForm(request.POST)
    if not form.is_valid():
        return _render(request, plan, bound={"header": form})
    try:  # the page is drawn from the plan as saved (the action saves a fresh copy)
        plan = lf.update_header(plan, actor=request.user, version=form.seen_version, **form.cleaned_data)
    except Stale as exc:
        plan.refresh_from_db()
        return _stale(request, plan, form, "header", exc, HeaderForm.initial_for(plan))
    except ValidationError as exc:
        return _refused(request, plan, form, "header", exc)
    messages.success(request, _("The plan's document details are saved."))
    return _done(request, plan, "header")


@login_required
@require_POST
def add(request, pk: int, kind: str):
    spec = _kind(kind)
    plan = _plan(request, pk, Action.CHANGE)
    if refused := _locked(request, plan):
        return refused
    form = _bound(spec, request, _post_choices(plan))
    key = f"add-{kind}"
    if not form.is_valid():
        return _render(request, plan, bound={key: form})
    try:
        row = spec.add(plan, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, plan, form, key, exc)
    return _done(request, plan, row_key(row))


def _row(request, plan: Plan, spec: Kind, row_pk: int):
    return access(
        request.user, spec.model.objects.select_related("plan__unit"), Action.CHANGE, pk=row_pk, plan=plan
    )


@login_required
@require_POST
def edit(request, pk: int, kind: str, row: int):
    spec = _kind(kind)
    plan = _plan(request, pk, Action.CHANGE)
    if refused := _locked(request, plan):
        return refused
    obj = _row(request, plan, spec, row)
    form = _bound(spec, request, _post_choices(plan))
    key = row_key(obj)
    if not form.is_valid():
        return _render(request, plan, bound={key: form})
    try:
        spec.update(obj, actor=request.user, version=form.seen_version, **form.cleaned_data)
    except Stale as exc:
        obj.refresh_from_db()
        return _stale(request, plan, form, key, exc, spec.form.initial_for(obj))
    except ValidationError as exc:
        return _refused(request, plan, form, key, exc)
    return _done(request, plan, key)


@login_required
@require_POST
def delete(request, pk: int, kind: str, row: int):
    spec = _kind(kind)
    plan = _plan(request, pk, Action.CHANGE)
    if refused := _locked(request, plan):
        return refused
    obj = _row(request, plan, spec, row)
    try:
        lf.delete_row(obj, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _done(request, plan)


@login_required
@require_POST
def renumber(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    if refused := _locked(request, plan):
        return refused
    try:
        lf.renumber(plan, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Objectives, results and activities are numbered again in print order."))
    return _done(request, plan)


# --- documents -------------------------------------------------------------------------------------------------


def filename(plan: Plan, extension: str) -> str:
    """'ke-hoach-2010-phuong-truong-thi.pdf': ASCII only, whatever the browser."""
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in fold(plan.unit.name))
    slug = "-".join(part for part in slug.split("-") if part)
    return f"ke-hoach-{plan.year_from}-{slug}.{extension}"


def documents(request, pk: int):
    plan = _plan(request, pk)
    core = lf.to_core(plan)
    return render(
        request,
        "plans/logframe/documents.html",
        {
            "plan": plan,
            "tab": "documents",
            "core": core,
            "number_line": number_line(core),
            "date_line": date_line(core),
            "warning_count": len(smart_warnings(core)),
            "activity_count": len(core.activities),
        },
    )


# Bumped when the documents' layout changes, so that documents kept from before are not served again.
DOCUMENT_LAYOUT = 2


def document_bytes(plan: Plan, render_bytes, extension: str) -> bytes:
    """The plan's document, made once per content of the plan and kept (Django's cache: files under var/cache,
    shared by the server's workers). The document is a pure function of the plan's content as `lf.to_core` reads
    it, so the key is the plan, its version and a digest of that content: any change to a header, target,
    activity or fate makes a new key, and the old document is never served again. A .pdf of a commune plan with
    130 activities takes WeasyPrint over a second; kept, a few milliseconds."""
    core = lf.to_core(plan)
    digest = hashlib.sha256(repr(core).encode()).hexdigest()[:40]
    key = f"sedp:document:{DOCUMENT_LAYOUT}:{extension}:{plan.pk}:v{plan.version}:{get_language()}:{digest}"
    data = cache.get(key)
    if data is None:
        data = render_bytes(core)
        cache.set(key, data, timeout=30 * 24 * 3600)
    return data


def _document(request, pk: int, year: int, render_bytes, content_type: str, extension: str):
    plan = _plan(request, pk)
    if year != plan.year_from:
        raise Http404
    response = HttpResponse(document_bytes(plan, render_bytes, extension), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(plan, extension)}"'
    return response


def plan_docx(request, pk: int, year: int):
    return _document(request, pk, year, render_docx, DOCX, "docx")


def plan_pdf(request, pk: int, year: int):
    return _document(request, pk, year, render_pdf, PDF, "pdf")
