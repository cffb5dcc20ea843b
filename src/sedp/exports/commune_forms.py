"""The commune's forms as one .xlsx workbook: Biểu 1 and 2 (the villages' figures and indicators rolled up),
Biểu 4 (the villages' activities in their own priority order), Biểu 5 (public-service and technical-support
needs), Biểu 6 (investment needs), B1 (the draft plan's targets) and B2 (its activities by sector).

Like the village's Biểu 3/4 (`sedp.exports.village_forms`, whose cell styles it shares) the workbook is always in
Vietnamese — it is an official form — with a title block naming the unit and the year, numbers stored as
numbers (amounts in đồng with `#,##0`), dates as dates shown dd/mm/yyyy.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.xml.functions import Element

from sedp.core import rollup
from sedp.core.logframe import QUARTERS, LogframePlan, gantt_rows
from sedp.exports import guard
from sedp.exports.documents import budget_amounts, date_line, signer_lines
from sedp.exports.village_forms import BOLD, BOX, KIND_VI
from sedp.places.choices import Level
from sedp.plans.logframe import actions as lf
from sedp.plans.models import Indicator, Plan, Rollup, State
from sedp.plans.rollup.aggregation import Aggregation, MeasureRow, NeedRow, aggregate
from sedp.plans.rollup.levels import child_level, is_upper
from sedp.plans.rollup.upper import child_activities

MONEY = "#,##0"
WORKBOOK_LAYOUT = 1  # bumped when the layout changes, so that a workbook kept from before is made anew
DATE = "DD/MM/YYYY"
HEADER_ROW = 6
TOTAL = "Tổng cộng"
ROLLUP_VI = {
    Rollup.SUM: "Cộng",
    Rollup.MEAN: "Bình quân các đơn vị",
    Rollup.MEAN_BY_HOUSEHOLDS: "Bình quân theo số hộ",
    Rollup.MEAN_BY_POPULATION: "Bình quân theo số dân",
    Rollup.PERCENT: "Tỷ lệ tính từ tổng tử số / tổng mẫu số",
    Rollup.RATIO: "Tỷ số tính từ tổng tử số / tổng mẫu số",
    Rollup.MIN: "Giá trị nhỏ nhất của các đơn vị",
    Rollup.MAX: "Giá trị lớn nhất của các đơn vị",
}


def rule_vi(measure) -> str:
    """How a measure is rolled up, in the words of the form; a percentage names its numerator and denominator."""
    label = ROLLUP_VI.get(measure.rollup, measure.rollup)
    if measure.numerator_id and measure.denominator_id:
        label += f" ({measure.numerator.name.lower()} / {measure.denominator.name.lower()})"
    return label


FATE_VI = lf.FATE_VI  # one wording of a need's fate for the workbook and the document's annex
STATE_VI = {
    State.DRAFT: "Dự thảo",
    State.IN_CONSULTATION: "Đang lấy ý kiến",
    State.REVISED: "Đã chỉnh sửa",
    State.ADOPTED: "Đã thông qua",
    State.APPROVED: "Đã được HĐND phê duyệt",
    State.SUBMITTED: "Đã trình cấp trên",
}
DIRECTION_VI = {"increase": "Tăng", "decrease": "Giảm", "maintain": "Duy trì"}
UNDECIDED = "Chưa quyết định"


def _number(value):
    """A Decimal as an int when whole, else a float: Excel keeps numbers, not text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


_CELL_FORMATS = {"money": MONEY, "number": MONEY, "decimal": "#,##0.00", "date": DATE}


def _cell_style(wb: Workbook, kind: str, bold: bool) -> str:
    """The named style of a table cell of `kind` in `wb`, registered on first use."""
    name = f"sedp-{kind}{'-bold' if bold else ''}"
    if name not in wb.named_styles:
        style = NamedStyle(name=name, border=BOX)
        style.alignment = Alignment(wrap_text=kind == "text", vertical="top")
        if bold:
            style.font = BOLD
        style.number_format = _CELL_FORMATS.get(kind, "General")
        wb.add_named_style(style)
    return name


def _style_array(ws, kind: str, bold: bool):
    """The style of a table cell of `kind` as openpyxl stores it in a cell (the named style applied: its font,
    border, alignment and number format ids), worked out once per workbook. Applying a named style by name costs
    a search of the workbook's styles and several copies per cell: 70 % of a 100-village workbook's time."""
    wb = ws.parent
    arrays = wb.__dict__.setdefault("_sedp_style_arrays", {})
    key = (kind, bold)
    if key not in arrays:
        probe = Cell(ws)
        probe.style = _cell_style(wb, kind, bold)
        arrays[key] = probe._style
    return arrays[key]


