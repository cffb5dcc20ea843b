"""Changes to plans: each one atomic and written to the audit log.

A plan is a draft until a meeting adopts it; adoption freezes its content (snapshot) and locks it; any change after
that is a new version, made with a written reason, that starts as a draft again.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sedp.audit.actions import record
from sedp.needs.ranking import rank_meeting

from .models import Evaluation, Figure, Form, Kind, Measure, Part, Plan, PlanItem, State

PART2_MAX = 2
CONTRIBUTION_FIELDS = [
    "contribution_money",
    "contribution_labour_days",
    "contribution_labour_value",
    "contribution_materials_value",
    "contribution_land_value",
]
EVALUATION_FIELDS = [
    "activity",
    "progress",
    "quality",
    "invested_state",
    "invested_donors",
    "invested_people",
    "management",
    "supervision",
    "impact",
]


def _editable(plan: Plan) -> None:
    if plan.locked or plan.state != State.DRAFT:
        raise ValidationError(
            _("This plan is adopted and locked. To change it, make a new version and write the reason.")
        )


def _next_version(unit, kind, year_from) -> int:
    top = Plan.objects.filter(unit=unit, kind=kind, year_from=year_from).aggregate(v=Max("version"))["v"]
    return (top or 0) + 1


def _percent(fraction) -> Decimal:
    return (Decimal(fraction.numerator) * 100 / Decimal(fraction.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _item_contribution(need) -> dict:
    return {f: getattr(need, f) for f in CONTRIBUTION_FIELDS}


def item_data(item: PlanItem) -> dict:
    need = item.need
    return {
        "need": need.pk,
        "code": need.code,
        "title": need.title,
        "rank": item.rank,
        "part": item.part,
        "score": str(item.score) if item.score is not None else None,
        "men_rank": item.men_rank,
        "women_rank": item.women_rank,
        "is_new": item.is_new,
        "new_reason": item.new_reason,
        **{f: getattr(item, f) for f in CONTRIBUTION_FIELDS},
    }


def plan_content(plan: Plan, items: list[PlanItem] | None = None, evaluations: list | None = None) -> dict:
    """What the plan says, as JSON: stored when it is adopted, compared in the audit log. `items` (with their
    needs) and `evaluations`: the plan's, when the caller holds them already (else they are read)."""
    if items is None:
        items = list(plan.items.select_related("need"))
    if evaluations is None:
        evaluations = list(plan.evaluations.all())
    return {
        "kind": plan.kind,
        "unit": plan.unit_id,
        "years": [plan.year_from, plan.year_to],
        "version": plan.version,
        "items": [item_data(i) for i in sorted(items, key=lambda i: (i.part, i.rank, i.id))],
        "difficulties": plan.difficulties,
        "main_results": plan.main_results,
        "evaluations": [{f: getattr(e, f) for f in EVALUATION_FIELDS} for e in evaluations],
    }


@transaction.atomic
def create_midterm(unit, meeting, *, actor, year_from: int, year_to: int, cycle=None) -> Plan:
    """The draft mid-term plan (Biểu 3): the unit's needs in the combined order of the meeting's score sheets.
    Made again from a new ranking, an existing draft for the same years is refreshed, not duplicated."""
    if not 1 <= year_to - year_from + 1 <= 5 or year_to < year_from:
        raise ValidationError({"year_to": _("A mid-term plan covers 1 to 5 years.")})
    result = rank_meeting(meeting)
    if result is None:
        raise ValidationError(_("This meeting has no scored needs to rank."))
    plan = Plan.objects.filter(
        unit=unit, kind=Kind.VILLAGE_MIDTERM, year_from=year_from, state=State.DRAFT
    ).first()
    evaluations = None
    if plan is None:
        evaluations = []  # a new plan has none
        plan = Plan.objects.create(
            unit=unit,
            cycle=cycle or meeting.cycle,
            kind=Kind.VILLAGE_MIDTERM,
            year_from=year_from,
            year_to=year_to,
            version=_next_version(unit, Kind.VILLAGE_MIDTERM, year_from),
            ranked_at=meeting,
            created_by=actor,
        )
    else:
        plan.year_to, plan.ranked_at = year_to, meeting
        plan.save(update_fields=["year_to", "ranked_at"])
        plan.items.all().delete()
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            need=row.need,
            rank=row.entry.position,
            score=_percent(row.entry.score),
            men_rank=row.entry.men_rank,
            women_rank=row.entry.women_rank,
            **_item_contribution(row.need),
        )
        for row in result.rows
    )
    # The items as written (their ids where the database returns them; else read again).
    held = items if all(i.pk is not None for i in items) else None
    record(actor, "plans.create_midterm", plan, after=plan_content(plan, held, evaluations))
    return plan


