from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp.accounts.policy import access, can, restrict
from sedp.accounts.roles import Action
from sedp.audit.guards import Stale
from sedp.core import participation as core_rules
from sedp.core.calendar import planning_year
from sedp.cycles.models import Cycle
from sedp.meetings.fields import add_errors
from sedp.needs.actions import adopted_plan_using
from sedp.places.models import Unit

from . import actions
from .forms import (
    AcceptForm,
    AttendanceForm,
    AttendeeForm,
    MeetingForm,
    NewMeetingForm,
    PhotoForm,
    agenda_text,
)
from .models import Attendee, Kind, Meeting
from .rules import warnings_for


def _cycles_for(unit):
    return Cycle.objects.filter(unit__path__in=[*unit.ancestor_paths, unit.path]).select_related("unit")


# The Fatherland Front chairs the voter-contact conferences of a commune plan's step 5: it records them (attendance,
# minutes, photos) as the planning team records its own meetings.
FRONT_KINDS = (Kind.VOTER_CONTACT,)


def _may_change(user, meeting) -> bool:
    return can(user, Action.CHANGE, meeting) or (
        meeting.kind in FRONT_KINDS and can(user, Action.FACILITATE, meeting)
    )


def _meeting(request, pk, action=Action.VIEW):
    meeting = access(request.user, Meeting.objects.select_related("unit", "unit__parent", "cycle"), pk=pk)
    if action != Action.VIEW and not _may_change(request.user, meeting):
        raise PermissionDenied
    return meeting


@login_required
def unit_meetings(request, unit_pk: int):
    """The village's planning page: its meetings, and the way to needs, rankings and plans."""
    unit = access(request.user, Unit.objects.select_related("parent"), pk=unit_pk)
    meetings = (
        restrict(Meeting.objects.filter(unit=unit), request.user)
        .annotate(n_attendees=Count("attendees"))
        .order_by("-starts_at")
    )
    return render(
        request,
        "meetings/unit.html",
        {
            "unit": unit,
            "meetings": meetings,
            "can_change": can(request.user, Action.CHANGE, unit),
            "steps": _village_steps(unit, meetings) if unit.level == "village" else [],
        },
    )


def _village_steps(unit, meetings):
    """Where the village stands in its planning season: which meeting comes first, which are held, what is next."""
    from sedp.plans.models import Kind as PlanKind
    from sedp.plans.models import Plan, State

    year = planning_year(timezone.localdate())
    held = {m.kind for m in meetings if timezone.localtime(m.starts_at).year >= year - 1}
    midterm = Plan.objects.filter(
        unit=unit, kind=PlanKind.VILLAGE_MIDTERM, state=State.ADOPTED, year_from__lte=year, year_to__gte=year
    ).exists()
    labels = dict(Kind.choices)
    return [(labels[k], state) for k, state in core_rules.village_steps(held, midterm_adopted=midterm)]


@login_required
def create(request, unit_pk: int):
    unit = access(request.user, Unit.objects.all(), Action.CHANGE, pk=unit_pk)
    cycles = _cycles_for(unit)
    form = NewMeetingForm(
        request.POST or None,
        cycles=cycles,
        unit=unit,
        initial={
            "date": timezone.localdate(),
            "time": "08:00",
            "cycle": cycles.order_by("-plan_year").first(),
        },
    )
    if request.method == "POST" and form.is_valid():
        meeting = actions.create_meeting(
            unit, actor=request.user, submission=form.submission_token, **form.fields_for_action()
        )
        messages.success(request, _("Saved."))
        return redirect("meetings:attendance", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "unit": unit, "meeting": None})


def _initial(meeting) -> dict:
    local = timezone.localtime(meeting.starts_at)
    return {
        "kind": meeting.kind,
        "cycle": meeting.cycle,
        "date": local.date(),
        "time": local.time(),
        "place": meeting.place,
        "chair_name": meeting.chair_name,
        "chair_role": meeting.chair_role,
        "secretary": meeting.secretary,
        "agenda": agenda_text(meeting),
        "minutes": meeting.minutes,
    }


