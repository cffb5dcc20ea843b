"""Funding at an upper level, as actions: the year's sources, integration runs over the communes' activities, the
officers' overrides, and applying a run so that its outcome becomes the decisions that stand (`Allocation`,
`Decision`) and reaches the villages' needs. Each action is atomic and audited; the rules are the pure core's
(`sedp.core.funding`, `sedp.core.integration`, `sedp.core.runs`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from sedp.audit.actions import record as audit
from sedp.core import runs
from sedp.core.integration import Options, Why
from sedp.plans.models import Activity as PlanActivity
from sedp.plans.models import Kind, Plan

from .inputs import core_activities, core_sources, sources_of
from .models import Allocation, Decision, FundingSource, IntegrationRun, Override, OverrideAction

UPPER_KINDS = (Kind.PROVINCE_ANNUAL, Kind.DISTRICT_ANNUAL)
SOURCE_FIELDS = [
    "kind",
    "name",
    "amount",
    "activity_type",
    "targets_poverty",
    "targets_ethnic_minority",
    "min_per_activity",
    "max_per_activity",
    "counterpart_percent",
    "priority",
    "note",
]


def _source_data(s: FundingSource) -> dict[str, Any]:
    data = {f: getattr(s, f) for f in SOURCE_FIELDS}
    data["counterpart_percent"] = str(s.counterpart_percent) if s.counterpart_percent is not None else None
    data["sectors"] = sorted(x.pk for x in s.sectors.all())
    data["earmarked_units"] = sorted(x.pk for x in s.earmarked_units.all())
    return data


# --- sources ---------------------------------------------------------------------------------------------------


@transaction.atomic
def save_source(form, *, actor, unit=None, year: int | None = None) -> FundingSource:
    """Save a valid source form (a new source of `unit` and `year`, or the form's instance), audited."""
    source = form.instance
    before = _source_data(source) if source.pk else None
    if source.pk is None:
        source.unit, source.year, source.created_by = unit, year, actor
    source = form.save()
    audit(
        actor,
        "funding.add_source" if before is None else "funding.change_source",
        source,
        before=before,
        after=_source_data(source),
    )
    return source


@transaction.atomic
def delete_source(source: FundingSource, *, actor) -> None:
    before = _source_data(source)
    pk, name = source.pk, str(source)
    try:
        source.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "“%(source)s” already pays activities or is named in an officer's change: apply an integration "
                "run without it first."
            )
            % {"source": name}
        ) from None
    audit(
        actor,
        "funding.delete_source",
        object_type="funding.fundingsource",
        object_id=str(pk),
        before=before,
    )


# --- runs ------------------------------------------------------------------------------------------------------


def check_upper(plan: Plan) -> None:
    if plan.kind not in UPPER_KINDS:
        raise ValidationError(_("Funding integration is done in a province or district plan."))


def _core_override(o: Override) -> runs.Override:
    return runs.Override(
        str(o.activity_id),
        runs.Action(o.action),
        o.reason,
        str(o.source_id) if o.source_id else None,
        o.created_by.username if o.created_by_id else "",
    )


def _store(record: runs.RunRecord, skipped: list) -> dict:
    data = record.to_dict()
    data["skipped"] = skipped
    return data


@transaction.atomic
def run_integration(plan: Plan, *, actor, overrides_from: IntegrationRun | None = None) -> IntegrationRun:
    """A new run (numbered after the plan's last) over the sources and the communes' activities as they are
    now. With `overrides_from`, that run's overrides are applied again, each re-checked: one that no longer fits
    is kept and shown as refused."""
    check_upper(plan)
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    sources = list(sources_of(plan.unit, plan.year_from))
    if not sources:
        raise ValidationError(
            _("%(unit)s has no funding source for %(year)d yet: add the year's sources first.")
            % {"unit": plan.unit.name, "year": plan.year_from}
        )
    activities, skipped = core_activities(plan)
    if not activities:
        raise ValidationError(
            _("No commune under %(unit)s has sent a plan with costed activities for %(year)d yet.")
            % {"unit": plan.unit.name, "year": plan.year_from}
        )
    old = list(overrides_from.overrides.select_related("created_by")) if overrides_from else []
    record = runs.new_run(
        core_sources(sources),
        activities,
        Options(year=plan.year_from),
        [_core_override(o) for o in old],
        label=plan.unit.name,
    )
    number = (plan.integration_runs.aggregate(m=Max("number"))["m"] or 0) + 1
    skipped_rows = [
        {"id": c.activity.pk, "name": c.activity.title, "commune_name": c.commune.name} for c in skipped
    ]
    run = IntegrationRun.objects.create(
        plan=plan, number=number, record=_store(record, skipped_rows), created_by=actor
    )
    for o, ap in zip(old, record.result.overrides, strict=True):
        Override.objects.create(
            run=run,
            activity_id=o.activity_id,
            action=o.action,
            source_id=o.source_id,
            reason=o.reason,
            refused="" if ap.applied else runs.applied_sentence(record.result, ap, "vi"),
            created_by=o.created_by,
        )
    audit(
        actor,
        "funding.run_integration",
        run,
        after={
            "number": number,
            "sources": len(sources),
            "activities": len(activities),
            "funded": len(record.result.funded_ids()),
            "overrides_from": overrides_from.number if overrides_from else None,
        },
    )
    return run


def _open(run: IntegrationRun) -> None:
    if run.applied_at is not None:
        raise ValidationError(
            _("Run %(n)d has been applied: its outcome stands. Re-run it to make further changes.")
            % {"n": run.number}
        )


