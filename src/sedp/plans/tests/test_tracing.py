"""Every need that reached the commune plan ends in exactly one state — included, merged, postponed, referred or
not included — every state but "included" with a reason; activities trace back to the needs they came from; the
village reads what became of each of its needs."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sedp.audit.models import AuditEntry
from sedp.needs.actions import create_need
from sedp.needs.models import Need, NeedKind, Sector
from sedp.places.models import Unit
from sedp.plans.models import Activity, Fate, Kind, NeedLink, Plan, PlanItem, State
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import aggregate

pytestmark = pytest.mark.django_db


@pytest.fixture
def agg(plan):
    return aggregate(plan)


def part2(agg, village):
    return next(cn for cn in agg.by_child if cn.child.unit.name == village).part2


def canals(agg):
    """The canal repairs several villages asked for: the commune merges them."""
    return [r.need for r in agg.candidates if r.need.title.startswith("Sửa chữa kênh mương")]


def test_it_creates_the_commune_plan_once_a_year(units, commune_planner, year):
    plan = tracing.create_commune_plan(units.ea_kao, year, actor=commune_planner)
    assert (plan.kind, plan.state, plan.year_from, plan.year_to) == (
        Kind.COMMUNE_ANNUAL,
        State.DRAFT,
        year,
        year,
    )
    assert plan.title == f"Kế hoạch phát triển kinh tế - xã hội năm {year}"
    assert plan.cycle is not None and plan.cycle.plan_year == year
    assert AuditEntry.objects.filter(action="plans.create_commune_plan", object_id=str(plan.pk)).exists()
    with pytest.raises(ValidationError) as exc:
        tracing.create_commune_plan(units.ea_kao, year, actor=commune_planner)
    assert exc.value.message_dict["year"] == [f"Phường Ea Kao đã có kế hoạch năm {year}."]
    with pytest.raises(ValidationError):
        tracing.create_commune_plan(units.ea_kmat, year, actor=commune_planner)


def test_including_a_need_makes_an_activity_from_it(plan, agg, commune_planner):
    need = part2(agg, "Thôn 1")[0].need
    link = tracing.include(plan, need, actor=commune_planner)
    activity = link.activities.get()
    assert (activity.plan, activity.title, activity.sector, activity.cost) == (
        plan,
        need.title,
        need.sector,
        need.estimated_cost,
    )
    assert activity.contribution_value == need.contribution_value
    assert "ngày công" in activity.people_contribution
    assert link.item == PlanItem.objects.get(
        plan__kind=Kind.VILLAGE_ANNUAL, plan__state=State.ADOPTED, need=need
    )
    assert link.fate == Fate.INCLUDED and link.reason == "" and link.decided_by == commune_planner
    entry = AuditEntry.objects.filter(action="plans.decide_need", object_id=str(plan.pk)).latest("id")
    assert entry.before is None and entry.after["fate"] == "included"
    # A second need joins that activity rather than making another.
    other = part2(agg, "Buôn Kram")[0].need
    tracing.include(plan, other, actor=commune_planner, activity=activity)
    assert set(activity.need_links.values_list("need", flat=True)) == {need.pk, other.pk}
    assert plan.activities.count() == 1


def test_similar_needs_of_several_villages_merge_into_one_activity(plan, agg, commune_planner):
    needs = canals(agg)
    assert len(needs) >= 2
    activity = tracing.merge(
        plan,
        needs,
        actor=commune_planner,
        reason="Cùng một hệ thống kênh",
        title="Sửa chữa kênh mương liên buôn",
    )
    assert activity.title == "Sửa chữa kênh mương liên buôn"
    assert activity.cost == sum(n.estimated_cost for n in needs)
    assert activity.contribution_value == sum(n.contribution_value for n in needs)
    links = NeedLink.objects.filter(plan=plan, need__in=needs)
    assert links.count() == len(needs)
    assert {(link.fate, link.reason) for link in links} == {(Fate.MERGED, "Cùng một hệ thống kênh")}
    assert all(list(link.activities.all()) == [activity] for link in links)


def test_a_merge_needs_a_reason_and_two_needs(plan, agg, commune_planner):
    needs = canals(agg)
    with pytest.raises(ValidationError) as exc:
        tracing.merge(plan, needs, actor=commune_planner, reason="  ")
    assert "“Lý do”" in exc.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as exc:
        tracing.merge(plan, needs[:1], actor=commune_planner, reason="x")
    assert "needs" in exc.value.message_dict
    assert not NeedLink.objects.filter(plan=plan).exists() and not plan.activities.exists()


def test_one_need_splits_into_several_activities(plan, agg, commune_planner):
    road = next(r.need for r in agg.candidates if r.need.title.startswith("Bê tông hóa"))
    parts = [("Bê tông hóa đoạn 1", 400_000_000), ("Bê tông hóa đoạn 2", 400_000_000)]
    activities = tracing.split(plan, road, actor=commune_planner, parts=parts)
    assert [a.title for a in activities] == ["Bê tông hóa đoạn 1", "Bê tông hóa đoạn 2"]
    link = NeedLink.objects.get(plan=plan, need=road)
    assert link.fate == Fate.INCLUDED and set(link.activities.all()) == set(activities)
    assert (
        activities[0].contribution_value == road.contribution_value
        and activities[1].contribution_value is None
    )
    with pytest.raises(ValidationError) as exc:
        tracing.split(plan, road, actor=commune_planner, parts=[("Một đoạn", None), ("", 5)])
    assert "parts" in exc.value.message_dict


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda p, n, u: tracing.postpone(p, n, actor=u, reason=""), "reason"),
        (lambda p, n, u: tracing.refer(p, n, actor=u, reason="", to="Chương trình 1719"), "reason"),
        (lambda p, n, u: tracing.not_include(p, n, actor=u, reason=" "), "reason"),
        (lambda p, n, u: tracing.refer(p, n, actor=u, reason="Đúng đối tượng", to=""), "referred_to"),
        (lambda p, n, u: tracing.postpone(p, n, actor=u, reason="x", year=2020), "postponed_to"),
        (lambda p, n, u: tracing.decide(p, n, actor=u, fate="merged", reason="x"), "activity"),
    ],
)
def test_every_fate_but_included_needs_a_reason(plan, agg, commune_planner, call, field):
    need = part2(agg, "Buôn Kô Tam")[0].need
    with pytest.raises(ValidationError) as exc:
        call(plan, need, commune_planner)
    assert field in exc.value.message_dict
    assert not NeedLink.objects.filter(plan=plan, need=need).exists()


def test_the_reason_message_is_vietnamese_and_names_the_field(plan, agg, commune_planner):
    need = part2(agg, "Buôn Kô Tam")[0].need
    with pytest.raises(ValidationError) as exc:
        tracing.postpone(plan, need, actor=commune_planner, reason="")
    assert exc.value.message_dict["reason"] == [f"Cần ghi “Lý do”: vì sao “{need}” hoãn sang năm sau."]


def test_the_database_refuses_a_second_link_or_a_missing_reason(plan, agg, commune_planner):
    need = part2(agg, "Buôn Kô Tam")[0].need
    tracing.postpone(plan, need, actor=commune_planner, reason="Chờ vốn")
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedLink.objects.create(plan=plan, need=need, fate=Fate.INCLUDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedLink.objects.filter(plan=plan, need=need).update(reason="")


def test_a_decision_can_change_while_the_plan_is_editable(plan, agg, commune_planner, year):
    need = part2(agg, "Buôn Kram")[0].need
    link = tracing.include(plan, need, actor=commune_planner)
    made = link.activities.get()
    link = tracing.postpone(plan, need, actor=commune_planner, reason="Vốn năm nay đã hết")
    assert (link.fate, link.postponed_to, link.reason) == (Fate.POSTPONED, year + 1, "Vốn năm nay đã hết")
    assert not link.activities.exists()
    assert not Activity.objects.filter(pk=made.pk).exists()  # made from that need alone: it goes with it
    assert NeedLink.objects.filter(plan=plan, need=need).count() == 1
    assert AuditEntry.objects.filter(action="plans.remove_activity", object_id=str(plan.pk)).exists()
    link = tracing.refer(plan, need, actor=commune_planner, reason="Đúng đối tượng", to="Chương trình 1719")
    assert (link.fate, link.referred_to, link.postponed_to) == (Fate.REFERRED, "Chương trình 1719", None)


def test_an_activity_stays_while_another_need_still_feeds_it(plan, agg, commune_planner):
    needs = canals(agg)
    activity = tracing.merge(plan, needs, actor=commune_planner, reason="Cùng hệ thống")
    tracing.not_include(plan, needs[0], actor=commune_planner, reason="Đã có dự án khác làm")
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert needs[0].pk not in set(activity.need_links.values_list("need", flat=True))


def test_no_decision_once_the_plan_is_adopted(plan, agg, commune_planner):
    need = part2(agg, "Buôn Kram")[0].need
    Plan.objects.filter(pk=plan.pk).update(state=State.ADOPTED, locked=True)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        tracing.include(plan, need, actor=commune_planner)
    assert "không thể thay đổi" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        tracing.merge(plan, canals(agg), actor=commune_planner, reason="x")


def test_a_need_that_did_not_reach_the_plan_is_refused(plan, units, commune_planner, year):
    # Thôn 2's plan is still a draft; a need of another commune never reaches this one.
    draft_need = (
        PlanItem.objects.filter(plan__unit__name="Thôn 2", plan__kind=Kind.VILLAGE_ANNUAL).first().need
    )
    with pytest.raises(ValidationError) as exc:
        tracing.include(plan, draft_need, actor=commune_planner)
    assert "chưa có trong kế hoạch đã thông qua" in exc.value.message_dict["need"][0]
    elsewhere = Unit.objects.create(level="village", kind="thon", name="Thôn Xa", parent=units.hanoi_commune)
    stranger = create_need(elsewhere, actor=commune_planner, title="Đường")
    with pytest.raises(ValidationError):
        tracing.include(plan, stranger, actor=commune_planner)


def test_pending_needs_are_the_undecided_part_2_and_commune_needs(plan, agg, units, commune_planner):
    part2_needs = [r.need for cn in agg.by_child for r in cn.part2]
    assert tracing.pending_needs(plan) == part2_needs
    assert tracing.undecided_count(plan) == len(part2_needs)
    tracing.include(plan, part2_needs[0], actor=commune_planner)
    own = create_need(
        units.ea_kao,
        actor=commune_planner,
        title="Xây trường mầm non trung tâm",
        sector=Sector.objects.filter(unit__isnull=True).first(),
        kind=NeedKind.CONSTRUCTION,
        estimated_cost=2_000_000_000,
    )
    assert tracing.undecided_count(plan) == len(part2_needs)
    assert tracing.pending_needs(plan)[-1] == own
    tracing.include(plan, own, actor=commune_planner)  # the commune's own need feeds its own activity
    for need in part2_needs[1:]:
        tracing.not_include(plan, need, actor=commune_planner, reason="Ngoài khả năng ngân sách")
    assert tracing.undecided_count(plan) == 0


def test_a_commune_need_postponed_last_year_comes_back(units, commune_planner, year):
    old = tracing.create_commune_plan(units.ea_kao, year - 1, actor=commune_planner)
    own = create_need(
        units.ea_kao, actor=commune_planner, title="Nâng cấp chợ xã", kind=NeedKind.CONSTRUCTION
    )
    gone = create_need(
        units.ea_kao, actor=commune_planner, title="Sơn lại trụ sở", kind=NeedKind.CONSTRUCTION
    )
    tracing.postpone(old, own, actor=commune_planner, reason="Chờ quy hoạch")
    tracing.not_include(old, gone, actor=commune_planner, reason="Không cần thiết")
    plan = tracing.create_commune_plan(units.ea_kao, year, actor=commune_planner)
    pending = tracing.pending_needs(plan)
    assert own in pending and gone not in pending


def test_a_village_reads_the_fate_of_each_of_its_needs(plan, agg, commune_planner, units, year):
    village = Unit.objects.get(name="Buôn Kô Tam", parent=units.ea_kao)
    fates = tracing.fates_for_unit(village, year)
    assert fates.plan == plan and fates.rows
    assert all(r.link is None and r.fate_label == "chưa quyết định" for r in fates.rows)
    assert [r.part for r in fates.rows][:2] == [2, 2]
    first = fates.rows[0].need
    tracing.postpone(plan, first, actor=commune_planner, reason="Ngân sách xã năm nay đã phân bổ hết")
    fates = tracing.fates_for_unit(village, year)
    assert (fates.rows[0].fate_label, fates.rows[0].reason) == (
        "hoãn sang năm sau",
        "Ngân sách xã năm nay đã phân bổ hết",
    )
    # Before the commune starts its plan, or for a village that sent nothing, there is nothing to show.
    assert tracing.fates_for_unit(village, year + 5).rows == []
    assert tracing.fates_for_unit(units.ea_kmat, year).rows == []
    hidden = tracing.fates_for_unit(village, year, plans=Plan.objects.none())
    assert hidden.plan is None and all(r.link is None for r in hidden.rows)


def test_the_fates_are_the_same_need_objects_the_village_ranked(plan, agg):
    assert all(isinstance(r.need, Need) for r in agg.rows)
