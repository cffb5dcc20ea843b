from __future__ import annotations

import re
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .fields import DATE_INPUT, DMYDateField, EditForm, LongTextField, OnceForm, count_field, text_field
from .models import AgendaItem, ChairRole, Kind, Sex, Wealth, kinds_for_level

_AGENDA_LINE = re.compile(r"^(?P<title>.*?)[\s\-–—:;|,]+(?P<minutes>\d{1,3})\s*(phút|ph|min|minutes|')?\s*$")


def parse_agenda(text: str) -> list[tuple[str, int]]:
    """One item a line, its duration in minutes at the end: 'Bầu tổ công tác - 30' → ('Bầu tổ công tác', 30)."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        m = _AGENDA_LINE.match(line)
        items.append((m["title"].strip(), int(m["minutes"])) if m and m["title"].strip() else (line, 0))
    return items


def agenda_text(meeting) -> str:
    return "\n".join(f"{a.title} - {a.duration}" if a.duration else a.title for a in meeting.agenda.all())


class MeetingForm(EditForm):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Kind.choices)
    cycle = forms.ModelChoiceField(label=_("Planning cycle"), queryset=None, required=False)
    date = DMYDateField(
        label=_("Date"),
        widget=DATE_INPUT,
        error_messages={
            "invalid": _("“Date”: enter a date as dd/mm/yyyy, e.g. 15/05/2026."),
            "required": _("“Date” is required."),
        },
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
        error_messages={"invalid": _("“Time”: enter a time as hh:mm, e.g. 08:00.")},
    )
    place = text_field(_("Place"), required=False)
    chair_name = text_field(_("Chair"), required=False, max_length=150)
    chair_role = forms.ChoiceField(label=_("The chair is"), choices=ChairRole.choices)
    secretary = text_field(_("Secretary"), required=False, max_length=150)
    agenda = LongTextField(
        label=_("Agenda (one item a line, minutes at the end)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "Khai mạc - 10\nBầu tổ công tác - 30"}),
    )
    minutes = LongTextField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, cycles=None, unit=None, keep_kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles
        if unit is not None:
            self.fields["kind"].choices = kinds_for_level(unit.level, keep_kind)

    def clean_agenda(self) -> str:
        text = self.cleaned_data["agenda"]
        limit = AgendaItem._meta.get_field("title").max_length
        for number, (title, _minutes) in enumerate(parse_agenda(text), start=1):
            if len(title) > limit:
                raise forms.ValidationError(
                    format_lazy(
                        _("“{label}”, item {n}: an agenda item is at most {limit} characters."),
                        label=self.fields["agenda"].label,
                        n=number,
                        limit=limit,
                    )
                )
        return text

    def fields_for_action(self) -> dict:
        data = dict(self.cleaned_data)
        day, at = data.pop("date"), data.pop("time")
        data["starts_at"] = timezone.make_aware(datetime.combine(day, at or datetime.min.time()))
        data["agenda"] = parse_agenda(data.pop("agenda"))
        return data


class NewMeetingForm(OnceForm, MeetingForm):
    """A new meeting: sent twice (a double tap on a slow phone), it makes one meeting."""


class AttendanceForm(forms.Form):
    men = count_field(_("Men"), max_value=100000)
    women = count_field(_("Women"), max_value=100000)
    ethnic = LongTextField(
        label=_("By ethnic group (optional, one a line: group: number)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Ê Đê: 60\nKinh: 12"}),
    )
    poor = count_field(Wealth.POOR.label, required=False, max_value=100000)
    near_poor = count_field(Wealth.NEAR_POOR.label, required=False, max_value=100000)
    middle = count_field(Wealth.MIDDLE.label, required=False, max_value=100000)
    better_off = count_field(Wealth.BETTER_OFF.label, required=False, max_value=100000)
    wg_members = count_field(_("Working-group members"), required=False, max_value=1000)
    wg_women = count_field(_("Women in the working group"), required=False, max_value=1000)
    wg_trained = count_field(_("Working-group members trained in planning"), required=False, max_value=1000)

    WEALTH = ("poor", "near_poor", "middle", "better_off")

    @classmethod
    def initial_for(cls, meeting) -> dict:
        wealth = meeting.breakdown.get("wealth", {})
        return {
            "men": meeting.men,
            "women": meeting.women,
            "ethnic": "\n".join(f"{k}: {v}" for k, v in meeting.breakdown.get("ethnic", {}).items()),
            **{k: wealth.get(k) for k in cls.WEALTH},
            "wg_members": meeting.wg_members,
            "wg_women": meeting.wg_women,
            "wg_trained": meeting.wg_trained,
        }

    def clean_ethnic(self):
        groups = {}
        for line in self.cleaned_data["ethnic"].splitlines():
            if not line.strip():
                continue
            name, sep, number = line.rpartition(":")
            if not sep or not name.strip() or not number.strip().isdigit():
                raise forms.ValidationError(
                    format_lazy(
                        _("“{}”: write each line as group: number, e.g. Ê Đê: 60 (not “{}”)."),
                        self.fields["ethnic"].label,
                        line.strip(),
                    )
                )
            groups[name.strip()] = int(number)
        return groups

    def clean(self):
        data = super().clean()
        if data.get("wg_members") is not None and (data.get("wg_women") or 0) > data["wg_members"]:
            self.add_error("wg_women", _("There are more women than members in the working group."))
        return data

    def fields_for_action(self) -> dict:
        d = self.cleaned_data
        breakdown = {}
        if d["ethnic"]:
            breakdown["ethnic"] = d["ethnic"]
        wealth = {k: d[k] for k in self.WEALTH if d.get(k) is not None}
        if wealth:
            breakdown["wealth"] = wealth
        return {
            "men": d["men"],
            "women": d["women"],
            "breakdown": breakdown,
            "wg_members": d["wg_members"],
            "wg_women": d["wg_women"],
            "wg_trained": d["wg_trained"],
        }


class AttendeeForm(forms.Form):
    name = text_field(_("Name"), max_length=150)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, error_messages={"required": _("“Sex” is required.")}
    )
    ethnic_group = text_field(_("Ethnic group"), required=False, max_length=60)
    wealth = forms.ChoiceField(
        label=_("Household wealth group"), choices=[("", "—"), *Wealth.choices], required=False
    )
    in_working_group = forms.BooleanField(label=_("In the working group"), required=False)
    trained = forms.BooleanField(label=_("Trained in planning"), required=False)


class PhotoForm(forms.Form):
    file = forms.FileField(
        label=_("Photo of a flip-chart"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        error_messages={"required": _("“Photo” is required.")},
    )
    caption = text_field(_("Caption"), required=False)


class AcceptForm(forms.Form):
    reason = LongTextField(
        label=_("Reason for accepting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reason for accepting this warning.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Write the reason for accepting this warning."))
        return reason
