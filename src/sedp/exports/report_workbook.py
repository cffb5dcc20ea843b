"""A unit's progress report (issue 12 §2, bulk entry) as an .xlsx template to fill offline, and that workbook read
back into the report.

The workbook is always in Vietnamese (it is handed to a commune official, whatever language the page is in) and
holds four sheets: "Hướng dẫn" (how to fill it, the report's unit, period, due date and id), "Công trình" (a row
per work and funding source: a work paid from two sources has two rows, its name, progress and difficulties
merged over them), "Chỉ tiêu" (a row per indicator; a percentage is typed as its numerator and denominator) and
"Khó khăn" (the report's own difficulties). It is written filled with what the report already holds, so the file
uploaded replaces the report's figures with its own. Only the pale-yellow cells can be typed in: the sheets are
protected (no password) and the hidden key columns tie each row to its report line, funding source or indicator.

Reading is all or nothing, like the web form: every wrong cell is named by sheet, row and column, and a file with
any error saves nothing. The figures go through the monitoring actions (`save_report_line`,
`save_indicator_value`, `save_report_difficulties`), so the permissions, the lock, the audit and the rule that
nothing is settled beyond what was disbursed apply as on the page.
"""

from __future__ import annotations

import io
import math
import re
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange

from sedp.core import reporting
from sedp.core.money import format_vnd
from sedp.exports import guard
from sedp.exports.commune_forms import DATE, MONEY, _cell_style
from sedp.exports.village_forms import BOLD, BOX
from sedp.meetings.fields import parse_vnd
from sedp.monitoring import actions
from sedp.monitoring.models import IndicatorValue, Report, ReportLine

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_GUIDE = "Hướng dẫn"
SHEET_WORKS = "Công trình"
SHEET_INDICATORS = "Chỉ tiêu"
SHEET_DIFFICULTIES = "Khó khăn"
REPORT_ID_LABEL = "Mã báo cáo (không sửa):"
DEFINED_NAME = "SEDP_MA_BAO_CAO"
TOTAL = "Tổng cộng"
HEADER_ROW = 6
DIFFICULTIES_ROW = 5  # the "Khó khăn" sheet's one input cell, A5

MAX_BYTES = 5 * 1024 * 1024  # an upload larger than this is refused before it is opened
MAX_UNPACKED = 60 * 1024 * 1024  # what the zip may unpack to (a "zip bomb" is refused)
MAX_ROWS = 3000  # rows read under a sheet's header
MAX_ERRORS = 50  # errors listed; the rest are counted
MAX_NUMBER = Decimal(10) ** 14  # IndicatorValue keeps 16 digits, 2 of them decimals
MAX_AMOUNT = 10**15

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # pale yellow: type here
BLOCKED_FILL = PatternFill("solid", fgColor="D9D9D9")  # grey: nothing to type for this row
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: int


WORK_COLUMNS = [
    Col("number", "TT", 5),
    Col("work", "Công trình, hoạt động", 40),
    Col("source", "Nguồn vốn", 26),
    Col("planned", "Kế hoạch vốn (đồng)", 17),
    Col("disbursed", "Giải ngân đến cuối kỳ (đồng)", 18),
    Col("settled", "Quyết toán đến cuối kỳ (đồng)", 18),
    Col("progress", "Tiến độ thực hiện (%)", 11),
    Col("difficulties", "Khó khăn, vướng mắc của công trình", 40),
    Col("line", "Mã dòng (không sửa)", 9),
    Col("funding", "Mã nguồn (không sửa)", 9),
]
INDICATOR_COLUMNS = [
    Col("number", "TT", 5),
    Col("name", "Chỉ tiêu", 44),
    Col("unit", "Đơn vị tính", 10),
    Col("target", "Kế hoạch năm", 12),
    Col("value", "Giá trị thực hiện", 14),
    Col("numerator", "Tử số (với chỉ tiêu %)", 13),
    Col("denominator", "Mẫu số (với chỉ tiêu %)", 13),
    Col("men", "Nam", 10),
    Col("women", "Nữ", 10),
    Col("item", "Mã (không sửa)", 9),
]


def _col(columns: list[Col], key: str) -> int:
    return next(i for i, c in enumerate(columns, start=1) if c.key == key)


W = {c.key: _col(WORK_COLUMNS, c.key) for c in WORK_COLUMNS}
W_WIDTH = {c.key: c.width for c in WORK_COLUMNS}
I = {c.key: _col(INDICATOR_COLUMNS, c.key) for c in INDICATOR_COLUMNS}  # noqa: E741


def is_ratio(indicator) -> bool:
    """A percentage indicator, typed as its numerator and denominator (as on the report page)."""
    return (indicator.unit or "").strip() == "%"


# --- writing -------------------------------------------------------------------------------------------------------


def _input_style(wb: Workbook, kind: str) -> str:
    """The named style of a cell to type in: unlocked, pale yellow, bordered, with the number format of `kind`."""
    name = f"sedp-input-{kind}"
    if name not in wb.named_styles:
        style = NamedStyle(name=name, border=BOX, fill=INPUT_FILL, protection=Protection(locked=False))
        style.alignment = Alignment(wrap_text=kind == "text", vertical="top")
        style.number_format = {"money": MONEY, "int": "0"}.get(kind, "General")
        wb.add_named_style(style)
    return name


