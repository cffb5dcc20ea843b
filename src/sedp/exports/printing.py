"""Printable A4 notices served as HTML pages (the browser's print puts them on A4 by their @page rule).

The notices carry their own <style> (the same CSS WeasyPrint renders the PDF from), which the site's content
security policy allows on these pages only (`print_csp`); the print button is wired by a script carrying the
page's nonce, never an inline handler.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.csp import CSP
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

print_csp = csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})


def toolbar(request, links: list[tuple[str, str]]) -> str:
    """A "Print" button, then the links (label, url), for the top of a printable page (hidden in print)."""
    label = _("Print")  # outside the f-string, where makemessages finds it
    parts = [f'<button type="button" id="print">{escape(label)}</button>']
    parts += [f'<a href="{escape(url)}">{escape(label)}</a>' for label, url in links]
    parts.append(
        f'<script nonce="{get_nonce(request)}">'
        'document.getElementById("print").addEventListener("click", () => window.print());</script>'
    )
    return "".join(parts)
