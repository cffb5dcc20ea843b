"""Works started from a commune plan's funded activities."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sedp.audit.models import AuditEntry
from sedp.monitoring.actions import (
    hand_to_village,
    meet_milestone,
    milestone_missed,
    record_contribution,
    set_board,
    start_works,
)
from sedp.monitoring.models import BoardKind, MilestoneKind, Work
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


def test_the_peoples_pledge_comes_from_the_villages_plans_and_what_they_gave_is_recorded(
    world, commune_planner
):
    start_works(world.plan, commune_planner)
    road = Work.objects.get(activity=world.road)
    assert (road.pledged_money, road.pledged_labour_days, road.pledged_labour_value) == (40 * M, 500, 75 * M)
    record_contribution(road, commune_planner, money=25 * M, labour_days=320)
    road.refresh_from_db()
    assert (road.realised_money, road.realised_labour_days) == (25 * M, 320)
    with pytest.raises(ValidationError):
        record_contribution(road, commune_planner, money=-1)


def test_boards_by_who_runs_the_work_with_members_by_sex(world, commune_planner, units):
    start_works(world.plan, commune_planner)
    road = Work.objects.get(activity=world.road)
    board = set_board(
        road,
        BoardKind.SUPERVISION_BOARD,
        [
            {"name": "H'Nga Niê", "sex": "female", "role": "Trưởng ban"},
            {"name": "Y Kông Ayun", "sex": "male"},
        ],
        commune_planner,
    )
    assert sorted(board.members.values_list("sex", flat=True)) == ["female", "male"]
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        set_board(road, BoardKind.MANAGEMENT_GROUP, [], commune_planner)
    assert "ban quản lý dự án" in str(refused.value)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        set_board(road, BoardKind.SUPERVISION_BOARD, [{"name": "", "sex": "x"}], commune_planner)
    assert refused.value.message_dict["members"] == [
        "Thành viên 1: nhập họ và tên.",
        "Thành viên 1: chọn nam hoặc nữ.",
    ]
    assert board.members.count() == 2  # nothing lost

    hand_to_village(road, units.ea_kmat, commune_planner)
    set_board(road, BoardKind.MANAGEMENT_GROUP, [{"name": "Y Bhim Mlô", "sex": "male"}], commune_planner)


def test_a_milestone_met_late_or_not_met_after_its_date_is_missed(world, commune_planner):
    start_works(world.plan, commune_planner)
    road = Work.objects.get(activity=world.road)
    today = date(world.plan.year_from, 6, 30)
    started = meet_milestone(
        road,
        MilestoneKind.STARTED,
        commune_planner,
        met_on=date(today.year, 4, 10),
        due=date(today.year, 4, 1),
    )
    handed = meet_milestone(
        road, MilestoneKind.HANDED_OVER, commune_planner, met_on=None, due=date(today.year, 9, 30)
    )
    assert milestone_missed(started, today) and not milestone_missed(handed, today)
    assert milestone_missed(handed, date(today.year, 10, 1))
