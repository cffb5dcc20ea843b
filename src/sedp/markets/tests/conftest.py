"""Ea Kao's draft commune plan for the plan year in the making, made by its planner."""

import pytest
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.plans.rollup import fates as tracing


@pytest.fixture
def plan(units, commune_planner):
    return tracing.create_commune_plan(
        units.ea_kao, planning_year(timezone.localdate()), actor=commune_planner
    )
