"""Names of phases and milestones for the UI (the core calendar knows only keys)."""

from django.utils.translation import gettext_lazy as _

from sedp.core.calendar import Phase

PHASE_LABELS = {
    Phase.PREPARATION: _("1. Preparation"),
    Phase.PLANNING: _("2. Planning"),
    Phase.ASSIGNMENT: _("3. Plan assignment"),
    Phase.IMPLEMENTATION: _("4. Implementation and monitoring"),
    Phase.EVALUATION: _("5. Evaluation"),
}

MILESTONE_LABELS = {
    "training": _("Training of facilitation teams (mid-April)"),
    "village_midterm": _("Village mid-term plans (10–20 May)"),
    "village_annual": _("Village annual plans (20–30 May)"),
    "commune_plan": _("Commune plan (early June)"),
    "upper_plan": _("District or province plan (20 June – 15 July)"),
    "upper_assignment": _("Plan assigned to communes (early January)"),
    "commune_assignment": _("Plan assigned to villages (end of January)"),
    "implementation": _("Implementation, monthly and quarterly reports"),
    "evaluation_6_months": _("Six-month evaluation"),
    "evaluation_year": _("Year-end evaluation (December)"),
}


def milestone_label(key: str, tiers: int) -> str:
    if key == "upper_plan":
        return (
            _("Province plan (20 June – 15 July)") if tiers == 2 else _("District plan (20 June – 15 July)")
        )
    if key == "upper_assignment":
        return (
            _("Province assigns the plan to communes (early January)")
            if tiers == 2
            else _("District assigns the plan to communes (early January)")
        )
    return MILESTONE_LABELS.get(key, key)
