"""The open data page and the stored ZIPs (built when a plan was published; served as stored)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sedp.places.choices import Level
from sedp.portal.cache import cached

from .models import Dataset
from .schema import LICENCE, TABLES


def index(request):
    """What is published, the licence, every table and column, and the bulk downloads by province."""

    def build():
        bulks = (
            Dataset.objects.filter(bulk=True)
            .select_related("unit")
            .only("unit__name", "unit__path", "year", "generated_at", "sha256")
        )
        body = render_to_string("opendata/index.html", {"bulks": bulks, "tables": TABLES, "licence": LICENCE})
        return {"title": _("Open data"), "body": body}

    return render(request, "portal/page.html", cached("opendata", build))


def _zip(dataset: Dataset, name: str) -> HttpResponse:
    response = HttpResponse(bytes(dataset.archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["ETag"] = f'"{dataset.sha256}"'
    response["Cache-Control"] = "public, max-age=3600"
    response["Last-Modified"] = dataset.generated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return response


def unit_zip(request, pk: int, year: int):
    dataset = Dataset.objects.filter(unit_id=pk, year=year, bulk=False).select_related("unit").first()
    if dataset is None:
        raise Http404
    return _zip(dataset, f"opensedp-{dataset.unit.level}-{pk}-{year}.zip")


def bulk_zip(request, pk: int, year: int):
    dataset = (
        Dataset.objects.filter(unit_id=pk, unit__level=Level.PROVINCE, year=year, bulk=True)
        .select_related("unit")
        .first()
    )
    if dataset is None:
        raise Http404
    return _zip(dataset, f"opensedp-province-{pk}-{year}.zip")
