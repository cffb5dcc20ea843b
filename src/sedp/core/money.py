"""Money in Vietnamese đồng: grouped figures (17.052.000.000) and amounts in words.

Official documents write amounts twice, in figures and in words ("Mười bảy tỷ không trăm năm mươi hai triệu
đồng"), so both live here, free of Django, for the templates, the exports and the allocation explanations alike.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

Number = int | float | Decimal | Fraction


def group_digits(value: Number, sep: str = ".") -> str:
    """Round to whole đồng and group thousands: 17052000000 → '17.052.000.000'; -1500 → '-1.500'."""
    whole = int(
        Decimal(
            str(value) if not isinstance(value, Fraction) else value.numerator / Decimal(value.denominator)
        ).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )
    sign = "-" if whole < 0 else ""
    return sign + f"{abs(whole):,}".replace(",", sep)


def format_vnd(value: Number, *, unit: str = "đ") -> str:
    """'120.000.000 đ' — the form used in tables and explanations. `unit=""` drops the unit."""
    text = group_digits(value)
    return f"{text} {unit}" if unit else text


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu", "tỷ"]


def _read_triple(n: int, *, full: bool) -> list[str]:
    """Words for 0 < n < 1000. `full` says a higher group precedes, so '5' reads 'không trăm linh năm'."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return words


def number_to_words(n: int) -> str:
    """Read a whole number the way a Vietnamese accountant writes it: 1563000000 → 'một tỷ năm trăm sáu mươi ba triệu'."""
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_to_words(-n)
    # Split into groups of three digits; beyond 'tỷ' the scale repeats (nghìn tỷ, triệu tỷ...).
    groups: list[int] = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    top = len(groups) - 1
    for i in range(top, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        words += _read_triple(g, full=i != top)
        scale_words: list[str] = []
        k = i
        while k >= 3:
            scale_words.insert(0, "tỷ")
            k -= 3
        if _SCALES[k]:
            scale_words.insert(0, _SCALES[k])
        words += scale_words
    return " ".join(words)


def amount_in_words(value: Number) -> str:
    """'Mười bảy tỷ không trăm năm mươi hai triệu đồng' for 17052000000 (rounded to whole đồng)."""
    whole = int(group_digits(value, sep=""))
    text = number_to_words(whole) + " đồng"
    return text[0].upper() + text[1:]


def people_contribution(
    money: int | None = None,
    labour_value: int | None = None,
    materials_value: int | None = None,
    land_value: int | None = None,
) -> int:
    """The people's contribution to an activity valued in đồng: the one definition every page, Biểu 3/4 and the
    commune's roll-up use. Source 001 (Đắk Lắk 2134/QĐ-UBND): the village contributes "bằng đất, tiền, công lao
    động, vật tư" — land, money, labour and materials — so all four count, each at the value the village put on
    it (labour: its days at the day's value). A part left blank counts as nothing."""
    return sum(v or 0 for v in (money, labour_value, materials_value, land_value))
