"""A plan's evaluation at 6 months or at year end as an official report (BÁO CÁO), .docx and .pdf, in the layout of
Decree 30/2020/NĐ-CP that `documents.py` sets for the plan itself — its header blocks, signature block, fonts,
margins and page numbers are reused from there, not copied.

What the report says, in order:

- the header (issuing body and "Số: …/BC-UBND", the national title and the place-and-date line, left blank for
  the clerk: a report is dated when it is signed), "BÁO CÁO" and its summary: "Đánh giá tình hình thực hiện kế
  hoạch phát triển kinh tế - xã hội 6 tháng đầu năm 2027" (year end: "… năm 2027");
- an opening sentence citing the plan, and where the figures come from (which approved report; at the province,
  how many communes reported);
- I. the written evaluation: progress, quality, difficulties and their causes, impact on people's lives;
- II. the indicators: baseline, same period last year, target, actual, % achieved, change on last year and the
  assessment; the indicators in each band; the men/women split of those counting people; in the PDF the page's
  two charts (the same SVG), in the .docx a table of the bands instead;
- III. the activities: counts by status, and the list (a commune) or a row per commune (a province, district);
- the recipients and the chairman's signature block.

`document_of` reads an evaluation (`sedp.monitoring.evaluation.tables.Evaluation`) into an `EvaluationDocument` of
plain strings; `render_docx` and `render_pdf` are pure functions of that. The report is Vietnamese whatever the
reader's language.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from sedp.core.evaluation import ActivityStatus, Band, format_percent
from sedp.core.logframe import ROMAN_QUARTERS, LogframePlan
from sedp.core.money import group_digits

from .documents import (
    TABLE_PT,
    TEXT_WIDTH_MM,
    _cant_split,
    _cell_margins,
    _cell_para,
    _cols,
    _docx_header,
    _docx_signature,
    _e,
    _grid,
    _heading,
    _html_page,
    _html_signature,
    _keep_with_next,
    _para,
    _repeat_header,
    _rule,
    _setup,
    _widths,
    html_header,
    unit_kind,
    vn_date,
)

__all__ = [
    "ActivityLine",
    "CommuneLine",
    "EvaluationDocument",
    "IndicatorLine",
    "document_of",
    "render_docx",
    "render_html",
    "render_pdf",
    "title",
]

SYMBOL = "BC-UBND"  # ký hiệu of a People's Committee's report
SECTIONS = (
    "I. ĐÁNH GIÁ CHUNG TÌNH HÌNH THỰC HIỆN KẾ HOẠCH",
    "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
    "III. TÌNH HÌNH THỰC HIỆN CÁC HOẠT ĐỘNG",
)
NARRATIVE = (
    ("progress", "Tiến độ thực hiện"),
    ("quality", "Chất lượng"),
    ("difficulties", "Khó khăn, vướng mắc và nguyên nhân"),
    ("impact", "Tác động đến đời sống người dân"),
)
EMPTY_SECTION = "(Chưa có nội dung đánh giá.)"
INDICATOR_WIDTHS = [9.0, 43.0, 13.0, 16.0, 16.0, 16.0, 14.0, 16.0, 22.0]
ACTIVITY_WIDTHS = [10.0, 78.0, 22.0, 20.0, 35.0]
COMMUNE_WIDTHS = [10.0, 38.0, 32.0, 17.0, 17.0, 17.0, 17.0, 17.0]
SHARE_WIDTHS = [70.0, 30.0, 30.0]
SMALL_PT = 12  # the wide tables (9 columns) print at 12 pt


# --- What the report says ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorLine:
    """A row of section II, as printed."""

    number: str
    name: str
    baseline: str
    last_year: str
    target: str
    actual: str
    percent: str
    change: str
    assessment: str
    notes: tuple[str, ...] = ()  # under the name: "2 trên 3 xã báo cáo"
    actual_note: str = ""  # under the actual: "(39/300)"
    change_note: str = ""  # under the change: "tốt hơn" / "kém hơn"


@dataclass(frozen=True)
class ActivityLine:
    number: str
    title: str
    quarters: str
    progress: str
    status: str


@dataclass(frozen=True)
class CommuneLine:
    number: str
    name: str
    report: str
    on_track: str
    at_risk: str
    off_track: str
    done: str
    late: str


@dataclass(frozen=True)
class EvaluationDocument:
    header: LogframePlan  # issuing body, number, date line, signer and recipients (documents.py's helpers read it)
    title: str
    intro: str
    sources: tuple[str, ...]
    narrative: tuple[tuple[str, str], ...]  # (heading, text)
    period: str  # "6 tháng" / "cả năm" (column headings)
    year: int
    indicators: tuple[IndicatorLine, ...]
    shares: tuple[tuple[str, str, str], ...]  # (band, count, share)
    shares_sentence: str
    people: tuple[str, ...]
    activity_sentence: str
    activities: tuple[ActivityLine, ...] = ()
    communes: tuple[CommuneLine, ...] | None = None  # a province's or district's report: a row per commune
    charts: tuple[str, ...] = ()  # the page's SVG charts, for the PDF


def figure(x) -> str:
    """A figure as Vietnamese documents print it: thousands grouped with '.', decimals after ',', at most two,
    trailing zeros dropped (1350 → '1.350', 12.5 → '12,5'); '-' when missing."""
    if x is None:
        return "-"
    f = Fraction(x)
    d = (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    whole, _, decimals = f"{abs(d):f}".partition(".")
    decimals = decimals.rstrip("0")
    text = group_digits(int(whole)) + ("," + decimals if decimals else "")
    return ("-" if d < 0 else "") + text


def period_words(months: int, year: int) -> str:
    """'6 tháng đầu năm 2027' / 'năm 2027'."""
    return f"6 tháng đầu năm {year}" if months == 6 else f"năm {year}"


def title(months: int, year: int) -> str:
    """The report's summary (trích yếu), printed under "BÁO CÁO"."""
    return f"Đánh giá tình hình thực hiện kế hoạch phát triển kinh tế - xã hội {period_words(months, year)}"


