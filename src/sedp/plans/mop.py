"""The plan's mode (issue 15): participatory SEDP or market-oriented MOP-SEDP (source 004).

A commune chooses the mode for the year when it creates its plan (`sedp.plans.rollup.fates.create_commune_plan`)
and may change it while the plan is a draft (`set_mode`, audited). The mode decides the plan's process (six steps
or seven, `sedp.consultation.process`), what adoption needs (in MOP mode: the People's Council's resolution and a
complete M&E plan, `sedp.consultation.actions`) and the document's title (`document_title`).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sedp.audit.actions import record
from sedp.places.choices import Level

from .models import Mode, Plan, State

SEDP_WORDS = "kinh tế - xã hội"
MOP_WORDS = "kinh tế - xã hội định hướng thị trường có sự tham gia"
# Source 004's name of the plan: "kế hoạch phát triển kinh tế - xã hội định hướng thị trường có sự tham gia".
DEFAULT_TITLES = {
    Mode.SEDP: "Kế hoạch phát triển kinh tế - xã hội năm {year}",
    Mode.MOP: "Kế hoạch phát triển kinh tế - xã hội định hướng thị trường có sự tham gia năm {year}",
}
_SEDP_RE = re.compile(r"kinh\s+tế\s*[-–—]\s*xã\s+hội", re.IGNORECASE)


def default_title(mode: str, year: int) -> str:
    return DEFAULT_TITLES.get(mode, DEFAULT_TITLES[Mode.SEDP]).format(year=year)


def document_title(title: str, mode: str, year: int) -> str:
    """The title as a MOP-SEDP plan prints it: 'định hướng thị trường có sự tham gia' after 'kinh tế - xã hội'
    when the typed title lacks it; a title without 'kinh tế - xã hội' becomes the MOP default. Unchanged in SEDP
    mode."""
    title = " ".join((title or "").split())
    if mode != Mode.MOP or "định hướng thị trường" in title.lower():
        return title
    match = _SEDP_RE.search(title)
    if match is None:
        return default_title(Mode.MOP, year)
    return title[: match.start()] + MOP_WORDS + title[match.end() :]


def allowed_for(unit) -> bool:
    """MOP-SEDP is the commune's planning (source 004): a commune (or ward) plan may take it."""
    return unit.level == Level.COMMUNE


@transaction.atomic
def set_mode(plan: Plan, mode: str, *, actor) -> Plan:
    """Change the plan's mode while it is a draft. A title left at the old mode's default follows the new mode."""
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Choose the planning mode.")})
    if mode == plan.mode:
        return plan
    if plan.state != State.DRAFT or plan.locked:
        raise ValidationError(
            {
                "mode": _("The plan is %(state)s: its planning mode can only change while it is a draft.")
                % {"state": plan.get_state_display()}
            }
        )
    if mode == Mode.MOP and not allowed_for(plan.unit):
        raise ValidationError({"mode": _("Only a commune plan can be market-oriented (MOP-SEDP).")})
    before = {"mode": plan.mode, "title": plan.title}
    fields = ["mode"]
    if plan.title.strip() == default_title(plan.mode, plan.year_from):
        plan.title = default_title(mode, plan.year_from)
        fields.append("title")
    plan.mode = mode
    plan.save(update_fields=fields)
    record(actor, "plans.set_mode", plan, before=before, after={"mode": plan.mode, "title": plan.title})
    return plan
