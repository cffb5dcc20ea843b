"""Changes in a commune plan's consultation (source 000's six steps): each one atomic and written to the audit log.

The planning team, the schedule of the six steps and their meetings, the sector group discussions of step 1, the
drafting assignments of step 2, frozen draft versions, comments and their resolution, the voter-contact
conferences of step 5, and the moves of the plan's state (`move`), checked against the table in
`sedp.core.consultation`.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sedp.audit.actions import record, snapshot
from sedp.core import consultation as core
from sedp.exports import warming
from sedp.meetings.actions import create_meeting
from sedp.meetings.models import Kind as MeetingKind
from sedp.meetings.models import Meeting
from sedp.places.choices import Level
from sedp.plans.meplan.actions import indicators_without_me_row
from sedp.plans.models import Kind as PlanKind
from sedp.plans.models import Part, Plan, PlanItem, State

from . import levels
from .content import plan_content
from .models import (
    Assignment,
    Comment,
    Commenter,
    CommenterKind,
    DraftVersion,
    Move,
    Resolution,
    ScheduledStep,
    SectorDiscussion,
    Step,
    TeamMember,
    TeamRole,
    Venue,
)

STEP_MEETING_KIND = {
    Step.NEEDS_CONFERENCE: MeetingKind.NEEDS_CONFERENCE,
    Step.DRAFTING: MeetingKind.DRAFTING_MEETING,
    Step.COMMENT_CONFERENCE: MeetingKind.COMMENT_CONFERENCE,
    Step.REVISION: MeetingKind.REVISION_MEETING,
    Step.VOTER_CONTACT: MeetingKind.VOTER_CONTACT,
    Step.ADOPTION: MeetingKind.ADOPTION_MEETING,
}
STEP_FIELDS = ["starts_on", "ends_on", "responsible", "done_on", "version_id", "warning_reason"]
DISCUSSION_FIELDS = ["lessons", "problems", "resources", "resources_from"]


def _open(plan: Plan) -> None:
    """The plan's content and its consultation records change only until the commune adopts it."""
    if not plan.is_editable:
        raise ValidationError(
            _("This plan is %(state)s and locked: its consultation records can no longer change.")
            % {"state": plan.get_state_display()}
        )


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)


def scheduled(plan: Plan, step: int) -> ScheduledStep:
    return ScheduledStep.objects.get_or_create(plan=plan, step=step)[0]


def _village_of(plan: Plan, village):
    if village is None or village.level != Level.VILLAGE or village.parent_id != plan.unit_id:
        raise ValidationError({"village": _("Choose a village of %(unit)s.") % {"unit": plan.unit.name}})
    return village


# ---------------------------------------------------------------------------------------------------------------
# The planning team
# ---------------------------------------------------------------------------------------------------------------


def _member_data(m: TeamMember) -> dict:
    return {
        "name": m.name,
        "position": m.position,
        "role": m.role,
        "sectors": sorted(s.name for s in m.sectors.all()),
    }


@transaction.atomic
def add_member(plan: Plan, *, actor, name: str, role: str, position: str = "", sectors=(), user=None):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("“Name” is required.")})
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose the member's role in the team.")})
    if role != TeamRole.MEMBER:
        taken = plan.team.filter(role=role).first()
        if taken is not None:
            raise ValidationError(
                {
                    "role": _("The team already has a %(role)s: %(name)s. Remove them first.")
                    % {"role": TeamRole(role).label, "name": taken.name}
                }
            )
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(
                plan=plan, name=name, role=role, position=(position or "").strip(), user=user
            )
    except IntegrityError as exc:  # a second leader or compiler added at the same moment
        raise ValidationError({"role": _("The team already has one.")}) from exc
    member.sectors.set(sectors)
    record(actor, "consultation.add_member", plan, after=_member_data(member))
    return member


