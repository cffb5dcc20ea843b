"""Funding at a level: the year's sources, the integration runs over the children's priority activities, the
officers' overrides, and the decisions that reach each activity (and through it each village's need).

The rules live in the pure core (`sedp.core.funding`, `sedp.core.integration`, `sedp.core.runs`); these models
only keep what was decided, by whom and why:

* `FundingSource` — one source of the year at a unit (province, legacy district, commune), its amount and what it
  may pay (empty = no limit), as `sedp.core.funding.FundingSource` reads it;
* `IntegrationRun` — one run of the integration for an upper plan: the whole `RunRecord` (inputs, rule, outcome,
  overrides and their fate, explanations) as JSON, so an outcome can be defended, re-run and compared later;
* `Override` — an officer's change to one activity's outcome (fund, unfund, move), always with a reason;
* `Allocation` — the decision that stands: this activity is paid this much from this source, from this run;
* `Decision` — what became of each activity of an applied run, funded or not, with the sentence read out to its
  villages (so a village's page says why without opening the run).

Nothing here is public: the sources and runs are planning work of the unit, read by the people working in it, above
it and (for the sources, allocations and decisions) below it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    # The values are `sedp.core.funding.SourceKind`'s.
    INVESTMENT = "investment", _("development investment capital")
    RECURRENT = "recurrent", _("recurrent funds")
    NTP_POVERTY = "ntp_poverty", _("national target programme: sustainable poverty reduction")
    NTP_RURAL = "ntp_rural", _("national target programme: new rural development")
    NTP_ETHNIC = "ntp_ethnic", _("national target programme: ethnic-minority and mountainous areas")
    ODA = "oda", _("ODA and donors")
    COMMUNE_BUDGET = "commune_budget", _("the commune's own budget")
    PEOPLE = "people", _("people's contributions")


class ActivityType(models.TextChoices):
    CONSTRUCTION = "construction", _("construction")
    TECHNICAL_SERVICE = "technical_service", _("technical and service support")


class FundingSource(models.Model):
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="funding_sources", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of source"), max_length=20, choices=SourceKind.choices)
    name = models.CharField(_("name"), max_length=300, blank=True)
    amount = models.BigIntegerField(_("amount (đ)"))
    # Eligibility: every restriction set must hold; empty is no limit.
    sectors = models.ManyToManyField("needs.Sector", verbose_name=_("sectors it pays for"), blank=True)
    activity_type = models.CharField(
        _("activity type it pays for"), max_length=20, choices=ActivityType.choices, blank=True
    )
    earmarked_units = models.ManyToManyField(
        "places.Unit", verbose_name=_("only for these units"), blank=True, related_name="+"
    )
    targets_poverty = models.BooleanField(_("only activities for poor households"), default=False)
    targets_ethnic_minority = models.BooleanField(
        _("only activities for ethnic-minority people"), default=False
    )
    min_per_activity = models.BigIntegerField(_("minimum per activity (đ)"), null=True, blank=True)
    max_per_activity = models.BigIntegerField(_("maximum per activity (đ)"), null=True, blank=True)
    counterpart_percent = models.DecimalField(
        _("counterpart share the locality brings (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    priority = models.SmallIntegerField(_("order in which it pays"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "unit"
    # The units below see what their upper level has to spend (source 001: it is posted publicly).
    policy_visible_from_below = True

    class Meta:
        ordering = ["unit", "-year", "kind", "id"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class IntegrationRun(models.Model):
    plan = models.ForeignKey("plans.Plan", related_name="integration_runs", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("run number"))
    rule = models.CharField(_("rule"), max_length=40, default="process")
    # `sedp.core.runs.RunRecord.to_dict()`: inputs, options, outcome, overrides, final outcome, explanations.
    record = models.JSONField(_("record of the run"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When its outcome became the decisions (`Allocation`); one applied run per plan at a time.
    applied_at = models.DateTimeField(_("applied on"), null=True, blank=True)

    policy_unit = "plan__unit"

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("integration run")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="integration_run_number_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.number} — {self.plan}"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class OverrideAction(models.TextChoices):
    FUND = "fund", _("fund")
    UNFUND = "unfund", _("do not fund")
    MOVE = "move", _("move to another source")


class Override(models.Model):
    run = models.ForeignKey(IntegrationRun, related_name="overrides", on_delete=models.CASCADE)
    activity = models.ForeignKey("plans.Activity", related_name="+", on_delete=models.PROTECT)
    action = models.CharField(_("change"), max_length=10, choices=OverrideAction.choices)
    source = models.ForeignKey(
        FundingSource,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        verbose_name=_("source"),
    )
    reason = models.TextField(_("reason"))
    # What became of it when applied: empty when accepted, else why it was refused (the engine's sentence).
    refused = models.TextField(_("refused because"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "run__plan__unit"

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("override")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="override_has_reason")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.activity_id} ({self.reason})"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class Allocation(models.Model):
    """This activity is paid `amount` from `source` (the decision that stands; a village page reads it)."""

    activity = models.ForeignKey("plans.Activity", related_name="allocations", on_delete=models.CASCADE)
    source = models.ForeignKey(FundingSource, related_name="allocations", on_delete=models.PROTECT)
    amount = models.BigIntegerField(_("amount (đ)"))
    run = models.ForeignKey(
        IntegrationRun, null=True, blank=True, related_name="allocations", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "source__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["source", "activity"]
        verbose_name = _("allocation")
        constraints = [
            models.UniqueConstraint(fields=["activity", "source"], name="allocation_once_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} ← {self.source}: {self.amount}"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class Decision(models.Model):
    """What an applied run decided for one activity: funded or not, and the sentence an official reads out (in
    Vietnamese and English). Replaced, with the plan's allocations, each time a run of the plan is applied."""

    plan = models.ForeignKey("plans.Plan", related_name="funding_decisions", on_delete=models.CASCADE)
    run = models.ForeignKey(IntegrationRun, related_name="decisions", on_delete=models.CASCADE)
    activity = models.ForeignKey("plans.Activity", related_name="funding_decisions", on_delete=models.CASCADE)
    funded = models.BooleanField(_("funded"))
    sentence = models.TextField(_("why"))
    sentence_en = models.TextField(blank=True)

    policy_unit = "plan__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["plan", "activity"]
        verbose_name = _("funding decision")
        constraints = [
            models.UniqueConstraint(fields=["plan", "activity"], name="funding_decision_once_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {'funded' if self.funded else 'not funded'}"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])
