"""Integration of the communes' priority activities into the year's funding sources (source 001's process rule):
each village's own order, the favoured activities, the sources' rules, "1 to 2 activities per village", and a
sentence for every activity that an official can read out."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sedp.core.funding import Activity, FundingSource, eligible
from sedp.core.integration import Options, integrate, village_sentence

M = 1_000_000


def act(aid, cost, village, rank, commune="c1", **kw):
    return Activity(aid, cost=cost * M, name=kw.pop("name", aid), village=village, village_rank=rank,
                    commune=commune, village_name=village.upper(), commune_name=commune.upper(), **kw)  # fmt: skip


def test_each_village_gets_its_first_activity_before_any_village_gets_a_second():
    budget = [FundingSource("ns", "commune_budget", 300 * M)]
    acts = [act("a1", 100, "v1", 1), act("a2", 100, "v1", 2), act("b1", 150, "v2", 1), act("b2", 50, "v2", 2)]
    r = integrate(budget, acts, Options(year=2027))
    assert r.funded_ids() == ["a1", "b1", "b2"]  # a2 (100) no longer fits in the 50 left after a1 and b1
    assert r.why["a2"].code == "no_money"
    assert r.left() == {"ns": Fraction(0)}


def test_a_village_second_choice_is_funded_only_when_its_first_does_not_fit():
    r = integrate(
        [FundingSource("ns", "commune_budget", 60 * M)], [act("a1", 100, "v1", 1), act("a2", 50, "v1", 2)]
    )
    assert r.funded_ids() == ["a2"] and r.why["a1"].code == "no_money"


def test_poverty_and_ethnic_minority_activities_come_first_when_money_is_short():
    acts = [act("a1", 100, "v1", 1, commune_rank=1), act("b1", 100, "v2", 1, commune_rank=2, poverty=True)]
    r = integrate([FundingSource("ns", "commune_budget", 100 * M)], acts)
    assert r.funded_ids() == ["b1"]
    assert "giảm nghèo" in r.explain("b1")


def test_technical_and_service_support_before_construction():
    acts = [act("a1", 100, "v1", 1), act("b1", 100, "v2", 1, type="technical_service")]
    r = integrate([FundingSource("ns", "commune_budget", 100 * M)], acts)
    assert r.funded_ids() == ["b1"]


def test_between_villages_otherwise_alike_the_commune_order_decides():
    acts = [act("a1", 100, "v1", 1, commune_rank=2), act("b1", 100, "v2", 1, commune_rank=1)]
    assert integrate([FundingSource("ns", "commune_budget", 100 * M)], acts).funded_ids() == ["b1"]
    acts = [act("a1", 100, "v1", 1, commune_rank=1), act("b1", 100, "v2", 1, commune_rank=2)]
    assert integrate([FundingSource("ns", "commune_budget", 100 * M)], acts).funded_ids() == ["a1"]


def test_the_earmarked_programme_pays_first_and_the_general_budget_is_kept():
    sources = [
        FundingSource("ns", "commune_budget", 100 * M),
        FundingSource("gn", "ntp_poverty", 100 * M, targeting={"poverty"}),
    ]
    acts = [act("a1", 100, "v1", 1, poverty=True), act("b1", 100, "v2", 1)]
    r = integrate(sources, acts)
    assert r.paid == {"a1": (("gn", 100 * M),), "b1": (("ns", 100 * M),)}
    uses = {u.source.id: u for u in r.by_source()}
    assert [u.source.id for u in r.by_source()] == ["gn", "ns"]
    assert uses["gn"].left == 0 and uses["gn"].activities == (("a1", 100 * M),)


def test_the_people_contribution_is_taken_off_what_the_sources_pay():
    r = integrate(
        [FundingSource("ns", "commune_budget", 90 * M)],
        [act("a1", 100, "v1", 1, contribution=10 * M)],
        Options(year=2027),
    )
    assert r.paid["a1"] == (("ns", 90 * M),)
    assert r.explain("a1") == (
        "Được hỗ trợ năm 2027 từ ngân sách xã: 90.000.000 đ; nhân dân đóng góp 10.000.000 đ; mỗi thôn được hỗ "
        "trợ ít nhất một hoạt động khi đủ tiền, theo thứ tự ưu tiên của thôn."
    )


def test_an_activity_no_source_may_pay_is_told_why_for_each_source():
    sources = [
        FundingSource("sn", "recurrent", 500 * M, activity_types={"technical_service"}),
        FundingSource("gn", "ntp_poverty", 500 * M, targeting={"poverty"}),
    ]
    r = integrate(sources, [act("a1", 100, "v1", 1, name="Nhà văn hóa thôn")], Options(year=2027))
    assert r.why["a1"].code == "not_eligible"
    assert r.explain("a1") == (
        "Chưa được hỗ trợ năm 2027: không nguồn vốn nào năm nay được phép chi cho hoạt động này (Chương trình mục "
        "tiêu quốc gia giảm nghèo bền vững chỉ chi cho hoạt động giảm nghèo; vốn sự nghiệp chỉ chi cho hoạt động "
        "hỗ trợ kỹ thuật, dịch vụ). Hoạt động vẫn được giữ trong kế hoạch để xét năm sau."
    )
    (none,) = r.village_problems()[0]
    assert village_sentence(r, none) == (
        "Thôn V1 (xã C1) chưa có hoạt động nào được ngân sách hỗ trợ năm 2027: không nguồn vốn nào năm nay được "
        "phép chi cho các hoạt động thôn đề xuất."
    )


def test_a_village_left_out_because_the_money_ran_out_is_listed_with_why():
    acts = [act("a1", 100, "v1", 1, poverty=True), act("b1", 80, "v2", 1)]
    r = integrate([FundingSource("ns", "commune_budget", 150 * M)], acts, Options(year=2027))
    none, over = r.village_problems()
    assert [v.village for v in none] == ["v2"] and over == []
    v2 = none[0]
    assert v2.could_at_start and not v2.could_now and v2.cheapest == 80 * M
    assert "đã dùng hết trước khi đến lượt thôn" in village_sentence(r, v2)
    assert "when its turn came" in r.explain("b1", "en") and "50.000.000 đ" in r.explain("b1")


def test_a_source_too_small_for_the_activity_says_so_rather_than_blaming_others():
    r = integrate([FundingSource("ns", "commune_budget", 50 * M)], [act("a1", 100, "v1", 1)])
    assert "nhiều hơn toàn bộ số tiền năm nay" in r.explain("a1")
    assert not r.village_problems()[0][0].could_at_start


def test_at_most_two_per_village_and_commune_wide_activities_have_no_cap():
    acts = [act(f"a{i}", 10, "v1", i) for i in (1, 2, 3)] + [
        Activity(f"w{i}", cost=10 * M, commune="c1", commune_rank=i) for i in (1, 2, 3)
    ]
    r = integrate([FundingSource("ns", "commune_budget", 10**9)], acts)
    assert r.why["a3"].code == "village_cap" and r.funded_ids() == ["a1", "a2", "w1", "w2", "w3"]
    assert "mức tối đa 2 hoạt động mỗi thôn" in r.explain("a3")
    assert r.village_problems() == ([], [])


# --- properties ---------------------------------------------------------------------------------------------

kinds = st.sampled_from(["investment", "recurrent", "ntp_poverty", "ntp_rural", "ntp_ethnic", "oda",
                         "commune_budget"])  # fmt: skip


@st.composite
def problems(draw):
    sources = [
        FundingSource(
            f"s{i}",
            draw(kinds),
            draw(st.integers(0, 400)) * M,
            activity_types=draw(st.sets(st.sampled_from(["construction", "technical_service"]), max_size=1)),
            targeting=draw(st.sets(st.sampled_from(["poverty", "ethnic_minority"]), max_size=1)),
            max_per_activity=draw(st.one_of(st.none(), st.integers(20, 200).map(lambda x: x * M))),
            counterpart_share=draw(st.sampled_from([0, Fraction(1, 10)])),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    acts = []
    for v in range(draw(st.integers(1, 8))):
        for rank in range(1, draw(st.integers(1, 3)) + 1):
            cost = draw(st.integers(1, 200))
            acts.append(
                act(f"v{v}a{rank}", cost, f"v{v}", rank, commune=f"c{v % 2}",
                    contribution=draw(st.integers(0, cost // 5)) * M,
                    type=draw(st.sampled_from(["construction", "technical_service"])),
                    poverty=draw(st.booleans()), ethnic_minority=draw(st.booleans()))
            )  # fmt: skip
    return sources, acts


@settings(max_examples=120, deadline=None)
@given(problems())
def test_no_source_overspent_only_eligible_payments_and_the_village_rule_holds(problem):
    sources, acts = problem
    r = integrate(sources, acts, Options(year=2027))
    by_id = {s.id: s for s in sources}
    assert all(x >= 0 for x in r.left().values())
    for a in acts:
        if a.id in r.paid:
            assert sum(x for _s, x in r.paid[a.id]) == a.public_cost
            assert all(eligible(by_id[s], a) for s, _x in r.paid[a.id])
        sentence = r.explain(a.id) + r.explain(a.id, "en")
        assert not any(word in sentence for word in ("vòng", "round", "MES", "Phragm", "tier"))
    for v in r.villages():
        assert v.funded <= 2
        # Phase 1 gave every village its first activity that fitted: a village with none cannot be served now.
        assert v.problem != "none" or not v.could_now


def test_a_village_told_what_it_could_bring_for_a_programme_to_pay():
    sources = [
        FundingSource("ntm", "ntp_rural", 500 * M, counterpart_share=Fraction(1, 10)),
        FundingSource("ns", "commune_budget", 100 * M),
    ]
    hall = Activity("hall", cost=160 * M, name="Sửa nhà văn hóa", contribution=10 * M, village="Thôn 3",
                    commune="c1", village_rank=1, village_name="Thôn 3", commune_name="Phường Ea Kao")  # fmt: skip
    r = integrate(sources, [hall], Options(year=2027))
    assert r.explain("hall").endswith(
        "(ngân sách xã: 100.000.000 đ). Chương trình mục tiêu quốc gia xây dựng nông thôn mới yêu cầu người dân, "
        "địa phương đóng góp ít nhất 10 % chi phí (16.000.000 đ), hoạt động này mới có 10.000.000 đ. Hoạt động vẫn "
        "được giữ trong kế hoạch để xét năm sau."
    )
    (none,) = r.village_problems()[0]
    assert village_sentence(r, none).startswith("Thôn 3 (Phường Ea Kao) chưa có hoạt động nào")