@transaction.atomic
def remove_member(member: TeamMember, *, actor) -> None:
    if member.assignments.exists():
        raise ValidationError(
            _("%(name)s still has sections of the draft to write: give them to someone else first.")
            % {"name": member.name}
        )
    record(actor, "consultation.remove_member", member.plan, before=_member_data(member))
    member.delete()


# ---------------------------------------------------------------------------------------------------------------
# The schedule
# ---------------------------------------------------------------------------------------------------------------


def _commune_plan_start(plan: Plan) -> date | None:
    """The first day of the cycle's milestone for this plan: the commune's plan, or the district's or province's."""
    if plan.cycle_id is None:
        return None
    key = "upper_plan" if levels.is_upper(plan) else "commune_plan"
    milestone = plan.cycle.milestones.filter(key=key).first()
    return milestone.starts_on if milestone else None


@transaction.atomic
def propose_schedule(plan: Plan, *, actor) -> list[ScheduledStep]:
    """The default dates of the six steps, for the steps that have none yet (nothing typed is overwritten): early
    June for a commune, 20 June – 15 July for a district or province."""
    upper = levels.is_upper(plan)
    start = core.default_start(plan.year_from, _commune_plan_start(plan), upper=upper)
    existing = {s.step: s for s in plan.steps.all()}
    changed = []
    for row in core.default_schedule(start, upper=upper):
        step = existing.get(row.step) or ScheduledStep(plan=plan, step=row.step)
        if step.starts_on is None and step.ends_on is None:
            step.starts_on, step.ends_on = row.starts_on, row.ends_on
            step.save()
            changed.append(step)
    record(
        actor,
        "consultation.propose_schedule",
        plan,
        after={str(s.step): [s.starts_on.isoformat(), s.ends_on.isoformat()] for s in changed},
    )
    return list(plan.steps.all())


@transaction.atomic
def update_step(step: ScheduledStep, *, actor, starts_on, ends_on, responsible: str = "") -> ScheduledStep:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("“To” is before “From”.")})
    before = snapshot(step, STEP_FIELDS)
    step.starts_on, step.ends_on, step.responsible = starts_on, ends_on, (responsible or "").strip()
    step.save(update_fields=["starts_on", "ends_on", "responsible"])
    record(actor, "consultation.update_step", step.plan, before=before, after=snapshot(step, STEP_FIELDS))
    return step


@transaction.atomic
def mark_step_done(step: ScheduledStep, *, actor, done_on: date | None) -> ScheduledStep:
    """Mark a step done on a day (or not done again with None)."""
    before = snapshot(step, STEP_FIELDS)
    step.done_on = done_on
    step.save(update_fields=["done_on"])
    record(actor, "consultation.mark_step_done", step.plan, before=before, after=snapshot(step, STEP_FIELDS))
    return step


@transaction.atomic
def hold_meeting(plan: Plan, step: int, *, actor, starts_at: datetime, version=None, **fields) -> Meeting:
    """A meeting of a step at the commune (steps 1–4 and 6), linked to the step. Step 3's comment conference is
    held on a frozen draft version."""
    if step == Step.VOTER_CONTACT:
        raise ValueError("voter contacts are held in the villages: create_voter_contacts")
    sstep = scheduled(plan, step)
    if step == Step.COMMENT_CONFERENCE:
        if version is None:
            raise ValidationError({"version": _("Choose the draft version discussed at the conference.")})
        if version.plan_id != plan.pk:
            raise ValidationError({"version": _("This draft version belongs to another plan.")})
    meeting = create_meeting(
        plan.unit, actor=actor, kind=STEP_MEETING_KIND[step], starts_at=starts_at, cycle=plan.cycle, **fields
    )
    sstep.meetings.add(meeting)
    if version is not None:
        sstep.version = version
        sstep.save(update_fields=["version"])
    record(
        actor,
        "consultation.hold_meeting",
        plan,
        after={"step": step, "meeting": meeting.pk, "version": version.number if version else None},
    )
    return meeting


