"""The village import checks every number against its column's range, names the cell, saves nothing on error
(issue 16 §7): 2^40 households were stored, 10^30 answered 500. On a commune's page, a row whose "Mã xã" names
another commune is refused. Names come in as NFC, without control or text-direction characters."""

import io
import unicodedata

import pytest
from django.utils import translation
from openpyxl import Workbook

from sedp.places.importers import import_villages
from sedp.places.models import Unit

pytestmark = pytest.mark.django_db

HEADER = "Mã xã,Tên thôn,Loại,Số hộ,Số dân,Số hộ nghèo,Tỷ lệ DTTS (%)"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def run_csv(tmp_path, *lines, **kwargs):
    path = tmp_path / "thon.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return import_villages(path, **kwargs)


def errors(report) -> list[str]:
    return [str(e) for e in report.errors]


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            f"24169,Buôn Lớn,buôn,{2**40},{2**41},1,0",
            "Dòng 3, cột D (Số hộ): 1099511627776 quá lớn: tối đa 100.000.",
        ),
        (f"24169,Buôn Lớn,buôn,100,{10**30},1,0", "Dòng 3, cột E (Số dân): 1e30 quá lớn: tối đa 1.000.000."),
        (
            "24169,Buôn Lớn,buôn,100,400,100001,0",
            "Dòng 3, cột F (Số hộ nghèo): 100001 quá lớn: tối đa 100.000.",
        ),
    ],
)
def test_a_number_beyond_its_columns_range_is_refused_naming_the_cell(tmp_path, row, expected):
    report = run_csv(tmp_path, HEADER, "24169,Buôn Nhỏ,buôn,10,40,1,0", row)
    assert not report.ok
    assert expected in errors(report)
    assert not Unit.objects.filter(name__in=["Buôn Lớn", "Buôn Nhỏ"]).exists()


def test_a_number_of_10_to_the_30_in_a_workbook_cell_is_refused(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Thôn"
    ws.append(HEADER.split(","))
    ws.append(["24169", "Buôn Lớn", "buôn", 100, 1e30, 2, 50])
    path = tmp_path / "thon.xlsx"
    wb.save(path)
    report = import_villages(path)
    (error,) = errors(report)
    assert error == "Trang tính 'Thôn', dòng 2, cột E (Số dân): 1e30 quá lớn: tối đa 1.000.000."
    assert not Unit.objects.filter(name="Buôn Lớn").exists()


def test_the_largest_village_in_range_is_saved(tmp_path):
    report = run_csv(tmp_path, HEADER, "24169,Tổ dân phố Lớn,tổ dân phố,100000,1000000,100000,0")
    assert report.ok, errors(report)
    assert Unit.objects.get(name="Tổ dân phố Lớn").households == 100_000


def _upload(text: str, name="thon.csv"):
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


def test_the_web_upload_refuses_a_row_of_another_commune_naming_it(client, commune_planner, units):
    client.force_login(commune_planner)
    other = units.hanoi_commune
    body = f"{HEADER}\n24169,Thôn Mới,thôn,50,200,3,1\n{other.code},Thôn Lạ,thôn,50,200,3,1\n"
    response = client.post(
        f"/places/{units.ea_kao.pk}/import-villages/", {"file": _upload(body)}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"Dòng 3, cột A (Mã xã): mã xã &#x27;{other.code}&#x27; không phải mã của {units.ea_kao.name}" in page
    )
    assert not Unit.objects.filter(name__in=["Thôn Mới", "Thôn Lạ"]).exists()


def test_the_web_upload_refuses_a_row_naming_another_commune(client, commune_planner, units):
    client.force_login(commune_planner)
    body = "Xã,Tên thôn,Loại,Số hộ,Số dân,Số hộ nghèo,Tỷ lệ DTTS\nEa Tul,Thôn Lạ,thôn,50,200,3,1\n"
    response = client.post(
        f"/places/{units.ea_kao.pk}/import-villages/", {"file": _upload(body)}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "Dòng 2, cột A (Xã): &#x27;Ea Tul&#x27; không phải" in response.content.decode()
    assert not Unit.objects.filter(name="Thôn Lạ").exists()


def test_the_web_upload_takes_rows_giving_the_communes_own_code_or_name(client, commune_planner, units):
    client.force_login(commune_planner)
    body = (
        "Mã xã,Xã,Tên thôn,Loại,Số hộ,Số dân,Số hộ nghèo,Tỷ lệ DTTS\n"
        f"{units.ea_kao.code},{units.ea_kao.name},Thôn Mới,thôn,50,200,3,1\n"
        f",Ea Kao,Thôn Mới 2,thôn,50,200,3,1\n"
    )
    response = client.post(f"/places/{units.ea_kao.pk}/import-villages/", {"file": _upload(body)})
    assert response.status_code == 302
    assert Unit.objects.filter(parent=units.ea_kao, name__in=["Thôn Mới", "Thôn Mới 2"]).count() == 2


def test_a_village_name_comes_in_as_nfc_and_without_hidden_characters(tmp_path):
    nfd = unicodedata.normalize("NFD", "Buôn Thủy Lợi")
    report = run_csv(tmp_path, HEADER, f"24169,{nfd},buôn,10,40,1,0")
    assert report.ok and Unit.objects.filter(name="Buôn Thủy Lợi").exists()
    report = run_csv(
        tmp_path, HEADER, "24169,Buôn\u202eKhác,buôn,10,40,1,0", "24169,Buôn\x1bEsc,buôn,10,40,1,0"
    )
    assert [e.split(": ", 1)[0] for e in errors(report)] == [
        "Dòng 2, cột B (Tên thôn)",
        "Dòng 3, cột B (Tên thôn)",
    ]
    assert "(U+202E" in errors(report)[0] and "(U+001B" in errors(report)[1]
    assert not Unit.objects.filter(name__startswith="Buôn", name__contains="Khác").exists()