@transaction.atomic
def create_annual(source: Plan, year: int, *, actor) -> Plan:
    if source.kind != Kind.VILLAGE_MIDTERM:
        raise ValidationError(_("An annual plan is taken from a mid-term plan."))
    if source.state != State.ADOPTED:
        raise ValidationError(
            _("Adopt the mid-term plan at village meeting 2 before making an annual plan from it.")
        )
    if not source.year_from <= year <= source.year_to:
        raise ValidationError(
            {
                "year": _("The year must be within the mid-term plan (%(a)d–%(b)d).")
                % {"a": source.year_from, "b": source.year_to}
            }
        )
    if Plan.objects.filter(unit=source.unit, kind=Kind.VILLAGE_ANNUAL, year_from=year).exists():
        raise ValidationError(
            {
                "year": _("%(unit)s already has an annual plan for %(year)d.")
                % {"unit": source.unit.name, "year": year}
            }
        )
    plan = Plan.objects.create(
        unit=source.unit,
        cycle=source.cycle,
        kind=Kind.VILLAGE_ANNUAL,
        year_from=year,
        year_to=year,
        source=source,
        created_by=actor,
    )
    record(actor, "plans.create_annual", plan, after={"source": source.pk, "year": year})
    return plan


def _renumber(plan: Plan) -> None:
    """Annual items follow the mid-term order (new activities after them, in the order added), within each part."""
    source_rank = dict(plan.source.items.values_list("need_id", "rank")) if plan.source_id else {}
    items = list(plan.items.all())
    items.sort(key=lambda i: (source_rank.get(i.need_id, 10**6), i.id))
    for n, item in enumerate(items, start=1):
        if item.rank != n:
            item.rank = n
            item.save(update_fields=["rank"])


@transaction.atomic
def add_item(
    plan: Plan, need, *, actor, part: int, reason: str = "", contribution: dict | None = None
) -> PlanItem:
    """Put a need into an annual plan, in Part 1 or Part 2 (at most 2 activities asked of the budget)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _editable(plan)
    if need.unit_id != plan.unit_id:
        raise ValidationError({"need": _("This need belongs to another unit.")})
    if plan.items.filter(need=need).exists():
        raise ValidationError({"need": _("“%(need)s” is already in the plan.") % {"need": need}})
    if part not in (Part.OWN, Part.BUDGET):
        raise ValidationError({"part": _("Choose Part 1 or Part 2.")})
    if part == Part.BUDGET and plan.items.filter(part=Part.BUDGET).count() >= PART2_MAX:
        raise ValidationError(
            {"part": _("Part 2 can hold at most 2 activities asked of the commune or district budget.")}
        )
    source_item = plan.source.items.filter(need=need).first() if plan.source_id else None
    reason = (reason or "").strip()
    if source_item is None and not reason:
        raise ValidationError(
            {"reason": _("“%(need)s” is not in the mid-term plan: write why it is added.") % {"need": need}}
        )
    item = PlanItem.objects.create(
        plan=plan,
        need=need,
        rank=0,
        part=part,
        score=source_item.score if source_item else None,
        men_rank=source_item.men_rank if source_item else None,
        women_rank=source_item.women_rank if source_item else None,
        is_new=source_item is None,
        new_reason=reason if source_item is None else "",
        **(contribution if contribution is not None else _item_contribution(need)),
    )
    _renumber(plan)
    item.refresh_from_db()
    record(actor, "plans.add_item", plan, after=item_data(item), reason=reason)
    return item


@transaction.atomic
def remove_item(item: PlanItem, *, actor) -> None:
    plan = item.plan
    _editable(plan)
    record(actor, "plans.remove_item", plan, before=item_data(item))
    item.delete()
    _renumber(plan)


@transaction.atomic
def set_evaluation_summary(plan: Plan, *, actor, difficulties: str, main_results: str) -> Plan:
    _editable(plan)
    before = {"difficulties": plan.difficulties, "main_results": plan.main_results}
    plan.difficulties, plan.main_results = difficulties, main_results
    plan.save(update_fields=["difficulties", "main_results"])
    record(
        actor,
        "plans.set_evaluation",
        plan,
        before=before,
        after={"difficulties": difficulties, "main_results": main_results},
    )
    return plan


@transaction.atomic
def add_evaluation(plan: Plan, *, actor, **fields) -> Evaluation:
    _editable(plan)
    evaluation = Evaluation.objects.create(plan=plan, **fields)
    record(actor, "plans.add_evaluation", plan, after={f: getattr(evaluation, f) for f in EVALUATION_FIELDS})
    return evaluation


@transaction.atomic
def adopt(plan: Plan, meeting, *, actor) -> Plan:
    """A meeting of the unit adopts the plan: its content is frozen and it is locked, ready for the commune."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _editable(plan)
    if meeting.unit_id != plan.unit_id:
        raise ValidationError({"meeting": _("The plan must be adopted at a meeting of its own unit.")})
    items = list(plan.items.select_related("need"))
    if not items:
        raise ValidationError(_("A plan without activities cannot be adopted."))
    # Dated by the meeting that adopted it (as the commune plan is), not by the day it was typed in.
    plan.state, plan.locked, plan.adopted_at, plan.adopted_on = (
        State.ADOPTED,
        True,
        meeting,
        meeting.starts_at,
    )
    plan.snapshot = plan_content(plan, items)
    plan.save(update_fields=["state", "locked", "adopted_at", "adopted_on", "snapshot"])
    record(
        actor,
        "plans.adopt",
        plan,
        before={"state": State.DRAFT},
        after={"state": State.ADOPTED, "meeting": meeting.pk},
    )
    return plan


