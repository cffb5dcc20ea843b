"""The version of what a form edits: a short fingerprint of the stored values it would overwrite.

An edit form carries the fingerprint of the values it was loaded with; the save compares it with the fingerprint
of the values stored now (under the row's lock) and refuses when they differ, so that one person's change is
never silently reverted by another's older form. A fingerprint rather than a counter: every way a value changes
(a page, an import, the API, a bulk update) changes it, with no column to keep up to date, and a change to a field
the form does not write never stops the save.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal


def _plain(value: object) -> object:
    """A value as JSON can hold it, the same however it was read: a row as its id, 2.50 as "2.5"."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return _plain(Decimal(repr(value)))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if hasattr(value, "pk"):  # a row (a Django model instance): its id
        return _plain(value.pk)
    return str(value)


def fingerprint(values: Mapping[str, object]) -> str:
    """16 hex digits that change whenever one of the values does (keys in any order)."""
    text = json.dumps(_plain(values), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
