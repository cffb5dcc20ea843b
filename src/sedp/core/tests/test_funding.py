"""Funding sources and what each may pay for: every restriction, and every reason when a source may not pay."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sedp.core.funding import (
    Activity,
    ActivityType,
    FundingSource,
    SourceKind,
    Targeting,
    eligibility_table,
    eligible,
)

ROAD = Activity(
    "road",
    cost=300_000_000,
    name="Bê tông hóa đường thôn",
    contribution=30_000_000,
    sector="giao thông",
    type=ActivityType.CONSTRUCTION,
    village="v1",
    commune="c1",
)
TRAINING = Activity(
    "training",
    cost=40_000_000,
    name="Tập huấn chăm sóc cà phê",
    sector="nông nghiệp",
    type="technical_service",
    village="v2",
    commune="c2",
    poverty=True,
)


def codes(e):
    return [r.code for r in e.refusals]


def test_a_source_without_restrictions_pays_anything():
    s = FundingSource("ns", SourceKind.COMMUNE_BUDGET, 1_000_000_000)
    assert eligible(s, ROAD) and eligible(s, TRAINING)


def test_sector_type_unit_and_targeting_are_each_checked_and_all_reasons_listed():
    s = FundingSource(
        "gn",
        SourceKind.NTP_POVERTY,
        500_000_000,
        sectors={"nông nghiệp"},
        activity_types={"technical_service"},
        units={"c2"},
        targeting={Targeting.POVERTY},
    )
    assert eligible(s, TRAINING)
    e = eligible(s, ROAD)
    assert not e and codes(e) == ["sector", "activity_type", "unit", "targeting"]
    text = [r.sentence(s, "vi") for r in e.refusals]
    assert text[0] == "Chương trình mục tiêu quốc gia giảm nghèo bền vững chỉ chi cho lĩnh vực nông nghiệp"
    assert text[1].endswith("chỉ chi cho hoạt động hỗ trợ kỹ thuật, dịch vụ")
    assert text[3].endswith("chỉ chi cho hoạt động giảm nghèo")


def test_a_unit_list_matches_the_village_or_its_commune():
    by_village = FundingSource("oda", "oda", 1, units={"v1"})
    by_commune = FundingSource("oda2", "oda", 1, units={"c1"})
    assert eligible(by_village, ROAD) and eligible(by_commune, ROAD)
    assert codes(eligible(by_commune, TRAINING)) == ["unit"]


def test_minimum_and_maximum_apply_to_what_the_budget_must_pay():
    # The road costs 300 million of which the people bring 30: the budget must pay 270 million.
    s = FundingSource("sn", "recurrent", 10**9, min_per_activity=270_000_000, max_per_activity=270_000_000)
    assert eligible(s, ROAD)
    low = FundingSource("x", "recurrent", 10**9, min_per_activity=270_000_001)
    high = FundingSource("y", "recurrent", 10**9, max_per_activity=269_999_999)
    assert codes(eligible(low, ROAD)) == ["below_minimum"]
    e = eligible(high, ROAD)
    assert codes(e) == ["above_maximum"]
    assert e.refusals[0].sentence(high, "vi") == (
        "vốn sự nghiệp hỗ trợ tối đa 269.999.999 đ cho một hoạt động (hoạt động này cần 270.000.000 đ)"
    )


def test_a_counterpart_share_needs_that_share_of_the_cost_from_the_people():
    ntm = FundingSource("ntm", SourceKind.NTP_RURAL, 10**9, counterpart_share=Fraction(1, 10))
    assert eligible(ntm, ROAD)  # 30 of 300 million: exactly 10 %
    e = eligible(ntm, TRAINING)
    assert codes(e) == ["counterpart"]
    assert e.refusals[0].sentence(ntm, "en") == (
        "the national target programme for new rural development needs the people or the locality to bring at "
        "least 10 % of the cost (4.000.000 đ); this activity brings 0 đ"
    )


def test_bad_sources_and_activities_are_refused():
    with pytest.raises(ValueError):
        FundingSource("s", "recurrent", -1)
    with pytest.raises(ValueError):
        FundingSource("s", "recurrent", 1, counterpart_share=Fraction(3, 2))
    with pytest.raises(ValueError):
        FundingSource("s", "lottery", 1)
    with pytest.raises(ValueError):
        Activity("a", cost=-5)


def test_every_kind_has_a_vietnamese_and_an_english_name_and_only_the_people_are_not_public():
    for kind in SourceKind:
        assert kind.label("vi") and kind.label("en") and kind.label("vi") != kind.label("en")
        assert kind.public == (kind != SourceKind.PEOPLE)


def test_the_table_covers_every_activity_and_source():
    srcs = [
        FundingSource("a", "recurrent", 1),
        FundingSource("b", "investment", 1, activity_types={"construction"}),
    ]
    t = eligibility_table(srcs, [ROAD, TRAINING])
    assert set(t) == {"road", "training"} and bool(t["training"]["a"]) and not t["training"]["b"]


@settings(max_examples=300, deadline=None)
@given(
    st.builds(
        FundingSource,
        id=st.just("s"),
        kind=st.sampled_from(list(SourceKind)),
        amount=st.just(1),
        sectors=st.sets(st.sampled_from(["a", "b"]), max_size=1),
        activity_types=st.sets(st.sampled_from(list(ActivityType)), max_size=1),
        units=st.sets(st.sampled_from(["v1", "c1", "v2"]), max_size=2),
        targeting=st.sets(st.sampled_from(list(Targeting)), max_size=2),
        min_per_activity=st.one_of(st.none(), st.integers(0, 100)),
        max_per_activity=st.one_of(st.none(), st.integers(0, 100)),
        counterpart_share=st.sampled_from([0, Fraction(1, 10), Fraction(1, 3)]),
    ),
    st.builds(
        Activity,
        id=st.just("a"),
        cost=st.integers(0, 120),
        contribution=st.integers(0, 40),
        sector=st.sampled_from(["a", "b"]),
        type=st.sampled_from(list(ActivityType)),
        village=st.sampled_from(["v1", "v2", None]),
        commune=st.sampled_from(["c1", "c2", None]),
        poverty=st.booleans(),
        ethnic_minority=st.booleans(),
    ),
)
def test_the_fast_check_and_the_reasons_always_agree(source, activity):
    e = eligible(source, activity)
    assert bool(e) == (e.refusals == ())