def report_label(report) -> str:
    """'quý II/2027', 'tháng 6/2027'."""
    if report.period_kind == "quarter":
        return f"quý {ROMAN_QUARTERS.get(report.period, report.period)}/{report.year}"
    return f"tháng {report.period}/{report.year}"


def band_words(band: Band, months: int) -> str:
    """A band as the report words it: on schedule at 6 months, reached (or not) at year end."""
    if months == 6:
        return {
            Band.ON_TRACK: "đúng tiến độ",
            Band.AT_RISK: "có nguy cơ không đạt",
            Band.OFF_TRACK: "chậm tiến độ",
            Band.NOT_REPORTED: "chưa báo cáo",
        }[band]
    return {
        Band.ON_TRACK: "đạt kế hoạch",
        Band.AT_RISK: "gần đạt kế hoạch",
        Band.OFF_TRACK: "không đạt kế hoạch",
        Band.NOT_REPORTED: "chưa báo cáo",
    }[band]


def assessment(ev, months: int) -> str:
    """The assessment column: 'Đúng tiến độ', 'Vượt kế hoạch', 'Chậm tiến độ', 'Duy trì được'…"""
    if ev.direction == "maintain" and ev.band != Band.NOT_REPORTED:
        words = {Band.ON_TRACK: "duy trì được", Band.AT_RISK: "có nguy cơ không duy trì được"}
        text = words.get(ev.band, "không duy trì được")
    elif months == 12 and ev.band == Band.ON_TRACK and ev.achieved is not None and ev.achieved > 1:
        text = "vượt kế hoạch"
    else:
        text = band_words(ev.band, months)
    return text[:1].upper() + text[1:]


def _change(ev) -> tuple[str, str]:
    """('tăng 1,5' / 'giảm 0,6' / 'không đổi', 'tốt hơn' / 'kém hơn' / '')."""
    if ev.change is None:
        return "-", ""
    if ev.change == 0:
        return "không đổi", ""
    words = ("tăng " if ev.change > 0 else "giảm ") + figure(abs(ev.change))
    note = {True: "tốt hơn", False: "kém hơn"}.get(ev.improved, "")
    return words, note