def _header_style(ws):
    """The style of a header cell (bold, boxed, centred, wrapped) as openpyxl stores it in a cell, worked out once
    per workbook like `_style_array`: setting a font, a border and an alignment on a cell looks each up among the
    workbook's by hashing it, and Biểu 2 has some 200 header cells at 100 villages."""
    arrays = ws.parent.__dict__.setdefault("_sedp_style_arrays", {})
    if "header" not in arrays:
        probe = Cell(ws)
        probe.font, probe.border = BOLD, BOX
        probe.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        arrays["header"] = probe._style
    return arrays["header"]


def _merge(ws, row: int, first: int, last: int) -> None:
    """Columns `first` to `last` of `row` merged, as `ws.merge_cells` writes it (the same `<mergeCell>`). openpyxl's
    `merge_cells` also puts a MergedCell object on every cell the range covers, to carry the top-left cell's borders
    and protection onto them; the merged lines of these forms (title block, headings, signatures) have neither, and
    a MergedCell with no value and no style is not written — but Biểu 2's title alone spans some 200 columns at 100
    villages: thousands of objects, each styled, for nothing in the file. The range is added to the sheet's set
    as it is: `MultiCellRange.add` first looks for it in every range already there, and these never overlap."""
    ws.merged_cells.ranges.add(MergedCellRange(ws, f"{_letter(first)}{row}:{_letter(last)}{row}"))


