"""The evaluation page of a plan: tables and two inline SVG charts (no JavaScript; text labels, a <title> per bar),
the four written sections (a form for who may write them, read-only for the others), and the evaluation as an
official report, .docx and .pdf. A commune's plan is evaluated from its own reports, a province's or district's
from its communes' (`tables.evaluation_of`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import _ancestor_paths, access, scope
from sedp.accounts.roles import Action
from sedp.core.evaluation import ActivityStatus, band_phrase, format_percent
from sedp.core.text import fold
from sedp.meetings.fields import add_errors
from sedp.places.choices import Level
from sedp.plans.models import Plan

from . import actions, tables
from .actions import SECTION_LABELS, SECTIONS
from .charts import BADGE, BAND_LABELS, achievement_chart, number, shares_chart
from .forms import NarrativeForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _lang() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en"


def sees_monitoring(user, unit) -> bool:
    """Whether `user` reads the unit's (private) monitoring: from the unit or above it, or working under it (the
    reports are `policy_visible_from_below`) — the plan itself may be public once adopted, its reports are not."""
    if not getattr(user, "is_authenticated", False):
        return False
    allowed = scope(user, Action.VIEW)
    return allowed.covers(unit.path) or any(unit.path in _ancestor_paths(p) for p in allowed.paths)


def _plan(request, pk: int) -> Plan:
    plan = access(request.user, Plan.objects.select_related("unit__parent"), Action.VIEW, pk=pk)
    if not sees_monitoring(request.user, plan.unit):
        raise Http404
    return plan


def _period(request, plan: Plan, posted: bool = False) -> tuple[int, int]:
    """(months, year) asked for (in the query string, or the form `posted`), falling back to 6 months of the plan's
    first year (a year that is no year: 400)."""
    if posted:
        months = query.as_number(request.POST.get("months"), 6)
        year = query.as_year(request.POST.get("year"), plan.year_from)
    else:
        months = query.number(request, "months", 6)
        year = query.year(request, "year", plan.year_from)
    if months not in (6, 12):
        months = 6
    if not plan.year_from <= year <= plan.year_to:
        year = plan.year_from
    return months, year


def _decorate(ev, lang: str) -> None:
    """The texts the page prints, on the rows."""
    for row in ev.indicators:
        row.phrase = band_phrase(row.ev, lang)
        row.badge = BADGE[row.ev.band]
        row.band_label = str(BAND_LABELS[row.ev.band][0])
        row.percent = format_percent(row.ev.achieved, lang) if row.ev.reported else ""
        row.change_percent = (
            format_percent(row.ev.change_share, lang) if row.ev.change_share is not None else ""
        )
        row.baseline_text = number(row.ev.baseline, lang)
        row.target_text = number(row.ev.target, lang)
        row.actual_text = number(row.ev.actual, lang)
        row.last_text = number(row.ev.last_year, lang)
        row.change_text = "" if row.ev.change is None else number(row.ev.change, lang)
        row.ratio_text = (
            f"{number(row.from_ratio[0], lang)}/{number(row.from_ratio[1], lang)}" if row.from_ratio else ""
        )
        row.people = row.split.sentence(lang) if row.split is not None else ""
    for row in ev.activities:
        row.label = row.progress.status.label(lang)
        row.badge = BADGE[row.progress.status]
        row.quarters = sorted(row.activity.quarters)
        row.percent = (
            format_percent(row.progress.progress, lang) if row.progress.progress is not None else "–"
        )
    for row in ev.communes or ():
        row.done = row.activities.get(ActivityStatus.DONE, 0)
        row.late = row.activities.get(ActivityStatus.LATE, 0)
        row.on_track = row.bands.get(tables.Band.ON_TRACK, 0)
        row.at_risk = row.bands.get(tables.Band.AT_RISK, 0)
        row.off_track = row.bands.get(tables.Band.OFF_TRACK, 0)


def _next_plan(plan: Plan, year: int) -> Plan | None:
    """The unit's plan of the next year (its latest version), whose step 1 reads this evaluation."""
    return (
        Plan.objects.filter(unit_id=plan.unit_id, kind=plan.kind, year_from=year + 1)
        .order_by("-version", "-id")
        .first()
    )


def _page(request, plan: Plan, months: int, year: int, *, form=None, status: int = 200):
    lang = _lang()
    ev = tables.evaluation_of(plan, months, year=year)
    _decorate(ev, lang)
    may_write = actions.may_write(request.user, plan)
    if may_write and form is None:
        form = NarrativeForm(
            initial={k: getattr(ev.narrative, k) for k in SECTIONS} if ev.narrative else None
        )
    sections = [(SECTION_LABELS[k], getattr(ev.narrative, k, "") if ev.narrative else "") for k in SECTIONS]
    below = Level.DISTRICT if plan.unit.level == Level.PROVINCE and plan.unit.is_legacy else Level.COMMUNE
    return render(
        request,
        "monitoring/evaluation/page.html",
        {
            "plan": plan,
            "ev": ev,
            "months": months,
            "years": list(range(plan.year_from, plan.year_to + 1)),
            "achievement_chart": achievement_chart(ev.indicators, lang),
            "shares_chart": shares_chart(ev.shares, lang),
            "activity_counts": [(s.label(lang), ev.activity_counts.get(s, 0)) for s in ActivityStatus],
            "narrative_form": form if may_write else None,
            "sections": sections,
            "has_narrative": any(text for _label, text in sections),
            "next_plan": _next_plan(plan, year),
            "legacy_districts": below == Level.DISTRICT,
            "query": f"?year={year}&months={months}",
        },
        status=status,
    )


def evaluation(request, pk: int):
    plan = _plan(request, pk)
    months, year = _period(request, plan)
    return _page(request, plan, months, year)


@login_required
@require_POST
def narrative(request, pk: int):
    """Save the four written sections; refused (403) to who may not change the unit's reports, a text too long
    comes back on the form with everything typed kept (400)."""
    plan = _plan(request, pk)
    months, year = _period(request, plan, posted=True)
    if not actions.may_write(request.user, plan):
        raise PermissionDenied
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            actions.save_narrative(plan, year, months, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
    if form.errors:
        return _page(request, plan, months, year, form=form, status=400)
    messages.success(request, _("The evaluation is saved."))
    return redirect(reverse("evaluation:plan", args=[plan.pk]) + f"?year={year}&months={months}#narrative")


def filename(plan: Plan, months: int, year: int, extension: str) -> str:
    """'bao-cao-danh-gia-6-thang-2027-xa-ea-kao.pdf': ASCII only, whatever the browser."""
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in fold(plan.unit.name))
    slug = "-".join(part for part in slug.split("-") if part)
    period = "6-thang" if months == 6 else "ca-nam"
    return f"bao-cao-danh-gia-{period}-{year}-{slug}.{extension}"


def _document(request, pk: int, extension: str):
    from sedp.exports import evaluation_document as document

    plan = _plan(request, pk)
    months, year = _period(request, plan)
    ev = tables.evaluation_of(plan, months, year=year)
    doc = document.document_of(ev, charts=extension == "pdf")
    if extension == "pdf":
        body, content_type = document.render_pdf(doc), PDF
    else:
        body, content_type = document.render_docx(doc), DOCX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(plan, months, year, extension)}"'
    return response


def report_docx(request, pk: int):
    return _document(request, pk, "docx")


def report_pdf(request, pk: int):
    return _document(request, pk, "pdf")
