"""`{% dialogue_card unit %}`: on a unit's home card, the overdue commitments its people answer for (the bodies of
their roles: `sedp.core.dialogue.BODY_ROLES`), the dialogues coming up where questions are being gathered, and
the way to the commune's dialogues. The cards of every unit listed (`rows`) are read together on the first
call: two queries, whatever the number of units (the home page's grants are reused)."""

from django import template
from django.utils import timezone

from sedp.core import dialogue as rules

from ..models import Commitment, Dialogue, State

register = template.Library()
SHOWN = 5


def _cards(units, user, grants=None) -> dict[int, dict]:
    today = timezone.localdate()
    bodies: dict[int, set[str]] = {u.pk: set() for u in units if u.level == "commune"}
    for grant in user.grants.all() if grants is None else grants:
        if grant.unit_id in bodies:
            bodies[grant.unit_id] |= rules.bodies_of_role(grant.role)
    overdue: dict[int, list] = {pk: [] for pk in bodies}
    answering = [pk for pk, b in bodies.items() if b]
    if answering:
        for c in (
            Commitment.objects.filter(
                dialogue__unit_id__in=answering,
                dialogue__state=State.HELD,
                status__in=rules.OPEN_STATUSES,
                deadline__lt=today,
            )
            .select_related("dialogue")
            .order_by("deadline", "id")
        ):
            if c.body in bodies[c.dialogue.unit_id]:
                c.days_overdue = rules.days_overdue(c.deadline, c.status, today)
                overdue[c.dialogue.unit_id].append(c)
    communes = {
        u.pk: u.pk if u.level == "commune" else u.parent_id
        for u in units
        if u.level in ("commune", "village")
    }
    coming: dict[int, list] = {}
    for d in Dialogue.objects.filter(unit_id__in=set(communes.values()), state=State.PLANNED).order_by(
        "date", "id"
    ):
        coming.setdefault(d.unit_id, []).append(d)
    cards = {}
    for u in units:
        late = overdue.get(u.pk, [])
        cards[u.pk] = {
            "unit": u,
            "overdue": late[:SHOWN],
            "overdue_count": len(late),
            "coming": coming.get(communes.get(u.pk), [])[:2],
            "commune_id": u.pk if u.level == "commune" else None,
        }
    return cards


@register.inclusion_tag("dialogues/_card.html", takes_context=True)
def dialogue_card(context, unit):
    request = context["request"]
    cache = getattr(request, "_sedp_dialogue_cards", None)
    if cache is None or unit.pk not in cache:
        units = [r.unit for r in context.get("rows") or [] if getattr(r, "unit", None) is not None]
        if unit.pk not in {u.pk for u in units}:
            units.append(unit)
        cache = _cards(units, request.user, context.get("grants"))
        request._sedp_dialogue_cards = cache
    return cache[unit.pk]
