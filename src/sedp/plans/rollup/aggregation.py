"""What a commune (or higher) plan is built from: its child units' adopted plans for the plan year, read in a
fixed number of queries however many children there are.

For a commune the children are its villages and their village annual plans; for a district or a province they
are communes (or districts) and their plans — the same functions over the tree. What a child sent is the content
frozen when it adopted its plan (`Plan.snapshot`), not the live rows, which a new version may change.

- Biểu 1, Biểu 2: each measure's value and target in each child, and the parent's, rolled up by the measure's rule
  (`sedp.core.rollup`), with "n of N" children reporting; a percentage or ratio from the children's numerators and
  denominators summed (a child reports when it states both), never from the mean of their percentages. These are the figures each child states for the plan
  year (`Figure`, entered or imported on its figures page), whether or not it has adopted its plan yet;
- Biểu 4: each child's Part 2 (asked of the budget, at most 2) and Part 1 activities in its own priority order,
  with the men's and women's ranks and their disagreements;
- Biểu 5 / Biểu 6: the public-service / technical-support needs and the investment (construction) needs that
  reached the plan (Part 2, the Part 1 items the team took up, the commune's own needs), with cost and people's
  contribution and their totals;
- the children that have not sent a plan, with the due date of their milestone in the cycle, overdue or not, and
  any draft in progress.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef
from django.utils import timezone

from sedp.core import rollup
from sedp.core.money import people_contribution
from sedp.core.text import natural_key
from sedp.cycles.models import Cycle, Milestone
from sedp.needs.models import Need, NeedKind, Sector
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import (
    PUBLIC_STATES,
    Fate,
    Figure,
    Form,
    Kind,
    Measure,
    NeedLink,
    Part,
    Plan,
    PlanItem,
    Rollup,
)
from sedp.plans.rollup.levels import is_upper

# The kind of plan each level of child unit sends up, and the milestone by which it is due.
CHILD_KIND = {
    Level.VILLAGE: Kind.VILLAGE_ANNUAL,
    Level.COMMUNE: Kind.COMMUNE_ANNUAL,
    Level.DISTRICT: Kind.DISTRICT_ANNUAL,
}
DUE_MILESTONE = {Level.VILLAGE: "village_annual", Level.COMMUNE: "commune_plan", Level.DISTRICT: "upper_plan"}
HIGHER_KINDS = (Kind.COMMUNE_ANNUAL, Kind.DISTRICT_ANNUAL, Kind.PROVINCE_ANNUAL)
# Fates after which a need is settled for good; a postponed need comes back in a later year's plan.
FINAL_FATES = (Fate.INCLUDED, Fate.MERGED, Fate.REFERRED, Fate.NOT_INCLUDED)


@dataclass
class Child:
    """A child unit and what it has sent for the plan year."""

    unit: Unit
    plan: Plan | None = None  # its latest adopted plan
    draft: Plan | None = None  # a plan in progress, newer than the adopted one (or the only one)
    due_on: date | None = None
    today: date | None = None

    @property
    def sent(self) -> bool:
        return self.plan is not None

    @property
    def overdue(self) -> bool:
        return (
            not self.sent and self.due_on is not None and self.today is not None and self.due_on < self.today
        )

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due_on).days if self.overdue else 0


# The columns of a need that a row shows (`NeedRow`): read with `only`, so that a commune's 3,000 needs do not
# bring their texts and contributions along. Reading another field of `row.need` costs a query per row: add it here.
ROW_FIELDS = (
    "id",
    "unit_id",
    "code",
    "title",
    "sector_id",
    "kind",
    "estimated_cost",
    "contribution_labour_value",
)


@dataclass
class NeedRow:
    """A need as it reached the plan: from a child's adopted plan (rank, part, ranks as adopted) or the
    commune's own; with its fate in this plan if decided."""

    need: Need
    unit: Unit
    rank: int | None = None
    part: int | None = None
    men_rank: int | None = None
    women_rank: int | None = None
    disagree: bool = False
    contribution: int = 0  # people's contribution in đồng: money, labour, materials, land
    labour_days: int | None = None
    link: NeedLink | None = None
    own: bool = False  # added by the plan's unit itself

    @property
    def cost(self) -> int | None:
        return self.need.estimated_cost

    @property
    def candidate(self) -> bool:
        """Reached the plan: asked of the budget (Part 2), the unit's own, or taken up by the team."""
        return self.own or self.part == Part.BUDGET or self.link is not None

    @property
    def fate(self) -> str | None:
        return self.link.fate if self.link else None


