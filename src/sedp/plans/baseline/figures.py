"""A village's baseline figures (Biểu 1) and indicators (Biểu 2) for a plan year: what it has stated, what is
still missing, last year's values beside this year's, and the same two forms as a workbook, written and read back.

Figures belong to the village and the plan year (`Figure`), not to a plan, so a village states them whether or not
it has started its annual plan, and the commune's Biểu 1/2 (`sedp.plans.rollup.aggregation`) read them for every village.

Reading a workbook takes the commune's own (Biểu 1 and Biểu 2 sheets of `commune_excel`, one column per village)
or a village's (the same layout, one village): a village takes its own columns, a commune every column of its
villages — so a commune can collect the villages' sheets in one file. Reading is all or nothing, as for Biểu 3/4
(`sedp.exports.village_forms`): every wrong cell is named by sheet, row and column, and a file with any error saves nothing.
A blank cell leaves the figure as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sedp.core.numbers import format_decimal, parse_decimal
from sedp.core.text import fold, natural_key
from sedp.exports import guard
from sedp.exports.commune_forms import HEADER_ROW, ROLLUP_VI
from sedp.exports.village_forms import BOLD, BOX, _where
from sedp.places.models import Unit
from sedp.plans import actions
from sedp.plans.models import Figure, Form, Measure

SHEETS = {Form.BASELINE: "Biểu 1", Form.INDICATORS: "Biểu 2"}
TITLES = {
    Form.BASELINE: "SỐ LIỆU CƠ BẢN CỦA THÔN, BUÔN",
    Form.INDICATORS: "CÁC CHỈ TIÊU CỦA THÔN, BUÔN",
}
NOW, TARGET = "hiện trạng", "kế hoạch"
NAME_HEADER = "Chỉ tiêu"
MAX_ROWS = 1000  # a form has a few dozen lines; the upload guard refuses a sheet of more rows
# Matched on folded text: "Năm kế hoạch 2027", "NĂM KẾ HOẠCH: 2027".
_YEAR = re.compile(r"nam ke hoach\W*(\d{4})")


# --- what a village has stated ------------------------------------------------------------------------------------


@dataclass
class Line:
    """One measure of a village's Biểu 1 or 2 for the year, with last year's value beside it."""

    measure: Measure
    value: Decimal | None = None
    target: Decimal | None = None
    last_value: Decimal | None = None
    last_target: Decimal | None = None

    @property
    def indicator(self) -> bool:
        return self.measure.form == Form.INDICATORS

    @property
    def missing(self) -> bool:
        """No value for the year: the commune's Biểu 1/2 cannot count the village for this measure."""
        return self.value is None

    @property
    def target_missing(self) -> bool:
        return self.indicator and self.value is not None and self.target is None

    @property
    def last_value_text(self) -> str:
        return format_decimal(self.last_value)

    @property
    def last_target_text(self) -> str:
        return format_decimal(self.last_target)


def measures_for(unit: Unit) -> list[Measure]:
    return list(
        Measure.for_unit(unit).select_related("numerator", "denominator").order_by("form", "order", "id")
    )


def lines(unit: Unit, year: int, figures=None) -> list[Line]:
    """Every measure of the village, in the forms' order, with this year's and last year's figures. `figures` is
    the queryset to read them from (the reader's, through the policy); all figures by default."""
    figures = Figure.objects.all() if figures is None else figures
    found = {(f.year, f.measure_id): f for f in figures.filter(unit=unit, year__in=[year, year - 1])}
    out = []
    for m in measures_for(unit):
        now, last = found.get((year, m.pk)), found.get((year - 1, m.pk))
        out.append(
            Line(
                m,
                now.value if now else None,
                now.target if now else None,
                last.value if last else None,
                last.target if last else None,
            )
        )
    return out


@dataclass
class VillageStatus:
    unit: Unit
    missing: list[Measure]
    total: int

    @property
    def stated(self) -> int:
        return self.total - len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing


