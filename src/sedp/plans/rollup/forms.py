"""Forms of the commune plan's pages: create the plan, decide a need's fate, merge, split, add the commune's own
needs. Errors are in Vietnamese and name the field; a form with an error is shown again with what was typed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import LongTextField, OnceForm, VNDField, count_field, parse_vnd, text_field
from sedp.needs.models import Need, NeedKind, Sector
from sedp.plans.models import Fate

from ..forms import YEAR_ERRORS


class CommunePlanForm(forms.Form):
    year = forms.IntegerField(
        label=_("Plan year"), min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    title = text_field(_("Title (summary)"), required=False, max_length=300)


class DecideForm(forms.Form):
    fate = forms.ChoiceField(
        label=_("Fate"),
        choices=Fate.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("“Fate” is required: choose what becomes of the need.")},
    )
    activity = forms.ModelChoiceField(
        label=_("Into the activity (included or merged)"),
        queryset=None,
        required=False,
        empty_label=_("— a new activity made from the need —"),
    )
    reason = LongTextField(
        label=_("Reason (required unless included)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    postponed_to = forms.IntegerField(
        label=_("Postponed to year"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("“Postponed to year”: enter a year such as 2028."),
            "min_value": _("“Postponed to year”: enter a year such as 2028."),
            "max_value": _("“Postponed to year”: enter a year such as 2028."),
        },
    )
    referred_to = text_field(_("Referred to (funding source)"), required=False)

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities


class MergeForm(forms.Form):
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs to merge"),
        queryset=None,
        error_messages={
            "required": _("Choose at least two needs to merge into one activity."),
            "invalid_choice": _("Choose needs from the list."),
        },
    )
    title = text_field(_("Title of the merged activity"), required=False, max_length=300)
    reason = LongTextField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("“Reason” is required: write why these needs are merged into one activity.")
        },
    )

    def __init__(self, *args, needs, **kwargs):
        # Its own ids: the page also shows the "own need" form, whose title would otherwise share id_title.
        kwargs.setdefault("auto_id", "merge-%s")
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = needs


class SplitForm(forms.Form):
    parts = LongTextField(
        label=_("Activities, one per line: title | cost in đồng"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Đoạn 1 | 400.000.000\nĐoạn 2 | 400.000.000"}),
        error_messages={
            "required": _("Write at least two activities, one per line, to split the need into.")
        },
    )
    reason = text_field(_("Note"), required=False, max_length=2000)

    def clean_parts(self) -> list[tuple[str, int | None]]:
        out = []
        for n, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            title, _sep, cost_text = line.partition("|")
            cost = None
            if cost_text.strip():
                cost = parse_vnd(cost_text)
                if cost is None:
                    raise forms.ValidationError(
                        _("“Activities”, line %(n)d: enter the cost in đồng, e.g. 400.000.000.") % {"n": n}
                    )
            if len(title.strip()) > Need._meta.get_field("title").max_length:
                raise forms.ValidationError(
                    _("“Activities”, line %(n)d: an activity's name is at most %(limit)d characters.")
                    % {"n": n, "limit": Need._meta.get_field("title").max_length}
                )
            out.append((title.strip(), cost))
        if len(out) < 2:
            raise forms.ValidationError(
                _("Write at least two activities, one per line, to split the need into.")
            )
        return out


class OwnNeedForm(OnceForm):
    """A need the commune adds itself (commune-wide: a school, an inter-village road, a health campaign)."""

    title = text_field(_("Activity"), max_length=300)
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.none(),
        error_messages={"required": _("“Sector” is required.")},
    )
    kind = forms.ChoiceField(label=_("Type"), choices=NeedKind.choices)
    place = text_field(_("Place"), required=False)
    estimated_cost = VNDField(label=_("Estimated cost (đ)"))
    contribution_money = VNDField(label=_("People's contribution: money (đ)"))
    contribution_labour_days = count_field(_("People's contribution: labour days"), required=False)
    contribution_labour_value = VNDField(label=_("Value of the labour (đ)"))

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.for_unit(unit)


class ProposalForm(forms.Form):
    """The commune budget for the villages' Part 2 activities, and how many of them a village may get."""

    budget = VNDField(label=_("Commune budget for the villages' activities (đ)"), required=True)
    cap = forms.IntegerField(
        label=_("At most this many funded activities per village"), min_value=1, max_value=5, initial=2
    )
