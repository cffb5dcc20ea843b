"""Tests of the logframe model (sedp.core.logframe): each SMART warning, a clean plan, the Gantt rows, and the
Trường Thi 2010 example transcribed from source 000. Pure: no Django, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sedp.core import logframe as lf
from sedp.core.logframe import (
    Activity,
    BudgetLine,
    Direction,
    Indicator,
    KeyTarget,
    LogframePlan,
    Objective,
    Result,
    Sector,
    gantt_rows,
    smart_warnings,
)


def _plan(**changes) -> LogframePlan:
    """A small clean plan: one sector, one objective, two results, three costed activities adding up."""
    culture_house = Result(
        1,
        "Nhà văn hóa thôn A được xây dựng xong.",
        indicators=(Indicator("Nhà văn hóa được xây dựng", "nhà", baseline=0, target=1, target_year=2026),),
        budget_source="Ngân sách xã",
        activities=(
            Activity(1, "Họp dân bàn việc xây dựng nhà văn hóa", {1}, "Ban tự quản thôn A", cost=5_000_000),
            Activity(2, "Xây dựng nhà văn hóa thôn A", {2, 3}, "UBND", cost=400_000_000),
        ),
    )
    training = Result(
        2,
        "Cán bộ bộ phận một cửa được tập huấn.",
        indicators=(Indicator("Cán bộ được tập huấn", "người", target=12, target_date=date(2026, 6, 30)),),
        activities=(
            Activity(3, "Tổ chức 02 khóa tập huấn cho cán bộ bộ phận một cửa", {2}, "UBND", cost=95_000_000),
        ),
    )
    plan = LogframePlan(
        unit_name="xã A",
        issuing_body="UBND xã A",
        plan_year=2026,
        title="Phát triển kinh tế - xã hội năm 2026",
        place="A",
        date=date(2026, 2, 5),
        number="3",
        key_targets=(
            KeyTarget(
                "Giảm tỷ lệ hộ nghèo xuống còn 4%",
                (Indicator("Tỷ lệ hộ nghèo", "%", 5.2, 4, Direction.DECREASE, target_year=2026),),
            ),
        ),
        sectors=(
            Sector(
                "I", "Kinh tế và cơ sở hạ tầng", (Objective(1, "Tăng cường ...", (culture_house, training)),)
            ),
        ),
        budget_lines=(BudgetLine("Ngân sách xã", 300_000_000), BudgetLine("Dân đóng góp", 200_000_000)),
        total_budget=500_000_000,
    )
    return replace(plan, **changes)


def _with_result(plan: LogframePlan, number: int, **changes) -> LogframePlan:
    """The plan with result `number` changed."""
    sector = plan.sectors[0]
    objective = sector.objectives[0]
    results = tuple(replace(r, **changes) if r.number == number else r for r in objective.results)
    return replace(plan, sectors=(replace(sector, objectives=(replace(objective, results=results),)),))


def _with_activity(plan: LogframePlan, number: int, **changes) -> LogframePlan:
    result = next(r for r in plan.results if any(a.number == number for a in r.activities))
    activities = tuple(replace(a, **changes) if a.number == number else a for a in result.activities)
    return _with_result(plan, result.number, activities=activities)


def _codes(plan: LogframePlan) -> list[str]:
    return [w.code for w in smart_warnings(plan)]


def test_a_clean_plan_has_no_warning():
    assert smart_warnings(_plan()) == []


@pytest.mark.parametrize(
    ("changes", "code", "vi"),
    [
        ({"target": None}, lf.TARGET_NO_NUMBER, "chưa có con số"),
        ({"unit": ""}, lf.TARGET_NO_UNIT, "chưa có đơn vị tính"),
        ({"target_year": None}, lf.TARGET_NO_DATE, "chưa có thời hạn"),
    ],
)
def test_a_key_target_missing_number_unit_or_date(changes, code, vi):
    plan = _plan()
    kt = plan.key_targets[0]
    plan = replace(plan, key_targets=(replace(kt, indicators=(replace(kt.indicators[0], **changes),)),))
    (warning,) = smart_warnings(plan)
    assert warning.code == code
    assert warning.where == "key target 1 / indicator 1"
    assert vi in warning.message_vi and "Tỷ lệ hộ nghèo" in warning.message_vi
    assert "Tỷ lệ hộ nghèo" in warning.message_en


def test_a_result_indicator_without_a_date():
    plan = _plan()
    ind = plan.results[1].indicators[0]
    plan = _with_result(plan, 2, indicators=(replace(ind, target_date=None),))
    (warning,) = smart_warnings(plan)
    assert (warning.code, warning.where) == (lf.TARGET_NO_DATE, "sector I / result 2 / indicator 1")
    # A date or a year is enough.
    assert (
        smart_warnings(
            _with_result(_plan(), 2, indicators=(replace(ind, target_date=None, target_year=2026),))
        )
        == []
    )


def test_an_objective_indicator_is_checked_too():
    plan = _plan()
    sector = plan.sectors[0]
    objective = replace(sector.objectives[0], indicators=(Indicator("Số hộ nghèo", "hộ", target=None),))
    plan = replace(plan, sectors=(replace(sector, objectives=(objective,)),))
    assert _codes(plan) == [lf.TARGET_NO_NUMBER, lf.TARGET_NO_DATE]
    assert smart_warnings(plan)[0].where == "sector I / objective 1 / indicator 1"


def test_a_result_with_no_indicator():
    (warning,) = smart_warnings(_with_result(_plan(), 1, indicators=()))
    assert warning.code == lf.RESULT_NO_INDICATOR
    assert warning.where == "sector I / result 1"
    assert warning.message_vi == "Kết quả 1 (lĩnh vực I) chưa có chỉ số."
    # An indicator written as text only counts as an indicator.
    assert smart_warnings(_with_result(_plan(), 1, indicators=(), indicator_text="Nhà văn hóa xong")) == []


def test_an_activity_with_no_quarter():
    (warning,) = smart_warnings(_with_activity(_plan(), 2, quarters=set()))
    assert warning.code == lf.ACTIVITY_NO_QUARTER
    assert warning.where == "sector I / result 1 / activity 2"
    assert "Xây dựng nhà văn hóa thôn A" in warning.message_vi


def test_an_activity_with_no_one_responsible():
    (warning,) = smart_warnings(_with_activity(_plan(), 3, responsible="  "))
    assert warning.code == lf.ACTIVITY_NO_RESPONSIBLE
    assert "chưa có đơn vị chịu trách nhiệm" in warning.message_vi


def test_costs_not_adding_up_give_the_figures():
    (warning,) = smart_warnings(_with_activity(_plan(), 2, cost=450_000_000))
    assert warning.code == lf.COSTS_MISMATCH
    assert warning.message_vi == (
        # both figures: what was typed and what the activities add up to (issue 10)
        "Tổng kế hoạch ngân sách đã nhập là 500.000.000 đ, nhưng kinh phí các hoạt động cộng lại là "
        "550.000.000 đ (nhiều hơn 50.000.000 đ)."
    )
    assert "550.000.000 đ" in warning.message_en and "50.000.000 đ more" in warning.message_en
    (less,) = smart_warnings(_with_activity(_plan(), 2, cost=300_000_000))
    assert "ít hơn" in less.message_vi and "100.000.000 đ" in less.message_vi


def test_costs_are_checked_only_when_given():
    plan = _plan()
    for n in (1, 2, 3):
        plan = _with_activity(plan, n, cost=None)
    assert smart_warnings(plan) == []
    # Some given, some not: say which are missing, and what the given ones add up to; no mismatch on top.
    (warning,) = smart_warnings(_with_activity(_plan(), 1, cost=None))
    assert warning.code == lf.COSTS_INCOMPLETE
    assert "(1)" in warning.message_vi and "495.000.000 đ" in warning.message_vi


def test_budget_lines_not_adding_up():
    plan = _plan(budget_lines=(BudgetLine("Ngân sách xã", 300_000_000), BudgetLine("Vay ngân hàng", None)))
    (warning,) = smart_warnings(plan)
    assert warning.code == lf.BUDGET_LINES_MISMATCH
    assert "300.000.000 đ" in warning.message_vi and "500.000.000 đ" in warning.message_vi


def test_warnings_come_in_plan_order():
    plan = _with_activity(_with_result(_plan(), 1, indicators=()), 3, quarters=(), responsible="")
    assert _codes(plan) == [lf.RESULT_NO_INDICATOR, lf.ACTIVITY_NO_QUARTER, lf.ACTIVITY_NO_RESPONSIBLE]


def test_quarters_must_be_one_to_four():
    with pytest.raises(ValueError, match="quarters must be 1–4"):
        Activity(1, "Làm gì đó", {0, 5})
    assert Activity(1, "Làm gì đó", [3, 1]).quarters == frozenset({1, 3})


def test_gantt_rows():
    rows = gantt_rows(_plan())
    assert [(r.kind, r.number) for r in rows] == [
        ("result", "1"),
        ("activity", "1"),
        ("activity", "2"),
        ("result", "2"),
        ("activity", "3"),
    ]
    assert rows[0].label == "Hoạt động cho kết quả 1"
    assert rows[2].cells == ("", "x", "x", "")
    assert rows[2].responsible == "UBND" and rows[2].cost == 400_000_000
    # With more than one sector each gets a heading row.
    plan = _plan()
    plan = replace(plan, sectors=(*plan.sectors, Sector("II", "Giáo dục")))
    assert gantt_rows(plan)[0] == lf.GanttRow("sector", "I. Kinh tế và cơ sở hạ tầng")


def test_results_and_activities_keep_the_plan_numbering():
    """Results hang under objectives but are listed in the plan's order: 1, 2, 3, 4 — not 1, 2, 4, 3."""
    from sedp.demo.truong_thi_2010 import PLAN

    assert [r.number for r in PLAN.results] == [1, 2, 3, 4]
    assert [r.number for r in gantt_rows(PLAN) if r.kind == "activity"] == [str(n) for n in range(1, 20)]