class Sheet:
    """One form: title block, header row, rows with borders, number formats by column."""

    def __init__(self, wb: Workbook, name: str, title: str, agg_or_plan, headers: list[tuple[str, int, str]]):
        self.ws = wb.create_sheet(name)
        getattr(wb, "sedp_sheets", []).append(self)
        self.columns = headers  # (header, width, kind: text | money | number | date | int)
        self.kinds = [kind for _h, _w, kind in headers]
        # The text columns, each with the characters a line of it holds (for the rows' heights).
        self.wrapped = [(i, max(w - 1, 1)) for i, (_h, w, kind) in enumerate(headers) if kind == "text"]
        plan = agg_or_plan.plan if isinstance(agg_or_plan, Aggregation) else agg_or_plan
        unit = plan.unit
        provinces = wb.__dict__.setdefault("_sedp_provinces", {})  # a query each: read once for the 7 sheets
        if unit.pk not in provinces:
            provinces[unit.pk] = unit.province() if unit.parent_id else unit
        province = provinces[unit.pk]
        width = len(headers)
        lines = [
            (name, False),
            (title, True),
            (
                f"{unit.name} — {province.name} — Năm kế hoạch {plan.year_from}",
                False,
            ),
        ]
        for r, (text, bold) in enumerate(lines, start=1):
            cell = self.ws.cell(row=r, column=1, value=text)
            cell.font = Font(bold=bold, size=14 if bold else 11)
            _merge(self.ws, r, 1, width)
            cell.alignment = Alignment(horizontal="right" if r == 1 else "center")
        self.ws.cell(row=4, column=1, value="Ngày lập:")
        made = self.ws.cell(row=4, column=2, value=timezone.localdate())
        made.number_format = DATE
        self.ws.cell(
            row=4, column=3, value=f"{STATE_VI.get(plan.state, plan.state)}, phiên bản {plan.version}"
        )
        header_style = _header_style(self.ws)
        for i, (header, w, _kind) in enumerate(headers, start=1):
            self.ws.cell(row=HEADER_ROW, column=i, value=header)._style = StyleArray(header_style)
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.ws.row_dimensions[HEADER_ROW].height = 45
        self.ws.freeze_panes = self.ws.cell(row=HEADER_ROW + 1, column=1)
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth, self.ws.page_setup.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        self.row = HEADER_ROW + 1
        self.rows: list[tuple[int, tuple, bool]] = []  # the table's rows, made into cells by `flush`
        # The table rows' heights (row → points), written with their rows: an openpyxl RowDimension for each of
        # 5,000 rows would cost more than the row's cells.
        self.heights: dict[int, int] = {}
        self.letters = [_letter(i) for i in range(1, width + 1)]
        # The index of each cell style in the workbook, by bold and kind (`style_id`), and the XML of each text
        # (`_row_xml`).
        self.style_ids: dict[bool, dict[str, int]] = {False: {}, True: {}}
        self.texts: dict[str, str] = wb.__dict__.setdefault("_sedp_texts", {})

    def write(self, values: list, *, bold: bool = False) -> None:
        # Wrapped text gets the row height it needs: LibreOffice does not grow rows of an .xlsx by itself.
        lines = 1
        for i, per_line in self.wrapped:
            v = values[i] if i < len(values) else None
            if v and isinstance(v, str) and (n := math.ceil(len(v) * 1.15 / per_line)) > lines:
                lines = n
        if lines > 1:
            self.heights[self.row] = 15 * lines
        # Kept as a tuple: a tuple of plain values is soon left out of the garbage collector's rounds, a list is
        # not (5,000 rows, each a list the collector would go through on every full round while the sheet lives).
        self.rows.append((self.row, tuple(values), bold))
        self.row += 1

    def content(self) -> str:
        """Everything the sheet will hold, as text: its table rows and their heights, and the cells, merges and
        row heights written directly (title block, headings, signatures). Two sheets with the same content make
        the same file."""
        cells = sorted((k, repr(c.value)) for k, c in self.ws._cells.items())
        heights = sorted((r, d.height) for r, d in self.ws.row_dimensions.items() if d.height)
        merged = sorted(str(m) for m in self.ws.merged_cells.ranges)
        return repr(
            (self.ws.title, self.rows, self.heights, cells, heights, merged, self.ws.oddFooter.right.text)
        )

    def style_id(self, kind: str, bold: bool) -> int:
        """The index in the workbook of the style of a table cell of `kind` (`_style_array`), added on first use.
        The order of first uses numbers the styles: the rows are gone through in order, whichever way they are
        written, so that the file is the same."""
        ids = self.style_ids[bold]
        if kind not in ids:
            ids[kind] = self.ws.parent._cell_styles.add(_style_array(self.ws, kind, bold))
        return ids[kind]

    def flush(self) -> None:
        """The table's rows into the sheet. One named style per kind of cell (border, alignment, number format,
        bold), worked out once per workbook. A row of text and numbers only, alone on its line, is made into its
        XML text here (`_row_xml`) and put in the file as it is when the workbook is saved (`_write`): a
        100-village commune's workbook has some 70,000 cells, which openpyxl takes over a second to make and write
        one by one. Any other row — a date, a character openpyxl refuses, a cell written beside it — becomes
        openpyxl cells as before."""
        ws = self.ws
        taken = {r for r, _c in ws._cells}
        kept = {}
        for row, values, bold in self.rows:
            xml = None if row in taken else _row_xml(self, row, values, bold)
            if xml is not None:
                kept[row] = xml
                continue
            if row in self.heights:
                ws.row_dimensions[row].height = self.heights[row]
            for i, (kind, v) in enumerate(zip(self.kinds, values, strict=False), start=1):
                v = _number(v)
                key = ("decimal" if kind == "number" and isinstance(v, float) else kind, bold)
                self.style_id(*key)  # numbered in the rows' order, as `_row_xml` numbers them
                array = StyleArray(_style_array(ws, *key))
                value = None if v in ("", None) else v
                ws._cells[(row, i)] = Cell(ws, row=row, column=i, value=value, style_array=array)
        ws._sedp_rows = kept
        self.rows = []

    def sign_off(self, doc: LogframePlan) -> None:
        """Below the table: the preparer ('Người lập biểu') on the left, the date line and the signature block of
        the plan on the right, as a form handed in is signed; and a footer with the sheet, the page and the unit."""
        width = len(self.columns)
        left_col, right_col = 2, max(width - 3, 3)
        top = self.row + 1
        right = [(date_line(doc), False, True)] + [(line, True, False) for line in signer_lines(doc)]
        right += [("", False, False)] * 3 + [(doc.signer_name, True, False)]
        left = [("", False, False), ("Người lập biểu", True, False), ("(Ký, ghi rõ họ tên)", False, True)]
        for i, (text, bold, italic) in enumerate(left):
            cell = self.ws.cell(row=top + i, column=left_col, value=text or None)
            cell.font, cell.alignment = Font(bold=bold, italic=italic), Alignment(horizontal="center")
        for i, (text, bold, italic) in enumerate(right):
            cell = self.ws.cell(row=top + i, column=right_col, value=text or None)
            cell.font, cell.alignment = Font(bold=bold, italic=italic), Alignment(horizontal="center")
            _merge(self.ws, top + i, right_col, width)
        self.row = top + max(len(left), len(right))
        footer = self.ws.oddFooter
        footer.left.text, footer.left.size = "&A", 9
        footer.center.text, footer.center.size = "Trang &P/&N", 9
        footer.right.text, footer.right.size = f"{doc.issuing_body} - năm {doc.plan_year}", 9

    def heading(self, text: str) -> None:
        cell = self.ws.cell(row=self.row, column=1, value=text)
        cell.font = BOLD
        _merge(self.ws, self.row, 1, len(self.columns))
        self.row += 1


