from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import ROLE_LEVELS, Role


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Demo accounts only sign in while SEDP_DEMO is on (see backends.DemoAwareBackend).
    is_demo = models.BooleanField(_("demo account"), default=False)
    # The one-time code app (sedp.core.totp): the shared secret, when it was confirmed with a first code (empty
    # until then: no code is asked), and the last step used, so that a code is never accepted twice.
    totp_secret = models.CharField(_("one-time code secret"), max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(_("one-time codes set up"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleGrant(models.Model):
    """User × role × unit. A grant on a unit covers that unit and its whole subtree; an admin grant with no
    unit covers the country."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="grants", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "places.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        related_name="grants",
        on_delete=models.CASCADE,
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("role grant")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit or _('whole country')}"

    def clean(self):
        if self.unit is None and self.role != Role.ADMIN:
            raise ValidationError({"unit": _("Only a system administrator may hold a role without a unit.")})
        if self.unit is not None and self.unit.level not in ROLE_LEVELS[self.role]:
            raise ValidationError({"unit": _("This role cannot be granted on a unit of this level.")})
