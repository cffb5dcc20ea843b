"""Overrides with their reasons, run records in JSON, re-runs and comparisons of two runs."""

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sedp.core.funding import Activity, FundingSource, eligible
from sedp.core.integration import Options
from sedp.core.runs import Action, Override, RunRecord, applied_sentence, compare, new_run, rerun

M = 1_000_000
SOURCES = [
    FundingSource("ntm", "ntp_rural", 250 * M, activity_types={"construction"}),
    FundingSource("sn", "recurrent", 100 * M, activity_types={"technical_service"}),
    FundingSource("ns", "commune_budget", 100 * M),
]


def act(aid, cost, village, rank, **kw):
    return Activity(aid, cost=cost * M, name=kw.pop("name", aid), village=village, village_rank=rank, commune="c1",
                    village_name=village, commune_name="Ea Tu", **kw)  # fmt: skip


ACTS = [
    act("road", 200, "v1", 1, name="Đường thôn 1"),
    act("well", 90, "v1", 2, name="Giếng nước"),
    act("course", 60, "v2", 1, type="technical_service", name="Tập huấn"),
    act("hall", 150, "v3", 1, name="Nhà văn hóa"),
]


def run(overrides=(), **kw):
    return new_run(SOURCES, ACTS, Options(year=2027), overrides, **kw)


def test_the_engine_outcome_this_file_builds_on():
    r = run().result
    # Every village's first activity (the hall from two sources together), then no money left for the well.
    assert r.paid == {
        "road": (("ntm", 200 * M),),
        "course": (("sn", 60 * M),),
        "hall": (("ntm", 50 * M), ("ns", 100 * M)),
    }
    assert r.why["well"].code == "no_money" and r.left() == {"ntm": 0, "sn": 40 * M, "ns": 0}


def test_an_override_needs_a_reason_and_a_source_to_fund_from():
    with pytest.raises(ValueError):
        Override("hall", Action.FUND, "  ", "ns")
    with pytest.raises(ValueError):
        Override("hall", "move", "nhà văn hóa xuống cấp")


def test_unfunding_frees_the_money_and_the_officer_reason_is_read_out():
    r = run([
        Override("hall", "unfund", "thôn xin lùi sang năm sau", by="Phòng Tài chính"),
        Override("well", "fund", "giếng cũ nhiễm phèn", "ns"),
    ]).result  # fmt: skip
    assert [ap.applied for ap in r.overrides] == [True, True]
    assert r.paid["well"] == (("ns", 90 * M),) and "hall" not in r.paid
    assert r.left() == {"ntm": 50 * M, "sn": 40 * M, "ns": 10 * M}
    assert r.explain("hall") == (
        "Chưa được hỗ trợ năm 2027: cán bộ đã điều chỉnh kết quả, lý do: thôn xin lùi sang năm sau. Hoạt động vẫn "
        "được giữ trong kế hoạch để xét năm sau."
    )
    assert r.explain("well") == (
        "Được hỗ trợ năm 2027 từ ngân sách xã: 90.000.000 đ (điều chỉnh của cán bộ: giếng cũ nhiễm phèn)."
    )
    assert applied_sentence(r, r.overrides[0]) == (
        "Không cấp vốn cho “Nhà văn hóa” (lý do: thôn xin lùi sang năm sau): đã áp dụng."
    )


def test_an_override_that_would_overspend_a_source_is_refused_and_reported():
    r = run([Override("well", Action.FUND, "ưu tiên", "ntm")]).result
    (ap,) = r.overrides
    assert not ap.applied and ap.problem == "overspend" and ap.figures == {"left": 0, "need": 90 * M}
    assert applied_sentence(r, ap) == (
        "Cấp vốn cho “Giếng nước” từ Chương trình mục tiêu quốc gia xây dựng nông thôn mới (lý do: ưu tiên): "
        "không áp dụng được — Chương trình mục tiêu quốc gia xây dựng nông thôn mới chỉ còn 0 đ, hoạt động cần "
        "90.000.000 đ."
    )
    assert r.why["well"].code == "no_money" and r.left() == run().result.left()


def test_funding_what_is_already_funded_or_unfunding_what_is_not_is_refused():
    r = run(
        [Override("hall", "fund", "x", "ns"), Override("well", "unfund", "y"), Override("zz", "unfund", "z")]
    )
    assert [ap.problem for ap in r.result.overrides] == ["already_funded", "not_funded", "unknown_activity"]


def test_moving_an_activity_checks_the_target_source_rules():
    r = run([Override("road", "move", "để dành vốn nông thôn mới", "sn")]).result
    (ap,) = r.overrides
    assert ap.problem == "not_eligible" and r.paid["road"] == (("ntm", 200 * M),)
    assert applied_sentence(r, ap, "en") == (
        "Move “Đường thôn 1” to recurrent funds (reason: để dành vốn nông thôn mới): refused — recurrent funds "
        "only pays for technical and service support."
    )


