"""Small forms of the monitoring pages; the rules themselves stay in `sedp.monitoring.actions`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import DMYDateField, LongTextField, text_field

from .models import BoardKind, FindingStatus, MilestoneKind, PeriodKind, Stage


class ReportForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    period = forms.IntegerField(label=_("Month or quarter"), min_value=1, max_value=12)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


def _dmy():
    """A date typed dd/mm/yyyy, as on every other form (a browser's date picker follows the computer's locale)."""
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("Milestone"), choices=MilestoneKind.choices)
    met_on = DMYDateField(label=_("Date met"), required=False, widget=_dmy())
    due = DMYDateField(label=_("Due date"), required=False, widget=_dmy())


class FindingForm(forms.Form):
    on = DMYDateField(label=_("Date"), initial=timezone.localdate, widget=_dmy())
    checked = LongTextField(label=_("What was checked"), widget=forms.Textarea(attrs={"rows": 2}))
    found = LongTextField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(FindingStatus.FIXED, _("fixed")), (FindingStatus.NOT_FIXED, _("not fixed"))],
    )
    reason = LongTextField(label=_("Why not fixed"), required=False, widget=forms.TextInput)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    caption = text_field(_("Caption"), required=False, max_length=300)


class BoardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Board or group"))
    members = LongTextField(
        label=_("Members"),
        help_text=_("One member a line: full name; male or female (nam/nữ); role"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, self_run: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = (
            (BoardKind.MANAGEMENT_GROUP, BoardKind.SUPERVISION_GROUP)
            if self_run
            else (BoardKind.MANAGEMENT_BOARD, BoardKind.SUPERVISION_BOARD)
        )
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
