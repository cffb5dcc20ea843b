"""Plans at any level: a unit's plan of a kind for a period, in versions; a version is a draft until a meeting
adopts it, then it is locked, and any change after that is a new version with a reason.

Village plans come first (mid-term, annual); the commune plan of issue 5 is the same model with another kind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    VILLAGE_MIDTERM = "village_midterm", _("village mid-term plan")
    VILLAGE_ANNUAL = "village_annual", _("village annual plan")
    COMMUNE_ANNUAL = "commune_annual", _("commune annual plan")
    DISTRICT_ANNUAL = "district_annual", _("district annual plan")
    PROVINCE_ANNUAL = "province_annual", _("province annual plan")


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")


class Part(models.IntegerChoices):
    OWN = 1, _("Part 1: the village's own money and labour")
    BUDGET = 2, _("Part 2: asked of the commune or district budget")


class Plan(models.Model):
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="plans", on_delete=models.PROTECT
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("planning cycle"),
        null=True,
        blank=True,
        related_name="plans",
        on_delete=models.SET_NULL,
    )
    kind = models.CharField(_("kind of plan"), max_length=24, choices=Kind.choices)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    locked = models.BooleanField(_("locked"), default=False)
    # The mid-term plan an annual plan takes its activities from; the meeting whose score sheets ranked it.
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        related_name="derived",
        on_delete=models.PROTECT,
        verbose_name=_("taken from"),
    )
    ranked_at = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        related_name="ranked_plans",
        on_delete=models.SET_NULL,
        verbose_name=_("ranked at"),
    )
    adopted_at = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        related_name="adopted_plans",
        on_delete=models.PROTECT,
        verbose_name=_("adopted at"),
    )
    adopted_on = models.DateTimeField(_("adopted on"), null=True, blank=True)
    previous = models.OneToOneField(
        "self", null=True, blank=True, related_name="next_version", on_delete=models.PROTECT
    )
    change_reason = models.TextField(_("reason for the new version"), blank=True)
    # The adopted content, frozen: what was sent to the commune, whatever happens to needs afterwards.
    snapshot = models.JSONField(_("adopted content"), null=True, blank=True)
    # Evaluation of last year (annual plans): the whole, then each activity in `Evaluation`.
    difficulties = models.TextField(_("advantages and difficulties"), blank=True)
    main_results = models.TextField(_("main results of the year"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "unit"

    class Meta:
        ordering = ["unit", "-year_from", "kind", "-version"]
        verbose_name = _("plan")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year_from", "version"], name="plan_version_unique"
            )
        ]

    def __str__(self) -> str:
        years = str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"
        return f"{self.get_kind_display()} {years} — {self.unit.name} (v{self.version})"

    @classmethod
    def policy_public_q(cls):
        # An adopted plan is sent up and posted: people know (dân biết) what their village asked for.
        return Q(state=State.ADOPTED)

    @property
    def is_annual(self) -> bool:
        return self.kind != Kind.VILLAGE_MIDTERM


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, related_name="items", on_delete=models.CASCADE)
    need = models.ForeignKey("needs.Need", related_name="plan_items", on_delete=models.PROTECT)
    rank = models.PositiveSmallIntegerField(_("rank"))
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices, null=True, blank=True)
    # The ranking as it stood (score 0–100, group ranks), kept with the item because rankings are not stored.
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    men_rank = models.PositiveSmallIntegerField(_("men's rank"), null=True, blank=True)
    women_rank = models.PositiveSmallIntegerField(_("women's rank"), null=True, blank=True)
    contribution_money = models.BigIntegerField(_("people's contribution: money (đ)"), null=True, blank=True)
    contribution_labour_days = models.PositiveIntegerField(
        _("people's contribution: labour days"), null=True, blank=True
    )
    contribution_materials_value = models.BigIntegerField(
        _("value of the materials (đ)"), null=True, blank=True
    )
    contribution_land_value = models.BigIntegerField(_("value of the land (đ)"), null=True, blank=True)
    is_new = models.BooleanField(_("not in the mid-term plan"), default=False)
    new_reason = models.TextField(_("why it is added"), blank=True)

    policy_unit = "plan__unit"

    class Meta:
        ordering = ["plan", "part", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "need"], name="plan_item_need_once")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.need.title}"

    @classmethod
    def policy_public_q(cls):
        return Q(plan__state=State.ADOPTED)


class Evaluation(models.Model):
    """Last year's activity, evaluated before the annual plan is made (source 001, annual plan step 1)."""

    plan = models.ForeignKey(Plan, related_name="evaluations", on_delete=models.CASCADE)
    activity = models.CharField(_("activity"), max_length=300)
    progress = models.CharField(_("progress"), max_length=300, blank=True)
    quality = models.CharField(_("quality"), max_length=300, blank=True)
    invested_state = models.BigIntegerField(_("invested by the state (đ)"), null=True, blank=True)
    invested_donors = models.BigIntegerField(_("invested by donors (đ)"), null=True, blank=True)
    invested_people = models.BigIntegerField(_("invested by the people (đ)"), null=True, blank=True)
    management = models.CharField(_("management"), max_length=300, blank=True)
    supervision = models.CharField(_("supervision"), max_length=300, blank=True)
    impact = models.TextField(_("impact on people's lives"), blank=True)

    policy_unit = "plan__unit"

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.activity

    @classmethod
    def policy_public_q(cls):
        return Q(plan__state=State.ADOPTED)
