"""What an upper level assigns to one unit under it for a year (province → commune → village; legacy province →
district → commune): an `Assignment` per receiving unit, with its budget lines (by source, and by activity when
the money is for a named activity) and its targets. The check that it all adds up is
`sedp.core.assignment.check_assignment`; a line that does not add up carries its reason in `Explanation`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")


class Assignment(models.Model):
    # The assigning level's plan (its adopted plan for the year) and the unit that receives.
    plan = models.ForeignKey("plans.Plan", related_name="handed_down", on_delete=models.PROTECT)
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("assigned to"), related_name="assigned", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    doc_number = models.CharField(_("decision number"), max_length=40, blank=True)
    doc_date = models.DateField(_("decision date"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued on"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    # The receiving unit's plan version made to take it in (with the differences listed), once adjusted.
    adjusted_plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, related_name="adjusted_to", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The assigning unit manages it; the receiving unit (below) reads it; issued assignments are posted publicly.
    policy_unit = "plan__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["plan", "unit__name"]
        verbose_name = _("assignment")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="assignment_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.plan.unit} → {self.unit} ({self.year})"

    @classmethod
    def policy_public_q(cls):
        return Q(state=State.ISSUED)


class Budget(models.Model):
    assignment = models.ForeignKey(Assignment, related_name="budgets", on_delete=models.CASCADE)
    source = models.ForeignKey("funding.FundingSource", related_name="+", on_delete=models.PROTECT)
    activity = models.ForeignKey(
        "plans.Activity", null=True, blank=True, related_name="assigned_budgets", on_delete=models.SET_NULL
    )
    amount = models.BigIntegerField(_("amount (đ)"))

    policy_unit = "assignment__plan__unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        # Posted with the assignment it belongs to, once issued (source 001: assigned targets are made public).
        return Q(assignment__state=State.ISSUED)

    class Meta:
        ordering = ["assignment", "source", "id"]
        verbose_name = _("assigned budget")

    def __str__(self) -> str:
        return f"{self.source}: {self.amount}"


class Target(models.Model):
    assignment = models.ForeignKey(Assignment, related_name="targets", on_delete=models.CASCADE)
    measure = models.ForeignKey(
        "plans.Measure", null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    name = models.CharField(_("target"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    policy_unit = "assignment__plan__unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        # Posted with the assignment it belongs to, once issued (source 001: assigned targets are made public).
        return Q(assignment__state=State.ISSUED)

    class Meta:
        ordering = ["assignment", "id"]
        verbose_name = _("assigned target")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class Explanation(models.Model):
    """Why one line (a source's key or a target's key) of a plan's hand-down does not add up."""

    plan = models.ForeignKey("plans.Plan", related_name="assignment_explanations", on_delete=models.CASCADE)
    key = models.CharField(max_length=80)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "plan__unit"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])  # the level's own working note; the notice prints the figures, not this

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="assignment_explanation_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="assignment_explanation_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.reason}"
