"""The demo's commune plan in MOP mode: the third commune's plan for the year under way is market-oriented, planned
through its steps with a complete M&E plan, adopted on the People's Council's resolution and sent up."""

import pytest
from django.utils import timezone

from sedp.consultation.models import ProcessStep
from sedp.demo.implementation import build_implementation_demo
from sedp.markets.models import UpgradingActivity
from sedp.plans.logframe import actions as lf
from sedp.plans.meplan.actions import indicators_without_me_row
from sedp.plans.models import Mode, State

pytestmark = pytest.mark.django_db


def test_the_implementation_commune_plans_market_oriented(units, province_officer):
    plan = build_implementation_demo(
        units.daklak, units.ea_kao, timezone.localdate().year, officer=province_officer
    )
    assert plan.mode == Mode.MOP and plan.state == State.SUBMITTED
    # Its title typed as an SEDP's: the document names the plan as source 004 does.
    assert "định hướng thị trường có sự tham gia" in lf.to_core(plan).title
    assert plan.resolution_number and plan.resolution_date
    # Its three targets and the coffee chain's three indicators, each with its row in the M&E plan.
    assert plan.me_rows.count() == plan.indicators.count() == 6
    assert indicators_without_me_row(plan) == []
    assert ProcessStep.objects.filter(plan=plan, done_on__isnull=False).count() == 5
    # The coffee chain's upgrading activities carried in with what the businesses bring.
    carried = UpgradingActivity.objects.filter(chain__plan=plan, business_contribution__gt=0)
    assert carried.count() == 2
    assert all(ua.activity.business_contribution_value == ua.business_contribution for ua in carried)
