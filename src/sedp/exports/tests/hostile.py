"""Hostile spreadsheets, built without openpyxl so that any size is cheap to make: a zip bomb, a sheet of millions
of rows (with a true, a lying or no <dimension>), a macro workbook under an .xlsx name, a CSV of a million rows.

The tests build them small against lowered limits; `bench/hostile_uploads.py` builds them at full size.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from openpyxl.utils import get_column_letter

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLTX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
VILLAGE_HEADER = ["Mã xã", "Tên thôn", "Loại", "Số hộ", "Số dân", "Số hộ nghèo", "Tỷ lệ DTTS (%)"]
VILLAGE_ROW = ["24169", "Buôn Ea Nao", "buôn", 150, 700, 20, 95]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _cell(value) -> str:
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>'


def row_xml(values: Iterable) -> bytes:
    """One <row> without r= attributes (they are optional): identical rows compress a thousand to one."""
    return ("<row>" + "".join(_cell(v) for v in values) + "</row>").encode()


def _package(workbook_type: str, sheet: str, extra_types: str = "") -> dict[str, bytes]:
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{workbook_type}"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{WORKSHEET}"/>'
            f"{extra_types}</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{REL_NS}"><Relationship Id="rId1" Type="{DOC_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_REL}"><sheets>'
            f'<sheet name="{_escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{REL_NS}"><Relationship Id="rId1" Type="{DOC_REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ).encode(),
    }


def build_xlsx(
    rows: Iterable[Iterable],
    *,
    dimension: str | None = None,
    sheet: str = "Thôn",
    workbook_type: str = XLSX_MAIN,
    padding: int = 0,
    extra: dict[str, bytes] | None = None,
    extra_types: str = "",
    target: str | io.BufferedIOBase | None = None,
) -> bytes | None:
    """A one-sheet workbook, its sheet XML streamed into the zip (any number of rows in little memory).

    `dimension` is written as given ("A1:W3000000", or a lie), or left out; `padding` bytes of blanks inside
    <sheetData> (valid XML, compressing about a thousand to one) make a zip bomb. Returns the bytes, or writes to
    `target` (a path or a binary file) and returns None."""
    out = io.BytesIO() if target is None else target
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in _package(workbook_type, sheet, extra_types).items():
            zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'.encode())
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            chunk = b" " * (1 << 20)
            for _ in range(padding // len(chunk)):
                part.write(chunk)
            part.write(b" " * (padding % len(chunk)))
            batch: list[bytes] = []
            last, xml = None, b""
            for values in rows:
                if values is not last:  # the same row again (a hostile file's millions) is encoded once
                    last, xml = values, row_xml(values)
                batch.append(xml)
                if len(batch) == 10_000:
                    part.write(b"".join(batch))
                    batch.clear()
            part.write(b"".join(batch))
            part.write(b"</sheetData></worksheet>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue() if target is None else None


def village_rows(n: int, *, bad: bool = False) -> Iterable[list]:
    """The village list's header and `n` rows (the same village each time: a hostile file needs no variety);
    `bad` writes "x" households, an error in every row."""
    yield VILLAGE_HEADER
    row = [*VILLAGE_ROW[:3], "x", *VILLAGE_ROW[4:]] if bad else VILLAGE_ROW
    for _ in range(n):
        yield row


def dimension(rows: int, cols: int = len(VILLAGE_HEADER)) -> str:
    return f"A1:{get_column_letter(cols)}{rows}"


def zip_bomb(unpacked: int, **kwargs) -> bytes | None:
    """A village list of two rows whose sheet unpacks to `unpacked` bytes of blanks."""
    return build_xlsx(village_rows(1), dimension=dimension(2), padding=unpacked, **kwargs)


def many_rows(n: int, *, declared: str | None = "true", **kwargs) -> bytes | None:
    """A village list of `n` rows; its <dimension> is true, a lie ("A1:G2") or missing (None)."""
    ref = {"true": dimension(n + 1), "lie": dimension(2), None: None}[declared]
    return build_xlsx(village_rows(n), dimension=ref, **kwargs)


def macro_workbook(**kwargs) -> bytes | None:
    """A village list saved as a macro workbook (.xlsm) — and then named .xlsx by whoever sends it."""
    return build_xlsx(
        village_rows(1),
        dimension=dimension(2),
        workbook_type=XLSM_MAIN,
        extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504},
        extra_types='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        **kwargs,
    )


def csv_rows(n: int, *, row: str = ",".join(str(v) for v in VILLAGE_ROW)) -> bytes:
    header = ",".join(VILLAGE_HEADER)
    return (header + "\n" + (row + "\n") * n).encode()


def as_macro(data: bytes) -> bytes:
    """A workbook the project wrote, saved again as a macro workbook (its content type and a VBA project)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "[Content_Types].xml":
                part = part.replace(XLSX_MAIN.encode(), XLSM_MAIN.encode())
            zf.writestr(info.filename, part)
        zf.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return out.getvalue()
