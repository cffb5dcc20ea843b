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


# --- typed text: one form (NFC), no hidden characters -----------------------------------------------------------

# Characters that reorder the text around them (bidi embeddings and overrides U+202A–U+202E, isolates
# U+2066–U+2069): "Thôn 1\u202eN3" shows as something other than what it is, in a page, a workbook or a file name.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# What a multi-line text (minutes, a reason) may hold of the control characters: line breaks (a browser sends a
# text area's as CR LF) and tabs.
LINE_CONTROLS = frozenset("\n\r\t")


def nfc(text: str) -> str:
    """The text in Unicode's composed form (NFC): "Thủy" typed on a phone that sends u + combining hook + dot
    below (NFD) becomes the same characters as "Thủy" typed on a computer, so the two compare, sort, search and
    count as one."""
    return unicodedata.normalize("NFC", text)


def refused_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The characters `text` may not hold, each once, as U+XXXX, in the order they first appear: text-direction
    controls anywhere; control characters (C0, DEL, C1) except line breaks and tabs in a multi-line text."""
    found: list[str] = []
    for ch in text:
        if ch in BIDI_CONTROLS or (
            unicodedata.category(ch) == "Cc" and not (multiline and ch in LINE_CONTROLS)
        ):
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found