def _recipients(unit, level: str) -> tuple[str, ...]:
    """Who a report of `unit` goes to: the level above (to report), the Party committee and the People's Council
    of the unit, and the archive."""
    kind = unit_kind_of(unit)
    parent = unit.parent
    if level == "province":
        ministry = "Bộ Kế hoạch và Đầu tư" if unit.is_legacy else "Bộ Tài chính"
        return (
            f"{ministry} (để báo cáo)",
            "Thường trực Tỉnh ủy" if kind == "tỉnh" else "Thường trực Thành ủy",
            f"Thường trực HĐND {kind}",
            f"Chủ tịch, các Phó Chủ tịch UBND {kind}",
            "Các sở, ban, ngành",
            "Lưu: VT",
        )
    above = (
        f"UBND {parent.name[:1].lower()}{parent.name[1:]} (để báo cáo)" if parent else "Cấp trên (để báo cáo)"
    )
    if level == "district":
        return (
            above,
            "Sở Kế hoạch và Đầu tư",
            f"Thường trực {kind.capitalize()} ủy",
            f"Thường trực HĐND {kind}",
            "Lưu: VT",
        )
    office = "Phòng Tài chính - Kế hoạch" if unit.is_legacy else "Sở Tài chính"
    return (above, office, f"Thường trực Đảng ủy {kind}", f"Thường trực HĐND {kind}", "Lưu: VT")


def unit_kind_of(unit) -> str:
    """'xã', 'phường', 'tỉnh'… as the unit's name writes it ('Xã Ea Kao' → 'xã')."""
    from sedp.plans.logframe.actions import unit_names

    unit_name, issuing_body, place = unit_names(unit)
    kind = unit_kind(LogframePlan(unit_name, issuing_body, 0, "", place, level=unit.level))
    return kind or "xã"


def header_of(plan) -> LogframePlan:
    """What `documents.py`'s header and signature blocks read: the unit's People's Committee, a blank number and
    date, the chairman signing for the committee (the plan's signer's name when the chairman signed it)."""
    from sedp.plans.logframe.actions import unit_names

    unit_name, issuing_body, place = unit_names(plan.unit)
    signer = plan.signer_name if plan.signer_authority in ("", "TM") else ""
    return LogframePlan(
        unit_name=unit_name,
        issuing_body=issuing_body,
        plan_year=plan.year_from,
        title="",
        place=place,
        symbol=SYMBOL,
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        signer_name=signer,
        recipients=_recipients(plan.unit, plan.unit.level),
        level=plan.unit.level,
    )


