"""What goes in and out of a spreadsheet, guarded: every import reads its file through here, every export writes
its workbook through here.

In. A file anyone can upload must not exhaust the server: a 2.4 MB .xlsx can unpack to 609 MB of sheet XML, a
sheet can claim three million rows, a CSV can have a million lines, and a macro workbook can be named .xlsx. So
before a sheet is parsed, `open_xlsx` checks, in order, from the zip directory or one pass over the raw bytes:

1. the file's size (`bytes`), before reading it;
2. that it is a zip holding an .xlsx workbook — by its content types, not its name: a macro workbook (.xlsm),
   a template, an old .xls or a CSV named .xlsx is refused;
3. from the zip directory, the number of parts and their unpacked size (`unpacked`), so a zip bomb is never
   inflated; and that no XML part declares a DOCTYPE or entities in its first 4 KB, which no spreadsheet program
   writes (expat's own limits on entity expansion stay behind that);
4. each sheet's rows (`rows`: its <row> elements, counted on the raw XML, whatever <dimension> claims) and, from
   its <dimension>, its columns (`columns`) and cells (`cells`);

then opens the workbook read-only (openpyxl streams a read-only sheet instead of building it in memory), and
`sheet_rows` / `Grid` read no further than those limits. `read_csv` does the same for CSV: size, text not a
binary file, UTF-8, rows and columns counted while reading, stopping at the first row over the limit. Any refusal
is a `ValidationError` with a Vietnamese message naming the limit. The limits are below (`DEFAULTS`); a site
changes them with the setting SEDP_UPLOAD_LIMITS, a dict of the keys to change. `Errors` keeps the first
`errors` messages of a bad file and counts the rest ("… và 2.999.950 lỗi khác"), so a file with an error in
every row gets a short page, not a 370 MB one.

Out. A title, a name or a place typed by someone is text in every workbook and CSV the project writes, even when
it starts like a formula ("=HYPERLINK(…)", "=cmd|' /C calc'!A0", "@SUM(…)"): `workbook_bytes` saves a workbook
with every such cell as a string cell, keeping only the formulas the project wrote itself with `formula`;
`csv_cell` / `csv_writer` apply the OWASP rule (a leading ' before = + - @ tab or carriage return).

Values. Every text read here (`sheet_rows`, `Grid`, `read_csv`, `values`) comes out in Unicode's composed form
(NFC), as a form's text does (`sedp.meetings.fields.UserTextField`). A reader checks a number with `too_large`
against the model field it is saved in (the database's range of that field, and a domain limit where one is
lower) and a text with `text_problem` (the field's length, no control or text-direction character), each error
naming the cell.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import IO, Any
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sedp.core.text import nfc, refused_characters

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    bytes: int = 5 * MB  # the file as uploaded
    # every part of an .xlsx together, unpacked (a list of 10,000 villages in 15 columns takes about 5 MB)
    unpacked: int = 10 * MB
    rows: int = 10_000  # of a sheet or a CSV
    columns: int = 1_000  # the commune's Biểu 1/2 has a column (two for Biểu 2) per village
    cells: int = 300_000  # rows × columns of a sheet's <dimension>: what reading it may fill
    parts: int = 1_000  # files inside an .xlsx (a workbook of a few sheets has about 15)
    errors: int = 50  # error messages listed; the others are counted
    files: int = 200  # files sent at once (a commune's villages' Biểu 1/2)


DEFAULTS = Limits()


def limits(**tighter: int | None) -> Limits:
    """The limits in force: DEFAULTS, changed by the setting SEDP_UPLOAD_LIMITS, then tightened by a reader that
    needs less (a village's Biểu 3/4 has a few dozen rows, not 10,000)."""
    values = {f.name: getattr(DEFAULTS, f.name) for f in fields(Limits)}
    values.update(getattr(settings, "SEDP_UPLOAD_LIMITS", None) or {})
    for key, value in tighter.items():
        if value is not None:
            values[key] = min(values[key], value)
    return Limits(**values)


def _count(n: int) -> str:
    return number_format(n, force_grouping=True)


def _mb(n: int) -> str:
    return number_format(round(n / MB, 1), decimal_pos=1, force_grouping=True) if n % MB else _count(n // MB)


# --- size ---------------------------------------------------------------------------------------------------------

Source = bytes | str | os.PathLike | IO[bytes]


def size_of(source: Source) -> int:
    """The size of an upload, a path or bytes, without reading it."""
    if isinstance(source, bytes | bytearray):
        return len(source)
    if isinstance(source, str | os.PathLike):
        return os.stat(source).st_size
    size = getattr(source, "size", None)
    if size is not None:
        return int(size)
    here = source.tell()
    end = source.seek(0, io.SEEK_END)
    source.seek(here)
    return end - here


def check_size(source: Source, *, max_bytes: int | None = None) -> int:
    limit = limits(bytes=max_bytes).bytes
    size = size_of(source)
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; a file may be at most %(limit)s MB.")
            % {"size": _mb(size), "limit": _mb(limit)},
            code="too_large",
        )
    return size


def _read(source: Source, max_bytes: int | None) -> bytes:
    """The file's bytes, its size checked first (a path, an upload or bytes), and again on what is read."""
    size = check_size(source, max_bytes=max_bytes)
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fh:
            data = fh.read(size + 1)
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(size + 1)
    check_size(data, max_bytes=max_bytes)  # a file that grew, or an upload whose size was not what it said
    return data


def check_files(sources: list, *, max_files: int | None = None) -> None:
    """Several files sent at once (a commune's villages' workbooks): at most `files` of them."""
    limit = limits(files=max_files).files
    if len(sources) > limit:
        raise ValidationError(
            _("%(count)s files were sent at once; at most %(limit)s can be sent at a time.")
            % {"count": _count(len(sources)), "limit": _count(limit)},
            code="too_many_files",
        )


# --- .xlsx --------------------------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, and any Office file protected by a password
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _not_xlsx() -> ValidationError:
    return ValidationError(_("The file is not an Excel workbook (.xlsx)."), code="not_xlsx")


def _macro() -> ValidationError:
    return ValidationError(
        _(
            "The file is a workbook with macros (.xlsm), whatever its name: save it in Excel as “Excel Workbook "
            "(.xlsx)” and import that file."
        ),
        code="macro",
    )


def _check_package(zf: zipfile.ZipFile, lim: Limits) -> None:
    """Content types, macros, parts and their unpacked size, read from the zip directory."""
    infos = zf.infolist()
    if len(infos) > lim.parts:
        raise ValidationError(
            _("The workbook holds %(count)s parts, more than the %(limit)s allowed.")
            % {"count": _count(len(infos)), "limit": _count(lim.parts)},
            code="parts",
        )
    # zipfile stops inflating a part at the size its directory entry declares, so this sum bounds what is read.
    unpacked = sum(i.file_size for i in infos)
    if unpacked > lim.unpacked:
        raise ValidationError(
            _(
                "The workbook unpacks to %(size)s MB, more than the %(limit)s MB allowed: it holds far more than a "
                "form. Delete the unused rows and sheets, or split the file."
            )
            % {"size": _mb(unpacked), "limit": _mb(lim.unpacked)},
            code="unpacked",
        )
    names = {i.filename for i in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _macro()
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _not_xlsx()
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            with zf.open(info) as part:
                if _DECLARATION.search(part.read(4096)):
                    raise ValidationError(
                        _(
                            "The workbook contains XML declarations (DOCTYPE or ENTITY) that no spreadsheet program "
                            "writes; it is refused."
                        ),
                        code="xml_declaration",
                    )
    types = ElementTree.fromstring(zf.read("[Content_Types].xml"))
    workbook_type = ""
    for override in types.iter(f"{_CT_NS}Override"):
        content_type = override.get("ContentType", "")
        if "macroEnabled" in content_type or "vbaProject" in content_type:
            raise _macro()
        if override.get("PartName") == "/xl/workbook.xml":
            workbook_type = content_type
    if any("vbaProject" in d.get("ContentType", "") for d in types.iter(f"{_CT_NS}Default")):
        raise _macro()
    if workbook_type != XLSX_TYPE:
        raise _not_xlsx()


def _rows_in(data: bytes) -> int:
    # <row …> and, from generators that prefix the namespace, <x:row …> ("<row" also finds the one <rowBreaks>)
    return data.count(b"<row") + data.count(b":row ") + data.count(b":row>")


def _count_rows(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The <row> elements of a sheet's XML, counted on the raw bytes as they are inflated (C speed, no parsing)."""
    count, tail = 0, b""
    with zf.open(info) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            tail = data[-8:]
            count += _rows_in(data) - _rows_in(tail)  # one in the overlap is counted with the next chunk
    return count


def _too_many_rows(sheet: str, rows: int, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "Sheet “%(sheet)s” has %(rows)s rows; at most %(limit)s rows can be imported. Delete the empty or unused "
            "rows below the table, or split the file."
        )
        % {"sheet": sheet, "rows": _count(rows), "limit": _count(limit)},
        code="rows",
    )


def open_xlsx(
    source: Source,
    *,
    max_bytes: int | None = None,
    max_unpacked: int | None = None,
    max_rows: int | None = None,
    max_cols: int | None = None,
):
    """The workbook in `source` (bytes, a path or an upload), opened read-only with cached values, once its size,
    type, unpacked size, rows and columns are within the limits; a ValidationError in Vietnamese otherwise.

    Read its sheets with `sheet_rows(ws)` or `Grid(ws)`, which stop at the same limits."""
    lim = limits(bytes=max_bytes, unpacked=max_unpacked, rows=max_rows, columns=max_cols)
    data = _read(source, lim.bytes)
    if data.startswith(_OLE2):
        raise ValidationError(
            _(
                "The file is an Excel 97–2003 (.xls) workbook or is protected by a password: open it in Excel, remove "
                "the password and save it as “Excel Workbook (.xlsx)”."
            ),
            code="xls",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise _not_xlsx()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        _check_package(zf, lim)
    except ValidationError:
        raise
    except Exception:  # a broken zip, a part that does not inflate, content types that are not XML
        raise _not_xlsx() from None

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise _not_xlsx() from None
    wb.sedp_limits, wb.sedp_rows = lim, {}
    for ws in wb.worksheets:
        try:
            counted = wb.sedp_rows[ws.title] = _count_rows(zf, zf.getinfo(ws._worksheet_path.lstrip("/")))
        except Exception:
            raise _not_xlsx() from None
        if ws.max_row is not None and counted > ws.max_row:
            ws.reset_dimensions()  # a <dimension> smaller than the sheet is wrong: read by the rows counted
        rows, cols = ws.max_row or 0, ws.max_column or 0  # from <dimension>; 0 when the sheet has none
        if max(rows, counted) > lim.rows:
            raise _too_many_rows(ws.title, max(rows, counted), lim.rows)
        if cols > lim.columns:
            raise ValidationError(
                _("Sheet “%(sheet)s” has %(cols)s columns; at most %(limit)s columns can be imported.")
                % {"sheet": ws.title, "cols": _count(cols), "limit": _count(lim.columns)},
                code="columns",
            )
        if rows * cols > lim.cells:
            raise ValidationError(
                _(
                    "Sheet “%(sheet)s” spans %(rows)s rows by %(cols)s columns, more than the %(limit)s cells that "
                    "can be imported."
                )
                % {"sheet": ws.title, "rows": _count(rows), "cols": _count(cols), "limit": _count(lim.cells)},
                code="cells",
            )
    return wb


def _bounds(ws) -> tuple[int, int]:
    """How far to read a sheet opened by `open_xlsx`: its <dimension>, or for a sheet without one (no spreadsheet
    program leaves it out, but a file can) its <row> elements and as many columns as the cell limit leaves."""
    lim: Limits = getattr(ws.parent, "sedp_limits", None) or limits()
    counted = getattr(ws.parent, "sedp_rows", {}).get(ws.title, lim.rows)
    rows = min(ws.max_row or lim.rows, lim.rows)  # openpyxl stops at the last row it finds
    cols = min(ws.max_column or max(lim.cells // max(counted, 1), 1), lim.columns)
    return rows, cols


def values(rows) -> Any:
    """Rows of cell values (a read-only sheet's `iter_rows(values_only=True)`), each text in NFC."""
    for row in rows:
        yield tuple(nfc(v) if isinstance(v, str) else v for v in row)


def sheet_rows(ws) -> list[list[Any]]:
    """The values of a read-only sheet, row by row, each row without its trailing empty cells, texts in NFC."""
    rows, cols = _bounds(ws)
    out = []
    for row_values in values(ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)):
        row = list(row_values)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


class _Value:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Grid:
    """A read-only sheet read once into memory (within the limits), with the worksheet's `cell(row=, column=)`,
    `max_row`, `max_column` and `title`: a reader written for a full worksheet reads it unchanged, where a
    read-only sheet would parse the XML again for every cell."""

    def __init__(self, ws):
        self.title = ws.title
        self.rows = sheet_rows(ws)
        self.max_row = len(self.rows)
        self.max_column = max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, column: int) -> _Value:
        if 1 <= row <= len(self.rows):
            values = self.rows[row - 1]
            if 1 <= column <= len(values):
                return _Value(values[column - 1])
        return _Value(None)


# --- .csv ---------------------------------------------------------------------------------------------------------


def read_csv(
    source: Source,
    *,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    max_cols: int | None = None,
    delimiters: str = ",;\t",
) -> list[list[str]]:
    """The rows of a UTF-8 CSV file, its delimiter the one of `delimiters` its first line uses most (Excel in a
    Vietnamese locale saves ";"). Refused beyond the limits, at the first row over them."""
    lim = limits(bytes=max_bytes, rows=max_rows, columns=max_cols)
    raw = _read(source, lim.bytes)
    if raw.startswith((b"PK\x03\x04", _OLE2)) or b"\0" in raw[:65536]:
        raise ValidationError(
            _(
                "The file is not a CSV text file: it is an Excel workbook or another binary file. Save it as "
                "“CSV UTF-8”, or import the .xlsx file itself."
            ),
            code="not_csv",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file is not in UTF-8. Save it again as 'CSV UTF-8'.")) from None
    if "\0" in text:
        raise ValidationError(
            _(
                "The file is not a CSV text file: it is an Excel workbook or another binary file. Save it as "
                "“CSV UTF-8”, or import the .xlsx file itself."
            ),
            code="not_csv",
        )
    text = nfc(text)
    first = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(delimiters, key=first.count)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            if len(rows) == lim.rows:
                raise ValidationError(
                    _(
                        "The file has more than %(limit)s rows; at most %(limit)s rows can be imported at once. "
                        "Split it into several files."
                    )
                    % {"limit": _count(lim.rows)},
                    code="rows",
                )
            if len(row) > lim.columns:
                raise ValidationError(
                    _("Row %(row)s has %(cols)s columns; at most %(limit)s columns can be imported.")
                    % {
                        "row": _count(reader.line_num),
                        "cols": _count(len(row)),
                        "limit": _count(lim.columns),
                    },
                    code="columns",
                )
            rows.append(row)
    except csv.Error as exc:
        raise ValidationError(
            _("Row %(row)s cannot be read as CSV: %(error)s")
            % {"row": _count(reader.line_num), "error": exc},
            code="csv",
        ) from None
    return rows


# --- values -------------------------------------------------------------------------------------------------------

# The largest value of each integer field, as the databases hold it (SQLite's integers are 64-bit, PostgreSQL's
# integer 32-bit, smallint 16-bit; Django checks the same ranges on PostgreSQL only).
_INTEGER_MAX = {
    "SmallIntegerField": 2**15 - 1,
    "PositiveSmallIntegerField": 2**15 - 1,
    "IntegerField": 2**31 - 1,
    "PositiveIntegerField": 2**31 - 1,
    "BigIntegerField": 2**63 - 1,
    "PositiveBigIntegerField": 2**63 - 1,
}


def largest(model_field, domain: int | Decimal | None = None) -> int | Decimal:
    """The largest number `model_field` can hold: the database's range of its type (a decimal's digits), or
    `domain` where that is lower (a village of at most 100,000 households)."""
    kind = model_field.get_internal_type()
    if kind == "DecimalField":
        places = model_field.decimal_places
        top: int | Decimal = Decimal(10) ** (model_field.max_digits - places) - Decimal(1).scaleb(-places)
    else:
        top = _INTEGER_MAX[kind]
    return top if domain is None else min(top, domain)


def too_large(
    number: int | Decimal, model_field, domain: int | Decimal | None = None, *, typed=None
) -> str | None:
    """Why `number` cannot be saved in `model_field` (it is above `largest`), or None. `typed`: the cell as the
    file holds it, shown in the message when it is text."""
    top = largest(model_field, domain)
    if number <= top:
        return None
    places = model_field.decimal_places if isinstance(top, Decimal) and top % 1 else None
    return _("%(value)s is too large: at most %(max)s.") % {
        "value": _shown_number(number, typed),
        "max": number_format(top, decimal_pos=places, force_grouping=True),
    }


def _shown_number(number, typed) -> str:
    if isinstance(typed, str) and len(typed.strip()) <= 30:
        return typed.strip()
    if isinstance(typed, int | float) and not isinstance(typed, bool):
        number = int(typed) if float(typed).is_integer() else Decimal(repr(typed))
    if abs(number) < 10**18:
        return number_format(number, force_grouping=True)
    return f"{float(number):.3g}".replace("+", "")  # 1e30


def text_problem(text: str, model_field=None, *, max_length: int | None = None, multiline: bool = False):
    """Why `text` cannot be saved in `model_field` (longer than its max_length, or holding a control or a
    text-direction character), or None."""
    limit = max_length or getattr(model_field, "max_length", None)
    if limit is not None and len(text) > limit:
        return _("the text is %(n)s characters long; at most %(max)s fit.") % {
            "n": _count(len(text)),
            "max": _count(limit),
        }
    refused = refused_characters(text, multiline=multiline)
    if refused:
        return _(
            "the text contains a character that cannot be saved (%(codes)s: a control or text-direction "
            "character); remove it."
        ) % {"codes": ", ".join(refused)}
    return None


# --- errors -------------------------------------------------------------------------------------------------------


class Errors(list):
    """The errors of a file: the first `errors` (see `limits`) kept, the others counted in `more`.

    A list of what is kept, so a report's `errors` reads as before; `total` counts them all, `more_message` is the
    line a page or the command prints after them ("… và 2.999.950 lỗi khác"), empty when nothing was left out."""

    def __init__(self, items=(), *, limit: int | None = None):
        super().__init__()
        self.limit = limit if limit is not None else limits().errors
        self.more = 0
        self.extend(items)

    def append(self, error) -> None:
        if len(self) < self.limit:
            super().append(error)
        else:
            self.more += 1

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)
        self.more += getattr(errors, "more", 0)

    def __iadd__(self, errors):
        self.extend(errors)
        return self

    @property
    def total(self) -> int:
        return len(self) + self.more

    @property
    def more_message(self) -> str:
        if not self.more:
            return ""
        return ngettext("… and %(count)s more error", "… and %(count)s more errors", self.more) % {
            "count": _count(self.more)
        }


# --- writing: typed text stays text ---------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula(cell, text: str):
    """Write a formula the project computes itself (a total, a row's sum) into `cell`: `workbook_bytes` keeps it."""
    cell.value = text
    wb = cell.parent.parent
    if not hasattr(wb, "sedp_formulas"):
        wb.sedp_formulas = set()
    wb.sedp_formulas.add((cell.parent.title, cell.coordinate))
    return cell


def workbook_bytes(wb) -> bytes:
    """The workbook as .xlsx bytes, every text cell a string cell: openpyxl makes a formula of any text starting
    with "=" and an error of "#N/A", so a need titled `=HYPERLINK("http://x","y")` would be a live formula in the
    file. Only the cells written with `formula` stay formulas."""
    keep = getattr(wb, "sedp_formulas", set())
    for ws in wb.worksheets:
        # Worksheet._cells holds the cells written (iter_rows would create the empty ones in between).
        for cell in ws._cells.values():
            if (
                cell.data_type in ("f", "e")
                and isinstance(cell._value, str)
                and (ws.title, cell.coordinate) not in keep
            ):
                cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_cell(value):
    """A cell of a CSV the project writes: text starting with = + - @ tab or carriage return gets a leading ', the
    OWASP rule, so a spreadsheet opening the file shows it instead of running it. Numbers are left as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str], **kwargs) -> _SafeWriter:
    """`csv.writer(out, **kwargs)` whose every cell goes through `csv_cell`: the one way the project writes CSV."""
    kwargs.setdefault("lineterminator", "\n")
    return _SafeWriter(csv.writer(out, **kwargs))


__all__ = [
    "DEFAULTS",
    "Errors",
    "Grid",
    "Limits",
    "check_files",
    "check_size",
    "csv_cell",
    "csv_writer",
    "formula",
    "limits",
    "open_xlsx",
    "read_csv",
    "sheet_rows",
    "workbook_bytes",
]
