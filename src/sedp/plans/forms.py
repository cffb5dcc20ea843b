from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sedp.core.numbers import format_decimal, parse_decimal
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


class FigureField(forms.CharField):
    """A figure typed the Vietnamese way ("10,5", "1.250"); empty for none."""

    def __init__(self, *, label, **kwargs):
        super().__init__(
            label=label,
            required=False,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "size": "8", "maxlength": "30"}
            ),
            **kwargs,
        )

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            number = parse_decimal(text[:40])
        except ValueError:
            raise forms.ValidationError(
                format_lazy(_("“{}”: enter a number, 0 or more, e.g. 10,5 or 1.250."), self.label),
                code="invalid",
            ) from None
        if number >= Decimal(10) ** 14:
            raise forms.ValidationError(format_lazy(_("“{}”: the number is too large."), self.label))
        return number

    def prepare_value(self, value):
        return format_decimal(value) if isinstance(value, Decimal) else value


class FiguresForm(forms.Form):
    """A village's Biểu 1 and Biểu 2 for a year: a value for every measure, and a target for every indicator."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            m = line.measure
            self.fields[f"v{m.pk}"] = FigureField(label=m.name, initial=line.value)
            if line.indicator:
                self.fields[f"t{m.pk}"] = FigureField(
                    label=format_lazy(_("{} — target"), m.name), initial=line.target
                )

    def rows(self):
        """(line, value field, target field or None) in the forms' order, for the template."""
        return [
            (line, self[f"v{line.measure.pk}"], self[f"t{line.measure.pk}"] if line.indicator else None)
            for line in self.lines
        ]

    def entries(self):
        return {
            line.measure: (
                self.cleaned_data.get(f"v{line.measure.pk}"),
                self.cleaned_data.get(f"t{line.measure.pk}") if line.indicator else None,
            )
            for line in self.lines
        }


class _FilesInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """One or several files chosen at once (a commune's collected village workbooks)."""

    def __init__(self, **kwargs):
        super().__init__(widget=_FilesInput(attrs={"multiple": True, "accept": ".xlsx"}), **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(FilesField, self).clean(f, initial) for f in files]


class FiguresImportForm(forms.Form):
    files = FilesField(
        label=_("Biểu 1 / Biểu 2 workbooks (.xlsx): the commune's or the villages', one or several"),
        error_messages={"required": _("Choose a file to import.")},
    )
