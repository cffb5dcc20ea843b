"""Biểu 3 (the ranked draft mid-term plan) and Biểu 4 (the annual plan with scores and ranks) as .xlsx, in a layout a
commune official prints — title block with unit and year, Vietnamese column headers, totals — and read back, so
a village that worked on paper or in Excel is entered in one go.

Reading is all or nothing: every wrong cell is reported by sheet, row and column, and a file with any error saves
nothing. The workbook is always in Vietnamese: it is an official form, whatever language the reader's page is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from sedp.audit.actions import record
from sedp.exports import guard
from sedp.meetings.fields import parse_vnd
from sedp.needs import actions as need_actions
from sedp.needs.models import Need, NeedKind, Sector
from sedp.plans.models import Evaluation, Kind, Part, Plan, PlanItem, State

SHEET_3 = "Biểu 3"
SHEET_4 = "Biểu 4"
SHEET_EVAL = "Đánh giá năm trước"
TOTAL = "Tổng cộng"
PART_TITLES = {
    Part.OWN: "Phần 1: Hoạt động thôn, buôn tự huy động vốn, công lao động thực hiện",
    Part.BUDGET: "Phần 2: Hoạt động đề xuất ngân sách xã, huyện hỗ trợ (tối đa 2)",
}
KIND_VI = {NeedKind.SERVICE: "Hỗ trợ kỹ thuật, dịch vụ công", NeedKind.CONSTRUCTION: "Xây dựng"}
YES, NO = "Có", ""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    kind: str = (
        "text"  # text | money | int | decimal | rank | yesno | need_kind | formula (computed, not read)
    )


COLUMNS = [
    Column("rank", "TT", 5, "rank"),
    Column("code", "Mã", 6),
    Column("title", "Tên hoạt động", 34),
    Column("sector", "Lĩnh vực", 20),
    Column("kind", "Loại hoạt động", 16, "need_kind"),
    Column("place", "Địa điểm", 14),
    Column("quantity", "Khối lượng", 9, "decimal"),
    Column("quantity_unit", "Đơn vị tính", 9),
    Column("timing", "Thời gian thực hiện", 12),
    Column("estimated_cost", "Kinh phí dự kiến (đồng)", 16, "money"),
    Column("contribution_money", "Dân góp: tiền (đồng)", 14, "money"),
    Column("contribution_labour_days", "Dân góp: ngày công", 9, "int"),
    Column("contribution_labour_value", "Giá trị ngày công (đồng)", 14, "money"),
    Column("contribution_materials", "Dân góp: vật tư", 14),
    Column("contribution_materials_value", "Giá trị vật tư (đồng)", 14, "money"),
    Column("contribution_land", "Dân góp: đất", 12),
    Column("contribution_land_value", "Giá trị đất (đồng)", 14, "money"),
    Column("contribution_total", "Tổng dân góp (đồng)", 16, "formula"),
    Column("subgroup", "Nhóm đề xuất", 14),
    Column("proposed_by_women", "Phụ nữ đề xuất", 8, "yesno"),
    Column("score", "Điểm (0–100)", 8, "decimal"),
    Column("men_rank", "Hạng nhóm nam", 7, "int"),
    Column("women_rank", "Hạng nhóm nữ", 7, "int"),
]
NEW_COLUMN = Column("new_reason", "Hoạt động mới: lý do", 24)
MONEY_KEYS = [c.key for c in COLUMNS if c.kind == "money"]
# The people's contribution is the sum of these (sedp.core.money.people_contribution): a formula in the sheet.
CONTRIBUTION_VALUE_KEYS = [
    "contribution_money",
    "contribution_labour_value",
    "contribution_materials_value",
    "contribution_land_value",
]
HEADER_ROW = 7
MAX_ROWS = 1_000  # of a Biểu 3/4 read back: a village's plan has a few dozen activities
EVAL_COLUMNS = [
    ("activity", "Hoạt động năm trước", 30, "text"),
    ("progress", "Tiến độ", 16, "text"),
    ("quality", "Chất lượng", 16, "text"),
    ("invested_state", "Vốn nhà nước (đồng)", 14, "money"),
    ("invested_donors", "Vốn nhà tài trợ (đồng)", 14, "money"),
    ("invested_people", "Vốn nhân dân (đồng)", 14, "money"),
    ("management", "Quản lý", 16, "text"),
    ("supervision", "Giám sát", 16, "text"),
    ("impact", "Tác động đến đời sống", 24, "text"),
]

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)


def _columns(annual: bool) -> list[Column]:
    return [*COLUMNS, NEW_COLUMN] if annual else COLUMNS


def _row_values(item: PlanItem, annual: bool) -> list:
    need = item.need
    values = {
        "rank": item.rank,
        "code": need.code,
        "title": need.title,
        "sector": need.sector.name if need.sector_id else "",
        "kind": KIND_VI[need.kind],
        "place": need.place,
        "quantity": need.quantity,
        "quantity_unit": need.quantity_unit,
        "timing": need.timing,
        "estimated_cost": need.estimated_cost,
        "contribution_money": item.contribution_money,
        "contribution_labour_days": item.contribution_labour_days,
        "contribution_labour_value": item.contribution_labour_value,
        "contribution_total": None,  # a formula, written with the row (see _write_row)
        "contribution_materials": need.contribution_materials,
        "contribution_materials_value": item.contribution_materials_value,
        "contribution_land": need.contribution_land,
        "contribution_land_value": item.contribution_land_value,
        "subgroup": need.subgroup.name if need.subgroup_id else "",
        "proposed_by_women": YES if need.proposed_by_women else NO,
        "score": item.score,
        "men_rank": item.men_rank,
        "women_rank": item.women_rank,
        "new_reason": item.new_reason if item.is_new else "",
    }
    out = []
    for c in _columns(annual):
        v = values[c.key]
        out.append(float(v) if isinstance(v, Decimal) else ("" if v is None else v))
    return out


def _title_block(ws, plan: Plan, form: str, title: str, width: int) -> None:
    unit = plan.unit
    commune = unit.parent
    province = unit.province() if unit.parent_id else unit
    lines = [
        (form, False),
        (title, True),
        (
            f"Thôn, buôn: {unit.name}"
            + (f" — Xã, phường: {commune.name}" if commune else "")
            + f" — Tỉnh: {province.name}",
            False,
        ),
        (f"Phiên bản {plan.version} — {'Đã thông qua' if plan.state == State.ADOPTED else 'Dự thảo'}", False),
    ]
    for r, (text, bold) in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=text).font = Font(bold=bold, size=14 if bold else 11)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="right")


def _header(ws, columns: list[Column]) -> None:
    for i, c in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=c.header)
        cell.font, cell.border = BOLD, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)


def _letter(columns: list[Column], key: str) -> str:
    return get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.key == key))


def _write_row(ws, row: int, values: list, columns: list[Column], *, bold=False) -> None:
    for i, (c, v) in enumerate(zip(columns, values, strict=True), start=1):
        cell = ws.cell(row=row, column=i, value=v if v != "" else None)
        if c.kind == "formula" and v in ("", None):
            guard.formula(
                cell, "=SUM(" + ",".join(f"{_letter(columns, k)}{row}" for k in CONTRIBUTION_VALUE_KEYS) + ")"
            )
        cell.border = BOX
        if bold:
            cell.font = BOLD
        if c.kind in ("money", "formula"):
            cell.number_format = "#,##0"
        elif c.kind in ("text", "need_kind") and c.key == "title":
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _totals(ws, row: int, columns: list[Column]) -> None:
    """The totals row: a SUM formula over the rows above for every amount, so a corrected cell adds up again."""
    values: list = [""] * len(columns)
    values[2] = TOTAL
    first = HEADER_ROW + 1
    for i, c in enumerate(columns, start=1):
        if c.kind in ("money", "formula"):
            letter = get_column_letter(i)
            values[i - 1] = f"=SUM({letter}{first}:{letter}{row - 1})" if row > first else 0
    _write_row(ws, row, values, columns, bold=True)
    for i, v in enumerate(values, start=1):
        if isinstance(v, str) and v.startswith("=SUM("):
            guard.formula(ws.cell(row=row, column=i), v)


def _setup_print(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def export_plan(plan: Plan) -> bytes:
    items = list(plan.items.select_related("need__sector", "need__subgroup").order_by("part", "rank", "id"))
    annual = plan.kind != Kind.VILLAGE_MIDTERM
    columns = _columns(annual)
    wb = Workbook()
    ws = wb.active
    if annual:
        ws.title = SHEET_4
        _title_block(ws, plan, "Biểu 4", f"KẾ HOẠCH HÀNG NĂM {plan.year_from}", len(columns))
    else:
        ws.title = SHEET_3
        _title_block(
            ws, plan, "Biểu 3", f"KẾ HOẠCH TRUNG HẠN {plan.year_from} – {plan.year_to}", len(columns)
        )
    ws.cell(row=5, column=1, value="Sắp xếp theo thứ tự ưu tiên (điểm tổng hợp nhóm nam và nhóm nữ)")
    _header(ws, columns)
    row = HEADER_ROW + 1
    if annual:
        for part in (Part.OWN, Part.BUDGET):
            ws.cell(row=row, column=1, value=PART_TITLES[part]).font = BOLD
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
            row += 1
            for item in (i for i in items if i.part == part):
                _write_row(ws, row, _row_values(item, annual), columns)
                row += 1
    else:
        for item in items:
            _write_row(ws, row, _row_values(item, annual), columns)
            row += 1
    _totals(ws, row, columns)
    _setup_print(ws)
    if annual:
        ev = wb.create_sheet(SHEET_EVAL)
        ev.cell(row=1, column=1, value="ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN KẾ HOẠCH NĂM TRƯỚC").font = Font(
            bold=True, size=14
        )
        ev.cell(row=2, column=1, value="Thuận lợi, khó khăn:")
        ev.cell(row=2, column=2, value=plan.difficulties or None)
        ev.cell(row=3, column=1, value="Kết quả chủ yếu:")
        ev.cell(row=3, column=2, value=plan.main_results or None)
        for i, (_key, header, width, _kind) in enumerate(EVAL_COLUMNS, start=1):
            cell = ev.cell(row=5, column=i, value=header)
            cell.font, cell.border = BOLD, BOX
            cell.alignment = Alignment(wrap_text=True)
            ev.column_dimensions[get_column_letter(i)].width = width
        for r, e in enumerate(plan.evaluations.all(), start=6):
            for i, (key, _h, _w, kind) in enumerate(EVAL_COLUMNS, start=1):
                value = getattr(e, key)
                cell = ev.cell(row=r, column=i, value=value if value not in ("", None) else None)
                cell.border = BOX
                if kind == "money":
                    cell.number_format = "#,##0"
    return guard.workbook_bytes(wb)  # typed text stays text: no formula from a need's title or a name


def filename(plan: Plan) -> str:
    form = "bieu4" if plan.kind != Kind.VILLAGE_MIDTERM else "bieu3"
    return f"{form}-{plan.unit.pk}-{plan.year_from}-v{plan.version}.xlsx"


# --- reading back -------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=guard.Errors)
    plan: Plan | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.plan is not None


@dataclass
class _Row:
    line: int
    part: int | None
    values: dict


def _where(sheet: str, row: int, col: int, header: str) -> str:
    return _("Sheet “%(sheet)s”, row %(row)d, column %(col)s (%(header)s)") % {
        "sheet": sheet,
        "row": row,
        "col": get_column_letter(col),
        "header": header,
    }


# The most a cell may hold where that is below its field's range: an amount as on the forms (VNDField), a score
# out of 100, a rank among the rows a sheet may have, a village activity's labour days.
DOMAIN_MAX = {
    **{c.key: 10**15 for c in COLUMNS if c.kind == "money"},
    **{k: 10**15 for k, *_rest in EVAL_COLUMNS if k.startswith("invested_")},
    "score": 100,
    "rank": MAX_ROWS,
    "men_rank": MAX_ROWS,
    "women_rank": MAX_ROWS,
    "contribution_labour_days": 1_000_000,
}
# Texts that may run over several lines in their cell (Alt+Enter); the others are names and short values.
MULTILINE = {"new_reason", *(k for k, *_rest in EVAL_COLUMNS)}


def _field(key: str):
    """The model field a column is saved in (the need's, else the plan item's, else the evaluation's)."""
    for model in (Need, PlanItem, Evaluation):
        try:
            return model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
    return None


def _checked(value, key: str, where: str, errors: list[str], typed=None):
    """`value` if its field can hold it, else None with the error naming the cell."""
    model_field = _field(key)
    if model_field is None:
        problem = guard.text_problem(value) if isinstance(value, str) else None
    elif isinstance(value, str):
        problem = guard.text_problem(value, model_field, multiline=key in MULTILINE)
    else:
        problem = guard.too_large(value, model_field, DOMAIN_MAX.get(key), typed=typed)
    if problem:
        errors.append(where + ": " + problem)
        return None
    return value


def _cell(value, column: Column | tuple, where: str, errors: list[str]):
    kind = column.kind if isinstance(column, Column) else column[3]
    key = column.key if isinstance(column, Column) else column[0]
    if kind == "formula":  # computed from the row: whatever the file holds there is not read
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    read = _read_cell(value, kind, where, errors)
    if read is None or isinstance(read, bool) or kind in ("need_kind", "yesno"):
        return read
    return _checked(read, key, where, errors, typed=value)


def _read_cell(value, kind: str, where: str, errors: list[str]):
    if kind == "money":
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and value >= 0
            and float(value).is_integer()
        ):
            return int(value)
        amount = parse_vnd(str(value))
        if amount is None:
            errors.append(
                where + ": " + _("enter an amount in đồng, e.g. 17.052.000.000 (not “%(v)s”).") % {"v": value}
            )
        return amount
    if kind in ("int", "rank"):
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and value >= 0
            and float(value).is_integer()
        ):
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        errors.append(where + ": " + _("enter a whole number, 0 or more (not “%(v)s”).") % {"v": value})
        return None
    if kind == "decimal":
        try:
            number = (
                Decimal(str(value).strip().replace(",", "."))
                if isinstance(value, str)
                else Decimal(str(value))
            )
        except InvalidOperation:
            errors.append(where + ": " + _("enter a number (not “%(v)s”).") % {"v": value})
            return None
        if not number.is_finite():
            errors.append(where + ": " + _("enter a number (not “%(v)s”).") % {"v": value})
            return None
        if number < 0:
            errors.append(where + ": " + _("enter a number, 0 or more (not “%(v)s”).") % {"v": value})
            return None
        if number >= 10**15:  # its field's range is checked by the caller; quantizing this would fail
            return number
        return number.quantize(Decimal("0.01"))
    if kind == "yesno":
        text = str(value).strip().lower()
        if text in ("có", "x", "1", "yes", "co"):
            return True
        if text in ("không", "khong", "0", "no", ""):
            return False
        errors.append(where + ": " + _("write “Có” or leave empty (not “%(v)s”).") % {"v": value})
        return None
    if kind == "need_kind":
        for k, label in KIND_VI.items():
            if str(value).strip().lower() == label.lower():
                return k
        errors.append(
            where
            + ": "
            + _("write “%(a)s” or “%(b)s” (not “%(v)s”).")
            % {"a": KIND_VI[NeedKind.SERVICE], "b": KIND_VI[NeedKind.CONSTRUCTION], "v": value}
        )
        return None
    return str(value).strip()


