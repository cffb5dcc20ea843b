"""A need's fate in plain words, in the reader's language: the public pages call it as they are, the CSV files
under `translation.override("vi")` (the data's language is the plan's)."""

from __future__ import annotations

from django.utils.translation import gettext as _

FATES = ("included", "merged", "postponed", "referred", "not_included", "own", "undecided")


def fate_text(row: dict, *, upper_name: str = "", year: int | None = None) -> str:
    """`row`: a row of the needs table (fate, postponed_to, referred_to, activity numbers, merged partners)."""
    fate = row.get("fate")
    numbers = row.get("activity_numbers") or ""
    if fate == "included":
        if numbers:
            return _("Included in the plan of %(unit)s: activity %(numbers)s") % {
                "unit": upper_name,
                "numbers": numbers,
            }
        return _("Included in the plan of %(unit)s") % {"unit": upper_name}
    if fate == "merged":
        partners = row.get("partners") or ""
        if partners:
            return _("Merged with the similar needs of %(villages)s into activity %(numbers)s") % {
                "villages": partners,
                "numbers": numbers,
            }
        return _("Merged with similar needs into activity %(numbers)s") % {"numbers": numbers}
    if fate == "postponed":
        return _("Postponed to %(year)s") % {"year": row.get("postponed_to") or ""}
    if fate == "referred":
        return _("Referred to another funding source: %(source)s") % {"source": row.get("referred_to") or ""}
    if fate == "not_included":
        return _("Not included in the %(year)s plan") % {"year": year or ""}
    if fate == "own":
        return _("Done by the village itself (Part 1 of its plan)")
    if row.get("decided_in_plan_id"):
        return _("Not decided in the plan of %(unit)s") % {"unit": upper_name}
    return _("Not decided yet: %(unit)s has not adopted its %(year)s plan") % {
        "unit": upper_name,
        "year": year or "",
    }
