"""Assignment (giao kế hoạch): what an upper level hands down to each unit under it, the check that it adds up to
what the level received, the issuing, and the receiving unit's plan adjusted to it.

Who assigns to whom: a province to its communes (two-tier) or districts (legacy), a legacy district to its
communes, a commune to its villages — always the assigning unit's direct children, from its adopted (or approved,
or submitted) plan of the year.

What a level received, line by line (`received`):

* money, per source: its own funding sources of the year (`funding.FundingSource`) plus what it was itself
  assigned from above (a commune's issued assignment), summed per source;
* targets: its plan's indicators that follow a Form 2 measure and have a target, overridden by the targets it
  was assigned from above for the same measure; a target adds up by its measure's roll-up rule.

What it keeps (`kept`): the money of its own plan's activities (funded by its sources, or by a budget line from
above that names one of them) that is not handed down with the activity to a child.

The check is `sedp.core.assignment.check_assignment` over all the plan's assignments, drafts included; a line
that does not add up must carry an `Explanation` before any assignment of the plan is issued.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sedp.audit.actions import record
from sedp.core.assignment import AssignmentCheck, Handed, Received, check_assignment
from sedp.core.funding import SourceKind
from sedp.core.money import format_vnd
from sedp.core.rollup import Rule
from sedp.funding.models import Allocation, FundingSource
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import (
    PUBLIC_STATES,
    Activity,
    Figure,
    Indicator,
    KeyTarget,
    Kind,
    Measure,
    NeedLink,
    Plan,
    Rollup,
)

from .models import Assignment, Budget, Explanation, State, Target

# The plans a level assigns from, and the kind of plan a receiving unit adjusts.
ASSIGNING_KINDS = (Kind.PROVINCE_ANNUAL, Kind.DISTRICT_ANNUAL, Kind.COMMUNE_ANNUAL)
ASSIGNING_STATES = PUBLIC_STATES
RECEIVING_KIND = {Level.COMMUNE: Kind.COMMUNE_ANNUAL, Level.DISTRICT: Kind.DISTRICT_ANNUAL}
ASSIGNED_KEY_TARGET = "Chỉ tiêu được giao năm {year}"


# ---------------------------------------------------------------------------------------------------------------
# Keys and names
# ---------------------------------------------------------------------------------------------------------------


def source_key(source_id: int) -> str:
    return f"source:{source_id}"


def target_key(measure: Measure | None, name: str) -> str:
    return f"measure:{measure.key}" if measure is not None else f"target:{' '.join(name.split())[:70]}"


def source_title(source: FundingSource) -> str:
    """The source's name as an official reads it out (always Vietnamese: it is printed on the notice)."""
    if source.name:
        return source.name
    try:
        return SourceKind(source.kind).label("vi").capitalize()
    except ValueError:
        return str(source)


def receiving_units(plan: Plan) -> list[Unit]:
    """The units `plan`'s unit assigns to: its direct children of the same structure, in name order."""
    from sedp.plans.rollup.aggregation import children_of

    return children_of(plan.unit)


def can_assign_from(plan: Plan) -> bool:
    return plan.kind in ASSIGNING_KINDS and plan.state in ASSIGNING_STATES


def _assignable(plan: Plan) -> None:
    if plan.kind not in ASSIGNING_KINDS:
        raise ValidationError(_("A village plan does not assign anything down."))
    if plan.state not in ASSIGNING_STATES:
        raise ValidationError(
            _("Targets and budgets are assigned from the adopted plan: adopt %(plan)s first.")
            % {"plan": plan}
        )


# ---------------------------------------------------------------------------------------------------------------
# What the level received, hands down and keeps
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Lines:
    """Everything the check and the pages need about one assigning plan, read in a fixed number of queries."""

    plan: Plan
    received: list[Received]
    sources: dict[int, FundingSource]  # every source named by a received or handed line
    measures: dict[str, Measure]  # by target key
    target_units: dict[str, str]
    kept: dict[str, int]
    handed: list[Handed] = field(default_factory=list)