@dataclass
class ChildNeeds:
    child: Child
    part2: list[NeedRow] = field(default_factory=list)
    part1: list[NeedRow] = field(default_factory=list)

    @property
    def part2_count(self) -> int:
        return len(self.part2)

    # What a village's folded summary says on the pages (its rows come on demand).
    @property
    def rows(self) -> list[NeedRow]:
        return [*self.part2, *self.part1]

    @property
    def pending_count(self) -> int:
        return sum(1 for r in self.rows if r.candidate and r.link is None)

    @property
    def taken_up_count(self) -> int:
        """Part 1 needs the team took up."""
        return sum(1 for r in self.part1 if r.link is not None)

    @property
    def disagree_count(self) -> int:
        return sum(1 for r in self.rows if r.disagree)


@dataclass
class MeasureRow:
    measure: Measure
    cells: list[tuple[object, object]]  # (value, target) per child, in the children's order
    value: rollup.Rolled
    target: rollup.Rolled
    children_reporting: int | None = None  # above the commune: how many children have any unit reporting

    @property
    def children_total(self) -> int:
        return len(self.cells)


@dataclass
class Totals:
    cost: int
    contribution: int
    count: int


@dataclass
class Aggregation:
    plan: Plan
    year: int
    children: list[Child]
    cycle: Cycle | None
    form1: list[MeasureRow]
    form2: list[MeasureRow]
    by_child: list[ChildNeeds]
    own: list[NeedRow]
    today: date

    @property
    def sent(self) -> list[Child]:
        return [c for c in self.children if c.sent]

    @property
    def not_sent(self) -> list[Child]:
        return [c for c in self.children if not c.sent]

    @property
    def rows(self) -> list[NeedRow]:
        """Every need of the children's adopted plans (Part 2 first within each child), then the unit's own."""
        return [r for cn in self.by_child for r in (*cn.part2, *cn.part1)] + self.own

    @property
    def candidates(self) -> list[NeedRow]:
        return [r for r in self.rows if r.candidate]

    @property
    def pending(self) -> list[NeedRow]:
        return [r for r in self.candidates if r.link is None]

    @property
    def services(self) -> list[NeedRow]:
        """Biểu 5: public-service and technical-support needs — every one in the children's adopted plans, Part 1
        included (trainings and extension are the commune's and district's services, whoever pays the rest: source
        001), and the unit's own."""
        return [r for r in self.rows if r.need.kind == NeedKind.SERVICE]

    @property
    def investments(self) -> list[NeedRow]:
        """Biểu 6: investment (construction) needs."""
        return [r for r in self.candidates if r.need.kind != NeedKind.SERVICE]

    @staticmethod
    def totals(rows: list[NeedRow]) -> Totals:
        return Totals(
            rollup.total(r.cost for r in rows), rollup.total(r.contribution for r in rows), len(rows)
        )

    @staticmethod
    def by_sector(rows: list[NeedRow]) -> list[tuple[str, Totals]]:
        """Rows summed by sector, in the sectors' order: Biểu 5/6 summed on a page (each row is in the workbook)."""
        groups: dict[int | None, list[NeedRow]] = {}
        for r in rows:
            groups.setdefault(r.need.sector_id, []).append(r)
        ordered = sorted(
            groups.values(),
            key=lambda g: (
                (g[0].need.sector.order, g[0].need.sector.name) if g[0].need.sector_id else (10**6, "")
            ),
        )
        return [
            (g[0].need.sector.name if g[0].need.sector_id else "", Aggregation.totals(g)) for g in ordered
        ]

    def child_needs(self, unit_pk: int) -> ChildNeeds | None:
        return next((cn for cn in self.by_child if cn.child.unit.pk == unit_pk), None)

    @property
    def services_total(self) -> Totals:
        return self.totals(self.services)

    @property
    def investments_total(self) -> Totals:
        return self.totals(self.investments)


