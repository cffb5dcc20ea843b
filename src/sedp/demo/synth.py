"""A synthetic province at the scale of a merged province (150 communes, ~2,500 villages, 75,000 needs), built
through the same actions the pages use, so that the roll-up, the funding integration, the province pages and the
documents can be measured on realistic data (`bench/rollup.py`, docs/scale.md).

`build_province(communes=…, villages_per_commune=…, needs_per_village=…, seed=…)` makes, deterministically for a
seed (every name, size, cost, score and fate; not the primary keys or timestamps):

- a province (legacy: with `legacy_districts` districts in the three-tier structure) of communes (xã, some
  phường) of villages (thôn; buôn, bon, plei where most people belong to an ethnic minority), each with
  households, population, poor households and an ethnic-minority share varying from commune to commune and from
  village to village; one planning cycle for the plan year; a province (and district) officer and one commune
  leader per commune, demo accounts (they sign in only with SEDP_DEMO=1);
- in each village: village meeting 1 with its needs across the six sectors (cost, people's money and labour,
  materials, proposed by women or not), village meeting 2 with the men's and the women's pebble votes, the
  mid-term plan ranked from them and adopted, the annual plan (the two best-ranked big needs in Part 2) adopted
  at the annual planning meeting, and the village's Biểu 1/2 figures for the plan year and the year before;
- in each commune: the commune plan made from its villages' adopted plans, every Part-2 need decided (included,
  merged with the same need of another village, postponed, referred, not included — each with its reason), each
  activity given its quarters, responsible body and funding source, the header filled in, then the consultation
  (draft 1 frozen, in consultation, comment conference, draft 2, revised, adopted at the adoption meeting,
  approved by the People's Council with its resolution, submitted); the last `waiting` communes stay at draft;
- each legacy district's plan made, consulted on, approved and submitted to the province; the province's draft
  plan for the year; and at each of them the year's eight funding sources (investment
  capital, recurrent funds, the three national target programmes with their eligibility, ODA for a tenth of the
  communes, the communes' budgets, the people's contributions), sized on what the communes ask.

What goes around the actions, for speed (one village through the actions alone takes ~500 queries for 30 needs,
~1.2 million for the province) — the bulky leaf rows are written with `bulk_create`, with exactly the fields and
the audit entries the actions write:

- needs: `sedp.needs.actions.create_need` — `Need(unit, code "N1"…, created_by, **fields)` and its
  "needs.create" audit entry with the same `after` (code and NEED_FIELDS);
- annual plan items: `sedp.plans.actions.add_item` for a need of the mid-term plan — `PlanItem(plan, need, rank,
  part, score, men_rank, women_rank from the mid-term item, is_new=False, new_reason="", the need's contribution
  fields)`, ranks renumbered in the mid-term order as `_renumber` leaves them, and one "plans.add_item" audit
  entry per item with `item_data`;
- villages: `Unit.save()` as `sedp.demo.loader` (there is no action for a village; `import-villages` reads files).

The open data is published once, when the build ends (`sedp.opendata.actions.held`), not after each commune's
transaction; the plans' documents are not made in the background (`sedp.exports.warming.paused`: run
`sedp warm-documents` after); PostgreSQL's statistics are refreshed after communes 1, 2, 4, 8, … (`ANALYZE`).

`jobs` (`sedp synth --jobs N`, PostgreSQL): the communes are built in N processes forked once the province's units,
accounts and cycle are committed, and the units' open data is published in N processes at the end (the province's
bulk once, in the process that forked them). The content is the same whatever N: each commune draws from its own
random generator and takes no lock another commune's transaction holds (the rows they share — the cycle, the
default sectors and measures — are only read and referenced).

Everything else (meetings, score sheets and scores, rankings, mid-term and annual plans and their adoption,
figures, commune plans, fates, activities, headers, draft versions, moves) goes through the actions themselves.
The province and district plans: `create_commune_plan` where it accepts the level, else the same row it would make
(provinces' and districts' plans are being made creatable elsewhere); their funding sources: the rows and audit
entries `sedp.funding.actions.save_source` writes (it takes the page's form).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from sedp.accounts.models import RoleGrant
from sedp.audit.actions import entry, record, record_many, snapshot
from sedp.consultation import actions as consult
from sedp.consultation.models import Step
from sedp.cycles.actions import create_cycle
from sedp.cycles.models import Cycle
from sedp.db import analyze
from sedp.meetings.actions import create_meeting
from sedp.meetings.models import Kind as MeetingKind
from sedp.needs.actions import NEED_FIELDS, _jsonable, create_sheets
from sedp.needs.models import GroupKind, Mode, Need, NeedKind, Sector
from sedp.places.choices import Kind as UnitKind
from sedp.places.choices import Level, Tiers
from sedp.places.models import Unit
from sedp.plans import actions as plan_actions
from sedp.plans.logframe import actions as lf
from sedp.plans.models import Part, Plan, PlanItem, SignerAuthority, State
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import cycle_for

from .data import DEMO_PASSWORD
from .villages import default_measures, village_figures

M = 1_000_000
LABOUR_DAY = 150_000  # đ, the value of a day's work the demo uses

# Place-name syllables (Kinh names of communes and thôn; Ê Đê / M'nông / Jrai-like names of buôn, bon and plei).
KINH = (
    "An Bình Hòa Tân Phú Thạnh Đông Tây Nam Bắc Trung Long Phước Thuận Vĩnh Quảng Hưng Mỹ Thanh Xuân Hiệp Lợi "
    "Đức Thịnh Sơn Hải Lộc Thắng Lập Kiến Thành Quang Minh Nghĩa Tiến Hợp Cường Đạt Phong Yên Khánh Lạc Hồng"
).split()
LOCAL = (
    "Ea Kmát Kô Tam H'Drát Kram Ea Sup Ea Tul Cư Mgar Krông Bông Đrăng Yang Reh Dliê Ya Pơng Drang Jang Lê "
    "Buôr Tơ Ling Ja Ktơng Rai Bur Kuop Hmông Sar Mạ Lak Nuôl Pô Kao Tlan Ruê Êa Knốp Ôn Đăk"
).split()
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Võ Phan".split()
MIDDLE = "Văn Thị Đức Minh Quốc Thanh Hữu Ngọc Xuân".split()
GIVEN = "An Bình Cường Dũng Hoa Hùng Lan Mai Nam Phương Sơn Thu Tuấn Vân Yến Hà Hải Hương Khánh Linh".split()
EDE_FAMILY = "Niê Mlô Êban Ksơr Byă Adrơng Hwing Knul Buôn Yă".split()
EDE_GIVEN = "Bhim Len Blon Thuôn Sang Dhiêm Kim Nga Thương Juin".split()
# Funding sources the way a commune plan writes them (free text in the plan; the province's sources are data).
FUNDING_TEXT = {
    "commune": "Ngân sách xã",
    "province_invest": "Vốn đầu tư phát triển của tỉnh",
    "recurrent": "Vốn sự nghiệp",
    "ntp_poverty": "Chương trình MTQG giảm nghèo bền vững",
    "ntp_rural": "Chương trình MTQG xây dựng nông thôn mới",
    "ntp_ethnic": "Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS và miền núi",
    "oda": "Dự án ODA",
}
RESPONSIBLE = ("UBND xã", "Ban quản lý dự án xã", "Trạm y tế xã", "Trường tiểu học", "Hội Nông dân xã",
               "Hội Liên hiệp Phụ nữ xã", "Trưởng thôn", "Cán bộ khuyến nông xã")  # fmt: skip

# Need templates: title ("{v}" = the village's name), sector (index in the default list), kind, cost range
# (million đ), people's money share (%), labour days range, materials, share of them proposed by women.
C, S = NeedKind.CONSTRUCTION, NeedKind.SERVICE
CATALOGUE = [
    ("Bê tông hóa đường giao thông nội {v}", 0, C, (300, 1500), (3, 10), (200, 800), "cát, đá", 0.2),
    ("Sửa chữa kênh mương nội đồng {v}", 0, C, (150, 900), (2, 8), (150, 600), "", 0.2),
    ("Xây dựng cầu tràn qua suối {v}", 0, C, (400, 2000), (0, 5), (100, 400), "gỗ", 0.1),
    ("Làm đường ra khu sản xuất {v}", 0, C, (200, 1200), (3, 10), (200, 700), "", 0.2),
    ("Kéo điện hạ thế cho các hộ cuối {v}", 0, C, (150, 700), (5, 15), (30, 120), "", 0.3),
    ("Xây dựng nhà văn hóa {v}", 5, C, (400, 1200), (5, 15), (200, 600), "gỗ, cát", 0.3),
    ("Xây bể nước sinh hoạt tập trung", 2, C, (200, 800), (3, 10), (100, 300), "", 0.6),
    ("Khoan giếng nước sạch cho hộ nghèo", 2, C, (80, 300), (5, 10), (30, 100), "", 0.6),
    ("Xây nhà tiêu hợp vệ sinh cho hộ nghèo", 2, C, (100, 300), (5, 10), (60, 200), "gạch", 0.7),
    ("Sửa chữa phòng học điểm trường {v}", 1, C, (200, 900), (0, 5), (50, 200), "", 0.5),
    ("Xây dựng nhà trẻ, lớp mẫu giáo {v}", 1, C, (500, 1800), (0, 5), (100, 300), "", 0.7),
    ("Xây tường rào, cổng trạm y tế", 2, C, (150, 500), (0, 5), (50, 150), "", 0.4),
    ("Lắp đèn đường chiếu sáng {v}", 3, C, (100, 400), (10, 20), (20, 80), "", 0.4),
    ("Xây kè chống sạt lở bờ suối", 3, C, (600, 2500), (0, 3), (100, 500), "đá", 0.1),
    ("Làm sân thể thao {v}", 5, C, (100, 400), (5, 15), (100, 300), "", 0.3),
    ("Hỗ trợ làm chuồng trại chăn nuôi hợp vệ sinh", 0, C, (80, 300), (10, 30), (50, 200), "", 0.5),
    ("Tập huấn kỹ thuật chăm sóc cà phê", 0, S, (15, 60), (0, 0), (0, 0), "", 0.4),
    ("Tập huấn kỹ thuật trồng lúa nước", 0, S, (10, 50), (0, 0), (0, 0), "", 0.4),
    ("Hỗ trợ giống cây ăn quả cho hộ nghèo", 0, S, (50, 250), (5, 15), (0, 40), "", 0.5),
    ("Hỗ trợ bò giống cho hộ nghèo", 0, S, (150, 600), (5, 20), (0, 0), "", 0.5),
    ("Tập huấn phòng bệnh cho gia súc, gia cầm", 0, S, (10, 40), (0, 0), (0, 0), "", 0.5),
    ("Thành lập tổ hợp tác sản xuất", 0, S, (20, 80), (5, 10), (0, 0), "", 0.4),
    ("Thành lập tổ tiết kiệm và vay vốn của phụ nữ", 0, S, (10, 40), (10, 20), (0, 0), "", 0.9),
    ("Dạy nghề dệt thổ cẩm cho phụ nữ", 0, S, (30, 120), (5, 10), (0, 0), "", 0.9),
    ("Tập huấn nuôi dưỡng trẻ và phòng bệnh", 2, S, (10, 40), (0, 0), (0, 0), "", 0.9),
    ("Khám sức khỏe định kỳ cho người cao tuổi", 2, S, (20, 60), (0, 0), (0, 0), "", 0.6),
    ("Tuyên truyền kế hoạch hóa gia đình", 2, S, (5, 20), (0, 0), (0, 0), "", 0.8),
    ("Phun thuốc phòng chống sốt xuất huyết", 2, S, (10, 40), (0, 5), (10, 30), "", 0.6),
    ("Hỗ trợ học bổng cho học sinh nghèo", 1, S, (20, 100), (0, 5), (0, 0), "", 0.7),
    ("Mở lớp xóa mù chữ cho người lớn", 1, S, (15, 50), (0, 0), (0, 0), "", 0.7),
    ("Mua sắm tủ sách, đồ dùng học tập", 1, S, (10, 50), (5, 15), (0, 0), "", 0.6),
    ("Đo đạc, cấp giấy chứng nhận quyền sử dụng đất", 3, S, (50, 200), (5, 10), (0, 0), "", 0.3),
    ("Quy hoạch khu dân cư {v}", 3, S, (80, 300), (0, 0), (0, 0), "", 0.2),
    ("Tập huấn quy chế dân chủ cơ sở", 4, S, (5, 20), (0, 0), (0, 0), "", 0.4),
    ("Hướng dẫn thủ tục hành chính một cửa tại thôn", 4, S, (5, 20), (0, 0), (0, 0), "", 0.4),
    ("Thành lập tổ an ninh tự quản {v}", 5, S, (10, 40), (10, 20), (20, 60), "", 0.2),
    ("Hỗ trợ sửa nhà cho hộ chính sách", 5, C, (100, 400), (5, 15), (50, 200), "gỗ", 0.5),
    ("Tập huấn phòng chống bạo lực gia đình", 5, S, (5, 20), (0, 0), (0, 0), "", 0.9),
]
REASONS = {
    "postponed": (
        "Ngân sách xã năm nay không đủ; công trình cũ còn dùng được thêm một năm",
        "Chờ quy hoạch khu dân cư được phê duyệt",
        "Thôn chưa thống nhất được phần đóng góp của dân",
    ),
    "referred": (
        ("Chương trình MTQG xây dựng nông thôn mới đã có vốn cho việc này", FUNDING_TEXT["ntp_rural"]),
        ("Thuộc danh mục hỗ trợ của Chương trình MTQG giảm nghèo bền vững", FUNDING_TEXT["ntp_poverty"]),
        ("Dự án ODA về nước sạch nông thôn đang triển khai tại xã", FUNDING_TEXT["oda"]),
    ),
    "not_included": (
        "Công ty thủy lợi đã nhận làm bằng vốn của công ty",
        "Trùng với công trình tỉnh đã đầu tư năm trước",
        "Chi phí vượt quá khả năng của xã và chưa có nguồn vốn phù hợp",
    ),
    "merged": "Cùng một việc ở nhiều thôn: xã làm chung một lần để tiết kiệm chi phí",
}


@dataclass
class Synth:
    province: Unit
    year: int
    officer: object
    districts: list[Unit] = field(default_factory=list)
    communes: int = 0
    villages: int = 0
    needs: int = 0
    submitted: int = 0
    province_plan: Plan | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def _past(day: date) -> date:
    """`day`, or a month before today when `day` is not yet past: a plan built for the coming year is consulted on,
    adopted (+10 days) and approved (+12 to +20) before today, never on a date still to come."""
    return min(day, timezone.localdate() - timedelta(days=30))


def _at(day: date, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(hour)))


def _name(rng: random.Random, words: tuple | list, taken: set[str], prefix: str) -> str:
    for _ in range(50):
        name = f"{prefix} {rng.choice(words)} {rng.choice(words)}"
        if name not in taken and name.split()[-1] != name.split()[-2]:
            taken.add(name)
            return name
    n = 1
    while f"{prefix} {n}" in taken:
        n += 1
    taken.add(f"{prefix} {n}")
    return f"{prefix} {n}"


def person(rng: random.Random, *, local: bool = False) -> str:
    if local:
        return f"{rng.choice(('Y', 'Y', 'H'))} {rng.choice(EDE_GIVEN)} {rng.choice(EDE_FAMILY)}".replace(
            "H ", "H'"
        )
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _users(province: Unit, districts: list[Unit], code: str):
    """The province officer (and one officer per legacy district): demo accounts with the demo password."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)

    def user(username: str, full_name: str, role: str, unit: Unit):
        u, _created = User.objects.get_or_create(username=username)
        u.full_name, u.is_demo, u.is_active, u.password = full_name, True, True, password
        u.save()
        RoleGrant.objects.get_or_create(user=u, role=role, unit=unit)
        return u

    officer = user(f"{code.lower()}-tinh", f"Cán bộ kế hoạch {province.name}", "province_officer", province)
    district_officers = [
        user(f"{code.lower()}-huyen{i}", f"Cán bộ kế hoạch {d.name}", "district_officer", d)
        for i, d in enumerate(districts, start=1)
    ]
    return officer, district_officers, password


