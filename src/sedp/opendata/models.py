"""What is published, stored when it is published: a unit's open data for a plan year (and a province's bulk of
every unit under it), as JSON tables and as the ZIP people download. Pages, the notice, the API and the downloads
read these rows; nothing public is recomputed per request, and nothing here was ever a draft."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Dataset(models.Model):
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="datasets", on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("plan year"))
    # A province's bulk download: every unit under it (itself included) for the year, in the same tables.
    bulk = models.BooleanField(default=False)
    data = models.JSONField(default=dict)  # {"tables": {name: [row, ...]}, "summary": {...}}
    archive = models.BinaryField()  # the ZIP: CSV files and datapackage.json
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField(db_index=True)

    policy_unit = "unit"

    class Meta:
        ordering = ["unit__path", "-year", "bulk"]
        verbose_name = _("open data set")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "bulk"], name="dataset_once_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}{' (bulk)' if self.bulk else ''}"

    @classmethod
    def policy_public_q(cls):
        return Q()  # only published content is ever stored here

    @property
    def tables(self) -> dict[str, list[dict]]:
        return self.data.get("tables", {})


class Edition(models.Model):
    """One row whose number goes up each time something is published: the public pages' cache key, so every
    worker sees a publication at once (a cache of its own per process would not)."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"edition {self.number}"
