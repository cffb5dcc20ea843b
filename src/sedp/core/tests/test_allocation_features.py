"""The allocation engine's features: the process rule, several sources, group fairness, explanations, .pb, CLI."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stdout
from fractions import Fraction
from pathlib import Path

import pytest

from sedp.core.allocation import (
    ProcessOptions,
    Project,
    Source,
    allocate,
    election_from_approvals,
    explain,
    explain_all,
    pb_string,
    read_pb_string,
)
from sedp.core.allocation.cli import main
from sedp.core.allocation.model import ETHNIC_MINORITY, POVERTY

M = 1_000_000


def commune() -> list[Project]:
    """Three villages' Part-2 activities (rank = the village's own order)."""
    return [
        Project("A1", Fraction(300 * M), village="A", village_rank=1, kind="construction"),
        Project("A2", Fraction(100 * M), village="A", village_rank=2, kind="technical"),
        Project("A3", Fraction(50 * M), village="A", village_rank=3, kind="service"),
        Project(
            "B1",
            Fraction(200 * M),
            village="B",
            village_rank=1,
            kind="construction",
            flags=frozenset({POVERTY}),
        ),
        Project("B2", Fraction(80 * M), village="B", village_rank=2, kind="service"),
        Project(
            "C1",
            Fraction(150 * M),
            village="C",
            village_rank=1,
            kind="technical",
            flags=frozenset({ETHNIC_MINORITY}),
        ),
    ]


def test_it_funds_every_village_once_then_caps_at_two() -> None:
    election = election_from_approvals(commune(), 700 * M, [])
    out = allocate(election, "process")
    # Phase 1, one per village by priority: B1 (poverty) 200, C1 (ethnic minority) 150, A1 300 -> 50 left.
    # Phase 2, round by round: A2 (100) and B2 (80) do not fit; next round A3 (50) fits: A reaches the cap of 2.
    assert out.selected == ("B1", "C1", "A1", "A3")
    assert out.spent == 700 * M
    assert explain(out.decisions["B2"], "en") == "not funded: 50.000.000 đ left, cost 80.000.000 đ (round 2)"
    assert explain(out.decisions["A3"], "en").startswith("funded in round 3, cost 50.000.000 đ")


def test_it_explains_the_process_rule_in_both_languages() -> None:
    election = election_from_approvals(commune(), 560 * M, [])
    out = allocate(election, "process", process_options=ProcessOptions(cap=1))
    en, vi = explain_all(out, "en"), explain_all(out, "vi")
    assert en["B1"].startswith("funded in round 1") and "poverty reduction" in en["B1"]
    assert vi["B1"].startswith("được cấp vốn ở vòng 1") and "giảm nghèo" in vi["B1"]
    # 560 - 200 - 150 = 210 left when A1 (300) is considered in phase 1: A's next activity, A2, is funded instead.
    assert en["A1"] == "not funded: 210.000.000 đ left, cost 300.000.000 đ (round 1)"
    assert vi["A1"] == "không được cấp vốn: còn 210.000.000 đ, chi phí 300.000.000 đ (vòng 1)"
    assert en["A2"].startswith("funded in round 1, cost 100.000.000 đ (at least one activity per village)")
    assert en["A3"] == "not funded: 1 activity of this village already funded (at most 1)"
    assert vi["B2"] == "không được cấp vốn: thôn này đã có 1 hoạt động được cấp vốn (tối đa 1)"


def test_it_honours_the_village_order_and_priorities() -> None:
    election = election_from_approvals(commune(), 10_000 * M, [])
    out = allocate(election, "process", process_options=ProcessOptions(cap=2))
    assert out.selected[:3] == ("B1", "C1", "A1")  # poverty first, then ethnic minority, then the rest
    assert "A3" not in out.selected and out.decisions["A3"].reason == "village_cap"
    technical_first = allocate(
        election, "process", process_options=ProcessOptions(priorities=("technical_service",))
    )
    assert technical_first.selected[0] == "C1"


def test_it_assigns_sources_by_eligibility_and_counts_contributions() -> None:
    projects = [
        Project("P1", Fraction(100), flags=frozenset({POVERTY}), contribution=Fraction(20)),
        Project("R1", Fraction(60), sector="roads"),
        Project("R2", Fraction(50), sector="roads"),
    ]
    sources = [
        Source("001", Fraction(90), flags_any=frozenset({POVERTY})),
        Source("roads", Fraction(70), sectors=frozenset({"roads"})),
    ]
    election = election_from_approvals(projects, 0, [["P1", "R1"], ["P1", "R2"], ["R1"]], sources=sources)
    out = allocate(election, "greedy")
    assert set(out.selected) == {"P1", "R1"}
    assert out.decisions["P1"].sources == (("001", Fraction(80)),)  # 100 - 20 from the people
    assert out.decisions["R1"].sources == (("roads", Fraction(60)),)
    rep = {s.id: s for s in out.sources}
    assert rep["001"].left == 10 and rep["roads"].left == 10
    assert "from source 001" in explain(out.decisions["P1"], "en")
    assert "từ nguồn 001" in explain(out.decisions["P1"], "vi")
    assert explain(out.decisions["R2"], "en") == "not funded: 10 đ left, cost 50 đ (round 3)"


def test_it_weighs_groups_equally_under_the_group_fair_option() -> None:
    projects = [Project("w", Fraction(10)), Project("m", Fraction(10))]
    ballots = [["w"]] * 2 + [["m"]] * 8
    labels = [{"sex": "F"}] * 2 + [{"sex": "M"}] * 8
    election = election_from_approvals(projects, 10, ballots, labels=labels)
    assert allocate(election, "greedy").selected == ("m",)
    fair = allocate(election, "greedy", group_by="sex")
    assert fair.selected == ("m",)  # 5 = 5: a tie, broken by id ("m" < "w")
    assert {g.value: g.weight_share for g in fair.groups} == {"F": Fraction(1, 2), "M": Fraction(1, 2)}
    # MES with 20: each voter gets 2, the 2 women only 4 < 10. Group-fair: each group gets 10 and buys its project.
    election = election_from_approvals(projects, 20, ballots, labels=labels)
    assert allocate(election, "mes").selected == ("m",)
    assert set(allocate(election, "mes", group_by="sex").selected) == {"m", "w"}
    reports = {g.value: g for g in allocate(election, "mes", report_groups=["sex"]).groups}
    assert reports["F"].voters == 2 and reports["M"].voters == 8
    assert reports["F"].with_funded == 0 and reports["M"].with_funded == 1
    assert reports["M"].money_per_voter == 10


def test_it_explains_mes_with_the_supporters_money() -> None:
    projects = [Project("big", Fraction(300 * M)), Project("small", Fraction(100 * M))]
    ballots = [["big", "small"]] * 88 + [["small"]] * 12
    election = election_from_approvals(projects, 300 * M, ballots)
    out = allocate(election, "mes")
    assert out.selected == ("small",)
    text = explain(out.decisions["big"], "en")
    assert text.startswith("not funded under MES: its 88 supporters had ")
    assert "cost 300.000.000 đ" in text
    assert explain(out.decisions["small"], "en").startswith(
        "funded in round 1 under MES, paid by 100 supporters"
    )
    assert explain(out.decisions["big"], "vi").startswith(
        "không được cấp vốn theo MES: 88 người ủng hộ chỉ còn"
    )


PB = """META
key;value
description;test
vote_type;cumulative
budget;10,5
PROJECTS
project_id;cost;name
1;5,5;one
2;5;None
10;3;ten
VOTES
voter_id;vote;points;sex
1;1,10;2,1;F
2;10;0;M
3;;;None
4;2;3;F
"""


def test_it_reads_pabulib_like_the_reference() -> None:
    election = read_pb_string(PB, labels=("sex",))
    assert election.budget == Fraction(21, 2)
    assert [p.cost for p in election.projects] == [Fraction(11, 2), 5, 3]
    assert election.projects[1].name == ""
    assert election.profile.n_voters == 4  # the empty ballot counts
    out = allocate(election, "greedy")
    assert out.selected == ("10", "1")  # "10" has 2 supporters (0 points still counts), "1" and "2" one each
    back = read_pb_string(pb_string(election), labels=("sex",))
    assert back.profile.n_voters == 4 and set(allocate(back, "mes").selected) == set(
        allocate(election, "mes").selected
    )


def test_it_prints_the_selection_in_natural_order(tmp_path: Path) -> None:
    path = tmp_path / "e.pb"
    path.write_text(PB, encoding="utf-8")
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main([str(path), "--rule", "greedy"]) == 0
    assert buf.getvalue().split() == ["1", "10"]
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main([str(path), "--rule", "mes-complete", "--group-by", "sex", "--json"]) == 0
    doc = json.loads(buf.getvalue())
    assert {d["id"] for d in doc["decisions"]} == {"1", "2", "10"}
    assert all(d["explanation_vi"] and d["explanation_en"] for d in doc["decisions"])
    assert {g["value"] for g in doc["groups"]} == {"F", "M", "?"}


def test_it_runs_as_a_module(tmp_path: Path) -> None:
    path = tmp_path / "e.pb"
    path.write_text(PB, encoding="utf-8")
    src = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-m", "sedp.core.allocation", str(path), "--rule", "phragmen"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(src)},
        check=True,
    )
    assert out.stdout.split() == sorted(out.stdout.split(), key=lambda s: (len(s), s))


def test_it_rejects_unknown_rules() -> None:
    election = election_from_approvals([Project("a", Fraction(1))], 1, [["a"]])
    with pytest.raises(ValueError):
        allocate(election, "borda")