def _commune_user(commune: Unit, code: str, password: str, name: str):
    User = get_user_model()
    u, _created = User.objects.get_or_create(username=f"{code.lower()}-{commune.code.lower()}")
    u.full_name, u.is_demo, u.is_active, u.password = name, True, True, password
    u.save()
    RoleGrant.objects.get_or_create(user=u, role="commune_leader", unit=commune)
    return u


# ---------------------------------------------------------------------------------------------------------------
# A village
# ---------------------------------------------------------------------------------------------------------------


def _village_needs(rng: random.Random, village: Unit, k: int, sectors: list[Sector], actor, meeting):
    """`k` needs drawn from the catalogue (again with "giai đoạn 2" once it is used up), as create_need makes them."""
    templates = rng.sample(CATALOGUE, k=min(k, len(CATALOGUE)))
    while len(templates) < k:
        templates += rng.sample(CATALOGUE, k=min(k - len(templates), len(CATALOGUE)))
    seen: set[str] = set()
    needs = []
    for n, (title, sector, kind, (lo, hi), (mlo, mhi), (dlo, dhi), materials, women) in enumerate(
        templates, start=1
    ):
        text = title.format(v=village.name)
        if text in seen:
            text += " (giai đoạn 2)"
        seen.add(text)
        cost = rng.randint(lo, hi) * M
        money = cost * rng.randint(mlo, mhi) // 100 // 100_000 * 100_000 if mhi else 0
        days = rng.randint(dlo, dhi) if dhi else 0
        mat_value = cost * rng.randint(1, 5) // 100 // 100_000 * 100_000 if materials else 0
        needs.append(
            Need(
                unit=village,
                code=f"N{n}",
                created_by=actor,
                meeting=meeting,
                title=text[:300],
                sector=sectors[sector],
                kind=kind,
                estimated_cost=cost,
                contribution_money=money or None,
                contribution_labour_days=days or None,
                contribution_labour_value=days * LABOUR_DAY or None,
                contribution_materials=materials,
                contribution_materials_value=mat_value or None,
                proposed_by_women=rng.random() < women,
                place=village.name,
                timing=f"Quý {rng.randint(1, 4)}",
            )
        )
    Need.objects.bulk_create(needs)
    record_many(
        entry(actor, "needs.create", n, after=_jsonable(snapshot(n, ["code", *NEED_FIELDS]))) for n in needs
    )
    return needs


