"""The administrative tree: one model for every level, current and legacy, with the 2025 merges linked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Concat, Length
from django.utils.translation import gettext_lazy as _

from sedp.core.text import fold
from sedp.query import clean

from .choices import ALLOWED_PARENT, KIND_LEVEL, Kind, Level, Tiers


class UnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_legacy=False)

    def legacy(self):
        return self.filter(is_legacy=True)

    def subtree(self, unit: Unit):
        """The unit and everything below it (one indexed prefix query)."""
        return self.filter(path__startswith=unit.path)

    def search(self, text: str):
        """Units whose folded name has every word of `text` ('dak lak' finds 'Đắk Lắk'); the last word may be the
        start of a word, as typed so far. Whole-word matches of the last word come first, then shorter names."""
        # Control characters dropped and at most 20 words (each is a condition; SQLite's expression tree has a limit).
        words = fold(clean(text)).split()
        if not words:
            return self
        qs = self.annotate(_padded=Concat(Value(" "), "search_name", Value(" "), output_field=CharField()))
        for word in words[:-1]:
            qs = qs.filter(_padded__contains=f" {word} ")
        last = words[-1]
        qs = qs.filter(_padded__contains=f" {last}")
        exact = Case(When(_padded__contains=f" {last} ", then=Value(0)), default=Value(1))
        return qs.annotate(_rank=exact, _len=Length("search_name")).order_by("_rank", "_len", "path")


class Unit(models.Model):
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    code = models.CharField(_("official code"), max_length=16, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    # Materialised path: "/66/24169/v812/" — official codes down to the commune ("L" marks a legacy province,
    # whose codes overlap today's), then "v" + primary key for villages. Subtree = prefix; ancestors = its parts.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    is_legacy = models.BooleanField(_("legacy (before 1 July 2025)"), default=False, db_index=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("merged into"), symmetrical=False, related_name="predecessors", blank=True
    )
    tiers = models.PositiveSmallIntegerField(
        _("planning process"), choices=Tiers.choices, default=Tiers.TWO, help_text=_("Set on provinces.")
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    poor_households = models.PositiveIntegerField(_("poor households"), null=True, blank=True)
    ethnic_minority_share = models.DecimalField(
        _("ethnic-minority share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    extra = models.JSONField(_("other figures"), default=dict, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "is_legacy"],
                condition=~Q(code=""),
                name="unit_code_unique_per_level",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], condition=Q(level="village"), name="village_name_unique_in_commune"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def path_segment(self) -> str:
        if self.level == Level.VILLAGE:
            return f"v{self.pk}"
        return f"L{self.code}" if self.is_legacy and self.level == Level.PROVINCE else self.code

    def compute_path(self) -> str:
        return (self.parent.path if self.parent_id else "/") + f"{self.path_segment()}/"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        if self.level != Level.VILLAGE:
            self.path = self.compute_path()
            return super().save(*args, **kwargs)
        super().save(*args, **kwargs)  # a village's path needs its primary key
        path = self.compute_path()
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    def clean(self):
        if KIND_LEVEL.get(self.kind) not in (None, self.level):
            raise ValidationError({"kind": _("This kind does not belong to this level.")})
        parent_level = self.parent.level if self.parent_id else None
        if parent_level not in ALLOWED_PARENT[self.level]:
            raise ValidationError({"parent": _("A unit of this level cannot sit under that parent.")})
        if self.pk and self.parent_id and self.parent.path.startswith(self.path or "-"):
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
        if self.households is not None and self.poor_households is not None:
            if self.poor_households > self.households:
                raise ValidationError({"poor_households": _("Poor households exceed all households.")})

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths of the units above this one, the province first."""
        parts = self.path.strip("/").split("/")
        return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]

    def ancestors(self):
        return Unit.objects.filter(path__in=self.ancestor_paths).order_by("path")

    def province(self) -> Unit:
        return self if self.parent_id is None else Unit.objects.get(path=self.ancestor_paths[0])

    @property
    def poverty_rate(self):
        if self.households and self.poor_households is not None:
            return round(100 * self.poor_households / self.households, 2)
        return None


# The administrative tree is public reference data: anyone may read it; only people with a role above a unit
# may change it (import villages, edit figures).
Unit.policy_unit = ""
Unit.policy_public_q = classmethod(lambda cls: Q())
