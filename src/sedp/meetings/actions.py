"""Changes to meetings: each one atomic and written to the audit log."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sedp.audit.actions import record, snapshot
from sedp.audit.guards import refuse_stale, submitted
from sedp.audit.models import AuditEntry
from sedp.core import participation as rules
from sedp.core.versions import fingerprint
from sedp.places.models import Unit

from .models import AgendaItem, Attendee, Meeting, Photo, RuleWarningAcceptance

MEETING_FIELDS = [
    "kind",
    "starts_at",
    "place",
    "chair_name",
    "chair_role",
    "secretary",
    "minutes",
    "cycle_id",
]
ATTENDANCE_FIELDS = ["men", "women", "breakdown", "wg_members", "wg_women", "wg_trained"]
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".heic"}
PHOTO_MAX_BYTES = 8 * 1024 * 1024


@transaction.atomic
def create_meeting(
    unit: Unit, *, actor, agenda: list[tuple[str, int]] = (), submission: str = "", **fields
) -> Meeting:
    """A new meeting of `unit`. `submission`: the one-time token of the form it comes from; the same form sent
    again (a double tap, a retry on a slow line) returns the meeting it made."""
    if submission:
        # The unit's row is locked while the token is looked up, so that a second submission waits for the
        # first and then finds it.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        if (done := submitted("meetings.create", submission)) is not None:
            found = Meeting.objects.filter(pk=done.object_id).first()
            if found is not None:
                return found
    meeting = Meeting.objects.create(unit=unit, created_by=actor if actor else None, **fields)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=i, title=title, duration=duration)
        for i, (title, duration) in enumerate(agenda)
    )
    after = snapshot(meeting, MEETING_FIELDS)
    record(actor, "meetings.create", meeting, after={**after, "form": submission} if submission else after)
    return meeting


def _edited(meeting: Meeting) -> dict:
    """What the meeting's edit form writes, as stored."""
    agenda = [[a.title, a.duration] for a in meeting.agenda.all()]
    return {**snapshot(meeting, MEETING_FIELDS), "agenda": agenda}


def version_of(meeting: Meeting) -> str:
    """The version the edit form carries (`sedp.audit.guards`)."""
    return fingerprint(_edited(meeting))


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, actor, agenda: list[tuple[str, int]] | None = None, version: str = "", **fields
) -> Meeting:
    """Change the meeting's `fields` (and its agenda when given). `version`: the one its edit form was loaded
    with; if someone saved the meeting since, `sedp.audit.guards.Stale` is raised and nothing is written."""
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    changes = AuditEntry.objects.filter(
        object_type="meetings.meeting",
        object_id=str(meeting.pk),
        action__in=["meetings.create", "meetings.update"],
    )
    refuse_stale(version, _edited(meeting), changes)
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=[*fields, "updated_at"])
    if agenda is not None:
        meeting.agenda.all().delete()
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, order=i, title=title, duration=duration)
            for i, (title, duration) in enumerate(agenda)
        )
        before["agenda"] = None
    after = snapshot(meeting, MEETING_FIELDS)
    if agenda is not None:
        after["agenda"] = [list(a) for a in agenda]
    record(actor, "meetings.update", meeting, before=before, after=after)
    return meeting


@transaction.atomic
def set_attendance(
    meeting: Meeting,
    *,
    actor,
    men: int,
    women: int,
    breakdown: dict | None = None,
    wg_members: int | None = None,
    wg_women: int | None = None,
    wg_trained: int | None = None,
) -> Meeting:
    if wg_members is not None and wg_women is not None and wg_women > wg_members:
        raise ValidationError({"wg_women": _("There are more women than members in the working group.")})
    before = snapshot(meeting, ATTENDANCE_FIELDS)
    meeting.men, meeting.women, meeting.breakdown = men, women, breakdown or {}
    meeting.wg_members, meeting.wg_women, meeting.wg_trained = wg_members, wg_women, wg_trained
    meeting.save(update_fields=[*ATTENDANCE_FIELDS, "updated_at"])
    record(
        actor, "meetings.set_attendance", meeting, before=before, after=snapshot(meeting, ATTENDANCE_FIELDS)
    )
    return meeting


@transaction.atomic
def add_attendee(meeting: Meeting, *, actor, **fields) -> Attendee:
    attendee = Attendee.objects.create(meeting=meeting, **fields)
    record(actor, "meetings.add_attendee", meeting, after={"attendee": attendee.pk, **fields})
    return attendee


@transaction.atomic
def remove_attendee(attendee: Attendee, *, actor) -> None:
    meeting = attendee.meeting
    record(
        actor, "meetings.remove_attendee", meeting, before={"attendee": attendee.pk, "name": attendee.name}
    )
    attendee.delete()


def check_photo(upload) -> None:
    """Images only, by extension and size: the server stores the file and never opens it."""
    if Path(upload.name).suffix.lower() not in PHOTO_EXTENSIONS:
        raise ValidationError({"file": _("The photo must be a .jpg, .jpeg, .png, .webp or .heic file.")})
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"file": _("The photo is larger than 8 MB.")})


@transaction.atomic
def add_photo(meeting: Meeting, upload, *, actor, caption: str = "") -> Photo:
    check_photo(upload)
    photo = Photo.objects.create(meeting=meeting, file=upload, caption=caption, uploaded_by=actor)
    record(actor, "meetings.add_photo", meeting, after={"photo": photo.pk, "file": photo.file.name})
    return photo


@transaction.atomic
def accept_warning(meeting: Meeting, rule: str, *, actor, reason: str) -> RuleWarningAcceptance:
    reason = (reason or "").strip()
    if rule not in rules.RULES:
        raise ValidationError({"rule": _("Unknown rule.")})
    if not reason:
        raise ValidationError({"reason": _("Write the reason for accepting this warning.")})
    acceptance, _created = RuleWarningAcceptance.objects.update_or_create(
        meeting=meeting, rule=rule, defaults={"reason": reason, "by": actor}
    )
    record(actor, "meetings.accept_warning", meeting, after={"rule": rule}, reason=reason)
    return acceptance
