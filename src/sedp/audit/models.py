"""The audit log: every change that matters to a plan's history, with who, when, and before/after."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Written by actions, never edited (NetBox's ObjectChange, Zulip's RealmAuditLog).

    Append-only in the database: on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002). So deleting a
    user touches no entry: `actor` is not a database constraint and keeps the id, and `actor_name` keeps the
    name as it was written."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("by (name as written)"), max_length=310, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


def actor_name(user) -> str:
    """ "Full name (username)", or the username alone: what an entry keeps of the person who acted."""
    full = (getattr(user, "full_name", "") or "").strip()
    return f"{full} ({user.username})" if full else user.username