def _issued_from_above(unit: Unit, year: int):
    return Assignment.objects.filter(unit=unit, year=year, state=State.ISSUED)


def received_sources(plan: Plan) -> tuple[dict[int, int], dict[int, FundingSource]]:
    """Money received per source: the unit's own sources of the year and what it was assigned from above."""
    year = plan.year_from
    money: dict[int, int] = defaultdict(int)
    sources: dict[int, FundingSource] = {}
    for s in FundingSource.objects.filter(unit=plan.unit, year=year):
        money[s.pk] += s.amount
        sources[s.pk] = s
    above = Budget.objects.filter(assignment__in=_issued_from_above(plan.unit, year)).select_related("source")
    for b in above:
        money[b.source_id] += b.amount
        sources[b.source_id] = b.source
    return dict(money), sources


def received_targets(plan: Plan) -> dict[str, Received]:
    """The targets the level must hand down, by key: its plan's targets, overridden by those assigned to it."""
    out: dict[str, Received] = {}
    indicators = plan.indicators.filter(target__isnull=False, measure__isnull=False).select_related("measure")
    for i in indicators:
        key = target_key(i.measure, i.name)
        out.setdefault(key, _target_line(key, i.target, i.measure, i.name, i.unit or i.measure.measure_unit))
    above = Target.objects.filter(
        assignment__in=_issued_from_above(plan.unit, plan.year_from)
    ).select_related("measure")
    for t in above:
        key = target_key(t.measure, t.name)
        out[key] = _target_line(key, t.value, t.measure, t.name, t.unit_of_measure)
    return out


def _target_line(key, value, measure, name, unit) -> Received:
    rule = Rule(measure.rollup) if measure is not None else Rule.SUM
    return Received(key, Decimal(value), "target", name, rule, unit=unit or "")


def _child_of(units: list[Unit]):
    """A function from a unit path to the child (among `units`) it sits under, or None."""
    by_path = sorted(units, key=lambda u: -len(u.path))

    def find(path: str) -> Unit | None:
        return next((u for u in by_path if path.startswith(u.path)), None)

    return find


def _activity_villages(activity_ids) -> dict[int, set[int]]:
    villages: dict[int, set[int]] = defaultdict(set)
    rows = NeedLink.activities.through.objects.filter(activity_id__in=list(activity_ids)).values_list(
        "activity_id", "needlink__need__unit_id", "needlink__need__unit__level"
    )
    for activity_id, unit_id, level in rows:
        if level == Level.VILLAGE:
            villages[activity_id].add(unit_id)
    return villages


def own_funded(plan: Plan) -> list[tuple[int, int, int]]:
    """(source id, activity id, amount) the level's own activities are funded with: allocations from its sources
    to activities of its own plans, and budget lines assigned to it from above that name an activity."""
    year = plan.year_from
    rows = [
        (a.source_id, a.activity_id, a.amount)
        for a in Allocation.objects.filter(
            source__unit=plan.unit, source__year=year, activity__plan__unit=plan.unit
        ).only("source_id", "activity_id", "amount")
    ]
    rows += [
        (b.source_id, b.activity_id, b.amount)
        for b in Budget.objects.filter(
            assignment__in=_issued_from_above(plan.unit, year), activity__isnull=False
        ).only("source_id", "activity_id", "amount")
    ]
    return rows


