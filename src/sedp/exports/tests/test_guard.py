"""The upload guard (`sedp.exports.guard`): a hostile spreadsheet or CSV is refused from its zip directory, its
content types and its <dimension> before any sheet is parsed, with a Vietnamese message naming the limit; a good
one opens read-only. And the writer's side: text typed by someone is text in the file, never a formula.

The hostile files are small here, against lowered limits; `bench/hostile_uploads.py` sends them at full size."""

from __future__ import annotations

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sedp.exports import guard
from sedp.exports.tests import hostile

LOW = {"bytes": 200_000, "unpacked": 100_000, "rows": 50, "columns": 20, "cells": 500, "errors": 5}


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def low(settings):
    settings.SEDP_UPLOAD_LIMITS = LOW
    return LOW


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return " ".join(caught.value.messages)


def good_workbook(rows=3) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Thôn"
    for values in hostile.village_rows(rows):
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- .xlsx --------------------------------------------------------------------------------------------------------


def test_it_opens_a_good_workbook_read_only_from_bytes_a_file_or_a_path(low, tmp_path):
    data = good_workbook()
    path = tmp_path / "thon.xlsx"
    path.write_bytes(data)
    for source in (data, io.BytesIO(data), path, str(path)):
        wb = guard.open_xlsx(source)
        assert wb.read_only
        rows = guard.sheet_rows(wb.worksheets[0])
        assert rows[0] == hostile.VILLAGE_HEADER and rows[1] == hostile.VILLAGE_ROW and len(rows) == 4


def test_it_refuses_a_file_larger_than_the_limit_before_reading_it(low):
    big = io.BytesIO(b"PK\x03\x04" + b"\0" * 300_000)
    message = refused(guard.open_xlsx, big)
    assert message == "Tệp nặng 0,3 MB; mỗi tệp chỉ được tối đa 0,2 MB."
    assert big.tell() == 0  # not read


def test_it_refuses_a_zip_bomb_from_the_zip_directory(low):
    bomb = hostile.zip_bomb(5_000_000)
    assert len(bomb) < 20_000
    started = time.perf_counter()
    message = refused(guard.open_xlsx, bomb)
    assert time.perf_counter() - started < 0.5
    assert message.startswith("Bảng tính khi giải nén nặng 4,8 MB, quá mức 0,1 MB cho phép")


@pytest.mark.parametrize("declared", ["true", "lie", None])
def test_it_refuses_more_rows_than_the_limit_whatever_the_dimension_says(low, declared):
    message = refused(guard.open_xlsx, hostile.many_rows(60, declared=declared))
    assert message.startswith("Trang “Thôn” có ")
    assert "nhập được tối đa 50 dòng" in message


def test_it_refuses_more_columns_or_cells_than_the_limit(low):
    wide = hostile.build_xlsx([["x"] * 3], dimension="A1:Z3")
    assert "nhập được tối đa 20 cột" in refused(guard.open_xlsx, wide)
    big = hostile.build_xlsx([["x"] * 3], dimension="A1:T40")
    assert "quá mức 500 ô" in refused(guard.open_xlsx, big)


def test_it_refuses_a_macro_workbook_named_xlsx_by_its_content(low):
    message = refused(guard.open_xlsx, hostile.macro_workbook())
    assert message.startswith("Tệp là bảng tính có macro (.xlsm)")
    # The macro content type alone, or a vbaProject part alone, is enough.
    typed = hostile.build_xlsx(hostile.village_rows(1), workbook_type=hostile.XLSM_MAIN)
    assert refused(guard.open_xlsx, typed).startswith("Tệp là bảng tính có macro")
    project = hostile.build_xlsx(hostile.village_rows(1), extra={"xl/vbaProject.bin": b"\0" * 512})
    assert refused(guard.open_xlsx, project).startswith("Tệp là bảng tính có macro")


@pytest.mark.parametrize(
    "data",
    [
        b"Ma xa,Ten thon\n24169,A\n",  # a CSV named .xlsx
        b"",
        hostile.build_xlsx(hostile.village_rows(1), workbook_type=hostile.XLTX_MAIN),  # a template
        # a Word document: a zip, but no workbook in it
        (lambda out: (__import__("zipfile").ZipFile(out, "w").writestr("word/document.xml", "<w/>"), out)[1])(
            io.BytesIO()
        ).getvalue(),
    ],
    ids=["csv", "empty", "template", "docx"],
)
def test_it_refuses_what_is_not_an_xlsx_workbook_whatever_its_name(low, data):
    assert refused(guard.open_xlsx, data) == "Tệp không phải bảng tính Excel (.xlsx)."


def test_it_names_an_old_xls_or_a_password_protected_workbook(low):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000
    assert "Excel 97–2003 (.xls)" in refused(guard.open_xlsx, ole)


