"""Implementation and monitoring of a plan (issue 12, §1–2): each funded activity followed as a `Work`, with its
funding by source, the people's contribution pledged and realised, the boards that manage and supervise it, its
milestones, the community's findings and the photos; and the commune's monthly and quarterly progress `Report`s.

The rules live in `sedp.monitoring.actions` (atomic, audited); these models only keep what happened.

Nothing here is public through the policy: the finance disclosure (§3, `sedp.monitoring.finance`) decides what the
villages read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class _Private:
    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class Work(_Private, models.Model):
    """A funded activity followed from its start to its hand-over. `unit` owns it: the commune, or the village
    for works the village runs itself (`self_run`)."""

    activity = models.OneToOneField(
        "plans.Activity", verbose_name=_("activity"), related_name="work", on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("owned by"), related_name="works", on_delete=models.PROTECT
    )
    self_run = models.BooleanField(_("run by the village itself"), default=False)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    # The people's contribution, pledged and realised (đ, days).
    pledged_money = models.BigIntegerField(_("money pledged (đ)"), default=0)
    pledged_labour_days = models.PositiveIntegerField(_("labour days pledged"), default=0)
    pledged_labour_value = models.BigIntegerField(_("value of the labour pledged (đ)"), default=0)
    pledged_materials_value = models.BigIntegerField(_("value of the materials pledged (đ)"), default=0)
    pledged_land_value = models.BigIntegerField(_("value of the land pledged (đ)"), default=0)
    realised_money = models.BigIntegerField(_("money contributed (đ)"), default=0)
    realised_labour_days = models.PositiveIntegerField(_("labour days contributed"), default=0)
    realised_labour_value = models.BigIntegerField(_("value of the labour contributed (đ)"), default=0)
    realised_materials_value = models.BigIntegerField(_("value of the materials contributed (đ)"), default=0)
    realised_land_value = models.BigIntegerField(_("value of the land contributed (đ)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "unit"
    # The commune follows its villages' works; the village reads the commune's works done in it.
    policy_visible_from_below = True

    class Meta:
        ordering = ["unit", "activity__order", "id"]
        verbose_name = _("work")
        verbose_name_plural = _("works")

    def __str__(self) -> str:
        return str(self.activity)


class WorkFunding(_Private, models.Model):
    work = models.ForeignKey(Work, related_name="fundings", on_delete=models.CASCADE)
    source = models.ForeignKey(
        "funding.FundingSource",
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    source_name = models.CharField(_("source"), max_length=300, blank=True)
    planned = models.BigIntegerField(_("planned (đ)"))

    policy_unit = "work__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["work", "id"]
        verbose_name = _("funding of a work")

    def __str__(self) -> str:
        return f"{self.source_name}: {self.planned}"


class BoardKind(models.TextChoices):
    MANAGEMENT_GROUP = "management_group", _("management group")
    SUPERVISION_GROUP = "supervision_group", _("community supervision group")
    MANAGEMENT_BOARD = "management_board", _("project management board")
    SUPERVISION_BOARD = "supervision_board", _("supervision board")


class Board(_Private, models.Model):
    """Who manages and who supervises a work: the village's groups for a self-run work, the commune's boards
    otherwise (source 001)."""

    work = models.ForeignKey(Work, related_name="boards", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=BoardKind.choices)

    policy_unit = "work__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["work", "kind"]
        verbose_name = _("board or group")
        constraints = [models.UniqueConstraint(fields=["work", "kind"], name="board_once_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Member(_Private, models.Model):
    board = models.ForeignKey(Board, related_name="members", on_delete=models.CASCADE)
    name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    role = models.CharField(_("role"), max_length=100, blank=True)

    policy_unit = "board__work__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["board", "id"]
        verbose_name = _("member")

    def __str__(self) -> str:
        return self.name


class MilestoneKind(models.TextChoices):
    ESTIMATE_APPROVED = "estimate_approved", _("estimate approved")
    CONTRACT_SIGNED = "contract_signed", _("contract co-signed by the commune and the village")
    STARTED = "started", _("started")
    HANDED_OVER = "handed_over", _("accepted and handed over")
    SETTLED = "settled", _("accounts settled")


class Milestone(_Private, models.Model):
    work = models.ForeignKey(Work, related_name="milestones", on_delete=models.CASCADE)
    kind = models.CharField(_("milestone"), max_length=20, choices=MilestoneKind.choices)
    due = models.DateField(_("due date"), null=True, blank=True)
    met_on = models.DateField(_("date met"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    policy_unit = "work__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["work", "due", "id"]
        verbose_name = _("milestone")
        constraints = [models.UniqueConstraint(fields=["work", "kind"], name="milestone_once_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class FindingStatus(models.TextChoices):
    OPEN = "open", _("open")
    FIXED = "fixed", _("fixed")
    NOT_FIXED = "not_fixed", _("not fixed")


class Finding(_Private, models.Model):
    """What the community supervision checked and found, followed to "fixed" or "not fixed, why"."""

    work = models.ForeignKey(Work, related_name="findings", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    checked = models.TextField(_("what was checked"))
    found = models.TextField(_("what was found"))
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    reason = models.TextField(_("why not fixed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    policy_unit = "work__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["work", "-date", "id"]
        verbose_name = _("supervision finding")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_fixed") | ~Q(reason=""), name="finding_not_fixed_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.found[:60]}"


class Stage(models.TextChoices):
    BEFORE = "before", _("before")
    DURING = "during", _("during")
    AFTER = "after", _("after")


class Photo(_Private, models.Model):
    """A photo of a work (or of a finding on it), under MEDIA_ROOT/monitoring/."""

    work = models.ForeignKey(Work, related_name="photos", on_delete=models.CASCADE)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, related_name="photos", on_delete=models.CASCADE
    )
    image = models.FileField(_("photo"), upload_to="monitoring/%Y/%m/")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField(_("size (bytes)"))
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "work__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["work", "created_at", "id"]
        verbose_name = _("photo")

    def __str__(self) -> str:
        return self.image.name


class PeriodKind(models.TextChoices):
    MONTH = "month", _("monthly")
    QUARTER = "quarter", _("quarterly")


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("progress report", "draft")
    SUBMITTED = "submitted", pgettext_lazy("progress report", "submitted to the commune leader")
    APPROVED = "approved", _("approved by the commune leader")
    ACCEPTED = "accepted", _("accepted by the upper level")


class Report(_Private, models.Model):
    """A unit's progress report on its plan for one month or quarter."""

    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="reports", on_delete=models.PROTECT
    )
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), related_name="reports", on_delete=models.PROTECT
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period = models.PositiveSmallIntegerField(_("month or quarter"))
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    difficulties = models.TextField(_("difficulties"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["unit", "-year", "period_kind", "-period"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "plan", "period_kind", "period", "year"], name="report_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_period_kind_display()} {self.period}/{self.year}"


class ReportLine(_Private, models.Model):
    report = models.ForeignKey(Report, related_name="lines", on_delete=models.CASCADE)
    work = models.ForeignKey(Work, related_name="report_lines", on_delete=models.PROTECT)
    progress = models.PositiveSmallIntegerField(_("physical progress (%)"), default=0)
    # {str(WorkFunding id): disbursed đ} — what was paid from each of the work's sources by the period's end.
    disbursed = models.JSONField(_("disbursed by source"), default=dict, blank=True)
    # {str(WorkFunding id): settled đ} — what of it was settled (quyết toán) by the period's end.
    settled = models.JSONField(_("settled by source"), default=dict, blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    policy_unit = "report__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["report", "work__activity__order", "id"]
        verbose_name = _("report line")
        constraints = [models.UniqueConstraint(fields=["report", "work"], name="report_line_once_per_work")]

    def __str__(self) -> str:
        return f"{self.work}: {self.progress}%"


class IndicatorValue(_Private, models.Model):
    report = models.ForeignKey(Report, related_name="indicator_values", on_delete=models.CASCADE)
    indicator = models.ForeignKey("plans.Indicator", related_name="+", on_delete=models.PROTECT)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    men = models.DecimalField(_("men"), max_digits=16, decimal_places=2, null=True, blank=True)
    women = models.DecimalField(_("women"), max_digits=16, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    policy_unit = "report__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["report", "indicator__order", "id"]
        verbose_name = _("indicator value")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_once_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class Narrative(_Private, models.Model):
    """The written part of a plan's evaluation at 6 months or at year end (the sources' sections): progress,
    quality, difficulties and their causes, impact on people's lives. The figures are computed, never stored."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), related_name="narratives", on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("year"))
    months = models.PositiveSmallIntegerField(_("months"), choices=[(6, _("6 months")), (12, _("year end"))])
    progress = models.TextField(_("progress"), blank=True)
    quality = models.TextField(_("quality"), blank=True)
    difficulties = models.TextField(_("difficulties and their causes"), blank=True)
    impact = models.TextField(_("impact on people's lives"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    policy_unit = "plan__unit"
    policy_visible_from_below = True

    class Meta:
        ordering = ["plan", "year", "months"]
        verbose_name = _("evaluation narrative")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "months"], name="narrative_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.months}/{self.year}"
