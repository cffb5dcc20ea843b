"""A commune plan of Phường Ea Kao with a small logframe, and the fates of two villages' needs."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from sedp.consultation import actions
from sedp.core.calendar import planning_year
from sedp.needs.models import Need, Sector
from sedp.places.models import Unit
from sedp.plans.models import (
    Activity,
    Fate,
    Indicator,
    KeyTarget,
    Kind,
    NeedLink,
    Objective,
    Plan,
    Result,
)

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def at(day: date, hour: int = 8):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_plan(unit, year: int, actor) -> Plan:
    plan = Plan.objects.create(
        unit=unit,
        kind=Kind.COMMUNE_ANNUAL,
        year_from=year,
        year_to=year,
        title=f"Kế hoạch phát triển kinh tế - xã hội năm {year}",
        total_budget=17_052_000_000,
        created_by=actor,
    )
    sector = Sector.objects.filter(unit__isnull=True).order_by("order").first()
    kt = KeyTarget.objects.create(plan=plan, order=1, text="Giảm tỷ lệ hộ nghèo từ 3,06% xuống 2,9%")
    Indicator.objects.create(
        plan=plan, key_target=kt, name="Tỷ lệ hộ nghèo", unit="%", baseline=3.06, target=2.9
    )
    obj = Objective.objects.create(plan=plan, sector=sector, number="1", text="Cải thiện hạ tầng thủy lợi")
    res = Result.objects.create(
        plan=plan, objective=obj, number="1", output="Kênh mương nội đồng được sửa chữa"
    )
    Indicator.objects.create(plan=plan, result=res, name="Số km kênh được sửa", unit="km", target=3)
    Activity.objects.create(
        plan=plan,
        result=res,
        sector=sector,
        number="1",
        title="Sửa chữa kênh mương",
        q2=True,
        q3=True,
        responsible="UBND",
        cost=450_000_000,
        order=1,
    )
    Activity.objects.create(
        plan=plan, sector=sector, number="2", title="Tập huấn kỹ thuật cà phê", q1=True, order=2
    )
    return plan


@pytest.fixture
def year():
    return planning_year(timezone.localdate())


@pytest.fixture
def plan(units, commune_planner, year):
    """Year Y: the demo villages' adopted plans reach it, so some needs are still undecided."""
    plan = make_plan(units.ea_kao, year, commune_planner)
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    canal = Need.objects.get(unit=ko_tam, title__startswith="Sửa chữa kênh mương")
    road = Need.objects.get(unit=ko_tam, title__startswith="Bê tông hóa đường")
    link = NeedLink.objects.create(
        plan=plan, need=canal, fate=Fate.MERGED, reason="Gộp với kênh của hai buôn"
    )
    link.activities.add(plan.activities.get(number="1"))
    NeedLink.objects.create(
        plan=plan, need=road, fate=Fate.POSTPONED, reason="Vốn năm nay không đủ", postponed_to=year + 1
    )
    return plan


@pytest.fixture
def clean_plan(units, commune_planner, year):
    """Year Y+5: no village has a plan for it, so no need waits for a fate."""
    return make_plan(units.ea_kao, year + 5, commune_planner)


def to_revised(plan, actor, *, conference_day=None):
    """Freeze draft 1, hold the comment conference on it, send it out, freeze draft 2, move to revised."""
    v1 = actions.freeze(plan, actor=actor, note="cho hội nghị góp ý")
    day = conference_day or date(plan.year_from - 1, 6, 10)
    actions.set_distribution(v1, actor=actor, distributed_on=date.fromordinal(day.toordinal() - 4))
    actions.hold_meeting(plan, 3, actor=actor, starts_at=at(day), version=v1, place="Hội trường UBND")
    actions.move(plan, "in_consultation", actor=actor)
    plan.refresh_from_db()
    plan.title = plan.title + " (sửa)"
    plan.save(update_fields=["title"])
    actions.freeze(plan, actor=actor, note="đã chỉnh sửa")
    return actions.move(plan, "revised", actor=actor)
