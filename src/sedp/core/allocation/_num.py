"""Exact numbers for the allocation rules.

Every comparison the rules make (who is cheaper, does it fit, is it a tie) is done on exact rationals, never on
floats: a tie must be a tie, or the outcome stops matching the reference and stops being defensible. The fast
``gmpy2.mpq`` is used when it is installed (it is an optional speed-up, not a dependency); otherwise the standard
library's ``fractions.Fraction``. Results handed out of the engine are always ``Fraction``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

try:  # pragma: no cover - which branch runs depends on the environment
    from gmpy2 import mpq as _mpq

    def Q(value: Any, den: Any = 1) -> Any:  # noqa: N802 - reads like a type
        """An exact rational (gmpy2.mpq)."""
        if isinstance(value, Fraction):
            return _mpq(value.numerator, value.denominator) / den
        return _mpq(value, den)

    FAST = True
except ImportError:  # pragma: no cover

    def Q(value: Any, den: Any = 1) -> Any:  # noqa: N802
        """An exact rational (fractions.Fraction)."""
        return Fraction(value) / den if den != 1 else Fraction(value)

    FAST = False

INF = math.inf


def to_fraction(value: Any) -> Fraction:
    """Any exact number (int, Fraction, mpq) as a Fraction."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(int(value.numerator), int(value.denominator))


def parse_number(text: str) -> Fraction:
    """Parse a Pabulib number exactly: '1500', '12.5', '12,5' ("," is a decimal point, as in pabutools)."""
    return Fraction(text.strip().replace(",", "."))


def floor_q(x: Any) -> int:
    """Largest integer <= x for an exact rational."""
    return int(x.numerator // x.denominator)