def _plan_reference(plan, year: int) -> str:
    """'Kế hoạch số 15/KH-UBND ngày 05 tháng 02 năm 2027 của Ủy ban nhân dân xã Ea Kao về phát triển kinh tế - xã
    hội năm 2027' (without a number: 'Kế hoạch phát triển kinh tế - xã hội năm 2027 của xã Ea Kao')."""
    from sedp.plans.logframe.actions import summary_title, unit_names

    unit_name = unit_names(plan.unit)[0]
    subject = summary_title(plan.title, plan.year_from)
    subject = subject[:1].lower() + subject[1:]
    if plan.doc_number:
        text = f"Kế hoạch số {plan.doc_number}/KH-UBND"
        if plan.doc_date:
            day, month, y = vn_date(plan.doc_date)
            text += f" ngày {day} tháng {month} năm {y}"
        return f"{text} của Ủy ban nhân dân {unit_name} về {subject}"
    return f"Kế hoạch {subject} của {unit_name}"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def document_of(ev, *, charts: bool = True) -> EvaluationDocument:
    """The report of an evaluation (`tables.Evaluation`, commune or upper level), as strings."""
    plan, months, year = ev.plan, ev.months, ev.year
    header = header_of(plan)
    kind = unit_kind_of(plan.unit)
    upper = ev.upper
    lower = "xã, phường" if not plan.unit.is_legacy else "xã, phường, thị trấn"
    body = f"Ủy ban nhân dân {kind}"
    if upper:
        intro = (
            f"Thực hiện {_plan_reference(plan, year)}, trên cơ sở báo cáo của các {lower}, {body} báo cáo đánh "
            f"giá tình hình thực hiện {period_words(months, year)} như sau:"
        )
    else:
        intro = (
            f"Thực hiện {_plan_reference(plan, year)}, {body} báo cáo đánh giá tình hình thực hiện "
            f"{period_words(months, year)} như sau:"
        )

    sources: list[str] = []
    if upper:
        n, total = ev.communes_reporting, len(ev.communes)
        sources.append(
            f"Số liệu thực hiện được tổng hợp từ báo cáo tiến độ đã được phê duyệt của {n} trên {total} {lower}; "
            "các tỷ lệ (%) được tính từ tổng tử số và tổng mẫu số của các xã, không lấy bình quân các tỷ lệ."
        )
    elif ev.report is not None:
        sources.append(
            f"Số liệu thực hiện lấy từ báo cáo tiến độ {report_label(ev.report)} đã được phê duyệt."
        )
    else:
        sources.append(
            "Chưa có báo cáo tiến độ được phê duyệt trong kỳ: các chỉ tiêu được ghi là chưa báo cáo."
        )
    if not upper:
        if ev.last_report is not None:
            sources.append(f"Số liệu cùng kỳ năm trước lấy từ báo cáo {report_label(ev.last_report)}.")
        else:
            sources.append("Không có số liệu cùng kỳ năm trước.")

    narrative = tuple(
        (heading, getattr(ev.narrative, key, "") if ev.narrative is not None else "")
        for key, heading in NARRATIVE
    )

    lines = []
    people = []
    for i, row in enumerate(ev.indicators, start=1):
        e = row.ev
        change, change_note = _change(e)
        notes = []
        if row.rolled is not None:
            notes.append(f"{row.rolled.reporting} trên {row.rolled.total} xã báo cáo")
        lines.append(
            IndicatorLine(
                number=str(i),
                name=f"{e.name} ({e.unit})" if e.unit else e.name,
                baseline=figure(e.baseline),
                last_year=figure(e.last_year),
                target=figure(e.target),
                actual=figure(e.actual),
                percent=format_percent(e.achieved) if e.achieved is not None else "-",
                change=change,
                assessment=assessment(e, months),
                notes=tuple(notes),
                actual_note=f"({figure(row.from_ratio[0])}/{figure(row.from_ratio[1])})"
                if row.from_ratio
                else "",
                change_note=change_note,
            )
        )
        split = row.split
        if split is not None and split.total is not None:
            sentence = split.sentence("vi")
            if split.men is not None:
                sentence += f", nam {group_digits(split.men)}"
            people.append(f"- {e.name}: {sentence}.")

    count = len(ev.indicators)
    shares = tuple(
        (band_words(b, months)[:1].upper() + band_words(b, months)[1:], str(n), format_percent(share))
        for b, (n, share) in ev.shares.items()
    )
    kept = [
        f"{n} chỉ tiêu {band_words(b, months)} ({format_percent(s)})" for b, (n, s) in ev.shares.items() if n
    ]
    shares_sentence = (
        f"Trong tổng số {count} chỉ tiêu: " + "; ".join(kept) + "."
        if count
        else "Kế hoạch không có chỉ tiêu."
    )

    counts = ev.activity_counts
    n_activities = sum(counts.values())
    statuses = (
        ActivityStatus.DONE,
        ActivityStatus.ON_SCHEDULE,
        ActivityStatus.LATE,
        ActivityStatus.NOT_STARTED,
    )
    parts = "; ".join(f"{s.label('vi').lower()} {counts.get(s, 0)}" for s in statuses)
    whose = f"Các {lower} có tổng số" if upper else "Tổng số"
    activity_sentence = (
        f"{whose} {n_activities} hoạt động: {parts}." if n_activities else "Không có hoạt động."
    )

    activities = tuple(
        ActivityLine(
            number=str(r.activity.number or i),
            title=r.activity.title,
            quarters=", ".join(ROMAN_QUARTERS[q] for q in sorted(r.activity.quarters)),
            progress=format_percent(r.progress.progress) if r.progress.progress is not None else "-",
            status=r.progress.status.label("vi")
            + (f" ({r.progress.days_late} ngày)" if r.progress.days_late else ""),
        )
        for i, r in enumerate(ev.activities, start=1)
    )
    communes = None
    if upper:
        communes = tuple(
            CommuneLine(
                number=str(i),
                name=c.unit.name + (f" ({c.district.name})" if c.district else ""),
                report=(
                    report_label(c.report)
                    if c.report is not None
                    else ("Chưa có kế hoạch" if c.plan is None else "Chưa báo cáo")
                ),
                on_track=str(c.bands.get(Band.ON_TRACK, 0)),
                at_risk=str(c.bands.get(Band.AT_RISK, 0)),
                off_track=str(c.bands.get(Band.OFF_TRACK, 0)),
                done=str(c.activities.get(ActivityStatus.DONE, 0)),
                late=str(c.activities.get(ActivityStatus.LATE, 0)),
            )
            for i, c in enumerate(ev.communes, start=1)
        )
    svg: tuple[str, ...] = ()
    if charts and ev.indicators:
        from sedp.monitoring.evaluation.charts import svgs

        svg = svgs(ev, "vi", labels={b: label for b, (label, _n, _s) in zip(ev.shares, shares, strict=True)})
    return EvaluationDocument(
        header=header,
        title=title(months, year),
        intro=intro,
        sources=tuple(sources),
        narrative=narrative,
        period="6 tháng" if months == 6 else "cả năm",
        year=year,
        indicators=tuple(lines),
        shares=shares,
        shares_sentence=shares_sentence,
        people=tuple(people),
        activity_sentence=activity_sentence,
        activities=activities,
        communes=communes,
        charts=svg,
    )