def lines(plan: Plan) -> Lines:
    """What `plan`'s level received, hands down (every assignment of the plan, drafts included) and keeps."""
    money, sources = received_sources(plan)
    targets = received_targets(plan)
    received = [
        Received(source_key(sid), amount, "source", source_title(sources[sid]))
        for sid, amount in money.items()
    ]
    received.sort(key=lambda r: r.name)
    received += list(targets.values())
    measures = {}
    assignments = list(
        plan.handed_down.select_related("unit").prefetch_related(
            "budgets__source", "targets__measure__denominator"
        )
    )
    handed: list[Handed] = []
    fraction_measures: dict[int, Measure] = {}
    for a in assignments:
        for t in a.targets.all():
            if t.measure is not None and Rollup(t.measure.rollup).fraction:
                fraction_measures[t.measure.pk] = t.measure
    denominators = _denominators(plan, [a.unit for a in assignments], fraction_measures.values())
    handed_for_activity: dict[tuple[int, int], int] = defaultdict(int)
    handed_units: dict[str, str] = {}  # a handed target's unit, for a target this level never received
    for a in assignments:
        for b in a.budgets.all():
            sources.setdefault(b.source_id, b.source)
            handed.append(Handed(a.unit_id, source_key(b.source_id), b.amount, activity_id=b.activity_id))
            if b.activity_id:
                handed_for_activity[(b.source_id, b.activity_id)] += b.amount
        for t in a.targets.all():
            key = target_key(t.measure, t.name)
            if t.measure is not None:
                measures[key] = t.measure
            handed_units.setdefault(
                key, t.unit_of_measure or (t.measure.measure_unit if t.measure is not None else "")
            )
            num = den = None
            if t.measure is not None and Rollup(t.measure.rollup).fraction:
                den = denominators.get((t.measure.pk, a.unit_id))
                if den is not None:
                    num = t.value * den / (100 if t.measure.rollup == Rollup.PERCENT else 1)
            handed.append(
                Handed(
                    a.unit_id,
                    key,
                    t.value,
                    households=a.unit.households,
                    population=a.unit.population,
                    numerator=num,
                    denominator=den,
                )
            )
    kept: dict[str, int] = defaultdict(int)
    for sid, activity_id, amount in own_funded(plan):
        left = amount - handed_for_activity.get((sid, activity_id), 0)
        if left > 0:
            kept[source_key(sid)] += left
            handed_for_activity[(sid, activity_id)] = max(0, handed_for_activity[(sid, activity_id)] - amount)
    units = {**handed_units, **{r.key: r.unit for r in received}}
    return Lines(plan, received, sources, measures, units, dict(kept), handed)


def _denominators(plan: Plan, units: list[Unit], measures) -> dict[tuple[int, int], Decimal]:
    """Each child's value of each fraction measure's denominator (households, …) for the year: its villages'
    figures summed (the child's own when it is a village), one query per measure."""
    out: dict[tuple[int, int], Decimal] = {}
    find = _child_of(units)
    for m in measures:
        if m.denominator_id is None:
            continue
        rows = Figure.objects.filter(
            measure_id=m.denominator_id,
            year=plan.year_from,
            value__isnull=False,
            unit__path__startswith=plan.unit.path,
            unit__level=Level.VILLAGE,
        ).values_list("unit__path", "value")
        for path, value in rows:
            child = find(path)
            if child is not None:
                out[(m.pk, child.pk)] = out.get((m.pk, child.pk), Decimal(0)) + value
        # Without the villages' figures, a count the unit itself holds (its households, its population) serves.
        own = {"households": "households", "population": "population"}.get(m.denominator.key)
        for u in units:
            if own and (m.pk, u.pk) not in out and getattr(u, own):
                out[(m.pk, u.pk)] = Decimal(getattr(u, own))
    return out


def check(plan: Plan, data: Lines | None = None) -> AssignmentCheck:
    data = data or lines(plan)
    reasons = dict(plan.assignment_explanations.values_list("key", "reason"))
    result = check_assignment(
        data.received,
        data.handed,
        children=[u.pk for u in receiving_units(plan)],
        kept=data.kept,
        reasons=reasons,
    )
    # A target handed down that this level never received: the core calls every line it did not receive money
    # from a source; it is a target, in its own unit of measure (30 hộ, not 30 đ).
    return AssignmentCheck(
        tuple(
            replace(line, kind="target", unit=data.target_units.get(line.key, ""))
            if line.received is None and not line.key.startswith("source:")
            else line
            for line in result.lines
        )
    )


