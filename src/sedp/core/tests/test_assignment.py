"""Plan assignment: what a level hands down adds up to what it received, per source and per target, or says
why not."""

from decimal import Decimal
from fractions import Fraction

import pytest

from sedp.core.assignment import (
    Handed,
    Received,
    check_assignment,
    handed_from_integration,
    received_from_sources,
)
from sedp.core.funding import Activity, FundingSource
from sedp.core.integration import integrate
from sedp.core.rollup import Rule

M = 1_000_000


def test_money_handed_down_to_the_communes_adds_up_per_source():
    check = check_assignment(
        [Received("ntm", 500 * M, name="nông thôn mới"), Received("ns", 100 * M, name="ngân sách tỉnh")],
        [
            Handed("c1", "ntm", 300 * M),
            Handed("c2", "ntm", 150 * M),
            Handed("c2", "ntm", 50 * M, "a7"),
            Handed("c1", "ns", 60 * M),
        ],  # fmt: skip
        kept={"ns": 40 * M},
    )
    assert check.ok and check.differences == []
    assert check.line("ntm").per_child == {"c1": 300 * M, "c2": 200 * M}
    assert check.line("ns").sentence() == (
        "Nguồn ngân sách tỉnh: nhận 100.000.000 đ, giao xuống 60.000.000 đ, giữ lại 40.000.000 đ — khớp."
    )


def test_an_assignment_that_does_not_add_up_lists_each_difference():
    check = check_assignment(
        [Received("ntm", 500 * M, name="nông thôn mới"), Received("gn", 200 * M, name="giảm nghèo")],
        [Handed("c1", "ntm", 300 * M), Handed("c1", "gn", 250 * M), Handed("c2", "oda", 10 * M)],
    )
    assert not check.ok
    assert [(d.key, d.difference, d.status) for d in check.differences] == [
        ("ntm", 200 * M, "difference"),
        ("gn", -50 * M, "difference"),
        ("oda", -10 * M, "difference"),
    ]
    assert [d.sentence() for d in check.differences] == [
        "Nguồn nông thôn mới: nhận 500.000.000 đ, giao xuống 300.000.000 đ — còn 200.000.000 đ chưa giao.",
        "Nguồn giảm nghèo: nhận 200.000.000 đ, giao xuống 250.000.000 đ — giao vượt 50.000.000 đ.",
        "Nguồn oda: giao xuống 10.000.000 đ nhưng cấp này không nhận nguồn nào như vậy.",
    ]
    assert check.differences[0].sentence("en") == (
        "Source nông thôn mới: received 500.000.000 đ, handed down 300.000.000 đ — 200.000.000 đ not handed down."
    )


def test_a_recorded_reason_accepts_a_difference():
    check = check_assignment(
        [Received("ntm", 500 * M, name="nông thôn mới")],
        [Handed("c1", "ntm", 450 * M)],
        reasons={"ntm": "dự phòng 10 % cho thiên tai"},
    )
    assert check.ok and check.line("ntm").status == "explained"
    assert check.line("ntm").sentence().endswith("(lý do: dự phòng 10 % cho thiên tai).")


def test_a_count_target_sums_and_a_rate_target_rolls_up_by_households():
    check = check_assignment(
        [
            Received("escape", 120, "target", "hộ thoát nghèo", unit="hộ"),
            Received(
                "poverty_rate", Decimal("17.5"), "target", "tỷ lệ hộ nghèo", Rule.MEAN_HOUSEHOLDS, unit="%"
            ),
        ],
        [
            Handed("c1", "escape", 70),
            Handed("c2", "escape", 50),
            Handed("c1", "poverty_rate", 10, households=300),
            Handed("c2", "poverty_rate", 40, households=100),
        ],  # fmt: skip
    )
    assert check.ok
    assert check.line("poverty_rate").handed == Fraction(35, 2)  # not the 25 % a plain mean would give
    assert check.line("poverty_rate").sentence() == (
        "Chỉ tiêu tỷ lệ hộ nghèo: nhận 17,5 %, giao xuống 17,5 % — khớp."
    )


def test_a_percentage_target_from_numerators_and_a_child_left_out():
    check = check_assignment(
        [Received("latrine", 70, "target", "hộ có nhà tiêu hợp vệ sinh", Rule.PERCENT, unit="%")],
        [Handed("c1", "latrine", 60, numerator=180, denominator=300)],
        children=["c1", "c2"],
    )
    line = check.line("latrine")
    assert line.handed == 60 and line.difference == 10 and line.children_without == ("c2",)
    assert line.sentence() == (
        "Chỉ tiêu hộ có nhà tiêu hợp vệ sinh: nhận 70 %, giao xuống 60 % — còn 10 % chưa giao; "
        "1 đơn vị chưa được giao."
    )


def test_a_tolerance_for_rounded_rates():
    check = check_assignment(
        [Received("r", Decimal("33.33"), "target", rule="ratio", tolerance=Decimal("0.01"))],
        [Handed("c1", "r", 0, numerator=1, denominator=3)],
    )
    assert not check.ok  # a ratio is 1/3, not 33,33: the target was given as a percent by mistake
    check = check_assignment(
        [Received("r", Decimal("33.33"), "target", rule="percent", tolerance=Decimal("0.01"))],
        [Handed("c1", "r", 0, numerator=1, denominator=3)],
    )
    assert check.ok


def test_bad_lines_are_refused():
    with pytest.raises(ValueError):
        Received("ns", 1, "source", rule="mean")
    with pytest.raises(ValueError):
        check_assignment(
            [Received("r", 1, "target", rule="mean")], [Handed("c", "r", 1), Handed("c", "r", 2)]
        )
    with pytest.raises(ValueError):
        check_assignment([Received("r", 1, "target", rule="mean")], [Handed("c", "r", 1)], kept={"r": 1})


def test_what_an_integration_funds_is_handed_down_to_the_communes_and_the_rest_is_a_difference():
    sources = [FundingSource("ns", "commune_budget", 300 * M, name="ngân sách tỉnh")]
    acts = [
        Activity("a", cost=100 * M, village="v1", commune="c1", village_rank=1),
        Activity("b", cost=150 * M, village="v2", commune="c2", village_rank=1),
    ]
    result = integrate(sources, acts)
    check = check_assignment(received_from_sources(sources), handed_from_integration(result))
    assert check.line("ns").per_child == {"c1": 100 * M, "c2": 150 * M}
    assert check.line("ns").difference == 50 * M and not check.ok
    by_village = handed_from_integration(result, child_of=lambda a: a.village)
    assert {h.child for h in by_village} == {"v1", "v2"}
