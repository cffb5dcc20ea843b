"""The forms of the funding pages: a source of the year with its rules, and an officer's override. Every error
names its field in Vietnamese; amounts are typed as 1.500.000.000 or 1500000000."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import LongTextField, VNDField, text_field
from sedp.needs.models import Sector
from sedp.places.choices import Level
from sedp.places.models import Unit

from .models import ActivityType, FundingSource, OverrideAction, SourceKind


class PercentField(forms.CharField):
    """A share in per cent, 0 to 100, typed as 10, 12,5 or 12.5."""

    def __init__(self, *, label, **kwargs):
        super().__init__(
            label=label,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "10", "maxlength": "8"}),
            **kwargs,
        )

    def to_python(self, value):
        text = (super().to_python(value) or "").strip().rstrip("%").strip()
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not re.fullmatch(r"\d{1,3}([.,]\d{1,2})?", text) or not 0 <= number <= 100:
            raise forms.ValidationError(
                format_lazy(_("“{}”: enter a share from 0 to 100, e.g. 10 or 12,5."), self.label),
                code="invalid",
            )
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value


def earmark_choices(unit):
    """The units a source of `unit` may be earmarked for: the communes under it (and a legacy province's districts);
    a commune's own sources, its villages."""
    if unit.level == Level.COMMUNE:
        return Unit.objects.filter(parent=unit, level=Level.VILLAGE).order_by("name")
    levels = [Level.COMMUNE] + ([Level.DISTRICT] if unit.is_legacy else [])
    return Unit.objects.subtree(unit).filter(level__in=levels, is_legacy=unit.is_legacy).order_by("path")


class SourceForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("kind of source"),
        choices=SourceKind.choices,
        error_messages={"required": format_lazy(_("“{}” is required."), _("kind of source"))},
    )
    name = text_field(_("name (if not the kind's)"), required=False, max_length=300)
    amount = VNDField(label=_("amount (đ)"), required=True)
    activity_type = forms.ChoiceField(
        label=_("activity type it pays for"),
        choices=[("", _("any"))] + list(ActivityType.choices),
        required=False,
    )
    min_per_activity = VNDField(label=_("minimum per activity (đ)"))
    max_per_activity = VNDField(label=_("maximum per activity (đ)"))
    counterpart_percent = PercentField(label=_("counterpart share the locality brings (%)"))
    priority = forms.IntegerField(
        label=_("order in which it pays (1 pays first; empty: by kind)"),
        required=False,
        min_value=1,
        max_value=99,
        error_messages={
            "invalid": format_lazy(
                _("“{}”: enter a whole number from 1 to 99."), _("order in which it pays")
            ),
            "min_value": format_lazy(
                _("“{}”: enter a whole number from 1 to 99."), _("order in which it pays")
            ),
            "max_value": format_lazy(
                _("“{}”: enter a whole number from 1 to 99."), _("order in which it pays")
            ),
        },
    )
    note = LongTextField(label=_("note"), required=False, max_length=2000)

    class Meta:
        model = FundingSource
        fields = [
            "kind",
            "name",
            "amount",
            "sectors",
            "activity_type",
            "earmarked_units",
            "targets_poverty",
            "targets_ethnic_minority",
            "min_per_activity",
            "max_per_activity",
            "counterpart_percent",
            "priority",
            "note",
        ]
        labels = {
            "targets_poverty": _("only activities for poor households"),
            "targets_ethnic_minority": _("only activities for ethnic-minority people"),
        }
        help_texts = {
            "sectors": _("None ticked: any sector."),
            "earmarked_units": _("None chosen: any unit."),
            "targets_ethnic_minority": _(
                "Both ticked: an activity for poor households or for ethnic-minority people."
            ),
        }
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "earmarked_units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.filter(Q(unit__isnull=True) | Q(unit=unit)).order_by(
            "id"
        )
        self.fields["sectors"].label = _("sectors it pays for")
        self.fields["earmarked_units"].queryset = earmark_choices(unit)
        self.fields["earmarked_units"].label = _("only for these units")
        for name in ("sectors", "earmarked_units"):
            self.fields[name].error_messages["invalid_choice"] = format_lazy(
                _("“{}”: choose from the list."), self.fields[name].label
            )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(
                format_lazy(_("“{}”: enter an amount above 0 đ."), self.fields["amount"].label)
            )
        return amount

    def clean(self):
        data = super().clean()
        low, high = data.get("min_per_activity"), data.get("max_per_activity")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_per_activity",
                _("“Maximum per activity” must not be less than “Minimum per activity”."),
            )
        amount = data.get("amount")
        if amount is not None and low is not None and low > amount:
            self.add_error(
                "min_per_activity",
                _("“Minimum per activity” is more than the whole amount of the source."),
            )
        return data


class OverrideForm(forms.Form):
    action = forms.ChoiceField(
        label=_("change to the outcome"),
        choices=OverrideAction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": format_lazy(_("“{}” is required."), _("change to the outcome"))},
    )
    source = forms.ModelChoiceField(
        label=_("source"),
        queryset=FundingSource.objects.none(),
        required=False,
        error_messages={"invalid_choice": format_lazy(_("“{}”: choose from the list."), _("source"))},
    )
    reason = LongTextField(label=_("reason"), required=False, max_length=2000)

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