def line_name(data: Lines, key: str) -> str:
    """The name of a line the core could only call by its key (money from a source the level never received)."""
    if key.startswith("source:"):
        source = data.sources.get(int(key.split(":", 1)[1]))
        return source_title(source) if source else key
    if key in data.measures:
        return data.measures[key].name
    return key.split(":", 1)[-1]


# ---------------------------------------------------------------------------------------------------------------
# Prefilling a unit's assignment
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Proposal:
    budgets: list[dict]  # {source, activity, amount}
    targets: list[dict]  # {measure, name, unit_of_measure, value}


def latest_plan(unit: Unit, year: int, *, public_only: bool = True) -> Plan | None:
    kind = RECEIVING_KIND.get(unit.level)
    if kind is None:
        return None
    plans = Plan.objects.filter(unit=unit, kind=kind, year_from=year)
    if public_only:
        plans = plans.filter(state__in=PUBLIC_STATES)
    return plans.order_by("-version").first()


def propose(plan: Plan, unit: Unit, data: Lines | None = None) -> Proposal:
    """What `unit` would be assigned from what was decided: the money allocated to the activities of its plan
    (from the level's sources, or assigned from above for an activity of one of its villages), and for each
    target the level received, the unit's own target for the same measure (its plan's indicator, or a village's
    Form 2 target)."""
    data = data or lines(plan)
    year = plan.year_from
    budgets: list[dict] = []
    allocations = (
        Allocation.objects.filter(
            source__unit=plan.unit, source__year=year, activity__plan__unit__path__startswith=unit.path
        )
        .exclude(activity__plan__unit=plan.unit)
        .select_related("source", "activity")
        .order_by("source_id", "activity__order", "activity_id")
    )
    for a in allocations:
        budgets.append({"source": a.source, "activity": a.activity, "amount": a.amount})
    if unit.level == Level.VILLAGE:
        # A commune hands each village the money of the activities made from that village's needs alone.
        funded = own_funded(plan)
        villages = _activity_villages({aid for _, aid, _ in funded})
        activities = Activity.objects.in_bulk({aid for _, aid, _ in funded})
        for sid, aid, amount in funded:
            if villages.get(aid) == {unit.pk}:
                budgets.append(
                    {
                        "source": data.sources.get(sid) or FundingSource.objects.get(pk=sid),
                        "activity": activities[aid],
                        "amount": amount,
                    }
                )
    targets: list[dict] = []
    own = latest_plan(unit, year)
    by_measure: dict[int, Decimal] = {}
    if own is not None:
        for i in own.indicators.filter(measure__isnull=False, target__isnull=False):
            by_measure.setdefault(i.measure_id, i.target)
    elif unit.level == Level.VILLAGE:
        by_measure = dict(
            Figure.objects.filter(unit=unit, year=year, target__isnull=False).values_list(
                "measure_id", "target"
            )
        )
    keyed = _measures_by_key(data)
    for r in data.received:
        if r.kind != "target":
            continue
        m = keyed.get(r.key)
        value = by_measure.get(m.pk) if m is not None else None
        targets.append({"measure": m, "name": r.name, "unit_of_measure": r.unit, "value": value})
    return Proposal(budgets, targets)


def _measures_by_key(data: Lines) -> dict[str, Measure]:
    keys = [r.key.split(":", 1)[1] for r in data.received if r.key.startswith("measure:")]
    found = {}
    for m in Measure.for_unit(data.plan.unit).filter(key__in=keys).order_by("-unit_id"):
        found.setdefault(f"measure:{m.key}", m)
    return found


# ---------------------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------------------


def _content(a: Assignment) -> dict:
    return {
        "doc_number": a.doc_number,
        "doc_date": a.doc_date.isoformat() if a.doc_date else None,
        "budgets": [[b.source_id, b.activity_id, b.amount] for b in a.budgets.all()],
        "targets": [[t.measure_id, t.name, t.unit_of_measure, str(t.value)] for t in a.targets.all()],
    }


