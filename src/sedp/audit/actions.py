"""Writing the audit log. Actions call `record` inside their transaction, so a rolled-back change leaves no trace."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import AuditEntry, actor_name


def entry(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    at=None,
) -> AuditEntry:
    """The row `record` writes, not yet written (for `record_many`)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    signed_in = getattr(actor, "is_authenticated", False)
    out = AuditEntry(
        actor=actor if signed_in else None,
        actor_name=actor_name(actor) if signed_in else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:255],
        before=before,
        after=after,
        reason=reason,
    )
    if at is not None:
        out.at = at
    return out


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    at=None,
) -> AuditEntry:
    """One append-only row. `at` replaces the time of writing (an anonymous question keeps only its day)."""
    out = entry(
        actor, action, obj, object_type=object_type, object_id=object_id, object_repr=object_repr,
        before=before, after=after, reason=reason, at=at,
    )  # fmt: skip
    out.save(force_insert=True)
    return out


def record_many(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Several rows made with `entry`, written in one INSERT, in their order (an action that changes many rows at
    once: the same entries as `record` one by one, each with its own time of writing)."""
    return AuditEntry.objects.bulk_create(list(entries))


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """A JSON-safe before/after picture of the named fields."""
    data = {}
    for name in fields:
        value = getattr(obj, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data
