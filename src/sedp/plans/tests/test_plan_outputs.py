"""The plan's three outputs agree line by line (issue 10): the .docx, the .pdf and the commune workbook of Ea Kao's
plan made from the demo villages, and of the Trường Thi 2010 plan, are read back (python-docx, pypdf, openpyxl)
and must list the same activities, with the same numbers and costs, and the same totals by funding source."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sedp.core.logframe import OTHER_ACTIVITIES, smart_warnings
from sedp.core.money import format_vnd
from sedp.demo.ea_kao_plan import TYPED_TOTAL, make_ea_kao_plan
from sedp.plans.logframe import actions as lf
from sedp.plans.models import Kind, NeedLink, Plan

pytestmark = pytest.mark.django_db
MONEY = re.compile(r"^\d{1,3}(\.\d{3})*$")


@pytest.fixture
def ea_kao(units, year, commune_planner):
    return make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)


@pytest.fixture
def truong_thi(units):
    return Plan.objects.select_related("unit").get(
        unit=units.truong_thi, kind=Kind.COMMUNE_ANNUAL, year_from=2010, version=1
    )


def outputs(client, plan):
    if plan.created_by:
        client.force_login(plan.created_by)
    docx = client.get(reverse("plans:plan_docx", args=[plan.pk, plan.year_from]))
    pdf = client.get(reverse("plans:plan_pdf", args=[plan.pk, plan.year_from]))
    xlsx = client.get(f"/plans/{plan.pk}/rollup/bieu.xlsx")
    assert docx.status_code == pdf.status_code == xlsx.status_code == 200
    return (
        Document(io.BytesIO(docx.content)),
        PdfReader(io.BytesIO(pdf.content)),
        load_workbook(io.BytesIO(xlsx.content)),
    )


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def docx_tables(doc, first_header: str):
    return [t for t in doc.tables if t.rows and t.rows[0].cells[0].text == first_header]


def docx_activities(doc) -> list[tuple[str, str, int | None]]:
    """(number, title, cost) of the Gantt table's activity rows."""
    (gantt,) = [t for t in docx_tables(doc, "STT") if t.rows[0].cells[1].text == "Tên hoạt động"]
    has_cost = "Kinh phí (đồng)" in [c.text for c in gantt.rows[0].cells]
    out = []
    for row in gantt.rows[2:]:
        cells = row.cells
        if cells[0].text.isdigit():
            cost = cells[6].text if has_cost else ""
            out.append((cells[0].text, cell_lines(cells[1])[0], int(cost.replace(".", "")) if cost else None))
    return out


def docx_budget(doc) -> dict[str, int]:
    (budget,) = [t for t in docx_tables(doc, "STT") if t.rows[0].cells[1].text == "Nguồn vốn"]
    return {r.cells[1].text: int(r.cells[2].text.replace(".", "")) for r in budget.rows[1:]}


