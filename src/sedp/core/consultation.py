"""The commune plan's consultation (source 000, the six steps), as plain data and functions — no Django.

- `TRANSITIONS`: the state machine of a commune (or higher) plan, draft → in consultation → revised → adopted by
  the commune → approved by the People's Council → submitted, with what each move needs and who may make it.
- `diff(a, b)`: two frozen draft versions compared item by item (added, removed, changed field by field).
- `distribution_warning(distributed_on, conference_on)`: source 000, step 3 — everyone receives the draft at least
  3 days before the comment conference; less is a warning, not a refusal.
- `default_schedule(start)`, `week_of_month(day)`, `step_status(...)`: the six steps by week and month.

States and permissions are plain strings here ("draft", "change"...): the same values as
`sedp.plans.models.State` and `sedp.accounts.roles.Action`, which the Django side passes in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# ---------------------------------------------------------------------------------------------------------------
# The state machine
# ---------------------------------------------------------------------------------------------------------------

DRAFT = "draft"
IN_CONSULTATION = "in_consultation"
REVISED = "revised"
ADOPTED = "adopted"
APPROVED = "approved"
SUBMITTED = "submitted"
STATES = (DRAFT, IN_CONSULTATION, REVISED, ADOPTED, APPROVED, SUBMITTED)

# What a move needs before it is allowed (checked by the Django action, which knows the database):
NEEDS_VERSION = "version"  # at least one frozen draft version
NEEDS_NEWER_VERSION = "newer_version"  # a version frozen after the one discussed at the comment conference
NEEDS_ALL_RESOLVED = "all_resolved"  # no comment left unresolved
NEEDS_ALL_DECIDED = "all_decided"  # every village need has a fate
NEEDS_UNCHANGED = "unchanged"  # the plan's content is the last frozen version's: that is what is adopted
NEEDS_RESOLUTION = "resolution"  # the People's Council resolution number and date


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permission: str  # the policy action the user needs on the plan's unit: "change" or "manage"
    needs: tuple[str, ...] = ()
    locks: bool = False  # the plan is locked from this move on (its snapshot is the last version's content)


TRANSITIONS: tuple[Transition, ...] = (
    # Step 3: the first draft goes out for comment.
    Transition(DRAFT, IN_CONSULTATION, "change", (NEEDS_VERSION,)),
    # Step 4: the draft revised after the comment conference, frozen again; villages are consulted on it (step 5).
    Transition(IN_CONSULTATION, REVISED, "change", (NEEDS_NEWER_VERSION,)),
    # Step 6: adopted by the commune once every comment is answered and every village need has its fate. Adoption
    # is the planning-team leader's (the commune leader), as approval is, not any team member's.
    Transition(
        REVISED,
        ADOPTED,
        "manage",
        (NEEDS_ALL_RESOLVED, NEEDS_ALL_DECIDED, NEEDS_UNCHANGED),
        locks=True,
    ),
    # The People's Council approves by a resolution; the commune leader records it.
    Transition(ADOPTED, APPROVED, "manage", (NEEDS_RESOLUTION,)),
    # Sent to the upper level (district, or province in the two-tier system).
    Transition(APPROVED, SUBMITTED, "change"),
)
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


def transition(source: str, target: str) -> Transition | None:
    """The move from `source` to `target`, or None if there is no such move."""
    return _BY_PAIR.get((source, target))


def next_moves(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


# ---------------------------------------------------------------------------------------------------------------
# Frozen draft versions and their diff
# ---------------------------------------------------------------------------------------------------------------
# A version's content is {"items": [{"key": "activity:12", "kind": "activity", "label": "...", "fields": {...}}]}:
# each part of the plan is one item with a stable key, so two versions can be compared part by part, and a
# comment can say which part it is about.


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ItemChange:
    key: str
    kind: str
    label: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Diff:
    added: tuple[Mapping, ...] = ()
    removed: tuple[Mapping, ...] = ()
    changed: tuple[ItemChange, ...] = ()
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def items_of(content: Mapping | None) -> list[Mapping]:
    return list((content or {}).get("items") or [])


def diff(a: Mapping | None, b: Mapping | None) -> Diff:
    """What changed from version `a` to version `b`, item by item (in `b`'s order; removed ones in `a`'s).

    An item's fields are compared one by one (its label is made from them, so it is not compared itself).
    Fields missing on one side compare as None, so adding a field to the serialisation later does not make
    every item of old versions look changed unless it has a value.
    """
    old = {i["key"]: i for i in items_of(a)}
    new = {i["key"]: i for i in items_of(b)}
    added, changed, unchanged = [], [], 0
    for key, item in new.items():
        before = old.get(key)
        if before is None:
            added.append(item)
            continue
        changes = _field_changes(before, item)
        if changes:
            changed.append(ItemChange(key, item.get("kind", ""), item.get("label", ""), changes))
        else:
            unchanged += 1
    removed = [item for key, item in old.items() if key not in new]
    return Diff(tuple(added), tuple(removed), tuple(changed), unchanged)


def _field_changes(before: Mapping, after: Mapping) -> tuple[FieldChange, ...]:
    out = []
    fa, fb = before.get("fields") or {}, after.get("fields") or {}
    for name in [*fa, *(k for k in fb if k not in fa)]:
        va, vb = _norm(fa.get(name)), _norm(fb.get(name))
        if va != vb:
            out.append(FieldChange(name, fa.get(name), fb.get(name)))
    return tuple(out)


def _norm(value: Any) -> Any:
    """Empty text, empty lists and None are the same absence; lists compare as sets of values."""
    if value in ("", None, [], ()):
        return None
    if isinstance(value, list | tuple):
        return sorted(map(str, value))
    return value


def same_content(a: Mapping | None, b: Mapping | None) -> bool:
    return diff(a, b).is_empty


def item_keys(content: Mapping | None) -> set[str]:
    return {i["key"] for i in items_of(content)}


# ---------------------------------------------------------------------------------------------------------------
# Step 3: the draft reaches everyone at least 3 days before the comment conference
# ---------------------------------------------------------------------------------------------------------------

MIN_DAYS_BEFORE_CONFERENCE = 3


@dataclass(frozen=True)
class DistributionWarning:
    code: str  # "late" (fewer than 3 days) or "undated" (no distribution date recorded)
    days: int | None = None
    minimum: int = MIN_DAYS_BEFORE_CONFERENCE


def distribution_warning(
    distributed_on: date | None, conference_on: date | None
) -> DistributionWarning | None:
    """None when the draft went out at least 3 days before the conference (or there is no conference yet)."""
    if conference_on is None:
        return None
    if distributed_on is None:
        return DistributionWarning("undated")
    days = (conference_on - distributed_on).days
    if days < MIN_DAYS_BEFORE_CONFERENCE:
        return DistributionWarning("late", days)
    return None


# ---------------------------------------------------------------------------------------------------------------
# The schedule: six steps by week and month
# ---------------------------------------------------------------------------------------------------------------


def week_of_month(day: date) -> tuple[int, int, int]:
    """(week, month, year) as a commune writes it: days 1–7 are week 1 of the month, 8–14 week 2, and so on."""
    return (day.day - 1) // 7 + 1, day.month, day.year


# Source 000 gives the steps and their length (½ day, 90 minutes...), not their dates; source 001 places the
# commune plan in early June of the year before the plan year, and the upper level's from 20 June. The default
# fits the six steps into the first three weeks of June: the draft is frozen and sent out in week 1, at least 3
# days before the comment conference in week 2; villages are consulted in week 3 and the plan adopted by the 19th.
# (step, first day offset, last day offset) from the start date.
DEFAULT_STEP_DAYS: tuple[tuple[int, int, int], ...] = (
    (1, 0, 1),  # needs and potential conference, ½ day
    (2, 2, 4),  # drafting assignment meeting (90 min) and drafting; the draft goes out on day 4
    (3, 7, 9),  # comment conference, ½ day
    (4, 10, 11),  # revision meeting (90 min) and revision
    (5, 14, 16),  # voter contact in the villages, ½ day each, in parallel
    (6, 17, 18),  # adoption meeting (90 min), then submission
)


# A province's (or legacy district's) plan, source 001: 20 June – 15 July. Aggregation and assessment in the first
# days, drafting, a week for the departments' written comments (the draft goes out on day 8), revision, the
# communes' comments, and the adoption conference by 15 July (day 25).
UPPER_STEP_DAYS: tuple[tuple[int, int, int], ...] = (
    (1, 0, 4),  # aggregation of the lower level's plans, assessment conference
    (2, 5, 7),  # drafting assignment and drafting
    (3, 8, 14),  # the departments comment on the draft
    (4, 15, 17),  # revision
    (5, 18, 21),  # the communes (districts) comment on the revised draft
    (6, 22, 25),  # adoption conference, then submission
)


@dataclass(frozen=True)
class ScheduleRow:
    step: int
    starts_on: date
    ends_on: date


def default_schedule(start: date, *, upper: bool = False) -> list[ScheduleRow]:
    table = UPPER_STEP_DAYS if upper else DEFAULT_STEP_DAYS
    return [ScheduleRow(s, start + timedelta(days=a), start + timedelta(days=b)) for s, a, b in table]


def default_start(plan_year: int, commune_plan_starts: date | None = None, *, upper: bool = False) -> date:
    """The first day of step 1: the cycle's milestone for the plan (commune, or district/province) if there is
    one, else 1 June (a commune) or 20 June (a district or province) of the year before the plan year
    (source 001)."""
    return commune_plan_starts or date(plan_year - 1, 6, 20 if upper else 1)


NOT_SCHEDULED = "not_scheduled"
SCHEDULED = "scheduled"
UNDER_WAY = "under_way"
OVERDUE = "overdue"
DONE = "done"
PASSED = "passed"  # the plan has moved on past the step, whose day of completion nobody recorded

# The last step a plan in each state has necessarily gone through: it is sent for comment (step 3) once steps 1
# and 2 are over, revised (step 4) once the comment conference is over, adopted once all six are.
STEPS_OVER: Mapping[str, int] = {
    DRAFT: 0,
    IN_CONSULTATION: 2,
    REVISED: 4,
    ADOPTED: 6,
    APPROVED: 6,
    SUBMITTED: 6,
}


def step_status(
    starts_on: date | None,
    ends_on: date | None,
    done_on: date | None,
    today: date,
    *,
    step: int | None = None,
    state: str = DRAFT,
) -> str:
    """Where a step stands today. Given the step's number and the plan's state, a step the plan has moved past is
    never overdue: without a recorded day it has simply passed."""
    if done_on is not None:
        return DONE
    if step is not None and step <= STEPS_OVER.get(state, 0):
        return PASSED
    if starts_on is None and ends_on is None:
        return NOT_SCHEDULED
    if ends_on is not None and ends_on < today:
        return OVERDUE
    if starts_on is not None and starts_on <= today:
        return UNDER_WAY
    return SCHEDULED


def is_overdue(deadline: date | None, done_on: date | None, today: date) -> bool:
    return deadline is not None and done_on is None and deadline < today


# ---------------------------------------------------------------------------------------------------------------
# Step 5: one village's part of a draft version
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class VillagePart:
    """What a village is shown at its voter-contact conference: its needs' fates, the activities its needs went
    into, and the results, objectives and indicators those activities hang under."""

    needs: list[Mapping] = field(default_factory=list)
    activities: list[Mapping] = field(default_factory=list)
    results: list[Mapping] = field(default_factory=list)
    objectives: list[Mapping] = field(default_factory=list)
    indicators: list[Mapping] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {
            i["key"]
            for group in (self.needs, self.activities, self.results, self.objectives, self.indicators)
            for i in group
        }


def village_part(content: Mapping | None, village_id: int) -> VillagePart:
    items = items_of(content)
    needs = [
        i for i in items if i.get("kind") == "need" and (i.get("fields") or {}).get("village") == village_id
    ]
    activity_keys = {k for n in needs for k in (n["fields"].get("activities") or [])}
    activities = [i for i in items if i.get("kind") == "activity" and i["key"] in activity_keys]
    result_keys = {a["fields"].get("result") for a in activities} - {None, ""}
    results = [i for i in items if i.get("kind") == "result" and i["key"] in result_keys]
    objective_keys = {r["fields"].get("objective") for r in results} - {None, ""}
    objectives = [i for i in items if i.get("kind") == "objective" and i["key"] in objective_keys]
    parents = result_keys | objective_keys
    indicators = [
        i for i in items if i.get("kind") == "indicator" and (i.get("fields") or {}).get("parent") in parents
    ]
    return VillagePart(needs, activities, results, objectives, indicators)
