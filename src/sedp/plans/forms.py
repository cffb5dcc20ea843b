from django import forms
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import LongTextField, VNDField, text_field

from .models import Part

YEAR_ERRORS = {
    "invalid": _("Enter a year such as 2027."),
    "required": _("Enter the plan year."),
    "min_value": _("The plan year must be 2000 or later."),
    "max_value": _("The plan year must be 2100 or earlier."),
}


class MidtermForm(forms.Form):
    year_from = forms.IntegerField(
        label=_("From year"), min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    year_to = forms.IntegerField(
        label=_("To year"), min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )


class AnnualForm(forms.Form):
    year = forms.IntegerField(
        label=_("Plan year"), min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )


class ItemForm(forms.Form):
    need = forms.ModelChoiceField(
        label=_("Activity"), queryset=None, error_messages={"required": _("“Activity” is required.")}
    )
    part = forms.TypedChoiceField(label=_("Part"), choices=Part.choices, coerce=int)
    reason = LongTextField(
        label=_("Why it is added (only for an activity not in the mid-term plan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs


class EvaluationSummaryForm(forms.Form):
    difficulties = LongTextField(
        label=_("Advantages and difficulties"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    main_results = LongTextField(
        label=_("Main results of the year"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvaluationForm(forms.Form):
    activity = text_field(_("Activity of last year"), max_length=300)
    progress = text_field(_("Progress"), required=False, max_length=300)
    quality = text_field(_("Quality"), required=False, max_length=300)
    invested_state = VNDField(label=_("Invested by the state (đ)"))
    invested_donors = VNDField(label=_("Invested by donors (đ)"))
    invested_people = VNDField(label=_("Invested by the people (đ)"))
    management = text_field(_("Management"), required=False, max_length=300)
    supervision = text_field(_("Supervision"), required=False, max_length=300)
    impact = LongTextField(
        label=_("Impact on people's lives"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AdoptForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Adopted at the meeting"),
        queryset=None,
        error_messages={"required": _("“Meeting” is required.")},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class NewVersionForm(forms.Form):
    reason = LongTextField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reason for changing the adopted plan.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Biểu 3 or Biểu 4 workbook (.xlsx)"),
        error_messages={"required": _("Choose a file to import.")},
    )
