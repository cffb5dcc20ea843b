from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, can, restrict
from sedp.accounts.roles import Action
from sedp.core.calendar import planning_year
from sedp.exports import village_forms as excel
from sedp.meetings.fields import add_errors
from sedp.meetings.models import Kind as MeetingKind
from sedp.meetings.models import Meeting
from sedp.meetings.rules import warnings_for
from sedp.needs.models import Need
from sedp.places.models import Unit
from sedp.plans.rollup.forms import CommunePlanForm

from . import actions
from .forms import (
    AdoptForm,
    AnnualForm,
    EvaluationForm,
    EvaluationSummaryForm,
    ImportForm,
    ItemForm,
    MidtermForm,
    NewVersionForm,
)
from .models import Kind, Part, Plan, PlanItem
from .rollup import fates as tracing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VILLAGE_KINDS = [
    MeetingKind.VILLAGE_MEETING_1,
    MeetingKind.WORKING_GROUP,
    MeetingKind.VILLAGE_MEETING_2,
    MeetingKind.ANNUAL_PLANNING,
]


def _plan(request, pk, action=Action.VIEW):
    return access(
        request.user,
        Plan.objects.select_related("unit", "unit__parent", "source", "adopted_at", "ranked_at", "previous"),
        action,
        pk=pk,
    )


def _flash_form_errors(request, form) -> None:
    """These POST-only views redirect back to the plan page; its messages carry the Vietnamese errors."""
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)


def _flash_validation_error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def unit_plans(request, unit_pk: int):
    unit = access(request.user, Unit.objects.select_related("parent"), pk=unit_pk)
    plans = restrict(Plan.objects.filter(unit=unit), request.user).select_related("adopted_at")
    can_change = can(request.user, Action.CHANGE, unit)
    context = {
        "unit": unit,
        "plans": plans,
        "can_change": can_change,
        "import_form": ImportForm(),
        "figures_page": unit.level in ("village", "commune") and can(request.user, Action.VIEW, unit),
    }
    if unit.level in tracing.CREATABLE_LEVELS and can_change:
        context["commune_form"] = CommunePlanForm(initial={"year": planning_year(timezone.localdate())})
    # A village sees what the commune did with each need of its latest adopted annual plan, and why.
    adopted = [p for p in plans if p.kind == Kind.VILLAGE_ANNUAL and p.is_public]
    if adopted and unit.parent_id:
        latest = max(adopted, key=lambda p: (p.year_from, p.version))
        context["fates"] = tracing.fates_for_unit(
            unit, latest.year_from, plans=restrict(Plan.objects.all(), request.user), village_plan=latest
        )
    return render(request, "plans/unit.html", context)