def children_of(unit: Unit) -> list[Unit]:
    units = list(Unit.objects.filter(parent=unit, is_legacy=unit.is_legacy))
    units.sort(key=lambda u: natural_key(u.name))
    return units


def cycle_for(unit: Unit, year: int) -> Cycle | None:
    """The cycle the unit's plan year runs in: on the unit or the nearest unit above it."""
    cycles = Cycle.objects.filter(plan_year=year, unit__path__in=[*unit.ancestor_paths, unit.path])
    return max(cycles.select_related("unit"), key=lambda c: len(c.unit.path), default=None)


def _due_dates(cycle: Cycle | None, levels: set[str]) -> dict[str, date]:
    if cycle is None:
        return {}
    keys = {DUE_MILESTONE[lv]: lv for lv in levels if lv in DUE_MILESTONE}
    return {keys[m.key]: m.due_on for m in Milestone.objects.filter(cycle=cycle, key__in=list(keys))}


def child_plans(unit: Unit, year: int, children: list[Unit], today: date, cycle: Cycle | None) -> list[Child]:
    kinds = {CHILD_KIND[c.level] for c in children if c.level in CHILD_KIND}
    plans = Plan.objects.filter(
        unit__parent=unit, unit__in=[c.pk for c in children], kind__in=kinds, year_from=year
    ).order_by("unit_id", "-version")
    if Level.VILLAGE not in {c.level for c in children}:
        # Above the commune the children's frozen content is their logframe, read by `upper`, not here: a merged
        # province's 150 communes' snapshots would be megabytes of JSON decoded for nothing.
        plans = plans.defer("snapshot")
    adopted: dict[int, Plan] = {}
    drafts: dict[int, Plan] = {}
    for p in plans:
        if p.state in PUBLIC_STATES:
            adopted.setdefault(p.unit_id, p)
        elif p.unit_id not in adopted:
            drafts.setdefault(p.unit_id, p)  # only a draft newer than the latest adopted version
    due = _due_dates(cycle, {c.level for c in children})
    return [Child(c, adopted.get(c.pk), drafts.get(c.pk), due.get(c.level), today) for c in children]


def snapshot_items(children: list[Child]) -> dict[int, list[dict]]:
    """The items each child adopted, as frozen; for a plan adopted without a snapshot, its rows."""
    out: dict[int, list[dict]] = {}
    missing = []
    for c in children:
        if c.plan is None:
            continue
        if c.plan.snapshot and "items" in c.plan.snapshot:
            # A village plan's frozen items are needs; a commune plan adopted through the consultation froze its
            # logframe, whose parts are not needs (a province or district sees no need from it).
            out[c.plan.pk] = [i for i in c.plan.snapshot["items"] if "need" in i]
        else:
            missing.append(c.plan.pk)
    if missing:
        for item in PlanItem.objects.filter(plan_id__in=missing).order_by("part", "rank", "id"):
            out.setdefault(item.plan_id, []).append(
                {
                    "need": item.need_id,
                    "rank": item.rank,
                    "part": item.part,
                    "men_rank": item.men_rank,
                    "women_rank": item.women_rank,
                    "contribution_money": item.contribution_money,
                    "contribution_labour_days": item.contribution_labour_days,
                    "contribution_labour_value": item.contribution_labour_value,
                    "contribution_materials_value": item.contribution_materials_value,
                    "contribution_land_value": item.contribution_land_value,
                }
            )
    return out


