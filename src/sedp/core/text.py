"""Vietnamese text helpers: folding diacritics so "dak lak" finds "Đắk Lắk"."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces: 'Tỉnh  Đắk Lắk' → 'tinh dak lak'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", bare).strip().lower()


def natural_key(text: str) -> tuple[object, ...]:
    """Sort 'Thôn 2' before 'Thôn 10': digits compare as numbers, the rest as folded text."""
    parts = re.split(r"(\d+)", fold(text))
    return tuple(int(p) if p.isdigit() else p for p in parts)
