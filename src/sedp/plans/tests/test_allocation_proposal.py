"""The commune budget proposal: source 001's process rule over the villages' Part 2 activities (nothing saved)."""

import pytest
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.funding.proposal import part2_items, propose
from sedp.plans.models import Kind, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(units):
    year = planning_year(timezone.localdate())
    return Plan(unit=units.ea_kao, kind=Kind.COMMUNE_ANNUAL, year_from=year, year_to=year)


def _public_cost(p):
    need = p.item.need
    return max(0, (need.estimated_cost or 0) - need.contribution_value)


def test_it_takes_the_part_2_activities_of_the_adopted_village_plans_only(plan):
    items = part2_items(plan)
    villages = {i.plan.unit.name for i in items}
    assert len(villages) == 5 and "Thôn 2" not in villages  # Thôn 2's plan is a draft
    assert len(items) == 10 and all(i.part == 2 for i in items)


def test_a_small_budget_funds_one_activity_in_as_many_villages_as_it_can_and_never_overspends(plan):
    budget = 1_000_000_000
    proposals = propose(plan, budget)
    funded = [p for p in proposals if p.funded]
    assert sum(_public_cost(p) for p in funded) <= budget
    per_village = {}
    for p in funded:
        per_village[p.item.plan.unit_id] = per_village.get(p.item.plan.unit_id, 0) + 1
    assert max(per_village.values()) == 1  # the first round gives each village one before any gets two
    refused = next(p for p in proposals if not p.funded)
    # In words a village head can repeat: no rounds, amounts as people say them.
    assert (
        refused.text_vi.startswith("Ngân sách xã còn ")
        and "khi đến lượt nhu cầu này, không đủ cho" in refused.text_vi
    )
    assert "triệu đồng" in refused.text_vi and "vòng" not in refused.text_vi
    assert refused.text_en.startswith("The commune budget had ")


def test_a_large_budget_funds_every_village_at_most_twice(plan):
    proposals = propose(plan, 50_000_000_000)
    assert all(p.funded for p in proposals)
    assert proposals[0].text_vi.startswith("Được cấp ") and "từ ngân sách xã" in proposals[0].text_vi
    assert not any("vòng" in p.text_vi or "round" in p.text_en for p in proposals)
    assert len(propose(plan, 50_000_000_000, cap=1)) == 10
    assert sum(p.funded for p in propose(plan, 50_000_000_000, cap=1)) == 5


def test_a_merged_group_is_funded_or_not_as_one_activity(units, commune_planner, year):
    from sedp.plans.rollup import fates as tracing

    plan = tracing.create_commune_plan(units.ea_kao, year, actor=commune_planner)
    items = part2_items(plan)
    canals = [i.need for i in items if i.need.title.startswith("Sửa chữa kênh mương")]
    assert len({n.unit_id for n in canals}) >= 2  # several villages' canals
    activity = tracing.merge(
        plan, canals, actor=commune_planner, reason="Cùng hệ thống kênh", title="Kênh liên buôn"
    )
    group_cost = activity.cost - (activity.contribution_value or 0)
    verdicts = set()
    for budget in range(0, 3_000_000_001, 50_000_000):
        proposals = propose(plan, budget)
        rows = [p for p in proposals if any(i.need in canals for i in p.items)]
        assert len(rows) == 1, budget  # the group is one line of the proposal, not one per village
        row = rows[0]
        assert {i.need for i in row.items} == set(canals) and row.activity == activity
        assert row.public_cost == group_cost
        funded = [p for p in proposals if p.funded]
        assert sum(p.public_cost for p in funded) <= budget
        verdicts.add(row.funded)
    assert verdicts == {True, False}  # some budgets fund the group, smaller ones do not
