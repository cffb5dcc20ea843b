"""The logframe of a commune plan: the rows ↔ LogframePlan mapping (the Trường Thi 2010 plan goes in and comes back
out field by field), and the editing actions — audited, refused with a Vietnamese message naming the field, and
refused altogether once the plan is adopted."""

from dataclasses import fields, replace
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Max

from sedp.audit.models import AuditEntry
from sedp.core.logframe import smart_warnings
from sedp.demo.truong_thi_2010 import PLAN
from sedp.needs.models import Sector
from sedp.plans.logframe import actions as lf
from sedp.plans.models import Activity, Kind, Plan, State

pytestmark = pytest.mark.django_db


def new_plan(unit, year=2010, **kw) -> Plan:
    top = Plan.objects.filter(unit=unit, kind=Kind.COMMUNE_ANNUAL, year_from=year).aggregate(v=Max("version"))
    return Plan.objects.create(
        unit=unit,
        kind=Kind.COMMUNE_ANNUAL,
        year_from=year,
        year_to=year,
        version=(top["v"] or 0) + 1,
        **kw,
    )


@pytest.fixture
def truong_thi(units, commune_planner):
    return lf.load_core(new_plan(units.truong_thi), PLAN, actor=commune_planner)


@pytest.fixture
def draft(units):
    """An empty draft commune plan of Phường Ea Kao."""
    return new_plan(units.ea_kao, 2031)


def messages(exc: ValidationError) -> dict:
    return exc.value.message_dict


# --- the mapping ----------------------------------------------------------------------------------------------


def test_it_round_trips_the_truong_thi_plan_field_by_field(truong_thi):
    back = lf.to_core(truong_thi)
    assert back.draft  # loaded into a draft plan: its document says "DỰ THẢO" until the plan is adopted
    back = replace(back, draft=False)
    for f in fields(PLAN):
        assert getattr(back, f.name) == getattr(PLAN, f.name), f.name
    assert back == PLAN
    assert len(back.activities) == 19 and len(back.results) == 4


def test_the_round_trip_keeps_the_two_smart_warnings(truong_thi):
    assert [w.code for w in smart_warnings(lf.to_core(truong_thi))] == ["target_no_number", "target_no_unit"]


def test_names_come_from_the_unit(units, draft):
    assert lf.unit_names(units.truong_thi) == ("phường Trường Thi", "UBND phường Trường Thi", "Trường Thi")
    assert lf.unit_names(units.ea_kao) == ("phường Ea Kao", "UBND phường Ea Kao", "Ea Kao")
    core = lf.to_core(draft)
    assert core.title == "Phát triển kinh tế - xã hội năm 2031"
    assert (core.place, core.signer_title, core.symbol, core.sectors) == ("Ea Kao", "CHỦ TỊCH", "KH-UBND", ())


def test_sectors_are_numbered_in_sector_order_and_budget_lines_sum_every_activity(draft, commune_planner):
    education, economy = Sector.objects.get(order=2, unit=None), Sector.objects.get(order=1, unit=None)
    o_edu = lf.add_objective(
        draft, actor=commune_planner, text="Nâng cao chất lượng giáo dục", sector=education
    )
    o_eco = lf.add_objective(draft, actor=commune_planner, text="Tăng thu nhập", sector=economy)
    r_edu = lf.add_result(draft, actor=commune_planner, objective=o_edu, output="Trường được sửa")
    r_eco = lf.add_result(draft, actor=commune_planner, objective=o_eco, output="Kênh được sửa")
    for result, cost, source in ((r_edu, 100, "Ngân sách xã"), (r_eco, 50, "Vay ngân hàng"), (r_eco, 7, "")):
        lf.add_activity(
            draft, actor=commune_planner, title="Làm", result=result, cost=cost, funding_source=source
        )
    lf.add_activity(draft, actor=commune_planner, title="Chưa gắn kết quả", cost=1000)
    core = lf.to_core(draft)
    assert [(s.number, s.name) for s in core.sectors] == [("I", economy.name), ("II", education.name)]
    assert [(b.source, b.amount) for b in core.budget_lines] == [
        ("Ngân sách xã", 100),
        ("Vay ngân hàng", 50),
        # issue 10: an activity not yet under a result is in the plan, its document and its totals
        ("Chưa xác định nguồn vốn", 1007),
    ]
    assert [a.title for a in core.other_activities] == ["Chưa gắn kết quả"]
    assert core.computed_total == core.printed_total == 1157


def test_to_core_makes_a_fixed_number_of_queries(
    truong_thi, draft, django_assert_num_queries, commune_planner
):
    small = Plan.objects.select_related("unit").get(pk=draft.pk)
    lf.add_activity(small, actor=commune_planner, title="Một hoạt động")
    big = Plan.objects.select_related("unit").get(pk=truong_thi.pk)
    # five for the logframe, one for the needs' fates (the annex; their activities only when there are fates)
    with django_assert_num_queries(6):
        lf.to_core(small)
    with django_assert_num_queries(6):
        lf.to_core(big)