@transaction.atomic
def save(
    plan: Plan, unit: Unit, *, actor, budgets, targets, doc_number: str = "", doc_date=None
) -> Assignment:
    """Write `unit`'s draft assignment from `plan`: its budget lines and targets replace what it had."""
    _assignable(plan)
    if unit.parent_id != plan.unit_id:
        raise ValidationError(
            _("%(unit)s is not a unit under %(upper)s.") % {"unit": unit, "upper": plan.unit}
        )
    seen: set[str] = set()
    for t in targets:
        key = target_key(t.get("measure"), t["name"])
        if key in seen:
            raise ValidationError(
                _("The target “%(name)s” is entered twice: give it once.") % {"name": t["name"]}
            )
        seen.add(key)
    a, created = Assignment.objects.select_for_update().get_or_create(
        plan=plan, unit=unit, defaults={"year": plan.year_from}
    )
    if a.state == State.ISSUED:
        raise ValidationError(_("This assignment has been issued; it can no longer be changed."))
    before = None if created else _content(a)
    a.doc_number, a.doc_date = (doc_number or "").strip(), doc_date
    a.save(update_fields=["doc_number", "doc_date"])
    a.budgets.all().delete()
    a.targets.all().delete()
    Budget.objects.bulk_create(
        Budget(assignment=a, source=b["source"], activity=b.get("activity"), amount=b["amount"])
        for b in budgets
    )
    Target.objects.bulk_create(
        Target(
            assignment=a,
            measure=t.get("measure"),
            name=t["name"],
            unit_of_measure=t.get("unit_of_measure") or "",
            value=t["value"],
        )
        for t in targets
    )
    record(actor, "assignments.save", a, before=before, after=_content(a))
    return a


@transaction.atomic
def explain(plan: Plan, key: str, reason: str, *, actor) -> Explanation:
    """Record why one line of the plan's hand-down does not add up (a reserve held back, a programme not yet
    allocated, …)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why this line does not add up.")})
    if key not in {line.key for line in check(plan).lines}:
        raise ValidationError(_("There is no such line in the check of this assignment."))
    old = Explanation.objects.filter(plan=plan, key=key).first()
    e, _created = Explanation.objects.update_or_create(
        plan=plan, key=key, defaults={"reason": reason, "created_by": actor}
    )
    record(
        actor,
        "assignments.explain",
        e,
        before={"key": key, "reason": old.reason} if old else None,
        after={"key": key, "reason": reason},
        reason=reason,
    )
    return e


def refusal(result: AssignmentCheck, data: Lines) -> str:
    """Why the plan's assignments cannot be issued, naming each line with both figures."""
    bad = [line for line in result.lines if line.status == "difference"]
    sentences = []
    for line in bad:
        s = line.sentence("vi")
        if line.received is None:
            s = s.replace(line.name, line_name(data, line.key), 1)
        sentences.append(s)
    return _(
        "The assignment cannot be issued: %(n)d line(s) do not add up to what %(unit)s received and have no "
        "recorded reason. Correct the figures or write the reason for each: %(lines)s"
    ) % {"n": len(bad), "unit": data.plan.unit.name, "lines": " ".join(sentences)}


def _checked(plan: Plan) -> AssignmentCheck:
    """The plan's check, refused with every line that does not add up unexplained."""
    data = lines(plan)
    result = check(plan, data)
    if not result.ok:
        raise ValidationError(refusal(result, data))
    return result


