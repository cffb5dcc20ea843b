"""Changes to cycles: each one atomic and written to the audit log."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sedp.audit.actions import record, snapshot
from sedp.core.calendar import DEFAULT_MILESTONES, DayOfYear, build_milestones
from sedp.places.models import Unit

from .models import Cycle, Milestone, ProvinceCalendar


def province_overrides(province: Unit) -> dict[str, tuple[DayOfYear, DayOfYear]]:
    return {
        c.key: (
            DayOfYear(c.start_month, c.start_day, c.start_year_offset),
            DayOfYear(c.end_month, c.end_day, c.end_year_offset),
        )
        for c in ProvinceCalendar.objects.filter(province=province)
    }


@transaction.atomic
def create_cycle(unit: Unit, plan_year: int, *, actor=None, published: bool = False) -> Cycle:
    if Cycle.objects.filter(unit=unit, plan_year=plan_year).exists():
        raise ValidationError(
            {
                "plan_year": _("%(unit)s already has a cycle for %(year)d.")
                % {"unit": unit.name, "year": plan_year}
            }
        )
    province = unit.province()
    cycle = Cycle.objects.create(unit=unit, plan_year=plan_year, tiers=province.tiers, is_published=published)
    Milestone.objects.bulk_create(
        Milestone(cycle=cycle, key=m.key, phase=m.phase.value, starts_on=m.starts_on, due_on=m.due_on)
        for m in build_milestones(plan_year, province_overrides(province))
    )
    record(actor, "cycles.create", cycle, after={"unit": unit.pk, "plan_year": plan_year})
    return cycle


MILESTONE_FIELDS = ["starts_on", "due_on", "done_on", "note"]


@transaction.atomic
def update_milestone(
    milestone: Milestone, *, actor, starts_on: date, due_on: date, done_on: date | None, note: str = ""
) -> Milestone:
    if due_on < starts_on:
        raise ValidationError({"due_on": _("The deadline is before the start.")})
    before = snapshot(milestone, MILESTONE_FIELDS)
    milestone.starts_on, milestone.due_on, milestone.done_on, milestone.note = (
        starts_on,
        due_on,
        done_on,
        note,
    )
    milestone.save(update_fields=MILESTONE_FIELDS)
    record(
        actor,
        "cycles.update_milestone",
        milestone,
        before=before,
        after=snapshot(milestone, MILESTONE_FIELDS),
    )
    return milestone


@transaction.atomic
def set_province_calendar(province: Unit, key: str, starts: DayOfYear, ends: DayOfYear, *, actor) -> None:
    """A province moves a milestone for its future cycles; existing cycles keep their dates."""
    spec = next(s for s in DEFAULT_MILESTONES if s.key == key)
    build_milestones(2030, {key: (starts, ends)})  # raises if the window is backwards or the day impossible
    if (starts, ends) == (spec.starts, spec.ends):
        ProvinceCalendar.objects.filter(province=province, key=key).delete()
    else:
        ProvinceCalendar.objects.update_or_create(
            province=province,
            key=key,
            defaults=dict(
                start_day=starts.day,
                start_month=starts.month,
                start_year_offset=starts.year_offset,
                end_day=ends.day,
                end_month=ends.month,
                end_year_offset=ends.year_offset,
            ),
        )
    record(
        actor,
        "cycles.set_province_calendar",
        province,
        after={
            "key": key,
            "starts": [starts.day, starts.month, starts.year_offset],
            "ends": [ends.day, ends.month, ends.year_offset],
        },
    )
