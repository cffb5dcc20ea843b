"""The public finance disclosure of a commune or a village (issue 12 §3): the page "Công khai tài chính", the
A4 notice to print and its PDF. No sign-in: what they show is what `sedp.monitoring.finance` publishes — only
for a unit whose commune plan is adopted (a public plan, `plans.PUBLIC_STATES`), and only the figures of approved
or accepted reports; anything else is 404."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

from sedp.accounts.policy import access
from sedp.places.models import Unit

from . import finance, finance_notice

PDF = "application/pdf"


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _disclosure(request, unit_pk: int) -> finance.Disclosure:
    unit = access(request.user, Unit.objects.select_related("parent"), pk=unit_pk)
    raw = request.GET.get("year") or None
    try:
        year = int(raw) if raw else None
    except ValueError:
        raise Http404 from None
    d = finance.disclose(unit, year, today=timezone.localdate(), lang=_lang())
    if d is None:
        raise Http404
    return d


def _query(d: finance.Disclosure) -> str:
    return f"?year={d.year}"


def page(request, unit_pk: int):
    d = _disclosure(request, unit_pk)
    return render(
        request,
        "monitoring/finance.html",
        {
            "d": d,
            "unit": d.unit,
            "notice_url": reverse("monitoring:finance_notice", args=[d.unit.pk]) + _query(d),
            "pdf_url": reverse("monitoring:finance_notice_pdf", args=[d.unit.pk]) + _query(d),
        },
    )


@csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})
def notice_page(request, unit_pk: int):
    """The notice as an HTML page to print (the browser's print puts it on A4 by its @page rule). Its A4 layout
    is the document's own <style>, which the site's policy allows on this page only; the print button is wired
    by a script carrying the page's nonce."""
    d = _disclosure(request, unit_pk)
    pdf_url = reverse("monitoring:finance_notice_pdf", args=[d.unit.pk]) + _query(d)
    back_url = reverse("monitoring:finance", args=[d.unit.pk]) + _query(d)
    labels = [escape(_("Print")), escape(_("Download the PDF")), escape(_("Back to the disclosure"))]
    toolbar = (
        f'<button type="button" id="print">{labels[0]}</button>'
        f'<a href="{pdf_url}">{labels[1]}</a><a href="{back_url}">{labels[2]}</a>'
        f'<script nonce="{get_nonce(request)}">'
        'document.getElementById("print").addEventListener("click", () => window.print());</script>'
    )
    return HttpResponse(finance_notice.render_html(d, timezone.localdate(), toolbar=toolbar))


def notice_pdf(request, unit_pk: int):
    d = _disclosure(request, unit_pk)
    response = HttpResponse(finance_notice.render_pdf(d, timezone.localdate()), content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="cong-khai-tai-chinh-{d.year}-{d.unit.pk}.pdf"'
    return response
