"""The public side: what any citizen reads without signing in (dân biết) — units found by browsing or by name,
each unit's published plan, its villages' needs and what became of them, the targets and budgets assigned to it,
the documents and the open data; and the A4 notice for the commune office's board.

Everything shown comes from what is published: the stored open data (`sedp.opendata`, built when a plan is
adopted) and issued assignments; never a draft, never a person's name. Pages are plain HTML (no script needed),
their public part cached until the next publication (`portal.cache`)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from sedp import query
from sedp.accounts.policy import access
from sedp.assignments.models import Assignment, State
from sedp.core.text import natural_key
from sedp.cycles.models import Cycle
from sedp.opendata.models import Dataset
from sedp.opendata.words import fate_text
from sedp.places.choices import Level
from sedp.places.models import Unit

from .cache import cached

SEARCH_LIMIT = 50
PDF = "application/pdf"


def _page(request, parts: dict, **extra):
    return render(request, "portal/page.html", {**parts, **extra})


def index(request):
    """The public front page: find a unit by name or browse the provinces; what is published lately."""

    def build():
        cycles = Cycle.objects.filter(is_published=True).select_related("unit")[:20]
        assigned = (
            Assignment.objects.filter(state=State.ISSUED)
            .select_related("unit", "plan__unit")
            .order_by("-issued_at")[:20]
        )
        provinces = Unit.objects.filter(level=Level.PROVINCE, is_legacy=False).order_by("name")
        published = (
            Dataset.objects.filter(
                bulk=False, unit__level__in=[Level.COMMUNE, Level.DISTRICT, Level.PROVINCE]
            )
            .select_related("unit", "unit__parent")
            .order_by("-generated_at", "unit__path")[:20]
        )
        body = render_to_string(
            "portal/index.html",
            {
                "cycles": cycles,
                "assigned": assigned,
                "provinces": provinces,
                "published": published,
                "signed_in": request.user.is_authenticated,
            },
        )
        return {"title": "", "body": body}

    return _page(request, cached(f"index:{int(request.user.is_authenticated)}", build))


def search(request):
    """Units by name, with or without diacritics ("ea kao" finds "Phường Ea Kao"); today's units first."""
    # At most 100 characters and 20 words, control characters (a NUL byte PostgreSQL refuses) dropped.
    q = query.text(request, "q", chars=100)

    def build():
        units = []
        if q:
            units = list(
                Unit.objects.search(q)
                .select_related("parent", "parent__parent")
                .order_by("is_legacy", "_rank", "_len", "path")[:SEARCH_LIMIT]
            )
        body = render_to_string("portal/search.html", {"q": q, "units": units, "limit": SEARCH_LIMIT})
        return {"title": _("Find a unit"), "body": body}

    key = hashlib.sha256(q.lower().encode()).hexdigest()[:32]  # any text, a safe cache key
    return _page(request, cached(f"search:{key}", build))


def _years(unit: Unit) -> list[int]:
    return sorted(Dataset.objects.filter(unit=unit, bulk=False).values_list("year", flat=True), reverse=True)


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _plan_sections(dataset: Dataset) -> list[dict]:
    """The dataset's tables grouped by plan, as the page shows them."""
    t = dataset.tables
    by_plan = defaultdict(lambda: defaultdict(list))
    for name in ("key_targets", "objectives", "indicators", "activities", "budget"):
        for row in t.get(name, []):
            by_plan[row["plan_id"]][name].append(row)
    sections = []
    for plan in t.get("plans", []):
        plan = {**plan, **{k: _day(plan.get(k)) for k in ("adopted_on", "doc_date", "resolution_date")}}
        rows = by_plan[plan["plan_id"]]
        indicators = defaultdict(list)
        for i in rows["indicators"]:
            indicators[(i["under"], i["under_number"])].append(i)
        sections.append(
            {
                "plan": plan,
                "key_targets": [
                    {**k, "indicators": indicators[("key_target", str(k["order"]))]}
                    for k in rows["key_targets"]
                ],
                "objectives": [
                    {**o, "indicators": indicators[("objective", o["number"])]} for o in rows["objectives"]
                ],
                "activities": rows["activities"],
                "budget": rows["budget"],
                "budget_total": sum(b["amount"] or 0 for b in rows["budget"]),
            }
        )
    return sections


