"""Forms of the consultation pages. Every error names its field, in Vietnamese, and a bound form is shown again
with what was typed."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sedp.meetings.fields import LongTextField, date_field, text_field
from sedp.plans.models import Mode, State

from .models import CommenterKind, Resolution, TeamRole, Venue


def time_field(label=None) -> forms.TimeField:
    label = label or _("Time")
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
        error_messages={"invalid": format_lazy(_("“{}”: enter a time as hh:mm, e.g. 08:00."), label)},
    )


def at(day, hour: time | None) -> datetime:
    return timezone.make_aware(datetime.combine(day, hour or time(8)))


def _textarea(label, *, required=False, rows=2):
    return LongTextField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": format_lazy(_("“{}” is required."), label)},
    )


class MemberForm(forms.Form):
    name = text_field(_("Name"), max_length=150)
    position = text_field(_("Position"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors they draft"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = sectors


class StepForm(forms.Form):
    starts_on = date_field(_("From"), required=False)
    ends_on = date_field(_("To"), required=False)
    responsible = text_field(pgettext_lazy("person", "Responsible"), required=False, max_length=150)


class DoneForm(forms.Form):
    done_on = date_field(_("Done on"), required=False)


class StepMeetingForm(forms.Form):
    date = date_field(_("Date"))
    time = time_field()
    place = text_field(_("Place"), required=False)
    chair_name = text_field(_("Chair"), required=False, max_length=150)
    version = forms.ModelChoiceField(
        empty_label="—",
        label=_("Draft version discussed"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a draft version of this plan.")},
    )

    def __init__(self, *args, versions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if versions is None:
            del self.fields["version"]
        else:
            self.fields["version"].queryset = versions
            self.fields["version"].label_from_instance = lambda v: _("Draft %(n)d") % {"n": v.number}

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": at(data["date"], data["time"]),
            "place": data["place"],
            "chair_name": data["chair_name"],
        }


class DiscussionForm(forms.Form):
    sector = forms.ModelChoiceField(
        empty_label="—",
        label=_("Sector"),
        queryset=None,
        error_messages={"required": _("“Sector” is required.")},
    )
    lessons = _textarea(_("(a) Lessons from last year"))
    problems = _textarea(_("(b) Problems to focus on"))
    resources = _textarea(_("Resources needed"))
    resources_from = _textarea(_("Where the resources come from"))

    def __init__(self, *args, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors


class AssignmentForm(forms.Form):
    section = text_field(_("Section of the draft"), max_length=200)
    owner = forms.ModelChoiceField(
        empty_label="—",
        label=_("Drafted by"),
        queryset=None,
        error_messages={"required": _("“Drafted by” is required.")},
    )
    sector = forms.ModelChoiceField(empty_label="—", label=_("Sector"), queryset=None, required=False)
    deadline = date_field(_("Deadline"))

    def __init__(self, *args, team, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team
        self.fields["sector"].queryset = sectors


class FreezeForm(forms.Form):
    note = forms.CharField(
        label=_("Note (what this draft is for)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. for the comment conference")}),
    )


class DistributionForm(forms.Form):
    distributed_on = date_field(_("Sent to everyone invited on"), required=False)


class ReasonForm(forms.Form):
    reason = _textarea(_("Why the draft reached people less than 3 days before"), required=True, rows=2)


class CommentForm(forms.Form):
    """A comment on a draft. At a commune it comes from the conference, a sector group or a village; at a province
    or district from a department (a body on the plan's list), in writing or at the conference, or from a unit
    of the lower level (`upper=True`: no village, a body and a unit below instead)."""

    item_key = forms.ChoiceField(label=_("Part of the draft"))
    text = _textarea(_("Comment"), required=True, rows=3)
    commenter = forms.ModelChoiceField(
        empty_label="—",
        label=_("From the body"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a body on this plan's list.")},
    )
    author_name = text_field(_("Made by"), max_length=150, required=False)
    venue = forms.ChoiceField(label=_("Where"), choices=Venue.choices)
    village = forms.ModelChoiceField(empty_label="—", label=_("Village"), queryset=None, required=False)
    lower_unit = forms.ModelChoiceField(
        empty_label="—",
        label=_("Unit of the lower level"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a unit directly under this plan's unit.")},
    )
    sector = forms.ModelChoiceField(empty_label="—", label=_("Sector group"), queryset=None, required=False)
    meeting = forms.ModelChoiceField(
        empty_label="—", label=_("At the meeting"), queryset=None, required=False
    )

    def __init__(
        self,
        *args,
        items,
        villages,
        sectors,
        meetings,
        commenters=None,
        lower_units=None,
        upper=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["item_key"].choices = items
        self.fields["village"].queryset = villages
        self.fields["sector"].queryset = sectors
        self.fields["meeting"].queryset = meetings
        self.upper = upper
        if commenters is None:
            del self.fields["commenter"]
        else:
            self.fields["commenter"].queryset = commenters
        if upper:
            del self.fields["village"]
            self.fields["lower_unit"].queryset = lower_units
            self.fields["venue"].choices = [
                (v, label) for v, label in Venue.choices if v not in (Venue.VILLAGE,)
            ]
        else:
            del self.fields["lower_unit"]
            self.fields["venue"].choices = [(v, label) for v, label in Venue.choices if v != Venue.LOWER_UNIT]
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.get_kind_display()} — {m.unit.name}, {timezone.localtime(m.starts_at):%d/%m/%Y}"
        )

    def clean(self):
        data = super().clean()
        # Said here as well as in the action, so every missing field is named on the first try.
        if data.get("venue") == Venue.VILLAGE and not data.get("village"):
            self.add_error(
                "village", _("“Village” is required for a comment from a voter-contact conference.")
            )
        if data.get("venue") == Venue.SECTOR_GROUP and not data.get("sector"):
            self.add_error("sector", _("“Sector group” is required for a comment from a sector group."))
        if (
            data.get("venue") == Venue.LOWER_UNIT
            and not data.get("lower_unit")
            and "lower_unit" in self.fields
        ):
            self.add_error(
                "lower_unit", _("“Unit of the lower level” is required for a comment from the consultation.")
            )
        if (
            not (data.get("author_name") or "").strip()
            and not data.get("commenter")
            and not data.get("lower_unit")
        ):
            self.add_error("author_name", self.fields["author_name"].error_messages["required"])
        return data


class CorrectCommentForm(forms.Form):
    text = _textarea(_("Comment"), required=True, rows=3)
    author_name = text_field(_("Made by"), max_length=150)


class WithdrawCommentForm(forms.Form):
    reason = _textarea(_("Why it is withdrawn"), required=True)


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Resolution"),
        choices=[(v, label) for v, label in Resolution.choices if v != Resolution.PENDING],
    )
    resolution_reason = _textarea(_("How it was resolved, and why"))


class VoterContactForm(forms.Form):
    """One date field per village: the villages given a date get their voter-contact conference."""

    time = time_field()
    place = text_field(_("Place"), required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.villages = list(villages)
        for v in self.villages:
            self.fields[f"date_{v.pk}"] = date_field(v.name, required=False)

    def rows(self):
        data = self.cleaned_data
        return [
            (v, at(data[f"date_{v.pk}"], data["time"])) for v in self.villages if data.get(f"date_{v.pk}")
        ]

    def village_fields(self):
        return [(v, self[f"date_{v.pk}"]) for v in self.villages]


class CommenterForm(forms.Form):
    name = text_field(_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(v, label) for v, label in CommenterKind.choices if v != CommenterKind.LOWER_UNIT],
        initial=CommenterKind.DEPARTMENT,
    )


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    meeting = forms.ModelChoiceField(
        empty_label="—", label=_("Adopted at the meeting"), queryset=None, required=False
    )
    resolution_number = text_field(_("People's Council resolution number"), required=False, max_length=40)
    resolution_date = date_field(_("Resolution date"), required=False)

    def __init__(self, *args, meetings, resolution_labels=None, meeting_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        if resolution_labels:  # "Số nghị quyết của Hội đồng nhân dân tỉnh"
            self.fields["resolution_number"].label, self.fields["resolution_date"].label = resolution_labels
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{meeting_name or m.get_kind_display()}, {timezone.localtime(m.starts_at):%d/%m/%Y}"
        )


class ModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Planning mode"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the planning mode."),
            "invalid_choice": _("Choose the planning mode."),
        },
    )


class ProcessStepForm(forms.Form):
    """A step of the seven (MOP-SEDP): its dates, who took part, what came out of it."""

    starts_on = date_field(_("From"), required=False)
    ends_on = date_field(_("To"), required=False)
    done_on = date_field(_("Done on"), required=False)
    participants = LongTextField(label=_("Participants"), required=False)
    meetings = forms.ModelMultipleChoiceField(
        label=_("Meetings held"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose meetings of the commune or its villages.")},
    )
    outputs = LongTextField(label=_("Outputs"), required=False)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meetings"].queryset = meetings
        self.fields["meetings"].label_from_instance = lambda m: (
            f"{m.get_kind_display()} — {m.unit.name}, {timezone.localtime(m.starts_at):%d/%m/%Y}"
        )