def _fixed_style(wb: Workbook, kind: str) -> str:
    """A locked cell: the project's table cell styles, plus a grey one for a cell with nothing to type."""
    if kind in ("blocked", "key", "header"):
        name = f"sedp-{kind}"
        if name not in wb.named_styles:
            style = NamedStyle(name=name, border=BOX)
            if kind == "blocked":
                style.fill = BLOCKED_FILL
            elif kind == "key":
                style.font = Font(color="808080", size=9)
            else:
                style.font, style.fill = BOLD, HEADER_FILL
                style.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            wb.add_named_style(style)
        return name
    return _cell_style(wb, kind, False)


def _text(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))


def _put(ws, row: int, col: int, value, style: str):
    """Write a cell. Text is always stored as text: a work named "=1+1" or "@x" is never a formula (the cell is a
    string cell, and quote-prefixed so that Excel keeps it text when the official edits it)."""
    cell = ws.cell(row=row, column=col)
    cell.style = style
    if isinstance(value, str):
        text = _text(value)
        cell.value = text or None
        if text:
            cell.data_type = "s"
            if text[0] in "=+-@":
                cell.quotePrefix = True
    else:
        cell.value = _number(value)
    return cell


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _title(ws, lines: list[tuple[str, bool]], width: int) -> None:
    for r, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=_text(text))
        cell.data_type = "s"
        cell.font = Font(bold=bold, size=14 if bold else 11)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        if width > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)


def _header(ws, columns: list[Col]) -> None:
    wb = ws.parent
    for i, c in enumerate(columns, start=1):
        _put(ws, HEADER_ROW, i, c.header, _fixed_style(wb, "header"))
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)


