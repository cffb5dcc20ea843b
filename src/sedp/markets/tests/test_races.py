"""Double submissions on a plan's value chains: twenty identical requests released together on a database the
threads really share (`shared_db`). Nothing is made twice and nobody gets a server error."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.markets import actions
from sedp.markets.models import Candidate, PriceObservation, ValueChain
from sedp.places.models import Unit
from sedp.plans.models import Activity, Indicator, Objective
from sedp.plans.rollup import fates as tracing
from sedp.tests.threads import clients, outcomes, race

pytestmark = pytest.mark.django_db
N = 20


def _plan_and_planner():
    planner = get_user_model().objects.get(username="canboxa")
    commune = Unit.objects.get(level="commune", code="24169", is_legacy=False)
    return tracing.create_commune_plan(commune, planning_year(timezone.localdate()), actor=planner), planner


def test_twenty_carries_at_once_put_the_chain_into_the_plan_once(shared_db):
    from sedp.demo.markets import build_chain

    plan, planner = _plan_and_planner()
    build_chain(plan, planner, date(2027, 5, 15))
    chain = ValueChain.objects.get(plan=plan)
    chain.activities.update(cost=1_000_000)  # changed since it was carried: each request would update it
    before = Activity.objects.filter(plan=plan).count()
    browsers = clients([planner] * N)

    responses = race(N, lambda i: browsers[i].post(f"/markets/chains/{chain.pk}/carry/"))

    assert outcomes(responses) == {302: N}
    assert Activity.objects.filter(plan=plan).count() == before
    assert set(
        Activity.objects.filter(plan=plan, from_value_chain__chain=chain).values_list("cost", flat=True)
    ) == {1_000_000}
    assert Objective.objects.filter(plan=plan, text__contains="cà phê").count() == 1
    assert Indicator.objects.filter(plan=plan, from_value_chain__chain=chain).count() == 3


def test_twenty_identical_candidates_and_choices_make_one_each(shared_db):
    plan, planner = _plan_and_planner()
    browsers = clients([planner] * N)

    responses = race(
        N, lambda i: browsers[i].post(f"/markets/plan/{plan.pk}/candidates/", {"product": "Mắc ca"})
    )

    assert set(outcomes(responses)) <= {302, 422} and outcomes(responses)[302] == 1
    cand = Candidate.objects.get(plan=plan, product__name="Mắc ca")
    responses = race(N, lambda i: browsers[i].post(f"/markets/candidates/{cand.pk}/choose/"))
    assert outcomes(responses) == {302: N}
    assert ValueChain.objects.filter(candidate=cand).count() == 1
    assert actions.criteria_of(plan)  # the defaults written once
    assert plan.chain_criteria.count() == 7


def test_twenty_sendings_of_one_price_form_record_the_price_once(shared_db):
    """A village head's double tap on a slow line: the same price form (its one-time token) sent twenty times at
    once records one price; the same price typed again on a fresh form is a second observation."""
    import re

    planner = get_user_model().objects.get(username="canboxa")
    commune = Unit.objects.get(level="commune", code="24169", is_legacy=False)
    browsers = clients([planner] * N)
    page = browsers[0].get(f"/markets/unit/{commune.pk}/prices/").content.decode()
    token = re.search(r'name="submission" value="([0-9a-f]+)"', page).group(1)
    form = {
        "observed_on": "02/03/2027",
        "product": "Sầu riêng",
        "market": "Chợ Ea Kao",
        "stage": "production",
        "measure": "kg",
        "price": "61.000",
        "source": "Cán bộ khuyến nông",
        "submission": token,
    }
    durian = PriceObservation.objects.filter(unit=commune, product__name="Sầu riêng")

    responses = race(N, lambda i: browsers[i].post(f"/markets/unit/{commune.pk}/prices/add/", form))

    assert outcomes(responses) == {302: N}
    assert durian.count() == 1
    browsers[0].post(f"/markets/unit/{commune.pk}/prices/add/", {**form, "submission": "0" * 32})
    assert durian.count() == 2
