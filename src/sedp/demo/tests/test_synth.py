"""`sedp synth`: a small synthetic province is built through the actions, sends its plans up, and is the same for
the same seed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from sedp.demo import synth
from sedp.demo.synth import build_province
from sedp.funding.models import FundingSource
from sedp.opendata.models import Dataset
from sedp.places.models import Unit
from sedp.plans.models import Activity, Kind, NeedLink, Plan, State
from sedp.plans.rollup.aggregation import aggregate
from sedp.plans.rollup.upper import child_activities

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="--jobs > 1 is PostgreSQL's (SQLite has one writer at a time)"
)


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


def _published(province: Unit) -> tuple[list, list]:
    """Every plan's unit, kind and state, and the province's open data (its units' datasets by level, its bulk's
    needs with their fates), without database keys."""
    plans = sorted(
        Plan.objects.filter(unit__path__startswith=province.path).values_list("unit__name", "kind", "state")
    )
    datasets = sorted(
        Dataset.objects.filter(unit__path__startswith=province.path).values_list("unit__level", "bulk")
    )
    bulk = Dataset.objects.get(unit=province, bulk=True)
    needs = sorted(
        (r["unit_name"], r["code"], r["title"], r["fate"], r["reason"], r["activities"])
        for r in bulk.tables["needs"]
    )
    return plans, [datasets, needs]


def test_processes_are_refused_where_they_could_not_see_the_province():
    # The test's transaction (and, on SQLite, its one writer): the workers would not see the province's rows.
    assert synth.default_jobs() == 1
    with pytest.raises(ValidationError, match="--jobs 2"):
        build_province(communes=2, villages_per_commune=1, needs_per_village=2, seed=1, code="R1", jobs=2)
    assert not Unit.objects.filter(level="province", code="R1").exists()


@postgres_only
def test_two_processes_build_the_same_province_as_one(shared_db):
    sizes = {"communes": 5, "villages_per_commune": 2, "needs_per_village": 4, "seed": 11, "waiting": 1}
    one = build_province(**sizes, code="J1", jobs=1)
    two = build_province(**sizes, code="J2", jobs=2)

    assert (two.communes, two.villages, two.needs, two.submitted) == (
        one.communes,
        one.villages,
        one.needs,
        one.submitted,
    )
    assert two.submitted == 4
    assert _signature(two.province) == _signature(one.province)
    assert _published(two.province) == _published(one.province)
    # The bulk holds the needs of the communes that published their plan (2 villages × 4 needs each), not the
    # waiting one's.
    assert len(_published(two.province)[1][1]) == two.submitted * 2 * 4


@postgres_only
def test_a_commune_failing_in_a_worker_stops_the_build_with_its_traceback(shared_db, monkeypatch):
    build_commune_plan = synth.build_commune_plan

    def failing(commune, *args, **kwargs):
        if commune.code == "F10003":
            raise RuntimeError(f"{commune.name} cannot be planned")
        return build_commune_plan(commune, *args, **kwargs)

    monkeypatch.setattr(synth, "build_commune_plan", failing)  # the workers are forked: they have it too
    with pytest.raises(RuntimeError, match="cannot be planned") as failed:
        build_province(communes=4, villages_per_commune=1, needs_per_village=2, seed=5, code="F1", jobs=2)
    assert "in failing" in str(failed.value.__cause__), "the worker's traceback comes with it"
    province = Unit.objects.get(level="province", code="F1")
    # The failed commune's transaction is rolled back: its villages have no plan.
    assert not Plan.objects.filter(unit__parent__code="F10003").exists()
    assert not Plan.objects.filter(unit__path__startswith=province.path, kind=Kind.PROVINCE_ANNUAL).exists()
