from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sedp.meetings.fields import EditForm, text_field


class MERowForm(EditForm):
    """A row of the M&E plan; it carries the version it was loaded with (a save from an older page is refused)."""

    who = text_field(_("Who measures"), max_length=200)
    when = text_field(_("When, how often"), max_length=200)
    method = text_field(_("How (method, means of verification)"), max_length=300)
    source = text_field(_("Data source"), required=False, max_length=200)
    users = text_field(_("Who uses and reports it"), required=False, max_length=200)