def _finish(ws, *, title_rows: str | None, report_label: str) -> None:
    """Protection (no password: it keeps the layout, it is no secret), print setup and footer."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths and heights may be changed, to read long text
    ws.protection.formatRows = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    footer = ws.oddFooter
    footer.left.text, footer.left.size = "&A", 9
    footer.center.text, footer.center.size = "Trang &P/&N", 9
    footer.right.text, footer.right.size = report_label.replace("&", "&&"), 9


def _height(text: str, width: int, rows: int = 1) -> float | None:
    """The row height that wrapped text needs (LibreOffice does not grow the rows of an .xlsx by itself)."""
    lines = sum(math.ceil(max(len(part), 1) * 1.15 / max(width - 1, 1)) for part in (text or "").split("\n"))
    per_row = math.ceil(lines / rows)
    return 15 * per_row if per_row > 1 else None


def _merge_down(ws, top: int, bottom: int, col: int) -> None:
    """Merge a column's cells from `top` to `bottom`, the cells below taking the top cell's style (border, fill,
    protection). `ws.merge_cells` does the same but checks every earlier merge and rebuilds borders cell by cell:
    some 3 s for a report of 200 works paid from two sources each, against milliseconds here."""
    letter = get_column_letter(col)
    ws.merged_cells.ranges.add(MergedCellRange(ws, f"{letter}{top}:{letter}{bottom}"))
    style = ws.cell(row=top, column=col)._style
    for r in range(top + 1, bottom + 1):
        cell = MergedCell(ws, row=r, column=col)
        cell._style = copy(style)
        ws._cells[(r, col)] = cell


def _lines(report: Report) -> list[ReportLine]:
    return list(
        report.lines.select_related("work__activity")
        .prefetch_related("work__fundings")
        .order_by("work__activity__order", "work__activity_id", "id")
    )


def _values(report: Report) -> list[IndicatorValue]:
    return list(report.indicator_values.select_related("indicator"))


def period_label(report: Report) -> str:
    return reporting.period(report.period_kind, report.year, report.period).label("vi")


def _unit_label(report: Report) -> str:
    unit = report.unit
    return f"{unit.name} ({unit.parent.name})" if unit.parent_id else unit.name


def write(report: Report) -> bytes:
    """The report's template, filled with what the report holds now."""
    report = Report.objects.select_related("unit__parent", "plan").get(pk=report.pk)
    label = f"{report.unit.name} — Báo cáo {period_label(report)}"
    wb = Workbook()
    guide = wb.active
    guide.title = SHEET_GUIDE
    _guide(guide, report)
    _finish(guide, title_rows=None, report_label=label)
    works = wb.create_sheet(SHEET_WORKS)
    _works_sheet(works, report, _lines(report))
    _finish(works, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", report_label=label)
    indicators = wb.create_sheet(SHEET_INDICATORS)
    _indicators_sheet(indicators, report, _values(report))
    _finish(indicators, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", report_label=label)
    difficulties = wb.create_sheet(SHEET_DIFFICULTIES)
    _difficulties_sheet(difficulties, report)
    _finish(difficulties, title_rows=None, report_label=label)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def filename(report: Report) -> str:
    kind = "thang" if report.period_kind == "month" else "quy"
    return f"bao-cao-tien-do-{report.pk}-{kind}{report.period}-{report.year}.xlsx"


GUIDE = [
    "Chỉ điền vào các ô nền vàng nhạt; các ô khác đã được khóa. Không thêm, xóa, đổi thứ tự dòng, cột và không "
    "đổi tên các trang.",
    f"Trang “{SHEET_WORKS}”: mỗi nguồn vốn của một công trình, hoạt động là một dòng (công trình có 2 nguồn vốn "
    "thì có 2 dòng; tên công trình, tiến độ và khó khăn ghi chung cho cả công trình). Với từng nguồn vốn, ghi số "
    "tiền đã giải ngân và số tiền đã quyết toán tính đến cuối kỳ báo cáo; số quyết toán không được lớn hơn số "
    "giải ngân của nguồn đó.",
    "Số tiền ghi bằng đồng, là số nguyên từ 0 trở lên, ví dụ 200000000 hoặc 200.000.000; ô để trống được tính "
    "là 0.",
    "Tiến độ thực hiện ghi bằng số nguyên từ 0 đến 100 (phần trăm khối lượng đã hoàn thành), không ghi dấu %.",
    f"Trang “{SHEET_INDICATORS}”: ghi giá trị thực hiện đến cuối kỳ. Chỉ tiêu tính bằng tỷ lệ (%) thì ghi tử "
    "số và mẫu số (ví dụ 18 hộ nghèo trên tổng số 120 hộ): tỷ lệ được tính tự động, nhờ đó cộng đúng khi tổng "
    "hợp nhiều thôn, xã. Chỉ tiêu tính theo người thì ghi thêm số nam, số nữ. Số thập phân dùng dấu phẩy, ví dụ "
    "2,5.",
    f"Trang “{SHEET_DIFFICULTIES}”: ghi những khó khăn, vướng mắc chung của đơn vị trong kỳ báo cáo.",
    "Điền xong, lưu tệp ở dạng Excel (.xlsx) và tải lên ở mục “Nhập từ tệp Excel” trên trang báo cáo. Nếu tệp có "
    "lỗi, phần mềm chỉ rõ trang, dòng, cột cần sửa và không lưu số liệu nào cho đến khi tệp hết lỗi.",
    "Số liệu có sẵn trong tệp là số liệu của báo cáo lúc tải mẫu về; khi tải lên, số liệu trong tệp thay cho số "
    "liệu trên phần mềm. Tệp chỉ dùng cho báo cáo có mã ghi ở trên.",
]


def _guide(ws, report: Report) -> None:
    wb = ws.parent
    _title(
        ws,
        [
            ("MẪU NHẬP BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH", True),
            (f"{report.unit.name} — {period_label(report)}", False),
        ],
        2,
    )
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 90
    state = reporting.ReportState(report.state).label("vi")
    facts = [
        ("Đơn vị báo cáo:", _unit_label(report)),
        ("Kế hoạch:", f"Kế hoạch năm {report.plan.year_from} của {report.plan.unit.name}"),
        ("Kỳ báo cáo:", period_label(report)),
        ("Hạn gửi:", report.due),
        ("Trạng thái:", state + (" (đã khóa)" if report.locked else "")),
        ("Ngày tải mẫu:", timezone.localdate()),
        (REPORT_ID_LABEL, report.pk),
    ]
    row = 4
    for label, value in facts:
        _put(ws, row, 1, label, _fixed_style(wb, "text"))
        cell = _put(ws, row, 2, value if value is not None else "—", _fixed_style(wb, "text"))
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if hasattr(value, "year"):
            cell.number_format = DATE
        if label == REPORT_ID_LABEL:
            cell.font = BOLD
            wb.defined_names[DEFINED_NAME] = DefinedName(DEFINED_NAME, attr_text=f"'{SHEET_GUIDE}'!$B${row}")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="CÁCH ĐIỀN").font = BOLD
    row += 1
    for n, text in enumerate(GUIDE, start=1):
        _put(ws, row, 1, f"{n}.", _fixed_style(wb, "text")).alignment = Alignment(
            horizontal="right", vertical="top"
        )
        _put(ws, row, 2, text, _fixed_style(wb, "text"))
        ws.row_dimensions[row].height = _height(text, 90) or 15
        row += 1
    example = _put(ws, row + 1, 1, "Ô cần điền", _input_style(wb, "text"))
    example.protection = Protection(locked=True)
    _put(ws, row + 1, 2, "Ô nền vàng nhạt như ô bên trái là ô cần điền.", _fixed_style(wb, "text"))
    ws.page_setup.orientation = "portrait"


def _works_sheet(ws, report: Report, lines: list[ReportLine]) -> None:
    wb = ws.parent
    width = len(WORK_COLUMNS) - 2
    _title(
        ws,
        [
            ("TIẾN ĐỘ THỰC HIỆN CÁC CÔNG TRÌNH, HOẠT ĐỘNG", True),
            (f"{_unit_label(report)} — Kỳ báo cáo: {period_label(report)}", False),
            ("Số tiền tính bằng đồng, lũy kế đến cuối kỳ báo cáo. Chỉ điền vào các ô nền vàng nhạt.", False),
        ],
        width,
    )
    _header(ws, WORK_COLUMNS)
    text, money, key = _fixed_style(wb, "text"), _fixed_style(wb, "money"), _fixed_style(wb, "key")
    row = first = HEADER_ROW + 1
    for n, line in enumerate(lines, start=1):
        fundings = list(line.work.fundings.all()) or [None]
        top = row
        for f in fundings:
            _put(ws, row, W["line"], line.pk, key)
            if f is None:  # a work without a source: nothing to disburse
                _put(ws, row, W["source"], "(chưa có nguồn vốn)", text)
                for k in ("planned", "disbursed", "settled"):
                    _put(ws, row, W[k], None, _fixed_style(wb, "blocked"))
                _put(ws, row, W["funding"], None, key)
            else:
                _put(ws, row, W["source"], f.source_name, text)
                _put(ws, row, W["planned"], f.planned, money)
                _put(ws, row, W["disbursed"], line.disbursed.get(str(f.pk), 0), _input_style(wb, "money"))
                _put(ws, row, W["settled"], line.settled.get(str(f.pk), 0), _input_style(wb, "money"))
                _put(ws, row, W["funding"], f.pk, key)
            row += 1
        _put(ws, top, W["number"], n, _fixed_style(wb, "int"))
        _put(ws, top, W["work"], line.work.activity.title, text)
        _put(ws, top, W["progress"], line.progress, _input_style(wb, "int"))
        _put(ws, top, W["difficulties"], line.difficulties, _input_style(wb, "text"))
        if row - top > 1:
            for k in ("number", "work", "progress", "difficulties"):
                _merge_down(ws, top, row - 1, W[k])
        shared = max(
            _height(line.work.activity.title, W_WIDTH["work"], row - top) or 0,
            _height(line.difficulties, W_WIDTH["difficulties"], row - top) or 0,
        )
        for r, f in enumerate(fundings, start=top):
            own = (_height(f.source_name, W_WIDTH["source"]) or 0) if f else 0
            if max(shared, own):
                ws.row_dimensions[r].height = max(shared, own)
    if not lines:
        _put(ws, row, W["work"], "Báo cáo này không có công trình nào.", text)
        row += 1
    # The totals: sums, so that a corrected cell adds up again in the official's Excel (not read back).
    for k in ("number", "source", "progress", "difficulties"):
        _put(ws, row, W[k], None, _cell_style(wb, "text", True))
    _put(ws, row, W["work"], TOTAL, _cell_style(wb, "text", True))
    for k in ("planned", "disbursed", "settled"):
        letter = get_column_letter(W[k])
        cell = ws.cell(row=row, column=W[k], value=f"=SUM({letter}{first}:{letter}{row - 1})" if lines else 0)
        cell.style = _cell_style(wb, "money", True)
    amounts = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số tiền",
        error="Ghi số tiền bằng đồng: một số nguyên từ 0 trở lên, ví dụ 200000000.",
        showInputMessage=True,
        promptTitle="Số tiền (đồng)",
        prompt="Số nguyên từ 0 trở lên. Quyết toán không lớn hơn giải ngân.",
    )
    progress = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tiến độ",
        error="Ghi tiến độ bằng số nguyên từ 0 đến 100, không ghi dấu %.",
        showInputMessage=True,
        promptTitle="Tiến độ (%)",
        prompt="Số nguyên từ 0 đến 100.",
    )
    if lines:
        last = row - 1
        for k in ("disbursed", "settled"):
            letter = get_column_letter(W[k])
            amounts.add(f"{letter}{first}:{letter}{last}")
        letter = get_column_letter(W["progress"])
        progress.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(amounts)
        ws.add_data_validation(progress)
    for k in ("line", "funding"):
        ws.column_dimensions[get_column_letter(W[k])].hidden = True
    ws.print_area = f"A1:{get_column_letter(width)}{row}"