_LETTERS = [""] + [get_column_letter(i) for i in range(1, 1000)]


def _letter(column: int) -> str:
    return _LETTERS[column] if column < len(_LETTERS) else get_column_letter(column)


# What needs more than copying a text into the XML: a character XML escapes (& < >, and a carriage return, which a
# parser would fold into a line feed), or one openpyxl refuses (ILLEGAL_CHARACTERS_RE: control characters).
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]")


def _inline_text(value: str) -> str | None:
    """The `<is>` of a text cell as lxml writes it: & < > and carriage returns escaped, `xml:space="preserve"` when
    the text starts or ends with a space (openpyxl's rule), any character beyond ASCII as `&#…;` (lxml writes the
    sheet in ASCII). None when openpyxl would refuse the text (control characters)."""
    if _SPECIAL.search(value) is None:
        text = value
    elif ILLEGAL_CHARACTERS_RE.search(value):
        return None
    else:
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<is><t{space}>{text}</t></is>".encode("ascii", "xmlcharrefreplace").decode("ascii")


def _row_xml(sheet: Sheet, row: int, values: tuple, bold: bool) -> str | None:
    """A table row as the sheet's XML, character for character as openpyxl writes it through lxml: `<row>` with
    its height, each `<c>` with its style, numbers as `<v>` ("%.16g", openpyxl's `safe_string`), text inline
    (`_inline_text`), an empty text or None as an empty cell. None when a value is anything but text or a number,
    a number that is not finite, or text openpyxl would refuse, so that openpyxl writes that row itself.

    Some 70,000 cells at 100 villages: text and whole numbers, nearly all of them, are told by their exact type
    and go first; each text is made XML once per workbook (the villages' names, the sectors, the fates come back in
    every row); a whole number below 2⁵³ is written as its digits, which is what "%.16g" makes of it, in a quarter
    of the time. Anything else goes the general way."""
    height = sheet.heights.get(row)
    out = [f'<row r="{row}" ht="{height:.16g}" customHeight="1">' if height else f'<row r="{row}">']
    sids = sheet.style_ids[bold]
    texts = sheet.texts
    for letter, kind, value in zip(sheet.letters, sheet.kinds, values, strict=False):
        t = type(value)
        if t is not str and t is not int and value is not None:  # a Decimal, a float, a str or int subclass…
            if isinstance(value, Decimal):
                value = _number(value)
            if isinstance(value, float) and kind == "number":
                kind = "decimal"
            if isinstance(value, str):
                t = str
            elif not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
                return None
        sid = sids.get(kind)
        if sid is None:
            sid = sheet.style_id(kind, bold)
        if t is str and value:
            inline = texts.get(value)
            if inline is None:
                inline = _inline_text(value)
                if inline is None:
                    return None
                texts[value] = inline
            out.append(f'<c r="{letter}{row}" s="{sid}" t="inlineStr">{inline}</c>')
        elif value is None or t is str:
            out.append(f'<c r="{letter}{row}" s="{sid}" t="n"/>')
        elif t is int and -_EXACT <= value <= _EXACT:
            out.append(f'<c r="{letter}{row}" s="{sid}" t="n"><v>{value}</v></c>')
        else:
            out.append(f'<c r="{letter}{row}" s="{sid}" t="n"><v>{value:.16g}</v></c>')
    out.append("</row>")
    return "".join(out)


# Up to 2⁵³ a whole number is exactly a float, of at most 16 digits: "%.16g" writes its digits.
_EXACT = 2**53


_openpyxl_write_rows = WorksheetWriter.write_rows
_openpyxl_write = WorksheetWriter.write
RUN = "sedp-rows"  # the element standing for a run of kept rows until they are put in its place
RUN_RE = re.compile(rb"<sedp-rows>(\d+)</sedp-rows>")


