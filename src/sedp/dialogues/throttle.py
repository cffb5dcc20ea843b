"""How often one address may send questions on the public page (Django's cache; no database row, no log).

The cache key is a keyed hash of the address, not the address, and holds only a count that expires with the
window: nothing in it says which question was sent, so it cannot tie an anonymous question to its sender.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

LIMIT = 5  # questions
WINDOW = 60 * 60  # seconds


def _key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"sedp:dialogues:ask:{digest}"


def over_limit(request) -> bool:
    return cache.get(_key(request), 0) >= LIMIT


def count(request) -> None:
    key = _key(request)
    if not cache.add(key, 1, WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, WINDOW)