def _years(title: str) -> tuple[int, int] | None:
    found = [int(y) for y in re.findall(r"\b(20\d\d)\b", title or "")]
    if not found:
        return None
    return found[0], found[-1]


UNIT_LINE = re.compile(r"^\s*Thôn, buôn:\s*(?P<name>.+?)\s*(?:—|$)")


def _unit_named(line) -> str | None:
    """The village the title block names ("Thôn, buôn: Buôn Ea Kmát — Xã, phường: …"), None if it names none."""
    found = UNIT_LINE.match(str(line or ""))
    return found["name"] if found else None


def read_workbook(data) -> tuple[dict, list[_Row], list[dict], list[str]]:
    """Parse a Biểu 3 or Biểu 4 workbook (bytes or an upload): (header facts, rows, evaluation rows, errors).
    The file goes through the upload guard first (size, type, unpacked size, rows and columns)."""
    errors = guard.Errors()
    try:
        wb = guard.open_xlsx(data, max_rows=MAX_ROWS)
    except ValidationError as exc:
        return {}, [], [], exc.messages
    if SHEET_4 in wb.sheetnames:
        name, annual = SHEET_4, True
    elif SHEET_3 in wb.sheetnames:
        name, annual = SHEET_3, False
    else:
        return {}, [], [], [_("The workbook has no sheet named “Biểu 3” or “Biểu 4”.")]
    ws = guard.Grid(wb[name])
    columns = _columns(annual)
    years = _years(ws.cell(row=2, column=1).value)
    if years is None:
        errors.append(
            _where(name, 2, 1, "tiêu đề")
            + ": "
            + _("the title must give the plan year, e.g. KẾ HOẠCH HÀNG NĂM 2027.")
        )
    for i, c in enumerate(columns, start=1):
        found = ws.cell(row=HEADER_ROW, column=i).value
        if (found or "").strip() != c.header:
            errors.append(
                _where(name, HEADER_ROW, i, c.header)
                + ": "
                + _("the column header must be “%(h)s” (found “%(v)s”).") % {"h": c.header, "v": found or ""}
            )
    if errors:
        return {}, [], [], errors
    rows: list[_Row] = []
    part: int | None = None
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        raw = [ws.cell(row=r, column=i).value for i in range(1, len(columns) + 1)]
        first = str(raw[0] or "").strip()
        if annual and first.startswith("Phần 1"):
            part = Part.OWN
            continue
        if annual and first.startswith("Phần 2"):
            part = Part.BUDGET
            continue
        if str(raw[2] or "").strip() == TOTAL or all(v in (None, "") for v in raw):
            continue
        values = {
            c.key: _cell(v, c, _where(name, r, i, c.header), errors)
            for i, (c, v) in enumerate(zip(columns, raw, strict=True), start=1)
        }
        if not values["title"] and not str(raw[2] or "").strip():  # (a title refused has its own error)
            errors.append(_where(name, r, 3, columns[2].header) + ": " + _("the activity needs a name."))
        if annual and part is None:
            errors.append(
                _where(name, r, 1, columns[0].header) + ": " + _("the row is above “Phần 1” and “Phần 2”.")
            )
        rows.append(_Row(r, part, values))
    evaluations: list[dict] = []
    facts = {
        "annual": annual,
        "years": years,
        "sheet": name,
        "unit_name": _unit_named(ws.cell(row=3, column=1).value),
    }
    if annual and SHEET_EVAL in wb.sheetnames:
        ev = guard.Grid(wb[SHEET_EVAL])
        for r, key in ((2, "difficulties"), (3, "main_results")):
            facts[key] = str(ev.cell(row=r, column=2).value or "")
            if problem := guard.text_problem(facts[key], multiline=True):
                errors.append(
                    _where(SHEET_EVAL, r, 2, str(ev.cell(row=r, column=1).value or "")) + ": " + problem
                )
        for r in range(6, ev.max_row + 1):
            raw = [ev.cell(row=r, column=i).value for i in range(1, len(EVAL_COLUMNS) + 1)]
            if all(v in (None, "") for v in raw):
                continue
            evaluations.append(
                {
                    col[0]: _cell(v, col, _where(SHEET_EVAL, r, i, col[1]), errors)
                    or ("" if col[3] == "text" else None)
                    for i, (col, v) in enumerate(zip(EVAL_COLUMNS, raw, strict=True), start=1)
                }
            )
    return facts, rows, evaluations, errors


