"""Fixtures of the commune-plan tests: the plan year in the making, Ea Kao's draft commune plan, a signed-in
commune planner. A test module may define its own fixture of the same name, which then wins."""

import pytest
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.plans.rollup import fates as tracing


@pytest.fixture
def year():
    return planning_year(timezone.localdate())


@pytest.fixture
def plan(units, commune_planner, year):
    return tracing.create_commune_plan(units.ea_kao, year, actor=commune_planner)


@pytest.fixture
def planner(client, commune_planner):
    client.force_login(commune_planner)
    return client
