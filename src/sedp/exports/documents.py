"""The adopted commune plan as an official document, .docx and .pdf, in the layout of Decree 30/2020/NĐ-CP.

Decree 30/2020/NĐ-CP on clerical work (công tác văn thư), Appendix I, sets how an administrative document looks;
what we follow, and where (docs/documents.md explains each choice):

- A4 paper; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (the decree allows 20–25 / 20–25 / 30–35 /
  15–20 mm; we take the lower bounds, the most text per page);
- Times New Roman (Unicode, TCVN 6909). The .docx names Times New Roman, which Word has and LibreOffice replaces by
  its metric twin Liberation Serif; the PDF embeds Liberation Serif (Debian's fonts-liberation2), so lines break
  where they would in Times New Roman. Body text 14 pt, tables 13 pt;
- page numbers at the top centre, from page 2 on (none on the first page);
- the two header blocks side by side: issuing body on the left (bold capitals, a short rule under it) with the
  number "Số: 15/KH-UBND" under it; the national title on the right ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold
  capitals; "Độc lập - Tự do - Hạnh phúc", bold, ruled under), with the place-and-date line in italics under it:
  "Trường Thi, ngày 05 tháng 02 năm 2010" — a zero before days under 10 and before months 1 and 2 only;
- the document type "KẾ HOẠCH" and its summary (trích yếu) centred in bold, a short rule under them;
- the signature block on the right ("TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / name), the recipients on the left
  ("Nơi nhận:" bold italic 12 pt, then "- ...;" in 11 pt, the last ending with a full stop).

The content comes from a `sedp.core.logframe.LogframePlan`: key targets, the logframe per sector (objectives;
results with indicators and budget source), the quarterly Gantt table, and the budget with amounts in figures
(17.052.000.000) and in words. Both renderers are pure functions of the plan: no Django, no files.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sedp.core.logframe import ROMAN_QUARTERS, GanttRow, LogframePlan, gantt_rows
from sedp.core.money import amount_in_words, format_vnd

__all__ = [
    "render_docx",
    "render_pdf",
    "render_html",
    "date_line",
    "number_line",
    "issuing_body_lines",
    "signer_lines",
    "budget_rows",
    "budget_amounts",
    "annex_rows",
    "me_rows",
    "basis_lines",
    "recipient_lines",
    "unit_kind",
]

# Decree 30/2020/NĐ-CP, Appendix I, section II.3 (millimetres).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
HEADER_LEFT_MM, HEADER_RIGHT_MM = 70, TEXT_WIDTH_MM - 70
FONT_DOCX = "Times New Roman"
FONT_PDF = "Liberation Serif"
LIBERATION2 = Path("/usr/share/fonts/truetype/liberation2")
BODY_PT, TABLE_PT = 14, 13


# --- Text shared by both renderers ----------------------------------------------------------------------------


# Printed above "KẾ HOẠCH" while the plan is not adopted: a draft handed out for comment is never signed as the plan.
DRAFT_MARK = "DỰ THẢO"


def issuing_body_lines(plan: LogframePlan) -> list[str]:
    """The issuing body in full capitals, as printed top left: ['ỦY BAN NHÂN DÂN', 'PHƯỜNG TRƯỜNG THI'].

    Decree 30 writes names in full: 'UBND' is spelt out.
    """
    body = plan.issuing_body.strip()
    for prefix in ("UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân "):
        if body.lower().startswith(prefix.lower()):
            return ["ỦY BAN NHÂN DÂN", body[len(prefix) :].upper()]
    # The Fatherland Front's committee (the minutes of a dialogue): its name, then its unit, as the Front writes.
    front = "Ủy ban Mặt trận Tổ quốc Việt Nam "
    if body.lower().startswith(front.lower()):
        return [front.strip().upper(), body[len(front) :].upper()]
    return [body.upper()]


def signer_authority(plan: LogframePlan) -> str:
    """'TM. ỦY BAN NHÂN DÂN': signing on behalf of the collective body, unless the plan says otherwise."""
    return plan.signer_authority or f"TM. {issuing_body_lines(plan)[0]}"


def signer_lines(plan: LogframePlan) -> list[str]:
    """The bold lines of the signature block above the signature: 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH',
    'PHÓ CHỦ TỊCH'. A title line repeating the authority line is printed once."""
    authority = signer_authority(plan)
    titles = [" ".join(line.split()) for line in plan.signer_title.splitlines() if line.strip()]
    return [authority, *[t for t in titles if t.upper() != authority.upper()]]


def number_line(plan: LogframePlan) -> str:
    """'Số: 15/KH-UBND'; a draft without a number leaves the blank the clerk fills in."""
    return f"Số: {plan.number or '\u00a0' * 6}/{plan.symbol}"


def vn_date(d: date) -> tuple[str, str, str]:
    """Day, month, year as Decree 30 writes them: a zero before days under 10 and before months 1 and 2."""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return day, month, str(d.year)


def date_line(plan: LogframePlan) -> str:
    """'Trường Thi, ngày 05 tháng 02 năm 2010' (blanks when the plan is not dated yet, the year too: a plan for
    2027 is signed in 2026, so the plan's year would be wrong on the line)."""
    if plan.date is None:
        blank = "\u00a0" * 4
        return f"{plan.place}, ngày{blank}tháng{blank}năm{blank}"
    day, month, year = vn_date(plan.date)
    return f"{plan.place}, ngày {day} tháng {month} năm {year}"


def unit_kind(plan: LogframePlan) -> str:
    """'tỉnh', 'huyện', 'thành phố', 'phường': the kind of the issuing unit, as its name is written."""
    name, place = plan.unit_name.strip(), plan.place.strip()
    if place and name.endswith(place) and len(name) > len(place):
        return name[: -len(place)].strip()
    return {"province": "tỉnh", "district": "huyện"}.get(plan.level, "xã")


def council_name(plan: LogframePlan) -> str:
    """'Hội đồng nhân dân tỉnh Đắk Lắk': the People's Council of the issuing unit, which approves its plan."""
    return f"Hội đồng nhân dân {plan.unit_name.strip()}"


def resolution_reference(plan: LogframePlan) -> str:
    """'Nghị quyết số 25/NQ-HĐND ngày 10 tháng 12 năm 2026 của Hội đồng nhân dân tỉnh Đắk Lắk' (a number typed
    alone gets the council's symbol '/NQ-HĐND')."""
    number = plan.resolution_number.strip()
    if number.isdigit():
        number = f"{number}/NQ-HĐND"
    text = f"Nghị quyết số {number}"
    if plan.resolution_date is not None:
        day, month, year = vn_date(plan.resolution_date)
        text += f" ngày {day} tháng {month} năm {year}"
    return f"{text} của {council_name(plan)}"


def basis_lines(plan: LogframePlan) -> list[str]:
    """The plan's legal basis, printed under its title once the People's Council has approved it:
    'Căn cứ Nghị quyết số 25/NQ-HĐND ngày 10 tháng 12 năm 2026 của Hội đồng nhân dân tỉnh Đắk Lắk;' and
    'Ủy ban nhân dân tỉnh ban hành Kế hoạch phát triển kinh tế - xã hội năm 2027 như sau:'. None before — except
    for a MOP-SEDP plan, which rests on the council's resolution: its draft prints the lines with the blanks."""
    if plan.resolution_number.strip():
        reference = resolution_reference(plan)
    elif plan.mode == "mop":  # a MOP-SEDP plan rests on the council's approval: its draft leaves the blanks
        blank = "\u00a0" * 4
        reference = (
            f"Nghị quyết số{blank * 2}/NQ-HĐND ngày{blank}tháng{blank}năm{blank} của {council_name(plan)}"
        )
    else:
        return []
    title = plan.title.strip()
    if not title.lower().startswith("kế hoạch"):
        title = "Kế hoạch " + title[:1].lower() + title[1:]
    else:
        title = "Kế hoạch" + title[len("kế hoạch") :]
    if issuing_body_lines(plan)[0] == "ỦY BAN NHÂN DÂN":
        body = f"Ủy ban nhân dân {unit_kind(plan)}"
    else:
        body = plan.issuing_body.strip()
    return [f"Căn cứ {reference};", f"{body} ban hành {title} như sau:"]


# The Party committee of each kind of unit, as the recipients write it ('Thường trực Tỉnh ủy').
PARTY_COMMITTEE = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy"}
PARTY_COMMITTEE["thị xã"] = "Thị ủy"


def recipient_lines(plan: LogframePlan) -> list[str]:
    """The recipients typed on the plan; for a province's or a district's plan with none typed, those its plan
    usually goes to: the ministries (a district's: the province), the Party committee, the People's Council, the
    departments (offices) and the units below, and the archive ('Lưu: VT', which Decree 30 requires)."""
    if plan.recipients or plan.level not in ("province", "district"):
        return list(plan.recipients)
    kind = unit_kind(plan)
    party = PARTY_COMMITTEE.get(kind, f"{kind.capitalize()} ủy")
    if plan.level == "province":
        legacy = plan.plan_year <= 2025  # before the two-tier reform: the Ministry of Planning and Investment
        return [
            "Bộ Kế hoạch và Đầu tư" if legacy else "Bộ Tài chính",
            f"Thường trực {party}",
            f"Thường trực HĐND {kind}",
            f"Chủ tịch, các Phó Chủ tịch UBND {kind}",
            "Các sở, ban, ngành",
            "UBND các huyện, thị xã, thành phố" if legacy else "UBND các xã, phường",
            "Lưu: VT",
        ]
    return [
        "UBND tỉnh (để báo cáo)",
        "Sở Kế hoạch và Đầu tư",
        f"Thường trực {party}",
        f"Thường trực HĐND {kind}",
        f"Các phòng, ban {kind}",
        "UBND các xã, phường, thị trấn",
        "Lưu: VT",
    ]


def _listed(items: list[str]) -> list[str]:
    """'- a;' ... '- z.' — the way official documents list items."""
    out = []
    for i, text in enumerate(items):
        text = text.rstrip(" .;")
        out.append(f"- {text}{'.' if i == len(items) - 1 else ';'}")
    return out


def _joined(numbers: list[str]) -> str:
    return numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " và " + numbers[-1]


def budget_amounts(plan: LogframePlan) -> list[tuple[str, str, int | None, bool]]:
    """(STT, label, amount, bold) rows of the budget: each funding source, then their sum (the total typed on the
    plan only when no activity has a cost, as in source 000's example), then the revenue. The document's table and
    the workbook's B1 both print these rows."""
    rows: list[tuple[str, str, int | None, bool]] = []
    for i, line in enumerate(plan.budget_lines, 1):
        rows.append(
            (str(i), f"{line.source} ({line.note})" if line.note else line.source, line.amount, False)
        )
    if plan.printed_total is not None:
        rows.append(("", "Tổng kế hoạch ngân sách", plan.printed_total, True))
    if plan.revenue is not None:
        rows.append(("", "Trong đó: thu ngân sách (ít nhất)", plan.revenue, False))
    return rows


def budget_rows(plan: LogframePlan) -> list[tuple[str, str, str, str, bool]]:
    """(STT, source, amount in figures, amount in words, bold) rows of the budget table."""
    return [
        (stt, label, "Chưa xác định", "", bold)
        if amount is None
        else (stt, label, format_vnd(amount, unit=""), amount_in_words(amount), bold)
        for stt, label, amount, bold in budget_amounts(plan)
    ]


def objective_lines(objective) -> list[str]:
    """An objective's indicators as printed under it: '- Chỉ số: Tỷ lệ hộ nghèo giảm còn 2,9% trong năm 2010;'."""
    return _listed([f"Chỉ số: {i.text()}" for i in objective.indicators])


def activity_note(row: GanttRow) -> str:
    """The second line of an activity's cell: its funding source and the people's contribution."""
    parts = []
    if row.funding_source:
        parts.append(f"Nguồn vốn: {row.funding_source}")
    if row.people_contribution:
        parts.append(f"Dân đóng góp: {row.people_contribution}")
    if row.business_contribution_value:
        parts.append(f"Doanh nghiệp đóng góp: {format_vnd(row.business_contribution_value, unit='')} đồng")
    return "; ".join(parts)


def annex_rows(plan: LogframePlan) -> list[tuple[str, str, str, str, str]]:
    """(STT, village, need, what became of it, why) rows of the annex on the villages' needs."""
    rows = []
    for n, f in enumerate(plan.needs_annex, start=1):
        need = f"{f.code}. {f.title}" if f.code else f.title
        rows.append((str(n), f.unit, need, f.detail or f.fate, f.reason))
    return rows


ANNEX_TITLE = "PHỤ LỤC: NHU CẦU CỦA CÁC THÔN, BUÔN VÀ KẾT QUẢ XEM XÉT"
ANNEX_INTRO = (
    "Mỗi nhu cầu các thôn, buôn gửi lên và việc xã đã quyết định: đưa vào kế hoạch, gộp với nhu cầu tương tự, "
    "hoãn sang năm sau, chuyển nguồn vốn khác hoặc không đưa vào kế hoạch, kèm lý do."
)


def annex_intro(plan: LogframePlan) -> str:
    """The annex's first sentence, naming who decided: the commune, or the province (district) above it."""
    if plan.level in ("province", "district"):
        return ANNEX_INTRO.replace("gửi lên và việc xã", f"gửi lên qua các xã và việc {unit_kind(plan)}")
    return ANNEX_INTRO


ANNEX_HEADER = ["STT", "Thôn, buôn", "Nhu cầu", "Kết quả xem xét", "Lý do"]
ANNEX_WIDTHS = [13.0, 24.0, 46.0, 42.0, 40.0]


def result_sources(plan: LogframePlan) -> str:
    """'Vay ngân hàng (kết quả 1, 2 và 4).' — the budget source named for each result, grouped by source."""
    by_source: dict[str, list[str]] = {}
    for r in plan.results:
        if r.budget_source:
            by_source.setdefault(r.budget_source, []).append(str(r.number))
    if not by_source:
        return ""
    parts = [f"{source} (kết quả {_joined(numbers)})" for source, numbers in by_source.items()]
    return "Nguồn ngân sách theo kết quả: " + "; ".join(parts) + "."


def _gantt_extras(rows: list[GanttRow]) -> bool:
    """Whether the Gantt table has a cost column (any activity has a cost)."""
    return any(r.cost is not None for r in rows if r.kind == "activity")


def _gantt_widths(has_cost: bool) -> list[float]:
    """STT, activity, quarters I–IV, [cost], responsible — adding up to the text width. The activity takes what the
    others leave (most of the width); the funding source and the people's contribution go on a second line in
    its cell. The cost column holds '17.052.000.000' on one line in 13 pt."""
    fixed = [11.0] + [7.5] * 4 + ([29.0] if has_cost else []) + [26.0]
    title = TEXT_WIDTH_MM - sum(fixed)
    return [fixed[0], title, *fixed[1:]]


SECTION_TITLES = (
    "I. CÁC CHỈ TIÊU CHỦ YẾU TRONG NĂM KẾ HOẠCH",
    "II. MỤC TIÊU, KẾT QUẢ VÀ CHỈ SỐ",
    "III. KẾ HOẠCH HOẠT ĐỘNG",
    "IV. KINH PHÍ THỰC HIỆN",
    "V. KẾ HOẠCH GIÁM SÁT, ĐÁNH GIÁ",
)

# The M&E plan's table (source 004, step 5): for each indicator who measures it, when, how, from what, for whom.
ME_HEADER = [
    "STT",
    "Chỉ số, chỉ tiêu",
    "Người đo, thu thập",
    "Thời gian, tần suất",
    "Phương pháp, phương tiện kiểm chứng",
    "Nguồn số liệu",
    "Người sử dụng, báo cáo",
]
ME_WIDTHS = [9.0, 42.0, 23.0, 21.0, 28.0, 21.0, 21.0]
ME_INTRO = (
    "Mỗi chỉ số của kế hoạch được theo dõi như sau: ai đo, thu thập số liệu; vào thời gian nào, bao lâu một lần; "
    "bằng phương pháp và phương tiện kiểm chứng nào; từ nguồn số liệu nào; ai sử dụng và báo cáo kết quả."
)


def me_rows(plan: LogframePlan) -> list[tuple[str, ...]]:
    """(STT, indicator, who, when, how, source, users) rows of the M&E plan's table."""
    return [
        (str(n), r.indicator, r.who, r.when, r.method, r.source, r.users)
        for n, r in enumerate(plan.me_plan, start=1)
    ]


# --- .docx --------------------------------------------------------------------------------------------------


def _font(run, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline


def _para(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    before: float = 0,
    after: float = 6,
    first_line_mm: float = 0,
    keep_with_next: bool = False,
):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if first_line_mm:
        fmt.first_line_indent = Mm(first_line_mm)
    if keep_with_next:
        fmt.keep_with_next = True
    if text:
        _font(p.add_run(text), size, bold=bold, italic=italic)
    return p


def _cell_para(cell, text: str = "", **kw):
    """Write into a cell: reuse its empty first paragraph, add further ones after it."""
    kw.setdefault("after", 0)
    kw.setdefault("size", TABLE_PT)
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.text and not first.runs:
        # Remove the empty paragraph python-docx creates and add a formatted one instead.
        first._element.getparent().remove(first._element)
    return _para(cell, text, **kw)


_PPR_AFTER_PBDR = tuple(
    f"w:{tag}"
    for tag in (
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
        "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split()
)


def _rule(container, width_mm: float, box_mm: float) -> None:
    """A centred horizontal line `width_mm` long (Decree 30's line under the body name and the motto)."""
    p = container.add_paragraph()
    side = max((box_mm - width_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(k), v)
    bdr.append(top)
    # WordprocessingML wants pPr children in schema order: the border goes before shading, spacing, indents...
    ppr.insert_element_before(bdr, *_PPR_AFTER_PBDR)


def _widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _cant_split(table) -> None:
    """No row of the table breaks across two pages (Word and LibreOffice move it whole to the next page)."""
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))


def _keep_with_next(rows) -> None:
    """The rows stay on the page of the row after them (header rows with the first body row, a group row with its
    first activity, a short table whole): Word and LibreOffice read keep-with-next on the rows' paragraphs."""
    for row in rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _cell_margins(table, mm: float) -> None:
    """Left and right padding of every cell (Word's default is 1,9 mm): narrow columns keep their figures whole."""
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(Mm(mm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice print the page number there."""

    def fld(kind: str):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = paragraph.add_run()
    _font(run, BODY_PT)
    run._r.append(fld("begin"))
    run = paragraph.add_run()
    _font(run, BODY_PT)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(fld("separate"))
    run = paragraph.add_run("2")
    _font(run, BODY_PT)
    run = paragraph.add_run()
    run._r.append(fld("end"))


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # Page numbers from page 2: an empty first-page header, the PAGE field in the others.
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(p)
    section.first_page_header.is_linked_to_previous = False
    section.first_page_header.paragraphs[0].text = ""

    normal = doc.styles["Normal"]
    normal.font.name = FONT_DOCX
    normal.font.size = Pt(BODY_PT)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT_DOCX)
    doc.core_properties.language = "vi-VN"


def _docx_header(doc, plan: LogframePlan, *, dated: bool = True) -> None:
    """The two header blocks; `dated=False` leaves out the place-and-date line (minutes state their time in the
    text, Decree 30's form for a biên bản)."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [HEADER_LEFT_MM, HEADER_RIGHT_MM])
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    if plan.superior_body:
        _cell_para(left, plan.superior_body.upper(), size=13, align=center)
    for line in issuing_body_lines(plan):
        _cell_para(left, line, size=13, bold=True, align=center)
    _rule(left, 22, HEADER_LEFT_MM)
    _cell_para(left, number_line(plan), size=13, align=center, before=4)

    _cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=center)
    _cell_para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=center)
    _rule(right, 56, HEADER_RIGHT_MM)
    if dated:
        _cell_para(right, date_line(plan), size=14, italic=True, align=center, before=4)


def _docx_title(doc, plan: LogframePlan) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    if plan.draft:
        _para(doc, DRAFT_MARK, bold=True, align=center, before=12, after=0)
    _para(doc, "KẾ HOẠCH", bold=True, align=center, before=18, after=0)
    _para(doc, plan.title, bold=True, align=center, after=0)
    if plan.subtitle:
        _para(doc, plan.subtitle, italic=True, align=center, after=0)
    _rule(doc, 40, TEXT_WIDTH_MM)
    _para(doc, "", after=6)


def _heading(doc, text: str) -> None:
    _para(doc, text, bold=True, before=6, keep_with_next=True, first_line_mm=10)


def _grid(doc, header: Iterable[str], widths: list[float]):
    table = doc.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_para(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    return table


def _docx_logframe(doc, plan: LogframePlan) -> None:
    _heading(doc, SECTION_TITLES[1])
    for s in plan.sectors:
        _para(
            doc,
            f"Lĩnh vực {s.number}. {s.name}",
            bold=True,
            italic=True,
            first_line_mm=10,
            keep_with_next=True,
        )
        _para(doc, "a) Mục tiêu", italic=True, first_line_mm=10, keep_with_next=True)
        for o in s.objectives:
            _para(doc, f"{o.number}. {o.text}", first_line_mm=10, keep_with_next=bool(o.indicators))
            for line in objective_lines(o):
                _para(doc, line, first_line_mm=15)
        _para(
            doc, "b) Kết quả, chỉ số và nguồn ngân sách", italic=True, first_line_mm=10, keep_with_next=True
        )
        widths = [70.0, 65.0, 30.0]
        table = _grid(doc, ["Các kết quả", "Các chỉ số", "Nguồn ngân sách"], widths)
        left, center = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
        for r in s.results:
            cells = table.add_row().cells
            _cell_para(cells[0], f"{r.number}. {r.output}", align=left)
            for line in r.indicator_lines() or [""]:
                _cell_para(cells[1], line, align=left)
            _cell_para(cells[2], r.budget_source, align=center)
            for c in cells:
                c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _widths(table, widths)
        _cant_split(table)
        _keep_with_next(table.rows[:1])
        _para(doc, "", after=6)


def _docx_gantt(doc, plan: LogframePlan) -> None:
    _heading(doc, SECTION_TITLES[2])
    rows = gantt_rows(plan)
    has_cost = _gantt_extras(rows)
    widths = _gantt_widths(has_cost)
    n = len(widths)
    table = doc.add_table(rows=2, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, 1.0)
    center, left, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    top, sub = table.rows[0].cells, table.rows[1].cells
    spanning = [(0, "STT"), (1, "Tên hoạt động")]
    spanning += ([(6, "Kinh phí (đồng)")] if has_cost else []) + [(n - 1, "Trách nhiệm")]
    for col, text in spanning:
        merged = top[col].merge(sub[col])
        _cell_para(merged, text, bold=True, align=center)
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    quarters = top[2].merge(top[5])
    _cell_para(quarters, "Quý", bold=True, align=center)
    sub = table.rows[1].cells
    for q in range(4):
        _cell_para(sub[2 + q], ROMAN_QUARTERS[q + 1], bold=True, align=center)
    _repeat_header(table.rows[0])
    _repeat_header(table.rows[1])
    for row in rows:
        cells = table.add_row().cells
        if row.kind != "activity":
            merged = cells[0].merge(cells[-1])
            _cell_para(merged, row.label, bold=True, italic=row.kind != "sector", align=left)
            continue
        _cell_para(cells[0], row.number, align=center)
        _cell_para(cells[1], row.label, align=left)
        note = activity_note(row)
        if note:
            _cell_para(cells[1], note, size=TABLE_PT - 2, italic=True, align=left)
        for q, mark in enumerate(row.cells):
            _cell_para(cells[2 + q], mark, align=center)
        if has_cost:
            _cell_para(cells[6], "" if row.cost is None else format_vnd(row.cost, unit=""), align=right)
        _cell_para(cells[-1], row.responsible, align=center)
        for c in cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if has_cost:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[5])
        _cell_para(merged, "Tổng cộng", bold=True, align=left)
        total = sum(r.cost or 0 for r in rows if r.kind == "activity")
        _cell_para(cells[6], format_vnd(total, unit=""), bold=True, align=right)
    _widths(table, widths)
    _cant_split(table)
    _keep_with_next(table.rows[:2])
    _keep_with_next(r for r, g in zip(table.rows[2:], rows, strict=False) if g.kind != "activity")
    _para(doc, "", after=6)


def _docx_budget(doc, plan: LogframePlan) -> None:
    _heading(doc, SECTION_TITLES[3])
    widths = [13.0, 54.0, 38.0, 60.0]
    table = _grid(doc, ["STT", "Nguồn vốn", "Số tiền (đồng)", "Bằng chữ"], widths)
    center, left, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    for stt, label, figures, words, bold in budget_rows(plan):
        cells = table.add_row().cells
        _cell_para(cells[0], stt, align=center)
        _cell_para(cells[1], label, bold=bold, align=left)
        _cell_para(cells[2], figures, bold=bold, align=right)
        _cell_para(cells[3], words, italic=True, align=left)
        for c in cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _widths(table, widths)
    _cant_split(table)
    _keep_with_next(table.rows[:-1])  # a short table: whole on one page
    sources = result_sources(plan)
    if sources:
        _para(doc, sources, first_line_mm=10, before=6, keep_with_next=True)


def _docx_me_plan(doc, plan: LogframePlan) -> None:
    rows = me_rows(plan)
    if not rows:
        return
    _heading(doc, SECTION_TITLES[4])
    _para(doc, ME_INTRO, first_line_mm=10, keep_with_next=True)
    table = _grid(doc, ME_HEADER, ME_WIDTHS)
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            _cell_para(cells[i], text, size=11, align=center if i == 0 else left)
    for cell in table.rows[0].cells:
        for p in cell.paragraphs:
            for run in p.runs:
                run.font.size = Pt(11)
    _widths(table, ME_WIDTHS)
    _cant_split(table)
    _keep_with_next(table.rows[:1])


def _docx_extra_annexes(doc, plan: LogframePlan) -> None:
    for annex in plan.annexes:
        p = _para(doc, annex.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
        p.paragraph_format.page_break_before = True
        _para(doc, f"(Kèm theo Kế hoạch {plan.title})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
        if annex.intro:
            _para(doc, annex.intro, first_line_mm=10)
        if not annex.header:
            continue
        widths = list(annex.widths) or [TEXT_WIDTH_MM / len(annex.header)] * len(annex.header)
        table = _grid(doc, annex.header, widths)
        for row in annex.rows:
            cells = table.add_row().cells
            for i, text in enumerate(row):
                _cell_para(cells[i], text, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        _widths(table, widths)
        _cant_split(table)
        _keep_with_next(table.rows[:1])


def _docx_signature(doc, plan: LogframePlan) -> None:
    _para(doc, "", after=0, keep_with_next=True)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [80.0, 85.0])
    left, right = table.rows[0].cells
    _cell_para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in _listed(recipient_lines(plan)):
        _cell_para(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for line in signer_lines(plan):
        _cell_para(right, line, size=14, bold=True, align=center)
    for _ in range(4):
        _cell_para(right, "", size=14, align=center)
    _cell_para(right, plan.signer_name, size=14, bold=True, align=center)
    _cant_split(table)


def _docx_annex(doc, plan: LogframePlan) -> None:
    rows = annex_rows(plan)
    if not rows:
        return
    p = _para(doc, ANNEX_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
    p.paragraph_format.page_break_before = True
    _para(doc, f"(Kèm theo Kế hoạch {plan.title})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _para(doc, annex_intro(plan), first_line_mm=10)
    table = _grid(doc, ANNEX_HEADER, ANNEX_WIDTHS)
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            _cell_para(cells[i], text, size=12, align=center if i == 0 else left)
    _widths(table, ANNEX_WIDTHS)
    _cant_split(table)
    _keep_with_next(table.rows[:1])


def render_docx(plan: LogframePlan) -> bytes:
    """The plan as a Word document (A4, Decree 30 layout). Returns the .docx bytes."""
    doc = Document()
    _setup(doc)
    # Document() starts with one empty paragraph; drop it so the header table is the first thing on the page.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _docx_header(doc, plan)
    _docx_title(doc, plan)
    for line in basis_lines(plan):
        _para(doc, line, first_line_mm=10)
    _heading(doc, SECTION_TITLES[0])
    for line in _listed([k.text for k in plan.key_targets]):
        _para(doc, line, first_line_mm=10)
    _docx_logframe(doc, plan)
    _docx_gantt(doc, plan)
    _docx_budget(doc, plan)
    _docx_me_plan(doc, plan)
    _docx_signature(doc, plan)
    _docx_annex(doc, plan)
    _docx_extra_annexes(doc, plan)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- .pdf (WeasyPrint) --------------------------------------------------------------------------------------


def _font_faces() -> str:
    """Embed Debian's Liberation Serif 2 by file when it is there; otherwise fontconfig picks the family."""
    faces = []
    for style, weight, name in (
        ("normal", 400, "Regular"),
        ("normal", 700, "Bold"),
        ("italic", 400, "Italic"),
        ("italic", 700, "BoldItalic"),
    ):
        path = LIBERATION2 / f"LiberationSerif-{name}.ttf"
        if path.exists():
            faces.append(
                f'@font-face {{ font-family: "{FONT_PDF}"; src: url("{path.as_uri()}"); '
                f"font-style: {style}; font-weight: {weight}; }}"
            )
    return "\n".join(faces)


CSS = f"""
@page {{
  size: A4;
  margin: {MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm;
  @top-center {{ content: counter(page); font-family: "{FONT_PDF}", serif; font-size: {BODY_PT}pt;
                 vertical-align: middle; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: "{FONT_PDF}", "Times New Roman", serif; font-size: {BODY_PT}pt; line-height: 1.2; }}
body {{ margin: 0; }}
p {{ margin: 0 0 6pt 0; text-align: justify; }}
p.ind {{ text-indent: 10mm; }}
p.ind2 {{ text-indent: 15mm; }}
p.keep {{ break-after: avoid; }}
.note {{ font-size: {TABLE_PT - 2}pt; font-style: italic; }}
p.annex {{ break-before: page; margin-top: 0; }}
table.annex {{ font-size: 12pt; }}
div.figure {{ margin: 6pt 0; }}
div.figure svg {{ width: 100%; height: auto; }}
table.me {{ font-size: 11pt; }}
h2 {{ font-size: {BODY_PT}pt; font-weight: bold; margin: 6pt 0 6pt 0; text-indent: 10mm;
      break-after: avoid; }}
h3 {{ font-size: {BODY_PT}pt; font-weight: bold; font-style: italic; margin: 0 0 6pt 0; text-indent: 10mm;
      break-after: avoid; }}
p.sub {{ font-style: italic; text-indent: 10mm; break-after: avoid; }}
table.head, table.sign {{ width: 100%; border-collapse: collapse; }}
table.head td, table.sign td {{ vertical-align: top; text-align: center; padding: 0; }}
.body-name {{ font-size: 13pt; font-weight: bold; }}
.superior {{ font-size: 13pt; }}
.number {{ font-size: 13pt; margin-top: 4pt; }}
.nation {{ font-size: 12pt; font-weight: bold; white-space: nowrap; }}
.motto {{ font-size: 13pt; font-weight: bold; }}
.dateline {{ font-size: 14pt; font-style: italic; margin-top: 4pt; }}
.rule {{ border-top: 0.75pt solid black; margin: 1pt auto 2pt auto; height: 0; }}
.title {{ text-align: center; font-weight: bold; margin: 18pt 0 0 0; }}
.title.draft {{ margin-top: 12pt; letter-spacing: 2pt; }}
.subtitle {{ text-align: center; font-style: italic; margin: 0; }}
table.grid {{ width: 100%; border-collapse: collapse; font-size: {TABLE_PT}pt; margin-bottom: 8pt; }}
table.grid th, table.grid td {{ border: 0.75pt solid black; padding: 2pt 3pt; vertical-align: middle; }}
table.grid th {{ font-weight: bold; text-align: center; }}
table.grid thead {{ display: table-header-group; }}
table.grid tr {{ break-inside: avoid; }}
table.grid tr.keep {{ break-after: avoid; }}
table.grid.whole {{ break-inside: avoid; }}
td.c {{ text-align: center; }}
td.r {{ text-align: right; white-space: nowrap; }}
td.group {{ font-weight: bold; font-style: italic; }}
td.sector {{ font-weight: bold; }}
td.words {{ font-style: italic; }}
tr.total td {{ font-weight: bold; }}
tr.total td.words {{ font-weight: normal; }}
table.sign {{ margin-top: 12pt; break-inside: avoid; }}
table.sign td.recipients {{ text-align: left; }}
.recipients .label {{ font-size: 12pt; font-weight: bold; font-style: italic; }}
.recipients .item {{ font-size: 11pt; }}
.authority {{ font-size: 14pt; font-weight: bold; }}
.signer {{ font-size: 14pt; font-weight: bold; margin-top: 64pt; }}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cols(widths: list[float]) -> str:
    return "<colgroup>" + "".join(f'<col style="width:{w}mm">' for w in widths) + "</colgroup>"


def html_header(plan: LogframePlan, *, dated: bool = True) -> str:
    """The two header blocks as HTML (`dated=False`: without the place-and-date line, as in minutes)."""
    left = f'<div class="superior">{_e(plan.superior_body.upper())}</div>' if plan.superior_body else ""
    left += "".join(f'<div class="body-name">{_e(line)}</div>' for line in issuing_body_lines(plan))
    left += '<div class="rule" style="width:22mm"></div>'
    left += f'<div class="number">{_e(number_line(plan))}</div>'
    right = '<div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>'
    right += '<div class="motto">Độc lập - Tự do - Hạnh phúc</div>'
    right += '<div class="rule" style="width:56mm"></div>'
    if dated:
        right += f'<div class="dateline">{_e(date_line(plan))}</div>'
    return (
        f'<table class="head">{_cols([HEADER_LEFT_MM, HEADER_RIGHT_MM])}<tr><td>{left}</td><td>{right}</td></tr>'
        "</table>"
    )


def _html_signature(plan: LogframePlan) -> str:
    """The recipients on the left, the signature block on the right."""
    recipients = "".join(f'<div class="item">{_e(line)}</div>' for line in _listed(recipient_lines(plan)))
    authority = "".join(f'<div class="authority">{_e(line)}</div>' for line in signer_lines(plan))
    return (
        f'<table class="sign">{_cols([80, 85])}<tr>'
        f'<td class="recipients"><div class="label">Nơi nhận:</div>{recipients}</td>'
        f'<td>{authority}<div class="signer">{_e(plan.signer_name)}</div></td></tr></table>'
    )


def _html_page(title: str, body: str, css: str = "") -> str:
    """A whole HTML document in the Decree 30 page layout (fonts, margins, page numbers from page 2)."""
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_font_faces()}\n{CSS}\n{css}</style></head><body>{body}</body></html>"
    )


def render_html(plan: LogframePlan) -> str:
    """The HTML WeasyPrint lays out: the same blocks, in the same order, as the .docx."""
    parts: list[str] = []
    add = parts.append
    add(html_header(plan))
    if plan.draft:
        add(f'<p class="title draft">{DRAFT_MARK}</p>')
    add('<p class="title">KẾ HOẠCH</p>')
    add(f'<p class="title" style="margin-top:0">{_e(plan.title)}</p>')
    if plan.subtitle:
        add(f'<p class="subtitle">{_e(plan.subtitle)}</p>')
    add('<div class="rule" style="width:40mm; margin-bottom:12pt"></div>')
    for line in basis_lines(plan):
        add(f'<p class="ind">{_e(line)}</p>')

    add(f"<h2>{_e(SECTION_TITLES[0])}</h2>")
    for line in _listed([k.text for k in plan.key_targets]):
        add(f'<p class="ind">{_e(line)}</p>')

    add(f"<h2>{_e(SECTION_TITLES[1])}</h2>")
    for s in plan.sectors:
        add(f"<h3>Lĩnh vực {_e(s.number)}. {_e(s.name)}</h3>")
        add('<p class="sub">a) Mục tiêu</p>')
        for o in s.objectives:
            add(f'<p class="ind{" keep" if o.indicators else ""}">{_e(o.number)}. {_e(o.text)}</p>')
            for line in objective_lines(o):
                add(f'<p class="ind2">{_e(line)}</p>')
        add('<p class="sub">b) Kết quả, chỉ số và nguồn ngân sách</p>')
        add(f'<table class="grid">{_cols([70, 65, 30])}')
        add("<thead><tr><th>Các kết quả</th><th>Các chỉ số</th><th>Nguồn ngân sách</th></tr></thead><tbody>")
        for r in s.results:
            indicators = "<br>".join(_e(line) for line in r.indicator_lines())
            add(
                f"<tr><td>{_e(r.number)}. {_e(r.output)}</td><td>{indicators}</td>"
                f'<td class="c">{_e(r.budget_source)}</td></tr>'
            )
        add("</tbody></table>")

    add(f"<h2>{_e(SECTION_TITLES[2])}</h2>")
    rows = gantt_rows(plan)
    has_cost = _gantt_extras(rows)
    widths = _gantt_widths(has_cost)
    add(f'<table class="grid gantt">{_cols(widths)}<thead><tr>')
    add('<th rowspan="2">STT</th><th rowspan="2">Tên hoạt động</th><th colspan="4">Quý</th>')
    if has_cost:
        add('<th rowspan="2">Kinh phí (đồng)</th>')
    add('<th rowspan="2">Trách nhiệm</th></tr><tr>')
    add("".join(f"<th>{ROMAN_QUARTERS[q]}</th>" for q in (1, 2, 3, 4)))
    add("</tr></thead><tbody>")
    for row in rows:
        if row.kind != "activity":
            kind = "sector" if row.kind == "sector" else "group"
            add(f'<tr class="keep"><td colspan="{len(widths)}" class="{kind}">')
            add(f"{_e(row.label)}</td></tr>")
            continue
        note = activity_note(row)
        title = _e(row.label) + (f'<div class="note">{_e(note)}</div>' if note else "")
        cells = [f'<td class="c">{_e(row.number)}</td>', f"<td>{title}</td>"]
        cells += [f'<td class="c">{mark}</td>' for mark in row.cells]
        if has_cost:
            cells.append(f'<td class="r">{"" if row.cost is None else format_vnd(row.cost, unit="")}</td>')
        cells.append(f'<td class="c">{_e(row.responsible)}</td>')
        add("<tr>" + "".join(cells) + "</tr>")
    if has_cost:
        total = sum(r.cost or 0 for r in rows if r.kind == "activity")
        add(
            f'<tr class="total"><td colspan="6">Tổng cộng</td><td class="r">{format_vnd(total, unit="")}</td>'
            "<td></td></tr>"
        )
    add("</tbody></table>")

    add(f"<h2>{_e(SECTION_TITLES[3])}</h2>")
    add(f'<table class="grid whole">{_cols([13, 54, 38, 60])}')
    add(
        "<thead><tr><th>STT</th><th>Nguồn vốn</th><th>Số tiền (đồng)</th><th>Bằng chữ</th></tr></thead><tbody>"
    )
    for stt, label, figures, words, bold in budget_rows(plan):
        add(
            f'<tr{" class=total" if bold else ""}><td class="c">{_e(stt)}</td><td>{_e(label)}</td>'
            f'<td class="r">{_e(figures)}</td><td class="words">{_e(words)}</td></tr>'
        )
    add("</tbody></table>")
    sources = result_sources(plan)
    if sources:
        add(f'<p class="ind keep">{_e(sources)}</p>')

    me = me_rows(plan)
    if me:
        add(f"<h2>{_e(SECTION_TITLES[4])}</h2>")
        add(f'<p class="ind keep">{_e(ME_INTRO)}</p>')
        add(f'<table class="grid me">{_cols(ME_WIDTHS)}<thead><tr>')
        add("".join(f"<th>{_e(h)}</th>" for h in ME_HEADER) + "</tr></thead><tbody>")
        for row in me:
            add(
                f'<tr><td class="c">{_e(row[0])}</td>'
                + "".join(f"<td>{_e(t)}</td>" for t in row[1:])
                + "</tr>"
            )
        add("</tbody></table>")

    add(_html_signature(plan))
    annex = annex_rows(plan)
    if annex:
        add(f'<p class="title annex">{_e(ANNEX_TITLE)}</p>')
        add(f'<p class="subtitle">(Kèm theo Kế hoạch {_e(plan.title)})</p>')
        add(f'<p class="ind" style="margin-top:6pt">{_e(annex_intro(plan))}</p>')
        add(f'<table class="grid annex">{_cols(ANNEX_WIDTHS)}<thead><tr>')
        add("".join(f"<th>{_e(h)}</th>" for h in ANNEX_HEADER) + "</tr></thead><tbody>")
        for row in annex:
            add(
                f'<tr><td class="c">{_e(row[0])}</td>'
                + "".join(f"<td>{_e(t)}</td>" for t in row[1:])
                + "</tr>"
            )
        add("</tbody></table>")
    for extra in plan.annexes:
        add(f'<p class="title annex">{_e(extra.title)}</p>')
        add(f'<p class="subtitle">(Kèm theo Kế hoạch {_e(plan.title)})</p>')
        if extra.intro:
            add(f'<p class="ind" style="margin-top:6pt">{_e(extra.intro)}</p>')
        if extra.figure_svg:
            add(f'<div class="figure">{extra.figure_svg}</div>')
        if extra.header:
            widths = list(extra.widths) or [TEXT_WIDTH_MM / len(extra.header)] * len(extra.header)
            add(f'<table class="grid annex">{_cols(widths)}<thead><tr>')
            add("".join(f"<th>{_e(h)}</th>" for h in extra.header) + "</tr></thead><tbody>")
            for row in extra.rows:
                add("<tr>" + "".join(f"<td>{_e(t)}</td>" for t in row) + "</tr>")
            add("</tbody></table>")
    return _html_page(f"Kế hoạch {plan.title} - {plan.issuing_body}", "".join(parts))


def render_pdf(plan: LogframePlan) -> bytes:
    """The plan as PDF through WeasyPrint (A4, Decree 30 margins, Liberation Serif, page numbers from page 2)."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, which the .docx path does not need

    return HTML(string=render_html(plan), base_url=None).write_pdf()
