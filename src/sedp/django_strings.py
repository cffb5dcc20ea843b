"""Django's own messages that its Vietnamese catalogue lacks (it predates them), named here so `makemessages`
puts them in our .po, whose translation Django then prefers to its own (LOCALE_PATHS come first).

Without this, a select's empty choice reads "- Select an option -" in the Vietnamese UI.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
    gettext_noop("Enter a complete value."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
]
