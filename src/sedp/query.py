"""The query string, read with limits: every page reads `request.GET` through these (docs/security.md, "Query
strings"; the API declares the same limits on its parameters).

A value a filter cannot use (not a number, an id beyond 64 bits) is ignored, so the page falls back to "all"
as if it had not been given; a page number beyond the last gives the last page. A year outside 1900–2200 is
refused: `BadQuery`, which `sedp.middleware.BadQueryMiddleware` answers with the 400 page and its message,
never a 500. Texts lose their control characters (a NUL byte PostgreSQL refuses) and are capped in characters
and words (each word of a search is one more condition: SQLite stops at an expression tree 1,000 deep).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1  # the largest row id a 64-bit column holds
MAX_PAGE = 1_000_000
YEARS = (1900, 2200)
MAX_CHARS = 200
MAX_WORDS = 20
_READ = 1000  # characters of a raw value ever looked at
_NUMBER = re.compile(r"[+-]?\d{1,20}")


class BadQuery(Exception):
    """A query parameter that cannot mean anything: answered 400 with `message` (a short Vietnamese sentence)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name, self.message = name, message


def clean(
    value: str, *, chars: int = MAX_CHARS, words: int | None = MAX_WORDS, multiline: bool = False
) -> str:
    """A one-line text: control and other unprintable characters dropped, spaces collapsed, at most `words`
    words and `chars` characters. `multiline` keeps the line breaks (each line cleaned so)."""
    if multiline:
        lines = [clean(line, chars=chars, words=words) for line in value[:_READ].splitlines()]
        return "\n".join(lines)[:chars].strip()
    parts = "".join(ch if ch.isprintable() else " " for ch in value[:_READ]).split()
    return " ".join(parts[:words] if words is not None else parts)[:chars].strip()


def text(request, name: str = "q", *, chars: int = MAX_CHARS, words: int | None = MAX_WORDS) -> str:
    """A search or a typed text from the query string, cleaned (`clean`); "" when absent."""
    return clean(request.GET.get(name, ""), chars=chars, words=words)


def texts(request, names) -> dict[str, str]:
    """Several texts at once (a form's live preview): {name: cleaned text}, line breaks kept, no word cap."""
    return {
        name: clean(request.GET[name], words=None, multiline=True) for name in names if name in request.GET
    }


def as_number(raw, default: int | None = None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """`raw` (a string, or None) as an integer in [low, high], else `default`."""
    raw = str(raw or "")[:_READ].strip()
    if not _NUMBER.fullmatch(raw):
        return default
    value = int(raw)
    return value if low <= value <= high else default


def as_ident(raw) -> int | None:
    """`raw` as a row id (1 … 2^63−1), or None. Also for the same parameter sent by a form's POST."""
    return as_number(raw, None, low=1, high=MAX_ID)


def number(request, name: str, default: int | None = None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """An integer in [low, high], else `default` (absent, garbage or out of range: ignored)."""
    return as_number(request.GET.get(name), default, low=low, high=high)


def ident(request, name: str) -> int | None:
    """A row id (1 … 2^63−1), or None: a filter on something that cannot exist falls back to "all"."""
    return as_ident(request.GET.get(name))


def page(request, name: str = "page") -> int:
    """A page number for `Paginator.get_page`: 1 when absent or garbage, the last page when beyond it."""
    raw = request.GET.get(name, "")[:_READ].strip()
    if _NUMBER.fullmatch(raw) and int(raw) > MAX_PAGE:
        return MAX_PAGE
    return number(request, name, 1, low=1, high=MAX_PAGE)


def as_year(raw, default: int | None = None, name: str = "year") -> int | None:
    """`raw` as a year in 1900–2200, `default` when empty; anything else is refused (400), naming the limits."""
    raw = str(raw or "")[:_READ].strip()
    if not raw:
        return default
    value = int(raw) if _NUMBER.fullmatch(raw) else None
    if value is None or not YEARS[0] <= value <= YEARS[1]:
        raise BadQuery(
            name,
            _("The year must be a number from %(low)s to %(high)s.") % {"low": YEARS[0], "high": YEARS[1]},
        )
    return value


def year(request, name: str = "year", default: int | None = None) -> int | None:
    """A year in 1900–2200 from the query string, `default` when absent; anything else is refused (400)."""
    return as_year(request.GET.get(name), default, name)


def choice(request, name: str, choices, default=None):
    """One of `choices` (strings), else `default`."""
    value = request.GET.get(name)
    return value if value in choices else default


def flag(request, name: str) -> bool:
    """A `?name=1` switch."""
    return request.GET.get(name) == "1"


def has(request, name: str) -> bool:
    return name in request.GET


def address(request, **changes) -> str:
    """The page's own address with `changes` made to its query string (a value of None removes the parameter):
    a link to the next page that keeps the reader's filters as they were given."""
    params = request.GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = str(value)
    return f"{request.path}?{params.urlencode()}" if params else request.path
