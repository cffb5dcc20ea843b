"""Load the demo: places (if missing), villages, people with one login per role, and planning cycles."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from sedp.accounts.models import RoleGrant
from sedp.core.calendar import planning_year
from sedp.cycles.actions import create_cycle
from sedp.cycles.models import Cycle
from sedp.places.choices import Level
from sedp.places.loaders import load_current, load_legacy
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan

from . import data
from .villages import build_village_plans, village_figures


def _villages(commune: Unit, rows) -> dict[str, Unit]:
    out = {}
    for name, kind, hh, pop, poor, share in rows:
        unit = Unit.objects.filter(level=Level.VILLAGE, parent=commune, name=name).first() or Unit(
            level=Level.VILLAGE, parent=commune, name=name, is_legacy=commune.is_legacy
        )
        unit.kind, unit.households, unit.population, unit.poor_households = kind, hh, pop, poor
        unit.ethnic_minority_share = share
        unit.save()
        out[name] = unit
    return out


@transaction.atomic
def load_demo(today: date, *, province_level: bool = True) -> list[tuple[str, str, str]]:
    """Returns (username, role label, unit name) for each demo login. `province_level=False` leaves out the two
    communes that have sent their plans and the province's sources (the tests' database builds its own)."""
    if not Unit.objects.current().filter(level=Level.COMMUNE).exists():
        load_current()
    if not Unit.objects.legacy().filter(level=Level.COMMUNE).exists():
        load_legacy()
    province = Unit.objects.get(level=Level.PROVINCE, code=data.EA_KAO["province_code"], is_legacy=False)
    commune = Unit.objects.get(level=Level.COMMUNE, code=data.EA_KAO["commune_code"], is_legacy=False)
    district = Unit.objects.get(level=Level.DISTRICT, code=data.TRUONG_THI["district_code"], is_legacy=True)
    ward = Unit.objects.get(level=Level.COMMUNE, code=data.TRUONG_THI["commune_code"], is_legacy=True)
    villages = _villages(commune, data.EA_KAO_VILLAGES)
    _villages(ward, data.TRUONG_THI_GROUPS)

    where = {"commune": commune, "province": province, "legacy-district": district, "legacy-commune": ward}
    User = get_user_model()
    logins = []
    # One hash serves every demo account: hashing is deliberately slow, and these share a printed password.
    from django.contrib.auth.hashers import make_password

    password = make_password(data.DEMO_PASSWORD)
    for username, full_name, role, place in data.USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.full_name, user.is_demo, user.is_active = full_name, True, True
        user.password = password
        user.save()
        unit = (
            villages[place.split(":", 1)[1]] if place and place.startswith("village:") else where.get(place)
        )
        grant, _ = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
        logins.append((username, grant.get_role_display(), unit.name if unit else "—"))

    # The province's cycle for the plan year in the making: what has passed is done, except the province plan,
    # left open so the home pages show an overdue milestone.
    year = planning_year(today)
    cycle = Cycle.objects.filter(unit=province, plan_year=year).first() or create_cycle(
        province, year, published=True
    )
    for m in cycle.milestones.all():
        if m.due_on < today and m.key != "upper_plan" and m.done_on is None:
            m.done_on = m.due_on
            m.save(update_fields=["done_on"])
    # Village plans for that year: four buôn and Thôn 1 have adopted theirs, Thôn 2 is still drafting; Buôn Ea Kmát
    # (the demo village head's, left empty for walking through village planning), Thôn 3 and Thôn Cao Thắng have
    # not begun.
    if not Plan.objects.filter(unit__parent=commune, kind=Kind.VILLAGE_ANNUAL, year_from=year).exists():
        head = User.objects.get(username="truongbuon")
        plans = build_village_plans(list(villages.values())[1:7], year, actor=head, adopted=5)
        # Last year's figures, shown beside this year's inputs (Buôn Ea Kmát's too: it has not entered this year's).
        for i, village in enumerate(list(villages.values())[:7]):
            village_figures(village, year - 1, max(i - 1, 0), last_year=True)
        Plan.objects.filter(pk__in=[p.pk for p in plans] + [p.source_id for p in plans]).update(cycle=cycle)
    # Market prices in Phường Ea Kao: six months of coffee, pepper and avocado at two markets (issue 15).
    from .markets import build_prices

    build_prices(commune, today)
    # Citizen–government dialogues in Phường Ea Kao: one held with Buôn Ea Kmát, its commitments followed; one coming.
    from .dialogues import build_dialogues

    build_dialogues(commune, villages["Buôn Ea Kmát"], today)
    # Two other communes of the province have planned and sent their plans up; the province has its sources.
    from .province import build_province_demo

    if province_level:
        build_province_demo(province, commune, year, cycle)
        # A third commune's plan for the year under way, assigned by the province: works followed and reported.
        from .implementation import USERS as IMPLEMENTATION_USERS
        from .implementation import build_implementation_demo

        build_implementation_demo(
            province, commune, today.year, officer=User.objects.filter(username="tinh").first()
        )
        for grant in RoleGrant.objects.filter(
            user__username__in=[u for u, _n, _r in IMPLEMENTATION_USERS]
        ).select_related("user", "unit"):
            logins.append((grant.user.username, grant.get_role_display(), grant.unit.name))
    # The 2010 plan year of source 000's example, in the legacy structure: finished long ago.
    old = Cycle.objects.filter(unit=ward, plan_year=2010).first() or create_cycle(ward, 2010, published=True)
    old.milestones.filter(done_on__isnull=True).update(done_on=date(2010, 12, 31))
    from .truong_thi_db import load_truong_thi  # source 000's example plan, adopted and submitted

    load_truong_thi(ward, old, actor=User.objects.filter(username="truongthi").first())
    return logins
