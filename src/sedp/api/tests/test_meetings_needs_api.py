"""API v1 meetings and needs: for people with a role (a district pulling its communes' data, a donor project), never
for anonymous callers; attendance by sex without names; each need with what the plans above decided about it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sedp.meetings.models import Attendee, Meeting
from sedp.needs.models import Need
from sedp.places.models import Unit
from sedp.plans.models import Activity, Fate, Kind, NeedLink, Plan

pytestmark = pytest.mark.django_db


def test_meetings_and_needs_are_not_public(client, units):
    assert client.get("/api/v1/meetings/", {"under": units.ea_kao.pk}).json()["count"] == 0
    assert client.get("/api/v1/needs/", {"under": units.ea_kao.pk}).json()["count"] == 0
    need = Need.objects.filter(unit__parent=units.ea_kao).first()
    assert client.get(f"/api/v1/needs/{need.pk}/").status_code == 404


def test_a_commune_reads_its_villages_meetings_with_attendance_by_sex_and_no_names(
    client, commune_planner, units
):
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    meeting = Meeting.objects.filter(unit=ko_tam).order_by("starts_at").first()
    Attendee.objects.create(meeting=meeting, name="H'Hoa Niê", sex="F")
    client.force_login(commune_planner)
    body = client.get("/api/v1/meetings/", {"unit": ko_tam.pk}).json()
    assert body["count"] == Meeting.objects.filter(unit=ko_tam).count() >= 1
    first = next(m for m in body["items"] if m["id"] == meeting.pk)
    assert (first["men"], first["women"], first["attendance"]) == (
        meeting.men,
        meeting.women,
        meeting.men + meeting.women,
    )
    detail = client.get(f"/api/v1/meetings/{meeting.pk}/")
    assert detail.status_code == 200
    assert detail.json()["need_ids"] == list(meeting.needs.order_by("id").values_list("id", flat=True))
    assert "H'Hoa Niê" not in detail.content.decode()
    # Filters: by kind and year; a kind that does not exist is refused.
    kinds = {m["kind"] for m in client.get("/api/v1/meetings/", {"under": units.ea_kao.pk}).json()["items"]}
    one = sorted(kinds)[0]
    only = client.get("/api/v1/meetings/", {"under": units.ea_kao.pk, "kind": one}).json()["items"]
    assert only and {m["kind"] for m in only} == {one}
    assert client.get("/api/v1/meetings/", {"kind": "party"}).status_code == 422
    # Another province's planner sees none of them.
    outsider = client.get("/api/v1/meetings/", {"unit": units.hanoi_commune.pk}).json()
    assert outsider["count"] == 0


def test_a_need_shows_where_it_came_from_and_what_the_commune_decided(
    client, commune_planner, village_head, units
):
    need = Need.objects.filter(unit__parent=units.ea_kao, meeting__isnull=False).order_by("id").first()
    plan = Plan.objects.create(
        unit=units.ea_kao, kind=Kind.COMMUNE_ANNUAL, year_from=2031, year_to=2031, title="Kế hoạch năm 2031"
    )
    act = Activity.objects.create(plan=plan, number="1", title=need.title, cost=300_000_000)
    link = NeedLink.objects.create(plan=plan, need=need, fate=Fate.INCLUDED)
    link.activities.add(act)
    client.force_login(commune_planner)
    body = client.get("/api/v1/needs/", {"unit": need.unit_id}).json()
    row = next(n for n in body["items"] if n["id"] == need.pk)
    assert (row["code"], row["title"], row["meeting_id"]) == (need.code, need.title, need.meeting_id)
    assert row["contribution_value"] == need.contribution_value
    detail = client.get(f"/api/v1/needs/{need.pk}/").json()
    assert detail["fates"] == [
        {
            "plan_id": plan.pk,
            "plan_unit_name": units.ea_kao.name,
            "plan_year": 2031,
            "fate": "included",
            "reason": "",
            "postponed_to": None,
            "referred_to": "",
            "activity_ids": [act.pk],
        }
    ]
    # The village head reads their own village's needs only.
    client.force_login(village_head)
    mine = client.get("/api/v1/needs/", {"under": units.ea_kao.pk}).json()["items"]
    assert {n["unit_id"] for n in mine} <= {units.ea_kmat.pk}
    assert client.get(f"/api/v1/needs/{need.pk}/").status_code == 404


def test_listing_needs_takes_the_same_queries_for_one_village_or_all(client, commune_planner, units):
    client.force_login(commune_planner)
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    counts = []
    for params in ({"under": ko_tam.pk}, {"under": units.ea_kao.pk}):
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/api/v1/needs/", {**params, "limit": 500}).json()
        counts.append((len(ctx.captured_queries), body["count"]))
    assert counts[0][1] < counts[1][1]
    assert counts[0][0] == counts[1][0]
