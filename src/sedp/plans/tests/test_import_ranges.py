"""Biểu 3/4 read back: every number is checked against the range of the field it is saved in, every text against
its length and for hidden characters, each error naming the cell, nothing saved (issue 16 §7). Before, an amount
of 10^30 answered 500 and a 400-character title stopped PostgreSQL."""

import io
import unicodedata

import pytest
from django.utils import translation
from openpyxl import load_workbook

from sedp.exports import village_forms as excel
from sedp.plans.models import Plan
from sedp.plans.tests.test_plans import midterm  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _changed(plan, **cells) -> bytes:
    wb = load_workbook(io.BytesIO(excel.export_plan(plan)))
    ws = wb["Biểu 3"]
    for ref, value in cells.items():
        ws[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import(plan, data):
    before = Plan.objects.filter(unit=plan.unit).count()
    report = excel.import_plan(plan.unit, data, actor=None)
    if not report.ok:
        assert Plan.objects.filter(unit=plan.unit).count() == before
    return report


def test_numbers_beyond_their_fields_are_refused_naming_each_cell(midterm):  # noqa: F811
    data = _changed(midterm, J8=1e30, K8="1.000.000.000.000.000.000", L8=2**40, G8="100000000000", U8=250)
    report = _import(midterm, data)
    assert list(report.errors) == [
        "Trang “Biểu 3”, dòng 8, cột G (Khối lượng): 100000000000 quá lớn: tối đa 9.999.999.999,99.",
        "Trang “Biểu 3”, dòng 8, cột J (Kinh phí dự kiến (đồng)): 1e30 quá lớn: tối đa 1.000.000.000.000.000.",
        "Trang “Biểu 3”, dòng 8, cột K (Dân góp: tiền (đồng)): 1.000.000.000.000.000.000 quá lớn: tối đa "
        "1.000.000.000.000.000.",
        "Trang “Biểu 3”, dòng 8, cột L (Dân góp: ngày công): 1.099.511.627.776 quá lớn: tối đa 1.000.000.",
        "Trang “Biểu 3”, dòng 8, cột U (Điểm (0–100)): 250 quá lớn: tối đa 100.",
    ]


def test_texts_longer_than_their_fields_or_with_hidden_characters_are_refused(midterm):  # noqa: F811
    data = _changed(midterm, C8="Đường " * 60, F8="Buôn\u202eEa", H9="m\t2")
    errors = list(_import(midterm, data).errors)
    assert (
        errors[0]
        == "Trang “Biểu 3”, dòng 8, cột C (Tên hoạt động): văn bản dài 359 ký tự; chỉ được tối đa 300 ký tự."
    )
    assert errors[1].startswith(
        "Trang “Biểu 3”, dòng 8, cột F (Địa điểm): văn bản chứa ký tự không lưu được (U+202E"
    )
    assert errors[2].startswith(
        "Trang “Biểu 3”, dòng 9, cột H (Đơn vị tính): văn bản chứa ký tự không lưu được (U+0009"
    )
    assert len(errors) == 3


def test_a_title_typed_in_nfd_comes_in_as_nfc(midterm):  # noqa: F811
    nfc = "Kênh thủy lợi nội đồng"
    report = _import(midterm, _changed(midterm, C8=unicodedata.normalize("NFD", nfc)))
    assert report.ok, report.errors
    assert report.plan.items.filter(need__title=nfc).exists()
