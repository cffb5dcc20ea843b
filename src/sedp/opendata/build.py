"""Read what a unit has published for a plan year into the open data's tables (see `schema`).

Only published content: a plan's latest adopted (approved, submitted) version — never a draft —, the fates the
plan above decided once it too is published, and issued assignments. No meeting, attendee, comment or signer: no
person's name. A constant number of queries per unit, whatever the number of rows.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.urls import reverse
from django.utils import timezone, translation

from sedp.assignments.models import Assignment
from sedp.assignments.models import State as AssignmentState
from sedp.core.money import people_contribution
from sedp.core.text import natural_key
from sedp.needs.models import Need
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.logframe import actions as lf
from sedp.plans.models import PUBLIC_STATES, Kind, NeedLink, Part, Plan, PlanItem
from sedp.plans.rollup.fates import HIGHER_KINDS, PLAN_KIND

from .words import fate_text

PART_SOURCE = {
    Part.OWN: "Phần 1: thôn tự làm bằng tiền, công sức của nhân dân",
    Part.BUDGET: "Phần 2: đề nghị ngân sách nhà nước hỗ trợ",
}
KIND_VI = {
    Kind.VILLAGE_MIDTERM: "Kế hoạch trung hạn của thôn",
    Kind.VILLAGE_ANNUAL: "Kế hoạch hằng năm của thôn",
    Kind.COMMUNE_ANNUAL: "Kế hoạch phát triển kinh tế - xã hội cấp xã",
    Kind.DISTRICT_ANNUAL: "Kế hoạch phát triển kinh tế - xã hội cấp huyện",
    Kind.PROVINCE_ANNUAL: "Kế hoạch phát triển kinh tế - xã hội cấp tỉnh",
}


def unit_columns(unit: Unit) -> dict:
    return {
        "unit_id": unit.pk,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "unit_level": unit.level,
    }


def published_plans(unit: Unit, year: int) -> list[Plan]:
    """The latest published version of each kind of the unit's plans starting in `year`."""
    latest: dict[str, Plan] = {}
    for p in Plan.objects.filter(unit=unit, year_from=year, state__in=PUBLIC_STATES).order_by(
        "kind", "-version"
    ):
        latest.setdefault(p.kind, p)
    return sorted(latest.values(), key=lambda p: (p.kind != Kind.VILLAGE_ANNUAL, p.kind))


def upper_plan(unit: Unit, year: int) -> Plan | None:
    """The published plan of `unit` (a commune...) that decides its villages' needs for `year`."""
    kind = PLAN_KIND.get(unit.level)
    if kind is None:
        return None
    return (
        Plan.objects.filter(unit=unit, kind=kind, year_from=year, state__in=PUBLIC_STATES)
        .order_by("-version")
        .first()
    )


def _date(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "hour"):
        value = timezone.localdate(value)
    return value.isoformat()


