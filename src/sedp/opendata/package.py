"""Tables → CSV files (UTF-8 with a BOM, so Excel opens Vietnamese correctly) in a ZIP with a Frictionless
`datapackage.json` describing every column. Pure functions of the tables: the same data gives the same bytes."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from .schema import LICENCE, TABLES

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Fixed file times: the archive of unchanged data is byte-for-byte the same (stable ETag, easy to compare).
ZIP_TIME = (2025, 7, 1, 0, 0, 0)


def safe_csv_cell(value):
    """A text cell that a spreadsheet would run as a formula (= + - @ tab CR first) is prefixed with ' (OWASP's
    CSV injection advice); numbers are left alone. Local until the shared helper lands: the lead swaps it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    return safe_csv_cell(value)


def to_csv(table, rows: list[dict]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    names = table.names
    writer.writerow(names)
    # `_cell` inlined (tens of thousands of cells in a commune's tables): None → "", a formula-like text → '…
    writer.writerows(
        [
            "" if v is None else ("'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
            for v in map(row.get, names)
        ]
        for row in rows
    )
    return out.getvalue().encode("utf-8")


def descriptor(*, name: str, title: str, description: str, created: str, homepage: str = "") -> dict:
    """The Frictionless data package descriptor: one tabular resource per table, every column typed and
    described (English description, Vietnamese title), and the licence. Its resources are the same for every
    package (`RESOURCES`, not to be changed)."""
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "created": created,
        "homepage": homepage,
        "licenses": [LICENCE],
        "sources": [{"title": "openSEDP — published (adopted) plans only; never a draft"}],
        "resources": RESOURCES,
    }


def _resources() -> list[dict]:
    return [
        {
            "name": t.name,
            "path": f"{t.name}.csv",
            "profile": "tabular-data-resource",
            "title": t.title,
            "description": t.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "licenses": [LICENCE],
            "schema": {
                "fields": [
                    {"name": c.name, "type": c.type, "title": c.title, "description": c.description}
                    for c in t.columns
                ]
            },
        }
        for t in TABLES
    ]


RESOURCES = _resources()
# The resources as `json.dumps(..., indent=2)` writes them one level down (every package's, made once).
_RESOURCES_JSON = json.dumps({"resources": RESOURCES}, ensure_ascii=False, indent=2)[
    len('{\n  "resources": ') : -len("\n}")
]
_MARK = "\x00resources\x00"


def package_json(package: dict) -> str:
    """`json.dumps(package, ensure_ascii=False, indent=2)`, the shared resources written once (pure Python's
    indented JSON of every column's description took a third of publishing a village)."""
    if package.get("resources") is not RESOURCES:
        return json.dumps(package, ensure_ascii=False, indent=2)
    text = json.dumps({**package, "resources": _MARK}, ensure_ascii=False, indent=2)
    return text.replace(json.dumps(_MARK), _RESOURCES_JSON, 1)


def to_zip(tables: dict[str, list[dict]], package: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

        add("datapackage.json", package_json(package).encode("utf-8"))
        for t in TABLES:
            add(f"{t.name}.csv", to_csv(t, tables.get(t.name, [])))
    return buffer.getvalue()
