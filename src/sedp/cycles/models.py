from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sedp.core.calendar import Milestone as CoreMilestone
from sedp.core.calendar import Phase
from sedp.places.choices import Tiers

from .labels import PHASE_LABELS, milestone_label

PHASE_CHOICES = [(p.value, PHASE_LABELS[p]) for p in Phase]


class Cycle(models.Model):
    """A plan year over a unit (a province, a district or a commune) and the units below it."""

    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="cycles", on_delete=models.PROTECT
    )
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    tiers = models.PositiveSmallIntegerField(_("planning process"), choices=Tiers.choices, default=Tiers.TWO)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["-plan_year", "unit__path"]
        verbose_name = _("planning cycle")
        constraints = [
            models.UniqueConstraint(fields=["unit", "plan_year"], name="cycle_unique_per_unit_year")
        ]

    def __str__(self) -> str:
        return _("Plan %(year)d — %(unit)s") % {"year": self.plan_year, "unit": self.unit.name}

    @classmethod
    def policy_public_q(cls):
        return Q(is_published=True)

    def core_milestones(self) -> list[CoreMilestone]:
        return [m.as_core() for m in self.milestones.all()]


class Milestone(models.Model):
    cycle = models.ForeignKey(Cycle, related_name="milestones", on_delete=models.CASCADE)
    key = models.CharField(max_length=32)
    phase = models.CharField(_("phase"), max_length=16, choices=PHASE_CHOICES)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    policy_unit = "cycle__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["starts_on", "due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "key"], name="milestone_key_unique")]

    def __str__(self) -> str:
        return str(self.label)

    @classmethod
    def policy_public_q(cls):
        return Q(cycle__is_published=True)

    @property
    def label(self) -> str:
        return milestone_label(self.key, self.cycle.tiers)

    def as_core(self) -> CoreMilestone:
        return CoreMilestone(self.key, Phase(self.phase), self.starts_on, self.due_on, self.done_on)


class ProvinceCalendar(models.Model):
    """A province's own dates for a milestone (day and month, relative to the plan year): the default for new
    cycles of every unit in the province."""

    province = models.ForeignKey(
        "places.Unit",
        related_name="calendar",
        on_delete=models.CASCADE,
        limit_choices_to={"level": "province"},
    )
    key = models.CharField(max_length=32)
    start_day = models.PositiveSmallIntegerField()
    start_month = models.PositiveSmallIntegerField()
    start_year_offset = models.SmallIntegerField()
    end_day = models.PositiveSmallIntegerField()
    end_month = models.PositiveSmallIntegerField()
    end_year_offset = models.SmallIntegerField()

    policy_unit = "province"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["province", "key"], name="calendar_key_unique")]

    def __str__(self) -> str:
        return f"{self.province} {self.key}"

    @classmethod
    def policy_public_q(cls):
        return Q()
