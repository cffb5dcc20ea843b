"""A meeting's participation warnings: the core rules applied to its figures, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sedp.core import participation as rules

from .models import Kind, Meeting, RuleWarningAcceptance


@dataclass
class ShownWarning:
    key: str
    message: str
    figures: dict
    acceptance: RuleWarningAcceptance | None

    @property
    def accepted(self) -> bool:
        return self.acceptance is not None


def working_group_of(meeting: Meeting, attendees=None) -> rules.WorkingGroup | None:
    """Who is in the working group, as far as this meeting records it: the attendee list first (members are
    ticked, or everyone at a working-group meeting), then the figures typed on the attendance page."""
    attendees = list(meeting.attendees.all()) if attendees is None else attendees
    is_wg_meeting = meeting.kind == Kind.WORKING_GROUP
    members = [a for a in attendees if a.in_working_group or is_wg_meeting]
    if members:
        return rules.WorkingGroup(
            members=len(members),
            women=sum(a.sex == "f" for a in members),
            trained=sum(a.trained for a in members),
        )
    if meeting.wg_members is not None:
        return rules.WorkingGroup(meeting.wg_members, meeting.wg_women or 0, meeting.wg_trained)
    if is_wg_meeting and meeting.attendance:
        return rules.WorkingGroup(meeting.attendance, meeting.women, meeting.wg_trained)
    return None


def _pct(value) -> str:
    return number_format(value, decimal_pos=1)


def message(w: rules.RuleWarning) -> str:
    f = w.figures
    if w.key == rules.WOMEN_SHARE:
        return _(
            "Women are %(percent)s %% of the attendees (%(women)d of %(total)d); the rule asks for at least "
            "%(minimum)d %%."
        ) % {**f, "percent": _pct(f["percent"])}
    if w.key == rules.WG_SIZE:
        return (
            _(
                "The working group has %(members)d members; the rule asks for about %(target)d "
                "(%(low)d to %(high)d)."
            )
            % f
        )
    if w.key == rules.WG_WOMEN:
        return _(
            "Women are %(percent)s %% of the working group (%(women)d of %(members)d); the rule asks for at "
            "least %(minimum)d %%."
        ) % {**f, "percent": _pct(f["percent"])}
    if w.key == rules.WG_TRAINED:
        return (
            _(
                "%(trained)d working-group members are trained in planning; the rule asks for at least %(minimum)d."
            )
            % f
        )
    if w.key == rules.CHAIR:
        return _("The meeting was not chaired by the head of the self-management board or the deputy.")
    return w.key


def warnings_for(meeting: Meeting, attendees=None, acceptances=None) -> list[ShownWarning]:
    acceptances = list(meeting.acceptances.all()) if acceptances is None else acceptances
    accepted = {a.rule: a for a in acceptances}
    found = rules.check_meeting(
        meeting.kind,
        men=meeting.men,
        women=meeting.women,
        chair_role=meeting.chair_role,
        working_group=working_group_of(meeting, attendees),
    )
    return [ShownWarning(w.key, message(w), w.figures, accepted.get(w.key)) for w in found]