def _issue(a: Assignment, result: AssignmentCheck, actor) -> Assignment:
    if a.state == State.ISSUED:
        raise ValidationError(_("This assignment has already been issued."))
    if not a.budgets.exists() and not a.targets.exists():
        raise ValidationError(
            _("Nothing is assigned to %(unit)s yet: enter its budgets or targets first.")
            % {"unit": a.unit.name}
        )
    a.state = State.ISSUED
    a.issued_at = timezone.now()
    a.issued_by = actor if getattr(actor, "is_authenticated", False) else None
    if a.doc_date is None:
        a.doc_date = timezone.localdate()
    a.save(update_fields=["state", "issued_at", "issued_by", "doc_date"])
    record(
        actor,
        "assignments.issue",
        a,
        before={"state": State.DRAFT},
        after={
            "state": State.ISSUED,
            **_content(a),
            "check": [line.sentence("vi") for line in result.lines],
        },
    )
    return a


@transaction.atomic
def issue(assignment: Assignment, *, actor) -> Assignment:
    """Issue one unit's assignment: refused while any line of the plan's hand-down does not add up unexplained."""
    a = Assignment.objects.select_for_update().select_related("plan__unit", "unit").get(pk=assignment.pk)
    if a.state == State.ISSUED:
        raise ValidationError(_("This assignment has already been issued."))
    _assignable(a.plan)
    _issue(a, _checked(a.plan), actor)
    _mark_milestone(a.plan, actor)
    return a


@transaction.atomic
def issue_all(plan: Plan, *, actor) -> list[Assignment]:
    """Issue every draft assignment of the plan that has something in it, together or not at all (the check is
    of the whole hand-down, so it is read once)."""
    _assignable(plan)
    drafts = [
        a
        for a in plan.handed_down.select_for_update().select_related("unit").filter(state=State.DRAFT)
        if a.budgets.exists() or a.targets.exists()
    ]
    if not drafts:
        raise ValidationError(_("There is no draft assignment with budgets or targets to issue."))
    result = _checked(plan)
    issued = [_issue(a, result, actor) for a in drafts]
    _mark_milestone(plan, actor)
    return issued


def _mark_milestone(plan: Plan, actor) -> None:
    """When every unit under the plan's unit has its assignment issued, the cycle's assignment milestone is done."""
    from sedp.core.calendar import assignment_milestone
    from sedp.cycles.actions import update_milestone
    from sedp.cycles.models import Milestone
    from sedp.plans.rollup.aggregation import cycle_for

    key = assignment_milestone(plan.unit.level)
    cycle = plan.cycle or cycle_for(plan.unit, plan.year_from)
    if key is None or cycle is None:
        return
    children = {u.pk for u in receiving_units(plan)}
    issued = set(plan.handed_down.filter(state=State.ISSUED).values_list("unit_id", flat=True))
    if not children or not children <= issued:
        return
    m = Milestone.objects.filter(cycle=cycle, key=key, done_on__isnull=True).first()
    if m is not None:
        update_milestone(
            m, actor=actor, starts_on=m.starts_on, due_on=m.due_on, done_on=timezone.localdate(), note=m.note
        )


# ---------------------------------------------------------------------------------------------------------------
# The receiving unit adjusts its plan
# ---------------------------------------------------------------------------------------------------------------


def _next_version(plan: Plan) -> int:
    top = Plan.objects.filter(unit=plan.unit, kind=plan.kind, year_from=plan.year_from).aggregate(
        Max("version")
    )
    return (top["version__max"] or 0) + 1


PLAN_FIELDS = [
    "title",
    "subtitle",
    "total_budget",
    "revenue",
    "signer_authority",
    "signer_name",
    "signer_title",
    "recipients",
    "difficulties",
    "main_results",
]


