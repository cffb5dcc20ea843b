"""Guards on writes, answered from the audit log that every action writes inside its transaction.

- A stale edit is refused: an edit form carries the version of the values it was loaded with
  (`sedp.core.versions.fingerprint`); the action, holding the row's lock, compares it with the values stored now
  and raises `Stale` — naming who changed them and when, from the log — instead of reverting that change.
- A form sent twice is done once: a form that creates something carries a one-time token; the action, holding
  the lock its creation takes, looks the token up in the log and returns what the first submission made.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sedp.core.versions import fingerprint

from .models import AuditEntry

# How long a creation form's token is remembered: a page left open over a weekend and sent on Monday makes a
# second item, as it should; a double click, a retry or a re-sent form minutes later does not.
TOKEN_MEMORY = timedelta(days=1)


def who(entry: AuditEntry | None) -> str:
    user = entry.actor if entry is not None else None
    if user is None:
        return _("someone else")
    return getattr(user, "full_name", "") or user.get_username()


class Stale(ValidationError):
    """The values a form was loaded with have changed since: `who` changed them at `when` (None if the log does
    not say), and `version` is the version stored now (the form carries it when it is shown again)."""

    def __init__(self, entry: AuditEntry | None, version: str):
        self.entry, self.version = entry, version
        self.who, self.when = who(entry), entry.at if entry is not None else None
        if self.when is None:
            message = _("This was changed by %(who)s after you opened it; please review it.") % {
                "who": self.who
            }
        else:
            local = timezone.localtime(self.when)
            message = _("This was changed by %(who)s at %(when)s; please review it.") % {
                "who": self.who,
                "when": f"{local:%H:%M} {local:%d/%m/%Y}",
            }
        super().__init__(message, code="stale")


def refuse_stale(seen: str | None, stored: dict, changes: QuerySet | None = None) -> None:
    """Raise `Stale` unless the version `seen` (the form's; empty: not checked, as for a script or an import) is
    the version of the `stored` values. Call it holding the row's lock. `changes`: the log entries of the object,
    the latest of which says who changed it and when."""
    if not seen:
        return
    now = fingerprint(stored)
    if seen != now:
        latest = (
            changes.select_related("actor").order_by("-at", "-id").first() if changes is not None else None
        )
        raise Stale(latest, now)


def submitted(action: str, token: str) -> AuditEntry | None:
    """The log entry of the `action` a form with this one-time token already did, if any. Call it holding the lock
    the action takes, so that a second submission waits for the first and then finds it."""
    if not token:
        return None
    since = timezone.now() - TOKEN_MEMORY
    return AuditEntry.objects.filter(at__gte=since, action=action, after__form=token).order_by("at").first()
