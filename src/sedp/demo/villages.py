"""Demo village planning: meetings, needs, men's and women's pebble votes, an adopted mid-term plan, and an
adopted annual plan with its Part 1 / Part 2 activities and its Biểu 1 / Biểu 2 figures — for some villages of a
commune, built through the same actions the pages use. What the commune plan aggregates.

`build_village_plans(villages, year, actor)` is also what tests use to make a commune of any size.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from sedp.meetings.actions import create_meeting
from sedp.meetings.models import Kind as MeetingKind
from sedp.needs.actions import create_need, create_sheet, record_scores
from sedp.needs.models import GroupKind, Mode, NeedKind, Sector
from sedp.plans import actions
from sedp.plans.models import Figure, Measure, Part, Plan

# title, sector (index in the default list), kind, cost (đ), people's money (đ), labour days, proposed by women,
# men's pebbles, women's pebbles. "{v}" is the village's name. Similar needs recur across villages on purpose:
# the commune merges them into one activity.
NEEDS = [
    (
        "Sửa chữa kênh mương nội đồng {v}",
        0,
        NeedKind.CONSTRUCTION,
        450_000_000,
        20_000_000,
        300,
        False,
        14,
        6,
    ),
    ("Tập huấn kỹ thuật chăm sóc cà phê", 0, NeedKind.SERVICE, 30_000_000, 0, 0, False, 9, 8),
    ("Bê tông hóa đường liên buôn {v}", 0, NeedKind.CONSTRUCTION, 800_000_000, 40_000_000, 500, False, 11, 4),
    (
        "Xây nhà tiêu hợp vệ sinh cho hộ nghèo",
        2,
        NeedKind.CONSTRUCTION,
        120_000_000,
        10_000_000,
        120,
        True,
        3,
        13,
    ),
    ("Tập huấn nuôi dưỡng trẻ và phòng bệnh", 2, NeedKind.SERVICE, 15_000_000, 0, 0, True, 2, 12),
    (
        "Thành lập tổ tiết kiệm và vay vốn của phụ nữ",
        0,
        NeedKind.SERVICE,
        10_000_000,
        2_000_000,
        0,
        True,
        4,
        11,
    ),
]


def _at(day, hour=8) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _rotate(rows: list, n: int) -> list:
    n %= len(rows)
    return rows[n:] + rows[:n]


def build_village_plan(village, year: int, *, actor, index: int = 0, adopt: bool = True) -> Plan:
    """One village's planning season for `year`: returns its annual plan (adopted unless `adopt` is False)."""
    may = timezone.datetime(year - 1, 5, 12).date() + timedelta(days=index % 7)
    cycle = None
    vm1 = create_meeting(
        village,
        actor=actor,
        cycle=cycle,
        kind=MeetingKind.VILLAGE_MEETING_1,
        starts_at=_at(may),
        place="Nhà văn hóa",
        chair_name="Trưởng " + village.name,
        men=48 + index,
        women=37 + index,
        wg_members=20,
        wg_women=8,
        wg_trained=4,
    )
    sectors = list(Sector.objects.filter(unit__isnull=True).order_by("order", "name"))
    rows = _rotate(NEEDS, index)[: 5 if index % 2 else 6]
    needs = []
    for title, sector, kind, cost, money, days, women, _m, _w in rows:
        needs.append(
            create_need(
                village,
                actor=actor,
                meeting=vm1,
                title=title.format(v=village.name),
                sector=sectors[sector],
                kind=kind,
                estimated_cost=cost,
                contribution_money=money or None,
                contribution_labour_days=days or None,
                contribution_labour_value=days * 150_000 or None,
                proposed_by_women=women,
            )
        )
    vm2 = create_meeting(
        village,
        actor=actor,
        kind=MeetingKind.VILLAGE_MEETING_2,
        starts_at=_at(may + timedelta(days=4)),
        place="Nhà văn hóa",
        chair_name="Trưởng " + village.name,
        men=45 + index,
        women=40 + index,
    )
    for group, label, column in ((GroupKind.MEN, "Nhóm nam", 7), (GroupKind.WOMEN, "Nhóm nữ", 8)):
        sheet = create_sheet(vm2, actor=actor, group=group, label=label, mode=Mode.DOTS, members=40 + index)
        record_scores(
            sheet,
            {
                (n.pk, None): row[column] + (i * index) % 3
                for i, (n, row) in enumerate(zip(needs, rows, strict=True))
            },
            actor=actor,
        )
    midterm = actions.create_midterm(village, vm2, actor=actor, year_from=year, year_to=year + 4)
    midterm = actions.adopt(midterm, vm2, actor=actor)
    annual_meeting = create_meeting(
        village,
        actor=actor,
        kind=MeetingKind.ANNUAL_PLANNING,
        starts_at=_at(may + timedelta(days=12)),
        place="Nhà văn hóa",
        chair_name="Trưởng " + village.name,
        men=40 + index,
        women=35 + index,
    )
    annual = actions.create_annual(midterm, year, actor=actor)
    # The two best-ranked activities the village cannot do alone go to Part 2; the rest it does itself.
    part2 = 0
    for item in midterm.items.select_related("need").order_by("rank"):
        big = (item.need.estimated_cost or 0) >= 100_000_000
        part = Part.BUDGET if big and part2 < actions.PART2_MAX else Part.OWN
        part2 += part == Part.BUDGET
        actions.add_item(annual, item.need, actor=actor, part=part)
    village_figures(village, year, index)
    annual.difficulties = "Giá vật tư tăng; một số hộ chưa tham gia đóng góp ngày công."
    annual.main_results = "Hoàn thành sửa chữa 1,2 km đường nội buôn; 35 hộ được tập huấn kỹ thuật."
    annual.save(update_fields=["difficulties", "main_results"])
    if adopt:
        annual = actions.adopt(annual, annual_meeting, actor=actor)
    return annual


