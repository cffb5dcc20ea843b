"""`sedp import-villages`: every kind of bad row is reported by row and column in Vietnamese; a file with any
error saves nothing; a good file adds or updates villages."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from sedp.places.importers import import_villages
from sedp.places.models import Unit

pytestmark = pytest.mark.django_db

HEADER = "Mã xã,Tên thôn,Loại,Số hộ,Số dân,Số hộ nghèo,Tỷ lệ DTTS (%)"
GOOD = "24169,Buôn Ea Nao,buôn,150,700,20,95"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def run_csv(tmp_path, *lines, name="thon.csv", **kwargs):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return import_villages(path, **kwargs)


def only_error(report):
    assert len(report.errors) == 1, [str(e) for e in report.errors]
    return str(report.errors[0])


def test_it_imports_a_good_csv_and_keeps_extra_columns(tmp_path):
    report = run_csv(tmp_path, HEADER + ",Ghi chú", GOOD + ",gần suối", "24169,Thôn 9,thôn,80,300,2,")
    assert report.ok and report.created == 2
    buon = Unit.objects.get(name="Buôn Ea Nao")
    assert (buon.kind, buon.households, buon.population, buon.poor_households) == ("buon", 150, 700, 20)
    assert buon.parent.code == "24169" and buon.extra == {"Ghi chú": "gần suối"}
    assert Unit.objects.get(name="Thôn 9").ethnic_minority_share is None


def test_it_updates_a_village_already_in_its_commune(tmp_path):
    report = run_csv(tmp_path, HEADER, "24169,Buôn Ea Kmát,buôn,220,1050,29,96")
    assert report.ok and (report.created, report.updated) == (0, 1)
    assert Unit.objects.get(name="Buôn Ea Kmát").households == 220


def test_it_reads_an_xlsx_with_vietnamese_grouped_numbers(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách thôn"
    ws.append(["Xã", "Tỉnh", "Tên thôn", "Loại", "Số hộ", "Số dân", "Số hộ nghèo", "Tỷ lệ DTTS (%)"])
    ws.append(["Ea Kao", "Đắk Lắk", "Buôn Cuê", "buôn", "1.020", 4100, 120, "88,5"])
    path = tmp_path / "thon.xlsx"
    wb.save(path)
    report = import_villages(path)
    assert report.ok, [str(e) for e in report.errors]
    village = Unit.objects.get(name="Buôn Cuê")
    assert village.households == 1020 and str(village.ethnic_minority_share) == "88.50"


def test_it_names_sheet_row_and_column_for_an_xlsx_error(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Thôn"
    ws.append(HEADER.split(","))
    ws.append(["24169", "Buôn A", "buôn", "nhiều", 100, 1, 0])
    path = tmp_path / "thon.xlsx"
    wb.save(path)
    assert only_error(import_villages(path)) == (
        "Trang tính 'Thôn', dòng 2, cột D (Số hộ): 'nhiều' không phải là số nguyên."
    )


@pytest.mark.parametrize(
    "row, expected",
    [
        ("99999,Buôn A,buôn,10,40,1,0", "Dòng 2, cột A (Mã xã): không có xã nào mang mã '99999'."),
        (",Buôn A,buôn,10,40,1,0", "Dòng 2, cột A (Mã xã): chưa có xã: hãy ghi mã hoặc tên xã."),
        ("24169,,buôn,10,40,1,0", "Dòng 2, cột B (Tên thôn): tên thôn đang để trống."),
        (
            "24169,Buôn A,làng bản,10,40,1,0",
            "Dòng 2, cột C (Loại): 'làng bản' không phải là loại thôn; hãy dùng một trong:",
        ),
        ("24169,Buôn A,,10,40,1,0", "Dòng 2, cột C (Loại): loại đang để trống."),
        ("24169,Buôn A,buôn,10.5,40,1,0", "Dòng 2, cột D (Số hộ): '10.5' không phải là số nguyên."),
        ("24169,Buôn A,buôn,-10,40,1,0", "Dòng 2, cột D (Số hộ): -10 là số âm."),
        (
            "24169,Buôn A,buôn,10,,1,0",
            "Dòng 2, cột E (Số dân): ô đang để trống; hãy ghi số nguyên (0 nếu không có).",
        ),
        ("24169,Buôn A,buôn,10,40,11,0", "Dòng 2, cột F (Số hộ nghèo): 11 hộ nghèo nhiều hơn tổng số 10 hộ."),
        ("24169,Buôn A,buôn,10,8,1,0", "Dòng 2, cột E (Số dân): số dân 8 ít hơn 10 hộ."),
        (
            "24169,Buôn A,buôn,10,40,1,120",
            "Dòng 2, cột G (Tỷ lệ DTTS (%)): 120 không phải là tỷ lệ phần trăm từ 0 đến 100.",
        ),
        ("24169,Buôn A,buôn,10,40,1,cao", "Dòng 2, cột G (Tỷ lệ DTTS (%)): 'cao' không phải là số."),
    ],
)
def test_it_reports_each_kind_of_bad_row_in_vietnamese(tmp_path, row, expected):
    before = Unit.objects.count()
    message = only_error(run_csv(tmp_path, HEADER, row))
    assert message.startswith(expected), message
    assert Unit.objects.count() == before


def test_it_saves_nothing_from_a_file_with_one_bad_row_among_good_ones(tmp_path):
    before = Unit.objects.count()
    report = run_csv(tmp_path, HEADER, GOOD, "24169,Buôn B,buôn,10,40,1,0", "24169,Buôn C,buôn,x,40,1,0")
    assert [e.row for e in report.errors] == [4]
    assert Unit.objects.count() == before
    assert not Unit.objects.filter(name__in=["Buôn Ea Nao", "Buôn B"]).exists()


def test_it_reports_every_error_not_just_the_first(tmp_path):
    report = run_csv(tmp_path, HEADER, "24169,,buôn,x,40,1,0", "99999,Buôn B,xx,10,40,1,0")
    assert [(e.row, e.column[0]) for e in report.errors] == [(2, "B"), (2, "D"), (3, "A"), (3, "C")]


def test_it_refuses_a_village_listed_twice(tmp_path):
    message = only_error(run_csv(tmp_path, HEADER, GOOD, "24169,Buôn Ea  Nao,buôn,1,4,0,0"))
    assert message.startswith("Dòng 3, cột B (Tên thôn): 'Buôn Ea Nao' của Phường Ea Kao đã có ở dòng 2.")


def test_it_asks_for_a_code_when_a_commune_name_is_ambiguous(tmp_path):
    report = run_csv(
        tmp_path,
        "Xã,Tên thôn,Loại,Số hộ,Số dân,Số hộ nghèo,Tỷ lệ DTTS",
        "Trường Thi,Tổ 20,tổ dân phố,5,9,0,0",
        legacy=True,
    )
    assert "3 xã trùng tên 'Trường Thi'" in only_error(report)


def test_it_names_a_missing_column(tmp_path):
    message = only_error(
        run_csv(tmp_path, "Mã xã,Tên thôn,Loại,Số hộ,Số dân,Tỷ lệ DTTS", "24169,A,thôn,1,2,0")
    )
    assert message == "Dòng 1: thiếu cột 'Số hộ nghèo' ở dòng tiêu đề."


def test_it_reads_semicolon_csv_and_refuses_other_encodings(tmp_path):
    assert run_csv(tmp_path, HEADER.replace(",", ";"), GOOD.replace(",", ";")).ok
    path = tmp_path / "latin.csv"
    path.write_bytes((HEADER + "\n" + GOOD).encode("utf-16"))
    assert "UTF-8" in only_error(import_villages(path))


def test_it_refuses_other_file_types(tmp_path):
    path = tmp_path / "thon.txt"
    path.write_text("x")
    assert only_error(import_villages(path)) == "Chỉ nhập được tệp .xlsx và .csv."


def test_the_command_prints_errors_and_fails(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n24169,Buôn A,buôn,x,40,1,0\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 lỗi; chưa lưu gì."):
        call_command("import_villages", str(path))
    assert "cột D (Số hộ)" in capsys.readouterr().err


def test_the_web_upload_imports_into_the_commune_only(client, commune_planner, units):
    client.force_login(commune_planner)
    upload = io.BytesIO(
        ("Tên thôn,Loại,Số hộ,Số dân,Số hộ nghèo,Tỷ lệ DTTS\nThôn Mới,thôn,50,200,3,1\n").encode()
    )
    upload.name = "thon.csv"
    response = client.post(f"/places/{units.ea_kao.pk}/import-villages/", {"file": upload})
    assert response.status_code == 302
    assert Unit.objects.get(name="Thôn Mới").parent == units.ea_kao


def test_the_web_upload_shows_errors_and_saves_nothing(client, commune_planner, units):
    client.force_login(commune_planner)
    upload = io.BytesIO(
        ("Tên thôn,Loại,Số hộ,Số dân,Số hộ nghèo,Tỷ lệ DTTS\nThôn Mới,thôn,abc,200,3,1\n").encode()
    )
    upload.name = "thon.csv"
    response = client.post(
        f"/places/{units.ea_kao.pk}/import-villages/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 200
    assert "chưa lưu gì" in response.content.decode()
    assert "cột C (Số hộ)" in response.content.decode()
    assert not Unit.objects.filter(name="Thôn Mới").exists()


def test_a_province_officer_sets_the_province_to_the_three_tier_process(
    client, province_officer, commune_planner, units
):
    from sedp.audit.models import AuditEntry
    from sedp.cycles.actions import create_cycle

    client.force_login(commune_planner)
    assert client.post(f"/places/{units.daklak.pk}/tiers/", {"tiers": "3"}).status_code == 403
    client.force_login(province_officer)
    assert (
        "Quy trình lập kế hoạch"
        in client.get(f"/places/{units.daklak.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    )
    client.post(f"/places/{units.daklak.pk}/tiers/", {"tiers": "3"})
    units.daklak.refresh_from_db()
    assert units.daklak.tiers == 3
    assert AuditEntry.objects.filter(action="places.set_tiers", object_id=str(units.daklak.pk)).exists()
    assert create_cycle(units.ea_kao, 2035).tiers == 3


# --- hostile files (issue 16): refused before they are read, with the limit named; errors listed up to a bound ---

LOW = {"bytes": 100_000, "unpacked": 100_000, "rows": 50, "columns": 20, "cells": 1_000, "errors": 5}


@pytest.fixture
def low(settings):
    settings.SEDP_UPLOAD_LIMITS = LOW


def test_it_refuses_a_macro_workbook_named_xlsx(tmp_path, low, units):
    from sedp.exports.tests.hostile import macro_workbook

    path = tmp_path / "thon.xlsx"
    path.write_bytes(macro_workbook())
    before = Unit.objects.count()
    assert only_error(import_villages(path, commune=units.ea_kao)).startswith(
        "Tệp là bảng tính có macro (.xlsm)"
    )
    assert Unit.objects.count() == before


@pytest.mark.parametrize("kind", ["zip bomb", "rows", "rows, no dimension", "csv rows", "csv size"])
def test_it_refuses_a_hostile_file_before_reading_its_rows(tmp_path, low, kind):
    from sedp.exports.tests import hostile

    data, name = {
        "zip bomb": (lambda: hostile.zip_bomb(2_000_000), "thon.xlsx"),
        "rows": (lambda: hostile.many_rows(200), "thon.xlsx"),
        "rows, no dimension": (lambda: hostile.many_rows(200, declared=None), "thon.xlsx"),
        "csv rows": (lambda: hostile.csv_rows(20_000, row="a"), "thon.csv"),
        "csv size": (lambda: hostile.csv_rows(5_000), "thon.csv"),
    }[kind]
    path = tmp_path / name
    path.write_bytes(data())
    message = only_error(import_villages(path))
    assert "tối đa" in message or "quá mức" in message, message


def test_it_lists_the_first_errors_and_counts_the_others(tmp_path, low):
    report = run_csv(tmp_path, HEADER, *[f"24169,Buôn {n},buôn,x,40,1,0" for n in range(40)])
    assert len(report.errors) == 5 and report.errors.total == 40
    assert report.errors.more_message == "… và 35 lỗi khác"


def test_the_command_refuses_a_large_csv_and_prints_a_bounded_list(tmp_path, capsys, low):
    from sedp.exports.tests import hostile

    path = tmp_path / "big.csv"
    path.write_bytes(hostile.csv_rows(1_000_000))
    with pytest.raises(CommandError, match="1 lỗi; chưa lưu gì."):
        call_command("import_villages", str(path))
    assert "mỗi tệp chỉ được tối đa" in capsys.readouterr().err
    path.write_text(HEADER + "\n" + "".join(f"24169,Buôn {n},buôn,x,40,1,0\n" for n in range(40)))
    with pytest.raises(CommandError, match="40 lỗi; chưa lưu gì."):
        call_command("import_villages", str(path))
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 6 and err[-1] == "… và 35 lỗi khác"


def test_the_web_upload_refuses_a_macro_workbook_and_lists_a_bounded_number_of_errors(
    client, commune_planner, units, low
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sedp.exports.tests.hostile import macro_workbook

    client.force_login(commune_planner)
    url = f"/places/{units.ea_kao.pk}/import-villages/"
    html = client.post(
        url, {"file": SimpleUploadedFile("thon.xlsx", macro_workbook())}, HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Tệp là bảng tính có macro (.xlsm)" in html
    rows = "Tên thôn,Loại,Số hộ,Số dân,Số hộ nghèo,Tỷ lệ DTTS\n" + "".join(
        f"Thôn Mới {n},thôn,abc,200,3,1\n" for n in range(40)
    )
    html = client.post(
        url, {"file": SimpleUploadedFile("thon.csv", rows.encode())}, HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Tệp có 40 lỗi; chưa lưu gì." in html
    assert html.count("không phải là số nguyên") == 5 and "… và 35 lỗi khác" in html
    big = SimpleUploadedFile("thon.csv", rows.encode() * 300)
    html = client.post(url, {"file": big}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    size = f"{round(big.size / 2**20, 1)}".replace(".", ",")
    assert f"Tệp nặng {size} MB; mỗi tệp chỉ được tối đa 0,1 MB." in html
