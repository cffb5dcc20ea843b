from django import forms
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import DMYDateField, text_field

DATE_ERRORS = {
    "invalid": _("Enter a date as dd/mm/yyyy, e.g. 05/02/2026."),
    "required": _("This date is required."),
}


class MilestoneForm(forms.Form):
    starts_on = DMYDateField(
        label=_("Starts on"),
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    due_on = DMYDateField(
        label=_("Due on"),
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    done_on = DMYDateField(
        label=_("Done on"),
        required=False,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    note = text_field(_("Note"), required=False, max_length=255)

    def clean(self):
        data = super().clean()
        start, due = data.get("starts_on"), data.get("due_on")
        if start and due and due < start:
            self.add_error("due_on", _("The deadline is before the start."))
        return data


class CycleForm(forms.Form):
    plan_year = forms.IntegerField(
        label=_("Plan year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Enter a year such as 2027."),
            "required": _("Enter the plan year."),
            "min_value": _("The plan year must be 2000 or later."),
            "max_value": _("The plan year must be 2100 or earlier."),
        },
    )
    is_published = forms.BooleanField(label=_("Publish the calendar to citizens"), required=False)


class CalendarRowForm(forms.Form):
    """A province's dates for one milestone, typed as dd/mm with the year given relative to the plan year."""

    YEAR_CHOICES = [(-1, _("year before the plan year")), (0, _("plan year"))]
    starts = text_field(_("From (dd/mm)"), max_length=5)
    starts_year = forms.TypedChoiceField(label=_("of"), choices=YEAR_CHOICES, coerce=int)
    ends = text_field(_("To (dd/mm)"), max_length=5)
    ends_year = forms.TypedChoiceField(label=_("of"), choices=YEAR_CHOICES, coerce=int)

    def _day_month(self, name):
        from datetime import date

        text = self.cleaned_data.get(name, "").strip()
        try:
            day, month = (int(p) for p in text.split("/"))
            date(2024, month, day)  # a leap year, so 29/02 is accepted
        except (ValueError, TypeError):
            raise forms.ValidationError(_("Enter a day and month as dd/mm, e.g. 15/04.")) from None
        return day, month

    def clean_starts(self):
        return self._day_month("starts")

    def clean_ends(self):
        return self._day_month("ends")

    def clean(self):
        data = super().clean()
        if all(k in data for k in ("starts", "ends", "starts_year", "ends_year")):
            (sd, sm), (ed, em) = data["starts"], data["ends"]
            if (data["ends_year"], em, ed) < (data["starts_year"], sm, sd):
                self.add_error("ends", _("The end is before the start."))
        return data