def _num(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _plan_row(plan: Plan, unit: Unit, total: int | None) -> dict:
    upper = plan.kind in HIGHER_KINDS
    return {
        "plan_id": plan.pk,
        **unit_columns(unit),
        "parent_name": unit.parent.name if unit.parent_id else "",
        "kind": plan.kind,
        "kind_vi": KIND_VI.get(plan.kind, plan.kind),
        "year_from": plan.year_from,
        "year_to": plan.year_to,
        "version": plan.version,
        "state": plan.state,
        "title": plan.title,
        "adopted_on": _date(plan.adopted_on),
        "doc_number": plan.doc_number,
        "doc_date": _date(plan.doc_date),
        "resolution_number": plan.resolution_number,
        "resolution_date": _date(plan.resolution_date),
        "total_cost": total,
        "page_url": reverse("portal:unit_year", args=[unit.pk, plan.year_from]),
        "docx_url": reverse("plans:plan_docx", args=[plan.pk, plan.year_from]) if upper else "",
        "pdf_url": reverse("plans:plan_pdf", args=[plan.pk, plan.year_from]) if upper else "",
        "xlsx_url": reverse("plans:commune_workbook", args=[plan.pk])
        if upper
        else reverse("plans:export", args=[plan.pk]),
    }


def _logframe_tables(plan: Plan, tables: dict) -> int | None:
    """A commune (district, province) plan's key targets, objectives, indicators, activities and budget."""
    core = lf.build_core(plan, lf.fetch_rows(plan))
    base = {"plan_id": plan.pk, "unit_id": plan.unit_id}

    def indicators(under: str, number, items) -> None:
        for i in items:
            tables["indicators"].append(
                {
                    **base,
                    "under": under,
                    "under_number": str(number),
                    "name": i.name,
                    "unit_of_measure": i.unit,
                    "baseline": _num(i.baseline),
                    "target": _num(i.target),
                    "direction": getattr(i.direction, "value", i.direction),
                    "target_year": i.target_year,
                }
            )

    for n, k in enumerate(core.key_targets, start=1):
        tables["key_targets"].append({**base, "order": n, "text": k.text})
        indicators("key_target", n, k.indicators)

    def activity(a, result: str) -> None:
        tables["activities"].append(
            {
                **base,
                "number": str(a.number),
                "title": a.title,
                "sector": a.sector,
                "result": result,
                "quarters": ",".join(str(q) for q in sorted(a.quarters)),
                "responsible": a.responsible,
                "cost": a.cost,
                "funding_source": a.funding_source,
                "people_contribution": a.people_contribution,
                "contribution_value": a.contribution_value,
                "business_contribution_value": a.business_contribution_value,
                "origin": a.origin,
            }
        )

    for s in core.sectors:
        for o in s.objectives:
            tables["objectives"].append({**base, "sector": s.name, "number": str(o.number), "text": o.text})
            indicators("objective", o.number, o.indicators)
            for r in o.results:
                indicators("result", r.number, r.indicators)
                for a in r.activities:
                    activity(a, f"{r.number}. {r.output}")
    for a in core.other_activities:
        activity(a, "")
    for line in core.budget_lines:
        tables["budget"].append({**base, "source": line.source, "amount": line.amount})
    costs = [a.cost for a in core.activities if a.cost is not None]
    return sum(costs) if costs else core.printed_total


def _items(plans: list[Plan]) -> dict[int, list[dict]]:
    """Each village plan's items as adopted (its frozen snapshot; the rows of a plan adopted without one)."""
    out: dict[int, list[dict]] = {}
    missing = []
    for p in plans:
        if p.snapshot and "items" in p.snapshot:
            out[p.pk] = [i for i in p.snapshot["items"] if "need" in i]
        else:
            missing.append(p.pk)
    for item in PlanItem.objects.filter(plan_id__in=missing).order_by("part", "rank", "id"):
        out.setdefault(item.plan_id, []).append(
            {
                "need": item.need_id,
                "rank": item.rank,
                "part": item.part,
                "men_rank": item.men_rank,
                "women_rank": item.women_rank,
                "contribution_money": item.contribution_money,
                "contribution_labour_value": item.contribution_labour_value,
                "contribution_materials_value": item.contribution_materials_value,
                "contribution_land_value": item.contribution_land_value,
            }
        )
    return out


def _item_value(item: dict) -> int:
    return people_contribution(
        item.get("contribution_money"),
        item.get("contribution_labour_value"),
        item.get("contribution_materials_value"),
        item.get("contribution_land_value"),
    )


_shared = threading.local()


@contextmanager
def shared() -> Iterator[None]:
    """Inside, what several units' datasets read alike is read once: the decisions of a commune's published plan,
    which each of its villages' datasets shows (`publish_keys` builds a commune's villages together)."""
    outer = getattr(_shared, "memo", None)
    _shared.memo = {} if outer is None else outer
    try:
        yield
    finally:
        _shared.memo = outer


def _needs(pks: list[int]) -> dict[int, Need]:
    """The needs (with their sector) by pk; inside `shared()` each need is read once."""
    memo = getattr(_shared, "memo", None)
    if memo is None:
        return Need.objects.select_related("sector").in_bulk(pks)
    known = memo.setdefault("needs", {})
    missing = [pk for pk in pks if pk not in known]
    if len(known) + len(missing) > 20_000:  # a province's worth: a commune's villages share, not the province
        known.clear()
        missing = list(pks)
    if missing:
        known.update(Need.objects.select_related("sector").in_bulk(missing))
    return {pk: known[pk] for pk in pks if pk in known}


def _decisions(parent: Unit, year: int):
    """`parent`'s published plan deciding its villages' needs for `year`, its links by need, its activities'
    numbers and titles, and the villages whose needs each activity takes up."""
    memo = getattr(_shared, "memo", None)
    if memo is not None and (parent.pk, year) in memo:
        return memo[(parent.pk, year)]
    upper = upper_plan(parent, year)
    links: dict[int, NeedLink] = {}
    numbers: dict[int, str] = {}
    titles: dict[int, str] = {}
    units_of: dict[int, list[str]] = defaultdict(list)  # activity pk → the villages whose needs it takes up
    if upper is not None:
        activities = list(upper.activities.order_by("order", "id"))
        numbers = {a.pk: a.number or str(n) for n, a in enumerate(activities, start=1)}
        titles = {a.pk: a.title for a in activities}
        for link in (
            NeedLink.objects.filter(plan=upper).select_related("need__unit").prefetch_related("activities")
        ):
            links[link.need_id] = link
            for a in link.activities.all():
                units_of[a.pk].append(link.need.unit.name)
    out = (upper, links, numbers, titles, units_of)
    if memo is not None:
        memo[(parent.pk, year)] = out
    return out


def needs_rows(parent: Unit, villages: list[Unit], year: int) -> list[dict]:
    """The villages' needs (from their published annual plans) and their fates in `parent`'s published plan."""
    if not villages:
        return []
    plans: dict[int, Plan] = {}
    for p in Plan.objects.filter(
        unit__in=villages, kind=Kind.VILLAGE_ANNUAL, year_from=year, state__in=PUBLIC_STATES
    ).order_by("unit_id", "-version"):
        plans.setdefault(p.unit_id, p)
    if not plans:
        return []
    items = _items(list(plans.values()))
    needs = _needs([i["need"] for rows in items.values() for i in rows])
    upper, links, numbers, titles, units_of = _decisions(parent, year)
    rows = []
    order = {v.pk: n for n, v in enumerate(villages)}
    for village_id, plan in sorted(plans.items(), key=lambda kv: order.get(kv[0], 0)):
        village = next(v for v in villages if v.pk == village_id)
        for item in sorted(items.get(plan.pk, []), key=lambda i: (-(i.get("part") or 0), i.get("rank") or 0)):
            need = needs.get(item["need"])
            if need is None:
                continue
            link = links.get(need.pk)
            acts = sorted(link.activities.all(), key=lambda a: (a.order, a.pk)) if link else []
            if link is not None:
                fate = link.fate
            elif item.get("part") == Part.OWN:
                fate = "own"
            else:
                fate = "undecided"
            partners = []
            for a in acts:
                for name in units_of.get(a.pk, []):
                    if name != village.name and name not in partners:
                        partners.append(name)
            row = {
                **unit_columns(village),
                "village_plan_id": plan.pk,
                "need_id": need.pk,
                "code": need.code,
                "title": item.get("title") or need.title,
                "sector": need.sector.name if need.sector_id else "",
                "estimated_cost": need.estimated_cost,
                "part": item.get("part"),
                "rank": item.get("rank"),
                "men_rank": item.get("men_rank"),
                "women_rank": item.get("women_rank"),
                "contribution_value": _item_value(item) or None,
                "decided_in_plan_id": upper.pk if upper else None,
                "fate": fate,
                "postponed_to": link.postponed_to if link else None,
                "referred_to": link.referred_to if link else "",
                "reason": link.reason if link else "",
                "activities": "; ".join(
                    f"{numbers.get(a.pk, '')}. {titles.get(a.pk, a.title)}" for a in acts
                ),
                # for the pages, which word the fate in the reader's language (not CSV columns)
                "activity_numbers": ", ".join(numbers.get(a.pk, "") for a in acts),
                "partners": ", ".join(partners),
                "upper_name": parent.name,
            }
            rows.append(row)
    with translation.override("vi"):  # once for all the rows
        for row in rows:
            row["fate_text"] = fate_text(row, upper_name=parent.name, year=year)
    return rows


def _village_tables(plan: Plan, tables: dict) -> int | None:
    """A village's annual plan: its items are its activities, Part 1 or Part 2 their source."""
    items = _items([plan]).get(plan.pk, [])
    needs = _needs([i["need"] for i in items])
    base = {"plan_id": plan.pk, "unit_id": plan.unit_id}
    sums: dict[str, int] = {}
    for item in sorted(items, key=lambda i: (i.get("part") or 0, i.get("rank") or 0)):
        need = needs.get(item["need"])
        if need is None:
            continue
        source = PART_SOURCE.get(item.get("part"), "")
        tables["activities"].append(
            {
                **base,
                "number": str(item.get("rank") or ""),
                "title": item.get("title") or need.title,
                "sector": need.sector.name if need.sector_id else "",
                "result": "",
                "quarters": "",
                "responsible": "",
                "cost": need.estimated_cost,
                "funding_source": source,
                "people_contribution": "",
                "contribution_value": _item_value(item) or None,
                "origin": need.code,
            }
        )
        if need.estimated_cost is not None:
            sums[source] = sums.get(source, 0) + need.estimated_cost
    for source, amount in sums.items():
        tables["budget"].append({**base, "source": source, "amount": amount})
    return sum(sums.values()) if sums else None


def _assigned(unit: Unit, year: int, tables: dict) -> None:
    from sedp.assignments.actions import source_title

    assignments = (
        Assignment.objects.filter(unit=unit, year=year, state=AssignmentState.ISSUED)
        .select_related("plan__unit")
        .prefetch_related("budgets__source", "budgets__activity", "targets")
        .order_by("issued_at", "pk")
    )
    for a in assignments:
        head = {
            **unit_columns(unit),
            "assigned_by": a.plan.unit.name,
            "decision_number": a.doc_number,
        }
        for b in sorted(a.budgets.all(), key=lambda b: (b.source_id, b.pk)):
            tables["assigned_budgets"].append(
                {
                    **head,
                    "decision_date": _date(a.doc_date),
                    "source": source_title(b.source),
                    "activity": b.activity.title if b.activity_id else "",
                    "amount": b.amount,
                }
            )
        for t in a.targets.all():
            tables["assigned_targets"].append(
                {**head, "name": t.name, "unit_of_measure": t.unit_of_measure, "value": _num(t.value)}
            )


def build(unit: Unit, year: int) -> dict | None:
    """The unit's open data for `year`, or None when it has published nothing for that year."""
    from .schema import TABLES

    tables: dict[str, list[dict]] = {t.name: [] for t in TABLES}
    for plan in published_plans(unit, year):
        if plan.kind in HIGHER_KINDS:
            total = _logframe_tables(plan, tables)
        elif plan.kind == Kind.VILLAGE_ANNUAL:
            total = _village_tables(plan, tables)
        else:
            total = None  # a mid-term plan: listed, its items are the annual plans'
        tables["plans"].append(_plan_row(plan, unit, total))
    if unit.level == Level.VILLAGE and unit.parent_id:
        tables["needs"] = needs_rows(unit.parent, [unit], year)
    elif unit.level in PLAN_KIND:
        villages = [c for c in unit.children.all() if c.level == Level.VILLAGE]
        villages.sort(key=lambda v: natural_key(v.name))
        tables["needs"] = needs_rows(unit, villages, year)
    _assigned(unit, year, tables)
    if not tables["plans"] and not tables["assigned_budgets"] and not tables["assigned_targets"]:
        return None
    return {"tables": tables}
