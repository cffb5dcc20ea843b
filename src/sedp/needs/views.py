from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, access_unit_data, can, restrict
from sedp.accounts.roles import Action
from sedp.audit.guards import Stale
from sedp.meetings.fields import add_errors
from sedp.meetings.models import Meeting
from sedp.places.models import Unit

from . import actions
from .forms import (
    CriterionForm,
    FindingForm,
    ListEntryForm,
    NeedForm,
    NewNeedForm,
    RenameEntryForm,
    SheetForm,
    SubGroupForm,
    form_errors,
    parse_cells,
)
from .models import Criterion, Finding, Mode, Need, PraTool, ScoreSheet, Sector, SubGroup
from .ranking import rank_meeting


def _meeting(request, pk, action=Action.CHANGE):
    return access(request.user, Meeting.objects.select_related("unit"), action, pk=pk)


@login_required
def unit_needs(request, unit_pk: int):
    unit = access_unit_data(request.user, Unit.objects.all(), pk=unit_pk)
    needs = restrict(Need.objects.filter(unit=unit), request.user).select_related(
        "sector", "meeting", "subgroup"
    )
    return render(
        request,
        "needs/unit.html",
        {
            "unit": unit,
            "needs": needs,
            "can_change": can(request.user, Action.CHANGE, unit),
            "list_form": ListEntryForm(),
            "own_lists": [
                ("sector", list(Sector.objects.filter(unit=unit))),
                ("tool", list(PraTool.objects.filter(unit=unit))),
            ],
        },
    )


def _need_fields(form) -> dict:
    data = dict(form.cleaned_data)
    return data


@login_required
def create(request, unit_pk: int):
    unit = access(request.user, Unit.objects.all(), Action.CHANGE, pk=unit_pk)
    meeting_id = query.ident(request, "meeting") or query.as_ident(request.POST.get("meeting"))
    meeting = (
        restrict(Meeting.objects.filter(unit=unit), request.user).filter(pk=meeting_id).first()
        if meeting_id
        else None
    )
    subgroups = SubGroup.objects.filter(meeting__unit=unit)
    form = NewNeedForm(request.POST or None, unit=unit, subgroups=subgroups)
    if request.method == "POST" and form.is_valid():
        need = actions.create_need(
            unit, actor=request.user, meeting=meeting, submission=form.submission_token, **form.cleaned_data
        )
        messages.success(request, _("Need %(code)s saved.") % {"code": need.code})
        if "another" in request.POST:
            url = f"{request.path}?meeting={meeting.pk}" if meeting else request.path
            return redirect(url)
        return redirect("needs:unit", unit_pk=unit.pk)
    return render(
        request, "needs/need_form.html", {"form": form, "unit": unit, "meeting": meeting, "need": None}
    )


def _initial(need) -> dict:
    return {f: getattr(need, f) for f in NeedForm.base_fields if f != "version"}