def _indicators_sheet(ws, report: Report, values: list[IndicatorValue]) -> None:
    wb = ws.parent
    width = len(INDICATOR_COLUMNS) - 1
    _title(
        ws,
        [
            ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", True),
            (f"{_unit_label(report)} — Kỳ báo cáo: {period_label(report)}", False),
            (
                "Chỉ tiêu tính bằng tỷ lệ (%): ghi tử số và mẫu số, tỷ lệ được tính tự động. "
                "Chỉ điền vào các ô nền vàng nhạt.",
                False,
            ),
        ],
        width,
    )
    _header(ws, INDICATOR_COLUMNS)
    text, blocked = _fixed_style(wb, "text"), _fixed_style(wb, "blocked")
    number_in = _input_style(wb, "number")
    row = first = HEADER_ROW + 1
    for n, item in enumerate(values, start=1):
        indicator = item.indicator
        _put(ws, row, I["number"], n, _fixed_style(wb, "int"))
        _put(ws, row, I["name"], indicator.name, text)
        _put(ws, row, I["unit"], indicator.unit, text)
        _put(ws, row, I["target"], indicator.target, _fixed_style(wb, "text"))
        if is_ratio(indicator):
            num, den = get_column_letter(I["numerator"]), get_column_letter(I["denominator"])
            formula = (
                f"=IF(AND(ISNUMBER({num}{row}),ISNUMBER({den}{row}),{den}{row}>0),"
                f'ROUND({num}{row}*100/{den}{row},2),"")'
            )
            cell = ws.cell(row=row, column=I["value"], value=formula)
            cell.style = _fixed_style(wb, "text")
            _put(ws, row, I["numerator"], item.numerator, number_in)
            _put(ws, row, I["denominator"], item.denominator, number_in)
        else:
            _put(ws, row, I["value"], item.value, number_in)
            _put(ws, row, I["numerator"], None, blocked)
            _put(ws, row, I["denominator"], None, blocked)
        _put(ws, row, I["men"], item.men, number_in)
        _put(ws, row, I["women"], item.women, number_in)
        _put(ws, row, I["item"], item.pk, _fixed_style(wb, "key"))
        if need := _height(indicator.name, 44):
            ws.row_dimensions[row].height = need
        row += 1
    if not values:
        _put(ws, row, I["name"], "Báo cáo này không có chỉ tiêu nào.", text)
        row += 1
    else:
        counts = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Số liệu",
            error="Ghi một số từ 0 trở lên.",
        )
        for k in ("numerator", "denominator", "men", "women"):
            letter = get_column_letter(I[k])
            counts.add(f"{letter}{first}:{letter}{row - 1}")
        ws.add_data_validation(counts)
    ws.column_dimensions[get_column_letter(I["item"])].hidden = True
    ws.print_area = f"A1:{get_column_letter(width)}{row}"