FIGURE_KEYS = (
    "households population women poor_households near_poor_households ethnic_households farmland rice_area "
    "coffee_area cattle poverty_rate clean_water latrines electricity school_enrolment income paved_roads "
    "cultural_families"
).split()


def default_measures() -> list:
    """The default measures `village_figures` fills."""
    return list(Measure.objects.filter(unit__isnull=True, key__in=FIGURE_KEYS))


def village_figures(village, year: int, index: int, *, last_year: bool = False, measures=None) -> None:
    """The village's Biểu 1/2 for `year` (its statistics a year older with `last_year`). `measures`: the default
    measures, when the caller has read them (`default_measures`)."""
    hh = village.households or 150
    lag = 1 if last_year else 0
    hh -= lag * (3 + index % 4)
    pop = village.population or hh * 4
    poor = village.poor_households if village.poor_households is not None else hh // 10
    share = Decimal(village.ethnic_minority_share or 0)
    values = {
        "households": hh,
        "population": pop,
        "women": pop // 2 + index,
        "poor_households": poor,
        "near_poor_households": poor // 2 + 3,
        "ethnic_households": int(hh * share / 100),
        "farmland": Decimal(hh) * Decimal("0.85"),
        "rice_area": Decimal(12 + index * 3),
        "coffee_area": Decimal(hh) * Decimal("0.6"),
        "cattle": 80 + 11 * index,
        "poverty_rate": (Decimal(100 * poor) / hh).quantize(Decimal("0.01")),
        "clean_water": Decimal(78 + 2 * index - 3 * lag),
        "latrines": Decimal(55 + 4 * index - 5 * lag),
        "electricity": Decimal(97 + index % 3),
        "school_enrolment": Decimal(95 + index % 4),
        "income": Decimal(24 + index) - Decimal("1.5") * lag,
        "paved_roads": Decimal("1.5") + Decimal(index) / 2,
        "cultural_families": Decimal(80 + index),
    }
    targets = {"poverty_rate": -2, "clean_water": 5, "latrines": 8, "income": 2, "paved_roads": 1}
    if measures is None:
        measures = default_measures()
    measures = [m for m in measures if m.key in values]
    Figure.objects.bulk_create(
        Figure(
            unit=village,
            year=year,
            measure=m,
            value=values[m.key],
            target=values[m.key] + targets[m.key] if m.key in targets else None,
        )
        for m in measures
    )


def build_village_plans(villages, year: int, *, actor, adopted: int | None = None) -> list[Plan]:
    """Annual plans for `villages`; the first `adopted` (all by default) are adopted, the others left as drafts."""
    adopted = len(villages) if adopted is None else adopted
    return [
        build_village_plan(v, year, actor=actor, index=i, adopt=i < adopted) for i, v in enumerate(villages)
    ]
