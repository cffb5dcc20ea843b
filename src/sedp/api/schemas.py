from datetime import date, datetime

from ninja import Field, Schema


class UnitOut(Schema):
    id: int
    level: str
    kind: str
    code: str
    name: str
    parent_id: int | None
    is_legacy: bool
    households: int | None
    population: int | None
    poor_households: int | None


class MilestoneOut(Schema):
    key: str
    phase: str
    starts_on: date
    due_on: date
    done_on: date | None


class CycleOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    plan_year: int
    tiers: int
    is_published: bool
    current_phase: str | None
    milestones: list[MilestoneOut]


class Error(Schema):
    detail: str


class Problem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """A parameter the API could not read (not a number, out of its range, an unknown choice): one problem each."""

    detail: list[Problem]


# The answers every operation may give besides its 200: 404 (no such row, or not one the caller may read; an id
# beyond 64 bits), 422 (a parameter out of its declared range or type).
ERRORS = {404: Error, 422: ValidationErrorOut}


class PlanOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: str
    year_from: int
    year_to: int
    version: int
    state: str
    title: str
    adopted_on: date | None
    resolution_number: str
    resolution_date: date | None
    total_budget: int | None


class PlanItemOut(Schema):
    """A line of a village plan (Biểu 3 / Biểu 4): the need, its rank, part, group ranks and contribution."""

    need_id: int
    code: str
    title: str
    rank: int
    part: int | None
    men_rank: int | None
    women_rank: int | None
    contribution_money: int | None
    contribution_labour_days: int | None


class NeedSourceOut(Schema):
    """Where an activity of a higher plan came from: a village need and what was decided about it."""

    need_id: int
    unit_id: int
    unit_name: str
    title: str
    fate: str
    reason: str


class ActivityOut(Schema):
    id: int
    number: str
    title: str
    quarters: list[int]
    responsible: str
    cost: int | None
    funding_source: str
    people_contribution: str
    business_contribution_value: int | None = Field(
        description="MOP-SEDP: what businesses put in, in đồng (null: none written)"
    )
    result: str | None
    needs: list[NeedSourceOut]


class FateOut(Schema):
    need_id: int
    unit_id: int
    unit_name: str
    title: str
    fate: str
    reason: str
    postponed_to: int | None
    referred_to: str
    activity_ids: list[int]


class PlanDetailOut(PlanOut):
    items: list[PlanItemOut]
    activities: list[ActivityOut]
    fates: list[FateOut]


class MeetingOut(Schema):
    """A meeting: where, when, who chaired it, and how many men and women attended (never the attendees' names)."""

    id: int
    unit_id: int
    unit_name: str
    kind: str
    starts_at: datetime
    place: str
    chair_name: str
    chair_role: str
    men: int
    women: int
    attendance: int
    breakdown: dict


class AgendaItemOut(Schema):
    order: int
    title: str
    duration: int


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    need_ids: list[int]


class NeedOut(Schema):
    """A need a unit raised: what, where, its estimated cost and what the people contribute, and the meeting."""

    id: int
    unit_id: int
    unit_name: str
    code: str
    title: str
    sector: str | None
    kind: str
    place: str
    quantity: float | None
    quantity_unit: str
    timing: str
    estimated_cost: int | None
    contribution_money: int | None
    contribution_labour_days: int | None
    contribution_value: int
    proposed_by_women: bool
    meeting_id: int | None
    meeting_date: date | None


class NeedFateOut(Schema):
    """What a plan above decided about the need, and why."""

    plan_id: int
    plan_unit_name: str
    plan_year: int
    fate: str
    reason: str
    postponed_to: int | None
    referred_to: str
    activity_ids: list[int]


class NeedDetailOut(NeedOut):
    subgroup: str | None
    fates: list[NeedFateOut]