NEED_KEYS = [
    "title",
    "kind",
    "place",
    "quantity",
    "quantity_unit",
    "timing",
    "estimated_cost",
    "contribution_materials",
    "contribution_land",
]


def import_plan(unit, data, *, actor) -> ImportReport:
    """Read a Biểu 3 or 4 into a new draft plan of `unit`. Needs are matched by code (created when new, updated
    when the sheet differs). Nothing is saved if any cell is wrong."""
    facts, rows, evaluations, errors = read_workbook(data)
    report = ImportReport(errors=errors)
    if errors:
        return report
    sheet = facts["sheet"]
    named = facts.get("unit_name")
    if named and named.strip().casefold() != unit.name.strip().casefold():
        report.errors.append(
            _where(sheet, 3, 1, "tiêu đề")
            + ": "
            + _(
                "this workbook is the plan of %(named)s, not of %(unit)s. Import it on %(named)s's page, or "
                "correct the village's name in the title if the plan really is %(unit)s's."
            )
            % {"named": named, "unit": unit.name}
        )
        return report
    sectors = {s.name.strip().lower(): s for s in Sector.for_unit(unit)}
    existing = {n.code: n for n in Need.objects.filter(unit=unit)}
    codes_seen: set[str] = set()
    for row in rows:
        v = row.values
        if v["sector"] and v["sector"].strip().lower() not in sectors:
            report.errors.append(
                _where(sheet, row.line, 4, COLUMNS[3].header)
                + ": "
                + _("unknown sector “%(v)s”.") % {"v": v["sector"]}
            )
        if v["code"]:
            if v["code"] in codes_seen:
                report.errors.append(
                    _where(sheet, row.line, 2, COLUMNS[1].header)
                    + ": "
                    + _("the code %(v)s appears twice.") % {"v": v["code"]}
                )
            codes_seen.add(v["code"])
    if facts["annual"] and sum(1 for r in rows if r.part == Part.BUDGET) > 2:
        third = [r for r in rows if r.part == Part.BUDGET][2]
        report.errors.append(
            _where(sheet, third.line, 1, COLUMNS[0].header)
            + ": "
            + _("Part 2 can hold at most 2 activities asked of the commune or district budget.")
        )
    if report.errors:
        return report
    year_from, year_to = facts["years"]
    try:
        with transaction.atomic():
            report.plan = _save(unit, facts, rows, evaluations, sectors, existing, year_from, year_to, actor)
    except ValidationError as exc:
        report.errors.extend(exc.messages)
        report.plan = None
    return report