def test_load_core_refuses_an_adopted_plan(truong_thi, commune_planner):
    Plan.objects.filter(pk=truong_thi.pk).update(state=State.ADOPTED, locked=True)
    with pytest.raises(ValidationError) as exc:
        lf.load_core(truong_thi, PLAN, actor=commune_planner)
    assert exc.value.messages == ["Kế hoạch đang ở trạng thái “đã thông qua”: không thể sửa nội dung nữa."]


def test_core_json_is_json_safe(truong_thi):
    import json

    data = lf.core_json(lf.to_core(truong_thi))
    assert json.loads(json.dumps(data))["sectors"][0]["objectives"][0]["results"][0]["activities"][5][
        "quarters"
    ] == [
        2,
        3,
        4,
    ]


# --- editing --------------------------------------------------------------------------------------------------


def test_it_edits_the_header_and_audits_it(draft, commune_planner):
    lf.update_header(
        draft,
        actor=commune_planner,
        title="Phát triển kinh tế - xã hội năm 2031",
        subtitle="(Lĩnh vực kinh tế)",
        doc_number="12",
        doc_date=date(2031, 1, 20),
        total_budget=5_000_000_000,
        revenue=1_000_000_000,
        signer_name="Trần Văn Nam",
        recipients="UBND tỉnh Đắk Lắk\n\n  Lưu: VT  ",
    )
    draft.refresh_from_db()
    core = lf.to_core(draft)
    assert (core.title, core.subtitle, core.number, core.date) == (
        "Phát triển kinh tế - xã hội năm 2031",
        "(Lĩnh vực kinh tế)",
        "12",
        date(2031, 1, 20),
    )
    assert core.recipients == ("UBND tỉnh Đắk Lắk", "Lưu: VT")
    entry = AuditEntry.objects.filter(action="plans.logframe.header").latest("id")
    assert entry.actor == commune_planner and entry.after["doc_number"] == "12"


def test_the_header_refuses_bad_input_naming_the_field(draft, commune_planner):
    with pytest.raises(ValidationError) as exc:
        lf.update_header(draft, actor=commune_planner, title="  ")
    assert messages(exc) == {"title": ["Cần nhập “Trích yếu”."]}
    with pytest.raises(ValidationError) as exc:
        lf.update_header(draft, actor=commune_planner, title="KH", total_budget="nhiều")
    assert messages(exc)["total_budget"] == [
        "“Tổng kế hoạch ngân sách (đồng)”: hãy nhập số tiền bằng đồng, ví dụ 17.052.000.000."
    ]
    with pytest.raises(ValidationError) as exc:
        lf.update_header(draft, actor=commune_planner, title="KH", total_budget=10, revenue=20)
    assert messages(exc)["revenue"] == ["“Thu ngân sách” không thể lớn hơn tổng kế hoạch ngân sách."]


def test_it_builds_a_logframe_row_by_row(draft, commune_planner):
    economy = Sector.objects.get(order=1, unit=None)
    kt = lf.add_key_target(draft, actor=commune_planner, text="Giảm tỷ lệ hộ nghèo xuống còn 2,5%")
    lf.add_indicator(
        draft,
        actor=commune_planner,
        parent=kt,
        name="Tỷ lệ hộ nghèo",
        unit="%",
        baseline=3.1,
        target=2.5,
        direction="decrease",
        target_year=2031,
    )
    objective = lf.add_objective(draft, actor=commune_planner, text="Giảm hộ nghèo", sector=economy)
    result = lf.add_result(
        draft,
        actor=commune_planner,
        objective=objective,
        output="Hộ nghèo được vay vốn",
        budget_source="NHCSXH",
    )
    lf.add_indicator(
        draft,
        actor=commune_planner,
        parent=result,
        name="Hộ được vay",
        unit="hộ",
        target=40,
        target_year=2031,
    )
    activity = lf.add_activity(
        draft,
        actor=commune_planner,
        title="Khảo sát hộ nghèo",
        quarters=["1", 2],
        responsible="UBND",
        cost=20_000_000,
        result=result,
    )
    core = lf.to_core(draft)
    assert (
        core.key_targets[0].indicators[0].text()
        == "Tỷ lệ hộ nghèo giảm còn 2,5% (năm gốc: 3,1%) trong năm 2031"
    )
    [sector] = core.sectors
    assert sector.objectives[0].results[0].activities[0].quarters == {1, 2}
    assert (activity.number, objective.number, result.number) == ("1", "1", "1")
    assert smart_warnings(core) == []
    lf.update_activity(activity, actor=commune_planner, title="Khảo sát lại", quarters=[4], result=result)
    activity.refresh_from_db()
    assert (activity.title, activity.quarters) == ("Khảo sát lại", frozenset({4}))
    assert (
        AuditEntry.objects.filter(object_id=str(draft.pk), action__startswith="plans.logframe.").count() == 7
    )


