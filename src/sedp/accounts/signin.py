"""Signing in, step by step: the password, then (for who set it up, or must) a one-time code; throttled
(`throttle`) and audited — successes with who and from where, failures with the username typed, never the password.

Between the password and the code, the person is not signed in: the session holds only who passed the password
step, for a few minutes. Officers above the commune and administrators must set up a code app at their next
sign-in while SEDP_REQUIRE_MFA is on; demo accounts never must.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sedp.audit.actions import record

from . import throttle
from .roles import Role

log = logging.getLogger(__name__)

PENDING = "sedp_signin_pending"
NEW_SECRET = "sedp_new_totp_secret"
PENDING_SECONDS = 300
ISSUER = "openSEDP"
MFA_ROLES = (Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER, Role.ADMIN)


def mfa_required(user) -> bool:
    if not settings.SEDP_REQUIRE_MFA or user.is_demo:
        return False
    return user.is_superuser or user.grants.filter(role__in=MFA_ROLES).exists()


def start_pending(request, user, next_url: str) -> None:
    """The password was right; the code is still to come."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": time.time(),
    }


def pending_user(request):
    """Who passed the password step in this session in the last few minutes (None otherwise)."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def pending_next(request) -> str:
    return (request.session.get(PENDING) or {}).get("next") or settings.LOGIN_REDIRECT_URL


def complete(request, user, *, one_time_code: bool) -> None:
    """Sign in: a new session, the username's failure count cleared, the sign-in audited."""
    request.session.pop(PENDING, None)
    login(request, user, backend=getattr(user, "backend", None))
    throttle.succeeded(request, user.username)
    record(
        user,
        "accounts.sign_in",
        user,
        after={"address": throttle.client_address(request), "one_time_code": one_time_code},
    )


def failed(request, username: str, reason: str) -> throttle.Lock | None:
    """A wrong password or code: counted, and audited with the username typed (and the account, if there is
    one). The lock it starts, if any, is audited too."""
    address = throttle.client_address(request)
    account = get_user_model().objects.filter(username=username).only("pk").first()
    about = {"object_type": "accounts.user", "object_id": str(account.pk) if account else ""}
    record(
        None,
        "accounts.sign_in_failed",
        **about,
        object_repr=username,
        after={"username": username, "address": address},
        reason=reason,
    )
    lock = throttle.failed(request, username)
    if lock is not None:
        until = timezone.localtime(datetime.fromtimestamp(lock.until, tz=UTC))
        record(
            None,
            "accounts.sign_in_locked",
            **about,
            object_repr=username,
            after={"username": username, "address": address, "until": until.isoformat()},
        )
    return lock


def refused(request, username: str) -> None:
    """An attempt while locked: not counted, not audited (it would let anyone grow the append-only log), logged."""
    log.warning("sign-in refused while locked: %r from %s", username, throttle.client_address(request))


def lock_message(lock: throttle.Lock) -> str:
    until = timezone.localtime(datetime.fromtimestamp(lock.until, tz=UTC))
    minutes = lock.minutes_left
    return ngettext(
        "Too many wrong passwords or codes for this account or from this address. Try again after %(time)s "
        "(in %(minutes)d minute).",
        "Too many wrong passwords or codes for this account or from this address. Try again after %(time)s "
        "(in %(minutes)d minutes).",
        minutes,
    ) % {"time": until.strftime("%H:%M"), "minutes": minutes}


def wrong_code_message() -> str:
    return _("Wrong or expired code. Type the code your app shows now.")
