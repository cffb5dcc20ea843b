from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import text_field


class MERowForm(forms.Form):
    who = text_field(_("Who measures"), max_length=200)
    when = text_field(_("When, how often"), max_length=200)
    method = text_field(_("How (method, means of verification)"), max_length=300)
    source = text_field(_("Data source"), required=False, max_length=200)
    users = text_field(_("Who uses and reports it"), required=False, max_length=200)
