"""Importing villages (thôn, buôn, tổ dân phố…) from a spreadsheet.

No package lists villages, so communes bring their own list as .xlsx or .csv. Every row is checked; every error is
reported by sheet, row and column; a file with any error saves nothing. A village already in its commune is
updated (same name), so a corrected file can be imported again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sedp.audit.actions import record
from sedp.core.text import fold
from sedp.exports import guard

from .choices import VILLAGE_KINDS, Kind, Level
from .models import Unit

# Canonical column → accepted headers, compared folded and without punctuation.
COLUMNS: dict[str, tuple[str, ...]] = {
    "commune_code": ("ma xa", "ma xa phuong", "ma don vi", "commune code", "code"),
    "commune_name": ("xa", "ten xa", "xa phuong", "ten xa phuong", "commune", "commune name"),
    "province": ("tinh", "ten tinh", "tinh thanh pho", "province"),
    "name": ("ten thon", "thon", "ten thon buon", "thon buon", "ten", "village", "village name", "name"),
    "kind": ("loai", "loai thon", "kind", "loai don vi"),
    "households": ("so ho", "tong so ho", "households", "ho"),
    "population": ("so dan", "dan so", "so nhan khau", "nhan khau", "population"),
    "poor_households": ("so ho ngheo", "ho ngheo", "poor households"),
    "ethnic_minority_share": (
        "ty le dtts",
        "ty le dan toc thieu so",
        "dtts",
        "ty le ho dtts",
        "ethnic minority share",
    ),
}
REQUIRED = ("name", "kind", "households", "population", "poor_households", "ethnic_minority_share")
COLUMN_LABELS = {
    "commune_code": "Mã xã",
    "commune_name": "Xã",
    "province": "Tỉnh",
    "name": "Tên thôn",
    "kind": "Loại",
    "households": "Số hộ",
    "population": "Số dân",
    "poor_households": "Số hộ nghèo",
    "ethnic_minority_share": "Tỷ lệ DTTS (%)",
}
_COMMUNE_PREFIXES = ("", "xa ", "phuong ", "thi tran ", "dac khu ")
# The most a village can have, below the database's range of the fields: the largest villages and residential
# groups have a few thousand households; a figure above these is a typing or a unit mistake (people for
# households, a commune's total in a village's row).
DOMAIN_MAX = {"households": 100_000, "population": 1_000_000, "poor_households": 100_000}
_KIND_BY_FOLDED = {fold(label): value for value, label in Kind.choices if value in VILLAGE_KINDS}


def _norm_header(text: Any) -> str:
    bare = re.sub(r"[^a-z0-9 ]+", " ", fold(str(text or "")).split("(")[0])
    return re.sub(r"\s+", " ", bare).strip()


_HEADER_INDEX = {re.sub(r"\s+", " ", alias): key for key, aliases in COLUMNS.items() for alias in aliases}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class CellError:
    sheet: str | None
    row: int | None
    column: str | None  # "C (Số hộ)"
    message: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("sheet '%(sheet)s'") % {"sheet": self.sheet})
        if self.row:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        prefix = ", ".join(where)
        text = f"{prefix}: {self.message}" if prefix else self.message
        return text[0].upper() + text[1:]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: guard.Errors = field(
        default_factory=guard.Errors
    )  # the first ones; `errors.total` counts them all

    @property
    def ok(self) -> bool:
        return not self.errors


class _Table:
    def __init__(self, sheet: str | None, rows: list[list[Any]]):
        self.sheet, self.rows = sheet, rows


def _code(raw: str) -> str:
    """A commune code as written ("24169", "24169.0" from a number cell, "4169" without its leading zero)."""
    return raw.split(".")[0].zfill(5) if raw.replace(".", "").isdigit() else raw


def _read(source: str | Path | IO[bytes], filename: str) -> _Table:
    """The file's first sheet, or its CSV rows, through the upload guard: a file over its limits (size, unpacked
    size, rows, columns) or not what its name says is refused before its rows are read."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        sheet = guard.open_xlsx(source).worksheets[0]
        return _Table(sheet.title, guard.sheet_rows(sheet))
    if suffix == ".csv":
        return _Table(None, guard.read_csv(source))
    raise ValueError(_("Only .xlsx and .csv files can be imported."))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    text = str(value).strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):  # 1.234 or 1,234 written with grouping
        text = re.sub(r"[.,]", "", text)
    return int(text)


def _to_percent(value: Any) -> Decimal:
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    return Decimal(text)


