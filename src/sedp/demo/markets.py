"""Market information and one value chain for the demo (MOP-SEDP, issue 15). Small and fast.

- `build_prices(commune, today)`: six months of coffee, pepper and avocado prices at two markets, at the farm gate,
  at collection and at retail (and coffee at every stage), so that the price chart, the monthly bulletin and a
  chain's margins have something to show. Phường Ea Kao gets them in every demo (the tests' too).
- `build_chain(plan, actor, today)`: on a commune's draft plan, three candidate products scored by a men's and a
  women's group (the women put avocado first, the men last), coffee's chain analysed (actors, supporters, constraints and
  opportunities), two upgrading activities and three indicators, carried into the plan's logframe. The
  implementation demo's commune gets it before its plan goes to consultation.
Figures are illustrative."""

from __future__ import annotations

from datetime import date

from sedp.markets import actions
from sedp.markets.models import (
    ChainActor,
    ChainIndicator,
    ChainScoreSheet,
    IndicatorKind,
    Market,
    PriceObservation,
    Product,
    Supporter,
    SupporterKind,
    UpgradingActivity,
)

# product → stage → price per kg six months ago; each month it moves by the given step (đ per kg).
PRICES = {
    "Cà phê": (
        {
            "inputs": 11_000,
            "production": 98_000,
            "collection": 100_500,
            "processing": 108_000,
            "wholesale": 112_000,
            "retail": 180_000,
        },
        1_500,
    ),
    "Hồ tiêu": ({"production": 138_000, "collection": 141_000, "retail": 190_000}, -1_000),
    "Bơ": ({"production": 22_000, "collection": 26_000, "retail": 45_000}, 2_000),
}
MARKETS = ("Chợ Ea Kao", "Điểm thu mua Buôn Ma Thuột")


def _months_back(today: date, k: int) -> date:
    year, month = today.year, today.month - k
    while month < 1:
        year, month = year - 1, month + 12
    # The 10th of each month, but never a day still to come.
    return date(year, month, 10 if k else min(10, today.day))


def build_prices(commune, today: date) -> None:
    if PriceObservation.objects.filter(unit=commune).exists():
        return
    products = {name: Product.objects.get_or_create(unit=commune, name=name)[0] for name in PRICES}
    markets = [Market.objects.get_or_create(unit=commune, name=name)[0] for name in MARKETS]
    rows = []
    for name, (stages, step) in PRICES.items():
        for k in range(5, -1, -1):
            on = _months_back(today, k)
            for i, market in enumerate(markets):
                for stage, price in stages.items():
                    value = price + step * (5 - k) + i * 500  # the town's market pays a little more
                    rows.append(
                        PriceObservation(
                            unit=commune,
                            product=products[name],
                            market=market,
                            stage=stage,
                            observed_on=on,
                            measure="kg",
                            price=value,
                            source="Cán bộ khuyến nông xã ghi" if i == 0 else "Hội Nông dân xã",
                        )
                    )
    PriceObservation.objects.bulk_create(rows)


MEN = {"Cà phê": [5, 4, 5, 5, 3, 3, 3], "Hồ tiêu": [3, 5, 4, 4, 3, 4, 2], "Bơ": [3, 3, 3, 4, 4, 2, 3]}
WOMEN = {"Cà phê": [4, 4, 4, 5, 3, 3, 3], "Hồ tiêu": [2, 3, 3, 3, 3, 5, 2], "Bơ": [5, 4, 4, 4, 5, 2, 5]}


def build_chain(plan, actor, today: date) -> None:
    """See the module's docstring. `plan` must be a draft."""
    build_prices(plan.unit, today)
    if plan.chain_candidates.exists():
        return
    candidates = {name: actions.add_candidate(plan, actor=actor, product=name) for name in PRICES}
    criteria = actions.criteria_of(plan)
    for label, group, members, table in (
        ("Nhóm nam", "men", 18, MEN),
        ("Nhóm nữ", "women", 14, WOMEN),
    ):
        sheet: ChainScoreSheet = actions.add_sheet(
            plan, actor=actor, group=group, label=label, members=members
        )
        actions.save_scores(
            sheet,
            actor=actor,
            values={
                (candidates[name].pk, c.pk): score
                for name, scores in table.items()
                for c, score in zip(criteria, scores, strict=True)
            },
        )
    chain = actions.choose_chain(candidates["Cà phê"], actor=actor)
    for stage, kind, count, households, women in (
        ("inputs", "Đại lý vật tư nông nghiệp", 3, None, None),
        ("production", "Hộ trồng cà phê", 412, 412, 45),
        ("collection", "Thương lái thu gom", 6, None, 20),
        ("processing", "Hợp tác xã cà phê Ea Kao", 1, 38, 40),
        ("wholesale", "Công ty xuất khẩu", 2, None, None),
        ("retail", "Quán và cửa hàng cà phê", 25, None, 60),
    ):
        actions.save_row(
            ChainActor(
                chain=chain, stage=stage, kind=kind, count=count, households=households, women_share=women
            ),
            actor=actor,
        )
    for kind, name, support in (
        (SupporterKind.EXTENSION, "Trạm Khuyến nông", "Tập huấn tái canh, bón phân cân đối"),
        (SupporterKind.CREDIT, "Ngân hàng Chính sách xã hội", "Vay ưu đãi cho hộ nghèo"),
        (SupporterKind.COOPERATIVE, "Hợp tác xã cà phê Ea Kao", "Sơ chế, bán chung"),
    ):
        actions.save_row(Supporter(chain=chain, kind=kind, name=name, support=support), actor=actor)
    actions.save_stage_notes(
        chain,
        actor=actor,
        stage="production",
        constraints="Vườn già cỗi, năng suất thấp; hái xanh nên giá bán thấp.",
        opportunities="Tái canh bằng giống mới; hái chín để bán được giá cao hơn.",
    )
    actions.save_stage_notes(
        chain,
        actor=actor,
        stage="collection",
        constraints="Bán lẻ từng hộ cho thương lái, bị ép giá.",
        opportunities="Bán chung qua hợp tác xã.",
    )
    for title, quarters, cost, source, people, business, who in (
        (
            "Tập huấn hái chín, sơ chế cà phê cho 120 hộ",
            [1, 2],
            60_000_000,
            "Ngân sách xã",
            12_000_000,
            10_000_000,
            "Hội Nông dân xã",
        ),
        (
            "Hỗ trợ hợp tác xã mua máy xát và sân phơi",
            [3, 4],
            350_000_000,
            "Chương trình mục tiêu quốc gia",
            50_000_000,
            100_000_000,
            "UBND xã",
        ),
    ):
        row = UpgradingActivity(
            chain=chain,
            title=title,
            cost=cost,
            funding_source=source,
            people_contribution=people,
            business_contribution=business,
            responsible=who,
        )
        row.q1, row.q2, row.q3, row.q4 = (q in quarters for q in (1, 2, 3, 4))
        actions.save_row(row, actor=actor)
    for kind, name, unit, baseline, target in (
        (IndicatorKind.VOLUME, "Sản lượng cà phê bán qua hợp tác xã", "tấn", 120, 300),
        (IndicatorKind.FARM_GATE, "Giá cà phê nhân bán tại vườn", "đ/kg", 105_000, 110_000),
        (IndicatorKind.WOMEN, "Phụ nữ tham gia tập huấn", "người", 20, 60),
    ):
        actions.save_row(
            ChainIndicator(chain=chain, kind=kind, name=name, unit=unit, baseline=baseline, target=target),
            actor=actor,
        )
    actions.carry_into_plan(chain, actor=actor)
