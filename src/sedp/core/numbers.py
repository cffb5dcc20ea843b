"""Numbers as a Vietnamese official types them: a comma before the decimals ("10,5"), dots between thousands
("1.250", "17.052.000,75"). Pure Python.

A dot followed by exactly three digits (and only such dots) groups thousands; any other single dot is taken as
a decimal point, since a phone's number pad often offers only the dot ("10.5"). A comma always marks decimals.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["format_decimal", "parse_decimal"]

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.250 / 17.052.000,75
_COMMA = re.compile(r"^\d+(,\d+)?$")  # 1250 / 10,5
_DOT = re.compile(r"^\d+\.\d+$")  # 10.5 (not 1.250, which is grouped)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_decimal(text: str | int | float | Decimal, *, places: int = 2) -> Decimal:
    """'10,5' → 10.50, '1.250' → 1250.00, '1.250,5' → 1250.50, '10.5' → 10.50, rounded half up to `places`.
    Numbers 0 or more only; a spreadsheet's int or float is taken as it is. Raises ValueError for anything else ('10,5,1', '1,250.5', 'mười', '-3')."""
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, int | Decimal):
        number = Decimal(text)
    elif isinstance(text, float):  # a spreadsheet's number: its shortest repr is what the cell shows
        number = Decimal(repr(text))
    else:
        raw = _SPACES.sub("", str(text)).removesuffix("%")
        if _GROUPED.match(raw):
            raw = raw.replace(".", "").replace(",", ".")
        elif _COMMA.match(raw):
            raw = raw.replace(",", ".")
        elif not _DOT.match(raw):
            raise ValueError(text)
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise ValueError(text) from None
    if not number.is_finite() or number < 0:
        raise ValueError(text)
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_decimal(value: Decimal | int | None) -> str:
    """1250 → '1.250', Decimal('10.50') → '10,5', None → '': what `parse_decimal` reads back."""
    if value is None:
        return ""
    number = Decimal(value)
    whole, _sep, frac = f"{abs(number):f}".partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if number < 0 else "") + grouped + ("," + frac if frac else "")
