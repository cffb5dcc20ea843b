"""API v1 plans: open data on what each village asked for and what became of it in the commune plan."""

import pytest

from sedp.core.calendar import planning_year
from sedp.needs.models import Need
from sedp.plans.models import Activity, Fate, Kind, NeedLink, Plan, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    from django.utils import timezone

    return planning_year(timezone.localdate())


def _commune_plan(units, year, state=State.DRAFT):
    plan = Plan.objects.create(
        unit=units.ea_kao, kind=Kind.COMMUNE_ANNUAL, year_from=year, year_to=year, state=state
    )
    needs = list(Need.objects.filter(unit__parent=units.ea_kao, title__startswith="Sửa chữa kênh mương"))
    canal = Activity.objects.create(
        plan=plan, number="1", title="Sửa chữa kênh mương", q2=True, cost=900_000_000
    )
    for need in needs[:2]:
        link = NeedLink.objects.create(plan=plan, need=need, fate=Fate.MERGED, reason="Cùng một tuyến kênh.")
        link.activities.add(canal)
    NeedLink.objects.create(
        plan=plan, need=needs[2], fate=Fate.POSTPONED, reason="Chờ vốn năm sau.", postponed_to=year + 1
    )
    return plan, needs


def test_citizens_read_the_adopted_village_plans_not_the_drafts(client, units, year):
    body = client.get(
        "/api/v1/plans/", {"under": units.ea_kao.pk, "year": year, "kind": "village_annual"}
    ).json()
    assert body["count"] == 5 and {p["state"] for p in body["items"]} == {"adopted"}
    assert "Thôn 2" not in {p["unit_name"] for p in body["items"]}
    plan = body["items"][0]
    detail = client.get(f"/api/v1/plans/{plan['id']}/").json()
    assert len([i for i in detail["items"] if i["part"] == 2]) == 2
    assert all(i["title"] and i["rank"] >= 1 for i in detail["items"])


def test_people_working_on_the_commune_also_read_drafts(client, commune_planner, units, year):
    client.force_login(commune_planner)
    body = client.get(
        "/api/v1/plans/", {"under": units.ea_kao.pk, "year": year, "kind": "village_annual"}
    ).json()
    assert body["count"] == 6 and "draft" in {p["state"] for p in body["items"]}


def test_a_commune_plan_traces_each_activity_to_the_village_needs_and_gives_each_fate(
    client, commune_planner, units, year
):
    plan, needs = _commune_plan(units, year)
    assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 404  # a draft: not public
    client.force_login(commune_planner)
    body = client.get(f"/api/v1/plans/{plan.pk}/").json()
    [canal] = body["activities"]
    assert canal["quarters"] == [2] and canal["cost"] == 900_000_000
    assert {n["need_id"] for n in canal["needs"]} == {needs[0].pk, needs[1].pk}
    assert {n["fate"] for n in canal["needs"]} == {"merged"}
    postponed = next(f for f in body["fates"] if f["fate"] == "postponed")
    assert postponed["reason"] == "Chờ vốn năm sau." and postponed["postponed_to"] == year + 1
    assert postponed["unit_name"] == needs[2].unit.name and postponed["activity_ids"] == []


def test_once_adopted_the_commune_plan_is_open_data(client, units, year):
    plan, _needs = _commune_plan(units, year, state=State.ADOPTED)
    body = client.get(f"/api/v1/plans/{plan.pk}/").json()
    assert len(body["fates"]) == 3


def test_the_detail_takes_a_fixed_number_of_queries(
    client, commune_planner, units, year, django_assert_max_num_queries
):
    plan, needs = _commune_plan(units, year)
    client.force_login(commune_planner)
    client.get(f"/api/v1/plans/{plan.pk}/")
    with django_assert_max_num_queries(9):
        client.get(f"/api/v1/plans/{plan.pk}/")
    for need in Need.objects.filter(unit__parent=units.ea_kao).exclude(links__plan=plan)[:10]:
        link = NeedLink.objects.create(plan=plan, need=need, fate=Fate.INCLUDED)
        link.activities.add(Activity.objects.create(plan=plan, title=need.title))
    with django_assert_max_num_queries(9):
        body = client.get(f"/api/v1/plans/{plan.pk}/").json()
    assert len(body["activities"]) == 11


def test_the_openapi_document_describes_plans(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/plans/", "/api/v1/plans/{plan_id}/"} <= set(doc["paths"])
    assert "fates" in doc["components"]["schemas"]["PlanDetailOut"]["properties"]
