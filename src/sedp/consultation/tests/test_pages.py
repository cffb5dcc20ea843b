"""Every consultation page opens for the planner and for the village head (who reads), stays small, and shows no
form to someone who may not write."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sedp.consultation import actions
from sedp.places.models import Unit

from .conftest import VI, at, to_revised

pytestmark = pytest.mark.django_db


def urls(plan, village):
    base = f"/consultation/plan/{plan.pk}/"
    return [
        base,
        base + "team/",
        *(f"{base}step/{n}/" for n in range(1, 7)),
        base + "drafts/",
        base + "drafts/1/",
        base + "drafts/?a=1&b=2",
        base + "comments/",
        base + "comments/?status=pending&version=1",
        f"{base}village/{village.pk}/",
    ]


@pytest.fixture
def busy_plan(plan, commune_planner, units):
    actions.add_member(plan, actor=None, name="Ông Y Kông", role="leader")
    actions.propose_schedule(plan, actor=None)
    actions.hold_meeting(plan, 1, actor=None, starts_at=at(date(2026, 6, 1)))
    plan = to_revised(plan, commune_planner)
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    actions.create_voter_contacts(plan, [(ko_tam, at(date(2026, 6, 15), 19))], actor=None)
    actions.add_comment(
        plan.draft_versions.get(number=2),
        actor=None,
        author_name="Cử tri",
        text="Ý kiến",
        venue="village",
        village=ko_tam,
    )
    return plan, ko_tam


def test_every_page_opens_for_the_planner_small_and_in_few_queries(busy_plan, client, commune_planner):
    plan, village = busy_plan
    client.force_login(commune_planner)
    for url in urls(plan, village):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **VI)
        assert response.status_code == 200, url
        assert len(response.content) < 40_000, (url, len(response.content))
        assert len(ctx.captured_queries) <= 25, (url, len(ctx.captured_queries))
        assert '<form method="post"' in response.content.decode() or url.endswith("/drafts/1/"), url


def test_the_village_head_reads_every_page_without_a_write_form(busy_plan, client, village_head):
    plan, village = busy_plan
    client.force_login(village_head)
    for url in urls(plan, village):
        response = client.get(url, **VI)
        assert response.status_code == 200, url
        assert 'method="post" action="/consultation/' not in response.content.decode(), url


def test_a_village_plan_has_no_consultation_pages(client, commune_planner, units):
    from sedp.plans.models import Kind, Plan

    village_plan = Plan.objects.filter(unit__parent=units.ea_kao, kind=Kind.VILLAGE_ANNUAL).first()
    client.force_login(commune_planner)
    assert client.get(f"/consultation/plan/{village_plan.pk}/").status_code == 404