def copy_plan(plan: Plan, *, actor, reason: str) -> tuple[Plan, dict[int, Activity], dict[int, Indicator]]:
    """A new draft version of a commune (or district) plan with its whole logframe and need fates copied; returns
    it with the copies of its activities and indicators by the old ids."""
    copy = Plan.objects.create(
        unit=plan.unit,
        cycle=plan.cycle,
        kind=plan.kind,
        year_from=plan.year_from,
        year_to=plan.year_to,
        version=_next_version(plan),
        source=plan.source,
        previous=plan,
        change_reason=reason,
        created_by=actor,
        **{f: getattr(plan, f) for f in PLAN_FIELDS},
    )
    key_targets, objectives, results, activities, indicators = {}, {}, {}, {}, {}
    for k in plan.key_targets.all():
        old = k.pk
        k.pk, k.plan = None, copy
        k.save()
        key_targets[old] = k
    for o in plan.objectives.all():
        old = o.pk
        o.pk, o.plan = None, copy
        o.save()
        objectives[old] = o
    for r in plan.results.all():
        old = r.pk
        r.pk, r.plan, r.objective = None, copy, objectives[r.objective_id]
        r.save()
        results[old] = r
    for i in plan.indicators.all():
        old = i.pk
        i.pk, i.plan = None, copy
        i.key_target = key_targets.get(i.key_target_id)
        i.objective = objectives.get(i.objective_id)
        i.result = results.get(i.result_id)
        i.save()
        indicators[old] = i
    for a in plan.activities.all():
        old = a.pk
        a.pk, a.plan = None, copy
        a.result = results.get(a.result_id)
        a.save()
        activities[old] = a
    for link in plan.need_links.prefetch_related("activities"):
        linked = [activities[x.pk] for x in link.activities.all() if x.pk in activities]
        link.pk, link.plan = None, copy
        link.save()
        link.activities.set(linked)
    return copy, activities, indicators


def _figure(value, unit: str) -> str:
    if value is None:
        return _("(none)")
    from sedp.core.numbers import format_decimal

    text = format_decimal(Decimal(value))
    return f"{text} {unit}".strip()


def _matching(activity: Activity, copies: dict[int, Activity]) -> Activity | None:
    """The copy of an activity named in a budget line: by id when it is of the adjusted version, else (an earlier
    version's) by its number and title."""
    if activity.pk in copies:
        return copies[activity.pk]
    for c in copies.values():
        if c.title == activity.title and c.number == activity.number:
            return c
    return None