def indicator_header(doc: EvaluationDocument) -> list[str]:
    return [
        "STT",
        "Chỉ tiêu",
        "Năm gốc",
        "Cùng kỳ năm trước",
        f"Kế hoạch năm {doc.year}",
        f"Thực hiện {doc.period}",
        "% đạt kế hoạch",
        "So với cùng kỳ",
        "Đánh giá",
    ]


# --- .docx ---------------------------------------------------------------------------------------------------

CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT


def _docx_title(d, doc: EvaluationDocument) -> None:
    _para(d, "BÁO CÁO", bold=True, align=CENTER, before=18, after=0)
    _para(d, doc.title, bold=True, align=CENTER, after=0)
    _rule(d, 40, TEXT_WIDTH_MM)
    _para(d, "", after=6)


def _small_grid(d, header: list[str], widths: list[float], size: float = SMALL_PT):
    table = _grid(d, header, widths)
    for cell in table.rows[0].cells:
        for p in cell.paragraphs:
            for run in p.runs:
                run.font.size = _pt(size)
    _cell_margins(table, 1.0)
    return table


def _pt(size: float):
    from docx.shared import Pt

    return Pt(size)


def _finish(table, widths: list[float]) -> None:
    for row in table.rows[1:]:
        for c in row.cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _widths(table, widths)
    _cant_split(table)
    _keep_with_next(table.rows[:1])


