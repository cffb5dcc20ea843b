"""The public pages' cache: a page's public part is rendered once per edition and language, and kept in Django's
cache; publishing anything (a plan adopted, an assignment issued: `sedp.opendata.actions.bump`) raises the
edition, so no stale page is ever served. The part that depends on who is reading (the header, the CSRF token of
the language switch) is drawn around it on every request."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language

from sedp.opendata.actions import edition

SECONDS = 24 * 3600


def cached(key: str, render: Callable[[], dict]) -> dict:
    full = f"portal:{edition()}:{get_language()}:{key}"
    hit = cache.get(full)
    if hit is None:
        hit = render()
        cache.set(full, hit, SECONDS)
    return hit