def pdf_text(reader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def b2_activities(wb) -> list[tuple[str, str, int | None]]:
    rows = [[c.value for c in r] for r in wb["B2"].iter_rows(min_row=7)]
    return [(r[0], r[1], r[7]) for r in rows if r[0] and str(r[0]).isdigit()]


def b2_budget(wb) -> dict[str, int]:
    rows = [[c.value for c in r] for r in wb["B2"].iter_rows(min_row=7)]
    out = {
        r[1].removeprefix("Cộng nguồn vốn: "): r[7] for r in rows if str(r[1]).startswith("Cộng nguồn vốn")
    }
    out["Tổng kế hoạch ngân sách"] = next(r[7] for r in rows if r[1] == "Tổng cộng")
    return out


def test_ea_kao_docx_pdf_and_workbook_list_the_same_activities_and_totals(client, ea_kao):
    core = lf.to_core(ea_kao)
    expected = [(str(a.number), a.title, a.cost) for a in core.activities]
    assert len(expected) == 4 and sum(a.cost for a in core.activities) == 1_880_000_000
    doc, pdf, wb = outputs(client, ea_kao)

    # Every included activity, the one not under a result (Thôn 1's latrines, 120.000.000 đ) too.
    assert docx_activities(doc) == expected
    assert b2_activities(wb) == expected
    text = pdf_text(pdf)
    positions = [text.find(f"{number} {title}") for number, title, _cost in expected]
    assert -1 not in positions and positions == sorted(positions), "the PDF lists every activity, in order"
    assert OTHER_ACTIVITIES in text and "Xây nhà tiêu hợp vệ sinh cho hộ nghèo" in text
    for _n, _t, cost in expected:
        assert format_vnd(cost, unit="") in text

    # The same totals by source in the three; the computed total, never the typed 2.000.000.000.
    by_source = {b.source: b.amount for b in core.budget_lines} | {"Tổng kế hoạch ngân sách": 1_880_000_000}
    assert by_source == {
        "Ngân sách huyện hỗ trợ": 800_000_000,
        "Ngân sách phường": 720_000_000,
        "Chương trình mục tiêu quốc gia": 360_000_000,
        "Tổng kế hoạch ngân sách": 1_880_000_000,
    }
    assert docx_budget(doc) == by_source
    assert b2_budget(wb) == by_source
    for source, amount in by_source.items():
        assert f"{source} {format_vnd(amount, unit='')}" in text
    b1 = [[c.value for c in r] for r in wb["B1"].iter_rows()]
    assert {r[1]: r[4] for r in b1 if r[1] in by_source} == by_source
    docx_all = "\n".join(p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert format_vnd(TYPED_TOTAL, unit="") not in docx_all + text

    # The typed total differs from the computed one: the SMART check gives both figures.
    (warning,) = [w for w in smart_warnings(core) if w.code == "costs_mismatch"]
    assert "2.000.000.000 đ" in warning.message_vi and "1.880.000.000 đ" in warning.message_vi


def test_ea_kao_header_is_printed_once_as_the_decree_writes_it(client, ea_kao):
    assert ea_kao.doc_number == "25"  # typed "25/KH-UBND"
    doc, pdf, wb = outputs(client, ea_kao)
    header = [p.text for t in doc.tables[:1] for c in t.rows[0].cells for p in c.paragraphs]
    assert "Số: 25/KH-UBND" in header
    (sign,) = [t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"]
    assert [p.text for p in sign.rows[0].cells[1].paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn B",
    ]
    text = pdf_text(pdf)
    assert text.count("Số: 25/KH-UBND") == 1 and "KH-UBND/KH-UBND" not in text
    assert text.count("TM. ỦY BAN NHÂN DÂN") == 1
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn B" in text
    b2 = [[c.value for c in r] for r in wb["B2"].iter_rows()]
    signed = [v for r in b2 for v in r if v]
    assert "Người lập biểu" in signed and "KT. CHỦ TỊCH" in signed and "Nguyễn Văn B" in signed
    assert wb["B2"].oddFooter.center.text == "Trang &P/&N"


def test_ea_kao_prints_indicators_at_every_level(client, ea_kao):
    _doc, pdf, _wb = outputs(client, ea_kao)
    text = pdf_text(pdf)
    year = ea_kao.year_from
    # objective-level indicators, under their objective
    assert f"Chỉ số: Tỷ lệ đường liên buôn được cứng hóa đạt 55% (năm gốc: 40%) trong năm {year}" in text
    assert f"Chỉ số: Tỷ lệ hộ có nhà tiêu hợp vệ sinh đạt 90% (năm gốc: 78%) trong năm {year}" in text
    # each result's indicators, in the results table
    assert f"Đường được bê tông hóa đạt 2,5 km trong năm {year}" in text


def test_ea_kao_annex_gives_every_needs_fate_and_reason(client, ea_kao):
    doc, pdf, _wb = outputs(client, ea_kao)
    (annex,) = docx_tables(doc, "STT")[-1:]
    assert [c.text for c in annex.rows[0].cells] == [
        "STT",
        "Thôn, buôn",
        "Nhu cầu",
        "Kết quả xem xét",
        "Lý do",
    ]
    rows = {(r.cells[1].text, r.cells[2].text): (r.cells[3].text, r.cells[4].text) for r in annex.rows[1:]}
    assert len(rows) == NeedLink.objects.filter(plan=ea_kao).count() == 10
    year = ea_kao.year_from
    assert rows[("Buôn Kram", "N5. Sửa chữa kênh mương nội đồng Buôn Kram")][0] == f"Hoãn sang năm {year + 1}"
    referred = rows[("Buôn Kram", "N2. Xây nhà tiêu hợp vệ sinh cho hộ nghèo")]
    assert referred == (
        "Chuyển sang Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
        "Chương trình nông thôn mới đã có vốn hỗ trợ nhà tiêu cho hộ nghèo",
    )
    assert rows[("Buôn Ea Kao", "N4. Sửa chữa kênh mương nội đồng Buôn Ea Kao")][0] == (
        "Gộp với nhu cầu của Buôn Kô Tam thành hoạt động 2"
    )
    assert (
        rows[("Thôn 1", "N3. Sửa chữa kênh mương nội đồng Thôn 1")][0] == f"Không đưa vào kế hoạch năm {year}"
    )
    assert rows[("Thôn 1", "N6. Xây nhà tiêu hợp vệ sinh cho hộ nghèo")][0] == "Đưa vào kế hoạch: hoạt động 4"
    assert "PHỤ LỤC: NHU CẦU CỦA CÁC THÔN, BUÔN VÀ KẾT QUẢ XEM XÉT" in pdf_text(pdf)


def test_truong_thi_docx_pdf_and_workbook_list_the_same_activities(client, truong_thi):
    core = lf.to_core(truong_thi)
    expected = [(str(a.number), a.title, None) for a in core.activities]
    ordered = sorted(expected, key=lambda e: int(e[0]))
    doc, pdf, wb = outputs(client, truong_thi)
    assert sorted(docx_activities(doc), key=lambda e: int(e[0])) == ordered
    assert sorted(b2_activities(wb), key=lambda e: int(e[0])) == ordered
    assert docx_activities(doc) == b2_activities(wb), "the same rows in the same order"
    text = pdf_text(pdf)
    assert all(f"{n} {t}" in text for n, t, _c in expected)
    # no activity has a cost: the document gives the plan's own total, the workbook the same
    assert docx_budget(doc) == {
        "Tổng kế hoạch ngân sách": 17_052_000_000,
        "Trong đó: thu ngân sách (ít nhất)": 1_563_000_000,
    }
    b1 = [[c.value for c in r] for r in wb["B1"].iter_rows()]
    assert {r[1]: r[4] for r in b1 if r[1] in docx_budget(doc)} == docx_budget(doc)
