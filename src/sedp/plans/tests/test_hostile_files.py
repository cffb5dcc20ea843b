"""Issue 16 on the plans' workbooks. In: a Biểu 3/4 or Biểu 1/2 upload that is a zip bomb, a sheet of too many
rows, a macro workbook named .xlsx or too large is refused before it is read, nothing saved, and a file full of
errors lists the first ones and counts the rest. Out: a need, a village or a plan typed as a formula
(`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`) leaves Biểu 3/4, the commune workbook and Biểu 1/2 as text."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from sedp.exports.tests import hostile
from sedp.needs.models import Need
from sedp.places.models import Unit
from sedp.plans.models import Figure, Plan
from sedp.plans.tests.test_baseline import fill_village_workbook, workbook_bytes
from sedp.plans.tests.test_plans import midterm  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
LOW = {"bytes": 60_000, "unpacked": 300_000, "rows": 40, "columns": 40, "cells": 5_000, "errors": 5}


@pytest.fixture
def low(settings):
    settings.SEDP_UPLOAD_LIMITS = LOW


def hostile_files():
    return {
        "too large": b"PK\x03\x04" + bytes(range(256)) * 300,
        "zip bomb": hostile.zip_bomb(3_000_000),
        "rows": hostile.many_rows(100, declared="lie"),
        "macro": hostile.macro_workbook(),
        "a csv": hostile.csv_rows(3),
    }


EXPECTED = {
    "too large": "mỗi tệp chỉ được tối đa",
    "zip bomb": "quá mức 0,3 MB cho phép",
    "rows": "nhập được tối đa 40 dòng",
    "macro": "Tệp là bảng tính có macro (.xlsm)",
    "a csv": "Tệp không phải bảng tính Excel (.xlsx).",
}


# --- Biểu 3/4 in ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_a_hostile_bieu_3_upload_is_refused_and_nothing_saved(head_client, units, low, kind):
    before = Plan.objects.count(), Need.objects.count()
    response = head_client.post(
        f"/plans/unit/{units.ea_kmat.pk}/import/",
        {"file": SimpleUploadedFile("bieu3.xlsx", hostile_files()[kind])},
        **VI,
    )
    assert response.status_code == 200
    assert EXPECTED[kind] in response.content.decode()
    assert (Plan.objects.count(), Need.objects.count()) == before


def test_a_bieu_form_of_more_than_a_thousand_rows_is_refused(head_client, units, year):
    # The site's limit is 10,000 rows (a province's village list); a village's forms have a few dozen.
    data = hostile.many_rows(1_200)
    for url, field in (
        (f"/plans/unit/{units.ea_kmat.pk}/import/", "file"),
        (f"/plans/unit/{units.ea_kmat.pk}/figures/{year}/import/", "files"),
    ):
        html = head_client.post(url, {field: SimpleUploadedFile("x.xlsx", data)}, **VI).content.decode()
        assert "Trang “Thôn” có 1.201 dòng; chỉ nhập được tối đa 1.000 dòng." in html


def test_the_plans_own_workbook_saved_as_a_macro_workbook_is_refused(head_client, midterm, low):  # noqa: F811
    exported = head_client.get(f"/plans/{midterm.pk}/export.xlsx").content
    html = head_client.post(
        f"/plans/unit/{midterm.unit.pk}/import/",
        {"file": SimpleUploadedFile("bieu3.xlsx", hostile.as_macro(exported))},
        **VI,
    ).content.decode()
    assert "Tệp là bảng tính có macro (.xlsm)" in html
    assert Plan.objects.filter(unit=midterm.unit).count() == 1


def test_a_bieu_3_full_of_errors_lists_five_and_counts_the_rest(head_client, midterm, low):  # noqa: F811
    wb = load_workbook(io.BytesIO(head_client.get(f"/plans/{midterm.pk}/export.xlsx").content))
    ws = wb.active
    first = ws.max_row + 1
    for r in range(first, first + 20):
        ws.cell(row=r, column=3, value=f"Việc {r}")
        ws.cell(row=r, column=10, value="nhiều")  # Kinh phí dự kiến: not an amount
    html = head_client.post(
        f"/plans/unit/{midterm.unit.pk}/import/",
        {"file": SimpleUploadedFile("bieu3.xlsx", workbook_bytes(wb))},
        **VI,
    ).content.decode()
    assert html.count("hãy nhập số tiền bằng đồng") == 5
    assert "… và 15 lỗi khác" in html
    assert Plan.objects.filter(unit=midterm.unit).count() == 1


# --- Biểu 1/2 in ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_a_hostile_bieu_1_2_upload_is_refused_and_nothing_saved(
    client, commune_planner, units, year, low, kind
):
    good = fill_village_workbook(units.thon_1, year, 300, 10)
    before = Figure.objects.count()
    client.force_login(commune_planner)
    response = client.post(
        f"/plans/unit/{units.ea_kao.pk}/figures/{year}/import/",
        {
            "files": [
                SimpleUploadedFile("thon1.xlsx", good),
                SimpleUploadedFile("x.xlsx", hostile_files()[kind]),
            ]
        },
        **VI,
    )
    html = response.content.decode()
    assert "Tệp “x.xlsx”: " in html and EXPECTED[kind] in html
    assert Figure.objects.count() == before


def test_too_many_files_at_once_are_refused(client, commune_planner, units, year, settings):
    settings.SEDP_UPLOAD_LIMITS = {"files": 3}
    good = fill_village_workbook(units.thon_1, year, 300, 10)
    client.force_login(commune_planner)
    html = client.post(
        f"/plans/unit/{units.ea_kao.pk}/figures/{year}/import/",
        {"files": [SimpleUploadedFile(f"t{i}.xlsx", good) for i in range(4)]},
        **VI,
    ).content.decode()
    assert "Đã gửi 4 tệp cùng lúc; chỉ gửi được tối đa 3 tệp một lần." in html


# --- out: typed text is text in every workbook ------------------------------------------------------------------------

STARTS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = "cmd|' /C calc'!A0"


def text_cells(data: bytes, marker: str = PAYLOAD):
    """Every cell of the workbook whose value contains `marker`: (sheet, coordinate, data type, value)."""
    wb = load_workbook(io.BytesIO(data))
    return [
        (ws.title, c.coordinate, c.data_type, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and marker in c.value
    ]


def assert_text(cells, start):
    assert cells, "the typed text is not in the workbook"
    for sheet, where, data_type, value in cells:
        assert data_type == "s", (sheet, where, value)
    # The text is kept as typed (XML reads a lone carriage return back as a line feed).
    typed = start.replace("\r", "\n") + PAYLOAD
    assert any(value.replace("\r", "\n") == typed for *_rest, value in cells), cells


@pytest.mark.parametrize("start", STARTS)
def test_bieu_3_writes_a_need_typed_as_a_formula_as_text(head_client, midterm, start):  # noqa: F811
    need = midterm.items.first().need
    Need.objects.filter(pk=need.pk).update(title=start + PAYLOAD, place=start + 'HYPERLINK("http://x","y")')
    data = head_client.get(f"/plans/{midterm.pk}/export.xlsx").content
    assert_text(text_cells(data), start)
    assert all(t == "s" for *_r, t, _v in text_cells(data, "HYPERLINK"))
    # The sheet's own totals are still formulas.
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.cell(ws.max_row, 10).data_type == "f"


@pytest.mark.parametrize("start", STARTS)
def test_the_commune_workbook_writes_villages_and_needs_typed_as_formulas_as_text(
    planner, plan, units, start
):
    Unit.objects.filter(pk=units.thon_1.pk).update(name=start + PAYLOAD)
    Need.objects.filter(unit__parent=units.ea_kao).update(title=start + PAYLOAD)
    cells = text_cells(planner.get(f"/plans/{plan.pk}/rollup/bieu.xlsx").content)
    assert_text(cells, start)
    assert {"Biểu 1", "Biểu 4"} <= {sheet for sheet, *_rest in cells}


@pytest.mark.parametrize("start", STARTS)
def test_bieu_1_2_writes_a_village_typed_as_a_formula_as_text(client, commune_planner, units, year, start):
    Unit.objects.filter(pk=units.thon_1.pk).update(name=start + PAYLOAD)
    client.force_login(commune_planner)
    data = client.get(f"/plans/unit/{units.thon_1.pk}/figures/{year}/bieu1-2.xlsx").content
    cells = text_cells(data)
    assert all(data_type == "s" for *_r, data_type, _v in cells) and len(cells) >= 2, cells