def test_a_move_that_fits_changes_the_source_and_says_so():
    r = run([
        Override("hall", "unfund", "thôn xin lùi sang năm sau"),
        Override("course", "move", "lớp tập huấn do xã tổ chức", "ns"),
    ]).result  # fmt: skip
    assert [ap.applied for ap in r.overrides] == [True, True]
    assert r.paid["course"] == (("ns", 60 * M),)
    assert r.left() == {"ntm": 50 * M, "sn": 100 * M, "ns": 40 * M}
    assert "(điều chỉnh của cán bộ: lớp tập huấn do xã tổ chức)" in r.explain("course")


def test_an_override_funding_a_third_activity_shows_the_village_over_two():
    acts = [*ACTS, act("light", 10, "v1", 3, name="Điện chiếu sáng")]
    rec = new_run(
        SOURCES,
        acts,
        Options(year=2027),
        [
            Override("hall", "unfund", "thôn xin lùi"),
            Override("well", "fund", "giếng nhiễm phèn", "ns"),
            Override("light", "fund", "đường tối, mất an toàn", "ns"),
        ],
    )
    none, over = rec.result.village_problems()
    assert [v.village for v in over] == ["v1"] and over[0].funded == 3
    assert [v.village for v in none] == ["v3"] and not none[0].could_now  # 50 + 0 left for a 150 hall


def test_a_run_round_trips_through_json_with_everything_kept():
    rec = run(
        [Override("hall", "unfund", "thôn xin lùi"), Override("road", "fund", "cấp bách", "ns")],
        label="lần 1",
    )
    text = rec.to_json(indent=1)
    data = json.loads(text)
    assert set(data) >= {
        "rule",
        "inputs",
        "engine",
        "overrides",
        "outcome",
        "explanations",
        "villages",
        "sources",
    }
    assert data["rule"] == {
        "name": "process",
        "year": 2027,
        "cap": 2,
        "min_one": True,
        "priorities": ["poverty", "ethnic_minority", "technical_service"],
    }
    assert data["overrides"][0]["reason"] == "thôn xin lùi" and data["overrides"][1]["applied"] is False
    assert data["explanations"]["hall"]["vi"].startswith("Chưa được hỗ trợ năm 2027")
    assert (
        data["engine"]["paid"]["hall"] == [["ntm", 50 * M], ["ns", 100 * M]]
        and "hall" not in data["outcome"]["paid"]
    )
    back = RunRecord.from_json(text)
    assert back.to_dict() == rec.to_dict()
    assert back.result.paid == rec.result.paid


def test_amounts_that_are_not_whole_survive_the_round_trip():
    sources = [FundingSource("ns", "commune_budget", Fraction(201, 2), counterpart_share=Fraction(1, 3))]
    rec = new_run(sources, [Activity("a", cost=Fraction(3, 2), contribution=Fraction(1, 2), village="v")])
    assert rec.result.paid == {"a": (("ns", Fraction(1)),)}
    assert RunRecord.from_json(rec.to_json()).to_dict() == rec.to_dict()


def test_a_rerun_keeps_the_rule_and_the_overrides_and_rechecks_them():
    first = new_run(SOURCES, ACTS, Options(year=2027, cap=1), [Override("well", "fund", "cấp bách", "ns")])
    assert first.result.why["well"].code == "village_cap"
    assert first.result.overrides[0].problem == "overspend"  # the hall took the commune budget
    richer = [*SOURCES[:2], FundingSource("ns", "commune_budget", 300 * M)]
    second = rerun(first, sources=richer)
    assert second.overrides == first.overrides and second.options == first.options
    assert second.result.overrides[0].applied and second.result.why["well"].code == "override_funded"


def test_comparing_two_runs():
    first = run()
    second = rerun(first, sources=[SOURCES[0], SOURCES[1], FundingSource("ns", "commune_budget", 300 * M)])
    c = compare(first, second)
    assert c.newly_funded == ("well",) and c.newly_unfunded == () and c.added == c.removed == ()
    assert c.moved == (("hall", (("ntm", 50 * M), ("ns", 100 * M)), (("ns", 150 * M),)),)
    totals = {t.source_id: t for t in c.totals}
    assert totals["ns"].amount == (100 * M, 300 * M) and totals["ns"].spent == (100 * M, 240 * M)
    assert totals["ntm"].spent == (250 * M, 200 * M) and totals["ntm"].left == (0, 50 * M)
    assert compare(first, first).unchanged and not c.unchanged


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([a.id for a in ACTS] + ["nope"]),
            st.sampled_from(list(Action)),
            st.sampled_from([s.id for s in SOURCES] + ["nope"]),
        ),
        max_size=8,
    )
)
def test_whatever_the_officers_do_no_source_is_overspent_and_only_allowed_payments_remain(steps):
    overrides = [Override(a, act_, "lý do", None if act_ == Action.UNFUND else s) for a, act_, s in steps]
    r = run(overrides).result
    assert len(r.overrides) == len(overrides)
    assert all(x >= 0 for x in r.left().values())
    by_id = {s.id: s for s in SOURCES}
    for a in ACTS:
        if a.id in r.paid:
            assert sum(x for _s, x in r.paid[a.id]) == a.public_cost
            assert all(eligible(by_id[s], a) for s, _x in r.paid[a.id])
        assert (a.id in r.paid) == r.why[a.id].funded