def _docx_indicators(d, doc: EvaluationDocument) -> None:
    table = _small_grid(d, indicator_header(doc), INDICATOR_WIDTHS)
    size = SMALL_PT
    for line in doc.indicators:
        cells = table.add_row().cells
        _cell_para(cells[0], line.number, size=size, align=CENTER)
        _cell_para(cells[1], line.name, size=size, align=LEFT)
        for note in line.notes:
            _cell_para(cells[1], note, size=size - 1, italic=True, align=LEFT)
        for i, text in ((2, line.baseline), (3, line.last_year), (4, line.target)):
            _cell_para(cells[i], text, size=size, align=RIGHT)
        _cell_para(cells[5], line.actual, size=size, align=RIGHT)
        if line.actual_note:
            _cell_para(cells[5], line.actual_note, size=size - 1, italic=True, align=RIGHT)
        _cell_para(cells[6], line.percent, size=size, align=RIGHT)
        _cell_para(cells[7], line.change, size=size, align=CENTER)
        if line.change_note:
            _cell_para(cells[7], line.change_note, size=size - 1, italic=True, align=CENTER)
        _cell_para(cells[8], line.assessment, size=size, align=CENTER)
    _finish(table, INDICATOR_WIDTHS)


def _docx_shares(d, doc: EvaluationDocument) -> None:
    table = _grid(d, ["Mức độ thực hiện", "Số chỉ tiêu", "Tỷ lệ"], SHARE_WIDTHS)
    for label, count, share in doc.shares:
        cells = table.add_row().cells
        _cell_para(cells[0], label, align=LEFT)
        _cell_para(cells[1], count, align=CENTER)
        _cell_para(cells[2], share, align=CENTER)
    _finish(table, SHARE_WIDTHS)
    _keep_with_next(table.rows[:-1])


def _docx_activities(d, doc: EvaluationDocument) -> None:
    header = ["STT", "Hoạt động", "Thời gian (quý)", "Tiến độ", "Tình trạng"]
    table = _small_grid(d, header, ACTIVITY_WIDTHS, TABLE_PT)
    for a in doc.activities:
        cells = table.add_row().cells
        _cell_para(cells[0], a.number, align=CENTER)
        _cell_para(cells[1], a.title, align=LEFT)
        _cell_para(cells[2], a.quarters, align=CENTER)
        _cell_para(cells[3], a.progress, align=RIGHT)
        _cell_para(cells[4], a.status, align=CENTER)
    _finish(table, ACTIVITY_WIDTHS)


