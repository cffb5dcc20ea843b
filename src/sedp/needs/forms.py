from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import EditForm, LongTextField, OnceForm, VNDField, count_field, text_field

from .models import GroupKind, Mode, NeedKind, PraTool, Sector, SubGroup


class NeedForm(EditForm):
    title = text_field(_("Activity"), max_length=300)
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.none(),
        error_messages={"required": _("“Sector” is required.")},
    )
    kind = forms.ChoiceField(label=_("Type"), choices=NeedKind.choices)
    place = text_field(_("Place"), required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages={"invalid": _("“Quantity”: enter a number, e.g. 1,5.")},
    )
    quantity_unit = text_field(_("Unit of measure"), required=False, max_length=40)
    timing = text_field(_("Timing"), required=False, max_length=100)
    estimated_cost = VNDField(label=_("Estimated cost (đ)"))
    contribution_money = VNDField(label=_("People's contribution: money (đ)"))
    contribution_labour_days = count_field(_("People's contribution: labour days"), required=False)
    contribution_labour_value = VNDField(label=_("Value of the labour (đ)"))
    contribution_materials = text_field(_("People's contribution: materials"), required=False)
    contribution_materials_value = VNDField(label=_("Value of the materials (đ)"))
    contribution_land = text_field(_("People's contribution: land"), required=False)
    contribution_land_value = VNDField(label=_("Value of the land (đ)"))
    subgroup = forms.ModelChoiceField(
        label=_("Proposed by sub-group"), queryset=SubGroup.objects.none(), required=False
    )
    proposed_by_women = forms.BooleanField(label=_("Proposed by women"), required=False)

    def __init__(self, *args, unit, subgroups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.for_unit(unit)
        self.fields["subgroup"].queryset = subgroups


class NewNeedForm(OnceForm, NeedForm):
    """A new need: sent twice (a double tap on a slow phone), it makes one need."""


class SubGroupForm(forms.Form):
    name = text_field(_("Sub-group"), max_length=120)
    leader = text_field(_("Leader"), max_length=150)
    theme = text_field(_("Theme"))
    tools = forms.ModelMultipleChoiceField(
        label=_("PRA tools used"),
        queryset=PraTool.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_women = forms.BooleanField(label=_("Women's sub-group"), required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tools"].queryset = PraTool.for_unit(unit)


class FindingForm(forms.Form):
    subgroup = forms.ModelChoiceField(
        label=_("Sub-group"),
        queryset=SubGroup.objects.none(),
        error_messages={"required": _("“Sub-group” is required.")},
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.none(),
        error_messages={"required": _("“Sector” is required.")},
    )
    situation = LongTextField(
        label=_("Situation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("“Situation” is required.")},
    )
    problems = LongTextField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    causes = LongTextField(label=_("Causes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    solutions = LongTextField(label=_("Solutions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subgroup"].queryset = meeting.subgroups.all()
        self.fields["sector"].queryset = Sector.for_unit(meeting.unit)


class ListEntryForm(forms.Form):
    """A unit's own sector or PRA tool, added to the default lists."""

    what = forms.ChoiceField(choices=[("sector", _("Sector")), ("tool", _("PRA tool"))], label=_("Add to"))
    name = text_field(_("Name"), max_length=Sector._meta.get_field("name").max_length)


class RenameEntryForm(forms.Form):
    """A new name for a unit's own sector or PRA tool (both keep names of the same length)."""

    name = text_field(
        _("Name"), max_length=min(m._meta.get_field("name").max_length for m in (Sector, PraTool))
    )


def form_errors(form) -> str:
    """A refused form's errors in one line, for a page that shows them as a message."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class CriterionForm(forms.Form):
    name = text_field(_("Criterion"))
    weight = count_field(_("Weight"), max_value=100)


class SheetForm(forms.Form):
    group = forms.ChoiceField(label=_("Scoring group"), choices=GroupKind.choices)
    label = text_field(_("Name of the group"), max_length=120)
    mode = forms.ChoiceField(label=_("Method"), choices=Mode.choices)
    scale_min = count_field(_("Lowest score"), max_value=100, initial=1)
    scale_max = count_field(_("Highest score"), max_value=100, initial=5)
    members = count_field(_("Members"), required=False, max_value=100000)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("scale_min"), data.get("scale_max")
        if lo is not None and hi is not None and lo >= hi:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        return data


def parse_cells(post, sheet, needs, criteria) -> tuple[dict, list[str]]:
    """Read the score inputs of a sheet: {(need_id, criterion_id or None): value or None} and errors that name
    the need and the criterion. Nothing is saved by the caller unless the error list is empty."""
    cells, errors = {}, []
    for need in needs:
        columns = [(c.pk, c.name) for c in criteria] if sheet.mode == Mode.SCORES else [(None, None)]
        for crit_id, crit_name in columns:
            name = f"s-{need.pk}-{crit_id}" if crit_id else f"v-{need.pk}"
            raw = (post.get(name) or "").strip()
            if raw == "":
                cells[need.pk, crit_id] = None
                continue
            value = int(raw) if raw.isdigit() else None
            if sheet.mode == Mode.SCORES:
                if value is None or not sheet.scale_min <= value <= sheet.scale_max:
                    errors.append(
                        gettext(
                            "“%(need)s” on “%(criterion)s”: enter a whole number from %(lo)d to %(hi)d (not “%(raw)s”)."
                        )
                        % {
                            "need": need,
                            "criterion": crit_name,
                            "lo": sheet.scale_min,
                            "hi": sheet.scale_max,
                            "raw": raw,
                        }
                    )
                    continue
            elif value is None:
                errors.append(
                    gettext("“%(need)s”: enter the number of pebbles or dots, 0 or more (not “%(raw)s”).")
                    % {"need": need, "raw": raw}
                )
                continue
            cells[need.pk, crit_id] = value
    return cells, errors
