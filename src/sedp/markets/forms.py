"""Forms of market information and value chains. Errors name the field in Vietnamese; amounts are typed
17.052.000, dates dd/mm/yyyy (the fields of `sedp.meetings.fields`)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sedp.meetings.fields import (
    LongTextField,
    OnceForm,
    VNDField,
    count_field,
    date_field,
    text_field,
    typed_text,
)
from sedp.plans.forms import FigureField

from .models import (
    ChainActor,
    ChainIndicator,
    GroupKind,
    Measure,
    Stage,
    Supporter,
    UpgradingActivity,
)


def _named_errors(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        field.error_messages["required"] = format_lazy(_("“{}” is required."), field.label)
        if isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = format_lazy(
                _("“{}”: choose one of the list."), field.label
            )
        if isinstance(field, forms.IntegerField | forms.DecimalField):
            field.error_messages["invalid"] = format_lazy(_("“{}”: enter a number."), field.label)
            field.error_messages["min_value"] = format_lazy(_("“{}”: the number is too small."), field.label)
            field.error_messages["max_value"] = format_lazy(_("“{}”: the number is too large."), field.label)
            field.error_messages["max_digits"] = format_lazy(_("“{}”: the number is too large."), field.label)
            field.error_messages["max_decimal_places"] = format_lazy(
                _("“{}”: at most two decimals."), field.label
            )
        if isinstance(field, forms.CharField):
            field.error_messages["max_length"] = format_lazy(_("“{}” is too long."), field.label)


class NamedErrorsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _named_errors(self)


class PriceForm(NamedErrorsMixin, OnceForm):
    observed_on = date_field(_("Date"))
    product = text_field(_("Product"), max_length=100)
    market = text_field(_("Market"), max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    measure = forms.ChoiceField(label=_("Unit of measure"), choices=Measure.choices, initial=Measure.KG)
    price = VNDField(label=_("Price (đ)"), required=True)
    source = text_field(pgettext_lazy("of a price", "Source"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].widget.attrs["list"] = "products"
        self.fields["market"].widget.attrs["list"] = "markets"
        self.fields["price"].widget.attrs["placeholder"] = "45.000"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        error_messages={"required": _("Choose the file to import."), "empty": _("The file is empty.")},
    )


class CandidateForm(NamedErrorsMixin, forms.Form):
    product = text_field(_("Product"), max_length=100)
    note = text_field(_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].widget.attrs["list"] = "products"


class SheetForm(NamedErrorsMixin, forms.Form):
    group = forms.ChoiceField(label=_("Group"), choices=GroupKind.choices)
    label = text_field(_("Name of the group"), max_length=100)
    members = count_field(_("Members"), required=False, max_value=10_000)
    scale_min = forms.IntegerField(label=_("Lowest score"), initial=1, min_value=0, max_value=99)
    scale_max = forms.IntegerField(label=_("Highest score"), initial=5, min_value=1, max_value=100)


class ChainForm(NamedErrorsMixin, forms.Form):
    measure = forms.ChoiceField(label=_("Prices compared per"), choices=Measure.choices)
    market = forms.ModelChoiceField(label=_("Market (all if empty)"), queryset=None, required=False)
    price_from = date_field(_("Prices from"), required=False)
    price_to = date_field(_("Prices to"), required=False)

    def __init__(self, *args, markets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].queryset = markets
        self.fields["market"].empty_label = _("all markets")


class StageNotesForm(NamedErrorsMixin, forms.Form):
    constraints = LongTextField(
        label=_("Constraints"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    opportunities = LongTextField(
        label=_("Opportunities"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActorForm(NamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = ChainActor
        formfield_callback = typed_text
        fields = ["stage", "kind", "count", "households", "women_share"]
        labels = {"kind": _("Actor (e.g. collectors, traders, cooperative)")}


class SupporterForm(NamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Supporter
        formfield_callback = typed_text
        fields = ["kind", "name", "support"]


QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]


class ActivityForm(NamedErrorsMixin, forms.ModelForm):
    quarters = forms.TypedMultipleChoiceField(
        label=_("Quarters"), choices=QUARTERS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    cost = VNDField(label=_("Cost (đ)"))
    people_contribution = VNDField(label=_("Value of the people's contribution (đ)"))
    business_contribution = VNDField(label=_("Value of the businesses' contribution (đ)"))

    class Meta:
        model = UpgradingActivity
        formfield_callback = typed_text
        fields = [
            "title",
            "quarters",
            "cost",
            "funding_source",
            "people_contribution",
            "business_contribution",
            "responsible",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["quarters"] = self.instance.quarters

    def save(self, commit=True):
        row = super().save(commit=False)
        chosen = set(self.cleaned_data.get("quarters") or [])
        row.q1, row.q2, row.q3, row.q4 = (q in chosen for q in (1, 2, 3, 4))
        return row


class IndicatorForm(NamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = ChainIndicator
        formfield_callback = typed_text
        fields = ["kind", "name", "unit", "baseline", "target"]
        labels = {"unit": _("Unit (tấn, đ/kg, hộ, người…)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "baseline",
            "target",
        ):  # typed the Vietnamese way: a farm-gate price of 105.500, a rate of 2,9
            self.fields[name] = FigureField(label=self.fields[name].label)


ROW_FORMS = {
    "actor": (ChainActor, ActorForm),
    "supporter": (Supporter, SupporterForm),
    "activity": (UpgradingActivity, ActivityForm),
    "indicator": (ChainIndicator, IndicatorForm),
}
