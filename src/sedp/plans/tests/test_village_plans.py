"""Village plans as the village and the commune read them: the adoption date, the people's contribution, the score
sheets an adopted plan used, Biểu 3/4 read from a file of another village."""

import pytest

from sedp.needs.tests.village import build
from sedp.plans.tests.test_plans import annual, midterm  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@pytest.fixture
def head_client(client, village_head):
    client.force_login(village_head)
    return client


@pytest.fixture
def village(units, village_head):
    return build(units.ea_kmat, village_head)


def test_a_village_plan_is_dated_by_the_meeting_that_adopted_it(head_client, midterm, village):  # noqa: F811
    # Meeting 2 met on 17/05/2026; the plan was typed in (and adopted in the app) today.
    assert midterm.adopted_on.date().isoformat() == "2026-05-17"
    page = head_client.get(f"/plans/{midterm.pk}/", **VI).content.decode()
    assert "17/05/2026" in page