@transaction.atomic
def new_version(plan: Plan, *, actor, reason: str) -> Plan:
    """Change an adopted plan: a new draft version, copied from it, with the reason written down."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason for changing the adopted plan.")})
    # Locked, then read again: of two people asking at once, the second finds the version the first made.
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit", "cycle").get(pk=plan.pk)
    if plan.state != State.ADOPTED:
        raise ValidationError(_("Only an adopted plan needs a new version; a draft can be edited as it is."))
    if Plan.objects.filter(previous=plan).exists():
        raise ValidationError(_("This version already has a newer one."))
    old_items = list(plan.items.all())
    old_evaluations = list(plan.evaluations.all())
    try:
        with transaction.atomic():
            copy = Plan.objects.create(
                unit=plan.unit,
                cycle=plan.cycle,
                kind=plan.kind,
                year_from=plan.year_from,
                year_to=plan.year_to,
                version=_next_version(plan.unit, plan.kind, plan.year_from),
                source=plan.source,
                ranked_at=plan.ranked_at,
                previous=plan,
                change_reason=reason,
                difficulties=plan.difficulties,
                main_results=plan.main_results,
                created_by=actor,
            )
    except IntegrityError:  # another version of the same plan was made at this moment by another way
        raise ValidationError(_("Another version of this plan was just made; reload the page.")) from None
    for item in old_items:
        item.pk, item.plan = None, copy
    PlanItem.objects.bulk_create(old_items)
    for e in old_evaluations:
        e.pk, e.plan = None, copy
    Evaluation.objects.bulk_create(old_evaluations)
    record(
        actor,
        "plans.new_version",
        copy,
        before={"version": plan.version},
        after={"version": copy.version},
        reason=reason,
    )
    return copy


def set_figures(
    unit,
    year: int,
    entries: dict[Measure, tuple[Decimal | None, Decimal | None]],
    *,
    actor,
    source: str = "page",
) -> int:
    """Set a village's Biểu 1/2 figures for the plan year: `entries` maps a measure to its (value, target); a
    None clears it (Biểu 1 has no target). Only what changes is written and logged; returns how many measures
    changed. `source` says where the figures came from ("page" or the imported file's name)."""
    from sedp.places.choices import Level

    if unit.level != Level.VILLAGE:
        raise ValidationError(_("Figures are entered for a village; the commune's are rolled up from them."))
    allowed = set(Measure.for_unit(unit).values_list("pk", flat=True))
    unknown = [m.name for m in entries if m.pk not in allowed]
    if unknown:
        raise ValidationError(_("“%(name)s” is not a figure of this village.") % {"name": unknown[0]})
    with transaction.atomic():
        existing = {f.measure_id: f for f in Figure.objects.select_for_update().filter(unit=unit, year=year)}
        before, after = {}, {}
        for measure, (value, target) in entries.items():
            if measure.form != Form.INDICATORS:
                target = None
            fig = existing.get(measure.pk)
            old = (fig.value, fig.target) if fig else (None, None)
            if old == (value, target):
                continue
            before[measure.key] = [_json_decimal(v) for v in old]
            after[measure.key] = [_json_decimal(value), _json_decimal(target)]
            if value is None and target is None:
                if fig is not None:
                    fig.delete()
            elif fig is None:
                Figure.objects.create(unit=unit, year=year, measure=measure, value=value, target=target)
            else:
                fig.value, fig.target = value, target
                fig.save(update_fields=["value", "target", "updated_at"])
        if after:
            record(
                actor,
                "plans.figures",
                unit,
                before={"year": year, "figures": before},
                after={"year": year, "figures": after, "source": source},
            )
    return len(after)


def _json_decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
