"""The commune plan aggregates its villages' adopted annual plans: Biểu 1/2 rolled up by each measure's rule with
"n of N" reporting, Biểu 4 in each village's own order with men's and women's ranks, Biểu 5/6 with totals, the
villages that have not sent with their due dates — in a number of queries that does not grow with the villages."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sedp.accounts.models import RoleGrant
from sedp.core import rollup
from sedp.cycles.models import Milestone
from sedp.demo.villages import build_village_plans
from sedp.needs.models import NeedKind
from sedp.places.models import Unit
from sedp.plans import actions
from sedp.plans.models import Figure, Kind, Part, Plan, PlanItem, State
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import aggregate

pytestmark = pytest.mark.django_db
ADOPTED = ["Buôn H'Drát", "Buôn Kô Tam", "Buôn Kram", "Buôn Ea Kao", "Thôn 1"]
# Villages that stated their figures for the year: the five that adopted their plan and Thôn 2, still drafting.
REPORTING = [*ADOPTED, "Thôn 2"]


def row(rows, key):
    return next(r for r in rows if r.measure.key == key)


def test_it_sums_the_counts_of_the_villages_that_stated_their_figures(plan):
    agg = aggregate(plan)
    assert sorted(c.unit.name for c in agg.sent) == sorted(ADOPTED)
    households = row(agg.form1, "households")
    expected = sum(Unit.objects.get(name=n, parent=plan.unit).households for n in REPORTING)
    assert households.value.value == Decimal(expected)
    # A village's figures count whether or not its plan is adopted yet (Thôn 2 is drafting).
    assert (households.value.reporting, households.value.total) == (6, 9)
    # Each village's own value sits in its column, in the villages' order; the silent ones are empty.
    by_name = dict(zip([c.unit.name for c in agg.children], households.cells, strict=True))
    assert by_name["Thôn 1"][0] == 264 and by_name["Thôn 3"] == (None, None)


def test_the_poverty_rate_is_the_poor_households_over_the_households_and_its_target_too(plan):
    agg = aggregate(plan)
    poverty = row(agg.form2, "poverty_rate")
    figures = Figure.objects.filter(
        unit__in=[c.unit for c in agg.children],
        year=plan.year_from,
        measure__key__in=["poverty_rate", "households", "poor_households"],
    )
    assert len(figures) == 3 * len(REPORTING)
    target = {f.unit_id: f.target for f in figures if f.measure.key == "poverty_rate"}
    poor = {f.unit_id: f.value for f in figures if f.measure.key == "poor_households"}
    hh = {f.unit_id: f.value for f in figures if f.measure.key == "households"}
    # Σ poor households / Σ households, never an average of the villages' rates (0009 made it a percentage).
    exact = Fraction(sum(poor.values())) / Fraction(sum(hh.values())) * 100
    assert poverty.value.exact == exact
    assert poverty.value.value == Decimal(exact.numerator / exact.denominator).quantize(Decimal("0.01"))
    assert (poverty.value.reporting, poverty.value.total) == (6, 9)
    # The villages set a target for the rate only: it applies to their households.
    exact_target = sum(Fraction(target[p]) * Fraction(hh[p]) for p in target) / sum(
        Fraction(hh[p]) for p in target
    )
    assert poverty.target.exact == exact_target
    assert poverty.value.rule == rollup.Rule.PERCENT
    # A measure without targets rolls up to none.
    assert row(agg.form2, "electricity").target.value is None


def test_villages_that_have_not_sent_are_listed_with_the_due_date(plan, year):
    agg = aggregate(plan)
    due = Milestone.objects.get(cycle=plan.cycle, key="village_annual").due_on
    silent = {c.unit.name: c for c in agg.not_sent}
    assert set(silent) == {"Thôn 2", "Buôn Ea Kmát", "Thôn 3", "Thôn Cao Thắng"}
    assert all(c.due_on == due for c in silent.values())
    assert silent["Thôn 2"].draft is not None and silent["Thôn 2"].draft.state == State.DRAFT
    assert silent["Thôn 3"].draft is None
    assert all(c.overdue == (due < timezone.localdate()) for c in silent.values())
    before = aggregate(plan, today=due)
    assert not any(c.overdue for c in before.not_sent)


def test_bieu_4_keeps_each_villages_order_and_its_men_and_women(plan):
    agg = aggregate(plan)
    assert [cn.child.unit.name for cn in agg.by_child] == [c.unit.name for c in agg.children if c.sent]
    assert [c.unit.name for c in agg.children][-3:] == ["Thôn 2", "Thôn 3", "Thôn Cao Thắng"]
    for cn in agg.by_child:
        assert 1 <= cn.part2_count <= actions.PART2_MAX
        assert all(r.part == Part.BUDGET for r in cn.part2) and all(r.part == Part.OWN for r in cn.part1)
        ranks = [r.rank for r in (*cn.part2, *cn.part1)]
        assert [r.rank for r in cn.part2] == sorted(r.rank for r in cn.part2)
        assert [r.rank for r in cn.part1] == sorted(r.rank for r in cn.part1)
        assert len(set(ranks)) == len(ranks)
        assert all(r.men_rank and r.women_rank for r in (*cn.part2, *cn.part1))
    rows = agg.rows
    assert any(r.disagree for r in rows)  # the demo's women rank the latrines far above the men
    for r in rows:
        assert r.disagree == rollup.disagree(
            r.men_rank, r.women_rank, 6 if r.unit.name != "Buôn Kô Tam" else 5
        )


def test_bieu_5_and_6_split_the_needs_that_reached_the_commune_with_totals(plan, commune_planner):
    agg = aggregate(plan)
    # The demo villages ask the budget for their big works only: Biểu 6 holds every Part 2 item.
    assert {r.need.pk for r in agg.investments} == {r.need.pk for cn in agg.by_child for r in cn.part2}
    assert all(r.need.kind == NeedKind.CONSTRUCTION for r in agg.investments)
    assert agg.investments_total.cost == sum(r.need.estimated_cost for r in agg.investments)
    assert agg.investments_total.contribution == sum(r.contribution for r in agg.investments) > 0
    # Biểu 5 lists every technical-support and public-service need of the villages' adopted plans, in Part 1 as
    # well: trainings and extension are the commune's and the district's services whoever pays the rest (source
    # 001). Each sending village has its trainings there (it was empty before).
    trainings = [r for cn in agg.by_child for r in (*cn.part2, *cn.part1) if r.need.kind == NeedKind.SERVICE]
    assert trainings and [r.need.pk for r in agg.services] == [r.need.pk for r in trainings]
    assert {r.unit.name for r in agg.services} == set(ADOPTED)
    assert agg.services_total.cost == sum(r.need.estimated_cost for r in trainings)
    assert agg.services_total.count == len(trainings)
    # A training the team takes up stays there once.
    tracing.include(plan, trainings[0].need, actor=commune_planner)
    again = aggregate(plan)
    assert [r.need.pk for r in again.services] == [r.need.pk for r in trainings]


def test_what_the_village_adopted_counts_not_a_later_draft(plan, units, commune_planner):
    agg = aggregate(plan)
    village = next(cn for cn in agg.by_child if cn.child.unit.name == "Thôn 1")
    adopted = village.child.plan
    draft = actions.new_version(adopted, actor=commune_planner, reason="Bổ sung hoạt động")
    actions.remove_item(draft.items.get(need=village.part2[0].need), actor=commune_planner)
    again = next(cn for cn in aggregate(plan).by_child if cn.child.unit.name == "Thôn 1")
    assert again.child.plan == adopted and again.child.draft == draft
    assert [r.need.pk for r in again.part2] == [r.need.pk for r in village.part2]


def test_a_need_the_village_adopted_counts_even_once_gone_from_its_plans_items(plan):
    """The needs are read through the villages' plan items; one the adopted plan froze but its items no longer
    name is read by its id: what the village adopted is what counts."""
    village = next(cn for cn in aggregate(plan).by_child if cn.child.unit.name == "Thôn 1")
    assert "items" in village.child.plan.snapshot
    PlanItem.objects.filter(plan=village.child.plan, need=village.part2[0].need).delete()
    again = next(cn for cn in aggregate(plan).by_child if cn.child.unit.name == "Thôn 1")
    assert [r.need.pk for r in again.rows] == [r.need.pk for r in village.rows]
    assert again.part2[0].need.title == village.part2[0].need.title


def _commune(units, name, code):
    commune = Unit(level="commune", kind="xa", code=code, name=name, parent=units.daklak)
    commune.save()
    return commune


def _villages(commune, first, n):
    out = []
    for i in range(first, first + n):
        v = Unit(
            level="village",
            kind="thon",
            name=f"Thôn {i}",
            parent=commune,
            households=100 + i,
            population=400 + i,
        )
        v.save()
        out.append(v)
    return out


def _queries(client, urls):
    counts = []
    for url in urls:
        client.get(url)  # warm caches (sessions, content types) so only the page's own queries are counted
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(ctx.captured_queries))
    return counts


def test_the_pages_make_as_many_queries_for_9_villages_as_for_3(
    client, units, commune_planner, village_head, year
):
    commune = _commune(units, "Xã Thử Nghiệm", "99901")
    RoleGrant.objects.create(user=commune_planner, role="commune_planner", unit=commune)
    client.force_login(commune_planner)
    villages = _villages(commune, 1, 3)
    build_village_plans(villages, year, actor=village_head, adopted=2)
    plan = tracing.create_commune_plan(commune, year, actor=commune_planner)
    agg = aggregate(plan)
    tracing.postpone(plan, agg.rows[0].need, actor=commune_planner, reason="Chờ vốn năm sau")
    tracing.include(plan, agg.rows[1].need, actor=commune_planner)
    urls = [
        f"/plans/{plan.pk}/rollup/",
        f"/plans/{plan.pk}/rollup/needs/",
        f"/plans/{plan.pk}/rollup/bieu.xlsx",
    ]
    small = _queries(client, urls)

    more = _villages(commune, 4, 6)
    build_village_plans(more, year, actor=village_head, adopted=5)
    agg = aggregate(plan)
    assert len(agg.children) == 9 and len(agg.sent) == 7
    for r in agg.pending[:4]:
        tracing.include(plan, r.need, actor=commune_planner)
    large = _queries(client, urls)
    assert large == small, (small, large)
    # The workbook: 25 (the needs' sectors read once, not one copy per need; the province once, not per sheet).
    assert max(small) <= 26


def test_a_plan_without_villages_or_cycle_still_aggregates(units, commune_planner):
    commune = _commune(units, "Xã Trống", "99902")
    plan = tracing.create_commune_plan(commune, 2040, actor=commune_planner)
    agg = aggregate(plan)
    assert agg.children == [] and agg.by_child == [] and agg.pending == []
    assert all(r.value.value is None and r.value.total == 0 for r in agg.form1)
    assert plan.kind == Kind.COMMUNE_ANNUAL and plan.cycle is None
    assert Plan.objects.filter(unit=commune).count() == 1
