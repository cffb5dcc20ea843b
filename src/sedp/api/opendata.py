"""Open data through the API: the same tables as the ZIPs (and described by the same datapackage), stored when a
plan is published — per unit and year, and a province's bulk. Everything here is public and never a draft."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from sedp.opendata.models import Dataset
from sedp.opendata.schema import LICENCE, TABLES
from sedp.places.choices import Level
from sedp.places.models import Unit

from .routers import YEARS
from .schemas import ERRORS

router = Router(tags=["open data"])


class DatasetOut(Schema):
    unit_id: int
    unit_name: str
    unit_level: str
    year: int
    bulk: bool
    generated_at: datetime
    licence: str
    zip_url: str
    json_url: str


class OpenDataOut(DatasetOut):
    licence_url: str
    # table name → rows, each row with the columns of datapackage.json (see /open-data/)
    tables: dict[str, list[dict]]


def _urls(d: Dataset) -> dict:
    kind = "provinces" if d.bulk else "units"
    zip_kind = "province" if d.bulk else "unit"
    return {
        "zip_url": f"/open-data/{zip_kind}/{d.unit_id}/{d.year}.zip",
        "json_url": f"/api/v1/open-data/{kind}/{d.unit_id}/{d.year}/",
    }


def _out(d: Dataset) -> dict:
    return {
        "unit_id": d.unit_id,
        "unit_name": d.unit.name,
        "unit_level": d.unit.level,
        "year": d.year,
        "bulk": d.bulk,
        "generated_at": d.generated_at,
        "licence": LICENCE["name"],
        **_urls(d),
    }


def _full(d: Dataset) -> dict:
    stored = d.tables
    tables = {t.name: [{c: row.get(c) for c in t.names} for row in stored.get(t.name, [])] for t in TABLES}
    return {**_out(d), "licence_url": LICENCE["path"], "tables": tables}


@router.get("/", response={200: list[DatasetOut], **ERRORS}, summary="Every published open data set")
def list_datasets(
    request, year: int | None = Query(None, ge=YEARS[0], le=YEARS[1]), under: int | None = None
):
    """Per unit and year, and each province's bulk; `year` and `under` (a unit id: its subtree) narrow it."""
    qs = (
        Dataset.objects.select_related("unit")
        .defer("archive", "data")
        .order_by("unit__path", "-year", "bulk")
    )
    if year is not None:
        qs = qs.filter(year=year)
    if under is not None:
        root = get_object_or_404(Unit, pk=under)
        qs = qs.filter(unit__path__startswith=root.path)
    return [_out(d) for d in qs]


@router.get("/units/{unit_id}/{year}/", response={200: OpenDataOut, **ERRORS}, summary="A unit's open data")
def unit_dataset(request, unit_id: int, year: int):
    return _full(
        get_object_or_404(Dataset.objects.select_related("unit"), unit_id=unit_id, year=year, bulk=False)
    )


@router.get(
    "/provinces/{unit_id}/{year}/",
    response={200: OpenDataOut, **ERRORS},
    summary="A province's open data, bulk",
)
def province_dataset(request, unit_id: int, year: int):
    return _full(
        get_object_or_404(
            Dataset.objects.select_related("unit"),
            unit_id=unit_id,
            unit__level=Level.PROVINCE,
            year=year,
            bulk=True,
        )
    )
