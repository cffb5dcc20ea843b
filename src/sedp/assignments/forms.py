"""The form of one unit's assignment: its decision number and date, its budget lines (source, activity, amount)
and its targets. Every field of a row is labelled with the row ("Số tiền (dòng 2)"), so an error read out of
context still says which line is wrong; a blank row is skipped."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import LongTextField, VNDField, date_field, text_field
from sedp.plans.forms import FigureField

from .actions import source_title


class AssignmentForm(forms.Form):
    doc_number = text_field(_("Decision number"), required=False, max_length=40)
    doc_date = date_field(_("Decision date"), required=False)


class SourceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{source_title(obj)} ({obj.unit.name})"


class ActivityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.plan.unit.name}: {obj}"


class BudgetRow(forms.Form):
    def __init__(self, *args, row: int, sources, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        label = _("Source (row %(n)d)") % {"n": row}
        self.fields["source"] = SourceChoice(
            queryset=sources,
            label=label,
            required=False,
            empty_label="—",
            error_messages={
                "invalid_choice": _("“%(label)s”: choose a source from the list.") % {"label": label}
            },
        )
        activity_label = _("Activity (row %(n)d)") % {"n": row}
        self.fields["activity"] = ActivityChoice(
            queryset=activities,
            label=activity_label,
            required=False,
            empty_label=_("— not for a named activity —"),
            error_messages={
                "invalid_choice": _("“%(label)s”: choose an activity from the list.")
                % {"label": activity_label}
            },
        )
        self.fields["amount"] = VNDField(label=_("Amount (row %(n)d)") % {"n": row})
        # No example amount in every empty row (it read as 17 billion đồng assigned); the hint under the table
        # gives the example once.
        self.fields["amount"].widget.attrs.pop("placeholder", None)

    def clean(self):
        data = super().clean()
        source, amount, activity = data.get("source"), data.get("amount"), data.get("activity")
        if self.errors:
            return data
        if amount is None and source is None and activity is None:
            data["skip"] = True
        elif source is None:
            self.add_error("source", _("Row %(n)d: choose the source of this amount.") % {"n": self.row})
        elif amount is None:
            self.add_error(
                "amount",
                _("Row %(n)d: enter the amount assigned from %(source)s.")
                % {"n": self.row, "source": source_title(source)},
            )
        elif amount == 0:
            data["skip"] = True
        return data


class TargetRow(forms.Form):
    measure = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, row: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.fields["name"] = text_field(_("Target (row %(n)d)") % {"n": row}, required=False, max_length=300)
        self.fields["unit_of_measure"] = text_field(
            _("Unit of measure (row %(n)d)") % {"n": row}, required=False, max_length=40
        )
        self.fields["value"] = FigureField(label=_("Value (row %(n)d)") % {"n": row})

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        name, value = (data.get("name") or "").strip(), data.get("value")
        if value is None:
            data["skip"] = True  # a target left blank is not assigned
        elif not name:
            self.add_error("name", _("Row %(n)d: write the name of the target.") % {"n": self.row})
        return data


class _Rows(forms.BaseFormSet):
    def __init__(self, *args, row_kwargs=None, **kwargs):
        self.row_kwargs = row_kwargs or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**self.row_kwargs, "row": (index or 0) + 1}

    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("skip")]


BudgetRows = formset_factory(BudgetRow, formset=_Rows, extra=3)
TargetRows = formset_factory(TargetRow, formset=_Rows, extra=2)


class ExplanationForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    reason = LongTextField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write why this line does not add up.")},
    )
