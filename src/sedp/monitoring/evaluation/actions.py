"""Writing the words of a plan's evaluation (issue 12, §4): progress, quality, difficulties and their causes,
impact on people's lives — one `Narrative` per plan, year and period (6 months or year end). The figures are
computed each time (`tables`, `upper`), never stored.

Who writes it: whoever may change the reports of the plan's unit (the commune's planning team, the province's
officers for the province's plan), through the one policy. Atomic and audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sedp.accounts.policy import can
from sedp.accounts.roles import Action
from sedp.audit.actions import record
from sedp.monitoring.models import Narrative, Report
from sedp.plans.models import Plan

SECTIONS = ("progress", "quality", "difficulties", "impact")
# The document's headings of the four sections (Vietnamese whatever the reader's language).
SECTION_TITLES_VI = {
    "progress": "Tiến độ thực hiện",
    "quality": "Chất lượng",
    "difficulties": "Khó khăn, vướng mắc và nguyên nhân",
    "impact": "Tác động đến đời sống người dân",
}
# The same four sections as the pages name them (in the reader's language).
SECTION_LABELS = {
    "progress": gettext_lazy("Progress of implementation"),
    "quality": gettext_lazy("Quality"),
    "difficulties": gettext_lazy("Difficulties, obstacles and their causes"),
    "impact": gettext_lazy("Impact on people's lives"),
}
MAX_CHARS = 10_000


def may_write(user, plan: Plan) -> bool:
    """Whether `user` may write the plan's evaluation: the same people who may change its unit's reports."""
    return can(user, Action.CHANGE, Report(unit=plan.unit))


@transaction.atomic
def save_narrative(plan: Plan, year: int, months: int, actor, **texts: str) -> Narrative:
    """Save the four sections of the evaluation of `plan` at `months` (6 or 12) of `year`; a section not given
    keeps what it had. Refused (PermissionDenied) to who may not change the unit's reports."""
    if not may_write(actor, plan):
        raise PermissionDenied
    unknown = set(texts) - set(SECTIONS)
    if unknown:
        raise ValueError(sorted(unknown))
    if months not in (6, 12):
        raise ValidationError({"months": _("Choose the 6-month or the year-end evaluation.")})
    if not plan.year_from <= year <= plan.year_to:
        raise ValidationError({"year": _("%(year)s is not a year of this plan.") % {"year": year}})
    clean = {k: (v or "").strip() for k, v in texts.items()}
    too_long = {k: v for k, v in clean.items() if len(v) > MAX_CHARS}
    if too_long:
        raise ValidationError(
            {
                k: _("“%(section)s” is too long: at most %(limit)s characters.")
                % {"section": SECTION_LABELS[k], "limit": f"{MAX_CHARS:,}".replace(",", ".")}
                for k in too_long
            }
        )
    narrative = Narrative.objects.select_for_update().filter(plan=plan, year=year, months=months).first()
    created = narrative is None
    if created:
        narrative = Narrative(plan=plan, year=year, months=months)
    before = None if created else {k: getattr(narrative, k) for k in SECTIONS}
    for key, text in clean.items():
        setattr(narrative, key, text)
    narrative.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    narrative.save()
    record(
        actor,
        "monitoring.save_narrative",
        narrative,
        before=before,
        after={"year": year, "months": months, **{k: getattr(narrative, k) for k in SECTIONS}},
    )
    return narrative
