import pytest

from . import world


@pytest.fixture
def example(units):
    """Dak Lak's province plan for 2041 over Ea Kao's adopted plan (the worked example's four activities) and the
    three sources."""
    commune_plan, activities = world.commune_plan(units.ea_kao, world.EXAMPLE)
    plan = world.province_plan(units.daklak)
    rural, recurrent, budget = world.example_sources(units.daklak)

    class E:
        pass

    e = E()
    e.plan, e.commune_plan = plan, commune_plan
    e.road, e.well, e.training, e.hall = activities
    e.rural, e.recurrent, e.budget = rural, recurrent, budget
    return e


@pytest.fixture
def officer(client, province_officer):
    client.force_login(province_officer)
    return client
