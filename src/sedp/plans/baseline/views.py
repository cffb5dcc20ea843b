"""Pages of a village's Biểu 1/2 figures for a plan year (owned by sedp.plans.baseline.figures).

A village head (or the commune team for the village) types the figures on a page that works on a phone, with last
year's value beside each input, or imports the Biểu 1/2 workbook; the commune's page shows which villages still
miss which measures and takes the villages' workbooks in one upload. Who may see a unit's figures: people working
in it or above it (the village head their own village, the commune team its villages); anyone else gets 404.
Writes need Action.CHANGE on the unit (403 otherwise) and go through `actions.set_figures`, audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp.accounts.policy import can, restrict
from sedp.accounts.roles import Action
from sedp.core.calendar import planning_year
from sedp.meetings.fields import add_errors
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans import actions
from sedp.plans.forms import FiguresForm, FiguresImportForm
from sedp.plans.models import Figure, Kind, Plan
from sedp.plans.views import XLSX

from . import figures as baseline


def _unit(request, unit_pk: int, year: int | None = None) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=unit_pk)
    if unit.level not in (Level.VILLAGE, Level.COMMUNE) or not can(request.user, Action.VIEW, unit):
        raise Http404
    if year is not None and not 2000 <= year <= 2100:
        raise Http404
    return unit


def _villages_to_fill(request, unit: Unit) -> list[Unit]:
    """The villages whose figures the reader may fill from a file: the village itself, or the commune's."""
    if unit.level == Level.VILLAGE:
        return [unit] if can(request.user, Action.CHANGE, unit) else []
    villages = Unit.objects.filter(parent=unit, is_legacy=unit.is_legacy)
    return [v for v in villages if can(request.user, Action.CHANGE, v)]


@login_required
def current(request, unit_pk: int):
    _unit(request, unit_pk)
    return redirect("plans:figures", unit_pk=unit_pk, year=planning_year(timezone.localdate()))


def _context(request, unit: Unit, year: int, **extra) -> dict:
    context = {
        "unit": unit,
        "year": year,
        "can_change": can(request.user, Action.CHANGE, unit),
        "import_form": extra.pop("import_form", None) or FiguresImportForm(),
        **extra,
    }
    if "lines" in extra:
        context["missing"] = [line for line in extra["lines"] if line.missing]
        context["targets_missing"] = [line for line in extra["lines"] if line.target_missing]
    if unit.level == Level.COMMUNE:
        status = baseline.villages_status(unit, year)
        context["status"] = status
        context["complete"] = sum(1 for s in status if s.complete)
        context["commune_plan"] = (
            restrict(Plan.objects.filter(unit=unit, kind=Kind.COMMUNE_ANNUAL, year_from=year), request.user)
            .order_by("-version")
            .first()
        )
    return context


@login_required
def figures(request, unit_pk: int, year: int):
    unit = _unit(request, unit_pk, year)
    if unit.level == Level.COMMUNE:
        return render(request, "plans/baseline/commune.html", _context(request, unit, year))
    lines = baseline.lines(unit, year, restrict(Figure.objects.all(), request.user))
    form = FiguresForm(request.POST or None, lines=lines)
    if request.method == "POST":
        if not can(request.user, Action.CHANGE, unit):
            raise PermissionDenied
        if form.is_valid():
            try:
                changed = actions.set_figures(unit, year, form.entries(), actor=request.user)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Figures saved (%(n)d changed).") % {"n": changed}
                    if changed
                    else _("Nothing had changed."),
                )
                return redirect("plans:figures", unit_pk=unit.pk, year=year)
    return render(
        request, "plans/baseline/village.html", _context(request, unit, year, form=form, lines=lines)
    )


@login_required
@require_POST
def import_figures(request, unit_pk: int, year: int):
    unit = _unit(request, unit_pk, year)
    villages = _villages_to_fill(request, unit)
    if not villages:
        raise PermissionDenied
    form = FiguresImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        files = [(f.name, f) for f in form.cleaned_data["files"]]
        try:
            report = baseline.import_files(files, year, villages, actor=request.user)
        except ValidationError as exc:
            report = baseline.ImportReport(errors=list(exc.messages))
        if report.ok:
            messages.success(
                request,
                _("Imported the figures of %(villages)s: %(cells)d cells read, %(changed)d measures changed.")
                % {
                    "villages": ", ".join(v.name for v in report.villages),
                    "cells": report.cells,
                    "changed": report.changed,
                },
            )
            return redirect("plans:figures", unit_pk=unit.pk, year=year)
    extra = {"import_form": form, "report": report}
    if unit.level == Level.COMMUNE:
        return render(request, "plans/baseline/commune.html", _context(request, unit, year, **extra))
    lines = baseline.lines(unit, year)
    return render(
        request,
        "plans/baseline/village.html",
        _context(
            request,
            unit,
            year,
            form=FiguresForm(lines=lines),
            lines=lines,
            **extra,
        ),
    )


@login_required
def workbook(request, unit_pk: int, year: int):
    unit = _unit(request, unit_pk, year)
    if unit.level != Level.VILLAGE:
        raise Http404
    response = HttpResponse(baseline.export_workbook(unit, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{baseline.filename(unit, year)}"'
    return response