def test_indicator_text():
    assert Indicator("Tỷ lệ hộ nghèo", "%", 3.06, 2.9, Direction.DECREASE, target_year=2010).text() == (
        "Tỷ lệ hộ nghèo giảm còn 2,9% (năm gốc: 3,06%) trong năm 2010"
    )
    assert Indicator("Cán bộ được tập huấn", "người", target=12, target_date=date(2026, 6, 30)).text() == (
        "Cán bộ được tập huấn đạt 12 người trước ngày 30/06/2026"
    )
    assert Indicator("x", statement="Như đã viết").text() == "Như đã viết"


class TestTruongThi2010:
    """The example plan of source 000, Appendix 1, transcribed faithfully."""

    @pytest.fixture
    def plan(self):
        from sedp.demo.truong_thi_2010 import PLAN

        return PLAN

    def test_key_targets(self, plan):
        texts = [k.text for k in plan.key_targets]
        assert len(texts) == 4
        assert "3,06%" in texts[0] and "2,9%" in texts[0] and "125 hộ" in texts[0] and "118 hộ" in texts[0]
        assert texts[1].endswith("đạt 100%")
        assert texts[2].endswith("đạt 70%")
        assert "17.052.000.000" in texts[3] and "1.563.000.000" in texts[3]
        assert (plan.total_budget, plan.revenue) == (17_052_000_000, 1_563_000_000)

    def test_objectives_results_and_sources(self, plan):
        (sector,) = plan.sectors
        assert sector.name == "Phát triển kinh tế và cơ sở hạ tầng"
        assert [o.text[:20] for o in sector.objectives] == ["Giảm tỷ lệ các hộ ng", "Các điều kiện về cơ "]
        assert [r.budget_source for r in plan.results] == [
            "Vay ngân hàng",
            "Vay ngân hàng",
            "",
            "Vay ngân hàng",
        ]
        assert all(r.indicator_lines() for r in plan.results)
        assert sum(i.target for i in plan.results[0].indicators) == 125 + 177 + 202 + 300 + 50

    def test_activities(self, plan):
        acts = plan.activities
        assert len(acts) == 19
        marks = {a.number: len(a.quarters) for a in acts}
        # How many "x" each activity has in the source (their columns are our reading, see the module).
        assert marks == {n: (3 if n == 6 else 2 if n in (10, 11, 17) else 1) for n in range(1, 20)}
        responsible = [a.responsible for a in acts]
        assert responsible == ["UBND"] * 7 + ["BCH Đoàn phường"] * 6 + ["UBND"] * 2 + ["Hội nông dân"] * 4

    def test_only_the_qualitative_boundary_indicator_is_flagged(self, plan):
        assert [(w.code, w.where) for w in smart_warnings(plan)] == [
            (lf.TARGET_NO_NUMBER, "sector I / result 3 / indicator 1"),
            (lf.TARGET_NO_UNIT, "sector I / result 3 / indicator 1"),
        ]
