"""Traceability: the commune (or higher) plan, and the fate of every need that reached it.

A need reaches the commune plan from a village's adopted annual plan (its Part 2 items, asked of the budget, and
any Part 1 item the planning team takes up) or is added by the commune itself. Each ends in exactly one state in
the plan — one `NeedLink` per (plan, need):

- included: an activity of the plan is made from it (title, sector, cost, people's contribution), or it joins an
  existing activity; one need may also be split into several activities;
- merged: several similar needs (often of several villages) become one activity;
- postponed to a later year, referred to another funding source, or not included.

Every state but "included" carries a written reason: what the commune chair explains to the villages at the
adoption conference (source 001). A decision may change while the plan is editable; an activity that was made
from needs and no longer feeds from any goes with the decision that made it.

Each change is one atomic, audited action. `pending_needs` / `undecided_count` tell the consultation whether the
plan can be adopted; `fates_for_unit` is what a village's page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Subquery
from django.utils.translation import gettext as _

from sedp.audit.actions import entry, record, record_many
from sedp.core.money import format_vnd
from sedp.places.choices import Level
from sedp.plans import mop
from sedp.plans.models import PUBLIC_STATES, Activity, Fate, Kind, Mode, NeedLink, Part, Plan, PlanItem
from sedp.plans.rollup.aggregation import (
    CHILD_KIND,
    child_plans,
    children_of,
    cycle_for,
    links_of,
    own_needs,
    snapshot_items,
)

PLAN_KIND = {
    Level.COMMUNE: Kind.COMMUNE_ANNUAL,
    Level.DISTRICT: Kind.DISTRICT_ANNUAL,
    Level.PROVINCE: Kind.PROVINCE_ANNUAL,
}
HIGHER_KINDS = tuple(PLAN_KIND.values())
# The levels whose plan is made here: a commune's from its villages' plans; a legacy district's from its communes'
# plans; a province's from its communes' (legacy: its districts') plans — the same plan, the level is data.
CREATABLE_LEVELS = (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE)
DEFAULT_TITLE = "Kế hoạch phát triển kinh tế - xã hội năm {year}"


# ---------------------------------------------------------------------------------------------------------------
# The plan itself
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_commune_plan(
    commune, year: int, *, actor, cycle=None, title: str = "", mode: str = Mode.SEDP
) -> Plan:
    """A commune's (or district's, province's) annual plan for `year`, as a draft. One per unit and year: later
    changes are versions of it. `mode`: participatory SEDP or market-oriented MOP-SEDP (a commune's only)."""
    kind = PLAN_KIND.get(commune.level)
    if kind is None:
        raise ValidationError(_("A village makes its plans from its meetings' rankings, not here."))
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The plan year must be 2000 or later.")})
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Choose the planning mode.")})
    if mode == Mode.MOP and not mop.allowed_for(commune):
        raise ValidationError({"mode": _("Only a commune plan can be market-oriented (MOP-SEDP).")})
    if Plan.objects.filter(unit=commune, kind=kind, year_from=year).exists():
        raise ValidationError(
            {"year": _("%(unit)s already has a plan for %(year)d.") % {"unit": commune.name, "year": year}}
        )
    plan = Plan.objects.create(
        unit=commune,
        cycle=cycle or cycle_for(commune, year),
        kind=kind,
        year_from=year,
        year_to=year,
        title=(title or "").strip() or mop.default_title(mode, year),
        mode=mode,
        created_by=actor,
    )
    record(
        actor,
        "plans.create_commune_plan",
        plan,
        after={"kind": kind, "year": year, "title": plan.title, "mode": plan.mode},
    )
    return plan


# ---------------------------------------------------------------------------------------------------------------
# Fates
# ---------------------------------------------------------------------------------------------------------------


_UNKNOWN = object()


def _editable(plan: Plan) -> None:
    if plan.kind not in HIGHER_KINDS:
        raise ValidationError(_("Needs are decided in a commune or higher plan."))
    if not plan.is_editable:
        raise ValidationError(
            _("This plan is %(state)s: the needs' fates can no longer change.")
            % {"state": plan.get_state_display()}
        )


def _source_item(plan: Plan, need) -> PlanItem | None:
    """The item of the child's adopted plan the need comes from (None for the plan unit's own need); refuses a
    need that did not reach this plan."""
    if need.unit_id == plan.unit_id:
        return None
    unit = need.unit
    kind = CHILD_KIND.get(unit.level)
    item = None
    if unit.parent_id == plan.unit_id and kind is not None:
        # The need's item in the child's latest public version (one query).
        adopted = (
            Plan.objects.filter(unit=unit, kind=kind, year_from=plan.year_from, state__in=PUBLIC_STATES)
            .order_by("-version")
            .values("pk")[:1]
        )
        item = PlanItem.objects.filter(plan=Subquery(adopted), need=need).first()
    if item is None:
        raise ValidationError(
            {
                "need": _("“%(need)s” is not in an adopted plan of %(unit)s for %(year)d.")
                % {"need": need, "unit": unit.name, "year": plan.year_from}
            }
        )
    return item


def contribution_text(need) -> str:
    """The people's contribution as the plan writes it (Vietnamese: it is the plan's text)."""
    parts = []
    if need.contribution_money:
        parts.append(f"tiền {format_vnd(need.contribution_money)}")
    if need.contribution_labour_days:
        parts.append(f"{need.contribution_labour_days} ngày công")
    if need.contribution_materials:
        parts.append(f"vật tư: {need.contribution_materials}")
    if need.contribution_land:
        parts.append(f"đất: {need.contribution_land}")
    return "; ".join(parts)[:300]


def _next_order(plan: Plan) -> int:
    return (plan.activities.aggregate(m=Max("order"))["m"] or 0) + 1


def _new_activity(plan: Plan, *, title: str, sector, cost, contribution: str, value) -> Activity:
    return Activity.objects.create(
        plan=plan,
        sector=sector,
        title=title[:300],
        cost=cost,
        people_contribution=contribution,
        contribution_value=value or None,
        order=_next_order(plan),
    )


def _activity_from(plan: Plan, need) -> Activity:
    return _new_activity(
        plan,
        title=need.title,
        sector=need.sector,
        cost=need.estimated_cost,
        contribution=contribution_text(need),
        value=need.contribution_value,
    )


def link_data(link: NeedLink | None, activities=None) -> dict | None:
    """`activities`: the link's, when the caller knows them (else they are read)."""
    if link is None:
        return None
    return {
        "need": link.need_id,
        "fate": link.fate,
        "reason": link.reason,
        "postponed_to": link.postponed_to,
        "referred_to": link.referred_to,
        "activities": sorted(a.pk for a in (link.activities.all() if activities is None else activities)),
    }


def _activity_data(a: Activity) -> dict:
    return {"id": a.pk, "title": a.title, "cost": a.cost, "sector": a.sector_id}


def _check_reason(fate: str, reason: str, need) -> None:
    if fate != Fate.INCLUDED and not reason:
        raise ValidationError(
            {
                "reason": _("“Reason” is required: write why “%(need)s” is %(fate)s.")
                % {"need": need, "fate": Fate(fate).label}
            }
        )


def _check_activities(plan: Plan, activities) -> None:
    for a in activities:
        if a.plan_id != plan.pk:
            raise ValidationError({"activity": _("This activity belongs to another plan.")})


def _set_fate(
    plan: Plan,
    need,
    *,
    actor,
    fate: str,
    reason: str = "",
    activities=(),
    postponed_to: int | None = None,
    referred_to: str = "",
    item=_UNKNOWN,
    entries: list | None = None,
) -> NeedLink:
    """Create or change the one link of (plan, need); audited; activities left without any need are removed.
    `item`: the need's source item when the caller has looked it up; `entries`: a list the decision's audit entry
    is added to, for the caller to write with the others (`record_many`)."""
    if item is _UNKNOWN:
        item = _source_item(plan, need)
    link = NeedLink.objects.select_for_update().filter(plan=plan, need=need).order_by("pk").first()
    old = set(link.activities.all()) if link else set()
    before = link_data(link, old)
    same = (fate, reason, postponed_to, referred_to, set(activities))
    if link is not None and (link.fate, link.reason, link.postponed_to, link.referred_to, old) == same:
        return link  # the same decision again (a second click): nothing to write, nothing to log
    new = link is None
    if new:
        link = NeedLink(plan=plan, need=need)
    link.item, link.fate, link.reason = item, fate, reason
    link.postponed_to, link.referred_to, link.decided_by = postponed_to, referred_to, actor
    link.save()
    if new:
        link.activities.add(*activities)  # nothing to compare with
    else:
        link.activities.set(activities)
    for a in old - set(activities):
        if not a.need_links.exists():
            record(actor, "plans.remove_activity", plan, before=_activity_data(a), reason=reason)
            a.delete()
    decided = entry(
        actor, "plans.decide_need", plan, before=before, after=link_data(link, activities), reason=reason
    )
    if entries is None:
        decided.save(force_insert=True)
    else:
        entries.append(decided)
    return link


@transaction.atomic
def decide(
    plan: Plan,
    need,
    *,
    actor,
    fate: str,
    reason: str = "",
    activity: Activity | None = None,
    postponed_to: int | None = None,
    referred_to: str = "",
) -> NeedLink:
    """Decide (or change) one need's fate. Included: into `activity`, or a new activity made from the need.
    Merged: into `activity`, which must exist. Postponed: to `postponed_to` (default the next year). Referred: to
    the funding source named in `referred_to`. Every fate but included needs a reason."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _editable(plan)
    if fate not in Fate.values:
        raise ValidationError({"fate": _("Choose what becomes of the need.")})
    reason = (reason or "").strip()
    referred_to = (referred_to or "").strip()
    _check_reason(fate, reason, need)
    if activity is not None:
        _check_activities(plan, [activity])
    activities: list[Activity] = []
    if fate == Fate.INCLUDED:
        current = NeedLink.objects.filter(plan=plan, need=need, fate=Fate.INCLUDED).first()
        if activity is not None:
            activities = [activity]
        elif current is not None and current.activities.exists():
            activities = list(current.activities.all())  # already included: keep its activities
        else:
            activities = [_activity_from(plan, need)]
    elif fate == Fate.MERGED:
        if activity is None:
            raise ValidationError(
                {"activity": _("“Activity” is required: choose the activity the need is merged into.")}
            )
        activities = [activity]
    elif fate == Fate.POSTPONED:
        postponed_to = postponed_to or plan.year_from + 1
        if postponed_to <= plan.year_from:
            raise ValidationError(
                {"postponed_to": _("“Postponed to year” must be after %(year)d.") % {"year": plan.year_from}}
            )
    elif fate == Fate.REFERRED and not referred_to:
        raise ValidationError({"referred_to": _("“Referred to” is required: name the other funding source.")})
    return _set_fate(
        plan,
        need,
        actor=actor,
        fate=fate,
        reason=reason,
        activities=activities,
        postponed_to=postponed_to if fate == Fate.POSTPONED else None,
        referred_to=referred_to if fate == Fate.REFERRED else "",
    )


def include(plan: Plan, need, *, actor, activity: Activity | None = None, reason: str = "") -> NeedLink:
    return decide(plan, need, actor=actor, fate=Fate.INCLUDED, activity=activity, reason=reason)


def postpone(plan: Plan, need, *, actor, reason: str, year: int | None = None) -> NeedLink:
    return decide(plan, need, actor=actor, fate=Fate.POSTPONED, reason=reason, postponed_to=year)


def refer(plan: Plan, need, *, actor, reason: str, to: str) -> NeedLink:
    return decide(plan, need, actor=actor, fate=Fate.REFERRED, reason=reason, referred_to=to)


def not_include(plan: Plan, need, *, actor, reason: str) -> NeedLink:
    return decide(plan, need, actor=actor, fate=Fate.NOT_INCLUDED, reason=reason)


@transaction.atomic
def merge(
    plan: Plan, needs, *, actor, reason: str, title: str = "", activity: Activity | None = None
) -> Activity:
    """Several similar needs become one activity (new, or `activity`): each need's fate is "merged", with the
    reason. A new activity takes the first need's sector, the sum of the costs and of the contributions."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _editable(plan)
    needs = list(dict.fromkeys(needs))
    if len(needs) < (1 if activity is not None else 2):
        raise ValidationError({"needs": _("Choose at least two needs to merge into one activity.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("“Reason” is required: write why these needs are merged into one activity.")}
        )
    items = [_source_item(plan, need) for need in needs]
    if activity is not None:
        _check_activities(plan, [activity])
    else:
        first = needs[0]
        contributions = [contribution_text(n) for n in needs]
        activity = _new_activity(
            plan,
            title=(title or "").strip() or first.title,
            sector=first.sector,
            cost=sum(n.estimated_cost or 0 for n in needs) or None,
            contribution="; ".join(
                f"{n.unit.name}: {c}" for n, c in zip(needs, contributions, strict=True) if c
            )[:300],
            value=sum(n.contribution_value for n in needs),
        )
        record(actor, "plans.add_activity", plan, after=_activity_data(activity), reason=reason)
    entries: list = []
    for need, item in zip(needs, items, strict=True):
        _set_fate(
            plan, need, actor=actor, fate=Fate.MERGED, reason=reason, activities=[activity], item=item,
            entries=entries,
        )  # fmt: skip
    record_many(entries)  # the decisions' entries in one statement, in the needs' order
    return activity


@transaction.atomic
def split(
    plan: Plan, need, *, actor, parts: list[tuple[str, int | None]], reason: str = ""
) -> list[Activity]:
    """One need becomes several activities (e.g. a road in two stretches, by two contractors); its fate is
    "included" in all of them. The people's contribution stays with the first."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _editable(plan)
    parts = [((t or "").strip(), c) for t, c in parts if (t or "").strip()]
    if len(parts) < 2:
        raise ValidationError(
            {"parts": _("Write at least two activities, one per line, to split the need into.")}
        )
    _source_item(plan, need)
    activities = []
    for n, (title, cost) in enumerate(parts):
        activities.append(
            _new_activity(
                plan,
                title=title,
                sector=need.sector,
                cost=cost,
                contribution=contribution_text(need) if n == 0 else "",
                value=need.contribution_value if n == 0 else None,
            )
        )
        record(actor, "plans.add_activity", plan, after=_activity_data(activities[-1]), reason=reason)
    _set_fate(
        plan, need, actor=actor, fate=Fate.INCLUDED, reason=(reason or "").strip(), activities=activities
    )
    return activities


# ---------------------------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------------------------


def candidate_needs(plan: Plan) -> list:
    """The needs the plan must decide: the children's Part 2 items (in each child's order) and the unit's own
    needs, plus any Part 1 item already taken up. A constant number of queries."""
    from sedp.needs.models import Need

    children = child_plans(plan.unit, plan.year_from, children_of(plan.unit), None, None)
    items = snapshot_items(children)
    links = links_of(plan)
    ordered = []
    for c in children:
        if c.plan is None:
            continue
        for i in sorted(items.get(c.plan.pk, []), key=lambda i: (i.get("rank") or 0, i["need"])):
            if i.get("part") == Part.BUDGET or i["need"] in links:
                ordered.append(i["need"])
    needs = Need.objects.select_related("unit", "sector").in_bulk(ordered)
    return [needs[pk] for pk in ordered if pk in needs] + list(own_needs(plan))


def pending_needs(plan: Plan) -> list:
    """Needs with no fate yet in the plan: the plan cannot be adopted while any remain."""
    decided = set(NeedLink.objects.filter(plan=plan).values_list("need_id", flat=True))
    return [n for n in candidate_needs(plan) if n.pk not in decided]


def undecided_count(plan: Plan) -> int:
    return len(pending_needs(plan))


@dataclass
class FateRow:
    need: object
    rank: int | None
    part: int | None
    link: NeedLink | None
    funding: object = None  # sedp.funding.decisions.FundingFate, once an upper level's integration decided

    @property
    def fate_label(self) -> str:
        return self.link.get_fate_display() if self.link else _("not decided yet")

    @property
    def reason(self) -> str:
        return self.link.reason if self.link else ""


@dataclass
class Fates:
    year: int
    village_plan: Plan | None
    plan: Plan | None  # the plan above that decided
    rows: list[FateRow]


def fates_for_unit(unit, year: int, *, plans=None, village_plan: Plan | None = None) -> Fates:
    """Each need of `unit`'s adopted annual plan for `year` with its fate in the plan above (or "not decided
    yet") and the reason. `plans` restricts where the plan above is looked for (pass the user's visible plans);
    `village_plan` is the unit's adopted plan when the caller already has it."""
    from sedp.needs.models import Need

    kind = CHILD_KIND.get(unit.level)
    own = village_plan
    if own is None and kind:
        own = (
            Plan.objects.filter(unit=unit, kind=kind, year_from=year, state__in=PUBLIC_STATES)
            .order_by("-version")
            .first()
        )
    if own is None or not unit.parent_id:
        return Fates(year, own, None, [])
    parent_kind = PLAN_KIND.get(unit.parent.level)
    upper = (
        (plans if plans is not None else Plan.objects.all())
        .filter(unit_id=unit.parent_id, kind=parent_kind, year_from=year)
        .order_by("-version")
        .first()
    )
    items = (own.snapshot or {}).get("items") or [
        {"need": i.need_id, "rank": i.rank, "part": i.part} for i in own.items.order_by("part", "rank", "id")
    ]
    needs = Need.objects.in_bulk([i["need"] for i in items])
    links = (
        {
            link.need_id: link
            for link in NeedLink.objects.filter(plan=upper, need_id__in=list(needs)).prefetch_related(
                "activities"
            )
        }
        if upper
        else {}
    )
    rows = [
        FateRow(needs[i["need"]], i.get("rank"), i.get("part"), links.get(i["need"]))
        for i in sorted(items, key=lambda i: (-(i.get("part") or 0), i.get("rank") or 0))
        if i["need"] in needs
    ]
    from sedp.funding.decisions import for_needs  # what the upper level's funding integration decided

    funding = for_needs(list(needs))
    for r in rows:
        r.funding = funding.get(r.need.pk)
    return Fates(year, own, upper, rows)