def row_needs(items: dict[int, list[dict]]) -> dict[int, Need]:
    """The needs the children's adopted items name (`snapshot_items`: plan → items), with only what the pages and
    the workbook show of a need (`ROW_FIELDS`; a row's other figures are the plan's, as adopted).

    Read through the plans' items, a parameter per plan, rather than by the needs' ids: 3,000 ids in one query
    take psycopg 10 ms to split into placeholders, and leave 9,000 objects for the garbage collector to go through.
    A need that a snapshot froze but that its plan's items no longer name is then read by its id."""
    wanted = {i["need"] for rows in items.values() for i in rows}
    needs_of = Need.objects.only(*ROW_FIELDS).order_by()
    needs = {n.pk: n for n in needs_of.filter(plan_items__plan__in=list(items)) if n.pk in wanted}
    if missing := wanted - needs.keys():
        needs.update((n.pk, n) for n in needs_of.filter(pk__in=missing))
    return needs


def _ranked_counts(children: list[Child]) -> dict[int, int]:
    """How many activities each child's ranking held (its mid-term plan): the list the ranks are out of."""
    sources = {c.plan.source_id for c in children if c.plan and c.plan.source_id}
    if not sources:
        return {}
    rows = PlanItem.objects.filter(plan_id__in=sources).values("plan_id").annotate(n=Count("id"))
    return {r["plan_id"]: r["n"] for r in rows}


def _contribution(item: dict, need: Need) -> int:
    """People's contribution in đồng as the child adopted it (the one definition, `people_contribution`). Plans
    adopted before their items kept the labour's value take it from the need."""
    labour = item["contribution_labour_value"] if "contribution_labour_value" in item else None
    return people_contribution(
        item.get("contribution_money"),
        labour if labour is not None else need.contribution_labour_value,
        item.get("contribution_materials_value"),
        item.get("contribution_land_value"),
    )


def own_needs(plan: Plan):
    """Needs the plan's unit added itself, not settled for good in another of its plans (postponed ones return)."""
    settled = NeedLink.objects.filter(need=OuterRef("pk"), fate__in=FINAL_FATES).exclude(plan=plan)
    return (
        Need.objects.filter(unit=plan.unit)
        .annotate(_settled=Exists(settled))
        .filter(_settled=False)
        .select_related("sector")
        .order_by("id")
    )


def links_of(plan: Plan) -> dict[int, NeedLink]:
    return {
        link.need_id: link
        for link in NeedLink.objects.filter(plan=plan).prefetch_related("activities").order_by("id")
    }


def _measure_rows(
    measures: list[Measure], children: list[Child], figures: dict[tuple[int, int], object]
) -> list[MeasureRow]:
    by_key = {m.key: m for m in measures}
    rows = []
    for m in measures:
        entries, targets, cells = [], [], []
        for c in children:
            fig = figures.get((c.unit.pk, m.pk))
            value = fig.value if fig is not None else None
            target = fig.target if fig is not None else None
            hh = _weight(figures, c.unit.pk, by_key.get("households"), c.unit.households)
            pop = _weight(figures, c.unit.pk, by_key.get("population"), c.unit.population)
            if Rollup(m.rollup).fraction:
                entry, target_entry = _fraction_entries(m, c.unit.pk, figures, value, target, hh, pop)
                value = _shown(m, entry) if entry.numerator is not None else value
            else:
                entry = rollup.Entry(c.unit.pk, value, hh, pop)
                target_entry = rollup.Entry(c.unit.pk, target, hh, pop)
            cells.append((value, target))
            entries.append(entry)
            targets.append(target_entry)
        rows.append(
            MeasureRow(m, cells, rollup.roll_up(m.rollup, entries), rollup.roll_up(m.rollup, targets))
        )
    return rows


def _fraction_entries(m: Measure, unit_pk: int, figures, value, target, hh, pop):
    """A child's percentage or ratio as the counts it is made of: its numerator and denominator figures for the
    year (e.g. 42 poor households of 310). A child that states only one of the two does not report.

    The target is made of the numerator's and denominator's targets; where the child set a target only for the
    rate itself (a poverty rate of 8 %), its numerator is that rate of the denominator (target, else value)."""
    num = figures.get((unit_pk, m.numerator_id))
    den = figures.get((unit_pk, m.denominator_id))
    n = num.value if num is not None else None
    d = den.value if den is not None else None
    entry = rollup.Entry(unit_pk, value, hh, pop, n, d)
    td = den.target if den is not None and den.target is not None else d
    tn = num.target if num is not None else None
    if tn is None and target is not None and td is not None:
        tn = Fraction(target) * Fraction(td) / (100 if m.rollup == Rollup.PERCENT else 1)
    return entry, rollup.Entry(unit_pk, target, hh, pop, tn, td if tn is not None else None)