@transaction.atomic
def add_override(
    run: IntegrationRun, *, actor, activity_id: int, action: str, source: FundingSource | None, reason: str
) -> Override:
    """Record an officer's change to one activity's outcome in `run`, re-checked by the core: accepted, or kept
    as refused with why (it would overspend the source, the source may not pay it, …)."""
    run = IntegrationRun.objects.select_for_update().select_related("plan").get(pk=run.pk)
    _open(run)
    reason = (reason or "").strip()
    name = next((a["name"] for a in run.record["inputs"]["activities"] if a["id"] == str(activity_id)), None)
    if name is None:
        raise ValidationError({"activity": _("This activity is not in run %(n)d.") % {"n": run.number}})
    if action not in OverrideAction.values:
        raise ValidationError({"action": _("Choose what to change.")})
    if not reason:
        raise ValidationError(
            {
                "reason": _("“Reason” is required: write why the outcome of “%(activity)s” changes.")
                % {"activity": name}
            }
        )
    if action == OverrideAction.UNFUND:
        source = None
    elif source is None:
        raise ValidationError({"source": _("“Source” is required: choose the source that pays it.")})
    elif str(source.pk) not in {s["id"] for s in run.record["inputs"]["sources"]}:
        raise ValidationError(
            {"source": _("This source was not in run %(n)d: re-run first.") % {"n": run.number}}
        )
    record = runs.RunRecord.from_json(run.record)
    core = runs.Override(
        str(activity_id), runs.Action(action), reason, str(source.pk) if source else None, actor.username
    )
    new = record.with_overrides([core])
    ap = new.result.overrides[-1]
    override = Override.objects.create(
        run=run,
        activity_id=activity_id,
        action=action,
        source=source,
        reason=reason,
        refused="" if ap.applied else runs.applied_sentence(new.result, ap, "vi"),
        created_by=actor,
    )
    run.record = _store(new, run.record.get("skipped", []))
    run.save(update_fields=["record"])
    audit(
        actor,
        "funding.override",
        run,
        after={"activity": activity_id, "action": action, "source": source.pk if source else None,
               "applied": ap.applied},
        reason=reason,
    )  # fmt: skip
    return override


def amount(x) -> int | Fraction:
    """An amount as a run record stores it: whole đồng as an int, anything else as {"fraction": "a/b"}."""
    return Fraction(x["fraction"]) if isinstance(x, dict) else x


def record_of(run: IntegrationRun) -> runs.RunRecord:
    return runs.RunRecord.from_json(run.record)


def compare(a: IntegrationRun, b: IntegrationRun) -> runs.Comparison:
    return runs.compare(record_of(a), record_of(b))


# --- applying a run --------------------------------------------------------------------------------------------


def _reason(sentence: str) -> str:
    """The core's "Chưa được hỗ trợ năm 2027: …" without its head: the reason a village page quotes."""
    head, sep, rest = sentence.partition(": ")
    return rest if sep and len(head) < 40 else sentence


@transaction.atomic
def apply_run(run: IntegrationRun, *, actor) -> int:
    """The run's final outcome becomes the decisions that stand: the allocations of the plan's sources are
    replaced by the run's, and each activity's decision (funded or not, and why) is recorded for its villages.
    Returns how many activities are funded."""
    run = IntegrationRun.objects.select_for_update().select_related("plan__unit").get(pk=run.pk)
    plan = run.plan
    data = run.record
    source_ids = {int(s["id"]) for s in data["inputs"]["sources"]}
    activity_ids = {int(a["id"]) for a in data["inputs"]["activities"]}
    have_sources = set(FundingSource.objects.filter(pk__in=source_ids).values_list("pk", flat=True))
    if have_sources != source_ids:
        raise ValidationError(_("A source of this run has been deleted since: re-run before applying."))
    have = set(PlanActivity.objects.filter(pk__in=activity_ids).values_list("pk", flat=True))
    if have != activity_ids:
        raise ValidationError(_("A commune's activity of this run no longer exists: re-run before applying."))
    Allocation.objects.filter(source__unit=plan.unit, source__year=plan.year_from).delete()
    Allocation.objects.filter(source_id__in=source_ids).delete()
    Decision.objects.filter(plan=plan).delete()
    outcome = data["outcome"]
    allocations = []
    for aid, parts in outcome["paid"].items():
        for sid, stored in parts:
            paid = amount(stored)
            if paid:
                allocations.append(
                    Allocation(activity_id=int(aid), source_id=int(sid), amount=round(paid), run=run)
                )
    Allocation.objects.bulk_create(allocations)
    decisions = []
    funded = 0
    for a in data["inputs"]["activities"]:
        is_funded = Why(outcome["why"][a["id"]]["code"]).funded
        funded += is_funded
        text = data["explanations"][a["id"]]
        decisions.append(
            Decision(
                plan=plan,
                run=run,
                activity_id=int(a["id"]),
                funded=is_funded,
                sentence=text["vi"] if is_funded else _reason(text["vi"]),
                sentence_en=text["en"] if is_funded else _reason(text["en"]),
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=500)
    plan.integration_runs.exclude(pk=run.pk).update(applied_at=None)
    run.applied_at = timezone.now()
    run.save(update_fields=["applied_at"])
    audit(actor, "funding.apply_run", run, after={"number": run.number, "funded": funded,
                                                    "allocations": len(allocations)})  # fmt: skip
    return funded