def _difficulties_sheet(ws, report: Report) -> None:
    wb = ws.parent
    _title(
        ws,
        [
            ("KHÓ KHĂN, VƯỚNG MẮC CHUNG TRONG KỲ BÁO CÁO", True),
            (f"{_unit_label(report)} — Kỳ báo cáo: {period_label(report)}", False),
            ("Khó khăn của từng công trình ghi ở trang “Công trình”.", False),
        ],
        1,
    )
    ws.column_dimensions["A"].width = 110
    _put(ws, DIFFICULTIES_ROW - 1, 1, "Khó khăn, vướng mắc", _fixed_style(wb, "header"))
    _put(ws, DIFFICULTIES_ROW, 1, report.difficulties, _input_style(wb, "text"))
    ws.row_dimensions[DIFFICULTIES_ROW].height = max(240, _height(report.difficulties, 110) or 0)


# --- reading -------------------------------------------------------------------------------------------------------


@dataclass
class LineInput:
    line: ReportLine
    row: int  # the work's first row
    progress: int = 0
    difficulties: str = ""
    disbursed: dict[int, int] = field(default_factory=dict)  # WorkFunding id → đ
    settled: dict[int, int] = field(default_factory=dict)
    rows: dict[int, int] = field(default_factory=dict)  # WorkFunding id → its row


@dataclass
class ValueInput:
    item: IndicatorValue
    row: int
    values: dict


@dataclass
class Parsed:
    lines: list[LineInput] = field(default_factory=list)
    values: list[ValueInput] = field(default_factory=list)
    difficulties: str | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    lines: int = 0  # report lines changed
    values: int = 0  # indicator values changed
    unchanged: int = 0
    difficulties: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def listed(errors: list[str]) -> list[str]:
    """At most MAX_ERRORS errors, then how many more there are."""
    if len(errors) <= MAX_ERRORS:
        return list(errors)
    return [*errors[:MAX_ERRORS], _("… and %(n)d more errors.") % {"n": len(errors) - MAX_ERRORS}]


def _where(sheet: str, row: int, col: int, header: str) -> str:
    return _("Sheet “%(sheet)s”, row %(row)d, column %(col)s (%(header)s)") % {
        "sheet": sheet,
        "row": row,
        "col": get_column_letter(col),
        "header": header,
    }


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value) -> str:
    return str(value).strip()[:60]


def _amount(value, where: str, errors: list[str]) -> int | None:
    """An amount in đồng: a number cell, or text such as 200.000.000, 200000000 or 200.000.000 đ. Empty is 0."""
    if _blank(value):
        return 0
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        if not float(value).is_integer():
            errors.append(where + ": " + _("“%(v)s” is not a whole number of đồng.") % {"v": _shown(value)})
            return None
        amount = int(value)
    else:
        text = str(value).strip()
        amount = parse_vnd(text.lstrip("-"))
        if amount is None:
            errors.append(
                where
                + ": "
                + _("“%(v)s” is not a number: write an amount in đồng such as 200.000.000 or 200000000.")
                % {"v": _shown(value)}
            )
            return None
        if text.startswith("-"):
            amount = -amount
    if amount < 0:
        errors.append(where + ": " + _("the amount must be 0 or more (not “%(v)s”).") % {"v": _shown(value)})
        return None
    if amount > MAX_AMOUNT:
        errors.append(where + ": " + _("“%(v)s” is too large an amount.") % {"v": _shown(value)})
        return None
    return amount


def _progress(value, where: str, errors: list[str]) -> int | None:
    if _blank(value):
        return 0
    number = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip().rstrip("%").strip()
        if re.fullmatch(r"\d+", text):
            number = int(text)
    if number is None:
        errors.append(where + ": " + _("“%(v)s” is not a number.") % {"v": _shown(value)})
        return None
    if not float(number).is_integer() or not 0 <= number <= 100:
        errors.append(
            where
            + ": "
            + _("the progress must be a whole number from 0 to 100 (not “%(v)s”).") % {"v": _shown(value)}
        )
        return None
    return int(number)


THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def _decimal(
    value, where: str, errors: list[str], *, minimum: Decimal | None = None
) -> Decimal | None | bool:
    """A number of an indicator: a number cell, or text such as 12,5 (or 12.5) or 1.350 (thousands). Empty is
    None; False when wrong (the error is added)."""
    if _blank(value):
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        if isinstance(value, int | float):
            number = Decimal(str(value))
        else:
            text = str(value).strip().replace(" ", "")
            text = (
                text.replace(".", "").replace(",", ".") if THOUSANDS.match(text) else text.replace(",", ".")
            )
            number = Decimal(text)
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors.append(where + ": " + _("“%(v)s” is not a number.") % {"v": _shown(value)})
        return False
    if abs(number) >= MAX_NUMBER:
        errors.append(where + ": " + _("“%(v)s” is too large.") % {"v": _shown(value)})
        return False
    if minimum is not None and number < minimum:
        errors.append(where + ": " + _("the number must be 0 or more (not “%(v)s”).") % {"v": _shown(value)})
        return False
    return number.quantize(Decimal("0.01"))


def _key(value) -> int | None:
    if isinstance(value, bool) or _blank(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def read(report: Report, file) -> Parsed:
    """Parse an uploaded template of `report` (an UploadedFile, a file object or bytes). Nothing is saved."""
    parsed = Parsed()
    if file is None:
        parsed.errors.append(_("Choose the Excel file (.xlsx) to upload."))
        return parsed
    try:
        # The project's one upload guard: size, type by content, what the zip unpacks to, rows and columns — all
        # checked before a sheet is parsed.
        wb = guard.open_xlsx(
            file, max_bytes=MAX_BYTES, max_unpacked=MAX_UNPACKED, max_rows=HEADER_ROW + MAX_ROWS + 10
        )
    except ValidationError as refused:
        parsed.errors.extend(refused.messages)
        return parsed
    try:
        names = wb.sheetnames
        missing = [
            s for s in (SHEET_GUIDE, SHEET_WORKS, SHEET_INDICATORS, SHEET_DIFFICULTIES) if s not in names
        ]
        if missing:
            parsed.errors.append(
                _(
                    "The workbook has no sheet named %(names)s: upload the template downloaded from this report."
                )
                % {"names": ", ".join(f"“{s}”" for s in missing)}
            )
            return parsed
        if not _belongs(wb[SHEET_GUIDE], report, parsed.errors):
            return parsed
        _read_works(wb[SHEET_WORKS], report, parsed)
        _read_indicators(wb[SHEET_INDICATORS], report, parsed)
        _read_difficulties(wb[SHEET_DIFFICULTIES], parsed)
    finally:
        wb.close()
    return parsed


def _belongs(ws, report: Report, errors: list[str]) -> bool:
    """The file is this report's template: the id beside "Mã báo cáo" on the guide sheet is this report's."""
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=40, max_col=2, values_only=True), start=1):
        if row and str(row[0] or "").strip() == REPORT_ID_LABEL:
            found = _key(row[1] if len(row) > 1 else None)
            if found == report.pk:
                return True
            errors.append(
                _where(SHEET_GUIDE, r, 2, REPORT_ID_LABEL.rstrip(":"))
                + ": "
                + _(
                    "this file is the template of another report (no. %(found)s), not of this one (no. %(pk)d). "
                    "Download this report's template and type the figures in it."
                )
                % {"found": _shown(row[1]) if len(row) > 1 and row[1] is not None else "—", "pk": report.pk}
            )
            return False
    errors.append(
        _("Sheet “%(sheet)s”: the report's id (“%(label)s”) is missing: upload the template downloaded from "
          "this report.")
        % {"sheet": SHEET_GUIDE, "label": REPORT_ID_LABEL.rstrip(":")}
    )  # fmt: skip
    return False


def _headers_ok(ws, sheet: str, columns: list[Col], errors: list[str]) -> bool:
    found = next(
        ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=len(columns), values_only=True), ()
    )
    found = list(found) + [None] * (len(columns) - len(found))
    ok = True
    for i, (c, value) in enumerate(zip(columns, found, strict=False), start=1):
        if str(value or "").strip() != c.header:
            errors.append(
                _where(sheet, HEADER_ROW, i, c.header)
                + ": "
                + _("the column header must be “%(h)s” (found “%(v)s”).") % {"h": c.header, "v": value or ""}
            )
            ok = False
    return ok


def _rows(ws, columns: list[Col], sheet: str, errors: list[str]):
    """(row number, values) of the rows under the header, at most MAX_ROWS of them."""
    first = HEADER_ROW + 1
    for r, values in enumerate(
        guard.values(
            ws.iter_rows(min_row=first, max_row=first + MAX_ROWS, max_col=len(columns), values_only=True)
        ),
        start=first,
    ):
        if r == first + MAX_ROWS:
            if any(not _blank(v) for v in values):
                errors.append(
                    _("Sheet “%(sheet)s” has more than %(n)d rows: only the template's rows are read.")
                    % {"sheet": sheet, "n": MAX_ROWS}
                )
            return
        yield r, list(values) + [None] * (len(columns) - len(values))


