"""The six steps of a commune plan's consultation: team, schedule, conferences, drafts, comments, states.

Pages read through the policy (`access`): people of the commune and above work here, villages read (step 5 shows
them their part of the draft), outsiders get 404. Writes are POST-only and need CHANGE on the plan's unit —
comments need COMMENT (the Fatherland Front records them too), approval needs MANAGE (the commune leader records
the People's Council's resolution). A form with an error is shown again with what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, can, restrict
from sedp.accounts.roles import Action
from sedp.core import consultation as core
from sedp.meetings.fields import add_errors
from sedp.meetings.models import Meeting
from sedp.monitoring.evaluation.tables import last_year_summary
from sedp.monitoring.evaluation.views import sees_monitoring
from sedp.needs.models import Sector
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans import mop
from sedp.plans.models import Kind as PlanKind
from sedp.plans.models import Plan, State

from . import actions, display, levels, process
from .forms import (
    AssignmentForm,
    CommenterForm,
    CommentForm,
    CorrectCommentForm,
    DiscussionForm,
    DistributionForm,
    DoneForm,
    FreezeForm,
    MemberForm,
    ModeForm,
    MoveForm,
    ProcessStepForm,
    ReasonForm,
    ResolveForm,
    StepForm,
    StepMeetingForm,
    VoterContactForm,
    WithdrawCommentForm,
)
from .models import (
    Assignment,
    Comment,
    Commenter,
    CommenterKind,
    DraftVersion,
    MopStep,
    Resolution,
    ScheduledStep,
    Step,
    TeamMember,
    Venue,
)

VILLAGE_PLANS = (PlanKind.VILLAGE_MIDTERM, PlanKind.VILLAGE_ANNUAL)
PAGE_SIZE = 50
DRAFT_NUMBERS = 32_767  # a draft's number is a small positive integer


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------


def _plan(request, pk: int, action: str = Action.VIEW) -> Plan:
    """A commune (or higher) plan the user may see (404 otherwise) and, for writes, act on (403 otherwise)."""
    plan = access(
        request.user,
        Plan.objects.exclude(kind__in=VILLAGE_PLANS).select_related("unit", "cycle"),
        pk=pk,
    )
    if action != Action.VIEW and not can(request.user, action, plan):
        raise PermissionDenied
    return plan


def _may_run(request, plan, step) -> bool:
    """Who schedules a step, marks it done and records its meetings: the planning team (CHANGE), and for step 5,
    the voter-contact conferences, the Fatherland Front, which chairs them."""
    return can(request.user, Action.CHANGE, plan) or (
        step == Step.VOTER_CONTACT and can(request.user, Action.FACILITATE, plan)
    )


def _step_plan(request, pk: int, step: int) -> Plan:
    plan = _plan(request, pk)
    if not _may_run(request, plan, step):
        raise PermissionDenied
    return plan


def _try(form, fn):
    """Run an action; its refusal goes onto the form. True if it succeeded."""
    try:
        fn()
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    return True


def _sectors(plan):
    return Sector.for_unit(plan.unit).order_by("order", "name")


def _villages(plan):
    return Unit.objects.filter(parent=plan.unit, level=Level.VILLAGE).order_by("name")


def _rights(request, plan) -> dict:
    return {
        "can_change": can(request.user, Action.CHANGE, plan) and plan.is_editable,
        "can_comment": can(request.user, Action.COMMENT, plan) and plan.is_editable,
        "can_schedule": can(request.user, Action.CHANGE, plan),
    }


def _page(request, plan, template, sub, **context):
    return render(
        request,
        template,
        {
            "plan": plan,
            "tab": "consultation",
            "sub": sub,
            "upper": levels.is_upper(plan),
            **_rights(request, plan),
            **context,
        },
    )


def _done(request, message=None, to=None, **kwargs):
    if message:
        messages.success(request, message)
    return redirect(to, **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# Overview and state
# ---------------------------------------------------------------------------------------------------------------


def _move_forms(request, plan, bound=None):
    """The forms of the moves the user may make now: legal from the state, and allowed by the policy."""
    meetings = None
    forms = []
    for t in core.next_moves(plan.state):
        if not can(request.user, t.permission, plan):
            continue
        if meetings is None:
            meetings = Meeting.objects.filter(plan_steps__plan=plan, plan_steps__step=Step.ADOPTION)
        form = bound if bound is not None and bound.data.get("to_state") == t.target else None
        form = form or MoveForm(
            initial={"to_state": t.target},
            meetings=meetings,
            resolution_labels=levels.resolution_labels(plan.unit),
            meeting_name=_adoption_meeting_name(plan),
        )
        forms.append((t, form, levels.move_label(plan, t.target)))
    return forms


def _adoption_meeting_name(plan) -> str | None:
    """'hội nghị thông qua kế hoạch' at a province or district; None: the meeting's own kind."""
    return str(levels.UPPER_MEETING_NAMES[Step.ADOPTION]) if levels.is_upper(plan) else None


