"""A village's planning so far, built through the actions as a facilitator would: meeting 1, the working group
with two PRA findings, eight needs, the working group's score sheet, then meeting 2 with a men's and a women's
sheet in which men and women disagree about the road and the clean-water training."""

from datetime import datetime

from django.utils import timezone

from sedp.meetings import actions as meetings
from sedp.needs import actions
from sedp.needs.models import Criterion, PraTool, Sector

NEEDS = [
    ("Sửa kênh mương nội đồng", "construction", 120_000_000, True),
    ("Làm đường bê tông liên buôn", "construction", 450_000_000, False),
    ("Tập huấn nước sạch và vệ sinh", "service", 15_000_000, True),
    ("Hỗ trợ giống cà phê ghép", "service", 80_000_000, False),
    ("Lập tổ tín dụng phụ nữ", "service", 5_000_000, True),
    ("Sửa nhà văn hóa buôn", "construction", 60_000_000, False),
    ("Khuyến nông chăn nuôi bò", "service", 25_000_000, False),
    ("Giếng nước sạch cho cụm dân cư", "construction", 90_000_000, True),
]


def at(day, hour=8):
    return timezone.make_aware(datetime(2026, 5, day, hour))


def build(unit, actor=None, *, year=2026):
    m1 = meetings.create_meeting(
        unit, actor=actor, kind="village_meeting_1", starts_at=at(10), chair_role="head", men=62, women=38
    )
    wg = meetings.create_meeting(
        unit, actor=actor, kind="working_group", starts_at=at(13), chair_role="other"
    )
    sectors = list(Sector.objects.filter(unit__isnull=True))
    tools = list(PraTool.objects.filter(unit__isnull=True))
    g1 = actions.create_subgroup(
        wg, actor=actor, name="Nhóm 1", leader="Y Kông", theme="Sản xuất", tools=tools[:3]
    )
    g2 = actions.create_subgroup(
        wg,
        actor=actor,
        name="Nhóm phụ nữ",
        leader="H'Hoa",
        theme="Nước sạch",
        tools=tools[5:7],
        is_women=True,
    )
    actions.add_finding(
        g1, actor=actor, sector=sectors[0], situation="Kênh bồi lấp", problems="Thiếu nước tưới"
    )
    actions.add_finding(g2, actor=actor, sector=sectors[2], situation="Giếng ô nhiễm", causes="Không có nắp")
    needs = [
        actions.create_need(
            unit,
            actor=actor,
            meeting=wg,
            title=title,
            sector=sectors[0],
            kind=kind,
            estimated_cost=cost,
            contribution_money=cost // 10,
            contribution_labour_days=30,
            subgroup=g2 if women else g1,
            proposed_by_women=women,
        )
        for title, kind, cost, women in NEEDS
    ]
    criteria = list(Criterion.for_unit(unit))
    wg_sheet = actions.create_sheet(
        wg, actor=actor, group="working_group", label="Tổ công tác", mode="scores"
    )
    actions.record_scores(
        wg_sheet,
        {(n.pk, c.pk): max(1, 5 - i // 2) for i, n in enumerate(needs) for c in criteria},
        actor=actor,
    )
    m2 = meetings.create_meeting(
        unit, actor=actor, kind="village_meeting_2", starts_at=at(17), chair_role="deputy", men=55, women=45
    )
    men = actions.create_sheet(m2, actor=actor, group="men", label="Nhóm nam", mode="dots", members=40)
    women = actions.create_sheet(m2, actor=actor, group="women", label="Nhóm nữ", mode="dots", members=12)
    men_votes = [9, 12, 1, 7, 2, 4, 5, 6]
    women_votes = [10, 2, 11, 5, 8, 1, 3, 9]
    actions.record_scores(men, {(n.pk, None): v for n, v in zip(needs, men_votes, strict=True)}, actor=actor)
    actions.record_scores(
        women, {(n.pk, None): v for n, v in zip(needs, women_votes, strict=True)}, actor=actor
    )
    return {"m1": m1, "wg": wg, "m2": m2, "needs": needs, "sheets": [wg_sheet, men, women]}
