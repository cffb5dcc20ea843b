"""Publishing open data: when a plan is adopted (approved, submitted) or an assignment issued, the datasets it
changes are built again and stored — the unit's, the unit above's (a village's needs show on its commune's page),
the units below's (a commune's decisions are its villages' fates) and the province's bulk — and the public
edition goes up, which empties the public pages' cache. Nothing public is computed per request.

`schedule` is what the signals call: the work runs once, after the publishing transaction commits, however many
plans it published (a demo load adopts dozens)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sedp.places.choices import Level
from sedp.places.models import Unit

from . import package
from .build import build, shared
from .models import Dataset, Edition

_pending = threading.local()


def edition() -> int:
    """The public edition: part of every public cache key."""
    return Edition.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def bump() -> None:
    """Something public changed: every cached public page is stale from now on."""
    if not Edition.objects.filter(pk=1).update(number=F("number") + 1):
        Edition.objects.get_or_create(pk=1, defaults={"number": 1})


def _slug(unit: Unit, year: int, bulk: bool) -> str:
    return f"opensedp-{'bulk-' if bulk else ''}{unit.level}-{unit.pk}-{year}"


def _store(unit: Unit, year: int, data: dict | None, *, bulk: bool = False) -> Dataset | None:
    if data is None:
        Dataset.objects.filter(unit=unit, year=year, bulk=bulk).delete()
        return None
    now = timezone.now()
    scope = f"every unit of {unit.name}" if bulk else unit.name
    meta = package.descriptor(
        name=_slug(unit, year, bulk),
        title=f"openSEDP — {unit.name} — {year}{' (toàn tỉnh)' if bulk else ''}",
        description=f"Published socio-economic development plans of {scope} for {year}: key targets, objectives, "
        "activities with cost and source, budget by source, the villages' needs and their fates, and the "
        "targets and budgets assigned. Adopted plans only; no draft and no person's name.",
        created=now.isoformat(timespec="seconds"),
    )
    archive = package.to_zip(data["tables"], meta)
    data = {**data, "unit": {**_unit_info(unit)}, "year": year, "licence": package.LICENCE["name"]}
    # One statement, written or replaced (an upsert on the unit, year and bulk, unique together).
    (dataset,) = Dataset.objects.bulk_create(
        [
            Dataset(
                unit=unit,
                year=year,
                bulk=bulk,
                data=data,
                archive=archive,
                sha256=hashlib.sha256(archive).hexdigest(),
                generated_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["unit", "year", "bulk"],
        update_fields=["data", "archive", "sha256", "generated_at"],
    )
    return dataset


def _unit_info(unit: Unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "level": unit.level}


def publish_unit(unit: Unit, year: int) -> Dataset | None:
    return _store(unit, year, build(unit, year))


def publish_bulk(province: Unit, year: int) -> Dataset | None:
    """The province's bulk: the tables of every unit under it (itself included) that has published for `year`.
    The datasets are read a few at a time: what the bulk leaves out (the villages' needs, in their communes'
    tables already) is not held for all of them at once."""
    from .schema import TABLES

    tables: dict[str, list[dict]] = {t.name: [] for t in TABLES}
    found = False
    for d in (
        Dataset.objects.filter(unit__path__startswith=province.path, year=year, bulk=False)
        .only("data")
        .order_by("unit__path")
        .iterator(chunk_size=100)
    ):
        found = True
        for name, rows in d.tables.items():
            if name == "needs" and d.data.get("unit", {}).get("level") == Level.VILLAGE:
                continue  # a village's needs are in its commune's table already
            tables.setdefault(name, []).extend(rows)
    return _store(province, year, {"tables": tables} if found else None, bulk=True)


def _affected(unit: Unit) -> list[Unit]:
    """The unit, the unit above it and the villages below it: whose published tables a change of `unit`'s plan
    can change."""
    out = [unit]
    if unit.parent_id:
        out.append(unit.parent)
    out += [c for c in unit.children.all() if c.level == Level.VILLAGE]
    return out


def targets_of(keys) -> list[tuple[Unit, int]]:
    """What publishing the plans (or assignments) of these (unit id, year) changes: each unit's dataset, its
    parent's and its villages' — as (unit, year), in the order of the units' ids (a commune before its villages)."""
    units = Unit.objects.select_related("parent").in_bulk({u for u, _y in keys})
    found: dict[tuple[int, int], Unit] = {}
    for unit_id, year in keys:
        if unit_id in units:
            for u in _affected(units[unit_id]):
                found[(u.pk, year)] = u
    return [(u, year) for (_pk, year), u in sorted(found.items(), key=lambda kv: kv[0])]