def _write_rows(self):
    """openpyxl's `sheetData`, each run of consecutive rows a `Sheet` kept as XML (`ws._sedp_rows`) stood for by
    a `<sedp-rows>n</sedp-rows>` element that `_write` replaces with their text. No text of a cell can look like
    that element: openpyxl escapes its "<". Any other worksheet is written by openpyxl as it is."""
    kept = getattr(self.ws, "_sedp_rows", None)
    if not kept:
        return _openpyxl_write_rows(self)
    runs = self._sedp_runs = []
    xf = self.xf.send(True)
    with xf.element("sheetData"):
        rows = dict(self.rows())  # openpyxl's rows: its cells, and the rows that only have a height
        run = None
        for row_idx in sorted(rows.keys() | kept.keys()):
            if row_idx not in kept:
                run = None
                self.write_row(xf, rows[row_idx], row_idx)
                continue
            if run is None:
                marker = Element(RUN)
                marker.text = str(len(runs))
                xf.write(marker)
                run = []
                runs.append(run)
            run.append(kept[row_idx])
    self.xf.send(None)


def _write(self):
    """openpyxl's worksheet, then the kept rows' text put in place of their runs' elements. They were written as
    text before, parsed back into elements one by one and serialised again: over half the time of saving a
    100-village workbook, for the same characters."""
    _openpyxl_write(self)
    runs = getattr(self, "_sedp_runs", None)
    if not runs:
        return
    texts = ["".join(run).encode("ascii") for run in runs]  # ASCII already, as lxml writes the sheet
    # `out` is the temporary file openpyxl's ExcelWriter gives every worksheet and then puts in the archive.
    with open(self.out, "rb") as f:
        data = f.read()
    with open(self.out, "wb") as f:
        f.write(RUN_RE.sub(lambda m: texts[int(m[1])], data))


WorksheetWriter.write_rows = _write_rows
WorksheetWriter.write = _write


# --- Biểu 1, Biểu 2 -----------------------------------------------------------------------------------------------


def _children_word(unit) -> tuple[str, str]:
    """What the units a plan is made from are called in its forms (in a heading, in a title): the villages of a
    commune, the communes of a province or a legacy district, the districts of a legacy province."""
    level = child_level(unit)
    if level == Level.COMMUNE:
        return "xã", "CÁC XÃ, PHƯỜNG" if unit.level == Level.PROVINCE else "CÁC XÃ, THỊ TRẤN"
    if level == Level.DISTRICT:
        return "huyện", "CÁC QUẬN, HUYỆN, THỊ XÃ, THÀNH PHỐ"
    return "thôn", "CÁC THÔN, BUÔN"


def _measures(
    wb: Workbook, agg: Aggregation, name: str, title: str, rows: list[MeasureRow], *, targets: bool
):
    villages = [c.unit.name for c in agg.children]
    headers = [
        ("TT", 5, "int"),
        ("Chỉ tiêu", 34, "text"),
        ("Đơn vị tính", 10, "text"),
        ("Cách tổng hợp", 22, "text"),
    ]
    for v in villages:
        if targets:
            headers += [(f"{v}: hiện trạng", 11, "number"), (f"{v}: kế hoạch", 11, "number")]
        else:
            headers.append((v, 11, "number"))
    whole = f"Toàn {agg.plan.unit.get_kind_display()}"
    headers += (
        [(f"{whole}: hiện trạng", 13, "number"), (f"{whole}: kế hoạch", 13, "number")]
        if targets
        else [(whole, 13, "number")]
    )
    headers.append((f"Số {_children_word(agg.plan.unit)[0]} báo cáo", 10, "text"))
    sheet = Sheet(wb, name, title, agg, headers)
    for n, r in enumerate(rows, start=1):
        values = [
            n,
            r.measure.name,
            r.measure.measure_unit,
            rule_vi(r.measure),
        ]
        for value, target in r.cells:
            values += [value, target] if targets else [value]
        values += [r.value.value, r.target.value] if targets else [r.value.value]
        values.append(f"{r.value.reporting}/{r.value.total}")
        sheet.write(values)
    return sheet


# --- Biểu 4, 5, 6 -------------------------------------------------------------------------------------------------


def _fate(row: NeedRow) -> tuple[str, str]:
    if row.link is None:
        return (UNDECIDED if row.candidate else "", "")
    label = FATE_VI.get(row.link.fate, row.link.fate)
    if row.link.postponed_to:
        label += f" ({row.link.postponed_to})"
    if row.link.referred_to:
        label += f": {row.link.referred_to}"
    return label, row.link.reason