@login_required
def edit(request, pk: int):
    meeting = _meeting(request, pk, Action.CHANGE)
    form = MeetingForm(
        request.POST or None,
        cycles=_cycles_for(meeting.unit),
        unit=meeting.unit,
        keep_kind=meeting.kind,
        initial={**_initial(meeting), "version": actions.version_of(meeting)},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        fields = form.fields_for_action()
        if not can(request.user, Action.CHANGE, meeting):
            # The Front records its conference; it does not turn it into another.
            fields["kind"] = meeting.kind
        try:
            actions.update_meeting(meeting, actor=request.user, version=form.seen_version, **fields)
        except Stale as exc:  # saved by someone else since this page was opened: show both, save nothing
            meeting.refresh_from_db()
            form.show_stale(exc, _initial(meeting))
            status = 409
        else:
            messages.success(request, _("Saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    context = {"form": form, "unit": meeting.unit, "meeting": meeting}
    return render(request, "meetings/form.html", context, status=status)


def _detail_context(request, meeting):
    attendees = list(meeting.attendees.all())
    return {
        "meeting": meeting,
        "attendees": attendees,
        "warnings": warnings_for(meeting, attendees, list(meeting.acceptances.select_related("by"))),
        "attendance_recorded": core_rules.attendance_recorded(meeting.men, meeting.women) or bool(attendees),
        "can_change": _may_change(request.user, meeting),
        "accept_form": AcceptForm(),
    }


@login_required
def detail(request, pk: int):
    meeting = _meeting(request, pk)
    context = _detail_context(request, meeting)
    context.update(
        agenda=list(meeting.agenda.all()),
        photos=list(meeting.photos.all()),
        photo_form=PhotoForm(),
        subgroups=list(meeting.subgroups.prefetch_related("tools", "findings__sector")),
        sheets=list(meeting.score_sheets.all()),
        sheets_locked_by=adopted_plan_using(meeting),
        needs=list(meeting.needs.select_related("sector")),
    )
    return render(request, "meetings/detail.html", context)


@login_required
def attendance(request, pk: int):
    """Counting people at the door on a phone: men, women, and optionally the groups."""
    meeting = _meeting(request, pk, Action.CHANGE)
    form = AttendanceForm(request.POST or None, initial=AttendanceForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_attendance(meeting, actor=request.user, **form.fields_for_action())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    context = _detail_context(request, meeting)
    context.update(form=form, attendee_form=AttendeeForm())
    return render(request, "meetings/attendance.html", context)


@login_required
@require_POST
def add_attendee(request, pk: int):
    meeting = _meeting(request, pk, Action.CHANGE)
    form = AttendeeForm(request.POST)
    if form.is_valid():
        actions.add_attendee(meeting, actor=request.user, **form.cleaned_data)
        form = AttendeeForm()
    context = _detail_context(request, meeting)
    context["attendee_form"] = form
    if request.htmx:
        return render(request, "meetings/attendance.html#attendees", context)
    if form.is_bound and form.errors:
        context["form"] = AttendanceForm(initial=AttendanceForm.initial_for(meeting))
        return render(request, "meetings/attendance.html", context)
    return redirect("meetings:attendance", pk=meeting.pk)


@login_required
@require_POST
def remove_attendee(request, pk: int):
    attendee = access(request.user, Attendee.objects.select_related("meeting__unit"), pk=pk)
    meeting = attendee.meeting
    if not _may_change(request.user, meeting):
        raise PermissionDenied
    actions.remove_attendee(attendee, actor=request.user)
    if request.htmx:
        context = _detail_context(request, meeting)
        context["attendee_form"] = AttendeeForm()
        return render(request, "meetings/attendance.html#attendees", context)
    return redirect("meetings:attendance", pk=meeting.pk)


@login_required
@require_POST
def add_photo(request, pk: int):
    meeting = _meeting(request, pk, Action.CHANGE)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_photo(
                meeting, form.cleaned_data["file"], actor=request.user, caption=form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Photo added."))
            return redirect("meetings:detail", pk=meeting.pk)
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def accept_warning(request, pk: int, rule: str):
    meeting = _meeting(request, pk, Action.CHANGE)
    if rule not in core_rules.RULES:
        raise Http404
    form = AcceptForm(request.POST)
    if form.is_valid():
        actions.accept_warning(meeting, rule, actor=request.user, reason=form.cleaned_data["reason"])
    context = _detail_context(request, meeting)
    if form.errors:
        context.update(failed_rule=rule, accept_form=form)
    if request.htmx:
        return render(request, "meetings/warnings.html", context)
    if form.errors:
        return render(request, "meetings/warnings_page.html", context, status=200)
    return redirect("meetings:detail", pk=meeting.pk)