def _read_works(ws, report: Report, parsed: Parsed) -> None:
    errors = parsed.errors
    if not _headers_ok(ws, SHEET_WORKS, WORK_COLUMNS, errors):
        return
    lines = {line.pk: line for line in _lines(report)}
    by_line: dict[int, LineInput] = {}
    seen: set[tuple[int, int | None]] = set()

    def where(r: int, key: str) -> str:
        return _where(SHEET_WORKS, r, W[key], WORK_COLUMNS[W[key] - 1].header)

    for r, values in _rows(ws, WORK_COLUMNS, SHEET_WORKS, errors):
        v = {c.key: values[i] for i, c in enumerate(WORK_COLUMNS)}
        line_pk = _key(v["line"])
        if line_pk is None:
            typed = any(not _blank(v[k]) for k in ("disbursed", "settled", "progress", "difficulties"))
            if typed and str(v["work"] or "").strip() != TOTAL:
                errors.append(
                    where(r, "line")
                    + ": "
                    + _("this row is not one of the template's: type only in the rows of the template.")
                )
            continue
        line = lines.get(line_pk)
        if line is None:
            errors.append(
                where(r, "line") + ": " + _("there is no line %(v)s in this report.") % {"v": line_pk}
            )
            continue
        fundings = {f.pk: f for f in line.work.fundings.all()}
        funding_pk = _key(v["funding"])
        if (line_pk, funding_pk) in seen:
            errors.append(where(r, "funding") + ": " + _("this row appears twice in the file."))
            continue
        seen.add((line_pk, funding_pk))
        entry = by_line.get(line_pk)
        if entry is None:
            # The work's first row holds its progress and difficulties (merged over its sources' rows).
            entry = by_line[line_pk] = LineInput(
                line=line,
                row=r,
                disbursed={pk: line.disbursed.get(str(pk), 0) for pk in fundings},
                settled={pk: line.settled.get(str(pk), 0) for pk in fundings},
            )
            parsed.lines.append(entry)
            progress = _progress(v["progress"], where(r, "progress"), errors)
            entry.progress = line.progress if progress is None else progress
            entry.difficulties = _text(v["difficulties"]).strip()
            if problem := guard.text_problem(entry.difficulties, multiline=True):
                errors.append(where(r, "difficulties") + ": " + problem)
        if funding_pk is None:
            if fundings and any(not _blank(v[k]) for k in ("disbursed", "settled")):
                errors.append(where(r, "funding") + ": " + _("the row's funding source is missing."))
            continue
        funding = fundings.get(funding_pk)
        if funding is None:
            errors.append(
                where(r, "funding")
                + ": "
                + _("“%(work)s” is not funded from this source.") % {"work": line.work}
            )
            continue
        disbursed = _amount(v["disbursed"], where(r, "disbursed"), errors)
        settled = _amount(v["settled"], where(r, "settled"), errors)
        entry.rows[funding_pk] = r
        if disbursed is not None:
            entry.disbursed[funding_pk] = disbursed
        if settled is not None:
            entry.settled[funding_pk] = settled
        if disbursed is not None and settled is not None and settled > disbursed:
            errors.append(
                where(r, "settled")
                + ": "
                + _(
                    "“%(work)s”: the amount settled from %(source)s (%(settled)s) is more than the amount "
                    "disbursed (%(disbursed)s)."
                )
                % {
                    "work": line.work,
                    "source": funding.source_name,
                    "settled": format_vnd(settled),
                    "disbursed": format_vnd(disbursed),
                }
            )


def _read_indicators(ws, report: Report, parsed: Parsed) -> None:
    errors = parsed.errors
    if not _headers_ok(ws, SHEET_INDICATORS, INDICATOR_COLUMNS, errors):
        return
    items = {item.pk: item for item in _values(report)}
    seen: set[int] = set()

    def where(r: int, key: str) -> str:
        return _where(SHEET_INDICATORS, r, I[key], INDICATOR_COLUMNS[I[key] - 1].header)

    for r, values in _rows(ws, INDICATOR_COLUMNS, SHEET_INDICATORS, errors):
        v = {c.key: values[i] for i, c in enumerate(INDICATOR_COLUMNS)}
        pk = _key(v["item"])
        if pk is None:
            if any(not _blank(v[k]) for k in ("value", "numerator", "denominator", "men", "women")):
                errors.append(
                    where(r, "item")
                    + ": "
                    + _("this row is not one of the template's: type only in the rows of the template.")
                )
            continue
        item = items.get(pk)
        if item is None:
            errors.append(where(r, "item") + ": " + _("there is no such indicator in this report."))
            continue
        if pk in seen:
            errors.append(where(r, "item") + ": " + _("this row appears twice in the file."))
            continue
        seen.add(pk)
        before = len(errors)
        zero = Decimal(0)
        if is_ratio(item.indicator):
            got = {
                "numerator": _decimal(v["numerator"], where(r, "numerator"), errors, minimum=zero),
                "denominator": _decimal(v["denominator"], where(r, "denominator"), errors, minimum=zero),
            }
            if isinstance(got["denominator"], Decimal) and got["denominator"] == 0:
                errors.append(
                    where(r, "denominator")
                    + ": "
                    + _("The denominator of “%(name)s” must be more than 0.") % {"name": item.indicator.name}
                )
            elif len(errors) == before and (got["numerator"] is None) != (got["denominator"] is None):
                missing = "denominator" if got["denominator"] is None else "numerator"
                errors.append(
                    where(r, missing)
                    + ": "
                    + _("“%(name)s” is a percentage: give both its numerator and its denominator.")
                    % {"name": item.indicator.name}
                )
        else:
            got = {"value": _decimal(v["value"], where(r, "value"), errors)}
        got["men"] = _decimal(v["men"], where(r, "men"), errors, minimum=zero)
        got["women"] = _decimal(v["women"], where(r, "women"), errors, minimum=zero)
        if len(errors) == before:
            parsed.values.append(ValueInput(item=item, row=r, values=got))