def _shown(m: Measure, entry: rollup.Entry):
    """The child's own rate as its numerator and denominator make it (what went into the roll-up)."""
    return rollup.roll_up(m.rollup, [entry]).value


def _weight(figures, unit_pk: int, measure: Measure | None, fallback: int | None) -> int | None:
    """A unit's households or population as its figures for the year state them, else as the unit records them."""
    if measure is not None:
        fig = figures.get((unit_pk, measure.pk))
        if fig is not None and fig.value is not None:
            return int(fig.value)
    return fallback


# ---------------------------------------------------------------------------------------------------------------
# Above the commune: Biểu 1/2 over the whole tree
# ---------------------------------------------------------------------------------------------------------------


class _Fig(NamedTuple):
    value: Decimal | None
    target: Decimal | None


@dataclass
class Tree:
    """The units under a root, as ids: each inner unit's children, and every unit's recorded weights."""

    root: int
    children: dict[int, list[int]]
    households: dict[int, int | None]
    population: dict[int, int | None]

    @property
    def leaves(self) -> list[int]:
        return [u for u in self.households if u not in self.children]


def unit_tree(unit: Unit) -> Tree:
    """Every unit below `unit` in its structure (legacy or current), in one query."""
    rows = (
        Unit.objects.subtree(unit)
        .filter(is_legacy=unit.is_legacy)
        .values_list("pk", "parent_id", "households", "population")
    )
    children: dict[int, list[int]] = {unit.pk: []}
    households: dict[int, int | None] = {}
    population: dict[int, int | None] = {}
    for pk, parent, hh, pop in rows:
        if pk != unit.pk:
            children.setdefault(parent, []).append(pk)
            households[pk], population[pk] = hh, pop
    return Tree(unit.pk, children, households, population)


def tree_figures(unit: Unit, year: int) -> dict[tuple[int, int], _Fig]:
    """Every figure stated for `year` in the units below `unit`, by (unit id, measure id): one query."""
    rows = Figure.objects.filter(
        unit__path__startswith=unit.path, unit__is_legacy=unit.is_legacy, year=year
    ).values_list("unit_id", "measure_id", "value", "target")
    return {(u, m): _Fig(_whole(v), _whole(t)) for u, m, v, t in rows}


def _whole(value: Decimal | None) -> int | Decimal | None:
    """A figure that is a whole number as an int: the same exact value, which the roll-up reads several times
    faster than a Decimal (most figures are counts)."""
    if value is None or value != value.to_integral_value():
        return value
    return int(value)


_NOTHING = rollup.Entry(None, None)  # a unit that states nothing: counts in "N", not in "n"