def _docx_communes(d, doc: EvaluationDocument) -> None:
    table = d.add_table(rows=2, cols=len(COMMUNE_WIDTHS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, 1.0)
    top, sub = table.rows[0].cells, table.rows[1].cells
    for col, text in ((0, "STT"), (1, "Xã, phường"), (2, "Báo cáo sử dụng")):
        merged = top[col].merge(sub[col])
        _cell_para(merged, text, size=SMALL_PT, bold=True, align=CENTER)
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _cell_para(top[3].merge(top[5]), "Chỉ tiêu", size=SMALL_PT, bold=True, align=CENTER)
    _cell_para(top[6].merge(top[7]), "Hoạt động", size=SMALL_PT, bold=True, align=CENTER)
    sub = table.rows[1].cells
    for col, text in enumerate(("Đúng tiến độ", "Có nguy cơ", "Chậm", "Hoàn thành", "Chậm"), start=3):
        _cell_para(sub[col], text, size=SMALL_PT, bold=True, align=CENTER)
    _repeat_header(table.rows[0])
    _repeat_header(table.rows[1])
    for c in doc.communes or ():
        cells = table.add_row().cells
        _cell_para(cells[0], c.number, size=SMALL_PT, align=CENTER)
        _cell_para(cells[1], c.name, size=SMALL_PT, align=LEFT)
        _cell_para(cells[2], c.report, size=SMALL_PT, align=CENTER)
        for col, text in enumerate((c.on_track, c.at_risk, c.off_track, c.done, c.late), start=3):
            _cell_para(cells[col], text, size=SMALL_PT, align=CENTER)
    _finish(table, COMMUNE_WIDTHS)
    _keep_with_next(table.rows[:2])


def render_docx(doc: EvaluationDocument) -> bytes:
    """The report as a Word document (A4, Decree 30 layout)."""
    d = Document()
    _setup(d)
    body = d.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _docx_header(d, doc.header)
    _docx_title(d, doc)
    _para(d, doc.intro, first_line_mm=10)
    for line in doc.sources:
        _para(d, line, italic=True, first_line_mm=10)

    _heading(d, SECTIONS[0])
    for n, (heading, text) in enumerate(doc.narrative, start=1):
        _para(d, f"{n}. {heading}", bold=True, first_line_mm=10, keep_with_next=True)
        paragraphs = _paragraphs(text)
        for line in paragraphs:
            _para(d, line, first_line_mm=10)
        if not paragraphs:
            _para(d, EMPTY_SECTION, italic=True, first_line_mm=10)

    _heading(d, SECTIONS[1])
    if doc.indicators:
        _docx_indicators(d, doc)
        _para(d, "", after=0)
    _para(d, doc.shares_sentence, first_line_mm=10, keep_with_next=bool(doc.indicators))
    if doc.indicators:
        _docx_shares(d, doc)
        _para(d, "", after=0)
    if doc.people:
        _para(d, "Các chỉ tiêu tính theo số người, phân theo giới:", first_line_mm=10, keep_with_next=True)
        for line in doc.people:
            _para(d, line, first_line_mm=10)

    _heading(d, SECTIONS[2])
    _para(d, doc.activity_sentence, first_line_mm=10, keep_with_next=bool(doc.activities or doc.communes))
    if doc.communes is not None:
        if doc.communes:
            _docx_communes(d, doc)
    elif doc.activities:
        _docx_activities(d, doc)
    _docx_signature(d, doc.header)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --- .pdf (WeasyPrint) ---------------------------------------------------------------------------------------

EXTRA_CSS = f"""
p.b {{ font-weight: bold; break-after: avoid; }}
p.i {{ font-style: italic; }}
table.grid.small {{ font-size: {SMALL_PT}pt; }}
table.grid.small th, table.grid.small td {{ padding: 2pt 2pt; }}
td.num {{ text-align: right; }}
.sub-note {{ font-size: {SMALL_PT - 1}pt; font-style: italic; }}
div.chart {{ break-inside: avoid; margin: 4pt 0 10pt 0; text-align: center; }}
div.chart p.caption {{ text-align: center; font-style: italic; font-size: {TABLE_PT}pt; margin: 0 0 4pt 0; }}
"""

CHART_CAPTIONS = (
    "Biểu đồ 1. Tỷ lệ đạt kế hoạch của từng chỉ tiêu (đường nét đứt: 100 % kế hoạch; đường xanh: mức cần đạt "
    "đến thời điểm báo cáo)",
    "Biểu đồ 2. Số chỉ tiêu theo mức độ thực hiện",
)


def _sized(svg: str, width_mm: float) -> str:
    """The page's chart at a fixed printed width (the page's own is as wide as the screen allows)."""
    return re.sub(r' width="\d+(\.\d+)?" height="\d+(\.\d+)?"', f' width="{width_mm}mm"', svg, count=1)


def _html_indicators(doc: EvaluationDocument) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in indicator_header(doc))
    rows = []
    for line in doc.indicators:
        name = _e(line.name) + "".join(f'<div class="sub-note">{_e(n)}</div>' for n in line.notes)
        actual = _e(line.actual) + (
            f'<div class="sub-note">{_e(line.actual_note)}</div>' if line.actual_note else ""
        )
        change = _e(line.change) + (
            f'<div class="sub-note">{_e(line.change_note)}</div>' if line.change_note else ""
        )
        rows.append(
            f'<tr><td class="c">{_e(line.number)}</td><td>{name}</td><td class="num">{_e(line.baseline)}</td>'
            f'<td class="num">{_e(line.last_year)}</td><td class="num">{_e(line.target)}</td>'
            f'<td class="num">{actual}</td><td class="num">{_e(line.percent)}</td><td class="c">{change}</td>'
            f'<td class="c">{_e(line.assessment)}</td></tr>'
        )
    return (
        f'<table class="grid small">{_cols(INDICATOR_WIDTHS)}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _html_activities(doc: EvaluationDocument) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("STT", "Hoạt động", "Thời gian (quý)", "Tiến độ", "Tình trạng"))
    rows = "".join(
        f'<tr><td class="c">{_e(a.number)}</td><td>{_e(a.title)}</td><td class="c">{_e(a.quarters)}</td>'
        f'<td class="num">{_e(a.progress)}</td><td class="c">{_e(a.status)}</td></tr>'
        for a in doc.activities
    )
    return f'<table class="grid">{_cols(ACTIVITY_WIDTHS)}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _html_communes(doc: EvaluationDocument) -> str:
    head = (
        '<tr><th rowspan="2">STT</th><th rowspan="2">Xã, phường</th><th rowspan="2">Báo cáo sử dụng</th>'
        '<th colspan="3">Chỉ tiêu</th><th colspan="2">Hoạt động</th></tr>'
        "<tr><th>Đúng tiến độ</th><th>Có nguy cơ</th><th>Chậm</th><th>Hoàn thành</th><th>Chậm</th></tr>"
    )
    rows = "".join(
        f'<tr><td class="c">{_e(c.number)}</td><td>{_e(c.name)}</td><td class="c">{_e(c.report)}</td>'
        + "".join(f'<td class="c">{_e(x)}</td>' for x in (c.on_track, c.at_risk, c.off_track, c.done, c.late))
        + "</tr>"
        for c in doc.communes or ()
    )
    return (
        f'<table class="grid small">{_cols(COMMUNE_WIDTHS)}<thead>{head}</thead><tbody>{rows}</tbody></table>'
    )


def render_html(doc: EvaluationDocument) -> str:
    """The HTML WeasyPrint lays out: the blocks of the .docx, with the charts."""
    parts: list[str] = []
    add = parts.append
    add(html_header(doc.header))
    add('<p class="title">BÁO CÁO</p>')
    add(f'<p class="title" style="margin-top:0">{_e(doc.title)}</p>')
    add('<div class="rule" style="width:40mm; margin-bottom:12pt"></div>')
    add(f'<p class="ind">{_e(doc.intro)}</p>')
    for line in doc.sources:
        add(f'<p class="ind i">{_e(line)}</p>')

    add(f"<h2>{_e(SECTIONS[0])}</h2>")
    for n, (heading, text) in enumerate(doc.narrative, start=1):
        add(f'<p class="ind b">{n}. {_e(heading)}</p>')
        paragraphs = _paragraphs(text)
        for line in paragraphs:
            add(f'<p class="ind">{_e(line)}</p>')
        if not paragraphs:
            add(f'<p class="ind i">{_e(EMPTY_SECTION)}</p>')

    add(f"<h2>{_e(SECTIONS[1])}</h2>")
    if doc.indicators:
        add(_html_indicators(doc))
    add(f'<p class="ind">{_e(doc.shares_sentence)}</p>')
    if doc.people:
        add('<p class="ind keep">Các chỉ tiêu tính theo số người, phân theo giới:</p>')
        for line in doc.people:
            add(f'<p class="ind">{_e(line)}</p>')
    for caption, svg in zip(CHART_CAPTIONS, doc.charts, strict=False):
        add(f'<div class="chart"><p class="caption">{_e(caption)}</p>{_sized(svg, 140)}</div>')

    add(f"<h2>{_e(SECTIONS[2])}</h2>")
    add(f'<p class="ind">{_e(doc.activity_sentence)}</p>')
    if doc.communes is not None:
        if doc.communes:
            add(_html_communes(doc))
    elif doc.activities:
        add(_html_activities(doc))
    add(_html_signature(doc.header))
    return _html_page(f"Báo cáo {doc.title} - {doc.header.issuing_body}", "".join(parts), EXTRA_CSS)


def render_pdf(doc: EvaluationDocument) -> bytes:
    """The report as PDF through WeasyPrint (A4, Decree 30 margins, Liberation Serif, page numbers from page 2)."""
    from weasyprint import HTML

    return HTML(string=render_html(doc), base_url=None).write_pdf()