BIEU4 = [
    ("TT", 5, "int"),
    ("Thôn, buôn", 16, "text"),
    ("Phần", 7, "int"),
    ("Thứ tự ưu tiên", 8, "int"),
    ("Mã", 6, "text"),
    ("Tên hoạt động", 34, "text"),
    ("Lĩnh vực", 18, "text"),
    ("Loại hoạt động", 16, "text"),
    ("Kinh phí dự kiến (đồng)", 16, "money"),
    ("Dân góp (đồng)", 14, "money"),
    ("Ngày công", 8, "int"),
    ("Hạng nhóm nam", 7, "int"),
    ("Hạng nhóm nữ", 7, "int"),
    ("Nam, nữ khác biệt", 8, "text"),
    ("Kết quả xem xét", 18, "text"),
    ("Lý do", 30, "text"),
]


def _bieu4_values(n: int, r: NeedRow) -> list:
    fate, reason = _fate(r)
    return [
        n,
        r.unit.name,
        r.part,
        r.rank,
        r.need.code,
        r.need.title,
        r.need.sector.name if r.need.sector_id else "",
        KIND_VI.get(r.need.kind, r.need.kind),
        r.cost,
        r.contribution or None,
        r.labour_days,
        r.men_rank,
        r.women_rank,
        "Có" if r.disagree else "",
        fate,
        reason,
    ]


def _bieu4(wb: Workbook, agg: Aggregation) -> None:
    sheet = Sheet(wb, "Biểu 4", "TỔNG HỢP NHU CẦU CỦA CÁC THÔN, BUÔN THEO THỨ TỰ ƯU TIÊN", agg, BIEU4)
    n = 0
    all_rows = []
    for cn in agg.by_child:
        sheet.heading(
            f"{cn.child.unit.name} — Phần 2: {cn.part2_count}/2 hoạt động đề xuất ngân sách xã, huyện hỗ trợ"
        )
        for r in (*cn.part2, *cn.part1):
            n += 1
            sheet.write(_bieu4_values(n, r))
            all_rows.append(r)
    if agg.own:
        sheet.heading(f"Nhu cầu do {agg.plan.unit.name} bổ sung")
        for r in agg.own:
            n += 1
            sheet.write(_bieu4_values(n, r))
            all_rows.append(r)
    totals = [""] * len(BIEU4)
    totals[5] = TOTAL
    totals[8] = rollup.total(r.cost for r in all_rows)
    totals[9] = rollup.total(r.contribution for r in all_rows)
    sheet.write(totals, bold=True)
    if agg.not_sent:
        sheet.row += 1
        sheet.heading("Thôn, buôn chưa gửi kế hoạch")
        for c in agg.not_sent:
            status = "Đang dự thảo" if c.draft else "Chưa gửi"
            row = sheet.row
            sheet.write(["", c.unit.name, "", "", "", status])
            due = sheet.ws.cell(row=row, column=7, value="Hạn gửi:")
            due.border = BOX
            if c.due_on:
                cell = sheet.ws.cell(row=row, column=8, value=c.due_on)
                cell.number_format = DATE
                if c.overdue:
                    sheet.ws.cell(row=row, column=9, value="Quá hạn").font = Font(bold=True, color="A4161A")


NEEDS_COLUMNS = [
    ("TT", 5, "int"),
    ("Thôn, buôn", 16, "text"),
    ("Thứ tự ưu tiên", 8, "int"),
    ("Tên hoạt động", 34, "text"),
    ("Lĩnh vực", 18, "text"),
    ("Kinh phí (đồng)", 16, "money"),
    ("Dân góp (đồng)", 14, "money"),
    ("Ngày công", 8, "int"),
    ("Kết quả xem xét", 18, "text"),
    ("Lý do", 30, "text"),
]


def _needs_sheet(wb: Workbook, agg: Aggregation, name: str, title: str, rows: list[NeedRow]) -> None:
    sheet = Sheet(wb, name, title, agg, NEEDS_COLUMNS)
    for n, r in enumerate(rows, start=1):
        fate, reason = _fate(r)
        sheet.write(
            [
                n,
                r.unit.name,
                r.rank,
                f"{r.need.code}. {r.need.title}",
                r.need.sector.name if r.need.sector_id else "",
                r.cost,
                r.contribution or None,
                r.labour_days,
                fate,
                reason,
            ]
        )
    totals = agg.totals(rows)
    sheet.write(["", TOTAL, "", "", "", totals.cost, totals.contribution], bold=True)


