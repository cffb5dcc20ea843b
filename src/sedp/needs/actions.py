"""Changes to needs, the assessment and score sheets: each one atomic and written to the audit log."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sedp.audit.actions import entry, record, record_many, snapshot
from sedp.audit.guards import refuse_stale, submitted
from sedp.audit.models import AuditEntry
from sedp.core.versions import fingerprint
from sedp.places.models import Unit

from .models import Criterion, Finding, Mode, Need, PraTool, Score, ScoreSheet, Sector, SubGroup

NEED_FIELDS = [
    "title",
    "sector_id",
    "kind",
    "place",
    "quantity",
    "quantity_unit",
    "timing",
    "estimated_cost",
    "contribution_money",
    "contribution_labour_days",
    "contribution_labour_value",
    "contribution_materials",
    "contribution_materials_value",
    "contribution_land",
    "contribution_land_value",
    "subgroup_id",
    "proposed_by_women",
    "meeting_id",
]


def _jsonable(data: dict) -> dict:
    return {
        k: (str(v) if v is not None and not isinstance(v, int | str | bool) else v) for k, v in data.items()
    }


def next_code(unit) -> str:
    numbers = [
        int(m[1])
        for c in Need.objects.filter(unit=unit).values_list("code", flat=True)
        if (m := re.fullmatch(r"N(\d+)", c))
    ]
    return f"N{max(numbers, default=0) + 1}"


@transaction.atomic
def create_need(unit, *, actor, code: str = "", submission: str = "", **fields) -> Need:
    """A new need of `unit`, coded N1, N2… unless `code` is given. `submission`: the one-time token of the form
    it comes from; the same form sent again returns the need it made."""
    # Codes are numbered per unit: the unit's row is locked while the next one is chosen, so that two people
    # adding needs at once get N7 and N8 rather than both N7.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    if (done := submitted("needs.create", submission)) is not None:
        found = Need.objects.filter(pk=done.object_id).first()
        if found is not None:
            return found
    code = code or next_code(unit)
    taken = _("%(unit)s already has a need with the code %(code)s.") % {"unit": unit.name, "code": code}
    if Need.objects.filter(unit=unit, code=code).exists():
        raise ValidationError({"code": taken})
    try:
        with transaction.atomic():
            need = Need.objects.create(unit=unit, code=code, created_by=actor, **fields)
    except IntegrityError:  # a path that did not take the lock got there first
        raise ValidationError({"code": taken}) from None
    after = _jsonable(snapshot(need, ["code", *NEED_FIELDS]))
    record(actor, "needs.create", need, after={**after, "form": submission} if submission else after)
    return need


# What the need's edit form writes: its version (`version_of`) is these values' fingerprint.
EDITED_FIELDS = [f for f in NEED_FIELDS if f != "meeting_id"]


def version_of(need: Need) -> str:
    return fingerprint(snapshot(need, EDITED_FIELDS))


@transaction.atomic
def update_need(need: Need, *, actor, version: str = "", **fields) -> Need:
    """Change the need's `fields`. `version`: the one its edit form was loaded with; if someone saved the need
    since, `sedp.audit.guards.Stale` is raised and nothing is written."""
    need.refresh_from_db(from_queryset=Need.objects.select_for_update())
    changes = AuditEntry.objects.filter(object_type="needs.need", object_id=str(need.pk))
    refuse_stale(version, snapshot(need, EDITED_FIELDS), changes)
    before = _jsonable(snapshot(need, NEED_FIELDS))
    for name, value in fields.items():
        setattr(need, name, value)
    need.save(update_fields=list(fields))
    record(actor, "needs.update", need, before=before, after=_jsonable(snapshot(need, NEED_FIELDS)))
    return need


@transaction.atomic
def create_subgroup(meeting, *, actor, tools=(), **fields) -> SubGroup:
    group = SubGroup.objects.create(meeting=meeting, **fields)
    group.tools.set(tools)
    record(actor, "needs.create_subgroup", group, after={**fields, "tools": [t.pk for t in tools]})
    return group


def _subgroup_state(group: SubGroup) -> dict:
    return {
        "name": group.name,
        "leader": group.leader,
        "theme": group.theme,
        "is_women": group.is_women,
        "tools": sorted(t.pk for t in group.tools.all()),
    }


@transaction.atomic
def update_subgroup(group: SubGroup, *, actor, tools=(), **fields) -> SubGroup:
    """Correct a sub-group (its name, leader, theme, tools, whether it is the women's group); the audit log keeps
    what it was."""
    before = _subgroup_state(group)
    for name, value in fields.items():
        setattr(group, name, value)
    group.save(update_fields=list(fields))
    group.tools.set(tools)
    record(actor, "needs.update_subgroup", group, before=before, after=_subgroup_state(group))
    return group


@transaction.atomic
def delete_subgroup(group: SubGroup, *, actor) -> None:
    """Remove a sub-group recorded by mistake, while nothing was recorded from it (no finding, no need)."""
    if group.findings.exists() or group.needs.exists():
        raise ValidationError(
            _("“%(name)s” has findings or needs recorded from it: it stays on record and cannot be deleted.")
            % {"name": group.name}
        )
    record(
        actor,
        "needs.delete_subgroup",
        group,
        before={
            "meeting": group.meeting_id,
            "name": group.name,
            "leader": group.leader,
            "theme": group.theme,
            "is_women": group.is_women,
        },
    )
    group.delete()


@transaction.atomic
def add_finding(subgroup: SubGroup, *, actor, **fields) -> Finding:
    finding = Finding.objects.create(subgroup=subgroup, **fields)
    record(
        actor,
        "needs.add_finding",
        finding,
        after=_jsonable(snapshot(finding, ["sector_id", "situation", "problems", "causes", "solutions"])),
    )
    return finding


FINDING_FIELDS = ["subgroup_id", "sector_id", "situation", "problems", "causes", "solutions"]


@transaction.atomic
def update_finding(finding: Finding, *, actor, **fields) -> Finding:
    """Correct a PRA finding (its sub-group, sector and what was found); the audit log keeps what it was."""
    before = _jsonable(snapshot(finding, FINDING_FIELDS))
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.save(update_fields=list(fields))
    record(
        actor,
        "needs.update_finding",
        finding,
        before=before,
        after=_jsonable(snapshot(finding, FINDING_FIELDS)),
    )
    return finding


@transaction.atomic
def add_to_list(unit, what: str, name: str, *, actor):
    model = Sector if what == "sector" else PraTool
    obj, _created = model.objects.get_or_create(unit=unit, name=name.strip(), defaults={"order": 100})
    record(actor, f"needs.add_{what}", obj, after={"unit": unit.pk, "name": obj.name})
    return obj


@transaction.atomic
def set_criteria(unit, rows: list[tuple[str, int]], *, actor) -> list[Criterion]:
    """The unit's own criteria and weights, replacing the default set for it. Rows keep their order; a
    criterion's key (which the score sheets refer to) follows the default it replaces, or is made from its row."""
    defaults = list(Criterion.objects.filter(unit__isnull=True))
    before = [(c.key, c.name, c.weight) for c in Criterion.for_unit(unit)]
    if not any(weight > 0 for _name, weight in rows):
        raise ValidationError({"weight": _("At least one criterion needs a weight above 0.")})
    existing = {c.key: c for c in Criterion.objects.filter(unit=unit)}
    kept = []
    for i, (name, weight) in enumerate(rows):
        key = defaults[i].key if i < len(defaults) else f"c{i + 1}"
        c = existing.pop(key, None) or Criterion(unit=unit, key=key)
        c.name, c.weight, c.order = name, weight, i + 1
        c.save()
        kept.append(c)
    for c in existing.values():  # a criterion dropped from the list keeps its scores but weighs nothing
        c.weight = 0
        c.save(update_fields=["weight"])
    record(
        actor,
        "needs.set_criteria",
        unit,
        before={"criteria": before},
        after={"criteria": [(c.key, c.name, c.weight) for c in kept]},
    )
    return kept


def adopted_plan_using(meeting):
    """The adopted plan ranked from this meeting's score sheets (its latest version), or None. While there is one,
    the sheets are the record of that ranking: they are locked. A new version of the plan (made with a reason)
    unlocks them."""
    from sedp.plans.models import Plan, State

    return (
        Plan.objects.filter(ranked_at=meeting, state=State.ADOPTED, next_version__isnull=True)
        .select_related("unit")
        .first()
    )


def _sheets_editable(meeting) -> None:
    plan = adopted_plan_using(meeting)
    if plan is not None:
        raise ValidationError(
            _(
                "The score sheets of this meeting ranked “%(plan)s”, which has been adopted: they are locked so "
                "that the ranking stays the one the meeting adopted. To change them, make a new version of the "
                "plan (with the reason)."
            )
            % {"plan": plan}
        )


@transaction.atomic
def create_sheet(meeting, *, actor, **fields) -> ScoreSheet:
    _sheets_editable(meeting)
    if fields.get("scale_min", 1) >= fields.get("scale_max", 5):
        raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})
    if ScoreSheet.objects.filter(meeting=meeting, label=fields["label"]).exists():
        raise ValidationError({"label": _("This meeting already has a score sheet with that name.")})
    sheet = ScoreSheet.objects.create(meeting=meeting, **fields)
    record(actor, "needs.create_sheet", sheet, after=fields)
    return sheet


