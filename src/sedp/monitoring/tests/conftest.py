"""Ea Kao's commune plan, adopted, with two of its activities funded by the province's new-rural source."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.funding.models import Allocation, FundingSource
from sedp.plans.models import Activity, Plan, State

M = 1_000_000


@dataclass
class World:
    plan: Plan
    ntm: FundingSource
    road: Activity
    latrines: Activity


@pytest.fixture
def year():
    return planning_year(timezone.localdate())


@pytest.fixture
def adopted_plan(units, commune_planner, year):
    from sedp.demo.ea_kao_plan import make_ea_kao_plan

    plan = make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)
    Plan.objects.filter(pk=plan.pk).update(state=State.ADOPTED, locked=True)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def world(units, adopted_plan, year):
    ntm = FundingSource.objects.create(unit=units.daklak, year=year, kind="ntp_rural", amount=1500 * M)
    road = adopted_plan.activities.get(cost=800 * M)
    latrines = adopted_plan.activities.get(cost=360 * M)
    Allocation.objects.create(activity=road, source=ntm, amount=700 * M)
    Allocation.objects.create(activity=latrines, source=ntm, amount=300 * M)
    return World(adopted_plan, ntm, road, latrines)