def villages_status(commune: Unit, year: int) -> list[VillageStatus]:
    """Each village of the commune with the measures it has no value for yet in the year, in two queries whatever
    the number of villages."""
    villages = sorted(
        Unit.objects.filter(parent=commune, is_legacy=commune.is_legacy), key=lambda u: natural_key(u.name)
    )
    measures = measures_for(commune)
    done: dict[int, set[int]] = {}
    stated = Figure.objects.filter(unit__in=villages, year=year, value__isnull=False)
    for unit_id, measure_id in stated.values_list("unit_id", "measure_id"):
        done.setdefault(unit_id, set()).add(measure_id)
    return [
        VillageStatus(v, [m for m in measures if m.pk not in done.get(v.pk, set())], len(measures))
        for v in villages
    ]


# --- the village's own workbook -----------------------------------------------------------------------------------


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet(wb: Workbook, unit: Unit, year: int, form: int, rows: list[Line]) -> None:
    indicators = form == Form.INDICATORS
    ws = wb.create_sheet(SHEETS[form])
    headers = [("TT", 5), (NAME_HEADER, 34), ("Đơn vị tính", 10), ("Cách tổng hợp", 16)]
    if indicators:
        headers += [(f"{unit.name}: {NOW}", 13), (f"{unit.name}: {TARGET}", 13)]
        headers += [(f"Năm {year - 1}: {NOW}", 12), (f"Năm {year - 1}: {TARGET}", 12)]
    else:
        headers += [(unit.name, 13), (f"Năm {year - 1}", 12)]
    commune = unit.parent
    province = unit.province() if unit.parent_id else unit
    place = " — ".join(u.name for u in (unit, commune, province) if u is not None)
    title = [(SHEETS[form], False), (TITLES[form], True), (f"{place} — Năm kế hoạch {year}", False)]
    for r, (text, bold) in enumerate(title, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = Font(bold=bold, size=14 if bold else 11)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(headers))
        cell.alignment = Alignment(horizontal="right" if r == 1 else "center")
    ws.cell(row=4, column=1, value=f"Ngày lập: {timezone.localdate():%d/%m/%Y}")
    ws.cell(
        row=5,
        column=1,
        value="Ghi số vào cột của thôn, buôn; để trống ô chưa có số liệu. Cột năm trước chỉ để đối chiếu.",
    )
    for i, (header, width) in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=header)
        cell.font, cell.border = BOLD, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    for n, line in enumerate(rows, start=1):
        m = line.measure
        values = [n, m.name, m.measure_unit, ROLLUP_VI.get(m.rollup, m.rollup)]
        values += (
            [line.value, line.target, line.last_value, line.last_target]
            if indicators
            else [line.value, line.last_value]
        )
        for i, v in enumerate(values, start=1):
            cell = ws.cell(row=HEADER_ROW + n, column=i, value=_number(v) if isinstance(v, Decimal) else v)
            cell.border = BOX
            if i > 4:
                cell.number_format = "#,##0.##"
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    below = HEADER_ROW + len(rows) + 2
    for column, lines_ in (
        (2, ["Người lập biểu", "(Ký, ghi rõ họ tên)"]),
        (5, ["TRƯỞNG THÔN, BUÔN", "(Ký, ghi rõ họ tên)"]),
    ):
        for k, text in enumerate(lines_):
            cell = ws.cell(row=below + k, column=column, value=text)
            cell.font = Font(bold=k == 0, italic=k == 1)
            cell.alignment = Alignment(horizontal="center")
        if column == 5:
            for k in range(2):
                ws.merge_cells(
                    start_row=below + k, start_column=5, end_row=below + k, end_column=len(headers)
                )
    ws.oddFooter.center.text = f"{SHEETS[form]} — {unit.name} — năm {year} — trang &P/&N"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def export_workbook(unit: Unit, year: int) -> bytes:
    """The village's Biểu 1 and Biểu 2 for the year, in the commune workbook's layout (its column named after the
    village), with last year's figures beside: to fill in on paper or in Excel and import again."""
    rows = lines(unit, year)
    wb = Workbook()
    wb.remove(wb.active)
    for form in (Form.BASELINE, Form.INDICATORS):
        _sheet(wb, unit, year, form, [r for r in rows if r.measure.form == form])
    return guard.workbook_bytes(wb)  # typed text stays text: no formula from a need's title or a name


def filename(unit: Unit, year: int) -> str:
    return f"bieu1-2-{unit.pk}-{year}.xlsx"