def _check_cells(sheet: ScoreSheet, cells: dict) -> None:
    for (_need, crit), value in cells.items():
        if value is None:
            continue
        if sheet.mode == Mode.SCORES and (crit is None or not sheet.scale_min <= value <= sheet.scale_max):
            raise ValidationError(
                _("A score is outside the scale %(lo)d–%(hi)d.")
                % {"lo": sheet.scale_min, "hi": sheet.scale_max}
            )
        if value < 0:
            raise ValidationError(_("Pebbles and dots cannot be negative."))


def _scores(sheet: ScoreSheet, cells: dict) -> list[Score]:
    return [
        Score(sheet=sheet, need_id=need, criterion_id=crit, value=value)
        for (need, crit), value in cells.items()
        if value is not None
    ]


def _cells_data(cells: dict) -> dict:
    return {f"{n}:{c or ''}": v for (n, c), v in cells.items() if v is not None}


@transaction.atomic
def record_scores(sheet: ScoreSheet, cells: dict, *, actor) -> ScoreSheet:
    """Replace the sheet's scores with `cells`: {(need_id, criterion_id or None): value or None (blank)}."""
    _sheets_editable(sheet.meeting)
    _check_cells(sheet, cells)
    before = {f"{s.need_id}:{s.criterion_id or ''}": s.value for s in sheet.scores.all()}
    if before:
        sheet.scores.all().delete()
    Score.objects.bulk_create(_scores(sheet, cells))
    sheet.save(update_fields=["updated_at"])
    record(actor, "needs.record_scores", sheet, before=before, after=_cells_data(cells))
    return sheet