@login_required
def create_midterm(request, unit_pk: int):
    unit = access(request.user, Unit.objects.all(), Action.CHANGE, pk=unit_pk)
    meetings = restrict(
        Meeting.objects.filter(unit=unit, score_sheets__isnull=False), request.user
    ).distinct()
    meeting = (
        meetings.filter(
            pk=query.ident(request, "meeting") or query.as_ident(request.POST.get("meeting")) or 0
        ).first()
        or meetings.first()
    )
    year = timezone.localdate().year + 1
    form = MidtermForm(request.POST or None, initial={"year_from": year, "year_to": year + 4})
    if request.method == "POST" and form.is_valid() and meeting is not None:
        try:
            plan = actions.create_midterm(unit, meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/create_midterm.html", {"unit": unit, "meeting": meeting, "form": form})


def _plan_warnings(plan: Plan):
    """The participation warnings of the meetings that made this plan, shown with it (source 001's rules)."""
    years = [plan.year_from - 1, plan.year_from]
    meetings = list(
        Meeting.objects.filter(unit=plan.unit, kind__in=VILLAGE_KINDS, starts_at__year__in=years)
        .prefetch_related("attendees", "acceptances__by")
        .order_by("starts_at")
    )
    for extra in (plan.ranked_at, plan.adopted_at):
        if extra is not None and extra not in meetings:
            meetings.append(extra)
    out = []
    for m in meetings:
        found = warnings_for(m, list(m.attendees.all()), list(m.acceptances.all()))
        if found:
            out.append((m, found))
    return out


def detail(request, pk: int):
    plan = _plan(request, pk)
    items = list(plan.items.select_related("need__sector").order_by("part", "rank", "id"))
    editable = can(request.user, Action.CHANGE, plan) and not plan.locked
    context = {
        "plan": plan,
        "items": items,
        "parts": [(p, [i for i in items if i.part == p]) for p in Part] if plan.is_annual else [],
        "evaluations": list(plan.evaluations.all()) if plan.is_annual else [],
        "editable": editable,
        "can_change": can(request.user, Action.CHANGE, plan),
        "warning_groups": _plan_warnings(plan),
        "versions": Plan.objects.filter(unit=plan.unit, kind=plan.kind, year_from=plan.year_from).order_by(
            "version"
        ),
    }
    if editable and plan.is_annual:
        context["item_form"] = _item_form(plan)
        context["summary_form"] = EvaluationSummaryForm(
            initial={"difficulties": plan.difficulties, "main_results": plan.main_results}
        )
        context["evaluation_form"] = EvaluationForm()
    if editable:
        context["adopt_form"] = AdoptForm(meetings=_adopting_meetings(request, plan))
    if plan.kind == Kind.VILLAGE_MIDTERM and plan.state == "adopted" and context["can_change"]:
        context["annual_form"] = AnnualForm(initial={"year": plan.year_from})
    if plan.locked and context["can_change"] and not hasattr(plan, "next_version"):
        context["version_form"] = NewVersionForm()
    return render(request, "plans/detail.html", context)


def _adopting_meetings(request, plan):
    return restrict(Meeting.objects.filter(unit=plan.unit), request.user).order_by("-starts_at")


def _item_form(plan, data=None):
    taken = plan.items.values_list("need_id", flat=True)
    needs = Need.objects.filter(unit=plan.unit).exclude(pk__in=taken)
    if plan.source_id:
        order = {n: r for n, r in plan.source.items.values_list("need_id", "rank")}
        needs = sorted(needs, key=lambda n: (order.get(n.pk, 10**6), n.pk))
        ids = [n.pk for n in needs]
        qs = Need.objects.filter(pk__in=ids)
        form = ItemForm(data, needs=qs)
        form.fields["need"].choices = [("", "—")] + [
            (n.pk, f"{order[n.pk]}. {n.title}" if n.pk in order else f"{n.title} ({_('new')})") for n in needs
        ]
        return form
    return ItemForm(data, needs=needs)


@login_required
@require_POST
def add_item(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = _item_form(plan, request.POST)
    if form.is_valid():
        try:
            actions.add_item(
                plan,
                form.cleaned_data["need"],
                actor=request.user,
                part=form.cleaned_data["part"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
    if form.errors:
        _flash_form_errors(request, form)
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def remove_item(request, pk: int):
    item = access(request.user, PlanItem.objects.select_related("plan__unit"), Action.CHANGE, pk=pk)
    try:
        actions.remove_item(item, actor=request.user)
    except ValidationError as exc:
        _flash_validation_error(request, exc)
    return redirect("plans:detail", pk=item.plan_id)


@login_required
@require_POST
def evaluation(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    try:
        if "activity" in request.POST:
            form = EvaluationForm(request.POST)
            if form.is_valid():
                actions.add_evaluation(
                    plan,
                    actor=request.user,
                    **{k: v if v is not None else None for k, v in form.cleaned_data.items()},
                )
        else:
            form = EvaluationSummaryForm(request.POST)
            if form.is_valid():
                actions.set_evaluation_summary(plan, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _flash_validation_error(request, exc)
        return redirect("plans:detail", pk=plan.pk)
    _flash_form_errors(request, form)
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def adopt(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = AdoptForm(request.POST, meetings=_adopting_meetings(request, plan))
    if form.is_valid():
        try:
            actions.adopt(plan, form.cleaned_data["meeting"], actor=request.user)
        except ValidationError as exc:
            _flash_validation_error(request, exc)
        else:
            messages.success(request, _("The plan is adopted and locked; it can be sent to the commune."))
    else:
        _flash_form_errors(request, form)
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def create_annual(request, pk: int):
    source = _plan(request, pk, Action.CHANGE)
    form = AnnualForm(request.POST)
    if form.is_valid():
        try:
            plan = actions.create_annual(source, form.cleaned_data["year"], actor=request.user)
        except ValidationError as exc:
            _flash_validation_error(request, exc)
        else:
            return redirect("plans:detail", pk=plan.pk)
    else:
        _flash_form_errors(request, form)
    return redirect("plans:detail", pk=source.pk)


@login_required
@require_POST
def new_version(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = NewVersionForm(request.POST)
    if form.is_valid():
        try:
            copy = actions.new_version(plan, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _flash_validation_error(request, exc)
        else:
            return redirect("plans:detail", pk=copy.pk)
    else:
        _flash_form_errors(request, form)
    return redirect("plans:detail", pk=plan.pk)


def export(request, pk: int):
    plan = _plan(request, pk)
    response = HttpResponse(excel.export_plan(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{excel.filename(plan)}"'
    return response


@login_required
def import_plan(request, unit_pk: int):
    unit = access(request.user, Unit.objects.all(), Action.CHANGE, pk=unit_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = excel.import_plan(unit, form.cleaned_data["file"], actor=request.user)
        if report.ok:
            messages.success(request, _("The workbook is imported as a draft plan."))
            return redirect("plans:detail", pk=report.plan.pk)
    return render(request, "plans/import.html", {"unit": unit, "form": form, "report": report})
