"""`{% assigned_card unit %}`: on a unit's home card and plans page, the plans assigned to it (issued only) and
the adopted plan it can assign down from. On the home page, the cards of every unit listed (`rows`) are read
together on the first call: three queries, whatever the number of units."""

from django import template
from django.db.models import Count, Sum

from sedp.accounts.policy import can, restrict
from sedp.accounts.roles import Action
from sedp.plans.models import Plan

from ..actions import ASSIGNING_KINDS, ASSIGNING_STATES, RECEIVING_KIND
from ..models import Assignment, Budget, State

register = template.Library()
SHOWN = 3


def _cards(units, user) -> dict[int, dict]:
    ids = [u.pk for u in units]
    issued = list(
        restrict(Assignment.objects.filter(unit_id__in=ids, state=State.ISSUED), user)
        .select_related("plan__unit")
        .annotate(n_targets=Count("targets"))
        .order_by("-year", "-issued_at")
    )
    # Summed apart: joining budgets and targets in one query would multiply the sum by the number of targets.
    totals = dict(
        Budget.objects.filter(assignment__in=[a.pk for a in issued])
        .values("assignment")
        .annotate(total=Sum("amount"))
        .values_list("assignment", "total")
    )
    changing = [u.pk for u in units if u.level != "village" and can(user, Action.CHANGE, u)]
    plans: dict[int, Plan] = {}
    if changing:
        for p in Plan.objects.filter(
            unit_id__in=changing, kind__in=ASSIGNING_KINDS, state__in=ASSIGNING_STATES
        ).order_by("unit_id", "-year_from", "-version"):
            plans.setdefault(p.unit_id, p)
    cards = {}
    for u in units:
        mine = [a for a in issued if a.unit_id == u.pk][:SHOWN]
        for a in mine:
            a.total = totals.get(a.pk, 0)
        cards[u.pk] = {
            "unit": u,
            "assigned": mine,
            "assign_from": [plans[u.pk]] if u.pk in plans else [],
            "can_adjust": u.level in RECEIVING_KIND and can(user, Action.CHANGE, u),
        }
    return cards


@register.inclusion_tag("assignments/_card.html", takes_context=True)
def assigned_card(context, unit):
    request = context["request"]
    cache = getattr(request, "_sedp_assigned_cards", None)
    if cache is None or unit.pk not in cache:
        units = [r.unit for r in context.get("rows") or [] if getattr(r, "unit", None) is not None]
        if unit.pk not in {u.pk for u in units}:
            units.append(unit)
        cache = _cards(units, request.user)
        request._sedp_assigned_cards = cache
    return cache[unit.pk]


@register.simple_tag(takes_context=True)
def can_assign_from(context, plan) -> bool:
    """Whether the user may assign down from `plan` (the plan's tabs show the assignment tab only then)."""
    request = context.get("request")
    return (
        request is not None
        and plan.kind in ASSIGNING_KINDS
        and plan.state in ASSIGNING_STATES
        and can(request.user, Action.CHANGE, plan)
    )
