"""The integration of an upper plan into its sources, as an officer uses it: run, read the outcome, change it with
a reason, re-run, compare, apply — and the village reads what became of its need."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sedp.core.runs import RunRecord
from sedp.funding import actions
from sedp.funding.inputs import core_activities
from sedp.funding.models import Allocation, IntegrationRun, Override

from . import world

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def run_once(officer, plan):
    response = officer.post(f"/funding/plan/{plan.pk}/run/")
    assert response.status_code == 302
    return IntegrationRun.objects.filter(plan=plan).order_by("-number").first()


def test_activities_carry_their_village_ranks_type_and_targeting(example, units):
    acts, skipped = core_activities(example.plan)
    by_name = {a.name: a for a in acts}
    assert skipped == []
    road, well = by_name["Bê tông hóa đường buôn"], by_name["Giếng nước sinh hoạt"]
    assert road.village == well.village == str(units.ea_kmat.pk)
    assert (road.village_rank, well.village_rank) == (1, 2)
    assert (road.commune_rank, well.commune_rank) == (1, 2)
    assert road.contribution == 22_000_000 and road.cost == 220_000_000
    assert by_name["Tập huấn chăm sóc cà phê"].type == "technical_service" and road.type == "construction"
    # Buôn Ea Kmát: 96,5 % ethnic minorities, poorer than the commune; Thôn 3: 12,5 %.
    assert road.ethnic_minority and not by_name["Sửa nhà văn hóa"].ethnic_minority
    assert road.commune_name == "Xã Ea Kao" or "Ea Kao" in road.commune_name


def test_running_the_integration_shows_each_source_each_unfunded_reason_and_the_village_check(
    example, officer
):
    run = run_once(officer, example.plan)
    assert run.number == 1 and run.record["rule"]["year"] == world.YEAR
    html = page(officer, f"/funding/plan/{example.plan.pk}/")
    assert "Chương trình mục tiêu quốc gia xây dựng nông thôn mới" in html
    rural = re.search(rf'id="source-{example.rural.pk}".*?</section>', html, re.S).group(0)
    assert "198.000.000 đ" in rural and "Còn lại: 52.000.000 đ" in rural and "Bê tông hóa đường buôn" in rural
    # The hall is not funded, with a sentence an official reads out (no rounds).
    hall = re.search(rf'id="activity-{example.hall.pk}".*?</tr>', html, re.S).group(0)
    assert "Chưa được hỗ trợ năm 2041" in hall and "giữ trong kế hoạch" in hall
    assert "vòng" not in html.lower()
    # Thôn 3 has nothing funded: the 1–2 activities check names it.
    check = re.search(r'id="villages-check".*?</section>', html, re.S).group(0)
    assert "Thôn 3" in check
    assert run_once(officer, example.plan).number == 2


def test_an_override_with_its_reason_is_applied_and_one_that_overspends_is_refused_with_why(example, officer):
    run = run_once(officer, example.plan)
    url = f"/funding/run/{run.pk}/activity/{example.well.pk}/"
    assert "Giếng nước sinh hoạt" in page(officer, url)
    # No reason: a Vietnamese error naming the field, nothing recorded.
    response = officer.post(url, {"action": "unfund", "reason": "  "}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert "“Lý do”" in response.content.decode() and not Override.objects.exists()
    # With a reason: applied.
    response = officer.post(url, {"action": "unfund", "reason": "Buôn xin lùi giếng sang năm 2042"})
    assert response.status_code == 302
    ok = Override.objects.get()
    assert ok.refused == "" and ok.reason == "Buôn xin lùi giếng sang năm 2042"
    # Fund the hall from the commune budget: it needs 150.000.000 đ, the budget has 100.000.000 đ. Refused.
    response = officer.post(
        f"/funding/run/{run.pk}/activity/{example.hall.pk}/",
        {"action": "fund", "source": example.budget.pk, "reason": "Nhà văn hóa xuống cấp nặng"},
    )
    assert response.status_code == 302
    refused = Override.objects.latest("pk")
    assert "chỉ còn 100.000.000 đ" in refused.refused and "150.000.000 đ" in refused.refused
    # From the programme: its rules refuse it (the people bring 6,25 %, not 10 %).
    officer.post(
        f"/funding/run/{run.pk}/activity/{example.hall.pk}/",
        {"action": "fund", "source": example.rural.pk, "reason": "Nhà văn hóa xuống cấp nặng"},
    )
    assert "10 %" in Override.objects.latest("pk").refused
    html = page(officer, f"/funding/plan/{example.plan.pk}/")
    log = re.search(r'id="overrides".*?</section>', html, re.S).group(0)
    assert "đã áp dụng" in log and "không áp dụng được" in log and "chỉ còn 100.000.000 đ" in log
    # The well's sentence quotes the officer's reason.
    well = re.search(rf'id="activity-{example.well.pk}".*?</tr>', html, re.S).group(0)
    assert "Buôn xin lùi giếng sang năm 2042" in well


def test_a_fund_override_needs_a_source(example, officer):
    run = run_once(officer, example.plan)
    response = officer.post(
        f"/funding/run/{run.pk}/activity/{example.hall.pk}/", {"action": "fund", "reason": "cần thiết"}
    )
    assert response.status_code == 200 and "“Nguồn vốn”" in response.content.decode()


def test_the_stored_record_round_trips_and_a_rerun_applies_the_same_overrides(example, province_officer):
    run = actions.run_integration(example.plan, actor=province_officer)
    actions.add_override(
        run, actor=province_officer, activity_id=example.well.pk, action="unfund", source=None,
        reason="Buôn xin lùi giếng",
    )  # fmt: skip
    actions.add_override(
        run, actor=province_officer, activity_id=example.hall.pk, action="fund", source=example.budget,
        reason="Nhà văn hóa xuống cấp",
    )  # fmt: skip
    run.refresh_from_db()
    record = RunRecord.from_json(run.record)
    again = record.to_dict()
    stored = {k: v for k, v in run.record.items() if k != "skipped"}
    assert again == stored
    assert not record.result.funded(str(example.well.pk))
    # Re-run without changes: the same overrides, with the same fates, and the same outcome.
    second = actions.run_integration(example.plan, actor=province_officer, overrides_from=run)
    assert second.number == 2
    copied = list(second.overrides.order_by("pk"))
    assert [(o.activity_id, o.action, o.reason) for o in copied] == [
        (example.well.pk, "unfund", "Buôn xin lùi giếng"),
        (example.hall.pk, "fund", "Nhà văn hóa xuống cấp"),
    ]
    assert [o.refused == "" for o in copied] == [True, False]
    assert second.record["outcome"] == run.record["outcome"]
    # After a change (the commune budget has 150.000.000 đ): the rule funds the hall itself, the officer's
    # "fund it" is refused as already done, and the well stays unfunded as the officer decided.
    example.budget.amount = 150_000_000
    example.budget.save()
    third = actions.run_integration(example.plan, actor=province_officer, overrides_from=second)
    result = RunRecord.from_json(third.record).result
    assert result.funded(str(example.hall.pk)) and not result.funded(str(example.well.pk))
    assert "đã được cấp vốn" in third.overrides.get(activity=example.hall).refused


def test_comparing_two_runs_lists_what_changed_and_the_totals_per_source(example, officer, province_officer):
    first = actions.run_integration(example.plan, actor=province_officer)
    second = actions.run_integration(example.plan, actor=province_officer, overrides_from=first)
    actions.add_override(
        second, actor=province_officer, activity_id=example.well.pk, action="unfund", source=None,
        reason="Buôn xin lùi giếng",
    )  # fmt: skip
    html = page(officer, f"/funding/plan/{example.plan.pk}/compare/", a=1, b=2)
    unfunded = re.search(r'id="newly-unfunded".*?</section>', html, re.S).group(0)
    assert "Giếng nước sinh hoạt" in unfunded
    totals = re.search(r'id="totals".*?</table>', html, re.S).group(0)
    assert "ngân sách xã" in totals.lower() or "Ngân sách xã" in totals
    assert "-81.000.000 đ" in totals or "−81.000.000 đ" in totals


def test_applying_a_run_makes_allocations_and_the_village_page_tells_each_need_its_fate(
    example, officer, province_officer, village_head, commune_planner, units
):
    run = actions.run_integration(example.plan, actor=province_officer)
    response = officer.post(f"/funding/run/{run.pk}/apply/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.applied_at is not None
    paid = {(a.activity_id, a.source_id): a.amount for a in Allocation.objects.all()}
    assert paid[(example.road.pk, example.rural.pk)] == 198_000_000
    assert paid[(example.training.pk, example.recurrent.pk)] == 60_000_000
    assert not any(a == example.hall.pk for a, _s in paid)
    # The village head of Buôn Ea Kmát reads it on the village's page.
    client = Client()
    client.force_login(village_head)
    html = page(client, f"/plans/unit/{units.ea_kmat.pk}/")
    assert "Được cấp vốn từ Chương trình mục tiêu quốc gia xây dựng nông thôn mới, năm 2041" in html
    # Thôn 3, read by the commune planner: not funded this year, and why.
    thon_3 = units.ea_kao.children.get(name="Thôn 3")
    client.force_login(commune_planner)
    html = page(client, f"/plans/unit/{thon_3.pk}/")
    assert "Chưa được cấp vốn năm nay: " in html and "Hoạt động vẫn được giữ trong kế hoạch" in html
    assert "Chưa được hỗ trợ năm 2041" not in html
    # Applying another run replaces the allocations; an applied run takes no more overrides.
    second = actions.run_integration(example.plan, actor=province_officer, overrides_from=run)
    actions.add_override(
        second, actor=province_officer, activity_id=example.road.pk, action="unfund", source=None,
        reason="Đường đã được doanh nghiệp tài trợ",
    )  # fmt: skip
    actions.apply_run(second, actor=province_officer)
    assert not Allocation.objects.filter(activity=example.road).exists()
    run.refresh_from_db()
    assert run.applied_at is None
    response = officer.post(
        f"/funding/run/{second.pk}/activity/{example.well.pk}/", {"action": "unfund", "reason": "x"}
    )
    assert response.status_code == 200 and "đã được áp dụng" in response.content.decode()


def test_moving_to_another_source_is_checked_against_its_rules(example, province_officer):
    run = actions.run_integration(example.plan, actor=province_officer)

    def move_training():
        return actions.add_override(
            run, actor=province_officer, activity_id=example.training.pk, action="move", source=example.budget,
            reason="Giữ vốn sự nghiệp cho lớp tập huấn khác",
        )  # fmt: skip

    # The commune budget pays the well (81.000.000 đ): 19.000.000 đ left, the training needs 60.000.000 đ.
    assert "ngân sách xã chỉ còn 19.000.000 đ, hoạt động cần 60.000.000 đ" in move_training().refused
    actions.add_override(
        run, actor=province_officer, activity_id=example.well.pk, action="unfund", source=None,
        reason="Buôn xin lùi giếng",
    )  # fmt: skip
    assert move_training().refused == ""
    refused = actions.add_override(
        run, actor=province_officer, activity_id=example.road.pk, action="move", source=example.recurrent,
        reason="Thử chuyển nguồn",
    )  # fmt: skip
    assert "vốn sự nghiệp chỉ chi cho hoạt động hỗ trợ kỹ thuật, dịch vụ" in refused.refused
    run.refresh_from_db()
    result = RunRecord.from_json(run.record).result
    assert result.paid[str(example.training.pk)] == ((str(example.budget.pk), 60_000_000),)
    assert result.paid[str(example.road.pk)] == ((str(example.rural.pk), 198_000_000),)


def test_the_village_check_names_a_village_given_more_than_two(example, officer, province_officer, units):
    # Buôn Ea Kmát asks for a third activity: the rule stops at two, an officer funds it anyway.
    _plan, (third,) = world.commune_plan(
        units.ea_kao,
        [("Buôn Ea Kmát", 3, "Sửa máng nước", "construction", 5_000_000, 0)],
        start=50,
        plan=example.commune_plan,
    )
    run = actions.run_integration(example.plan, actor=province_officer)
    html = page(officer, f"/funding/plan/{example.plan.pk}/")
    row = re.search(rf'id="activity-{third.pk}".*?</tr>', html, re.S).group(0)
    assert "mức tối đa 2 hoạt động" in row
    actions.add_override(
        run, actor=province_officer, activity_id=third.pk, action="fund", source=example.budget,
        reason="Máng nước hỏng, cần sửa ngay",
    )  # fmt: skip
    html = page(officer, f"/funding/plan/{example.plan.pk}/")
    over = re.search(r'id="villages-over".*?</ul>', html, re.S).group(0)
    assert "Buôn Ea Kmát" in over
    none = re.search(r'id="villages-none".*?</ul>', html, re.S).group(0)
    assert "Thôn 3" in none and "Buôn Ea Kmát" not in none


def test_a_legacy_district_integrates_its_communes_the_same_way(units):
    from sedp.funding.inputs import core_sources
    from sedp.funding.models import FundingSource
    from sedp.plans.models import Kind, Plan

    commune = units.truong_thi
    district = commune.parent
    world.commune_plan(
        commune,
        [("", 0, "Nạo vét kênh tiêu", "construction", 400_000_000, 40_000_000)],
        year=2039,
    )
    plan = Plan.objects.create(
        unit=district, kind=Kind.DISTRICT_ANNUAL, year_from=2039, year_to=2039, title="Kế hoạch huyện"
    )
    source = FundingSource.objects.create(unit=district, year=2039, kind="investment", amount=500_000_000)
    source.earmarked_units.add(commune)
    officer = get_user_model().objects.get(username="huyen")
    run = actions.run_integration(plan, actor=officer)
    result = RunRecord.from_json(run.record).result
    (activity,) = result.activities
    assert activity.village is None and activity.commune == str(commune.pk)  # commune-wide: no village cap
    assert result.funded(activity.id) and result.spent()[str(source.pk)] == 360_000_000
    # A province source earmarked for a legacy district pays that district's communes.
    province_source = FundingSource.objects.create(unit=district.parent, year=2039, kind="oda", amount=1)
    province_source.earmarked_units.add(district)
    assert str(commune.pk) in core_sources([province_source])[0].units


def test_running_without_sources_or_activities_says_what_is_missing(units, officer):
    plan = world.province_plan(units.daklak)
    response = officer.post(f"/funding/plan/{plan.pk}/run/", follow=True, HTTP_ACCEPT_LANGUAGE="vi")
    assert "chưa có nguồn vốn nào cho năm 2041" in response.content.decode()
    world.example_sources(units.daklak)
    response = officer.post(f"/funding/plan/{plan.pk}/run/", follow=True, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Chưa có xã nào thuộc Tỉnh Đắk Lắk gửi kế hoạch năm 2041" in response.content.decode()
    assert not IntegrationRun.objects.filter(plan=plan).exists()
    # A commune plan has no integration page: its activities are weighed by the commune budget proposal.
    commune_plan, _acts = world.commune_plan(units.ea_kao, world.EXAMPLE)
    assert officer.get(f"/funding/plan/{commune_plan.pk}/").status_code == 404
