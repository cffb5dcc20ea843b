"""The year under way in the demo: a third commune of Đắk Lắk whose plan for the current year was made from its
villages, adopted and sent up; the province's plan for that year adopted, integrated into the year's funding
sources (the run applied) and the commune's targets and budget assigned down — the starting point of implementation
and monitoring (issue 12). The commune's people follow its funded works, report each quarter, the province accepts.

Built by `sedp.demo.synth`'s functions and the app's own actions (funding run, assignments); the commune is a real
commune of Đắk Lắk, its villages, needs and figures illustrative. Its logins: `thuchien` (commune planner) and
`chutichthuchien` (commune leader), the demo password.
"""

from __future__ import annotations

import random
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction

from sedp.accounts.models import RoleGrant
from sedp.cycles.actions import create_cycle
from sedp.cycles.models import Cycle
from sedp.needs.models import Sector
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan, State

from . import data, synth

VILLAGES = [
    ("Buôn Ea Bar", "buon", 168, 812, 44, 96.0),
    ("Thôn Tân Thành", "thon", 201, 795, 11, 6.5),
    ("Buôn Ea Sim", "buon", 152, 744, 39, 92.5),
]
USERS = [
    ("thuchien", "Lê Văn Thực", "commune_planner"),
    ("chutichthuchien", "H'Mai Êban", "commune_leader"),
]


def implementation_commune(province: Unit, taken: list[Unit]) -> Unit:
    return (
        Unit.objects.filter(parent=province, level=Level.COMMUNE, kind="xa", is_legacy=False)
        .exclude(pk__in=[u.pk for u in taken])
        .order_by("code")[2]
    )


@transaction.atomic
def build_implementation_demo(province: Unit, skip: Unit, year: int, *, officer) -> Plan | None:
    """The commune's assigned plan for `year` (the year under way), or None when it exists already."""
    commune = implementation_commune(province, [skip])
    if Plan.objects.filter(unit=commune, kind=Kind.COMMUNE_ANNUAL, year_from=year).exists():
        return None
    password = make_password(data.DEMO_PASSWORD)
    User = get_user_model()
    people = []
    for username, full_name, role in USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.full_name, user.is_demo, user.is_active, user.password = full_name, True, True, password
        user.save()
        RoleGrant.objects.get_or_create(user=user, role=role, unit=commune)
        people.append(user)
    planner, leader = people
    rng = random.Random(f"sedp-demo-implementation:{commune.code}")
    cycle = Cycle.objects.filter(unit=province, plan_year=year).first() or create_cycle(
        province, year, published=True
    )
    cycle.milestones.filter(done_on__isnull=True).update(
        done_on=cycle.milestones.order_by("-due_on")[0].due_on
    )
    sectors = list(Sector.objects.filter(unit__isnull=True).order_by("order", "name"))
    for j, (name, kind, hh, pop, poor, share) in enumerate(VILLAGES):
        village = Unit.objects.filter(parent=commune, level=Level.VILLAGE, name=name).first() or Unit(
            level=Level.VILLAGE, parent=commune, name=name
        )
        village.kind, village.households, village.population = kind, hh, pop
        village.poor_households, village.ethnic_minority_share = poor, share
        village.save()
        synth.build_village(village, year, actor=planner, cycle=cycle, rng=rng, k=6, sectors=sectors, index=j)
    plan = synth.build_commune_plan(commune, year, actor=leader, rng=rng, number=52, submit=False)
    _logframe(plan, leader)
    # Market-oriented planning: its prices, three candidate products ranked, coffee's chain analysed and carried in.
    from .markets import build_chain

    build_chain(plan, leader, date.today())
    synth.consult_and_submit(plan, actor=leader, rng=rng, day=synth._past(date(year - 1, 12, 5)))
    _assign(province, commune, year, officer=officer, rng=rng)
    return Plan.objects.get(pk=plan.pk)


def _logframe(plan: Plan, actor) -> None:
    """The targets the commune will be evaluated on: the poverty rate (a rate, reported as poor households of all
    households), households given clean water, people trained (by sex)."""
    from sedp.plans.logframe import actions as lf
    from sedp.plans.models import Direction

    year = plan.year_from
    lf.add_key_target(plan, actor=actor, text=f"Tỷ lệ hộ nghèo giảm từ 15% xuống còn 13% trong năm {year}")
    key = plan.key_targets.order_by("order").first()
    lf.add_indicator(
        plan, actor=actor, parent=key, name="Tỷ lệ hộ nghèo", unit="%", baseline=15, target=13,
        direction=Direction.DECREASE, target_year=year, verification="Kết quả rà soát hộ nghèo",
    )  # fmt: skip
    sector = plan.activities.order_by("order").first().sector
    objective = lf.add_objective(
        plan, actor=actor, sector=sector, text="Cải thiện điều kiện sống của hộ nghèo các thôn, buôn"
    )
    lf.add_indicator(
        plan, actor=actor, parent=objective, name="Số hộ được dùng nước sạch", unit="hộ", baseline=320,
        target=400, target_year=year,
    )  # fmt: skip
    lf.add_indicator(
        plan, actor=actor, parent=objective, name="Số người được tập huấn khuyến nông", unit="người", target=80,
        target_year=year,
    )  # fmt: skip


def _assign(province: Unit, commune: Unit, year: int, *, officer, rng) -> None:
    """The province's plan for the year adopted, its sources integrated (the run applied), the commune assigned."""
    from sedp.assignments import actions as assignments
    from sedp.funding.actions import apply_run, run_integration

    upper = synth.upper_plan(province, year, actor=officer)
    if upper.state == State.DRAFT:
        synth.consult_and_submit(upper, actor=officer, rng=rng, day=synth._past(date(year - 1, 12, 15)))
    upper.refresh_from_db()
    synth.upper_sources(province, year, actor=officer, seed=year)
    run = run_integration(upper, actor=officer)
    apply_run(run, actor=officer)
    proposal = assignments.propose(upper, commune)
    assignments.save(
        upper,
        commune,
        actor=officer,
        budgets=proposal.budgets,
        targets=[t for t in proposal.targets if t["value"] is not None],
        doc_number=f"{rng.randint(100, 300)}/QĐ-UBND",
        doc_date=synth._past(date(year - 1, 12, 28)),
    )
    try:
        assignments.issue_all(upper, actor=officer)
    except ValidationError:
        # Lines that do not add up (money kept for communes that have not planned): explained, then issued.
        for line in assignments.check(upper).lines:
            if line.status == "difference":
                assignments.explain(upper, line.key, "Phần còn lại giao cho các xã khác sau", actor=officer)
        assignments.issue_all(upper, actor=officer)