ACTIVITY_COLUMNS = [
    ("TT", 6, "int"),
    ("Huyện", 16, "text"),
    ("Xã, phường", 18, "text"),
    ("Lĩnh vực", 14, "text"),
    ("Hoạt động", 36, "text"),
    ("Kinh phí (đồng)", 16, "money"),
    ("Nguồn vốn đề xuất", 22, "text"),
    ("Nhân dân đóng góp (đồng)", 15, "money"),
    ("Từ nhu cầu của thôn, buôn", 34, "text"),
]


def _activities_sheet(wb: Workbook, agg: Aggregation, plan: Plan) -> None:
    """The communes' priority activities, by commune, each with the village needs it came from."""
    rows = child_activities(plan)
    legacy = any(r.district for r in rows)
    columns = ACTIVITY_COLUMNS if legacy else [c for c in ACTIVITY_COLUMNS if c[0] != "Huyện"]
    sheet = Sheet(wb, "Hoạt động", "CÁC HOẠT ĐỘNG ƯU TIÊN CỦA CÁC XÃ, PHƯỜNG", agg, columns)
    for n, r in enumerate(rows, start=1):
        needs = "; ".join(f"{x.unit.name}: {x.code}. {x.title}" for x in r.needs)
        values = [
            n,
            r.commune.name,
            r.activity.sector.name if r.activity.sector_id else "",
            r.activity.title,
            r.activity.cost,
            r.activity.funding_source,
            r.activity.contribution_value,
            needs,
        ]
        sheet.write([n, r.district.name if r.district else "", *values[1:]] if legacy else values)
    cost = sum(r.cost for r in rows)
    contribution = sum(r.contribution for r in rows)
    total = ["", TOTAL, "", "", cost, "", contribution, ""]
    sheet.write(["", *total] if legacy else total, bold=True)


# --- B1, B2: the draft plan ---------------------------------------------------------------------------------------

B1 = [
    ("TT", 6, "text"),
    ("Chỉ tiêu, chỉ số", 40, "text"),
    ("Đơn vị tính", 10, "text"),
    ("Năm gốc", 12, "number"),
    ("Kế hoạch", 16, "number"),
    ("Xu hướng", 9, "text"),
    ("Nguồn kiểm chứng", 22, "text"),
    ("Đến năm", 8, "int"),
    ("Đến ngày", 12, "date"),
]


def _indicator_values(number: str, i: Indicator) -> list:
    return [
        number,
        i.statement or i.name,
        i.unit,
        i.baseline,
        i.target,
        DIRECTION_VI.get(i.direction, i.direction),
        i.verification,
        i.target_year,
        i.target_date,
    ]


def _b1(wb: Workbook, plan: Plan, doc: LogframePlan) -> None:
    sheet = Sheet(wb, "B1", f"CÁC CHỈ TIÊU KẾ HOẠCH NĂM {plan.year_from}", plan, B1)
    indicators = list(
        Indicator.objects.filter(plan=plan).select_related("objective__sector", "result__objective__sector")
    )
    sheet.heading("I. CHỈ TIÊU CHỦ YẾU")
    for n, kt in enumerate(plan.key_targets.all(), start=1):
        sheet.write([str(n), kt.text], bold=True)
        for m, i in enumerate((i for i in indicators if i.key_target_id == kt.pk), start=1):
            sheet.write(_indicator_values(f"{n}.{m}", i))
    lines = budget_amounts(doc)
    if lines:
        sheet.heading("KINH PHÍ THỰC HIỆN (đồng)")
    for stt, label, amount, bold in lines:
        row = sheet.row
        sheet.write([stt, label], bold=bold)
        cell = sheet.ws.cell(row=row, column=5, value=amount)
        cell.number_format, cell.border = MONEY, BOX
        if bold:
            cell.font = BOLD
    sheet.heading("II. CHỈ SỐ THEO LĨNH VỰC")
    others = [i for i in indicators if i.key_target_id is None]

    def where(i: Indicator):
        objective = i.objective or (i.result.objective if i.result_id else None)
        sector = objective.sector if objective and objective.sector_id else None
        return (sector.order if sector else 10**6, sector.name if sector else "", objective, i.result)

    others.sort(
        key=lambda i: (where(i)[0], where(i)[1], where(i)[2].order if where(i)[2] else 0, i.order, i.pk)
    )
    current = None
    for i in others:
        sector_name = where(i)[1] or "Khác"
        if sector_name != current:
            sheet.heading(sector_name)
            current = sector_name
        objective, result = where(i)[2], where(i)[3]
        number = f"KQ {result.number}" if result else (f"MT {objective.number}" if objective else "")
        sheet.write(_indicator_values(number, i))


