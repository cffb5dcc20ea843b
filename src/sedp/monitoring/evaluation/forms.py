"""The form of an evaluation's four written sections; the rules stay in `actions.save_narrative`."""

from django import forms

from sedp.meetings.fields import LongTextField

from .actions import MAX_CHARS, SECTION_LABELS, SECTIONS


class NarrativeForm(forms.Form):
    progress = LongTextField(label=SECTION_LABELS["progress"], required=False, max_length=MAX_CHARS)
    quality = LongTextField(label=SECTION_LABELS["quality"], required=False, max_length=MAX_CHARS)
    difficulties = LongTextField(label=SECTION_LABELS["difficulties"], required=False, max_length=MAX_CHARS)
    impact = LongTextField(label=SECTION_LABELS["impact"], required=False, max_length=MAX_CHARS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECTIONS:
            self.fields[name].widget.attrs["rows"] = 5