def tree_measure_rows(
    measures: list[Measure],
    weights: dict[str, Measure],
    tree: Tree,
    children: list[Child],
    figures: dict[tuple[int, int], _Fig],
) -> list[MeasureRow]:
    """Each measure rolled up over the whole tree by its rule (`rollup.roll_up_tree`): a commune's figure is its
    villages' figures rolled up (a commune with no villages recorded reports its own), a legacy district's its
    communes', the province's all of them — so a province through its districts gives the one-stage answer. "n of
    N" counts the units at the bottom; `children_reporting` how many children have any of them reporting.

    The lowest inner units (communes over their villages) are rolled up from their leaves' entries in one
    `roll_up` each, and the tree above them by `roll_up_tree` — the same result as walking every village as a
    node (staged roll-ups equal the one-stage one), in a fraction of the time at 2,500 villages."""
    leaves = set(tree.leaves)
    groups = {
        u: kids
        for u, kids in tree.children.items()
        if u != tree.root and kids and all(k in leaves for k in kids)
    }
    above = {u: kids for u, kids in tree.children.items() if u not in groups}
    singles = [k for kids in above.values() for k in kids if k in leaves]
    hh_m, pop_m = weights.get("households"), weights.get("population")
    weight = {
        u: (
            _weight(figures, u, hh_m, tree.households.get(u)),
            _weight(figures, u, pop_m, tree.population.get(u)),
        )
        for u in leaves
    }
    rows = []
    for m in measures:
        fraction = Rollup(m.rollup).fraction

        def entries(u, m=m, fraction=fraction):
            fig = figures.get((u, m.pk))
            if fig is None and not (
                fraction and ((u, m.numerator_id) in figures or (u, m.denominator_id) in figures)
            ):
                return _NOTHING, _NOTHING
            value = fig.value if fig is not None else None
            target = fig.target if fig is not None else None
            hh, pop = weight[u]
            if fraction:
                return _fraction_entries(m, u, figures, value, target, hh, pop)
            return rollup.Entry(u, value, hh, pop), rollup.Entry(u, target, hh, pop)

        values: dict[int, rollup.Rolled] = {}
        targets: dict[int, rollup.Rolled] = {}
        for unit_id, kids in (*groups.items(), *((u, [u]) for u in singles)):
            pairs = [entries(k) for k in kids]
            values[unit_id] = rollup.roll_up(m.rollup, [e for e, _t in pairs])
            targets[unit_id] = rollup.roll_up(m.rollup, [t for _e, t in pairs])
        value_out = rollup.roll_up_tree(m.rollup, tree.root, above, values)
        target_out = rollup.roll_up_tree(m.rollup, tree.root, above, targets)
        nothing = rollup.roll_up(m.rollup, [_NOTHING])
        per_child = [
            (
                value_out.get(c.unit.pk) or values.get(c.unit.pk, nothing),
                target_out.get(c.unit.pk) or targets.get(c.unit.pk, nothing),
            )
            for c in children
        ]
        rows.append(
            MeasureRow(
                m,
                [(v.value, t.value) for v, t in per_child],
                value_out[tree.root],
                target_out[tree.root],
                children_reporting=sum(1 for v, _t in per_child if v.reporting),
            )
        )
    return rows


def _tree_stamp(unit: Unit, year: int, tree: Tree, measures: list[Measure], children: list[Child]) -> str:
    """What the upper roll-up depends on, in one short key: the tree and its recorded weights, the measures and
    their rules, the children's order, and the figures below (how many, and the latest change — a figure added,
    edited or removed changes it)."""
    stamp = Figure.objects.filter(
        unit__path__startswith=unit.path, unit__is_legacy=unit.is_legacy, year=year
    ).aggregate(n=Count("id"), last=Max("updated_at"))
    content = (
        sorted(tree.children.items()),
        sorted(tree.households.items()),
        sorted(tree.population.items(), key=lambda kv: kv[0]),
        [(m.pk, m.key, m.form, m.rollup, m.numerator_id, m.denominator_id) for m in measures],
        [c.unit.pk for c in children],
        stamp["n"],
        stamp["last"].isoformat() if stamp["last"] else None,
    )
    digest = hashlib.sha256(repr(content).encode()).hexdigest()
    return f"sedp:upper-rollup:{unit.pk}:{year}:{digest}"


def upper_measure_rows(
    unit: Unit, year: int, measures: list[Measure], children: list[Child]
) -> tuple[list[MeasureRow], list[MeasureRow]]:
    """Biểu 1 and 2 of a province's or legacy district's plan, rolled up over the whole tree. A merged province
    has some 45,000 figures under it: the result is kept (Django's cache) under a key made of everything it depends
    on (`_tree_stamp`), so it is computed once after each change of a figure, a weight or a measure, not on every
    page. Two queries when it is kept (the tree, the figures' stamp), three when it is computed."""
    tree = unit_tree(unit)
    key = _tree_stamp(unit, year, tree, measures, children)
    kept = cache.get(key)
    by_pk = {m.pk: m for m in measures}
    if kept is not None:
        return tuple(
            [
                MeasureRow(by_pk[pk], cells, value, target, reporting)
                for pk, cells, value, target, reporting in rows
            ]
            for rows in kept
        )
    figures = tree_figures(unit, year)
    weights = {m.key: m for m in measures}
    form1 = tree_measure_rows(
        [m for m in measures if m.form == Form.BASELINE], weights, tree, children, figures
    )
    form2 = tree_measure_rows(
        [m for m in measures if m.form == Form.INDICATORS], weights, tree, children, figures
    )
    cache.set(
        key,
        [
            [(r.measure.pk, r.cells, r.value, r.target, r.children_reporting) for r in rows]
            for rows in (form1, form2)
        ],
        timeout=24 * 3600,
    )
    return form1, form2


