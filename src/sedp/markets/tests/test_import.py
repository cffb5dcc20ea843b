"""The Excel import of prices: what a commune office sees for a good file, a file with mistakes (each named by row
and column, nothing saved), and a file that is not a workbook; the template it downloads imports back."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sedp.audit.models import AuditEntry
from sedp.markets.importer import import_prices
from sedp.markets.models import PriceObservation

HEADER = [
    "Ngày (dd/mm/yyyy)",
    "Sản phẩm",
    "Chợ / nơi mua bán",
    "Khâu",
    "Đơn vị tính",
    "Giá (đồng)",
    "Nguồn tin",
]


def workbook(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def commune(units):
    return units.ea_kao


def _count(unit):
    return PriceObservation.objects.filter(unit=unit).count()


@pytest.mark.django_db
def test_a_good_file_is_saved_whole_with_dates_and_amounts_as_written(commune, commune_planner):
    before = _count(commune)
    data = workbook(
        [
            ["05/02/2027", "Cà phê", "Chợ Ea Kao", "Sản xuất (tại vườn)", "kg", "98.500", "Khuyến nông"],
            [datetime(2027, 2, 6), "cà phê", "chợ ea kao", "Bán lẻ", "kg", 180000, None],
            ["07/02/2027", "Sầu riêng", "Chợ mới", "Thu gom", "tạ", "17.052.000", ""],
        ]
    )
    report = import_prices(commune, data, filename="gia.xlsx", actor=commune_planner)
    assert report.ok, list(report.errors)
    assert report.saved == 3
    assert _count(commune) == before + 3
    durian = PriceObservation.objects.get(unit=commune, product__name="Sầu riêng")
    assert (durian.price, durian.measure, durian.stage, f"{durian.observed_on:%d/%m/%Y}") == (
        17_052_000,
        "tạ",
        "collection",
        "07/02/2027",
    )
    # "cà phê" at "chợ ea kao" is the same product and market as the ones already known.
    assert PriceObservation.objects.filter(
        unit=commune, product__name="Cà phê", observed_on="2027-02-06"
    ).exists()
    assert AuditEntry.objects.filter(action="markets.import_prices", object_id=str(commune.pk)).exists()


@pytest.mark.django_db
def test_every_mistake_is_named_by_row_and_column_and_nothing_is_saved(commune, commune_planner):
    before = _count(commune)
    data = workbook(
        [
            ["05/02/2027", "Cà phê", "Chợ Ea Kao", "Bán lẻ", "kg", 98000, ""],  # good, but not saved
            ["31/02/2027", "Cà phê", "Chợ Ea Kao", "Bán lẻ", "kg", 98000, ""],
            ["05/02/2027", "", "Chợ Ea Kao", "Xuất khẩu", "bao", "-5", ""],
            ["05/02/2027", "Tiêu", "Chợ Ea Kao", "Thu gom", "kg", "98,5", ""],
            ["5-2-27", "Tiêu", "Chợ Ea Kao", "Thu gom", "kg", 0, ""],
        ]
    )
    report = import_prices(commune, data, filename="gia.xlsx", actor=commune_planner)
    assert not report.ok
    messages = [str(e) for e in report.errors]
    assert "Dòng 3, cột A (Ngày): 31/02/2027 không phải là ngày có thật." in messages
    assert any(m.startswith("Dòng 4, cột B (Sản phẩm):") for m in messages)
    assert any(m.startswith("Dòng 4, cột D (Khâu): “Xuất khẩu”") for m in messages)
    assert any(m.startswith("Dòng 4, cột E (Đơn vị tính): “bao”") for m in messages)
    assert any(m.startswith("Dòng 4, cột F (Giá): “-5”") for m in messages)
    assert any(m.startswith("Dòng 5, cột F (Giá): “98,5”") for m in messages)
    assert any(m.startswith("Dòng 6, cột A (Ngày): “5-2-27”") for m in messages)
    assert any(m.startswith("Dòng 6, cột F (Giá): “0”") for m in messages)
    assert _count(commune) == before


@pytest.mark.django_db
def test_a_missing_column_and_a_file_that_is_not_a_workbook(commune, commune_planner):
    report = import_prices(
        commune,
        workbook([["05/02/2027", "Cà phê", 1000]], header=["Ngày", "Sản phẩm", "Giá"]),
        filename="g.xlsx",
        actor=commune_planner,
    )
    assert any("Dòng 1" in str(e) and "Chợ" in str(e) for e in report.errors)
    report = import_prices(commune, b"Ngay;San pham\n", filename="g.xlsx", actor=commune_planner)
    assert len(report.errors) == 1 and "Excel (.xlsx)" in str(report.errors[0])
    report = import_prices(commune, b"x", filename="g.csv", actor=commune_planner)
    assert not report.ok


@pytest.mark.django_db
def test_the_page_imports_the_filled_in_template_and_shows_errors_in_vietnamese(
    client, commune, commune_planner
):
    client.force_login(commune_planner)
    template = client.get(reverse("markets:price_template", args=[commune.pk]))
    assert template.status_code == 200
    wb = load_workbook(io.BytesIO(template.content))
    ws = wb["Giá cả"]
    assert [c.value for c in ws[1]] == HEADER
    ws.append(["01/03/2027", "Bơ", "Chợ Ea Kao", "Thu gom", "kg", "31.000", "Thôn 1"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "gia.xlsx"
    before = _count(commune)
    response = client.post(reverse("markets:price_import", args=[commune.pk]), {"file": out})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert _count(commune) == before + 1
    bad = io.BytesIO(workbook([["01/03/2027", "Bơ", "Chợ Ea Kao", "Thu gom", "kg", "ba mươi nghìn", ""]]))
    bad.name = "gia.xlsx"
    response = client.post(reverse("markets:price_import", args=[commune.pk]), {"file": bad})
    assert response.status_code == 422
    assert "Dòng 2, cột F (Giá)" in response.content.decode()
    assert _count(commune) == before + 1


@pytest.mark.django_db
def test_only_who_may_change_the_commune_imports(client, commune, village_head, outsider):
    url = reverse("markets:price_import", args=[commune.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403  # the commune is public; its prices are, changing them is not
    client.force_login(village_head)
    assert client.get(url).status_code == 403
