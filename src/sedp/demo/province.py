"""The province level of the demo: two more communes of Đắk Lắk that have planned and submitted their plan for the
year, and the province's funding sources — so the province officer (`tinh`) sees communes' plans arrive, can
start the province plan, roll the communes up, integrate them into the funding sources and assign back down.

Built by `sedp.demo.synth`'s functions (the app's actions: meetings, needs, score sheets, adopted village plans,
the commune plan with every need's fate, its consultation to submitted). The two communes are real communes of
Đắk Lắk; their villages, needs and figures are illustrative. Phường Ea Kao stays without a commune plan: the demo's
commune planner (`canboxa`) makes it.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from sedp.needs.models import Sector
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan

from . import data, synth

# (name, kind, households, population, poor households, ethnic-minority share %) of each commune's villages.
VILLAGES = [
    [
        ("Thôn 1", "thon", 214, 861, 12, 8.0),
        ("Thôn 2", "thon", 187, 752, 15, 11.5),
        ("Buôn Ea Tul", "buon", 163, 802, 41, 97.0),
    ],
    [
        ("Buôn Cuôr Đăng", "buon", 176, 866, 38, 95.5),
        ("Thôn Tân Lập", "thon", 205, 820, 9, 3.5),
        ("Thôn Đoàn Kết", "thon", 192, 770, 17, 22.0),
    ],
]


def build_province_demo(province: Unit, skip: Unit, year: int, cycle) -> list[Plan]:
    """Two communes of `province` (not `skip`) with submitted plans for `year`, and the province's sources."""
    communes = list(
        Unit.objects.filter(parent=province, level=Level.COMMUNE, kind="xa", is_legacy=False)
        .exclude(pk=skip.pk)
        .order_by("code")[: len(VILLAGES)]
    )
    if Plan.objects.filter(unit__in=communes, kind=Kind.COMMUNE_ANNUAL, year_from=year).exists():
        return []
    password = make_password(data.DEMO_PASSWORD)
    sectors = list(Sector.objects.filter(unit__isnull=True).order_by("order", "name"))
    plans = []
    for i, (commune, rows) in enumerate(zip(communes, VILLAGES, strict=False)):
        rng = random.Random(f"sedp-demo:{commune.code}")
        actor = synth._commune_user(commune, "demo", password, synth.person(rng))
        villages = []
        for name, kind, hh, pop, poor, share in rows:
            village = Unit.objects.filter(parent=commune, level=Level.VILLAGE, name=name).first() or Unit(
                level=Level.VILLAGE, parent=commune, name=name
            )
            village.kind, village.households, village.population = kind, hh, pop
            village.poor_households, village.ethnic_minority_share = poor, share
            village.save()
            villages.append(village)
        for j, v in enumerate(villages):
            synth.build_village(v, year, actor=actor, cycle=cycle, rng=rng, k=6, sectors=sectors, index=j)
        plan = synth.build_commune_plan(commune, year, actor=actor, rng=rng, number=30 + i, submit=True)
        plans.append(Plan.objects.get(pk=plan.pk))  # as the consultation left it: submitted
    officer = get_user_model().objects.filter(username="tinh").first()
    synth.upper_sources(province, year, actor=officer, seed=year)
    return plans