# --- reading a workbook back --------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=guard.Errors)
    # What was read for each village: {village: {measure: (value, target)}}, and what changed once saved.
    read: dict[Unit, dict[Measure, tuple[Decimal | None, Decimal | None]]] = field(default_factory=dict)
    changed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.read)

    @property
    def villages(self) -> list[Unit]:
        return sorted(self.read, key=lambda u: natural_key(u.name))

    @property
    def cells(self) -> int:
        return sum(
            (v is not None) + (t is not None) for figures in self.read.values() for v, t in figures.values()
        )


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _numeric(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    try:
        parse_decimal(str(value))
    except ValueError:
        return False
    return True


def _header_row(ws) -> tuple[int, int] | None:
    """(row, column) of the "Chỉ tiêu" header: row 6 in the workbooks we write, searched in case rows were added."""
    for r in range(1, min(ws.max_row, 20) + 1):
        for c in range(1, min(ws.max_column, 6) + 1):
            if fold(_text(ws.cell(row=r, column=c).value)) == fold(NAME_HEADER):
                return r, c
    return None


def _village_columns(ws, row: int, start: int, villages: dict[str, Unit], indicators: bool) -> dict:
    """{column: (village, "value" | "target", header)} for the columns named after the villages we may fill."""
    out = {}
    for c in range(start + 1, ws.max_column + 1):
        header = _text(ws.cell(row=row, column=c).value)
        name, _sep, part = header.rpartition(":") if ":" in header else (header, "", "")
        village = villages.get(fold(name))
        if village is None:
            continue
        part = fold(part)
        if part in ("", fold(NOW)):
            out[c] = (village, "value", header)
        elif part == fold(TARGET) and indicators:
            out[c] = (village, "target", header)
    return out


def read_workbook(data, year: int, villages: list[Unit]) -> ImportReport:
    """Read Biểu 1/2 figures of `villages` for `year` out of a commune's or a village's workbook (bytes or an
    upload, through the upload guard). Nothing is saved here; the report holds the figures read or the errors."""
    report = ImportReport()
    errors = report.errors
    try:
        wb = guard.open_xlsx(data, max_rows=MAX_ROWS)
    except ValidationError as exc:
        errors.extend(exc.messages)
        return report
    sheets = {form: name for form, name in SHEETS.items() if name in wb.sheetnames}
    if not sheets:
        errors.append(_("The workbook has no sheet named “Biểu 1” or “Biểu 2”."))
        return report
    by_name = {fold(v.name): v for v in villages}
    allowed = {v: set(measures_for(v)) for v in villages}
    measures = {m for ms in allowed.values() for m in ms}
    found_any = False
    for form, name in sheets.items():
        ws = guard.Grid(wb[name])
        indicators = form == Form.INDICATORS
        header = _header_row(ws)
        if header is None:
            errors.append(
                _(
                    "Sheet “%(sheet)s”: no column header “%(h)s” was found (the sheet must keep the form's layout)."
                )
                % {"sheet": name, "h": NAME_HEADER}
            )
            continue
        hrow, name_col = header
        _check_year(ws, name, hrow, year, errors)
        columns = _village_columns(ws, hrow, name_col, by_name, indicators)
        if not columns:
            continue
        found_any = True
        known = {fold(m.name): m for m in measures if m.form == form}
        seen: dict[Measure, int] = {}
        for r in range(hrow + 1, min(ws.max_row, hrow + MAX_ROWS) + 1):
            label = _text(ws.cell(row=r, column=name_col).value)
            cells = {c: ws.cell(row=r, column=c).value for c in columns}
            given = {c: v for c, v in cells.items() if _text(v)}
            measure = known.get(fold(label)) if label else None
            if measure is None:
                # Numbers under a name we do not know are an error; a blank row, a note or the signatures are not.
                if any(_numeric(v) for v in given.values()):
                    errors.append(
                        _where(name, r, name_col, NAME_HEADER)
                        + ": "
                        + _("“%(v)s” is not a line of %(sheet)s; write the name as the form has it.")
                        % {"v": label, "sheet": name}
                    )
                continue
            if measure in seen:
                errors.append(
                    _where(name, r, name_col, NAME_HEADER)
                    + ": "
                    + _("“%(v)s” appears twice (also row %(row)d).") % {"v": label, "row": seen[measure]}
                )
                continue
            seen[measure] = r
            for c, raw in given.items():
                village, part, head = columns[c]
                if measure not in allowed[village]:
                    errors.append(
                        _where(name, r, c, head)
                        + ": "
                        + _("“%(v)s” is not a figure of %(village)s.") % {"v": label, "village": village.name}
                    )
                    continue
                try:
                    number = parse_decimal(raw if not isinstance(raw, str) else raw.strip())
                except ValueError:
                    errors.append(
                        _where(name, r, c, head)
                        + ": "
                        + _("enter a number, 0 or more, e.g. 10,5 or 1.250 (not “%(v)s”).") % {"v": raw}
                    )
                    continue
                if number >= Decimal(10) ** 14:
                    errors.append(_where(name, r, c, head) + ": " + _("the number is too large."))
                    continue
                figures = report.read.setdefault(village, {})
                value, target = figures.get(measure, (None, None))
                figures[measure] = (number, target) if part == "value" else (value, number)
    if not errors and not found_any:
        errors.append(
            _(
                "No column of the file is named after %(villages)s: the column headers must keep the village's name."
            )
            % {"villages": ", ".join(v.name for v in sorted(villages, key=lambda u: natural_key(u.name)))}
        )
    if errors:
        report.read = {}
    elif not report.read:
        errors.append(_("The file has no figures to import: every cell of the villages' columns is empty."))
    return report


def _check_year(ws, sheet: str, hrow: int, year: int, errors: list[str]) -> None:
    for r in range(1, hrow):
        for c in range(1, min(ws.max_column, 6) + 1):
            match = _YEAR.search(fold(_text(ws.cell(row=r, column=c).value)))
            if match:
                if int(match.group(1)) != year:
                    errors.append(
                        _where(sheet, r, c, "tiêu đề")
                        + ": "
                        + _("the file holds the figures of %(found)s, not of %(year)d.")
                        % {"found": match.group(1), "year": year}
                    )
                return
    errors.append(
        _where(sheet, 3, 1, "tiêu đề")
        + ": "
        + _("the title must give the plan year, e.g. “Năm kế hoạch %(year)d”.") % {"year": year}
    )


def read_files(files: list[tuple[str, Any]], year: int, villages: list[Unit]) -> ImportReport:
    """Several workbooks (bytes or uploads) read as one (a commune collecting its villages' files): each file's
    errors named with the file; a cell two files fill with different numbers is an error too."""
    guard.check_files(files)
    if len(files) == 1:
        return read_workbook(files[0][1], year, villages)
    report = ImportReport()
    origin: dict[tuple[Unit, Measure, int], str] = {}
    for name, data in files:
        one = read_workbook(data, year, villages)
        report.errors += [_("File “%(file)s”: %(error)s") % {"file": name, "error": e} for e in one.errors]
        report.errors.more += getattr(one.errors, "more", 0)
        for village, figures in one.read.items():
            mine = report.read.setdefault(village, {})
            for measure, pair in figures.items():
                merged = list(mine.get(measure, (None, None)))
                for i, number in enumerate(pair):
                    if number is None:
                        continue
                    if merged[i] is not None and merged[i] != number:
                        report.errors.append(
                            _("Files “%(a)s” and “%(b)s” give %(village)s different figures for “%(m)s”.")
                            % {
                                "a": origin[(village, measure, i)],
                                "b": name,
                                "village": village.name,
                                "m": measure,
                            }
                        )
                    merged[i] = number
                    origin[(village, measure, i)] = name
                mine[measure] = (merged[0], merged[1])
    if report.errors:
        report.read = {}
    return report


def import_files(files: list[tuple[str, Any]], year: int, villages: list[Unit], *, actor) -> ImportReport:
    """Read the files and, when every cell is right, save the figures of every village found, all or nothing."""
    report = read_files(files, year, villages)
    if not report.ok:
        return report
    source = ", ".join(name for name, _data in files)
    with transaction.atomic():
        for village in report.villages:
            current = {line.measure: (line.value, line.target) for line in lines(village, year)}
            entries = {}
            for measure, (value, target) in report.read[village].items():
                old_value, old_target = current.get(measure, (None, None))
                # A blank cell leaves the figure as it is.
                entries[measure] = (
                    value if value is not None else old_value,
                    target if target is not None else old_target,
                )
            report.changed += actions.set_figures(village, year, entries, actor=actor, source=source)
    return report