@transaction.atomic
def create_voter_contacts(plan: Plan, rows, *, actor, version=None, place: str = "") -> list[Meeting]:
    """Step 5: a voter-contact conference in each chosen village, each on its own date, in one go.
    `rows` are (village, starts_at) pairs; a village may meet only once per plan."""
    _open(plan)
    rows = list(rows)
    if not rows:
        raise ValidationError({"villages": _("Choose at least one village.")})
    sstep = scheduled(plan, Step.VOTER_CONTACT)
    already = set(sstep.meetings.values_list("unit_id", flat=True))
    meetings = []
    for village, starts_at in rows:
        _village_of(plan, village)
        if village.pk in already:
            raise ValidationError(
                {
                    "villages": _("%(village)s already has its voter-contact conference.")
                    % {"village": village.name}
                }
            )
        meetings.append(
            create_meeting(
                village,
                actor=actor,
                kind=MeetingKind.VOTER_CONTACT,
                starts_at=starts_at,
                cycle=plan.cycle,
                place=place,
            )
        )
    sstep.meetings.add(*meetings)
    version = version or plan.draft_versions.order_by("-number").first()
    if version is not None and sstep.version_id is None:
        sstep.version = version
        sstep.save(update_fields=["version"])
    record(
        actor,
        "consultation.create_voter_contacts",
        plan,
        after={"meetings": [[m.unit.name, m.starts_at.isoformat()] for m in meetings]},
    )
    return meetings


