"""Loading the official administrative units from the `vietnam-provinces` package.

Current structure (since 1 July 2025): 34 provinces → 3,321 communes. Legacy structure: 63 provinces → 696
districts → 10,051 communes, marked legacy, each legacy commune and province linked to the unit it was merged into,
so a past year's plan stays under its old commune and can be compared with today's. Loading is idempotent: units
are matched by (level, code, legacy) and only names and kinds are refreshed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from sedp.core.text import fold

from .choices import Kind, Level, Tiers
from .models import Unit

REFORM_DAY = date(2025, 7, 1)
LEGACY_LAST_DAY = date(2025, 6, 30)

_KIND_BY_NAME = {label: value for value, label in Kind.choices}


def _kind(division_type) -> str:
    return _KIND_BY_NAME[str(division_type.value if hasattr(division_type, "value") else division_type)]


def _code(level: str, code) -> str:
    width = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}[level]
    return str(int(code)).zfill(width)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    links: int = 0


@dataclass
class _Row:
    level: str
    code: str
    name: str
    kind: str
    parent_key: tuple[str, str] | None


def _upsert(rows: list[_Row], *, legacy: bool, report: LoadReport) -> dict[tuple[str, str], Unit]:
    """Create or refresh the rows level by level (parents first), fixing each new unit's path."""
    by_key: dict[tuple[str, str], Unit] = {
        (u.level, u.code): u for u in Unit.objects.filter(is_legacy=legacy).exclude(level=Level.VILLAGE)
    }
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        new: list[Unit] = []
        changed: list[Unit] = []
        for row in (r for r in rows if r.level == level):
            parent = by_key[row.parent_key] if row.parent_key else None
            unit = by_key.get((level, row.code))
            if unit is None:
                unit = Unit(
                    level=level,
                    code=row.code,
                    name=row.name,
                    kind=row.kind,
                    parent=parent,
                    is_legacy=legacy,
                    valid_from=None if legacy else REFORM_DAY,
                    valid_until=LEGACY_LAST_DAY if legacy else None,
                    tiers=Tiers.THREE if legacy else Tiers.TWO,
                )
                unit.search_name = fold(row.name)
                unit.path = unit.compute_path()
                new.append(unit)
            elif (unit.name, unit.kind, unit.parent_id) != (
                row.name,
                row.kind,
                parent.pk if parent else None,
            ):
                unit.name, unit.kind, unit.parent, unit.search_name = (
                    row.name,
                    row.kind,
                    parent,
                    fold(row.name),
                )
                unit.path = unit.compute_path()
                changed.append(unit)
        Unit.objects.bulk_create(new, batch_size=1000)
        for unit in new:
            by_key[(level, unit.code)] = unit
        Unit.objects.bulk_update(changed, ["name", "kind", "parent", "search_name", "path"], batch_size=500)
        report.created += len(new)
        report.updated += len(changed)
    return by_key


@transaction.atomic
def load_current() -> LoadReport:
    from vietnam_provinces import Province, Ward

    rows = [
        _Row(Level.PROVINCE, _code(Level.PROVINCE, p.code), p.name, _kind(p.division_type), None)
        for p in Province.iter_all()
    ]
    rows += [
        _Row(
            Level.COMMUNE,
            _code(Level.COMMUNE, w.code),
            w.name,
            _kind(w.division_type),
            (Level.PROVINCE, _code(Level.PROVINCE, w.province_code)),
        )
        for w in Ward.iter_all()
    ]
    report = LoadReport()
    _upsert(rows, legacy=False, report=report)
    return report


@transaction.atomic
def load_legacy() -> LoadReport:
    """Load the pre-2025 tree and link each legacy province and commune to what it became."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    P, D, C = Level.PROVINCE, Level.DISTRICT, Level.COMMUNE
    rows = [
        _Row(P, _code(P, p.code), p.name, _kind(p.division_type), None) for p in LegacyProvince.iter_all()
    ]
    rows += [
        _Row(D, _code(D, d.code), d.name, _kind(d.division_type), (P, _code(P, d.province_code)))
        for d in LegacyDistrict.iter_all()
    ]
    rows += [
        _Row(C, _code(C, w.code), w.name, _kind(w.division_type), (D, _code(D, w.district_code)))
        for w in LegacyWard.iter_all()
    ]
    report = LoadReport()
    legacy = _upsert(rows, legacy=True, report=report)
    current = {(u.level, u.code): u.pk for u in Unit.objects.current().exclude(level=Level.VILLAGE)}
    if not current:
        return report  # links need the current tree; `load-places` loads it first

    Link = Unit.successors.through
    pairs: set[tuple[int, int]] = set()
    for p in Province.iter_all():
        for old in p.get_legacy_sources():
            pairs.add((legacy[(P, _code(P, old.code))].pk, current[(P, _code(P, p.code))]))
    for w in Ward.iter_all():
        for old in w.get_legacy_sources():
            pairs.add((legacy[(C, _code(C, old.code))].pk, current[(C, _code(C, w.code))]))
    # Districts were dissolved, not merged: a district leads to the province its own province became.
    legacy_provinces = {u.pk for k, u in legacy.items() if k[0] == P}
    province_successor = {a: b for a, b in pairs if a in legacy_provinces}
    for (level, _), unit in legacy.items():
        if level == D and unit.parent_id in province_successor:
            pairs.add((unit.pk, province_successor[unit.parent_id]))
    existing = set(Link.objects.values_list("from_unit_id", "to_unit_id"))
    Link.objects.bulk_create(
        [Link(from_unit_id=a, to_unit_id=b) for a, b in sorted(pairs - existing)], batch_size=2000
    )
    report.links = len(pairs - existing)
    return report