def import_villages(
    source: str | Path | IO[bytes],
    *,
    filename: str | None = None,
    legacy: bool = False,
    actor=None,
    commune: Unit | None = None,
) -> ImportReport:
    """Check every row, then save all of them in one transaction, or nothing if any row has an error.

    `commune` restricts the file to one commune (the web upload on a commune page); `legacy` looks communes up
    in the pre-2025 structure.
    """
    report = ImportReport()
    filename = filename or str(source)
    try:
        table = _read(source, filename)
    except ValueError as exc:
        report.errors.append(CellError(None, None, None, str(exc)))
        return report
    except ValidationError as exc:
        report.errors.extend(CellError(None, None, None, m) for m in exc.messages)
        return report
    sheet = table.sheet
    header_row = next((i for i, row in enumerate(table.rows) if any(not _blank(c) for c in row)), None)
    if header_row is None:
        report.errors.append(CellError(sheet, None, None, _("The file has no rows.")))
        return report
    columns: dict[str, int] = {}
    extra_columns: dict[int, str] = {}
    for index, header in enumerate(table.rows[header_row]):
        if _blank(header):
            continue
        key = _HEADER_INDEX.get(re.sub(r"\s+", " ", _norm_header(header)))
        if key and key not in columns:
            columns[key] = index
        else:
            extra_columns[index] = str(header).strip()
    missing = [k for k in REQUIRED if k not in columns]
    if commune is None and "commune_code" not in columns and "commune_name" not in columns:
        missing.insert(0, "commune_code")
    for key in missing:
        label = COLUMN_LABELS[key] if key != "commune_code" else "Mã xã / Xã"
        report.errors.append(
            CellError(
                sheet,
                header_row + 1,
                None,
                _("column '%(column)s' is missing from the header row.") % {"column": label},
            )
        )
    if report.errors:
        return report

    def col(key: str) -> str:
        return f"{_column_letter(columns[key])} ({COLUMN_LABELS[key]})"

    # One query for every commune the file may name.
    communes = Unit.objects.filter(level=Level.COMMUNE, is_legacy=legacy).select_related("parent")
    if commune is not None:
        communes = communes.filter(pk=commune.pk)
    by_code: dict[str, Unit] = {}
    by_name: dict[str, list[Unit]] = {}
    data_rows = [(header_row + 2 + i, row) for i, row in enumerate(table.rows[header_row + 1 :])]
    data_rows = [(n, row + [None] * (len(table.rows[header_row]) - len(row))) for n, row in data_rows]
    data_rows = [(n, row) for n, row in data_rows if any(not _blank(c) for c in row)]
    if not data_rows:
        report.errors.append(CellError(sheet, None, None, _("The file has a header but no villages.")))
        return report
    wanted_codes = set()
    wanted_names = set()
    for _n, row in data_rows:
        if "commune_code" in columns and not _blank(row[columns["commune_code"]]):
            wanted_codes.add(_code(str(row[columns["commune_code"]]).strip()))
        if "commune_name" in columns and not _blank(row[columns["commune_name"]]):
            f = fold(str(row[columns["commune_name"]]))
            wanted_names.update(p + f for p in _COMMUNE_PREFIXES)
    for unit in communes.filter(code__in=wanted_codes) if wanted_codes else []:
        by_code[unit.code] = unit
    for unit in communes.filter(search_name__in=wanted_names) if wanted_names else []:
        by_name.setdefault(unit.search_name, []).append(unit)

    seen: dict[tuple[int, str], int] = {}
    parsed: list[tuple[Unit, dict[str, Any]]] = []
    for row_no, row in data_rows:
        errors: list[CellError] = []

        def err(key: str | None, message: str, row_no=row_no, errors=errors) -> None:
            errors.append(CellError(sheet, row_no, col(key) if key else None, message))

        # Commune: the code wins; a name must be unique (within the province when one is given).
        target: Unit | None = commune
        code_cell = row[columns["commune_code"]] if "commune_code" in columns else None
        name_cell = row[columns["commune_name"]] if "commune_name" in columns else None
        if target is not None:
            # A file imported on a commune's page holds that commune's villages only: a row naming another
            # commune is refused, not filed under this one.
            if not _blank(code_cell) and _code(str(code_cell).strip()) != target.code:
                err(
                    "commune_code",
                    _(
                        "the commune code '%(code)s' is not that of %(commune)s (%(own)s): this page imports "
                        "%(commune)s's villages only. Import the other communes' rows on their own pages."
                    )
                    % {"code": str(code_cell).strip(), "commune": target.name, "own": target.code},
                )
            elif not _blank(name_cell) and target.search_name not in {
                p + fold(str(name_cell)) for p in _COMMUNE_PREFIXES
            }:
                err(
                    "commune_name",
                    _(
                        "'%(name)s' is not %(commune)s: this page imports %(commune)s's villages only. Import "
                        "the other communes' rows on their own pages."
                    )
                    % {"name": str(name_cell).strip(), "commune": target.name},
                )
        else:
            if not _blank(code_cell):
                raw = str(code_cell).strip()
                code = _code(raw)
                target = by_code.get(code)
                if target is None:
                    err("commune_code", _("no commune has the code '%(code)s'.") % {"code": raw})
            elif not _blank(name_cell):
                f = fold(str(name_cell))
                found = [u for p in _COMMUNE_PREFIXES for u in by_name.get(p + f, [])]
                if "province" in columns and not _blank(row[columns["province"]]):
                    pf = fold(str(row[columns["province"]]))
                    found = [
                        u
                        for u in found
                        if pf in u.parent.search_name
                        or (u.parent.parent and pf in u.parent.parent.search_name)
                    ]
                if not found:
                    err("commune_name", _("no commune is named '%(name)s'.") % {"name": name_cell})
                elif len(found) > 1:
                    err(
                        "commune_name",
                        _(
                            "%(count)d communes are named '%(name)s'; give the commune code "
                            "(column 'Mã xã') or the province."
                        )
                        % {"count": len(found), "name": name_cell},
                    )
                else:
                    target = found[0]
            else:
                err(
                    "commune_code" if "commune_code" in columns else "commune_name",
                    _("the commune is empty: give its code or its name."),
                )

        values: dict[str, Any] = {}
        name = row[columns["name"]]
        if _blank(name):
            err("name", _("the village name is empty."))
        else:
            values["name"] = re.sub(r"\s+", " ", str(name).strip())
            if problem := guard.text_problem(values["name"], Unit._meta.get_field("name")):
                err("name", problem)

        kind = row[columns["kind"]]
        if _blank(kind):
            err("kind", _("the kind is empty."))
        elif fold(str(kind)) not in _KIND_BY_FOLDED:
            allowed = ", ".join(Kind(k).label for k in VILLAGE_KINDS)
            err(
                "kind",
                _("'%(value)s' is not a kind of village; use one of: %(allowed)s.")
                % {"value": kind, "allowed": allowed},
            )
        else:
            values["kind"] = _KIND_BY_FOLDED[fold(str(kind))]

        for key in ("households", "population", "poor_households"):
            cell = row[columns[key]]
            if _blank(cell):
                err(key, _("the cell is empty; write a whole number (0 if none)."))
                continue
            try:
                number = _to_int(cell)
            except (ValueError, TypeError):
                err(key, _("'%(value)s' is not a whole number.") % {"value": cell})
                continue
            if number < 0:
                err(key, _("%(value)s is negative.") % {"value": number})
                continue
            if problem := guard.too_large(number, Unit._meta.get_field(key), DOMAIN_MAX[key], typed=cell):
                err(key, problem)
                continue
            values[key] = number

        cell = row[columns["ethnic_minority_share"]]
        if not _blank(cell):
            try:
                share = _to_percent(cell)
                if not (0 <= share <= 100):
                    err(
                        "ethnic_minority_share",
                        _("%(value)s is not a percentage between 0 and 100.") % {"value": cell},
                    )
                else:
                    values["ethnic_minority_share"] = share.quantize(Decimal("0.01"))
            except (InvalidOperation, ValueError):
                err("ethnic_minority_share", _("'%(value)s' is not a number.") % {"value": cell})

        if {"households", "poor_households"} <= values.keys() and values["poor_households"] > values[
            "households"
        ]:
            err(
                "poor_households",
                _("%(poor)d poor households is more than the %(all)d households.")
                % {"poor": values["poor_households"], "all": values["households"]},
            )
        if {"households", "population"} <= values.keys() and values["population"] < values["households"]:
            err(
                "population",
                _("a population of %(people)d is fewer than the %(households)d households.")
                % {"people": values["population"], "households": values["households"]},
            )

        if target is not None and "name" in values:
            key = (target.pk, fold(values["name"]))
            if key in seen:
                err(
                    "name",
                    _("'%(name)s' of %(commune)s already appears in row %(row)d.")
                    % {"name": values["name"], "commune": target.name, "row": seen[key]},
                )
            else:
                seen[key] = row_no
        values["extra"] = {h: row[i] for i, h in extra_columns.items() if not _blank(row[i])}
        for i, header in extra_columns.items():  # kept as they are, so no hidden character in them either
            for text in (header, row[i]):
                if isinstance(text, str) and (problem := guard.text_problem(text, multiline=True)):
                    errors.append(CellError(sheet, row_no, f"{_column_letter(i)} ({header})", problem))
                    break
        if errors:
            report.errors.extend(errors)
        elif target is not None:
            parsed.append((target, values))

    if report.errors:
        return report
    _save(parsed, report, actor, filename)
    return report


@transaction.atomic
def _save(parsed: list[tuple[Unit, dict[str, Any]]], report: ImportReport, actor, filename: str) -> None:
    commune_ids = {c.pk for c, _v in parsed}
    existing = {
        (v.parent_id, v.search_name): v
        for v in Unit.objects.filter(level=Level.VILLAGE, parent_id__in=commune_ids)
    }
    for commune, values in parsed:
        extra = {
            k: (v if isinstance(v, (int, float, str)) else str(v)) for k, v in values.pop("extra").items()
        }
        unit = existing.get((commune.pk, fold(values["name"])))
        if unit is None:
            unit = Unit(level=Level.VILLAGE, parent=commune, is_legacy=commune.is_legacy, **values)
            unit.extra = extra
            unit.save()
            report.created += 1
        else:
            for key, value in values.items():
                setattr(unit, key, value)
            unit.extra = {**unit.extra, **extra}
            unit.save()
            report.updated += 1
    record(
        actor,
        "places.import_villages",
        object_type="places.unit",
        after={"file": Path(filename).name, "created": report.created, "updated": report.updated},
    )