# ---------------------------------------------------------------------------------------------------------------
# Step 1: sector group discussions; step 2: drafting assignments
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def save_discussion(plan: Plan, sector, *, actor, meeting=None, **answers) -> SectorDiscussion:
    """A sector group's answers at the needs conference: one record per sector. Written again, the answers given
    replace the old ones and those left blank keep what was written before (a group reports in several goes)."""
    _open(plan)
    unknown = set(answers) - set(DISCUSSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    answers = {k: (v or "").strip() for k, v in answers.items()}
    if not any(answers.values()):
        raise ValidationError({"lessons": _("Write at least one of the group's answers.")})
    discussion = SectorDiscussion.objects.filter(plan=plan, sector=sector).first()
    before = snapshot(discussion, DISCUSSION_FIELDS) if discussion else None
    if discussion is None:
        discussion = SectorDiscussion(plan=plan, sector=sector)
    for k, v in answers.items():
        if v:
            setattr(discussion, k, v)
    discussion.meeting = meeting or discussion.meeting
    discussion.save()
    record(
        actor,
        "consultation.save_discussion",
        plan,
        before=before,
        after={"sector": sector.name, **snapshot(discussion, DISCUSSION_FIELDS)},
    )
    return discussion


@transaction.atomic
def add_assignment(plan: Plan, *, actor, section: str, owner: TeamMember, deadline: date, sector=None):
    _open(plan)
    section = (section or "").strip()
    if not section:
        raise ValidationError({"section": _("“Section of the draft” is required.")})
    if owner.plan_id != plan.pk:
        raise ValidationError({"owner": _("Choose a member of this plan's team.")})
    assignment = Assignment.objects.create(
        plan=plan, section=section, owner=owner, deadline=deadline, sector=sector
    )
    record(
        actor,
        "consultation.add_assignment",
        plan,
        after={"section": section, "owner": owner.name, "deadline": deadline.isoformat()},
    )
    return assignment


@transaction.atomic
def mark_assignment_done(assignment: Assignment, *, actor, done_on: date | None) -> Assignment:
    before = {"done_on": assignment.done_on.isoformat() if assignment.done_on else None}
    assignment.done_on = done_on
    assignment.save(update_fields=["done_on"])
    record(
        actor,
        "consultation.mark_assignment_done",
        assignment.plan,
        before={"section": assignment.section, **before},
        after={"section": assignment.section, "done_on": done_on.isoformat() if done_on else None},
    )
    return assignment


@transaction.atomic
def remove_assignment(assignment: Assignment, *, actor) -> None:
    record(
        actor,
        "consultation.remove_assignment",
        assignment.plan,
        before={"section": assignment.section, "owner": assignment.owner.name},
    )
    assignment.delete()


# ---------------------------------------------------------------------------------------------------------------
# Frozen drafts
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def freeze(plan: Plan, *, actor, note: str = "") -> DraftVersion:
    """Draft n+1: the plan's current content, kept as it is now, never changed afterwards.

    If nothing has changed since the last draft and nobody has worked on that draft yet (the same button pressed
    twice, a form sent again), that draft is returned, marked `unchanged`. A draft already taken to a step of the
    consultation or commented on may be followed by an identical one: the revised draft after a conference that
    changed nothing."""
    plan = _locked_plan(plan)
    _open(plan)
    content = plan_content(plan)
    last = plan.draft_versions.order_by("-number").first()
    if (
        last is not None
        and last.content == json.loads(json.dumps(content, cls=DjangoJSONEncoder))
        and not last.comments.exists()
        and not ScheduledStep.objects.filter(plan=plan, version=last).exists()
    ):
        last.unchanged = True
        return last
    number = (last.number if last else 0) + 1
    version = DraftVersion.objects.create(
        plan=plan, number=number, content=content, note=(note or "").strip(), frozen_by=actor
    )
    record(
        actor,
        "consultation.freeze",
        plan,
        after={"number": number, "items": len(version.content["items"]), "note": version.note},
    )
    warming.schedule(plan)  # its .pdf and .docx made after the commit, for the readers of this draft
    return version


@transaction.atomic
def set_distribution(version: DraftVersion, *, actor, distributed_on: date | None) -> DraftVersion:
    """The day the draft was sent to everyone invited to the comment conference."""
    before = {"distributed_on": version.distributed_on.isoformat() if version.distributed_on else None}
    version.distributed_on = distributed_on
    version.save(update_fields=["distributed_on"])
    record(
        actor,
        "consultation.set_distribution",
        version.plan,
        before={"number": version.number, **before},
        after={
            "number": version.number,
            "distributed_on": distributed_on.isoformat() if distributed_on else None,
        },
    )
    return version


def conference_date(step: ScheduledStep) -> date | None:
    """The day of the comment conference: its first meeting if held (or planned), else the step's first day."""
    meetings = sorted(step.meetings.all(), key=lambda m: m.starts_at)
    if meetings:
        return timezone.localtime(meetings[0].starts_at).date()
    return step.starts_on


def distribution_warning(step: ScheduledStep) -> core.DistributionWarning | None:
    """Source 000, step 3: everyone receives the draft at least 3 days before the conference."""
    if step.version_id is None:
        return None
    return core.distribution_warning(step.version.distributed_on, conference_date(step))


@transaction.atomic
def explain_distribution(plan: Plan, *, actor, reason: str) -> ScheduledStep:
    """The team's written reason for holding the comment conference with less than 3 days' notice."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the draft reached people less than 3 days before.")})
    step = scheduled(plan, Step.COMMENT_CONFERENCE)
    before = {"warning_reason": step.warning_reason}
    step.warning_reason = reason
    step.save(update_fields=["warning_reason"])
    record(
        actor,
        "consultation.explain_distribution",
        plan,
        before=before,
        after={"warning_reason": reason},
        reason=reason,
    )
    return step


# ---------------------------------------------------------------------------------------------------------------
# The bodies asked to comment: departments (sở, ban, ngành), a district's offices, the communes below
# ---------------------------------------------------------------------------------------------------------------


def _commenter_data(c: Commenter) -> dict:
    return {"name": c.name, "kind": c.kind, "unit": c.unit_id}


@transaction.atomic
def add_commenter(plan: Plan, *, actor, name: str, kind: str = CommenterKind.DEPARTMENT) -> Commenter:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("“Name” is required.")})
    if kind not in (CommenterKind.DEPARTMENT, CommenterKind.ORGANISATION):
        raise ValidationError({"kind": _("Choose a department or another body.")})
    if plan.commenters.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("%(name)s is on the list already.") % {"name": name}})
    commenter = Commenter.objects.create(plan=plan, name=name, kind=kind)
    record(actor, "consultation.add_commenter", plan, after=_commenter_data(commenter))
    return commenter


@transaction.atomic
def add_usual_departments(plan: Plan, *, actor) -> list[Commenter]:
    """The departments a province (the offices a district) usually asks, those not on the list yet."""
    have = {n.lower() for n in plan.commenters.values_list("name", flat=True)}
    added = [
        Commenter.objects.create(plan=plan, name=name, kind=CommenterKind.DEPARTMENT)
        for name in levels.usual_departments(plan)
        if name.lower() not in have
    ]
    record(actor, "consultation.add_usual_departments", plan, after={"added": [c.name for c in added]})
    return added


@transaction.atomic
def remove_commenter(commenter: Commenter, *, actor) -> None:
    if commenter.comments.exists():
        raise ValidationError(
            _("%(name)s has comments recorded: it stays on the list.") % {"name": commenter.name}
        )
    record(actor, "consultation.remove_commenter", commenter.plan, before=_commenter_data(commenter))
    commenter.delete()


def lower_commenter(plan: Plan, unit) -> Commenter:
    """The commenting body of a unit below the plan's (a commune of the province), made the first time it comments."""
    if unit is None or not levels.lower_units(plan).filter(pk=unit.pk).exists():
        raise ValidationError(
            {"lower_unit": _("Choose a unit directly under %(unit)s.") % {"unit": plan.unit.name}}
        )
    commenter = plan.commenters.filter(unit=unit).first()
    if commenter is None:
        name = unit.name
        if plan.commenters.filter(name__iexact=name).exists():  # a department typed with the same name
            name = f"{name} ({unit.code})"
        commenter = Commenter.objects.create(plan=plan, name=name, kind=CommenterKind.LOWER_UNIT, unit=unit)
    return commenter


# ---------------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------------


def _who_and_what(author_name: str, text: str, errors: dict[str, str]) -> tuple[str, str]:
    """A comment's author and text, stripped; a missing one is added to ``errors`` under its field."""
    author_name, text = (author_name or "").strip(), (text or "").strip()
    if not author_name:
        errors["author_name"] = _("“Made by” is required: write who made the comment.")
    if not text:
        errors["text"] = _("“Comment” is required.")
    return author_name, text


def _comment_data(c: Comment) -> dict:
    return {
        "version": c.version.number,
        "item": c.item_key,
        "author": c.author_name,
        "venue": c.venue,
        "body": c.commenter.name if c.commenter_id else None,
        "text": c.text,
        "resolution": c.resolution,
        "reason": c.resolution_reason,
    }


def _item_label(version: DraftVersion, key: str) -> str | None:
    for item in core.items_of(version.content):
        if item["key"] == key:
            return item.get("label") or key
    return None


@transaction.atomic
def add_comment(
    version: DraftVersion,
    *,
    actor,
    author_name: str,
    text: str,
    venue: str = Venue.CONFERENCE,
    item_key: str = "plan",
    meeting=None,
    village=None,
    sector=None,
    commenter: Commenter | None = None,
    lower_unit=None,
) -> Comment:
    """A comment on a part of a frozen draft. It may name the body it came from (`commenter`: a department, an
    organisation); one from the consultation of the lower level names the unit below (`lower_unit`), whose body
    is the comment's. Without a person's name, the body's name is the author's."""
    plan = version.plan
    _open(plan)
    errors: dict[str, str] = {}
    upper = levels.is_upper(plan)
    if commenter is not None and commenter.plan_id != plan.pk:
        errors["commenter"] = _("Choose a body on this plan's list.")
    if venue == Venue.LOWER_UNIT:
        if not upper:
            errors["venue"] = _("A commune plan is consulted in its villages: choose the voter contact.")
        elif lower_unit is None:
            errors["lower_unit"] = _(
                "“Unit of the lower level” is required for a comment from the consultation."
            )
        else:
            try:
                commenter = lower_commenter(plan, lower_unit)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    elif venue == Venue.VILLAGE and upper:
        errors["venue"] = _(
            "Villages comment on their commune's plan; choose the consultation of the lower level."
        )
    if not (author_name or "").strip() and commenter is not None and "commenter" not in errors:
        author_name = commenter.name
    author_name, text = _who_and_what(author_name, text, errors)
    label = _item_label(version, item_key or "plan")
    if label is None:
        errors["item_key"] = _("Choose a part of draft %(n)d.") % {"n": version.number}
    if venue not in Venue.values:
        errors["venue"] = _("Choose where the comment was made.")
    if venue == Venue.VILLAGE:
        if village is None:
            errors["village"] = _("“Village” is required for a comment from a voter-contact conference.")
        else:
            try:
                _village_of(plan, village)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if venue == Venue.SECTOR_GROUP and sector is None:
        errors["sector"] = _("“Sector group” is required for a comment from a sector group.")
    if meeting is not None and meeting.unit_id not in (plan.unit_id, getattr(village, "pk", None)):
        errors["meeting"] = (
            _("The meeting must be held by %(unit)s.") % {"unit": plan.unit.name}
            if upper
            else _("The meeting must be held in the commune or in the comment's village.")
        )
    if errors:
        raise ValidationError(errors)
    comment = Comment.objects.create(
        plan=plan,
        version=version,
        item_key=item_key or "plan",
        item_label=label[:300],
        text=text,
        author_name=author_name,
        venue=venue,
        meeting=meeting,
        village=village if venue == Venue.VILLAGE else None,
        sector=sector if venue == Venue.SECTOR_GROUP else None,
        commenter=commenter,
        created_by=actor,
    )
    record(actor, "consultation.add_comment", plan, after=_comment_data(comment))
    return comment


@transaction.atomic
def resolve_comment(comment: Comment, *, actor, resolution: str, reason: str = "") -> Comment:
    """Accepted, partly accepted or not accepted; the reason is required unless the comment is accepted."""
    _open(comment.plan)
    reason = (reason or "").strip()
    if resolution not in (Resolution.ACCEPTED, Resolution.PARTLY, Resolution.REJECTED):
        raise ValidationError({"resolution": _("Choose accepted, partly accepted or not accepted.")})
    if resolution != Resolution.ACCEPTED and not reason:
        raise ValidationError(
            {
                "resolution_reason": _(
                    "“How it was resolved, and why” is required when a comment is not fully accepted."
                )
            }
        )
    before = _comment_data(comment)
    comment.resolution, comment.resolution_reason = resolution, reason
    comment.resolved_by, comment.resolved_at = actor, timezone.now()
    comment.save(update_fields=["resolution", "resolution_reason", "resolved_by", "resolved_at"])
    record(actor, "consultation.resolve_comment", comment.plan, before=before, after=_comment_data(comment))
    return comment


@transaction.atomic
def correct_comment(comment: Comment, *, actor, text: str, author_name: str) -> Comment:
    """Correct what was typed (a typo, the wrong name) while the comment is not resolved yet."""
    _pending(comment)
    errors: dict[str, str] = {}
    author_name, text = _who_and_what(author_name, text, errors)
    if errors:
        raise ValidationError(errors)
    before = _comment_data(comment)
    comment.text, comment.author_name = text, author_name
    comment.save(update_fields=["text", "author_name"])
    record(actor, "consultation.correct_comment", comment.plan, before=before, after=_comment_data(comment))
    return comment


@transaction.atomic
def withdraw_comment(comment: Comment, *, actor, reason: str) -> None:
    """Take back a comment recorded by mistake (twice, on the wrong plan) while it is not resolved; the audit log
    keeps what it said and why it was withdrawn."""
    _pending(comment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("“Why it is withdrawn” is required.")})
    before = _comment_data(comment)
    plan = comment.plan
    comment.delete()
    record(actor, "consultation.withdraw_comment", plan, before=before, reason=reason)


