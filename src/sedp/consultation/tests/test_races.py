"""Twenty "freeze this draft" at once (a double click, a slow connection pressed again): one draft."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sedp.consultation.models import DraftVersion
from sedp.core.calendar import planning_year
from sedp.places.models import Unit
from sedp.tests.threads import clients, outcomes, race

from .conftest import make_plan

pytestmark = pytest.mark.django_db
N = 20


def test_twenty_identical_freezes_make_one_draft(shared_db):
    planner = get_user_model().objects.get(username="canboxa")
    commune = Unit.objects.get(level="commune", code="24169", is_legacy=False)
    plan = make_plan(commune, planning_year(timezone.localdate()), planner)
    browsers = clients([planner] * N)
    url = f"/consultation/plan/{plan.pk}/drafts/freeze/"

    responses = race(N, lambda i: browsers[i].post(url, {"note": "cho hội nghị góp ý"}))

    assert outcomes(responses) == {302: N}
    assert DraftVersion.objects.filter(plan=plan).count() == 1