def publish_units(targets) -> int:
    """Each (unit, year)'s dataset built again and stored (removed where the unit has published nothing); how many
    are stored. Not kept in memory once stored: a province's 2,700 datasets are hundreds of megabytes."""
    stored = 0
    with shared():  # a commune's decisions read once for all its villages
        for u, year in targets:
            stored += publish_unit(u, year) is not None
    return stored


def publish_bulks(targets) -> None:
    """The bulk of each province (and year) the (unit, year) targets are in, from their stored datasets."""
    provinces, found = {}, {}
    for u, year in targets:
        top = u.path if u.parent_id is None else u.ancestor_paths[0]
        if top not in found:
            found[top] = u.province()
        p = found[top]
        provinces[(p.pk, year)] = p
    for (_pk, year), p in sorted(provinces.items(), key=lambda kv: kv[0]):
        publish_bulk(p, year)


@transaction.atomic
def publish_keys(keys) -> int:
    """Build again and store what publishing the plans (or assignments) of these (unit id, year) changes: each
    unit's dataset, its parent's and its villages', then the provinces' bulk; then the edition goes up. Returns
    how many units' datasets are stored."""
    found = targets_of(keys)
    stored = publish_units(found)
    publish_bulks(found)
    bump()
    return stored


def publish(unit: Unit, year: int) -> int:
    """What publishing `unit`'s plan (or an assignment to it) for `year` changes, stored."""
    return publish_keys({(unit.pk, year)})


def publish_everything(year: int | None = None) -> int:
    """Every dataset built again from what is published (after loading data by hand, or to repair); how many."""
    from sedp.assignments.models import Assignment
    from sedp.assignments.models import State as AssignmentState
    from sedp.plans.models import PUBLIC_STATES, Plan

    plans = Plan.objects.filter(state__in=PUBLIC_STATES)
    issued = Assignment.objects.filter(state=AssignmentState.ISSUED)
    if year is not None:
        plans, issued = plans.filter(year_from=year), issued.filter(year=year)
    keys = set(plans.values_list("unit_id", "year_from").distinct()) | set(
        issued.values_list("unit_id", "year").distinct()
    )
    return publish_keys(keys)


def schedule(unit_id: int, year: int) -> None:
    """Publish (unit, year) once the current transaction commits (at once outside a transaction)."""
    pending = getattr(_pending, "keys", None)
    if pending is None:
        pending = _pending.keys = set()
    pending.add((unit_id, year))
    transaction.on_commit(_flush)


def take_pending() -> set[tuple[int, int]]:
    """The (unit id, year) scheduled inside `held()` and not published yet, taken out for another process to
    publish: `sedp synth`'s worker processes hand theirs to the one that publishes the province at the end."""
    keys = getattr(_pending, "keys", None) or set()
    _pending.keys = set()
    return keys


def _flush() -> None:
    if getattr(_pending, "held", 0):
        return  # `held()` publishes them all when it ends
    keys = getattr(_pending, "keys", None) or set()
    _pending.keys = set()
    if keys:
        publish_keys(keys)


@contextmanager
def held() -> Iterator[None]:
    """Publish what the transactions inside publish once, when the block ends, instead of after each commit: a
    bulk load of many transactions (`sedp synth`, a commune each) builds each unit's dataset and the province's
    bulk once, from the final state, instead of once per transaction. What a failed block committed is still
    published."""
    _pending.held = getattr(_pending, "held", 0) + 1
    try:
        yield
    finally:
        _pending.held -= 1
        if not _pending.held and not transaction.get_connection().in_atomic_block:
            _flush()