def overview(request, pk: int, move_form=None, mode_form=None):
    plan = _plan(request, pk)
    today = timezone.localdate()
    steps = {s.step: s for s in plan.steps.annotate(n_meetings=Count("meetings"))}
    rows = []
    for step in Step:
        s = steps.get(step.value)
        status = core.step_status(
            s.starts_on if s else None,
            s.ends_on if s else None,
            s.done_on if s else None,
            today,
            step=step.value,
            state=plan.state,
        )
        rows.append(
            {
                "step": step,
                "label": levels.step_label(plan, step),
                "s": s,
                "status": status,
                "when": display.when(s),
            }
        )
    counts = plan.comments.aggregate(
        total=Count("id"), pending=Count("id", filter=Q(resolution=Resolution.PENDING))
    )
    versions = list(
        plan.draft_versions.order_by("-number").only("number", "frozen_at", "distributed_on", "note")[:3]
    )
    return _page(
        request,
        plan,
        "consultation/overview.html",
        "overview",
        mop_rows=_mop_rows(plan, today) if plan.is_mop else None,
        mode_form=mode_form or _mode_form(request, plan),
        rows=rows,
        team=list(plan.team.all()),
        versions=versions,
        version_count=plan.draft_versions.count(),
        counts=counts,
        moves=[_labelled(m) for m in plan.moves.select_related("by")],
        move_forms=_move_forms(request, plan, move_form),
        undecided=actions.undecided_count(plan) if plan.state == State.REVISED else None,
    )


def _mop_rows(plan, today) -> list[dict]:
    """The seven steps of a MOP-SEDP plan as the overview lists them."""
    steps = {s.step: s for s in plan.process_steps.annotate(n_meetings=Count("meetings"))}
    rows = []
    for step in MopStep:
        s = steps.get(step.value)
        rows.append(
            {
                "step": step,
                "s": s,
                "status": process.status(s, step.value, plan.state, today),
                "links": process.step_links(plan, step.value),
            }
        )
    return rows


def _mode_form(request, plan):
    """The form that changes the plan's mode: a commune's draft, for whoever may change the plan."""
    if plan.state != State.DRAFT or plan.locked or not can(request.user, Action.CHANGE, plan):
        return None
    if not mop.allowed_for(plan.unit):
        return None
    return ModeForm(initial={"mode": plan.mode})


@login_required
@require_POST
def set_mode(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = ModeForm(request.POST)
    if form.is_valid() and _try(
        form, lambda: mop.set_mode(plan, form.cleaned_data["mode"], actor=request.user)
    ):
        plan.refresh_from_db()
        return _done(
            request,
            _("The plan is now a %(mode)s.") % {"mode": plan.get_mode_display()},
            "consultation:plan",
            pk=plan.pk,
        )
    response = overview(request, pk, mode_form=form)
    response.status_code = 400
    return response


def _step_meetings(plan):
    """The meetings a step may name: the commune's and its villages', from the year before the plan's to its end."""
    return (
        Meeting.objects.filter(Q(unit=plan.unit) | Q(unit__parent=plan.unit))
        .filter(starts_at__year__gte=plan.year_from - 1, starts_at__year__lte=plan.year_from)
        .select_related("unit")
        .order_by("starts_at", "id")
    )


def process_step(request, pk: int, step: int):
    """A step of the seven (MOP-SEDP): what it is for, where its work is done, its dates, participants, outputs.
    POST (the planning team) saves them."""
    plan = _plan(request, pk)
    if not plan.is_mop or step not in MopStep.values:
        from django.http import Http404

        raise Http404
    may_change = can(request.user, Action.CHANGE, plan)
    s = process.process_step(plan, step)
    meetings = _step_meetings(plan)
    form = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = ProcessStepForm(request.POST, meetings=meetings)
        if form.is_valid() and _try(
            form, lambda: process.update_step(plan, step, actor=request.user, **form.cleaned_data)
        ):
            return _done(request, _("Saved."), "consultation:process_step", pk=plan.pk, step=step)
    elif may_change:
        initial = {k: getattr(s, k) for k in process.FIELDS}
        initial["meetings"] = list(s.meetings.all()) if s.pk else []
        form = ProcessStepForm(initial=initial, meetings=meetings)
    context = {
        "mop_step": MopStep(step),
        "s": s,
        "status": process.status(s if s.pk else None, step, plan.state, timezone.localdate()),
        "purpose": process.purpose(step),
        "links": process.step_links(plan, step),
        "step_meetings": list(s.meetings.select_related("unit").order_by("starts_at")) if s.pk else [],
        "step_form": form,
    }
    if step == MopStep.ASSESSMENT and sees_monitoring(request.user, plan.unit):
        context["last_year"] = last_year_summary(plan.unit, plan.year_from - 1)
    if step == MopStep.DRAFT:
        from sedp.plans.meplan.actions import indicators_without_me_row

        context["me_missing"] = indicators_without_me_row(plan)
    if step == MopStep.CONSULTATION:
        context["six"] = [{"step": st, "label": levels.step_label(plan, st)} for st in Step]
    response = _page(request, plan, "consultation/process_step.html", "overview", **context)
    if form is not None and form.is_bound:
        response.status_code = 400
    return response


def _labelled(m):
    m.from_label = State(m.from_state).label if m.from_state in State.values else m.from_state
    m.to_label = State(m.to_state).label if m.to_state in State.values else m.to_state
    return m


@login_required
@require_POST
def move(request, pk: int):
    plan = _plan(request, pk)
    target = request.POST.get("to_state", "")
    t = core.transition(plan.state, target)
    if t is not None and not can(request.user, t.permission, plan):
        raise PermissionDenied
    if not can(request.user, Action.CHANGE, plan):
        raise PermissionDenied
    meetings = Meeting.objects.filter(plan_steps__plan=plan, plan_steps__step=Step.ADOPTION)
    form = MoveForm(
        request.POST,
        meetings=meetings,
        resolution_labels=levels.resolution_labels(plan.unit),
        meeting_name=_adoption_meeting_name(plan),
    )
    if form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: actions.move(
                plan,
                data["to_state"],
                actor=request.user,
                note=data["note"],
                meeting=data["meeting"],
                resolution_number=data["resolution_number"],
                resolution_date=data["resolution_date"],
            ),
        ):
            plan.refresh_from_db()
            return _done(
                request,
                _("The plan is now %(state)s.") % {"state": plan.get_state_display()},
                "consultation:plan",
                pk=plan.pk,
            )
    response = overview(request, pk, move_form=form)
    response.status_code = 400
    return response


