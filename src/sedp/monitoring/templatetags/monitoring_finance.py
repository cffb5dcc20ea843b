"""`{% finance_summary unit %}`: a unit's published finance in a few lines, linking to the full disclosure — what
the portal's unit page shows (the markup is `monitoring/_finance_summary.html`, the figures `monitoring.finance`'s).
Nothing for a unit without an adopted plan."""

from django import template
from django.utils import timezone

from sedp.monitoring import finance
from sedp.monitoring.finance_views import _lang

register = template.Library()


@register.inclusion_tag("monitoring/_finance_summary.html")
def finance_summary(unit):
    return {"d": finance.disclose(unit, today=timezone.localdate(), lang=_lang()), "unit": unit}