def aggregate(plan: Plan, *, today: date | None = None, only: int | None = None) -> Aggregation:
    """Everything the plan's pages and workbook show of the children's plans. About a dozen queries, whatever the
    number of children. Above the commune (a province's or legacy district's plan) the children's plans are
    logframes, not village needs: Biểu 1/2 are rolled up over the whole tree and the activities are read by
    `sedp.plans.rollup.upper`.

    `only`, the key of one child unit: just that child and its needs (a village opened on a page) — no figures,
    no needs of the plan's own unit; a fraction of the work at 100 villages."""
    today = today or timezone.localdate()
    year = plan.year_from
    children_units = children_of(plan.unit)
    if only is not None:
        children_units = [u for u in children_units if u.pk == only]
    cycle = plan.cycle if plan.cycle_id else cycle_for(plan.unit, year)
    children = child_plans(plan.unit, year, children_units, today, cycle)

    measures = []
    if only is None:
        measures = list(
            Measure.for_unit(plan.unit)
            .select_related("numerator", "denominator")
            .order_by("form", "order", "id")
        )
    if is_upper(plan.unit):
        form1, form2 = upper_measure_rows(plan.unit, year, measures, children)
        return Aggregation(plan, year, children, cycle, form1, form2, [], [], today)

    figures = {
        (u, m): _Fig(v, t)
        for u, m, v, t in Figure.objects.filter(unit__in=[c.unit for c in children], year=year).values_list(
            "unit_id", "measure_id", "value", "target"
        )
    }
    form1 = _measure_rows([m for m in measures if m.form == Form.BASELINE], children, figures)
    form2 = _measure_rows([m for m in measures if m.form == Form.INDICATORS], children, figures)

    items = snapshot_items(children)
    counts = _ranked_counts(children)
    # Each need with its sector, the few sectors read once (not one copy per need: 3,000 needs at 100 villages).
    needs = row_needs(items)
    sectors = Sector.objects.in_bulk({n.sector_id for n in needs.values()} - {None})
    for n in needs.values():
        Need.sector.field.set_cached_value(n, sectors.get(n.sector_id))
    links = links_of(plan)

    by_child = []
    for c in children:
        if c.plan is None:
            continue
        group = ChildNeeds(c)
        rows = sorted(items.get(c.plan.pk, []), key=lambda i: (i.get("rank") or 0, i["need"]))
        n = counts.get(c.plan.source_id) or max(
            [len(rows), *(i.get("men_rank") or 0 for i in rows), *(i.get("women_rank") or 0 for i in rows)]
        )
        for i in rows:
            need = needs.get(i["need"])
            if need is None:
                continue
            row = NeedRow(
                need=need,
                unit=c.unit,
                rank=i.get("rank"),
                part=i.get("part"),
                men_rank=i.get("men_rank"),
                women_rank=i.get("women_rank"),
                disagree=rollup.disagree(i.get("men_rank"), i.get("women_rank"), n),
                contribution=_contribution(i, need),
                labour_days=i.get("contribution_labour_days"),
                link=links.get(need.pk),
            )
            (group.part2 if row.part == Part.BUDGET else group.part1).append(row)
        by_child.append(group)

    own = [
        NeedRow(
            need=n,
            unit=plan.unit,
            contribution=n.contribution_value,
            labour_days=n.contribution_labour_days,
            link=links.get(n.pk),
            own=True,
        )
        for n in (own_needs(plan) if only is None else [])
    ]
    return Aggregation(plan, year, children, cycle, form1, form2, by_child, own, today)


def child_kind(unit: Unit) -> str | None:
    return CHILD_KIND.get(unit.level)
