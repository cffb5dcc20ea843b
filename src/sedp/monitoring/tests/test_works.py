"""Works started from a commune plan's funded activities."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sedp.audit.models import AuditEntry
from sedp.monitoring.actions import hand_to_village, start_works
from sedp.monitoring.models import Work
from sedp.plans.models import Plan, State

M = 1_000_000


def test_the_funded_activities_become_works_with_their_sources_once(world, commune_planner, units):
    works = start_works(world.plan, commune_planner)
    assert {w.activity for w in works} == {world.road, world.latrines}
    road = Work.objects.get(activity=world.road)
    assert road.unit == units.ea_kao and not road.self_run
    assert [(f.source, f.planned) for f in road.fundings.all()] == [(world.ntm, 700 * M)]
    assert AuditEntry.objects.filter(action="monitoring.start_work", object_id=str(road.pk)).exists()

    assert start_works(world.plan, commune_planner) == []  # again: nothing new, nothing doubled
    assert Work.objects.filter(activity__plan=world.plan).count() == 2


def test_without_allocations_every_activity_with_a_cost_is_followed_as_the_plan_pays_it(
    adopted_plan, commune_planner
):
    works = start_works(adopted_plan, commune_planner)
    assert len(works) == adopted_plan.activities.exclude(cost=None).exclude(cost=0).count() == 4
    canals = Work.objects.get(activity__cost=600 * M)
    [funding] = canals.fundings.all()
    assert funding.source is None and funding.source_name == "Ngân sách phường" and funding.planned == 600 * M


def test_a_draft_plan_starts_no_works_and_a_village_head_starts_none(
    units, commune_planner, village_head, year, world
):
    Plan.objects.filter(pk=world.plan.pk).update(state=State.DRAFT, locked=False)
    world.plan.refresh_from_db()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        start_works(world.plan, commune_planner)
    assert "thông qua" in str(refused.value)
    Plan.objects.filter(pk=world.plan.pk).update(state=State.ADOPTED, locked=True)
    world.plan.refresh_from_db()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        start_works(world.plan, village_head)
    assert not Work.objects.exists()


def test_the_commune_hands_a_work_to_a_village_to_run_itself(world, commune_planner, units):
    start_works(world.plan, commune_planner)
    work = Work.objects.get(activity=world.road)
    hand_to_village(work, units.ea_kmat, commune_planner)
    work.refresh_from_db()
    assert work.unit == units.ea_kmat and work.self_run
    with pytest.raises(ValidationError):
        hand_to_village(work, units.hanoi_commune, commune_planner)