def test_it_refuses_xml_declaring_entities(low):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        f'<worksheet xmlns="{hostile.MAIN_NS}"><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    data = io.BytesIO(hostile.build_xlsx(hostile.village_rows(1)))
    import zipfile

    src = zipfile.ZipFile(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            zf.writestr(info.filename, laughs if info.filename.endswith("sheet1.xml") else src.read(info))
    assert "DOCTYPE" in refused(guard.open_xlsx, out.getvalue())


def test_reading_rows_never_goes_past_the_limits_of_a_sheet_without_a_dimension(low):
    # 40 rows, no <dimension>: allowed (fewer than 50), and read to the last row.
    wb = guard.open_xlsx(hostile.many_rows(39, declared=None))
    rows = guard.sheet_rows(wb.worksheets[0])
    assert len(rows) == 40 and rows[-1] == hostile.VILLAGE_ROW


def test_a_sheet_whose_dimension_is_too_small_is_read_to_its_last_row(low):
    # openpyxl alone would stop at the row its <dimension> names ("A1:G2"), dropping the other 29 rows.
    rows = guard.sheet_rows(guard.open_xlsx(hostile.many_rows(30, declared="lie")).worksheets[0])
    assert len(rows) == 31 and rows[-1] == hostile.VILLAGE_ROW


def test_the_grid_reads_cells_by_row_and_column_like_a_worksheet(low):
    ws = guard.open_xlsx(good_workbook(2)).worksheets[0]
    grid = guard.Grid(ws)
    assert (grid.title, grid.max_row, grid.max_column) == ("Thôn", 3, 7)
    assert grid.cell(row=2, column=2).value == "Buôn Ea Nao"
    assert grid.cell(row=99, column=99).value is None


# --- .csv ---------------------------------------------------------------------------------------------------------


def test_it_reads_a_csv_with_its_delimiter(low):
    rows = guard.read_csv(hostile.csv_rows(2).replace(b",", b";"))
    assert rows[0] == hostile.VILLAGE_HEADER and len(rows) == 3


def test_it_refuses_a_csv_of_too_many_rows_without_reading_them_all(low):
    started = time.perf_counter()
    message = refused(guard.read_csv, hostile.csv_rows(60_000, row="a"))
    assert time.perf_counter() - started < 0.5
    assert message == "Tệp có hơn 50 dòng; chỉ nhập được tối đa 50 dòng một lần. Hãy chia thành nhiều tệp."


def test_it_refuses_a_csv_too_large_or_too_wide(low):
    assert refused(guard.read_csv, hostile.csv_rows(10_000)).startswith("Tệp nặng 0,4 MB")
    assert refused(guard.read_csv, b"a,b\n" + b",".join([b"x"] * 30) + b"\n") == (
        "Dòng 2 có 30 cột; chỉ nhập được tối đa 20 cột."
    )


@pytest.mark.parametrize(
    "data", [good_workbook(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, b"Ten\0thon\n"]
)
def test_it_refuses_a_workbook_or_binary_file_named_csv(low, data):
    assert refused(guard.read_csv, data).startswith("Tệp không phải văn bản CSV")


def test_it_refuses_a_csv_not_in_utf8(low):
    message = refused(guard.read_csv, "Tên thôn\nBuôn Ea Nao\n".encode("utf-16"))
    assert "UTF-8" in message


# --- errors -------------------------------------------------------------------------------------------------------


def test_errors_keep_the_first_ones_and_count_the_rest(low):
    errors = guard.Errors()
    for n in range(3_000_000):
        errors.append(f"Dòng {n}: sai")
    assert len(errors) == 5 and errors.more == 2_999_995 and errors.total == 3_000_000
    assert list(errors)[0] == "Dòng 0: sai"
    assert errors.more_message == "… và 2.999.995 lỗi khác"
    errors += ["Dòng x: sai"]
    errors.extend(["Dòng y: sai"])
    assert errors.total == 3_000_002 and len(errors) == 5
    with translation.override("en"):
        assert errors.more_message.startswith("… and 2") and errors.more_message.endswith("997 more errors")
    assert guard.Errors().more_message == ""


# --- writing: text stays text ---------------------------------------------------------------------------------------

STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", STARTS)
def test_a_workbook_keeps_typed_text_as_text_and_its_own_formulas(start):
    wb = Workbook()
    ws = wb.active
    text = start + 'HYPERLINK("http://x","y")'
    ws["A1"] = text
    ws["A2"] = start + "cmd|' /C calc'!A0"
    ws["A3"] = "#N/A"
    ws["B1"], ws["B2"] = 1, 2
    guard.formula(ws["B3"], "=SUM(B1:B2)")
    back = load_workbook(io.BytesIO(guard.workbook_bytes(wb)))
    out = back.active
    assert (out["A1"].data_type, out["A1"].value) == ("s", text)
    assert (out["A2"].data_type, out["A2"].value) == ("s", start + "cmd|' /C calc'!A0")
    assert (out["A3"].data_type, out["A3"].value) == ("s", "#N/A")
    assert (out["B3"].data_type, out["B3"].value) == ("f", "=SUM(B1:B2)")


@pytest.mark.parametrize("start", STARTS)
def test_a_csv_cell_starting_like_a_formula_gets_a_quote(start):
    assert guard.csv_cell(start + "cmd|' /C calc'!A0") == "'" + start + "cmd|' /C calc'!A0"
    assert guard.csv_cell("Buôn " + start) == "Buôn " + start
    assert guard.csv_cell(-5) == -5 and guard.csv_cell(None) == ""


def test_a_csv_writer_writes_every_row_safely():
    out = io.StringIO()
    guard.csv_writer(out).writerows([["Tên", "Số hộ"], ["=1+2", -3], ["@SUM(A1)", 4]])
    assert out.getvalue().splitlines() == ["Tên,Số hộ", "'=1+2,-3", "'@SUM(A1),4"]