@transaction.atomic
def adjust_plan(assignment: Assignment, *, actor) -> Plan:
    """ "Điều chỉnh kế hoạch theo chỉ tiêu được giao": a new version of the receiving unit's plan in which each
    activity named by a budget line costs what is assigned (plus the people's contribution) from the assigned
    sources, and each indicator following an assigned target takes the assigned value; the differences (before →
    after) are the version's reason."""
    a = Assignment.objects.select_for_update().select_related("plan__unit", "unit").get(pk=assignment.pk)
    if a.state != State.ISSUED:
        raise ValidationError(_("Only an issued assignment can be taken into the plan."))
    if a.adjusted_plan_id:
        raise ValidationError(
            _("The plan has already been adjusted to this assignment (version %(v)d).")
            % {"v": a.adjusted_plan.version}
        )
    base = latest_plan(a.unit, a.year, public_only=False)
    if base is None:
        raise ValidationError(
            _("%(unit)s has no plan for %(year)d to adjust yet.") % {"unit": a.unit.name, "year": a.year}
        )
    Plan.objects.select_for_update().filter(pk=base.pk).first()  # as a new version by hand takes it
    if Plan.objects.filter(previous=base).exists():
        raise ValidationError(_("This version already has a newer one."))
    copy, activities, indicators = copy_plan(base, actor=actor, reason="")
    differences: list[str] = []
    # Money: per activity, the assigned amount and sources.
    per_activity: dict[int, list[Budget]] = defaultdict(list)
    unnamed: list[Budget] = []
    for b in a.budgets.select_related("source", "activity"):
        target = _matching(b.activity, activities) if b.activity_id else None
        if target is None:
            unnamed.append(b)
        else:
            per_activity[target.pk].append(b)
    for act in sorted(
        (x for x in activities.values() if x.pk in per_activity), key=lambda x: (x.order, x.pk)
    ):
        lines_ = per_activity[act.pk]
        assigned = sum(b.amount for b in lines_)
        new_cost = assigned + (act.contribution_value or 0)
        names = list(dict.fromkeys(source_title(b.source) for b in lines_))
        new_source = ", ".join(names)
        changes = []
        if act.cost != new_cost and act.contribution_value:
            changes.append(
                _("cost %(before)s → %(after)s (%(assigned)s assigned and %(people)s from the people)")
                % {
                    "before": _money(act.cost),
                    "after": _money(new_cost),
                    "assigned": _money(assigned),
                    "people": _money(act.contribution_value),
                }
            )
        elif act.cost != new_cost:
            changes.append(
                _("cost %(before)s → %(after)s") % {"before": _money(act.cost), "after": _money(new_cost)}
            )
        if act.funding_source != new_source:
            changes.append(
                _("funding source “%(before)s” → “%(after)s”")
                % {"before": act.funding_source or _("(none)"), "after": new_source}
            )
        if changes:
            differences.append(
                _("Activity %(activity)s: %(changes)s")
                % {"activity": str(act), "changes": "; ".join(changes)}
            )
            act.cost, act.funding_source = new_cost, new_source
            act.save(update_fields=["cost", "funding_source"])
    for b in unnamed:
        differences.append(
            _("Source %(source)s: %(amount)s assigned for no named activity")
            % {"source": source_title(b.source), "amount": _money(b.amount)}
        )
    # Targets: every indicator following the measure takes the assigned value; a target the plan has no indicator
    # for is added under the key target of the assigned targets.
    extra_parent = None
    for t in a.targets.select_related("measure"):
        matched = [i for i in indicators.values() if t.measure_id and i.measure_id == t.measure_id]
        if not matched:
            if extra_parent is None:
                extra_parent = KeyTarget.objects.create(
                    plan=copy,
                    order=(copy.key_targets.aggregate(Max("order"))["order__max"] or 0) + 1,
                    text=ASSIGNED_KEY_TARGET.format(year=a.year),
                )
            Indicator.objects.create(
                plan=copy,
                key_target=extra_parent,
                measure=t.measure,
                name=t.name,
                unit=t.unit_of_measure,
                target=t.value,
                target_year=a.year,
            )
            differences.append(
                _("Target %(name)s: %(before)s → %(after)s")
                % {
                    "name": t.name,
                    "before": _("(not in the plan)"),
                    "after": _figure(t.value, t.unit_of_measure),
                }
            )
            continue
        for i in matched:
            if i.target != t.value:
                differences.append(
                    _("Target %(name)s: %(before)s → %(after)s")
                    % {
                        "name": i.name,
                        "before": _figure(i.target, i.unit),
                        "after": _figure(t.value, i.unit or t.unit_of_measure),
                    }
                )
                i.target = t.value
                i.save(update_fields=["target"])
    if not differences:
        raise ValidationError(
            _("The plan already matches the assigned targets and budgets: there is nothing to adjust.")
        )
    header = _("Adjusted to the targets and budgets assigned by %(upper)s%(doc)s:") % {
        "upper": a.plan.unit.name,
        "doc": (" " + _("(decision no. %(n)s)") % {"n": a.doc_number}) if a.doc_number else "",
    }
    copy.change_reason = "\n".join([header, *("- " + d for d in differences)])
    copy.save(update_fields=["change_reason"])
    a.adjusted_plan = copy
    a.save(update_fields=["adjusted_plan"])
    record(
        actor,
        "plans.new_version",
        copy,
        before={"version": base.version},
        after={"version": copy.version},
        reason=copy.change_reason,
    )
    record(actor, "assignments.adjust", a, after={"plan": copy.pk, "differences": differences})
    return copy


def _money(value) -> str:
    return format_vnd(value) if value is not None else _("(none)")


def totals(assignment: Assignment) -> dict:
    return assignment.budgets.aggregate(total=Sum("amount"))