def _pending(comment: Comment) -> None:
    _open(comment.plan)
    if comment.resolution != Resolution.PENDING:
        raise ValidationError(
            _("This comment is resolved already: it can no longer be changed (its resolution refers to it).")
        )


# ---------------------------------------------------------------------------------------------------------------
# The plan's state
# ---------------------------------------------------------------------------------------------------------------


def undecided_count(plan: Plan) -> int:
    """Village needs that reached the commune and have no fate in this plan yet.

    `sedp.plans.rollup.fates.undecided_count` is the authority (issue 5, traceability); until it exists, the needs of
    the Part 2 needs (asked of the budget) of the commune's villages' adopted annual plans of the plan year without
    a NeedLink in this plan are counted.
    """
    try:
        from sedp.plans.rollup.fates import undecided_count as tracing_count
    except ImportError:
        tracing_count = None
    if tracing_count is not None:
        return tracing_count(plan)
    items = PlanItem.objects.filter(
        plan__unit__parent=plan.unit,
        plan__kind=PlanKind.VILLAGE_ANNUAL,
        plan__year_from=plan.year_from,
        plan__state=State.ADOPTED,
        plan__next_version__isnull=True,
        part=Part.BUDGET,
    )
    return items.exclude(need__links__plan=plan).values("need").distinct().count()


