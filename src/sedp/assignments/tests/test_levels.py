"""The same assignment one level down and through the legacy structure: Ea Kao assigns to its villages what the
province assigned to it (the road's money to the buôn it was asked by, the latrines' money kept for an activity
of three buôn), and the commune's January milestone is done once every village has its assignment."""

from decimal import Decimal

from django.urls import reverse

from sedp.assignments import actions
from sedp.assignments.models import Assignment, State
from sedp.cycles.models import Milestone
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan

from .conftest import M


def _from_province(world, units, province_officer):
    road_money = 800 * M - (world.road.contribution_value or 0)
    latrine_money = 360 * M - (world.latrines.contribution_value or 0)
    a = actions.save(
        world.province_plan,
        units.ea_kao,
        actor=province_officer,
        budgets=[
            {"source": world.ntm, "activity": world.road, "amount": road_money},
            {"source": world.ntm, "activity": world.latrines, "amount": latrine_money},
            {"source": world.tinh, "amount": 500 * M},
        ],
        targets=[
            {"measure": world.escaped, "name": "Số hộ thoát nghèo", "unit_of_measure": "hộ", "value": 100},
            {"measure": world.clean_water, "name": "Nước sạch", "unit_of_measure": "%", "value": Decimal(85)},
        ],
    )
    actions.explain(
        world.province_plan,
        actions.source_key(world.ntm.pk),
        "Phần còn lại giao đợt 2 cho các xã khác",
        actor=province_officer,
    )
    return actions.issue(a, actor=province_officer), road_money, latrine_money


def test_a_commune_assigns_to_its_villages_what_it_was_assigned(
    client, world, units, province_officer, commune_planner, village_head
):
    _a, road_money, latrine_money = _from_province(world, units, province_officer)
    plan = world.commune_plan
    data = actions.lines(plan)
    received = {r.key: r.received for r in data.received}
    assert received[actions.source_key(world.ntm.pk)] == road_money + latrine_money
    assert received["measure:escaped_poverty"] == 100 and received["measure:clean_water"] == 85
    villages = actions.receiving_units(plan)
    hdrat = next(v for v in villages if v.name == "Buôn H'Drát")
    # The road was asked by Buôn H'Drát alone: its money is proposed to it; the latrines of three buôn are not.
    proposal = actions.propose(plan, hdrat)
    assert [(b["activity"], b["amount"]) for b in proposal.budgets] == [(world.road, road_money)]
    for i, v in enumerate(villages):
        actions.save(
            plan,
            v,
            actor=commune_planner,
            budgets=(proposal.budgets if v == hdrat else [])
            + ([{"source": world.tinh, "amount": 500 * M}] if i == 0 else []),
            targets=[
                {
                    "measure": world.escaped,
                    "name": "Số hộ thoát nghèo",
                    "unit_of_measure": "hộ",
                    "value": 10 + (i == 0) * (100 - 10 * len(villages)),
                },
                {
                    "measure": world.clean_water,
                    "name": "Nước sạch",
                    "unit_of_measure": "%",
                    "value": Decimal(85),
                },
            ],
        )
    result = actions.check(plan)
    assert result.ok, [line.sentence() for line in result.lines]
    ntm = result.line(actions.source_key(world.ntm.pk))
    assert (ntm.handed, ntm.kept) == (
        road_money,
        latrine_money,
    )  # the latrines' money kept for the commune's activity
    client.force_login(commune_planner)
    page = client.get(reverse("assignments:overview", args=[plan.pk])).content.decode()
    assert "Hạn giao kế hoạch: 31/01/" in page and "Giữ lại" in page
    client.post(reverse("assignments:issue_all", args=[plan.pk]))
    assert set(plan.handed_down.values_list("state", flat=True)) == {State.ISSUED}
    done = Milestone.objects.get(cycle=plan.cycle, key="commune_assignment")
    assert done.done_on is not None
    # The village head of Buôn Ea Kmát sees what his buôn was assigned on his home page.
    client.force_login(village_head)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Kế hoạch được giao năm" in home and "Phường Ea Kao giao" in home


def test_a_legacy_province_assigns_to_its_districts(db, units, province_officer):
    """Legacy: the province assigns to its districts (the same functions, the level is data)."""
    ward = units.truong_thi
    district = ward.parent
    province = district.parent
    assert district.level == "district" and province.level == "province"
    plan = Plan.objects.create(
        unit=province, kind=Kind.PROVINCE_ANNUAL, year_from=2010, year_to=2010, state="approved"
    )
    assert district in actions.receiving_units(plan)
    assert all(u.level == "district" for u in actions.receiving_units(plan))
    from sedp.funding.models import FundingSource

    source = FundingSource.objects.create(unit=province, year=2010, kind="investment", amount=300 * M)
    a = actions.save(plan, district, actor=None, budgets=[{"source": source, "amount": 300 * M}], targets=[])
    actions.issue(a, actor=None)
    district_plan = Plan.objects.create(
        unit=district, kind=Kind.DISTRICT_ANNUAL, year_from=2010, year_to=2010, state="adopted"
    )
    received = {r.key: r.received for r in actions.lines(district_plan).received}
    assert received == {actions.source_key(source.pk): 300 * M}
    assert ward in actions.receiving_units(district_plan)
    assert Assignment.objects.get(pk=a.pk).state == State.ISSUED


def test_the_overview_of_a_province_reads_in_few_queries(
    client, world, units, province_officer, django_assert_max_num_queries
):
    for unit in Unit.objects.filter(parent=units.daklak, level="commune", is_legacy=False)[:20]:
        actions.save(
            world.province_plan,
            unit,
            actor=province_officer,
            budgets=[{"source": world.tinh, "amount": 25 * M}],
            targets=[
                {"measure": world.escaped, "name": "Số hộ thoát nghèo", "unit_of_measure": "hộ", "value": 5}
            ],
        )
    client.force_login(province_officer)
    with django_assert_max_num_queries(30):
        r = client.get(reverse("assignments:overview", args=[world.province_plan.pk]))
    assert r.status_code == 200
