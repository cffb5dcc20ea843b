"""Template filters for Vietnamese figures: `{{ amount|vnd }}` → 17.052.000.000 đ, `{{ n|num }}` → 1.234."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.text import capfirst

from sedp.core.money import amount_in_words

register = template.Library()


@register.filter
def num(value, decimals=None):
    """Group thousands in the active language's format (a dot in Vietnamese): 3321 → 3.321. A decimal's trailing
    zeros are dropped unless ``decimals`` is given (a stored 120.00 tấn is written 120, 12.50 % is 12,5)."""
    if value is None or value == "":
        return ""
    if decimals is None and isinstance(value, Decimal) and value.is_finite():
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, decimal_pos=decimals, force_grouping=True)


@register.filter
def vnd(value):
    if value is None or value == "":
        return ""
    return f"{number_format(round(value), force_grouping=True)} đ"


@register.filter
def in_words(value):
    return amount_in_words(value) if value not in (None, "") else ""


@register.filter
def page_title(value):
    """A page's own title, capitalised, then the site's name: "Nhu cầu — Thôn 1 · openSEDP"; "openSEDP" alone."""
    value = " ".join(str(value).split())
    return f"{capfirst(value)} · openSEDP" if value and value != "openSEDP" else "openSEDP"