def test_an_activity_refuses_bad_input_naming_the_field(draft, commune_planner):
    with pytest.raises(ValidationError) as exc:
        lf.add_activity(draft, actor=commune_planner, title="")
    assert messages(exc) == {"title": ["Cần nhập “Tên hoạt động”."]}
    with pytest.raises(ValidationError) as exc:
        lf.add_activity(draft, actor=commune_planner, title="Tập huấn", quarters=[5])
    assert messages(exc) == {"quarters": ["“Quý thực hiện”: hãy chọn trong các quý I đến IV."]}
    with pytest.raises(ValidationError) as exc:
        lf.add_activity(draft, actor=commune_planner, title="Tập huấn", cost="ba triệu")
    assert messages(exc) == {"cost": ["“Kinh phí (đồng)”: hãy nhập số tiền bằng đồng, ví dụ 17.052.000.000."]}
    assert not draft.activities.exists()


def test_rows_of_another_plan_are_refused(draft, truong_thi, commune_planner):
    other = truong_thi.results.first()
    with pytest.raises(ValidationError) as exc:
        lf.add_activity(draft, actor=commune_planner, title="Tập huấn", result=other)
    assert messages(exc) == {"result": ["Mục này thuộc một kế hoạch khác."]}
    with pytest.raises(ValidationError) as exc:
        lf.add_indicator(draft, actor=commune_planner, parent=None, name="X")
    assert "parent" in messages(exc)


@pytest.mark.parametrize("state", [State.ADOPTED, State.APPROVED, State.SUBMITTED])
def test_editing_is_refused_once_the_plan_is_adopted(truong_thi, commune_planner, state):
    Plan.objects.filter(pk=truong_thi.pk).update(state=state, locked=True)
    activity = truong_thi.activities.first()
    label = dict(State.choices)[state]
    for attempt in (
        lambda: lf.add_key_target(truong_thi, actor=commune_planner, text="Mới"),
        lambda: lf.update_activity(activity, actor=commune_planner, title="Sửa", quarters=[1]),
        lambda: lf.delete_row(activity, actor=commune_planner),
        lambda: lf.renumber(truong_thi, actor=commune_planner),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert exc.value.messages == [f"Kế hoạch đang ở trạng thái “{label}”: không thể sửa nội dung nữa."]
    assert truong_thi.activities.count() == 19


def test_deleting_a_result_keeps_its_activities_without_a_result(truong_thi, commune_planner):
    result = truong_thi.results.get(number="3")
    lf.delete_row(result, actor=commune_planner)
    loose = Activity.objects.filter(plan=truong_thi, result__isnull=True)
    assert sorted(loose.values_list("number", flat=True)) == ["14", "15"]
    assert AuditEntry.objects.filter(action="plans.logframe.delete_result").exists()


def test_renumbering_closes_gaps_in_print_order(truong_thi, commune_planner):
    lf.delete_row(truong_thi.activities.get(number="2"), actor=commune_planner)
    added = lf.add_activity(
        truong_thi, actor=commune_planner, title="Mới", result=truong_thi.results.get(number="1")
    )
    assert added.number == "20"
    assert lf.renumber(truong_thi, actor=commune_planner) == {"objectives": 0, "results": 0, "activities": 6}
    added.refresh_from_db()
    # print order: result 1's activities by number (1, 3…7, 20), then results 2, 3, 4
    assert added.number == "7"
    assert truong_thi.activities.get(title="Đánh giá kết quả thực hiện", result__number="1").number == "6"
    assert sorted(int(n) for n in truong_thi.activities.values_list("number", flat=True)) == list(
        range(1, 20)
    )


def test_an_activity_from_village_needs_cannot_be_deleted(draft, commune_planner, units):
    from sedp.needs.models import Need
    from sedp.plans.models import NeedLink

    activity = lf.add_activity(draft, actor=commune_planner, title="Sửa kênh mương")
    need = Need.objects.filter(unit__parent=units.ea_kao).first()
    link = NeedLink.objects.create(plan=draft, need=need, fate="included")
    link.activities.add(activity)
    with pytest.raises(ValidationError) as exc:
        lf.delete_row(activity, actor=commune_planner)
    assert "nhu cầu của thôn" in exc.value.messages[0]


def test_a_title_or_subtitle_too_long_is_refused_naming_the_field(draft, commune_planner):
    with pytest.raises(ValidationError) as exc:
        lf.update_header(draft, actor=commune_planner, title="K" * 301)
    assert messages(exc) == {"title": ["“Trích yếu” quá dài."]}
    with pytest.raises(ValidationError) as exc:
        lf.update_header(draft, actor=commune_planner, title="K", subtitle="S" * 201)
    assert messages(exc) == {"subtitle": ["“Dòng phụ” quá dài."]}
