"""Sign-in throttling: too many wrong passwords (or one-time codes) lock signing in for a while.

Two counts, each over a sliding window (settings SEDP_SIGNIN_*): failures for one username, whoever types them
(a password guessed from many addresses), and failures from one address, whatever the username (one machine
trying many accounts). When a count reaches its limit, signing in is refused for that username or from that
address until the lock ends, even with the right password; attempts refused while locked are not counted and do
not lengthen the lock. A full sign-in (password and, if asked, code) clears the username's count; the address's
count only ages, so that signing in to one's own account between guesses does not reset it.

The counts live in Django's "signin" cache (files shared by the server's worker processes). They are a brake, not
a record: the audit log keeps every failure.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

# Replaced by tests to move time on.
clock = time.time


def cache():
    return caches["signin"]


@dataclass(frozen=True)
class Lock:
    until: float  # unix time

    @property
    def minutes_left(self) -> int:
        return max(1, int(-(-(self.until - clock()) // 60)))


def client_address(request) -> str:
    """The browser's address: the connection's, or behind SEDP_PROXIES reverse proxies the one the outermost
    proxy saw (each proxy appends to X-Forwarded-For the address it was reached from; earlier entries are
    whatever the client chose to send, so they are not trusted)."""
    proxies = settings.SEDP_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _keys(request, username: str) -> list[tuple[str, int]]:
    account = hashlib.sha256(username.encode()).hexdigest()
    return [
        (f"account:{account}", settings.SEDP_SIGNIN_FAILURES_PER_ACCOUNT),
        (f"address:{client_address(request)}", settings.SEDP_SIGNIN_FAILURES_PER_ADDRESS),
    ]


def _timeout() -> int:
    return settings.SEDP_SIGNIN_WINDOW + settings.SEDP_SIGNIN_LOCKOUT


def locked(request, username: str) -> Lock | None:
    """The lock on this username or this address, if one is on now (the later one's end if both are)."""
    now = clock()
    states = cache().get_many([key for key, _limit in _keys(request, username)])
    until = max((s.get("locked_until", 0) for s in states.values()), default=0)
    return Lock(until) if until > now else None


def failed(request, username: str) -> Lock | None:
    """Count a wrong password or code; the lock this failure starts, if it reaches a limit."""
    now = clock()
    window = settings.SEDP_SIGNIN_WINDOW
    started = None
    for key, limit in _keys(request, username):
        state = cache().get(key) or {}
        failures = [t for t in state.get("failures", []) if t > now - window] + [now]
        locked_until = state.get("locked_until", 0)
        if len(failures) >= limit:
            locked_until = now + settings.SEDP_SIGNIN_LOCKOUT
            failures = []
            started = Lock(max(locked_until, started.until if started else 0))
        cache().set(key, {"failures": failures, "locked_until": locked_until}, _timeout())
    return started


def succeeded(request, username: str) -> None:
    """A full sign-in: the username's count starts again (the address's count only ages)."""
    cache().delete(_keys(request, username)[0][0])
