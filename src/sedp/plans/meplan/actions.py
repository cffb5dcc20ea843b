"""The M&E plan: one row per indicator of the plan — who measures it, when or how often, how (method, means of
verification), the data source, who uses and reports it. Each change atomic and audited; rows change while the
plan's content may (a draft, in consultation, revised)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sedp.audit.actions import record, snapshot
from sedp.audit.guards import refuse_stale
from sedp.audit.models import AuditEntry
from sedp.core.versions import fingerprint
from sedp.plans.models import Indicator, MERow, Plan

FIELDS = ["who", "when", "method", "source", "users"]
REQUIRED = ("who", "when", "method")


def labels() -> dict[str, str]:
    return {
        "who": _("Who measures"),
        "when": _("When, how often"),
        "method": _("How (method, means of verification)"),
        "source": _("Data source"),
        "users": _("Who uses and reports it"),
    }


@dataclass
class Line:
    """An indicator of the plan in print order, where it hangs, and its M&E row (None: not planned yet)."""

    indicator: Indicator
    parent: str
    row: MERow | None
    text: str = (
        ""  # as the document prints it: 'Tỷ lệ hộ nghèo giảm còn 2,9% (năm gốc: 3,06%) trong năm 2027'
    )


def lines(plan: Plan) -> list[Line]:
    """Every indicator of the plan in the document's order, with its row: three queries."""
    from sedp.plans.logframe.actions import fetch_rows, indicator_text, indicators_in_print_order

    rows = fetch_rows(plan)
    parents = {}
    for k in rows.key_targets:
        parents[("key_target_id", k.pk)] = _("Key target: %(text)s") % {"text": k.text}
    for o in rows.objectives:
        parents[("objective_id", o.pk)] = _("Objective %(number)s") % {"number": o.number}
    for r in rows.results:
        parents[("result_id", r.pk)] = _("Result %(number)s") % {"number": r.number}

    def parent(i: Indicator) -> str:
        for attr in ("key_target_id", "objective_id", "result_id"):
            if getattr(i, attr):
                return parents.get((attr, getattr(i, attr)), "")
        return ""

    return [
        Line(i, parent(i), getattr(i, "me_row", None), indicator_text(i))
        for i in indicators_in_print_order(rows)
    ]


def indicators_without_me_row(plan: Plan) -> list[Indicator]:
    """The plan's indicators no M&E row covers, in the document's order."""
    return [line.indicator for line in lines(plan) if line.row is None]


def _editable(plan: Plan) -> Plan:
    fresh = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if not fresh.is_editable:
        raise ValidationError(
            _("The plan is “%(state)s”: its M&E plan can no longer be changed.")
            % {"state": fresh.get_state_display()}
        )
    return fresh


def values_of(row: MERow | None) -> dict:
    """The row's values as its form shows them (no row yet: all empty)."""
    return snapshot(row, FIELDS) if row is not None else dict.fromkeys(FIELDS, "")


def version_of(row: MERow | None) -> str:
    """The version an edit form of the row is loaded with: its values' fingerprint (no row yet: all empty, so that
    two people planning the same indicator from the same page do not overwrite each other either)."""
    return fingerprint(values_of(row))


@transaction.atomic
def save_row(plan: Plan, indicator: Indicator, *, actor, version: str = "", **values) -> MERow:
    """Write the indicator's M&E row (made the first time). Who, when and how are required, each named.
    `version`: the one the form was loaded with; if someone saved the row since, `sedp.audit.guards.Stale` is
    raised (who, when) and nothing is written."""
    plan = _editable(plan)  # the plan's lock: two saves of the plan's rows wait for each other
    if indicator.plan_id != plan.pk:
        raise ValidationError(_("This indicator belongs to another plan."))
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    clean = {k: " ".join((values.get(k) or "").split()) for k in FIELDS}
    names = labels()
    errors = {k: _("“%(field)s” is required.") % {"field": names[k]} for k in REQUIRED if not clean[k]}
    if errors:
        raise ValidationError(errors)
    row = MERow.objects.filter(indicator=indicator).first()
    changes = AuditEntry.objects.filter(
        Q(after__indicator=indicator.pk) | Q(before__indicator=indicator.pk),
        object_type="plans.plan",
        object_id=str(plan.pk),
        action__startswith="plans.me_plan.",
    )
    refuse_stale(version, values_of(row), changes)
    before = snapshot(row, FIELDS) if row else None
    if row is None:
        row = MERow(plan=plan, indicator=indicator)
    for k, v in clean.items():
        setattr(row, k, v)
    row.save()
    record(
        actor,
        "plans.me_plan.save_row",
        plan,
        before=before,
        after={"indicator": indicator.pk, "name": indicator.name, **snapshot(row, FIELDS)},
    )
    return row


@transaction.atomic
def delete_row(row: MERow, *, actor) -> None:
    plan = _editable(row.plan)
    record(
        actor,
        "plans.me_plan.delete_row",
        plan,
        before={"indicator": row.indicator_id, "name": row.indicator.name, **snapshot(row, FIELDS)},
    )
    row.delete()