def last_version(plan: Plan) -> DraftVersion | None:
    return plan.draft_versions.order_by("-number").first()


def _check(plan: Plan, t: core.Transition, data: dict) -> None:
    for need in t.needs:
        if need == core.NEEDS_VERSION and not plan.draft_versions.exists():
            raise ValidationError(
                _("Freeze a draft version first: the consultation is held on a frozen draft.")
            )
        if need == core.NEEDS_NEWER_VERSION:
            step = ScheduledStep.objects.filter(plan=plan, step=Step.COMMENT_CONFERENCE).first()
            if step is None or step.version_id is None:
                raise ValidationError(
                    _("Record the comment conference (step 3) and the draft version it discussed first.")
                )
            discussed = step.version.number
            if not plan.draft_versions.filter(number__gt=discussed).exists():
                raise ValidationError(
                    _("Freeze the revised draft first: draft %(n)d was discussed at the comment conference.")
                    % {"n": discussed}
                )
        if need == core.NEEDS_ALL_RESOLVED:
            open_count = plan.comments.filter(resolution=Resolution.PENDING).count()
            if open_count:
                raise ValidationError(
                    _("%(n)d comment(s) are not yet resolved: resolve every comment before adoption.")
                    % {"n": open_count}
                )
        if need == core.NEEDS_ALL_DECIDED:
            undecided = undecided_count(plan)
            if undecided:
                raise ValidationError(
                    _("%(n)d village need(s) have no fate yet: decide what becomes of each before adoption.")
                    % {"n": undecided}
                )
        if need == core.NEEDS_UNCHANGED:
            last = last_version(plan)
            if last is None or not core.same_content(last.content, plan_content(plan)):
                raise ValidationError(
                    _(
                        "The plan has changed since its last frozen draft: freeze it again, then adopt that draft."
                    )
                )
        if need == core.NEEDS_RESOLUTION:
            _resolution_given(plan, data)
    if plan.is_mop and t.target == State.ADOPTED:
        # MOP-SEDP (source 004, step 6): the plan is adopted as the People's Council passes it, on its complete
        # M&E plan (step 5).
        missing = indicators_without_me_row(plan)
        if missing:
            raise ValidationError(
                _(
                    "%(n)d indicator(s) have no row in the M&E plan: %(names)s. Say who measures each, when and "
                    "how before the plan goes to the People's Council."
                )
                % {"n": len(missing), "names": "; ".join(i.name for i in missing)}
            )
        _resolution_given(plan, data)


