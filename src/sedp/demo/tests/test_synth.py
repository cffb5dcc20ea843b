"""`sedp synth`: a small synthetic province is built through the actions, sends its plans up, and is the same for
the same seed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sedp.demo.synth import build_province
from sedp.funding.models import FundingSource
from sedp.places.models import Unit
from sedp.plans.models import Activity, Kind, NeedLink, Plan, State
from sedp.plans.rollup.aggregation import aggregate
from sedp.plans.rollup.upper import child_activities

pytestmark = pytest.mark.django_db


def _signature(province: Unit) -> list:
    """What a reader sees of the province, without database keys: units, sizes, needs, fates, activities."""
    out = []
    for commune in Unit.objects.filter(parent=province).order_by("code"):
        villages = Unit.objects.filter(parent=commune).order_by("name")
        out.append((commune.name, commune.kind, commune.households, commune.poor_households))
        for v in villages:
            out.append((v.name, v.kind, v.households, v.population, str(v.ethnic_minority_share)))
            out += list(
                v.needs.order_by("code").values_list("code", "title", "estimated_cost", "proposed_by_women")
            )
        plan = Plan.objects.get(unit=commune, kind=Kind.COMMUNE_ANNUAL)
        out += sorted(
            (link.need.title, link.fate, link.reason)
            for link in NeedLink.objects.filter(plan=plan).select_related("need")
        )
        out += list(
            Activity.objects.filter(plan=plan)
            .order_by("order")
            .values_list("title", "cost", "funding_source", "contribution_value", "responsible")
        )
    return out


def test_a_small_province_sends_its_plans_up_and_is_the_same_for_a_seed():
    built = build_province(communes=3, villages_per_commune=2, needs_per_village=3, seed=11, code="T1")
    province = built.province

    villages = Plan.objects.filter(unit__parent__parent=province, kind=Kind.VILLAGE_ANNUAL)
    assert villages.count() == 6
    assert set(villages.values_list("state", flat=True)) == {State.ADOPTED}
    communes = Plan.objects.filter(unit__parent=province, kind=Kind.COMMUNE_ANNUAL)
    assert list(communes.values_list("state", flat=True)) == [State.SUBMITTED] * 3
    assert all(p.resolution_number.endswith("/NQ-HĐND") for p in communes)
    # Every Part-2 need has its fate, and the activities carry cost and funding source up to the province.
    assert NeedLink.objects.filter(plan__in=communes).count() >= 3
    agg = aggregate(built.province_plan)
    assert (len(agg.sent), len(agg.children)) == (3, 3)
    activities = child_activities(built.province_plan)
    assert activities and all(a.activity.funding_source and a.cost for a in activities)
    assert all(a.needs for a in activities), "each activity is traceable to a village's need"
    sources = FundingSource.objects.filter(unit=province, year=built.year)
    assert sources.count() == 8 and all(s.amount > 0 for s in sources)

    again = build_province(communes=3, villages_per_commune=2, needs_per_village=3, seed=11, code="T2")
    assert _signature(again.province) == _signature(province)
    other = build_province(communes=3, villages_per_commune=2, needs_per_village=3, seed=12, code="T3")
    assert _signature(other.province) != _signature(province)


def test_the_command_builds_a_legacy_province_whose_districts_send_their_plans_up(capsys):
    call_command(
        "synth",
        communes=2,
        villages_per_commune=1,
        needs_per_village=2,
        seed=3,
        legacy_districts=2,
        code="L9",
    )
    out = capsys.readouterr().out
    assert "2 xã, 2 thôn, 4 nhu cầu; 2 xã đã gửi kế hoạch" in out
    province = Unit.objects.get(level="province", code="L9", is_legacy=True)
    assert Unit.objects.filter(parent=province, level="district").count() == 2
    assert (
        Plan.objects.filter(
            unit__parent__parent=province, kind=Kind.COMMUNE_ANNUAL, state=State.SUBMITTED
        ).count()
        == 2
    )
    districts = Plan.objects.filter(unit__parent=province, kind=Kind.DISTRICT_ANNUAL)
    assert list(districts.values_list("state", flat=True)) == [State.SUBMITTED] * 2
    province_plan = Plan.objects.get(unit=province, kind=Kind.PROVINCE_ANNUAL)
    agg = aggregate(province_plan)
    assert (len(agg.sent), len(agg.children)) == (2, 2)
    assert (
        len(child_activities(province_plan))
        == Activity.objects.filter(plan__unit__parent__parent=province).count()
    )
