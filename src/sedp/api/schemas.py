from datetime import date

from ninja import Schema


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