# ---------------------------------------------------------------------------------------------------------------
# Team
# ---------------------------------------------------------------------------------------------------------------


def team(request, pk: int, form=None, commenter_form=None):
    plan = _plan(request, pk)
    members = list(plan.team.prefetch_related("sectors"))
    may_change = can(request.user, Action.CHANGE, plan)
    if form is None and may_change:
        form = MemberForm(sectors=_sectors(plan))
    if commenter_form is None and may_change and plan.is_editable:
        commenter_form = CommenterForm()
    commenters = list(
        plan.commenters.exclude(kind=CommenterKind.LOWER_UNIT).annotate(n_comments=Count("comments"))
    )
    have = {c.name.lower() for c in commenters}
    return _page(
        request,
        plan,
        "consultation/team.html",
        "team",
        members=members,
        form=form,
        commenters=commenters,
        commenter_form=commenter_form,
        departments_word=levels.departments_word(plan),
        usual_missing=[n for n in levels.usual_departments(plan) if n.lower() not in have],
    )


@login_required
@require_POST
def add_commenter(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = CommenterForm(request.POST)
    if form.is_valid() and _try(
        form, lambda: actions.add_commenter(plan, actor=request.user, **form.cleaned_data)
    ):
        return _done(request, _("Added to the bodies asked for comment."), "consultation:team", pk=plan.pk)
    response = team(request, pk, commenter_form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def add_usual_departments(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    added = actions.add_usual_departments(plan, actor=request.user)
    return _done(
        request,
        _("%(n)d added to the bodies asked for comment.") % {"n": len(added)},
        "consultation:team",
        pk=plan.pk,
    )


@login_required
@require_POST
def remove_commenter(request, pk: int, commenter: int):
    plan = _plan(request, pk, Action.CHANGE)
    c = get_object_or_404(Commenter, plan=plan, pk=commenter)
    try:
        actions.remove_commenter(c, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("consultation:team", pk=plan.pk)


@login_required
@require_POST
def add_member(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = MemberForm(request.POST, sectors=_sectors(plan))
    if form.is_valid() and _try(
        form, lambda: actions.add_member(plan, actor=request.user, **form.cleaned_data)
    ):
        return _done(request, _("Added to the planning team."), "consultation:team", pk=plan.pk)
    response = team(request, pk, form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def remove_member(request, pk: int, member: int):
    plan = _plan(request, pk, Action.CHANGE)
    m = get_object_or_404(TeamMember, plan=plan, pk=member)
    try:
        actions.remove_member(m, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("consultation:team", pk=plan.pk)


# ---------------------------------------------------------------------------------------------------------------
# Schedule and steps
# ---------------------------------------------------------------------------------------------------------------


@login_required
@require_POST
def propose_schedule(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    actions.propose_schedule(plan, actor=request.user)
    return _done(
        request,
        _("The six steps are scheduled; change any date as the team agrees."),
        "consultation:plan",
        pk=pk,
    )


def _step_or_404(step: int) -> Step:
    if step not in Step.values:
        from django.http import Http404

        raise Http404
    return Step(step)


def step(request, pk: int, step: int, **forms):
    plan = _plan(request, pk)
    step = _step_or_404(step)
    s = plan.steps.select_related("version").filter(step=step).first() or ScheduledStep(plan=plan, step=step)
    meetings = list(s.meetings.select_related("unit").order_by("starts_at")) if s.pk else []
    for m in meetings:
        m.step_name = levels.meeting_name(plan, step, m)
    today = timezone.localdate()
    context = {
        "step": step,
        "step_label": levels.step_label(plan, step),
        "s": s,
        "when": display.when(s),
        "status": core.step_status(
            s.starts_on, s.ends_on, s.done_on, today, step=step.value, state=plan.state
        ),
        "meetings": meetings,
    }
    rights = _rights(request, plan)
    may_run = _may_run(request, plan, step)
    if may_run:
        context["step_form"] = forms.get("step_form") or StepForm(
            initial={"starts_on": s.starts_on, "ends_on": s.ends_on, "responsible": s.responsible}
        )
        context["done_form"] = forms.get("done_form") or DoneForm(initial={"done_on": s.done_on or today})
        if step != Step.VOTER_CONTACT:
            versions = plan.draft_versions.order_by("-number") if step == Step.COMMENT_CONFERENCE else None
            context["meeting_form"] = forms.get("meeting_form") or StepMeetingForm(
                versions=versions, initial={"version": versions.first() if versions is not None else None}
            )
    if step == Step.NEEDS_CONFERENCE:
        context["discussions"] = list(plan.discussions.select_related("sector"))
        if sees_monitoring(request.user, plan.unit):  # last year's evaluation: the lessons of step 1
            context["last_year"] = last_year_summary(plan.unit, plan.year_from - 1)
        if rights["can_change"]:
            context["discussion_form"] = forms.get("discussion_form") or DiscussionForm(
                sectors=_sectors(plan)
            )
    elif step == Step.DRAFTING:
        assignments = list(plan.assignments.select_related("owner", "sector"))
        for a in assignments:
            a.overdue = core.is_overdue(a.deadline, a.done_on, today)
        context["assignments"] = assignments
        context["compiler"] = plan.team.filter(role="compiler").first()
        if rights["can_change"]:
            context["assignment_form"] = forms.get("assignment_form") or AssignmentForm(
                team=plan.team.all(), sectors=_sectors(plan)
            )
    elif step == Step.COMMENT_CONFERENCE:
        version = s.version if s.version_id else None
        context["version"] = version
        context["warning"] = actions.distribution_warning(s) if version else None
        context["conference_on"] = actions.conference_date(s) if s.pk else s.starts_on
        if rights["can_schedule"] and version is not None:
            context["distribution_form"] = forms.get("distribution_form") or DistributionForm(
                initial={"distributed_on": version.distributed_on}
            )
            context["reason_form"] = forms.get("reason_form") or ReasonForm(
                initial={"reason": s.warning_reason}
            )
        context["pending"] = plan.comments.filter(resolution=Resolution.PENDING).count()
    elif step == Step.REVISION:
        conf = plan.steps.filter(step=Step.COMMENT_CONFERENCE).select_related("version").first()
        context["discussed"] = conf.version if conf and conf.version_id else None
        context["latest"] = actions.last_version(plan)
    elif step == Step.VOTER_CONTACT and levels.is_upper(plan):
        # The communes (districts) below comment on the draft, in writing: each with its comments so far.
        counts = dict(
            plan.comments.filter(commenter__unit__isnull=False)
            .values_list("commenter__unit")
            .annotate(n=Count("id"))
            .order_by()
        )
        lower = list(levels.lower_units(plan).only("id", "name"))
        context["commented"] = [(u, counts[u.pk]) for u in lower if u.pk in counts]
        context["waiting"] = [u for u in lower if u.pk not in counts]
        context["lower_total"] = len(lower)
        latest = actions.last_version(plan)
        context["latest"] = latest
        if latest is not None and rights["can_comment"]:
            context["comment_form"] = forms.get("comment_form") or _comment_form(plan, latest, lower=True)
        elif latest is not None and (own := _own_lower_unit(request, plan)) is not None:
            # A commune's team records its own commune's comments on the province's draft.
            context["own_lower"] = own
            context["comment_form"] = forms.get("comment_form") or _comment_form(plan, latest, only_lower=own)
            own_comments = list(
                plan.comments.filter(commenter__unit=own).select_related("version", "commenter__unit")
            )
            for c in own_comments:
                c.may_correct = _may_correct(request, plan, c)
            context["own_comments"] = own_comments
    elif step == Step.VOTER_CONTACT:
        villages = list(_villages(plan))
        held = {m.unit_id: m for m in meetings}
        context["villages"] = [(v, held.get(v.pk)) for v in villages]
        if may_run and plan.is_editable:
            context["voter_form"] = forms.get("voter_form") or VoterContactForm(
                villages=[v for v in villages if v.pk not in held]
            )
    return _page(request, plan, "consultation/step.html", "steps", **context)


def _step_error(request, pk, step_no, **forms):
    response = step(request, pk, step_no, **forms)
    response.status_code = 400
    return response


@login_required
@require_POST
def edit_step(request, pk: int, step: int):
    plan = _step_plan(request, pk, step)
    s = actions.scheduled(plan, _step_or_404(step))
    form = StepForm(request.POST)
    if form.is_valid() and _try(
        form, lambda: actions.update_step(s, actor=request.user, **form.cleaned_data)
    ):
        return _done(request, _("Saved."), "consultation:step", pk=pk, step=step)
    return _step_error(request, pk, step, step_form=form)


@login_required
@require_POST
def step_done(request, pk: int, step: int):
    plan = _step_plan(request, pk, step)
    s = actions.scheduled(plan, _step_or_404(step))
    form = DoneForm(request.POST)
    if form.is_valid():
        actions.mark_step_done(s, actor=request.user, done_on=form.cleaned_data["done_on"])
        return _done(request, _("Saved."), "consultation:step", pk=pk, step=step)
    return _step_error(request, pk, step, done_form=form)


@login_required
@require_POST
def step_meeting(request, pk: int, step: int):
    plan = _plan(request, pk, Action.CHANGE)
    step = _step_or_404(step)
    if step == Step.VOTER_CONTACT:
        raise PermissionDenied
    versions = plan.draft_versions.all() if step == Step.COMMENT_CONFERENCE else None
    form = StepMeetingForm(request.POST, versions=versions)
    if form.is_valid() and _try(
        form,
        lambda: actions.hold_meeting(
            plan, step, actor=request.user, version=form.cleaned_data.get("version"), **form.meeting_fields()
        ),
    ):
        return _done(request, _("The meeting is recorded."), "consultation:step", pk=pk, step=step)
    return _step_error(request, pk, step, meeting_form=form)


@login_required
@require_POST
def discussion(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = DiscussionForm(request.POST, sectors=_sectors(plan))
    if form.is_valid():
        data = dict(form.cleaned_data)
        sector = data.pop("sector")
        conference = Meeting.objects.filter(
            plan_steps__plan=plan, plan_steps__step=Step.NEEDS_CONFERENCE
        ).first()
        if _try(
            form,
            lambda: actions.save_discussion(plan, sector, actor=request.user, meeting=conference, **data),
        ):
            return _done(request, _("Saved."), "consultation:step", pk=pk, step=Step.NEEDS_CONFERENCE)
    return _step_error(request, pk, Step.NEEDS_CONFERENCE, discussion_form=form)


@login_required
@require_POST
def add_assignment(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = AssignmentForm(request.POST, team=plan.team.all(), sectors=_sectors(plan))
    if form.is_valid() and _try(
        form, lambda: actions.add_assignment(plan, actor=request.user, **form.cleaned_data)
    ):
        return _done(request, _("Saved."), "consultation:step", pk=pk, step=Step.DRAFTING)
    return _step_error(request, pk, Step.DRAFTING, assignment_form=form)


@login_required
@require_POST
def assignment_done(request, pk: int, assignment: int):
    plan = _plan(request, pk, Action.CHANGE)
    a = get_object_or_404(Assignment, plan=plan, pk=assignment)
    actions.mark_assignment_done(a, actor=request.user, done_on=None if a.done_on else timezone.localdate())
    return redirect("consultation:step", pk=pk, step=Step.DRAFTING)


@login_required
@require_POST
def remove_assignment(request, pk: int, assignment: int):
    plan = _plan(request, pk, Action.CHANGE)
    a = get_object_or_404(Assignment, plan=plan, pk=assignment)
    actions.remove_assignment(a, actor=request.user)
    return redirect("consultation:step", pk=pk, step=Step.DRAFTING)


@login_required
@require_POST
def distribution(request, pk: int, number: int):
    plan = _plan(request, pk, Action.CHANGE)
    version = get_object_or_404(DraftVersion, plan=plan, number=number)
    form = DistributionForm(request.POST)
    if form.is_valid():
        actions.set_distribution(
            version, actor=request.user, distributed_on=form.cleaned_data["distributed_on"]
        )
        return _done(request, _("Saved."), "consultation:step", pk=pk, step=Step.COMMENT_CONFERENCE)
    return _step_error(request, pk, Step.COMMENT_CONFERENCE, distribution_form=form)


@login_required
@require_POST
def explain_distribution(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = ReasonForm(request.POST)
    if form.is_valid() and _try(
        form,
        lambda: actions.explain_distribution(plan, actor=request.user, reason=form.cleaned_data["reason"]),
    ):
        return _done(
            request, _("The reason is recorded."), "consultation:step", pk=pk, step=Step.COMMENT_CONFERENCE
        )
    return _step_error(request, pk, Step.COMMENT_CONFERENCE, reason_form=form)


@login_required
@require_POST
def voter_contacts(request, pk: int):
    plan = _step_plan(request, pk, Step.VOTER_CONTACT)
    held = Meeting.objects.filter(plan_steps__plan=plan, plan_steps__step=Step.VOTER_CONTACT).values(
        "unit_id"
    )
    form = VoterContactForm(request.POST, villages=_villages(plan).exclude(pk__in=held))
    if form.is_valid():
        rows = form.rows()
        if _try(
            form,
            lambda: actions.create_voter_contacts(
                plan, rows, actor=request.user, place=form.cleaned_data["place"]
            ),
        ):
            return _done(
                request,
                _("%(n)d voter-contact conference(s) recorded.") % {"n": len(rows)},
                "consultation:step",
                pk=pk,
                step=Step.VOTER_CONTACT,
            )
    return _step_error(request, pk, Step.VOTER_CONTACT, voter_form=form)


# ---------------------------------------------------------------------------------------------------------------
# Draft versions and their diff
# ---------------------------------------------------------------------------------------------------------------


def versions(request, pk: int, form=None):
    plan = _plan(request, pk)
    all_versions = list(
        plan.draft_versions.select_related("frozen_by")
        .annotate(n_comments=Count("comments"))
        .defer("content")
        .order_by("-number")
    )
    numbers = [v.number for v in all_versions]
    context = {"versions": all_versions}
    a = query.number(request, "a", low=1, high=DRAFT_NUMBERS)
    b = query.number(request, "b", low=1, high=DRAFT_NUMBERS)
    if len(numbers) >= 2 and not (a and b):
        a, b = numbers[1], numbers[0]
    if a and b:
        va = plan.draft_versions.filter(number=a).first()
        vb = plan.draft_versions.filter(number=b).first()
        if va and vb:
            context.update(a=va, b=vb, diff=display.diff_rows(va, vb))
    if form is None and _rights(request, plan)["can_change"]:
        form = FreezeForm()
    context["freeze_form"] = form
    return _page(request, plan, "consultation/versions.html", "versions", **context)


@login_required
@require_POST
def freeze(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = FreezeForm(request.POST)
    holder = {}
    if form.is_valid() and _try(
        form,
        lambda: holder.update(v=actions.freeze(plan, actor=request.user, note=form.cleaned_data["note"])),
    ):
        if getattr(holder["v"], "unchanged", False):
            messages.info(
                request,
                _("Nothing has changed since draft %(n)d: no new draft is frozen.")
                % {"n": holder["v"].number},
            )
            return redirect("consultation:versions", pk=pk)
        return _done(
            request,
            _("Draft %(n)d is frozen: it will not change any more.") % {"n": holder["v"].number},
            "consultation:versions",
            pk=pk,
        )
    response = versions(request, pk, form=form)
    response.status_code = 400
    return response


def version(request, pk: int, number: int):
    plan = _plan(request, pk)
    v = get_object_or_404(DraftVersion.objects.select_related("frozen_by"), plan=plan, number=number)
    counts = dict(v.comments.values_list("item_key").annotate(n=Count("id")).order_by())
    items = display.item_rows(v.content)
    for row in items:
        row["comments"] = counts.get(row["key"], 0)
    return _page(request, plan, "consultation/version.html", "versions", version=v, items=items)


# ---------------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------------


def _comment_form(
    plan, version, data=None, *, village=None, keys=None, only_village=False, lower=False, only_lower=None
):
    """The comment form on a frozen draft; ``only_village``: for a village's own people (its head), who record
    their village's comments only — from its voter-contact conference, on its part of the draft. At a province or
    district the comment comes from a body on the plan's list (a department) or from a unit below;
    ``lower``: the form of step 5, for a comment of a unit below; ``only_lower``: the unit below whose own people
    (a commune's team) record its comments, and no other's."""
    items = [
        (i["key"], display.item_title(i))
        for i in core.items_of(version.content)
        if keys is None or i["key"] in keys or i["key"] == "plan"
    ]
    meetings = Meeting.objects.filter(plan_steps__plan=plan).select_related("unit").order_by("starts_at")
    villages = _villages(plan)
    if only_village:
        meetings = meetings.filter(unit=village)
        villages = villages.filter(pk=village.pk)
    upper = levels.is_upper(plan)
    if village is not None:
        initial = {"venue": Venue.VILLAGE, "village": village}
    else:
        initial = {"venue": Venue.WRITTEN} if upper else {}
    bodies = plan.commenters.exclude(kind=CommenterKind.LOWER_UNIT)
    form = CommentForm(
        data,
        initial=initial,
        items=items,
        villages=villages,
        sectors=_sectors(plan),
        meetings=meetings,
        commenters=bodies if upper or bodies.exists() else None,
        lower_units=levels.lower_units(plan) if upper else None,
        upper=upper,
    )
    if only_village:
        form.fields["venue"].choices = [(Venue.VILLAGE, Venue.VILLAGE.label)]
        form.fields["village"].required = True
        del form.fields["sector"]
    if upper and (lower or only_lower is not None):
        # Step 5: the unit below is the one commenting; no department, sector group or meeting of the province.
        form.fields["venue"].choices = [(Venue.LOWER_UNIT, Venue.LOWER_UNIT.label)]
        form.fields["lower_unit"].required = True
        form.initial = {"venue": Venue.LOWER_UNIT}
        for name in ("commenter", "sector", "meeting"):
            form.fields.pop(name, None)
        form.order_fields(["lower_unit", "item_key", "text", "author_name"])
    if only_lower is not None:
        form.fields["lower_unit"].queryset = levels.lower_units(plan).filter(pk=only_lower.pk)
        form.initial["lower_unit"] = only_lower
    return form


def _own_lower_unit(request, plan):
    """At a province or district: the unit below whose people may record its comments on the draft (a commune's
    planning team: COMMENT on their commune) without the right to comment on the whole plan; None otherwise."""
    if not levels.is_upper(plan) or not plan.is_editable or can(request.user, Action.COMMENT, plan):
        return None
    return restrict(levels.lower_units(plan), request.user, Action.COMMENT).first()


def _own_village(request, plan, village_pk: int | None):
    """The village of the plan's commune whose comments the user may record without the right to comment on the
    whole plan (a village head: COMMENT on their village); None otherwise."""
    if not village_pk or not plan.is_editable or can(request.user, Action.COMMENT, plan):
        return None
    unit = _villages(plan).filter(pk=village_pk).first()
    return unit if unit is not None and can(request.user, Action.COMMENT, unit) else None


def comments(request, pk: int, form=None, resolve_forms=None):
    plan = _plan(request, pk)
    status = query.choice(request, "status", Resolution.values, "")
    qs = plan.comments.select_related(
        "version", "village", "sector", "meeting", "resolved_by", "commenter__unit"
    )
    if status in Resolution.values:
        qs = qs.filter(resolution=status)
    number = query.number(request, "version", 0, low=0, high=DRAFT_NUMBERS)
    if number:
        qs = qs.filter(version__number=number)
    page = Paginator(qs.order_by("-version__number", "id"), PAGE_SIZE).get_page(query.page(request))
    counts = dict(plan.comments.values_list("resolution").annotate(n=Count("id")).order_by())
    latest = actions.last_version(plan)
    rights = _rights(request, plan)
    if form is None and rights["can_comment"] and latest is not None:
        form = _comment_form(plan, latest)
    resolve_forms = resolve_forms or {}
    for c in page:
        c.may_correct = _may_correct(request, plan, c)
        c.resolve_form = resolve_forms.get(c.pk) or (
            ResolveForm(prefix=f"c{c.pk}")
            if rights["can_change"] and c.resolution == Resolution.PENDING
            else None
        )
    return _page(
        request,
        plan,
        "consultation/comments.html",
        "comments",
        page=page,
        status=status,
        number=number,
        count_rows=[(v, label, counts[v]) for v, label in Resolution.choices if counts.get(v)],
        total=sum(counts.values()),
        statuses=Resolution.choices,
        latest=latest,
        form=form,
        version_numbers=list(plan.draft_versions.order_by("-number").values_list("number", flat=True)),
    )


@login_required
@require_POST
def add_comment(request, pk: int, number: int):
    plan = _plan(request, pk)
    village_pk = query.as_ident(request.POST.get("back_village")) or 0
    own = _own_village(request, plan, village_pk)
    own_lower = None
    if own is None and not can(request.user, Action.COMMENT, plan):
        own_lower = _own_lower_unit(request, plan)
        if own_lower is None:
            raise PermissionDenied
    version = get_object_or_404(DraftVersion, plan=plan, number=number)
    if own is not None:
        keys = core.village_part(version.content, own.pk).keys
        form = _comment_form(plan, version, request.POST, village=own, keys=keys, only_village=True)
    elif own_lower is not None:
        form = _comment_form(plan, version, request.POST, only_lower=own_lower)
    else:
        form = _comment_form(plan, version, request.POST, lower=bool(request.POST.get("back_step")))
    if form.is_valid() and _try(
        form, lambda: actions.add_comment(version, actor=request.user, **form.cleaned_data)
    ):
        if request.POST.get("back_step") or own_lower is not None:
            return _done(
                request, _("The comment is recorded."), "consultation:step", pk=pk, step=Step.VOTER_CONTACT
            )
        if village_pk:
            return _done(
                request, _("The comment is recorded."), "consultation:village", pk=pk, village=village_pk
            )
        return _done(request, _("The comment is recorded."), "consultation:comments", pk=pk)
    if village_pk:
        response = village(request, pk, village_pk, form=form)
    elif request.POST.get("back_step") or own_lower is not None:
        response = step(request, pk, Step.VOTER_CONTACT, comment_form=form)
    else:
        response = comments(request, pk, form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def resolve(request, pk: int, comment: int):
    plan = _plan(request, pk, Action.CHANGE)
    c = get_object_or_404(Comment, plan=plan, pk=comment)
    form = ResolveForm(request.POST, prefix=f"c{c.pk}")
    if form.is_valid() and _try(
        form,
        lambda: actions.resolve_comment(
            c,
            actor=request.user,
            resolution=form.cleaned_data["resolution"],
            reason=form.cleaned_data["resolution_reason"],
        ),
    ):
        return _done(request, _("The comment is resolved."), reverse("consultation:comments", args=[pk]))
    response = comments(request, pk, resolve_forms={c.pk: form})
    response.status_code = 400
    return response


def _may_correct(request, plan, c) -> bool:
    """A pending comment may be corrected or withdrawn by the commune team, or by whoever recorded it while they
    may still record comments there (the Front; a village head, on their village)."""
    if c.resolution != Resolution.PENDING or not plan.is_editable:
        return False
    if can(request.user, Action.CHANGE, plan):
        return True
    if c.created_by_id is None or c.created_by_id != request.user.pk:
        return False
    return (
        can(request.user, Action.COMMENT, plan)
        or (c.village is not None and can(request.user, Action.COMMENT, c.village))
        or (
            c.commenter is not None
            and c.commenter.unit is not None
            and can(request.user, Action.COMMENT, c.commenter.unit)
        )
    )


def _correctable(request, pk: int, comment: int):
    plan = _plan(request, pk)
    c = get_object_or_404(
        Comment.objects.select_related("version", "village", "commenter__unit"), plan=plan, pk=comment
    )
    if not _may_correct(request, plan, c):
        raise PermissionDenied
    return plan, c


def edit_comment(request, pk: int, comment: int, correct_form=None, withdraw_form=None):
    plan, c = _correctable(request, pk, comment)
    return _page(
        request,
        plan,
        "consultation/comment_edit.html",
        "comments",
        comment=c,
        correct_form=correct_form
        or CorrectCommentForm(initial={"text": c.text, "author_name": c.author_name}),
        withdraw_form=withdraw_form or WithdrawCommentForm(),
    )


def _back(request, plan, c):
    if c.village_id and not can(request.user, Action.COMMENT, plan):
        return reverse("consultation:village", args=[plan.pk, c.village_id])
    if c.commenter_id and c.commenter.unit_id and not can(request.user, Action.COMMENT, plan):
        return reverse("consultation:step", args=[plan.pk, Step.VOTER_CONTACT])
    return reverse("consultation:comments", args=[plan.pk])


@login_required
@require_POST
def correct_comment(request, pk: int, comment: int):
    plan, c = _correctable(request, pk, comment)
    form = CorrectCommentForm(request.POST)
    if form.is_valid() and _try(
        form, lambda: actions.correct_comment(c, actor=request.user, **form.cleaned_data)
    ):
        return _done(request, _("The comment is corrected."), _back(request, plan, c))
    response = edit_comment(request, pk, comment, correct_form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def withdraw_comment(request, pk: int, comment: int):
    plan, c = _correctable(request, pk, comment)
    form = WithdrawCommentForm(request.POST)
    back = _back(request, plan, c)
    if form.is_valid() and _try(
        form, lambda: actions.withdraw_comment(c, actor=request.user, **form.cleaned_data)
    ):
        return _done(request, _("The comment is withdrawn."), back)
    response = edit_comment(request, pk, comment, withdraw_form=form)
    response.status_code = 400
    return response


# ---------------------------------------------------------------------------------------------------------------
# Step 5: one village's part of the draft
# ---------------------------------------------------------------------------------------------------------------


def village(request, pk: int, village: int, form=None):
    plan = _plan(request, pk)
    unit = get_object_or_404(_villages(plan), pk=village)
    number = query.number(request, "version", 0, low=0, high=DRAFT_NUMBERS)
    conf = plan.steps.filter(step=Step.VOTER_CONTACT).select_related("version").first()
    if number:
        v = get_object_or_404(DraftVersion, plan=plan, number=number)
    else:
        v = (conf.version if conf and conf.version_id else None) or actions.last_version(plan)
    part = core.village_part(v.content, unit.pk) if v else core.VillagePart()
    meeting = Meeting.objects.filter(
        plan_steps__plan=plan, plan_steps__step=Step.VOTER_CONTACT, unit=unit
    ).first()
    village_comments = list(
        plan.comments.filter(village=unit)
        .select_related("version", "village")
        .order_by("-version__number", "id")
    )
    for c in village_comments:
        c.may_correct = _may_correct(request, plan, c)
    if form is None and v is not None:
        if _rights(request, plan)["can_comment"]:
            form = _comment_form(plan, v, village=unit, keys=part.keys)
        elif _own_village(request, plan, unit.pk) is not None:
            form = _comment_form(plan, v, village=unit, keys=part.keys, only_village=True)
    return _page(
        request,
        plan,
        "consultation/village.html",
        "steps",
        village=unit,
        version=v,
        part=display.village_rows(part, v.content if v else None),
        meeting=meeting,
        comments=village_comments,
        form=form,
    )