B2 = [
    ("TT", 6, "text"),
    ("Hoạt động", 40, "text"),
    ("Quý I", 5, "text"),
    ("Quý II", 5, "text"),
    ("Quý III", 5, "text"),
    ("Quý IV", 5, "text"),
    ("Đơn vị chịu trách nhiệm", 18, "text"),
    ("Kinh phí (đồng)", 16, "money"),
    ("Nguồn vốn", 18, "text"),
    ("Đóng góp của người dân", 24, "text"),
    ("Giá trị đóng góp (đồng)", 14, "money"),
    ("Từ nhu cầu của thôn, buôn", 28, "text"),
]


def _b2(wb: Workbook, plan: Plan, doc: LogframePlan) -> None:
    """The plan's activities as the document prints them (same groups, numbers, costs), with the village needs
    each comes from and the value of the people's contribution; then the sums by funding source and the total."""
    sheet = Sheet(wb, "B2", f"KẾ HOẠCH HOẠT ĐỘNG NĂM {plan.year_from} THEO LĨNH VỰC", plan, B2)
    activities = iter(doc_activities(doc))
    for g in gantt_rows(doc):
        if g.kind != "activity":
            sheet.heading(g.label)
            continue
        a = next(activities)
        marks = ["x" if q in a.quarters else "" for q in QUARTERS]
        sheet.write(
            [
                str(a.number),
                a.title,
                *marks,
                a.responsible,
                a.cost,
                a.funding_source,
                a.people_contribution,
                a.contribution_value,
                a.origin,
            ]
        )
    for b in doc.budget_lines:
        sheet.write(["", f"Cộng nguồn vốn: {b.source}", "", "", "", "", "", b.amount], bold=False)
    value = rollup.total(a.contribution_value for a in doc.activities)
    sheet.write(["", TOTAL, "", "", "", "", "", doc.computed_total, "", "", value], bold=True)


def doc_activities(doc: LogframePlan) -> list:
    """The activities in the order the Gantt table prints them (each result's by number, then the others)."""
    out = []
    for s in doc.sectors:
        for r in s.results:
            out += sorted(r.activities, key=lambda a: lf.number_key(a.number))
    return out + list(doc.other_activities)


# --- the workbook ---------------------------------------------------------------------------------------------------


def export_workbook(plan: Plan, *, today: date | None = None) -> bytes:
    agg = aggregate(plan, today=today)
    doc = lf.to_core(plan)
    wb = Workbook()
    wb.remove(wb.active)
    wb.sedp_sheets = []  # every form, to be signed off once written
    children = _children_word(plan.unit)[1]
    _measures(wb, agg, "Biểu 1", f"SỐ LIỆU CƠ BẢN CỦA {children}", agg.form1, targets=False)
    _measures(wb, agg, "Biểu 2", f"CÁC CHỈ TIÊU CỦA {children}", agg.form2, targets=True)
    if is_upper(plan.unit):
        # Above the commune the children send activities (their logframes), each traced to village needs.
        _activities_sheet(wb, agg, plan)
    else:
        _bieu4(wb, agg)
        _needs_sheet(wb, agg, "Biểu 5", "NHU CẦU HỖ TRỢ KỸ THUẬT, DỊCH VỤ CÔNG", agg.services)
        _needs_sheet(wb, agg, "Biểu 6", "NHU CẦU ĐẦU TƯ XÂY DỰNG", agg.investments)
    _b1(wb, plan, doc)
    _b2(wb, plan, doc)
    for sheet in wb.sedp_sheets:
        sheet.sign_off(doc)
    # Making 70,000 cells and writing them takes openpyxl over a second at 100 villages: the file is kept (Django's
    # cache) under a digest of everything it holds, so it is made once per content, and any change (a fate, a
    # figure, a village's plan, the day it is made) makes it anew.
    digest = hashlib.sha256(
        "\n".join([str(WORKBOOK_LAYOUT), *(s.content() for s in wb.sedp_sheets)]).encode()
    ).hexdigest()
    key = f"sedp:commune-workbook:{plan.pk}:{digest}"
    data = cache.get(key)
    if data is None:
        for sheet in wb.sedp_sheets:
            sheet.flush()
        data = guard.workbook_bytes(wb)  # typed text stays text: no formula from a need's title or a name
        cache.set(key, data, timeout=7 * 24 * 3600)
    return data


def filename(plan: Plan) -> str:
    return f"bieu-xa-{plan.unit.pk}-{plan.year_from}-v{plan.version}.xlsx"