@login_required
def edit(request, pk: int):
    need = access(request.user, Need.objects.select_related("unit"), Action.CHANGE, pk=pk)
    subgroups = SubGroup.objects.filter(meeting__unit=need.unit)
    initial = {**_initial(need), "version": actions.version_of(need)}
    form = NeedForm(request.POST or None, unit=need.unit, subgroups=subgroups, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_need(need, actor=request.user, version=form.seen_version, **form.cleaned_data)
        except Stale as exc:  # saved by someone else since this page was opened: show both, save nothing
            need.refresh_from_db()
            form.show_stale(exc, _initial(need))
            status = 409
        else:
            messages.success(request, _("Saved."))
            return redirect("needs:unit", unit_pk=need.unit_id)
    return render(
        request,
        "needs/need_form.html",
        {"form": form, "unit": need.unit, "meeting": need.meeting, "need": need},
        status=status,
    )


@login_required
@require_POST
def delete(request, pk: int):
    need = access(request.user, Need.objects.select_related("unit"), Action.CHANGE, pk=pk)
    try:
        actions.delete_need(need, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("needs:edit", pk=need.pk)
    messages.success(request, _("Need %(code)s deleted.") % {"code": need.code})
    return redirect("needs:unit", unit_pk=need.unit_id)


@login_required
def subgroup_create(request, pk: int):
    meeting = _meeting(request, pk)
    form = SubGroupForm(request.POST or None, unit=meeting.unit)
    if request.method == "POST" and form.is_valid():
        group = actions.create_subgroup(meeting, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Sub-group “%(name)s” saved.") % {"name": group.name})
        return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request, "needs/simple_form.html", {"form": form, "meeting": meeting, "title": _("New sub-group")}
    )


@login_required
def subgroup_edit(request, pk: int):
    group = access(request.user, SubGroup.objects.select_related("meeting__unit"), Action.CHANGE, pk=pk)
    meeting = group.meeting
    initial = {
        "name": group.name,
        "leader": group.leader,
        "theme": group.theme,
        "tools": list(group.tools.all()),
        "is_women": group.is_women,
    }
    form = SubGroupForm(request.POST or None, unit=meeting.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_subgroup(group, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Sub-group “%(name)s” saved.") % {"name": group.name})
        return redirect("meetings:detail", pk=meeting.pk)
    title = _("Sub-group “%(name)s”") % {"name": group.name}
    return render(request, "needs/simple_form.html", {"form": form, "meeting": meeting, "title": title})


@login_required
@require_POST
def subgroup_delete(request, pk: int):
    group = access(request.user, SubGroup.objects.select_related("meeting"), Action.CHANGE, pk=pk)
    try:
        actions.delete_subgroup(group, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sub-group “%(name)s” deleted.") % {"name": group.name})
    return redirect("meetings:detail", pk=group.meeting_id)


@login_required
def finding_create(request, pk: int):
    meeting = _meeting(request, pk)
    form = FindingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        actions.add_finding(data.pop("subgroup"), actor=request.user, **data)
        messages.success(request, _("Finding saved."))
        return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request, "needs/simple_form.html", {"form": form, "meeting": meeting, "title": _("New finding")}
    )


@login_required
def finding_edit(request, pk: int):
    finding = access(
        request.user, Finding.objects.select_related("subgroup__meeting__unit"), Action.CHANGE, pk=pk
    )
    meeting = finding.subgroup.meeting
    initial = {
        f: getattr(finding, f) for f in ("subgroup", "sector", "situation", "problems", "causes", "solutions")
    }
    form = FindingForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_finding(finding, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Finding saved."))
        return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request, "needs/simple_form.html", {"form": form, "meeting": meeting, "title": _("Finding")}
    )


@login_required
def add_to_list(request, unit_pk: int):
    unit = access(request.user, Unit.objects.all(), Action.CHANGE, pk=unit_pk)
    form = ListEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_to_list(unit, form.cleaned_data["what"], form.cleaned_data["name"], actor=request.user)
        messages.success(request, _("Added."))
    elif request.method == "POST":
        messages.error(request, form_errors(form))
    return redirect("needs:unit", unit_pk=unit.pk)


def _own_entry(request, what: str, pk: int):
    if what not in ("sector", "tool"):
        raise Http404
    model = Sector if what == "sector" else PraTool
    return access(
        request.user, model.objects.filter(unit__isnull=False).select_related("unit"), Action.CHANGE, pk=pk
    )


@login_required
@require_POST
def rename_entry(request, what: str, pk: int):
    entry = _own_entry(request, what, pk)
    form = RenameEntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("needs:unit", unit_pk=entry.unit_id)
    try:
        actions.rename_list_entry(entry, form.cleaned_data["name"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("needs:unit", unit_pk=entry.unit_id)


@login_required
@require_POST
def delete_entry(request, what: str, pk: int):
    entry = _own_entry(request, what, pk)
    try:
        actions.delete_list_entry(entry, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” deleted.") % {"name": entry.name})
    return redirect("needs:unit", unit_pk=entry.unit_id)


CriteriaFormSet = formset_factory(CriterionForm, extra=1)


@login_required
def criteria(request, unit_pk: int):
    unit = access(request.user, Unit.objects.all(), Action.CHANGE, pk=unit_pk)
    current = Criterion.for_unit(unit)
    formset = CriteriaFormSet(
        request.POST or None, initial=[{"name": c.name, "weight": c.weight} for c in current]
    )
    if request.method == "POST" and formset.is_valid():
        rows = [(f["name"], f["weight"]) for f in formset.cleaned_data if f.get("name")]
        try:
            actions.set_criteria(unit, rows, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The criteria are saved."))
            return redirect("needs:ranking", unit_pk=unit.pk)
    return render(request, "needs/criteria.html", {"unit": unit, "formset": formset})


@login_required
def sheet_create(request, pk: int):
    meeting = _meeting(request, pk)
    form = SheetForm(request.POST or None, initial={"scale_min": 1, "scale_max": 5})
    if request.method == "POST" and form.is_valid():
        try:
            sheet = actions.create_sheet(meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Score sheet “%(name)s” saved.") % {"name": sheet.label})
            return redirect("needs:sheet", pk=sheet.pk)
    return render(
        request, "needs/simple_form.html", {"form": form, "meeting": meeting, "title": _("New score sheet")}
    )


@login_required
def sheet(request, pk: int):
    """Score entry on a phone: one card per need, one small number box per criterion (or the pebbles)."""
    sheet = access(request.user, ScoreSheet.objects.select_related("meeting__unit"), Action.CHANGE, pk=pk)
    unit = sheet.meeting.unit
    needs = list(Need.objects.filter(unit=unit).only("id", "code", "title", "proposed_by_women"))
    all_criteria = Criterion.for_unit(unit) if sheet.mode == Mode.SCORES else []
    # "Proposed by women" comes from each need's tick: shown, not scored again.
    ticked = next((c for c in all_criteria if c.from_women_tick), None)
    criteria = [c for c in all_criteria if c is not ticked]
    errors = []
    locked_by = actions.adopted_plan_using(sheet.meeting)
    if request.method == "POST" and locked_by is None:
        cells, errors = parse_cells(request.POST, sheet, needs, criteria)
        if not errors:
            actions.record_scores(sheet, cells, actor=request.user)
            messages.success(request, _("Scores saved."))
            return redirect("needs:ranking_of", pk=sheet.meeting_id)
        values = {k: v for k, v in request.POST.items()}
    else:
        if request.method == "POST":
            messages.error(request, _("Nothing was saved: these scores are locked."))
        values = {
            (f"s-{s.need_id}-{s.criterion_id}" if s.criterion_id else f"v-{s.need_id}"): s.value
            for s in sheet.scores.all()
        }
    rows = [
        (
            need,
            [(c, f"s-{need.pk}-{c.pk}", values.get(f"s-{need.pk}-{c.pk}", "")) for c in criteria]
            if criteria
            else [(None, f"v-{need.pk}", values.get(f"v-{need.pk}", ""))],
        )
        for need in needs
    ]
    return render(
        request,
        "needs/sheet.html",
        {
            "sheet": sheet,
            "rows": rows,
            "criteria": criteria,
            "ticked": ticked,
            "errors": errors,
            "locked_by": locked_by,
        },
    )


@login_required
def ranking_of(request, pk: int):
    meeting = access(request.user, Meeting.objects.all(), pk=pk)
    return redirect(f"/needs/unit/{meeting.unit_id}/ranking/?meeting={meeting.pk}")


@login_required
def ranking(request, unit_pk: int):
    """Men's, women's (and other groups') orders beside the combined one; disagreements marked."""
    unit = access_unit_data(request.user, Unit.objects.all(), pk=unit_pk)
    meetings = list(
        restrict(Meeting.objects.filter(unit=unit, score_sheets__isnull=False), request.user).distinct()
    )
    chosen = query.ident(request, "meeting")
    meeting = next((m for m in meetings if m.pk == chosen), meetings[0] if meetings else None)
    result = None
    error = None
    if meeting is not None:
        try:
            result = rank_meeting(meeting)
        except ValueError as exc:
            error = str(exc)
    return render(
        request,
        "needs/ranking.html",
        {
            "unit": unit,
            "meetings": meetings,
            "meeting": meeting,
            "result": result,
            "error": error,
            "criteria": Criterion.for_unit(unit),
            "can_change": can(request.user, Action.CHANGE, unit),
        },
    )
