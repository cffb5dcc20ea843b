"""Price observations from an Excel workbook (.xlsx), read through the upload guard (`sedp.exports.guard`): every
row checked first, each error named by its row and column ("Dòng 5, cột F (Giá): …"), then all rows saved in one
transaction — or none if any row has an error. The template to fill in is `template_bytes`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sedp.core.text import fold
from sedp.exports import guard
from sedp.meetings.fields import parse_vnd

from . import actions
from .models import MAX_PRICE, Measure, Stage

# key, header as printed, width, example
COLUMNS = [
    ("observed_on", "Ngày (dd/mm/yyyy)", 16),
    ("product", "Sản phẩm", 18),
    ("market", "Chợ / nơi mua bán", 22),
    ("stage", "Khâu", 20),
    ("measure", "Đơn vị tính", 12),
    ("price", "Giá (đồng)", 14),
    ("source", "Nguồn tin", 24),
]
LABELS = {
    "observed_on": "Ngày",
    "product": "Sản phẩm",
    "market": "Chợ",
    "stage": "Khâu",
    "measure": "Đơn vị tính",
    "price": "Giá",
    "source": "Nguồn tin",
}
REQUIRED = ["observed_on", "product", "market", "stage", "measure", "price"]
_HEADERS = {
    "ngay": "observed_on",
    "ngay quan sat": "observed_on",
    "san pham": "product",
    "mat hang": "product",
    "cho": "market",
    "cho noi mua ban": "market",
    "noi mua ban": "market",
    "thi truong": "market",
    "khau": "stage",
    "don vi tinh": "measure",
    "dvt": "measure",
    "gia": "price",
    "gia dong": "price",
    "nguon tin": "source",
    "nguon": "source",
}
STAGE_VI = {
    Stage.INPUTS: "Đầu vào",
    Stage.PRODUCTION: "Sản xuất (tại vườn)",
    Stage.COLLECTION: "Thu gom",
    Stage.PROCESSING: "Chế biến",
    Stage.WHOLESALE: "Bán buôn",
    Stage.RETAIL: "Bán lẻ",
}
_STAGES = {fold(v): k for k, v in STAGE_VI.items()} | {
    "san xuat": Stage.PRODUCTION,
    "tai vuon": Stage.PRODUCTION,
    "gia tai vuon": Stage.PRODUCTION,
    "tai ruong": Stage.PRODUCTION,
    "ban si": Stage.WHOLESALE,
    **{k: k for k in Stage.values},
}
_MEASURES = {fold(m): m for m in Measure.values}


def _norm_header(text: Any) -> str:
    bare = re.sub(r"[^a-z0-9 ]+", " ", fold(str(text or "")).split("(")[0])
    return re.sub(r"\s+", " ", bare).strip()


def _letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Report:
    saved: int = 0
    errors: guard.Errors = field(default_factory=guard.Errors)

    @property
    def ok(self) -> bool:
        return not self.errors


def where(row: int | None, column: str | None, label: str | None, message: str) -> str:
    if row and column:
        return _("Row %(row)s, column %(column)s (%(label)s): %(message)s") % {
            "row": row,
            "column": column,
            "label": label,
            "message": message,
        }
    if row:
        return _("Row %(row)s: %(message)s") % {"row": row, "message": message}
    return message


_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DMY.match(str(value))
    if not m:
        raise ValueError(
            _("“%(value)s” is not a date written dd/mm/yyyy, e.g. 05/02/2026.") % {"value": value}
        )
    day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            _("%(value)s is not a real date.") % {"value": f"{day:02d}/{month:02d}/{year}"}
        ) from None


def _price(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        value = int(value)
    if isinstance(value, int):
        amount = value
    else:
        amount = parse_vnd(str(value))
        if amount is None:
            raise ValueError
    if not 0 < amount <= MAX_PRICE:
        raise ValueError
    return amount


def import_prices(unit, source: bytes | IO[bytes], *, filename: str, actor) -> Report:
    report = Report()
    if not filename.lower().endswith(".xlsx"):
        report.errors.append(_("Only .xlsx files can be imported: use the template."))
        return report
    try:
        rows = guard.sheet_rows(guard.open_xlsx(source, max_rows=5_000).worksheets[0])
    except ValidationError as exc:
        report.errors.extend(exc.messages)
        return report
    header_at = None
    columns: dict[str, int] = {}
    for i, row in enumerate(rows[:20]):
        found = {}
        for j, cell in enumerate(row):
            key = _HEADERS.get(_norm_header(cell))
            if key and key not in found:
                found[key] = j
        if {"observed_on", "price"} <= found.keys():
            header_at, columns = i, found
            break
    if header_at is None:
        report.errors.append(
            _("No header row found: the first sheet must have the template's columns (Ngày … Giá).")
        )
        return report
    for key in REQUIRED:
        if key not in columns:
            report.errors.append(
                where(
                    header_at + 1, None, None, _("column “%(column)s” is missing.") % {"column": LABELS[key]}
                )
            )
    if report.errors:
        return report

    parsed: list[dict] = []
    for offset, row in enumerate(rows[header_at + 1 :]):
        number = header_at + 2 + offset
        cells = {k: (row[j] if j < len(row) else None) for k, j in columns.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        values: dict[str, Any] = {}
        row_errors = []

        def err(key: str, message: str, number=number, row_errors=row_errors) -> None:
            row_errors.append(where(number, _letter(columns[key]), LABELS[key], message))

        for key in REQUIRED:
            if _blank(cells[key]):
                err(key, _("the cell is empty."))
        if not _blank(cells["observed_on"]):
            try:
                values["observed_on"] = _date(cells["observed_on"])
            except ValueError as exc:
                err("observed_on", str(exc))
        for key in ("product", "market"):
            if not _blank(cells[key]):
                text = " ".join(unicodedata.normalize("NFC", str(cells[key])).split())
                if len(text) > 100 or any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
                    err(key, _("longer than 100 characters or holds characters that are not text."))
                else:
                    values[key] = text
        if not _blank(cells["stage"]):
            stage = _STAGES.get(fold(str(cells["stage"])).strip())
            if stage is None:
                err(
                    "stage",
                    _("“%(value)s” is not a stage; write one of: %(allowed)s.")
                    % {"value": cells["stage"], "allowed": ", ".join(STAGE_VI.values())},
                )
            else:
                values["stage"] = stage
        if not _blank(cells["measure"]):
            measure = _MEASURES.get(fold(str(cells["measure"])).strip())
            if measure is None:
                err(
                    "measure",
                    _("“%(value)s” is not a unit of measure; write one of: %(allowed)s.")
                    % {"value": cells["measure"], "allowed": ", ".join(Measure.values)},
                )
            else:
                values["measure"] = measure
        if not _blank(cells["price"]):
            try:
                values["price"] = _price(cells["price"])
            except (ValueError, TypeError):
                err(
                    "price",
                    _(
                        "“%(value)s” is not a price in đồng greater than 0, e.g. 45.000 (at most 1.000.000.000.000)."
                    )
                    % {"value": cells["price"]},
                )
        source_cell = cells.get("source")
        values["source"] = "" if _blank(source_cell) else " ".join(str(source_cell).split())[:200]
        if row_errors:
            report.errors.extend(row_errors)
        else:
            parsed.append(values)
    if report.errors:
        return report
    if not parsed:
        report.errors.append(_("The sheet has the header but no price."))
        return report
    report.saved = actions.save_prices(unit, parsed, actor=actor, filename=filename.rsplit("/", 1)[-1][:100])
    return report


def template_bytes(unit) -> bytes:
    """The workbook to fill in: the columns, the allowed stages and units in lists, a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Giá cả"
    for j, (_key, header, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=j, value=header)
        cell.font = Font(bold=True)
        ws.column_dimensions[_letter(j - 1)].width = width
    for r in range(2, 502):
        ws.cell(row=r, column=1).number_format = "DD/MM/YYYY"
        ws.cell(row=r, column=6).number_format = "#,##0"
    stages = DataValidation(type="list", formula1='"' + ",".join(STAGE_VI.values()) + '"', allow_blank=True)
    measures = DataValidation(type="list", formula1='"' + ",".join(Measure.values) + '"', allow_blank=True)
    ws.add_data_validation(stages)
    ws.add_data_validation(measures)
    stages.add("D2:D501")
    measures.add("E2:E501")
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("Hướng dẫn")
    lines = [
        f"Giá cả thị trường — {unit.name}",
        "Mỗi dòng là một lần ghi giá: ngày, sản phẩm, chợ (hoặc nơi mua bán), khâu, đơn vị tính, giá và nguồn tin.",
        "Ngày ghi dd/mm/yyyy, ví dụ 05/02/2026. Giá ghi bằng đồng, số nguyên, ví dụ 45000 hoặc 45.000.",
        "Khâu: " + ", ".join(STAGE_VI.values()) + ".",
        "Đơn vị tính: " + ", ".join(Measure.values) + ".",
        "Nếu có dòng sai, không dòng nào được lưu: trang nhập sẽ chỉ rõ dòng và cột cần sửa.",
    ]
    for i, line in enumerate(lines, start=1):
        help_ws.cell(row=i, column=1, value=line)
    help_ws.column_dimensions["A"].width = 110
    return guard.workbook_bytes(wb)