def _read_difficulties(ws, parsed: Parsed) -> None:
    row = next(
        guard.values(
            ws.iter_rows(min_row=DIFFICULTIES_ROW, max_row=DIFFICULTIES_ROW, max_col=1, values_only=True)
        ),
        (),
    )
    parsed.difficulties = _text(row[0] if row else "").strip()
    if problem := guard.text_problem(parsed.difficulties, multiline=True):
        where = _where(SHEET_DIFFICULTIES, DIFFICULTIES_ROW, 1, "Khó khăn, vướng mắc")
        parsed.errors.append(where + ": " + problem)


# --- saving --------------------------------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _line_changed(entry: LineInput) -> bool:
    line = entry.line
    keys = set(entry.disbursed) | set(entry.settled) | {int(k) for k in (*line.disbursed, *line.settled)}
    return (
        entry.progress != line.progress
        or entry.difficulties != line.difficulties.strip()
        or any(entry.disbursed.get(k, 0) != line.disbursed.get(str(k), 0) for k in keys)
        or any(entry.settled.get(k, 0) != line.settled.get(str(k), 0) for k in keys)
    )


def _value_changed(entry: ValueInput) -> bool:
    return any(getattr(entry.item, k) != v for k, v in entry.values.items())


WORK_FIELD_COLUMN = {"progress": "progress", "disbursed": "disbursed", "settled": "settled"}
INDICATOR_FIELD_COLUMN = {
    "numerator": "numerator",
    "denominator": "denominator",
    "men": "men",
    "women": "women",
}


def _named(error: ValidationError, where) -> list[str]:
    """An action's refusal as errors naming the row (and the column of the field it names)."""
    if hasattr(error, "error_dict"):
        return [
            where(name) + ": " + m
            for name, e in error.error_dict.items()
            for m in ValidationError(e).messages
        ]
    return [where(None) + ": " + m for m in error.messages]


def save(report: Report, parsed: Parsed, actor) -> Outcome:
    """Save what `read` parsed, through the monitoring actions, in one transaction: all or nothing. Rows that did
    not change are left alone (no audit entry for them)."""
    outcome = Outcome(errors=list(parsed.errors))
    if outcome.errors:
        return outcome
    try:
        with transaction.atomic():
            for entry in parsed.lines:
                if not _line_changed(entry):
                    outcome.unchanged += 1
                    continue
                try:
                    actions.save_report_line(
                        report,
                        entry.line.work,
                        actor,
                        progress=entry.progress,
                        disbursed=entry.disbursed,
                        settled=entry.settled,
                        difficulties=entry.difficulties,
                    )
                except ValidationError as e:

                    def where(name, entry=entry):
                        key = WORK_FIELD_COLUMN.get(name, "work")
                        row = (
                            entry.row
                            if key in ("work", "progress")
                            else min(entry.rows.values(), default=entry.row)
                        )
                        return _where(SHEET_WORKS, row, W[key], WORK_COLUMNS[W[key] - 1].header)

                    outcome.errors += _named(e, where)
                else:
                    outcome.lines += 1
            for entry in parsed.values:
                if not _value_changed(entry):
                    outcome.unchanged += 1
                    continue
                try:
                    actions.save_indicator_value(report, entry.item.indicator, actor, **entry.values)
                except ValidationError as e:

                    def where(name, entry=entry):
                        key = INDICATOR_FIELD_COLUMN.get(name, "value" if "value" in entry.values else "name")
                        return _where(
                            SHEET_INDICATORS, entry.row, I[key], INDICATOR_COLUMNS[I[key] - 1].header
                        )

                    outcome.errors += _named(e, where)
                else:
                    outcome.values += 1
            if parsed.difficulties is not None and parsed.difficulties != report.difficulties.strip():
                try:
                    actions.save_report_difficulties(report, actor, parsed.difficulties)
                except ValidationError as e:
                    outcome.errors += _named(
                        e,
                        lambda _name: _where(SHEET_DIFFICULTIES, DIFFICULTIES_ROW, 1, "Khó khăn, vướng mắc"),
                    )
                else:
                    outcome.difficulties = True
            if outcome.errors:
                raise _Rollback
    except _Rollback:
        outcome.lines = outcome.values = outcome.unchanged = 0
        outcome.difficulties = False
    return outcome


def upload(report: Report, file, actor) -> Outcome:
    """Read an uploaded template and save it into `report`, all or nothing."""
    return save(report, read(report, file), actor)
