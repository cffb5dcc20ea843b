"""The plan documents read back: the .docx through python-docx, the PDF through pypdf.

Pure functions of `sedp.demo.truong_thi_2010.PLAN`; no database, nothing to mark. Run alone with
`pytest src/sedp/exports -p no:django`.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from docx.shared import Mm, Pt
from pypdf import PdfReader

from sedp.core.money import amount_in_words
from sedp.demo.truong_thi_2010 import PLAN
from sedp.exports.documents import date_line, number_line, render_docx, render_pdf

TOTAL_WORDS = "Mười bảy tỷ không trăm năm mươi hai triệu đồng"
REVENUE_WORDS = "Một tỷ năm trăm sáu mươi ba triệu đồng"
QUARTER_COLUMNS = {1: 2, 2: 3, 3: 4, 4: 5}


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def docx():
    return Document(io.BytesIO(render_docx(PLAN)))


@pytest.fixture(scope="module")
def docx_text(docx) -> str:
    """Every paragraph of the body, tables included, one per line."""
    lines = [p.text for p in docx.paragraphs]

    def walk(tables):
        for t in tables:
            for row in t.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell comes back once per grid column
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(docx.tables)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def pdf():
    return PdfReader(io.BytesIO(render_pdf(PLAN)))


@pytest.fixture(scope="module")
def pdf_text(pdf) -> str:
    return _norm(" ".join(page.extract_text() for page in pdf.pages))


def _gantt(docx):
    return next(t for t in docx.tables if t.cell(0, 0).text == "STT" and t.cell(0, 1).text == "Tên hoạt động")


# --- Text helpers -------------------------------------------------------------------------------------------


def test_date_line_follows_decree_30():
    assert date_line(PLAN) == "Trường Thi, ngày 05 tháng 02 năm 2010"
    # A zero before days under 10 and months 1 and 2 only.
    assert date_line(replace(PLAN, date=date(2026, 3, 9))) == "Trường Thi, ngày 09 tháng 3 năm 2026"
    assert date_line(replace(PLAN, date=date(2026, 12, 15))) == "Trường Thi, ngày 15 tháng 12 năm 2026"
    assert date_line(replace(PLAN, date=None)).startswith("Trường Thi, ngày")


def test_an_undated_plan_leaves_the_whole_date_to_be_written_by_hand():
    # A plan for 2027 is signed in 2026 (the commune adopts next year's plan in the autumn): printing the plan's
    # year on the blank line made every undated document carry a year the official had to strike out.
    line = date_line(replace(PLAN, date=None, plan_year=2027))
    blank = "\u00a0" * 4
    assert line == f"Trường Thi, ngày{blank}tháng{blank}năm{blank}"
    assert "2027" not in line


def test_number_line():
    assert number_line(PLAN) == "Số: 15/KH-UBND"
    assert re.fullmatch(r"Số: \s+/KH-UBND", number_line(replace(PLAN, number="")))


# --- .docx --------------------------------------------------------------------------------------------------


def test_docx_page_is_a4_with_decree_30_margins(docx):
    (section,) = docx.sections
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) - Mm(0.1) <= section.top_margin <= Mm(25) + Mm(0.1)
    assert Mm(20) - Mm(0.1) <= section.bottom_margin <= Mm(25) + Mm(0.1)
    assert Mm(30) - Mm(0.1) <= section.left_margin <= Mm(35) + Mm(0.1)
    assert Mm(15) - Mm(0.1) <= section.right_margin <= Mm(20) + Mm(0.1)


def test_docx_font_is_times_new_roman_14(docx):
    normal = docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)


def test_docx_page_number_from_page_two(docx):
    (section,) = docx.sections
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    first = section.first_page_header._element.xml
    assert "PAGE" not in first and not "".join(p.text for p in section.first_page_header.paragraphs).strip()


def test_docx_header_blocks_side_by_side(docx):
    head = docx.tables[0]
    assert len(head.rows) == 1 and len(head.columns) == 2
    left, right = (c.text for c in head.rows[0].cells)
    assert left.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG TRƯỜNG THI"]
    assert re.search(r"^Số: \d+/KH-UBND$", left, re.M)
    assert right.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right.split("\n")[-1] == "Trường Thi, ngày 05 tháng 02 năm 2010"
    # Borderless: every border of the header table is switched off.
    xml = head._tbl.xml
    assert 'w:val="nil"' in xml and "w:tblBorders" in xml


def test_docx_title(docx):
    texts = [p.text for p in docx.paragraphs]
    i = texts.index("KẾ HOẠCH")
    assert texts[i + 1 : i + 3] == [
        "Phát triển kinh tế - văn hóa - xã hội năm 2010",
        "(Lĩnh vực phát triển kinh tế và cơ sở hạ tầng)",
    ]
    assert docx.paragraphs[i].runs[0].bold


def test_docx_key_targets_objectives_and_results(docx_text):
    for kt in PLAN.key_targets:
        assert kt.text in docx_text
    for o in PLAN.sectors[0].objectives:
        assert f"{o.number}. {o.text}" in docx_text
    for r in PLAN.results:
        assert f"{r.number}. {r.output}" in docx_text
        assert r.indicator_text in docx_text
    assert docx_text.count("Vay ngân hàng") >= 3


def test_docx_gantt_has_all_19_activities_with_marks_and_responsible(docx):
    table = _gantt(docx)
    assert [c.text for c in table.rows[1].cells[2:6]] == ["I", "II", "III", "IV"]
    rows = {}
    for row in table.rows[2:]:
        cells = row.cells
        if cells[0].text.isdigit():
            rows[int(cells[0].text)] = row
    assert sorted(rows) == list(range(1, 20))
    for a in PLAN.activities:
        cells = rows[a.number].cells
        assert cells[1].text == a.title
        assert {q for q, col in QUARTER_COLUMNS.items() if cells[col].text == "x"} == a.quarters
        assert cells[-1].text == a.responsible
    groups = [row.cells[0].text for row in table.rows if row.cells[0].text.startswith("Hoạt động cho")]
    assert groups == [f"Hoạt động cho kết quả {n}" for n in (1, 2, 3, 4)]
    assert {rows[n].cells[-1].text for n in rows} == {"UBND", "BCH Đoàn phường", "Hội nông dân"}


def test_docx_budget_in_figures_and_words(docx):
    table = next(t for t in docx.tables if t.cell(0, 1).text == "Nguồn vốn")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert ["", "Tổng kế hoạch ngân sách", "17.052.000.000", TOTAL_WORDS] in rows
    assert ["", "Trong đó: thu ngân sách (ít nhất)", "1.563.000.000", REVENUE_WORDS] in rows
    assert amount_in_words(17_052_000_000) == TOTAL_WORDS


def test_docx_signature_and_recipients(docx):
    sign = docx.tables[-1]
    left, right = (c.text for c in sign.rows[0].cells)
    assert left.startswith("Nơi nhận:\n- UBND thành phố Nam Định;")
    assert left.endswith("- Lưu: VT.")
    assert right.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    assert right.endswith("Nguyễn Văn A")


# --- PDF ----------------------------------------------------------------------------------------------------


def test_pdf_is_a4(pdf):
    for page in pdf.pages:
        width_mm = float(page.mediabox.width) / 72 * 25.4
        height_mm = float(page.mediabox.height) / 72 * 25.4
        assert abs(width_mm - 210) < 0.5 and abs(height_mm - 297) < 0.5


def test_pdf_embeds_liberation_serif(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all(f.split("+")[-1].startswith("Liberation-Serif") for f in fonts), fonts


def test_pdf_contains_the_blocks(pdf_text):
    for block in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG TRƯỜNG THI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/KH-UBND",
        "Trường Thi, ngày 05 tháng 02 năm 2010",
        "KẾ HOẠCH",
        "17.052.000.000",
        "1.563.000.000",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn A",
    ):
        assert block in pdf_text, block
    # Amounts in words may break over lines inside their cell: compare without spaces.
    squeezed = pdf_text.replace(" ", "")
    assert TOTAL_WORDS.replace(" ", "") in squeezed and REVENUE_WORDS.replace(" ", "") in squeezed
    for kt in PLAN.key_targets:
        assert _norm(kt.text) in pdf_text
    for o in PLAN.sectors[0].objectives:
        assert o.text in pdf_text
    for r in PLAN.results:
        assert r.output in pdf_text and r.indicator_text in pdf_text
    for a in PLAN.activities:
        assert a.title in pdf_text, a.number
    for body in ("UBND", "BCH Đoàn phường", "Hội nông dân"):
        assert body in pdf_text


def _top_margin_text(page) -> str:
    """Text drawn in the top margin (above 20 mm from the top edge): where the page number goes."""
    height = float(page.mediabox.height)
    found: list[str] = []

    def visit(text, cm, tm, font_dict, font_size):
        y = cm[5] + tm[5] * cm[3] if cm else tm[5]
        if text.strip() and y > height - 20 / 25.4 * 72:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def test_pdf_page_numbers_from_page_two(pdf):
    assert len(pdf.pages) >= 2
    assert _top_margin_text(pdf.pages[0]) == ""
    for n, page in enumerate(pdf.pages[1:], 2):
        assert _top_margin_text(page) == str(n)


def test_a_deputy_signs_on_two_title_lines():
    plan = replace(PLAN, signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", signer_name="Trần Thị B")
    right = Document(io.BytesIO(render_docx(plan))).tables[-1].rows[0].cells[1].text
    assert right.startswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n")
    text = _norm(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(plan))).pages))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Trần Thị B" in text


def test_a_plan_not_yet_adopted_says_draft_above_its_title_and_an_adopted_one_does_not():
    from dataclasses import replace

    draft = Document(io.BytesIO(render_docx(replace(PLAN, draft=True))))
    texts = [p.text for p in draft.paragraphs]
    assert texts[texts.index("KẾ HOẠCH") - 1] == "DỰ THẢO"
    pdf_text = _norm(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(replace(PLAN, draft=True)))).pages)
    )
    assert pdf_text.index("DỰ THẢO") < pdf_text.index("KẾ HOẠCH Phát triển")
    assert "DỰ THẢO" not in [p.text for p in Document(io.BytesIO(render_docx(PLAN))).paragraphs]


@pytest.mark.django_db
def test_the_document_of_a_draft_commune_plan_is_marked_draft(units, commune_planner):
    from django.utils import timezone

    from sedp.core.calendar import planning_year
    from sedp.demo.ea_kao_plan import make_ea_kao_plan
    from sedp.plans.logframe.actions import to_core
    from sedp.plans.models import Plan

    plan = make_ea_kao_plan(units.ea_kao, planning_year(timezone.localdate()), actor=commune_planner)
    assert to_core(plan).draft
    assert not to_core(Plan.objects.get(unit=units.truong_thi, kind="commune_annual")).draft
