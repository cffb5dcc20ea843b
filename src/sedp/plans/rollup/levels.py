"""What the units of a roll-up are called, by level: the same pages serve a commune's plan (its children are
villages), a legacy district's (communes) and a province's (communes; legacy: districts). Labels only — no
behaviour here depends on anything but the unit's level and structure."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sedp.places.choices import Level


def is_upper(unit) -> bool:
    """A plan above the commune: its children send logframes (activities), not village needs."""
    return unit.level in (Level.DISTRICT, Level.PROVINCE)


def child_level(unit) -> str | None:
    """The level of the units right under `unit` in its structure."""
    if unit.level == Level.COMMUNE:
        return Level.VILLAGE
    if unit.level == Level.DISTRICT:
        return Level.COMMUNE
    if unit.level == Level.PROVINCE:
        return Level.DISTRICT if unit.is_legacy else Level.COMMUNE
    return None


def unit_label(level) -> str:
    """A column heading for units of `level`."""
    return {
        Level.VILLAGE: _("Village"),
        Level.COMMUNE: _("Commune/ward"),
        Level.DISTRICT: _("District"),
        Level.PROVINCE: _("Province"),
    }.get(level, _("Unit"))


def units_label(level) -> str:
    """The units of `level`, in a sentence ("Communes that sent their plan")."""
    return {
        Level.VILLAGE: _("Villages"),
        Level.COMMUNE: _("Communes and wards"),
        Level.DISTRICT: _("Districts"),
    }.get(level, _("Units"))


def plan_label(unit) -> str:
    """What the plan is called at `unit`'s level: “Kế hoạch xã / huyện / tỉnh”."""
    return {
        Level.COMMUNE: _("Commune plan"),
        Level.DISTRICT: _("District plan"),
        Level.PROVINCE: _("Province plan"),
    }.get(unit.level, _("Plan"))


def labels(unit) -> dict:
    """The context a roll-up template needs to name things at `unit`'s level."""
    below = child_level(unit)
    return {
        "upper": is_upper(unit),
        "child_label": unit_label(below),
        "children_label": units_label(below),
        "plan_label": plan_label(unit),
    }
