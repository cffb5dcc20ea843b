from django import forms
from django.utils.translation import gettext_lazy as _

from sedp.exports import guard


class VillageImportForm(forms.Form):
    file = forms.FileField(
        label=_("Village list (.xlsx or .csv)"),
        help_text=_(
            "Columns: Tên thôn, Loại, Số hộ, Số dân, Số hộ nghèo, Tỷ lệ DTTS (%); other columns are kept."
        ),
        error_messages={"required": _("Choose a file to import.")},
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        guard.check_size(f)  # the content is checked when the file is read (sedp.exports.guard)
        return f


class TiersForm(forms.Form):
    tiers = forms.TypedChoiceField(label=_("Planning process"), coerce=int, choices=[])

    def __init__(self, *args, **kwargs):
        from .choices import Tiers

        super().__init__(*args, **kwargs)
        self.fields["tiers"].choices = Tiers.choices