@transaction.atomic
def create_sheets(meeting, sheets: list[tuple[dict, dict]], *, actor) -> list[ScoreSheet]:
    """Several groups' sheets of one meeting with their scores at once — `create_sheet` then `record_scores`
    for each (fields, cells), the same rows and audit entries, the meeting's checks made once."""
    _sheets_editable(meeting)
    labels = [fields["label"] for fields, _cells in sheets]
    taken = set(ScoreSheet.objects.filter(meeting=meeting, label__in=labels).values_list("label", flat=True))
    made, seen = [], set()
    for fields, cells in sheets:
        if fields.get("scale_min", 1) >= fields.get("scale_max", 5):
            raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})
        if fields["label"] in taken or fields["label"] in seen:
            raise ValidationError({"label": _("This meeting already has a score sheet with that name.")})
        seen.add(fields["label"])
        sheet = ScoreSheet(meeting=meeting, **fields)
        _check_cells(sheet, cells)
        made.append(sheet)
    ScoreSheet.objects.bulk_create(made)
    Score.objects.bulk_create(
        s for sheet, (_f, cells) in zip(made, sheets, strict=True) for s in _scores(sheet, cells)
    )
    entries = []
    for sheet, (fields, cells) in zip(made, sheets, strict=True):
        entries.append(entry(actor, "needs.create_sheet", sheet, after=fields))
        entries.append(entry(actor, "needs.record_scores", sheet, before={}, after=_cells_data(cells)))
    record_many(entries)
    return made