def _votes(rng: random.Random, needs: list[Need], group: str, members: int) -> dict:
    """Pebbles: each member puts three; women favour what women proposed, men the big works."""
    weights = []
    for n in needs:
        w = 1.0 + rng.random()
        if group == GroupKind.WOMEN and n.proposed_by_women:
            w *= 2.5
        if group == GroupKind.MEN and n.kind == NeedKind.CONSTRUCTION:
            w *= 2.0
        weights.append(w)
    counts = [0] * len(needs)
    for _ in range(members * 3):
        counts[rng.choices(range(len(needs)), weights)[0]] += 1
    return {(n.pk, None): c for n, c in zip(needs, counts, strict=True)}


def build_village(
    village: Unit, year: int, *, actor, cycle, rng: random.Random, k: int, sectors, index: int, measures=None
):
    """One village's planning season for `year`; returns its adopted annual plan."""
    may = date(year - 1, 4, 1) + timedelta(days=rng.randint(0, 60))
    adults = max(30, (village.population or 400) // 6)
    women = adults * rng.randint(40, 55) // 100
    chair = person(rng, local=float(village.ethnic_minority_share or 0) >= 60)
    vm1 = create_meeting(
        village, actor=actor, kind=MeetingKind.VILLAGE_MEETING_1, starts_at=_at(may), place="Nhà văn hóa",
        chair_name=chair, men=adults - women, women=women, wg_members=rng.randint(8, 20),
        wg_women=rng.randint(3, 8), wg_trained=rng.randint(2, 6), cycle=cycle,
    )  # fmt: skip
    needs = _village_needs(rng, village, k, sectors, actor, vm1)
    vm2 = create_meeting(
        village, actor=actor, kind=MeetingKind.VILLAGE_MEETING_2, starts_at=_at(may + timedelta(days=5)),
        place="Nhà văn hóa", chair_name=chair, men=adults - women - rng.randint(0, 10), women=women, cycle=cycle,
    )  # fmt: skip
    sheets = []
    for group, label in ((GroupKind.MEN, "Nhóm nam"), (GroupKind.WOMEN, "Nhóm nữ")):
        members = max(5, (adults - women if group == GroupKind.MEN else women) // 2)
        fields = {"group": group, "label": label, "mode": Mode.DOTS, "members": members}
        sheets.append((fields, _votes(rng, needs, group, members)))
    create_sheets(vm2, sheets, actor=actor)
    midterm = plan_actions.create_midterm(village, vm2, actor=actor, year_from=year, year_to=year + 4)
    midterm = plan_actions.adopt(midterm, vm2, actor=actor)
    meeting = create_meeting(
        village, actor=actor, kind=MeetingKind.ANNUAL_PLANNING, starts_at=_at(may + timedelta(days=14)),
        place="Nhà văn hóa", chair_name=chair, men=adults - women, women=women - rng.randint(0, 5), cycle=cycle,
    )  # fmt: skip
    annual = plan_actions.create_annual(midterm, year, actor=actor)
    _annual_items(annual, midterm, actor)
    village_figures(village, year, index, measures=measures)
    village_figures(village, year - 1, index, last_year=True, measures=measures)
    plan_actions.set_evaluation_summary(
        annual,
        actor=actor,
        difficulties="Giá vật tư tăng; một số hộ chưa tham gia đóng góp ngày công.",
        main_results=f"Hoàn thành {rng.randint(1, 3)} công trình; {rng.randint(20, 80)} hộ được tập huấn.",
    )
    return plan_actions.adopt(annual, meeting, actor=actor)


def _annual_items(annual: Plan, midterm: Plan, actor) -> None:
    """Every need of the mid-term plan into the annual plan, as add_item puts them one by one in the mid-term
    order: the two best-ranked needs of 100 million đ or more in Part 2 (PART2_MAX), the rest in Part 1."""
    source = list(midterm.items.select_related("need").order_by("rank", "id"))
    items, part2 = [], 0
    for n, s in enumerate(source, start=1):
        big = (s.need.estimated_cost or 0) >= 100 * M
        part = Part.BUDGET if big and part2 < plan_actions.PART2_MAX else Part.OWN
        part2 += part == Part.BUDGET
        items.append(
            PlanItem(
                plan=annual, need=s.need, rank=n, part=part, score=s.score, men_rank=s.men_rank,
                women_rank=s.women_rank, is_new=False, new_reason="",
                **plan_actions._item_contribution(s.need),
            )
        )  # fmt: skip
    PlanItem.objects.bulk_create(items)
    title = str(annual)
    record_many(
        entry(actor, "plans.add_item", annual, object_repr=title, after=plan_actions.item_data(i), reason="")
        for i in items
    )


# ---------------------------------------------------------------------------------------------------------------
# A commune
# ---------------------------------------------------------------------------------------------------------------


def _fates(plan: Plan, rng: random.Random, actor) -> None:
    """Every Part-2 need decided: the same need in several villages often merged into one activity, most others
    included, some postponed, referred to a programme or not included — each with its reason."""
    needs = tracing.candidate_needs(plan)
    names = dict(Unit.objects.filter(parent=plan.unit).values_list("pk", "name"))
    by_theme: dict[str, list[Need]] = {}
    for n in needs:
        theme = n.title.replace(names.get(n.unit_id, "\0"), "").replace(" (giai đoạn 2)", "").strip()
        by_theme.setdefault(theme, []).append(n)
    done: set[int] = set()
    for theme, group in by_theme.items():
        if len(group) >= 2 and rng.random() < 0.5:
            pick = group[: rng.randint(2, min(3, len(group)))]
            where = ", ".join(names[n.unit_id] for n in pick)
            tracing.merge(plan, pick, actor=actor, reason=REASONS["merged"], title=f"{theme} ({where})")
            done.update(n.pk for n in pick)
    for n in needs:
        if n.pk in done:
            continue
        r = rng.random()
        if r < 0.68:
            tracing.include(plan, n, actor=actor)
        elif r < 0.80:
            tracing.postpone(plan, n, actor=actor, reason=rng.choice(REASONS["postponed"]))
        elif r < 0.92:
            reason, to = rng.choice(REASONS["referred"])
            tracing.refer(plan, n, actor=actor, reason=reason, to=to)
        else:
            tracing.not_include(plan, n, actor=actor, reason=rng.choice(REASONS["not_included"]))


def _source_text(rng: random.Random, activity, commune: Unit) -> str:
    ethnic = float(commune.ethnic_minority_share or 0) >= 50
    poor = (commune.poor_households or 0) / (commune.households or 1) >= 0.15
    big = (activity.cost or 0) >= 500 * M
    r = rng.random()
    if ethnic and r < 0.35:
        return FUNDING_TEXT["ntp_ethnic"]
    if poor and r < 0.55:
        return FUNDING_TEXT["ntp_poverty"]
    if big and r < 0.75:
        return FUNDING_TEXT["province_invest"]
    if r < 0.82:
        return FUNDING_TEXT["ntp_rural"]
    if r < 0.86:
        return FUNDING_TEXT["oda"]
    if r < 0.93 and (activity.cost or 0) < 200 * M:
        return FUNDING_TEXT["recurrent"]
    return FUNDING_TEXT["commune"]


def build_commune_plan(
    commune: Unit, year: int, *, actor, rng: random.Random, number: int, submit: bool
) -> Plan:
    """The commune plan from its villages' adopted plans, decided, scheduled and (with `submit`) consulted on,
    adopted, approved and submitted."""
    plan = tracing.create_commune_plan(commune, year, actor=actor)
    _fates(plan, rng, actor)
    for a in plan.activities.select_related("sector").order_by("order", "id"):
        q = rng.randint(1, 3)
        lf.update_activity(
            a, actor=actor, result=None, sector=a.sector, title=a.title,
            quarters=tuple(range(q, min(4, q + rng.randint(0, 2)) + 1)), responsible=rng.choice(RESPONSIBLE),
            cost=a.cost, funding_source=_source_text(rng, a, commune), people_contribution=a.people_contribution,
            contribution_value=a.contribution_value,
        )  # fmt: skip
    lf.renumber(plan, actor=actor)
    lf.update_header(
        plan, actor=actor, title=f"Phát triển kinh tế - xã hội năm {year}", doc_number=f"{number}/KH-UBND",
        doc_date=date(year - 1, 11, 20) + timedelta(days=rng.randint(0, 20)),
        signer_authority=SignerAuthority.TM, signer_title="Chủ tịch", signer_name=actor.full_name,
        recipients=f"UBND {commune.parent.name}\nThường trực Đảng ủy, HĐND xã\nCác thôn, buôn\nLưu: VT",
    )  # fmt: skip
    if not submit:
        return plan
    return consult_and_submit(
        plan, actor=actor, rng=rng, day=_past(date(year - 1, 12, 1) + timedelta(days=rng.randint(0, 10)))
    )


def consult_and_submit(plan: Plan, *, actor, rng: random.Random, day: date) -> Plan:
    """Source 000's six steps on a frozen draft, then the People's Council's approval and the submission."""
    hall = "Hội trường UBND " + ("huyện" if plan.unit.level == Level.DISTRICT else "xã")
    v1 = consult.freeze(plan, actor=actor, note="Dự thảo lần 1")
    consult.move(plan, State.IN_CONSULTATION, actor=actor)
    consult.hold_meeting(
        plan, Step.COMMENT_CONFERENCE, actor=actor, starts_at=_at(day), version=v1, place=hall,
        chair_name=actor.full_name, men=rng.randint(20, 40), women=rng.randint(10, 30),
    )  # fmt: skip
    consult.freeze(plan, actor=actor, note="Dự thảo lần 2, đã tiếp thu ý kiến")
    consult.move(plan, State.REVISED, actor=actor)
    adoption = consult.hold_meeting(
        plan, Step.ADOPTION, actor=actor, starts_at=_at(day + timedelta(days=10)), place=hall,
        chair_name=actor.full_name, men=rng.randint(20, 40), women=rng.randint(10, 30),
    )  # fmt: skip
    resolution = {
        "resolution_number": f"{rng.randint(10, 60)}/NQ-HĐND",
        "resolution_date": day + timedelta(days=rng.randint(12, 20)),
    }
    # The plan is issued on the resolution (its basis lines cite it): never dated before the resolution was passed.
    issued = resolution["resolution_date"] + timedelta(days=rng.randint(1, 5))
    if plan.doc_date is None or plan.doc_date < issued:
        Plan.objects.filter(pk=plan.pk).update(doc_date=issued)
        plan.doc_date = issued
    # A market-oriented plan is adopted as the People's Council passes it (MOP-SEDP): its resolution comes then.
    consult.move(plan, State.ADOPTED, actor=actor, meeting=adoption, **(resolution if plan.is_mop else {}))
    consult.move(plan, State.APPROVED, actor=actor, **resolution)
    consult.move(plan, State.SUBMITTED, actor=actor)
    return plan


# ---------------------------------------------------------------------------------------------------------------
# The province
# ---------------------------------------------------------------------------------------------------------------


def upper_plan(unit: Unit, year: int, *, actor) -> Plan:
    """A province's or district's draft plan for the year: through `create_commune_plan` when it accepts the level;
    else the same row and audit entry it makes (the upper levels are being made creatable)."""
    kind = tracing.PLAN_KIND[unit.level]
    existing = Plan.objects.filter(unit=unit, kind=kind, year_from=year).order_by("version").first()
    if existing is not None:
        return existing
    try:
        return tracing.create_commune_plan(unit, year, actor=actor)
    except ValidationError:
        plan = Plan.objects.create(
            unit=unit,
            cycle=cycle_for(unit, year),
            kind=kind,
            year_from=year,
            year_to=year,
            title=tracing.DEFAULT_TITLE.format(year=year),
            created_by=actor,
        )
        record(
            actor, "plans.create_commune_plan", plan, after={"kind": kind, "year": year, "title": plan.title}
        )
        return plan


# The year's sources at the province (or district), as shares of what the communes under it ask of public money:
# kind, name, share, activity type, sectors (indexes in the default list), poverty, ethnic minority, min, max (đ),
# counterpart %, earmarked for a tenth of the communes.
SOURCES = [
    ("investment", "Vốn đầu tư phát triển nguồn ngân sách tỉnh", "0.18", "construction", (), False, False, 100 * M,
     None, None, False),
    ("recurrent", "Vốn sự nghiệp", "0.08", "technical_service", (), False, False, None, None, None, False),
    ("ntp_poverty", "Chương trình MTQG giảm nghèo bền vững", "0.10", "", (), True, False, None, 500 * M, None,
     False),
    ("ntp_rural", "Chương trình MTQG xây dựng nông thôn mới", "0.12", "", (0, 2), False, False, None, None, 10,
     False),
    ("ntp_ethnic", "Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS và miền núi", "0.08", "", (), False,
     True, None, None, None, False),
    ("oda", "Dự án ODA nước sạch và vệ sinh nông thôn", "0.03", "", (2,), False, False, None, None, None, True),
    ("commune_budget", "Ngân sách các xã", "0.06", "", (), False, False, None, None, None, False),
    ("people", "Nhân dân đóng góp", "0.01", "technical_service", (), False, False, None, 20 * M, None, False),
]  # fmt: skip


def upper_sources(unit: Unit, year: int, *, actor, seed: int) -> list:
    """The year's funding sources at `unit` (a province or district), if it has none: eight, like a province's
    year, sized on the public cost (cost less people's contribution) of the communes' submitted activities under
    it. Rows and "funding.add_source" audit entries as `sedp.funding.actions.save_source` writes them from its
    form (the form is the page's)."""
    from decimal import Decimal
    from fractions import Fraction

    from sedp.funding.models import FundingSource
    from sedp.plans.rollup.upper import child_activities, communes_under

    existing = list(FundingSource.objects.filter(unit=unit, year=year))
    if existing:
        return existing
    plan = Plan(unit=unit, year_from=year)
    total = sum(c.public_cost for c in child_activities(plan)) or 1
    sectors = list(Sector.objects.filter(unit__isnull=True).order_by("order", "name"))
    communes = sorted(communes_under(unit).values_list("pk", flat=True))
    rng = random.Random(f"sedp-synth-sources:{seed}:{unit.code}")
    oda = rng.sample(communes, k=max(1, len(communes) // 10)) if communes else []
    out = []
    for kind, name, share, atype, secs, poverty, ethnic, lo, hi, counterpart, earmarked in SOURCES:
        s = FundingSource.objects.create(
            unit=unit, year=year, kind=kind, name=name, amount=int(total * Fraction(share) / M) * M,
            activity_type=atype, targets_poverty=poverty, targets_ethnic_minority=ethnic, min_per_activity=lo,
            max_per_activity=hi, counterpart_percent=Decimal(counterpart) if counterpart else None, created_by=actor,
        )  # fmt: skip
        s.sectors.set([sectors[i] for i in secs])
        if earmarked:
            s.earmarked_units.set(oda)
        data = {f: getattr(s, f) for f in ("kind", "name", "amount", "activity_type", "targets_poverty",
                                           "targets_ethnic_minority", "min_per_activity", "max_per_activity")}  # fmt: skip
        data.update(
            counterpart_percent=str(s.counterpart_percent) if s.counterpart_percent is not None else None,
            priority=None,
            note="",
            sectors=sorted(sectors[i].pk for i in secs),
            earmarked_units=sorted(oda) if earmarked else [],
        )
        record(actor, "funding.add_source", s, after=data)
        out.append(s)
    return out


def _growing() -> list:
    """The tables synth grows and reads back (not the audit log, only written)."""
    from sedp.meetings.models import Meeting
    from sedp.needs.models import Score, ScoreSheet
    from sedp.plans.models import Activity, Figure, NeedLink

    return [Unit, Meeting, Need, ScoreSheet, Score, Plan, PlanItem, Activity, NeedLink, NeedLink.activities.through,
            Figure]  # fmt: skip


def _sizes(rng: random.Random, mean: int) -> int:
    return max(1, mean + rng.randint(-4, 4)) if mean >= 8 else mean


@dataclass
class _Commune:
    unit: Unit
    villages: list[Unit]


def _tree(rng: random.Random, *, code: str, communes: int, villages: int, legacy_districts: int):
    """The units, with sizes: communes' poverty and ethnic-minority shares vary a lot, villages around them."""
    legacy = legacy_districts > 0
    province = Unit.objects.filter(level=Level.PROVINCE, code=code, is_legacy=legacy).first()
    if province is not None:
        raise ValidationError(
            f"{province.name} ({code}) already exists: choose another code, or a fresh database."
        )
    taken: set[str] = set()
    province = Unit(
        level=Level.PROVINCE, kind=UnitKind.TINH, code=code, name=_name(rng, LOCAL, taken, "Tỉnh"),
        is_legacy=legacy, tiers=Tiers.THREE if legacy else Tiers.TWO,
    )  # fmt: skip
    province.save()
    districts = []
    for d in range(legacy_districts):
        unit = Unit(
            level=Level.DISTRICT, kind=UnitKind.HUYEN, code=f"{code}D{d + 1:02d}", parent=province,
            name=_name(rng, KINH, taken, "Huyện"), is_legacy=True,
        )  # fmt: skip
        unit.save()
        districts.append(unit)
    out = []
    for c in range(communes):
        ward = rng.random() < 0.12
        ethnic = rng.choice((rng.uniform(0, 12), rng.uniform(0, 12), rng.uniform(55, 99)))
        poverty = rng.uniform(0.02, 0.12) if ethnic < 50 else rng.uniform(0.10, 0.40)
        commune = Unit(
            level=Level.COMMUNE, kind=UnitKind.PHUONG if ward else UnitKind.XA, code=f"{code}{c + 1:04d}",
            parent=districts[c % len(districts)] if districts else province, is_legacy=legacy,
            name=_name(rng, KINH if ethnic < 50 else LOCAL, taken, "Phường" if ward else "Xã"),
        )  # fmt: skip
        commune.save()
        names: set[str] = set()
        units = []
        for v in range(_sizes(rng, villages)):
            share = min(100.0, max(0.0, ethnic + rng.uniform(-25, 25)))
            if share >= 60:
                prefix = rng.choice(("Buôn", "Buôn", "Bon", "Plei"))
                name = _name(rng, LOCAL, names, prefix)
            elif ward:
                name = f"Tổ dân phố {v + 1}"
            else:
                name = f"Thôn {v + 1}" if rng.random() < 0.6 else _name(rng, KINH, names, "Thôn")
            names.add(name)
            hh = int(rng.lognormvariate(5.2, 0.4))  # ~180 households, 60–500
            hh = min(600, max(40, hh))
            poor = min(hh, max(0, round(hh * min(0.9, max(0.0, poverty + rng.uniform(-0.08, 0.08))))))
            unit = Unit(
                level=Level.VILLAGE, kind={"Buôn": "buon", "Bon": "buon", "Plei": "plei"}.get(
                    name.split()[0], "to_dan_pho" if ward else "thon"),
                parent=commune, name=name, is_legacy=legacy, households=hh,
                population=round(hh * rng.uniform(3.6, 4.9)), poor_households=poor,
                ethnic_minority_share=round(share, 1),
            )  # fmt: skip
            unit.save()
            units.append(unit)
        commune.households = sum(u.households for u in units)
        commune.population = sum(u.population for u in units)
        commune.poor_households = sum(u.poor_households for u in units)
        commune.ethnic_minority_share = round(
            sum(float(u.ethnic_minority_share) * u.population for u in units) / max(1, commune.population), 1
        )
        commune.save(update_fields=["households", "population", "poor_households", "ethnic_minority_share"])
        out.append(_Commune(commune, units))
    return province, districts, out


def default_jobs() -> int:
    """How many processes `sedp synth` builds the communes in unless told: one per core on PostgreSQL; one on SQLite
    (one writer at a time), and inside a transaction (the workers could not see the province, uncommitted)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_province(
    *,
    communes: int,
    villages_per_commune: int,
    needs_per_village: int,
    seed: int,
    legacy_districts: int = 0,
    year: int | None = None,
    code: str = "SYN",
    waiting: int = 0,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Synth:
    """Build the province (see the module's docstring). Each commune is one transaction.

    `jobs` > 1 (PostgreSQL only, outside a transaction): once the province's units, accounts and cycle are
    committed, the communes are built in `jobs` processes forked from this one, each commune in whichever is free
    (the same content for a seed whatever `jobs`: each commune draws from its own random generator), and the units'
    open data is published in them too; the province's bulk, the upper plans and the `ANALYZE` steps here."""
    from sedp.core.calendar import planning_year
    from sedp.exports import warming
    from sedp.opendata.actions import held

    if jobs > 1 and connection.vendor != "postgresql":
        raise ValidationError(
            f"--jobs {jobs}: only on PostgreSQL ({connection.vendor} has one writer at a time)."
        )
    if jobs > 1 and connection.in_atomic_block:
        raise ValidationError(
            f"--jobs {jobs}: not inside a transaction (the workers would not see the province)."
        )
    year = year or planning_year(timezone.localdate())
    t0 = time.perf_counter()
    # The open data published once, at the end, not after each commune's transaction; the plans' documents not
    # made in the background as each plan is frozen and submitted (`sedp warm-documents` makes them after).
    with held(), warming.paused():
        out = _build_province(
            communes=communes, villages_per_commune=villages_per_commune, needs_per_village=needs_per_village,
            seed=seed, legacy_districts=legacy_districts, year=year, code=code, waiting=waiting, jobs=jobs,
            progress=progress,
        )  # fmt: skip
        t = time.perf_counter()
        if jobs > 1:
            _publish(jobs)
    out.seconds["open data"] = time.perf_counter() - t
    out.seconds["total"] = time.perf_counter() - t0
    return out


@dataclass
class _Province:
    """What each commune's build takes from the province built before it (the worker processes inherit it)."""

    tree: list[_Commune]
    year: int
    cycle: Cycle
    code: str
    password: str
    sectors: list[Sector]
    measures: list
    seed: int
    needs_per_village: int
    waiting: int


@dataclass
class _Built:
    """A commune built: its counts, the seconds of its villages and of its plan, and (in a worker) the open data
    keys its transaction scheduled."""

    villages: int
    needs: int
    submitted: bool
    villages_s: float
    communes_s: float
    keys: set = field(default_factory=set)


def _commune(i: int, p: _Province) -> _Built:
    """Commune `i`'s villages' planning seasons and its plan, in one transaction, from the commune's own random
    generator."""
    c = p.tree[i]
    crng = random.Random(f"sedp-synth:{p.seed}:{i}")
    with transaction.atomic():
        local = float(c.unit.ethnic_minority_share or 0) >= 60 and crng.random() < 0.5
        actor = _commune_user(c.unit, p.code, p.password, person(crng, local=local))
        t = time.perf_counter()
        for j, v in enumerate(c.villages):
            build_village(v, p.year, actor=actor, cycle=p.cycle, rng=crng, k=p.needs_per_village,
                          sectors=p.sectors, index=j, measures=p.measures)  # fmt: skip
        t2 = time.perf_counter()
        submit = i < len(p.tree) - p.waiting
        build_commune_plan(c.unit, p.year, actor=actor, rng=crng, number=10 + i, submit=submit)
        t3 = time.perf_counter()
    return _Built(len(c.villages), len(c.villages) * p.needs_per_village, submit, t2 - t, t3 - t2)


# The province being built, for the worker processes forked from the one building it (`_in_processes`).
_province: _Province | None = None


def _commune_in_worker(i: int) -> _Built:
    from sedp.opendata.actions import take_pending

    try:
        built = _commune(i, _province)
    except Exception as exc:
        c = _province.tree[i].unit
        exc.add_note(f"sedp synth: commune {i + 1} ({c.name}, {c.code}), in worker process {os.getpid()}")
        raise
    built.keys = take_pending()  # held here as in the parent (fork): the parent publishes them
    return built


def _worker_started() -> None:
    from sedp.opendata.actions import take_pending

    take_pending()  # the parent's keys, copied by the fork, are the parent's to publish
    # Each worker opens its own connection (the parent closed its own before forking) and closes it when it ends.
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=100)


def _in_processes(jobs: int, work: Callable, tasks: list, done: Callable[[object], None]) -> None:
    """`work(task)` for each task in `jobs` processes forked from this one (each takes the next task when free);
    `done(result)` here as each ends. The connections are closed before the fork: one shared by two processes
    would mix their queries. A task that fails stops the rest — those not started are cancelled, the running ones
    finish (each its own transaction) — and its exception is raised here, the worker's traceback as its cause;
    so does a worker that dies."""
    if not tasks:
        return
    connections.close_all()
    pool = ProcessPoolExecutor(
        min(jobs, len(tasks)), mp_context=multiprocessing.get_context("fork"), initializer=_worker_started
    )
    try:
        for f in as_completed([pool.submit(work, t) for t in tasks]):
            done(f.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _publish_in_worker(chunk: list[tuple[int, int]]) -> int:
    from sedp.opendata.actions import publish_units

    units = Unit.objects.select_related("parent").in_bulk({pk for pk, _year in chunk})
    with transaction.atomic():
        return publish_units([(units[pk], year) for pk, year in chunk])


def _publish(jobs: int) -> None:
    """What `held()` would publish when it ends, published now in `jobs` processes: the units' datasets a commune
    (with its villages) at a time in whichever process is free, then the provinces' bulk here, once."""
    from sedp.opendata.actions import bump, publish_bulks, take_pending, targets_of

    keys = take_pending()
    if not keys:
        return
    found = targets_of(keys)
    chunks: dict[int, list[tuple[int, int]]] = {}
    for u, year in found:  # a commune and its villages together: its decisions read once for them all
        chunks.setdefault(u.parent_id if u.level == Level.VILLAGE else u.pk, []).append((u.pk, year))
    _in_processes(jobs, _publish_in_worker, list(chunks.values()), lambda _stored: None)
    with transaction.atomic():
        publish_bulks(found)
        bump()


def _build_province(
    *,
    communes,
    villages_per_commune,
    needs_per_village,
    seed,
    legacy_districts,
    year,
    code,
    waiting,
    jobs,
    progress,
) -> Synth:
    global _province
    rng = random.Random(f"sedp-synth:{seed}")
    t0 = time.perf_counter()
    with transaction.atomic():
        province, districts, tree = _tree(
            rng,
            code=code,
            communes=communes,
            villages=villages_per_commune,
            legacy_districts=legacy_districts,
        )
        officer, district_officers, password = _users(province, districts, code)
        cycle = Cycle.objects.filter(unit=province, plan_year=year).first() or create_cycle(
            province, year, actor=officer, published=True
        )
    out = Synth(province, year, officer, districts)
    out.seconds["units"] = time.perf_counter() - t0
    p = _Province(
        tree=tree, year=year, cycle=cycle, code=code, password=password,
        sectors=list(Sector.objects.filter(unit__isnull=True).order_by("order", "name")),
        measures=default_measures(), seed=seed, needs_per_village=needs_per_village, waiting=waiting,
    )  # fmt: skip
    villages_s = communes_s = 0.0

    def built(b: _Built) -> None:
        nonlocal villages_s, communes_s
        villages_s += b.villages_s
        communes_s += b.communes_s
        n = out.communes + 1
        if n & (n - 1) == 0:
            # After communes 1, 2, 4, 8, …: PostgreSQL's statistics of the growing tables (where autovacuum is
            # off or behind, a table of 40,000 needs still looks like its first few hundred to the planner, which
            # then scans it whole to join a plan's 30 items to their needs).
            t3 = time.perf_counter()
            analyze(*_growing())
            out.seconds["analyze"] = out.seconds.get("analyze", 0.0) + time.perf_counter() - t3
        out.communes += 1
        out.villages += b.villages
        out.needs += b.needs
        out.submitted += b.submitted
        if progress and n % 10 == 0:
            progress(f"{n}/{len(tree)} communes, {out.villages} villages, {out.needs} needs, "
                     f"{time.perf_counter() - t0:.0f} s")  # fmt: skip

    if jobs > 1:
        from sedp.opendata.actions import schedule

        def handed(b: _Built) -> None:
            for unit_id, key_year in b.keys:
                schedule(unit_id, key_year)  # held: published at the end (`_publish`)
            built(b)

        t = time.perf_counter()
        _province = p
        try:
            _in_processes(jobs, _commune_in_worker, list(range(len(tree))), handed)
        finally:
            _province = None
        out.seconds["communes' wall"] = time.perf_counter() - t
    else:
        for i in range(len(tree)):
            built(_commune(i, p))
    # With jobs, summed over the processes (more than the wall time).
    out.seconds["villages"] = villages_s
    out.seconds["communes"] = communes_s
    t = time.perf_counter()
    with transaction.atomic():
        # Legacy: each district's plan made, consulted on, approved and submitted to the province (its sources too).
        for d, d_officer in zip(districts, district_officers, strict=True):
            drng = random.Random(f"sedp-synth:{seed}:{d.code}")
            district_plan = upper_plan(d, year, actor=d_officer)
            upper_sources(d, year, actor=d_officer, seed=seed)
            if district_plan.state == State.DRAFT:
                day = _past(date(year - 1, 12, 12) + timedelta(days=drng.randint(0, 8)))
                consult_and_submit(district_plan, actor=d_officer, rng=drng, day=day)
        out.province_plan = upper_plan(province, year, actor=officer)
        upper_sources(province, year, actor=officer, seed=seed)
    out.seconds["upper plans"] = time.perf_counter() - t
    return out
