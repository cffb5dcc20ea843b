"""Forms of the logframe editor. Every error names its field, so a message read out of context still makes sense.

Choices of rows (a result, an objective, a sector, an indicator's parent) are given as lists the page has already
fetched, so rendering the forms costs no query; cleaning returns the row itself, ready for `sedp.plans.logframe.actions`.
"""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import EditForm, LongTextField, VNDField, date_field, text_field
from sedp.plans.models import Direction, SignerAuthority

QUARTER_CHOICES = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]


def _number_field(label) -> forms.DecimalField:
    message = format_lazy(_("“{}”: enter a number, e.g. 2,9 or 118."), label)
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=16,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "20"}),
        error_messages={
            "invalid": message,
            "max_digits": format_lazy(_("“{}”: the number is too large."), label),
            "max_whole_digits": format_lazy(_("“{}”: the number is too large."), label),
            "max_decimal_places": format_lazy(_("“{}”: at most 2 decimals."), label),
        },
    )


def _textarea(label, *, required: bool = False, rows: int = 2) -> forms.CharField:
    return LongTextField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": format_lazy(_("“{}” is required."), label)},
    )


class RowChoiceField(forms.ChoiceField):
    """A choice among rows the view passes in (`set_rows`); cleans to the row, or None when left empty."""

    def __init__(self, *, label, required: bool = True, empty_label="—", **kwargs):
        super().__init__(
            label=label,
            required=required,
            choices=(),
            error_messages={
                "required": format_lazy(_("“{}” is required."), label),
                "invalid_choice": format_lazy(_("“{}”: choose one from the list."), label),
            },
            **kwargs,
        )
        self.empty_label = empty_label
        self.rows: dict[str, object] = {}

    def set_rows(self, rows: list[tuple[str, object, str]]) -> None:
        """rows: (key, row, label)."""
        self.rows = {key: row for key, row, _label in rows}
        self.choices = [("", self.empty_label)] + [(key, label) for key, _row, label in rows]

    def clean(self, value):
        value = super().clean(value)
        return self.rows.get(value) if value else None


def row_key(row) -> str:
    return f"{row._meta.model_name}-{row.pk}"


class HeaderForm(EditForm):
    title = text_field(_("Title"), max_length=300)
    subtitle = text_field(_("Subtitle (e.g. the sector)"), required=False, max_length=200)
    doc_number = text_field(
        _("Document number (the number only, e.g. 25: “/KH-UBND” is added)"), required=False, max_length=20
    )
    doc_date = date_field(_("Document date"), required=False)
    total_budget = VNDField(label=_("Total budget (đ)"))
    revenue = VNDField(label=_("Budget revenue, at least (đ)"))
    signer_authority = forms.ChoiceField(
        label=_("Signing authority"),
        required=False,
        choices=SignerAuthority.choices,
        initial=SignerAuthority.TM,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("“Signing authority”: choose TM., KT. or Q.")},
    )
    signer_title = (
        text_field(  # a block pasted from a signed document ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") is split
            _("Signer's title (e.g. CHỦ TỊCH, PHÓ CHỦ TỊCH)"), required=False, max_length=100, multiline=True
        )
    )
    signer_name = text_field(_("Signer's full name"), required=False, max_length=150)
    recipients = _textarea(_("Recipients, one per line"), rows=4)

    def clean_signer_authority(self) -> str:
        return self.cleaned_data.get("signer_authority") or SignerAuthority.TM

    @staticmethod
    def initial_for(plan) -> dict:
        return {
            "title": plan.title,
            "subtitle": plan.subtitle,
            "doc_number": plan.doc_number,
            "doc_date": plan.doc_date,
            "total_budget": plan.total_budget,
            "revenue": plan.revenue,
            "signer_authority": plan.signer_authority,
            "signer_name": plan.signer_name,
            "signer_title": plan.signer_title,
            "recipients": plan.recipients,
        }


class KeyTargetForm(EditForm):
    text = _textarea(_("Key target"), required=True)

    @staticmethod
    def initial_for(row) -> dict:
        return {"text": row.text}


class ObjectiveForm(EditForm):
    sector = RowChoiceField(label=_("Sector"), required=False)
    number = text_field(_("Number"), required=False, max_length=10)
    text = _textarea(_("Objective (a change: reduce, increase, improve…)"), required=True)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].set_rows(choices["sector"])

    @staticmethod
    def initial_for(row) -> dict:
        return {"sector": str(row.sector_id or ""), "number": row.number, "text": row.text}


class ResultForm(EditForm):
    objective = RowChoiceField(label=_("Objective"))
    number = text_field(_("Number"), required=False, max_length=10)
    output = _textarea(_("Result, written as completed"), required=True)
    budget_source = text_field(_("Budget source"), required=False, max_length=300)
    indicator_text = _textarea(_("Indicators in one sentence (optional)"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].set_rows(choices["objective"])

    @staticmethod
    def initial_for(row) -> dict:
        return {
            "objective": str(row.objective_id),
            "number": row.number,
            "output": row.output,
            "budget_source": row.budget_source,
            "indicator_text": row.indicator_text,
        }


class IndicatorForm(EditForm):
    parent = RowChoiceField(label=_("Under"))
    name = text_field(_("Indicator"), max_length=300)
    unit = text_field(_("Unit of measure"), required=False, max_length=40)
    baseline = _number_field(_("Baseline"))
    target = _number_field(_("Target"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.INCREASE)
    verification = text_field(_("Means of verification"), required=False, max_length=300)
    target_year = forms.IntegerField(
        label=_("By year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            k: format_lazy(_("“{}”: enter a year such as 2027."), _("By year"))
            for k in ("invalid", "min_value", "max_value")
        },
    )
    target_date = date_field(_("By date"), required=False)
    statement = _textarea(_("As written in the plan (optional)"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].set_rows(choices["parent"])

    @staticmethod
    def initial_for(row) -> dict:
        parent = row.key_target or row.objective or row.result
        return {
            "parent": row_key(parent) if parent else "",
            **{
                f: getattr(row, f)
                for f in (
                    "name",
                    "unit",
                    "baseline",
                    "target",
                    "direction",
                    "verification",
                    "target_year",
                    "target_date",
                    "statement",
                )
            },
        }


class ActivityForm(EditForm):
    title = text_field(_("Activity"), max_length=300)
    number = text_field(_("Number"), required=False, max_length=10)
    result = RowChoiceField(label=_("For result"), required=False, empty_label=_("— no result yet —"))
    sector = RowChoiceField(label=_("Sector"), required=False)
    quarters = forms.TypedMultipleChoiceField(
        label=_("Quarters"),
        required=False,
        choices=QUARTER_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“Quarters”: choose among quarters I to IV.")},
    )
    responsible = text_field(_("Responsible"), required=False, max_length=200)
    cost = VNDField(label=_("Cost (đ)"))
    funding_source = text_field(_("Funding source"), required=False, max_length=200)
    people_contribution = text_field(_("People's contribution"), required=False, max_length=300)
    contribution_value = VNDField(label=_("Value of the people's contribution (đ)"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].set_rows(choices["result"])
        self.fields["sector"].set_rows(choices["sector"])

    @staticmethod
    def initial_for(row) -> dict:
        return {
            "title": row.title,
            "number": row.number,
            "result": str(row.result_id or ""),
            "sector": str(row.sector_id or ""),
            "quarters": sorted(row.quarters),
            "responsible": row.responsible,
            "cost": row.cost,
            "funding_source": row.funding_source,
            "people_contribution": row.people_contribution,
            "contribution_value": row.contribution_value,
        }