@transaction.atomic
def delete_need(need: Need, *, actor) -> None:
    """Remove a need entered by mistake. Once scored, put in a plan or decided on by a higher plan it is part of
    the record: it cannot be deleted (a plan may leave it out instead)."""
    if need.scores.exists():
        raise ValidationError(
            _("“%(need)s” has been scored: it stays on record and cannot be deleted.") % {"need": need}
        )
    if need.plan_items.exists() or need.links.exists():
        raise ValidationError(
            _("“%(need)s” is in a plan: it stays on record and cannot be deleted.") % {"need": need}
        )
    record(actor, "needs.delete", need, before=_jsonable(snapshot(need, ["code", *NEED_FIELDS])))
    need.delete()


def _list_model(what: str):
    return Sector if what == "sector" else PraTool


def _uses(entry) -> int:
    """How many records use a sector or a PRA tool: needs, findings, sub-groups, the plans' objectives and
    activities, the consultation's team, discussions, assignments and comments — every relation, hidden ones too."""
    count = 0
    for rel in type(entry)._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete) or rel.related_model is None:
            continue
        if rel.many_to_many:
            through = rel.through if hasattr(rel, "through") else rel.remote_field.through
            count += through.objects.filter(**{f"{rel.field.m2m_reverse_field_name()}": entry.pk}).count()
        else:
            count += rel.related_model._base_manager.filter(**{rel.field.name: entry}).count()
    return count


@transaction.atomic
def rename_list_entry(entry, name: str, *, actor):
    """A unit's own sector or tool gets a better name; the defaults (shared by every unit) cannot be renamed."""
    name = (name or "").strip()
    if entry.unit_id is None:
        raise ValidationError(_("The default list is shared by every unit: add your own entry instead."))
    if not name:
        raise ValidationError({"name": _("“Name” is required.")})
    limit = type(entry)._meta.get_field("name").max_length
    if len(name) > limit:
        raise ValidationError(
            {"name": _("“Name” is too long: at most %(limit)d characters.") % {"limit": limit}}
        )
    if type(entry).objects.filter(unit=entry.unit, name=name).exclude(pk=entry.pk).exists():
        raise ValidationError({"name": _("“%(name)s” is already in the list.") % {"name": name}})
    before = {"name": entry.name}
    entry.name = name
    entry.save(update_fields=["name"])
    record(actor, "needs.rename_list_entry", entry, before=before, after={"name": name})
    return entry


@transaction.atomic
def delete_list_entry(entry, *, actor) -> None:
    """Remove a unit's own sector or tool added by mistake: not a default, and not once something uses it."""
    if entry.unit_id is None:
        raise ValidationError(_("The default list is shared by every unit: it cannot be changed here."))
    used = _uses(entry)
    if used:
        raise ValidationError(
            _("“%(name)s” is used %(n)d times: it stays on record and cannot be deleted.")
            % {"name": entry.name, "n": used}
        )
    record(actor, "needs.delete_list_entry", entry, before={"unit": entry.unit_id, "name": entry.name})
    entry.delete()
