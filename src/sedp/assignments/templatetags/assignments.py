"""`{% assigned_card unit %}`: on a unit's home card and plans page, the plans assigned to it (issued only) and
the adopted plans it can assign down from. Four queries, whatever the page."""

from django import template
from django.db.models import Count, Sum

from sedp.accounts.policy import can, restrict
from sedp.accounts.roles import Action
from sedp.plans.models import Plan

from ..actions import ASSIGNING_KINDS, ASSIGNING_STATES, RECEIVING_KIND
from ..models import Assignment, Budget, State

register = template.Library()


@register.inclusion_tag("assignments/_card.html", takes_context=True)
def assigned_card(context, unit):
    user = context["request"].user
    assigned = list(
        restrict(Assignment.objects.filter(unit=unit, state=State.ISSUED), user)
        .select_related("plan__unit")
        .annotate(n_targets=Count("targets"))
        .order_by("-year", "-issued_at")[:3]
    )
    # Summed apart: joining budgets and targets in one query would multiply the sum by the number of targets.
    totals = dict(
        Budget.objects.filter(assignment__in=[a.pk for a in assigned])
        .values("assignment")
        .annotate(total=Sum("amount"))
        .values_list("assignment", "total")
    )
    for a in assigned:
        a.total = totals.get(a.pk, 0)
    assign_from = []
    if user.is_authenticated and unit.level != "village" and can(user, Action.CHANGE, unit):
        assign_from = list(
            Plan.objects.filter(unit=unit, kind__in=ASSIGNING_KINDS, state__in=ASSIGNING_STATES).order_by(
                "-year_from", "-version"
            )[:1]
        )
    return {
        "unit": unit,
        "assigned": assigned,
        "assign_from": assign_from,
        "can_adjust": unit.level in RECEIVING_KIND and can(user, Action.CHANGE, unit),
    }