def _save(unit, facts, rows, evaluations, sectors, existing, year_from, year_to, actor) -> Plan:
    annual = facts["annual"]
    kind = Kind.VILLAGE_ANNUAL if annual else Kind.VILLAGE_MIDTERM
    source = None
    if annual:
        source = (
            Plan.objects.filter(
                unit=unit,
                kind=Kind.VILLAGE_MIDTERM,
                state=State.ADOPTED,
                year_from__lte=year_from,
                year_to__gte=year_from,
            )
            .order_by("-version")
            .first()
        )
    top = Plan.objects.filter(unit=unit, kind=kind, year_from=year_from).aggregate(v=Max("version"))["v"] or 0
    plan = Plan.objects.create(
        unit=unit,
        kind=kind,
        year_from=year_from,
        year_to=year_to,
        version=top + 1,
        source=source,
        cycle=source.cycle if source else None,
        difficulties=facts.get("difficulties", ""),
        main_results=facts.get("main_results", ""),
        created_by=actor,
    )
    source_needs = set(source.items.values_list("need_id", flat=True)) if source else set()
    for row in rows:
        v = row.values
        fields = {
            k: v[k]
            if v[k] is not None
            else (
                ""
                if k in ("place", "quantity_unit", "timing", "contribution_materials", "contribution_land")
                else None
            )
            for k in NEED_KEYS
        }
        fields["kind"] = v["kind"] or NeedKind.CONSTRUCTION
        fields["sector"] = sectors.get((v["sector"] or "").strip().lower())
        fields["proposed_by_women"] = bool(v["proposed_by_women"])
        fields["contribution_money"] = v["contribution_money"]
        fields["contribution_labour_days"] = v["contribution_labour_days"]
        fields["contribution_labour_value"] = v["contribution_labour_value"]
        fields["contribution_materials_value"] = v["contribution_materials_value"]
        fields["contribution_land_value"] = v["contribution_land_value"]
        need = existing.get(v["code"]) if v["code"] else None
        if need is None:
            need = need_actions.create_need(unit, actor=actor, code=v["code"] or "", **fields)
            existing[need.code] = need
        else:
            changed = {k: val for k, val in fields.items() if getattr(need, k) != val}
            if changed:
                need_actions.update_need(need, actor=actor, **changed)
        is_new = annual and need.pk not in source_needs
        PlanItem.objects.create(
            plan=plan,
            need=need,
            rank=v["rank"] or 0,
            part=row.part if annual else None,
            score=v["score"],
            men_rank=v["men_rank"],
            women_rank=v["women_rank"],
            contribution_money=v["contribution_money"],
            contribution_labour_days=v["contribution_labour_days"],
            contribution_labour_value=v["contribution_labour_value"],
            contribution_materials_value=v["contribution_materials_value"],
            contribution_land_value=v["contribution_land_value"],
            is_new=bool(is_new or v.get("new_reason")),
            new_reason=v.get("new_reason") or "",
        )
    Evaluation.objects.bulk_create(Evaluation(plan=plan, **e) for e in evaluations)
    record(actor, "plans.import", plan, after={"sheet": facts["sheet"], "rows": len(rows)})
    return plan
