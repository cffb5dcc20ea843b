"""The allocation's decisions in plain words: what a village head can repeat, no rounds, rule names or document
numbers, amounts rounded the way people say them."""

from fractions import Fraction

import pytest

from sedp.core.allocation import Project, allocate, amount_words, election_from_approvals, explain_plain
from sedp.core.allocation.model import Decision
from sedp.core.allocation.rules.process import ProcessOptions


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (56_000_000, "56 triệu đồng", "56 million đồng"),
        (92_500_000, "92,5 triệu đồng", "92.5 million đồng"),
        (Fraction(1_250_000_000), "1,25 tỷ đồng", "1.25 billion đồng"),
        (750_000, "750.000 đồng", "750.000 đồng"),
    ],
)
def test_amounts_read_as_people_say_them(value, vi, en):
    assert amount_words(value, "vi") == vi and amount_words(value, "en") == en


def test_the_issue_sentence():
    d = Decision(
        "7", False, "over_budget", 2, {"stage": "priority_order", "left": 56_000_000, "cost": 92_000_000}
    )
    assert (
        explain_plain(d)
        == "Ngân sách xã còn 56 triệu đồng khi đến lượt nhu cầu này, không đủ cho 92 triệu đồng"
    )
    assert explain_plain(d, "en") == (
        "The commune budget had 56 million đồng left when this need's turn came, not enough for 92 million đồng"
    )


def test_no_decision_of_the_process_rule_speaks_of_rounds_or_rules():
    projects = [
        Project(str(i), Fraction(c), village=v, village_rank=r)
        for i, (c, v, r) in enumerate(
            [(90e6, "a", 1), (40e6, "a", 2), (30e6, "a", 3), (120e6, "b", 1), (400e6, "c", 1), (0, "c", 2)]
        )
    ]
    election = election_from_approvals(projects, 200_000_000, [["0", "1", "2"], ["3"], ["4", "5"]])
    outcome = allocate(election, "process", process_options=ProcessOptions(cap=2))
    reasons = {d.reason for d in outcome.decisions.values()}
    assert {"funded", "over_budget", "village_cap"} <= reasons
    for d in outcome.decisions.values():
        for lang in ("vi", "en"):
            text = explain_plain(d, lang)
            assert text[0].isupper()
            for jargon in ("vòng", "round", "MES", "Phragmén", "tài liệu", "source 0", " đ,", " đ "):
                assert jargon not in text, (text, jargon)