def _resolution_given(plan: Plan, data: dict) -> None:
    """The People's Council's resolution number and date, each named when missing."""
    errors = {}
    number_label, date_label = levels.resolution_labels(plan.unit)
    if not (data.get("resolution_number") or "").strip():
        errors["resolution_number"] = _("“%(field)s” is required.") % {"field": number_label}
    if not data.get("resolution_date"):
        errors["resolution_date"] = _("“%(field)s” is required.") % {"field": date_label}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def move(
    plan: Plan,
    to_state: str,
    *,
    actor,
    note: str = "",
    meeting=None,
    resolution_number: str = "",
    resolution_date: date | None = None,
) -> Plan:
    """Move the plan to `to_state` if the table allows it and what the move needs is there."""
    plan = _locked_plan(plan)
    t = core.transition(plan.state, to_state)
    if plan.is_mop and to_state == State.APPROVED and not (resolution_number or "").strip():
        # Recorded when the plan was adopted (MOP-SEDP): the approval keeps that resolution.
        resolution_number, resolution_date = plan.resolution_number, resolution_date or plan.resolution_date
    if t is None:
        raise ValidationError(
            _("A plan that is %(from)s cannot become %(to)s.")
            % {
                "from": plan.get_state_display(),
                "to": State(to_state).label if to_state in State.values else to_state,
            }
        )
    _check(plan, t, {"resolution_number": resolution_number, "resolution_date": resolution_date})
    before = snapshot(plan, ["state", "locked", "resolution_number", "resolution_date"])
    fields = ["state"]
    plan.state = to_state
    if to_state == State.IN_CONSULTATION and levels.is_upper(plan):
        # The departments comment in writing on the draft sent to them: that draft is step 3's, unless a comment
        # conference on another draft is recorded already.
        step = scheduled(plan, Step.COMMENT_CONFERENCE)
        if step.version_id is None:
            step.version = last_version(plan)
            step.save(update_fields=["version"])
        if step.version.distributed_on is None:  # sending it for comment is this move: it went out today
            set_distribution(step.version, actor=actor, distributed_on=timezone.localdate())
        note = note or _("Draft %(n)d sent to %(who)s for comment.") % {
            "n": step.version.number,
            "who": levels.departments_word(plan),
        }
    if to_state == State.SUBMITTED and levels.is_upper(plan):
        note = note or _("Submitted to %(to)s.") % {"to": levels.submitted_to(plan)}
    if t.locks:
        last = last_version(plan)
        plan.locked, plan.snapshot, plan.adopted_on = True, last.content, timezone.now()
        fields += ["locked", "snapshot", "adopted_on"]
        if meeting is not None:
            if meeting.unit_id != plan.unit_id:
                raise ValidationError(
                    {"meeting": _("The plan must be adopted at a meeting of its own unit.")}
                )
            plan.adopted_at, plan.adopted_on = meeting, meeting.starts_at  # adopted when the meeting was held
            fields.append("adopted_at")
        note = note or _("Draft %(n)d adopted.") % {"n": last.number}
        # Step 6 is the adoption: it is done on the day the plan is adopted (the meeting's, when there is one).
        step = scheduled(plan, Step.ADOPTION)
        if step.done_on is None:
            adopted = plan.adopted_on
            mark_step_done(
                step,
                actor=actor,
                done_on=timezone.localdate(adopted) if isinstance(adopted, datetime) else adopted,
            )
    if to_state == State.APPROVED or (to_state == State.ADOPTED and plan.is_mop):
        plan.resolution_number, plan.resolution_date = resolution_number.strip(), resolution_date
        fields += ["resolution_number", "resolution_date"]
    plan.save(update_fields=fields)
    Move.objects.create(
        plan=plan, from_state=t.source, to_state=t.target, by=actor, note=(note or "").strip()
    )
    record(
        actor,
        "consultation.move",
        plan,
        before=before,
        after=snapshot(plan, ["state", "locked", "resolution_number", "resolution_date"]),
        reason=note,
    )
    warming.schedule(plan)  # its .pdf and .docx made after the commit (adopted, submitted: read by others)
    return plan