def _needs_by_village(dataset: Dataset, year: int) -> list[dict]:
    groups: dict[int, dict] = {}
    for row in dataset.tables.get("needs", []):
        g = groups.setdefault(
            row["unit_id"], {"unit_id": row["unit_id"], "name": row["unit_name"], "rows": []}
        )
        g["rows"].append({**row, "words": fate_text(row, upper_name=row.get("upper_name", ""), year=year)})
    return list(groups.values())


def _unit_body(unit: Unit, year: int | None) -> dict:
    years = _years(unit)
    if year is None:
        year = years[0] if years else None
    elif not 2000 <= year <= 2100:
        raise Http404
    dataset = Dataset.objects.filter(unit=unit, year=year, bulk=False).first() if year is not None else None
    children = sorted(unit.children.filter(is_legacy=unit.is_legacy), key=lambda u: natural_key(u.name))
    published_children = set(
        Dataset.objects.filter(unit__parent=unit, year=year, bulk=False).values_list("unit_id", flat=True)
    )
    assigned = list(
        Assignment.objects.filter(unit=unit, state=State.ISSUED)
        .select_related("plan__unit")
        .prefetch_related("budgets__source", "budgets__activity", "targets")
        .order_by("-year", "-issued_at")
    )
    for a in assigned:
        a.total = sum(b.amount for b in a.budgets.all())
    context = {
        "unit": unit,
        "ancestors": list(unit.ancestors()),
        "year": year,
        "years": years,
        "dataset": dataset,
        "sections": _plan_sections(dataset) if dataset else [],
        "villages": _needs_by_village(dataset, year) if dataset else [],
        "children": [(c, c.pk in published_children) for c in children],
        "assigned": assigned,
        "bulk": unit.level == Level.PROVINCE
        and year is not None
        and Dataset.objects.filter(unit=unit, year=year, bulk=True).exists(),
    }
    return {"title": unit.name, "body": render_to_string("portal/unit.html", context)}


def unit(request, pk: int, year: int | None = None):
    """A unit's public page for a plan year (its latest by default): its published plan, its villages' needs and
    their fates, the targets and budgets assigned to it, the documents and the open data; the units below it."""
    u = access(request.user, Unit.objects.select_related("parent"), pk=pk)
    return _page(request, cached(f"unit:{u.pk}:{year or ''}", lambda: _unit_body(u, year)))


# --- the A4 notice --------------------------------------------------------------------------------------------


def _notice_context(unit: Unit, year: int) -> dict:
    dataset = Dataset.objects.filter(unit=unit, year=year, bulk=False).first()
    if dataset is None:
        raise Http404
    sections = _plan_sections(dataset)
    with translation.override("vi"):
        villages = _needs_by_village(dataset, year)
    return {
        "unit": unit,
        "year": year,
        "sections": sections,
        "villages": villages,
        "assigned_budgets": dataset.tables.get("assigned_budgets", []),
        "assigned_targets": dataset.tables.get("assigned_targets", []),
        "assigned_total": sum(b["amount"] or 0 for b in dataset.tables.get("assigned_budgets", [])),
        "generated_at": dataset.generated_at,
    }


def _notice_html(unit: Unit, year: int, *, for_pdf: bool = False) -> str:
    from django.contrib.staticfiles import finders

    context = _notice_context(unit, year)
    css = ""
    if for_pdf:
        from sedp.exports import documents

        with open(finders.find("sedp/notice.css"), encoding="utf-8") as f:
            css = documents._font_faces() + "\n" + f.read()
    with translation.override("vi"):
        return render_to_string("portal/notice.html", {**context, "pdf_css": css, "for_pdf": for_pdf})


def notice(request, pk: int, year: int):
    """The A4 notice to post at the commune office or the village's meeting house: print it from the browser."""
    u = access(request.user, Unit.objects.select_related("parent"), pk=pk)
    body = cached(f"notice:{u.pk}:{year}", lambda: {"html": _notice_html(u, year)})["html"]
    return HttpResponse(body)


def notice_pdf(request, pk: int, year: int):
    from weasyprint import HTML

    u = access(request.user, Unit.objects.select_related("parent"), pk=pk)
    pdf = cached(
        f"notice.pdf:{u.pk}:{year}",
        lambda: {"pdf": HTML(string=_notice_html(u, year, for_pdf=True), base_url=None).write_pdf()},
    )["pdf"]
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="thong-bao-cong-khai-{year}-{u.pk}.pdf"'
    return response


def healthz(request):
    """200 once the database answers; 503 otherwise (for load balancers and `make demo`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok"})
