"""Needs (proposed activities), the PRA assessment that raised them, criteria, and the score sheets ranking them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sedp.core import ranking
from sedp.core.money import people_contribution


class _Private:
    """Planning work in progress: people working on the unit (and above) read it; nothing is public yet."""

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class _Shared:
    """A default list (unit empty) everyone reads; a unit's own additions follow the unit's policy."""

    policy_unit = "unit"

    @classmethod
    def policy_public_q(cls):
        return Q(unit__isnull=True)


class _UnitList(_Shared, models.Model):
    """An editable list item: the defaults have no unit; a unit may add its own."""

    unit = models.ForeignKey(
        "places.Unit",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.CASCADE,
        verbose_name=_("unit"),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_unit(cls, unit):
        return cls.objects.filter(Q(unit__isnull=True) | Q(unit=unit))


class Sector(_UnitList):
    """A sector (lĩnh vực). The six of source 000 are the default list; a unit may add its own."""

    name = models.CharField(_("sector"), max_length=200)

    class Meta(_UnitList.Meta):
        verbose_name = _("sector")


class PraTool(_UnitList):
    """A tool of the PRA kit (12 by default)."""

    name = models.CharField(_("PRA tool"), max_length=200)

    class Meta(_UnitList.Meta):
        verbose_name = _("PRA tool")


class SubGroup(_Private, models.Model):
    """A PRA sub-group of the working group (3–4 of them), with a leader who records and a theme."""

    meeting = models.ForeignKey("meetings.Meeting", related_name="subgroups", on_delete=models.CASCADE)
    name = models.CharField(_("sub-group"), max_length=120)
    leader = models.CharField(_("leader"), max_length=150)
    theme = models.CharField(_("theme"), max_length=200)
    tools = models.ManyToManyField(PraTool, verbose_name=_("PRA tools used"), blank=True)
    is_women = models.BooleanField(_("women's sub-group"), default=False)

    policy_unit = "meeting__unit"

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Finding(_Private, models.Model):
    subgroup = models.ForeignKey(SubGroup, related_name="findings", on_delete=models.CASCADE)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT)
    situation = models.TextField(_("situation"))
    problems = models.TextField(_("problems"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    solutions = models.TextField(_("solutions"), blank=True)

    policy_unit = "subgroup__meeting__unit"

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.sector}: {self.situation[:40]}"


class NeedKind(models.TextChoices):
    SERVICE = "service", _("technical or public-service support")
    CONSTRUCTION = "construction", _("construction")


class Need(_Private, models.Model):
    """A proposed activity raised in a unit's meeting. `code` (N1, N2…) names it on score sheets and forms."""

    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="needs", on_delete=models.PROTECT
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("raised at"),
        null=True,
        blank=True,
        related_name="needs",
        on_delete=models.SET_NULL,
    )
    code = models.CharField(_("code"), max_length=16)
    title = models.CharField(_("activity"), max_length=300)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(_("type"), max_length=16, choices=NeedKind.choices, default=NeedKind.CONSTRUCTION)
    place = models.CharField(_("place"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, null=True, blank=True)
    quantity_unit = models.CharField(_("unit of measure"), max_length=40, blank=True)
    timing = models.CharField(_("timing"), max_length=100, blank=True)
    estimated_cost = models.BigIntegerField(_("estimated cost (đ)"), null=True, blank=True)
    contribution_money = models.BigIntegerField(_("people's contribution: money (đ)"), null=True, blank=True)
    contribution_labour_days = models.PositiveIntegerField(
        _("people's contribution: labour days"), null=True, blank=True
    )
    contribution_labour_value = models.BigIntegerField(_("value of the labour (đ)"), null=True, blank=True)
    contribution_materials = models.CharField(
        _("people's contribution: materials"), max_length=200, blank=True
    )
    contribution_materials_value = models.BigIntegerField(
        _("value of the materials (đ)"), null=True, blank=True
    )
    contribution_land = models.CharField(_("people's contribution: land"), max_length=200, blank=True)
    contribution_land_value = models.BigIntegerField(_("value of the land (đ)"), null=True, blank=True)
    subgroup = models.ForeignKey(
        SubGroup,
        verbose_name=_("proposed by sub-group"),
        null=True,
        blank=True,
        related_name="needs",
        on_delete=models.SET_NULL,
    )
    proposed_by_women = models.BooleanField(_("proposed by women"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "unit"

    class Meta:
        ordering = ["unit", "id"]
        verbose_name = _("need")
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="need_code_unique_in_unit")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def contribution_value(self) -> int:
        """The people's contribution in đồng (money, labour, materials, land): `core.money.people_contribution`."""
        return people_contribution(
            self.contribution_money,
            self.contribution_labour_value,
            self.contribution_materials_value,
            self.contribution_land_value,
        )


class Criterion(_Shared, models.Model):
    """A priority criterion with its weight: the default set (unit empty) or a unit's own set, which replaces it."""

    unit = models.ForeignKey(
        "places.Unit",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.CASCADE,
        verbose_name=_("unit"),
    )
    key = models.CharField(max_length=32)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("criterion")
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="criterion_key_unique_in_unit")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_unit(cls, unit) -> list[Criterion]:
        own = list(cls.objects.filter(unit=unit))
        return own or list(cls.objects.filter(unit__isnull=True))

    @property
    def from_women_tick(self) -> bool:
        """The default "proposed by women" criterion (not one a unit put in its place): taken from each need's
        tick, not scored by the groups."""
        default = next((c for c in ranking.DEFAULT_CRITERIA if c.from_women_tick), None)
        return default is not None and self.key == default.key and self.name.strip() == default.label_vi

    def as_core(self) -> ranking.Criterion:
        return ranking.Criterion(
            self.key, self.name, self.name, self.weight, from_women_tick=self.from_women_tick
        )


class GroupKind(models.TextChoices):
    WORKING_GROUP = ranking.WORKING_GROUP, _("working group")
    MEN = ranking.MEN, _("men's group")
    WOMEN = ranking.WOMEN, _("women's group")
    OTHER = "other", _("other group")


class Mode(models.TextChoices):
    SCORES = "scores", _("scores by criterion")
    DOTS = "dots", _("pebbles or dots")


class ScoreSheet(_Private, models.Model):
    meeting = models.ForeignKey("meetings.Meeting", related_name="score_sheets", on_delete=models.CASCADE)
    group = models.CharField(_("scoring group"), max_length=16, choices=GroupKind.choices)
    label = models.CharField(_("name of the group"), max_length=120)
    mode = models.CharField(_("method"), max_length=8, choices=Mode.choices, default=Mode.SCORES)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_unit = "meeting__unit"

    class Meta:
        ordering = ["id"]
        verbose_name = _("score sheet")
        constraints = [models.UniqueConstraint(fields=["meeting", "label"], name="sheet_label_unique")]

    def __str__(self) -> str:
        return self.label


class Score(models.Model):
    """One cell: a need's score on a criterion, or (criterion empty) its pebbles or dots."""

    sheet = models.ForeignKey(ScoreSheet, related_name="scores", on_delete=models.CASCADE)
    need = models.ForeignKey(Need, related_name="scores", on_delete=models.CASCADE)
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.CASCADE)
    value = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "need", "criterion"], name="score_one_per_cell"),
            models.UniqueConstraint(
                fields=["sheet", "need"], condition=Q(criterion__isnull=True), name="vote_one_per_need"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id}:{self.need_id}:{self.criterion_id or '-'}={self.value}"
