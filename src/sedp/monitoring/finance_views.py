"""The public finance disclosure of a commune or a village (issue 12 §3): the page "Công khai tài chính", the
A4 notice to print and its PDF. No sign-in: what they show is what `sedp.monitoring.finance` publishes — only
for a unit whose commune plan is adopted (a public plan, `plans.PUBLIC_STATES`), and only the figures of approved
or accepted reports; anything else is 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sedp import query
from sedp.accounts.policy import access
from sedp.exports import printing
from sedp.exports.printing import print_csp
from sedp.places.models import Unit

from . import finance, finance_notice

PDF = "application/pdf"


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _disclosure(request, unit_pk: int) -> finance.Disclosure:
    unit = access(request.user, Unit.objects.select_related("parent"), pk=unit_pk)
    year = query.year(request, "year")
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


@print_csp
def notice_page(request, unit_pk: int):
    """The notice as an HTML page to print (`sedp.exports.printing`)."""
    d = _disclosure(request, unit_pk)
    pdf_url = reverse("monitoring:finance_notice_pdf", args=[d.unit.pk]) + _query(d)
    back_url = reverse("monitoring:finance", args=[d.unit.pk]) + _query(d)
    toolbar = printing.toolbar(
        request, [(_("Download the PDF"), pdf_url), (_("Back to the disclosure"), back_url)]
    )
    return HttpResponse(finance_notice.render_html(d, timezone.localdate(), toolbar=toolbar))


def notice_pdf(request, unit_pk: int):
    d = _disclosure(request, unit_pk)
    response = HttpResponse(finance_notice.render_pdf(d, timezone.localdate()), content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="cong-khai-tai-chinh-{d.year}-{d.unit.pk}.pdf"'
    return response
