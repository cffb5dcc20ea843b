"""Building a province (or a legacy province with its districts) for the upper-level roll-up tests: communes with
villages, each village's figures for a year, and each commune's submitted plan with activities made from its
villages' needs — written the way the app stores them, in few statements."""

from __future__ import annotations

from dataclasses import dataclass, field

from sedp.needs.models import Need, Sector
from sedp.places.models import Unit
from sedp.plans.models import Activity, Fate, Figure, Kind, Measure, NeedLink, Plan, State


@dataclass
class Built:
    root: Unit
    districts: list[Unit] = field(default_factory=list)
    communes: list[Unit] = field(default_factory=list)
    villages: dict[int, list[Unit]] = field(default_factory=dict)  # by commune id


def unit(level, kind, name, parent=None, *, code="", legacy=False, **extra) -> Unit:
    u = Unit(level=level, kind=kind, name=name, parent=parent, code=code, is_legacy=legacy, **extra)
    u.save()
    return u


def communes_with_villages(parent: Unit, prefix: str, communes: int, villages: int, built: Built) -> None:
    for c in range(1, communes + 1):
        commune = unit(
            "commune", "xa", f"Xã {prefix}-{c}", parent, code=f"{prefix}{c:03d}", legacy=parent.is_legacy
        )
        built.communes.append(commune)
        built.villages[commune.pk] = [
            unit("village", "buon", f"Buôn {prefix}-{c}-{v}", commune, legacy=parent.is_legacy)
            for v in range(1, villages + 1)
        ]


def province(code: str, *, communes: int = 3, villages: int = 2, under: Unit | None = None) -> Built:
    """A two-tier province (or, with `under`, communes added to an existing one)."""
    root = under or unit("province", "tinh", f"Tỉnh Thử {code}", code=code)
    built = Built(root)
    communes_with_villages(root, f"9{code}", communes, villages, built)
    return built


def legacy_province(code: str, *, districts: int = 2, communes: int = 2, villages: int = 2) -> Built:
    root = unit("province", "tinh", f"Tỉnh Cũ {code}", code=code, legacy=True, tiers=3)
    built = Built(root)
    for d in range(1, districts + 1):
        district = unit("district", "huyen", f"Huyện Cũ {code}-{d}", root, code=f"L{code}{d}", legacy=True)
        built.districts.append(district)
        communes_with_villages(district, f"8{code}{d}", communes, villages, built)
    return built


def measure(key: str, owner: Unit | None = None) -> Measure:
    """A measure of the default list (or of `owner`'s own list)."""
    return Measure.objects.get(unit=owner, key=key)


def state(u: Unit, year: int, **values) -> None:
    """The unit's figures for the year, by measure key; a (value, target) pair sets the target too."""
    rows = []
    for key, value in values.items():
        m = Measure.for_unit(u).get(key=key)
        value, target = value if isinstance(value, tuple) else (value, None)
        rows.append(Figure(unit=u, year=year, measure=m, value=value, target=target))
    Figure.objects.bulk_create(rows)


def submitted_plan(
    commune: Unit, year: int, villages: list[Unit], *, activities_per_village: int = 1
) -> Plan:
    """The commune's submitted plan: per village, activities each made from one of its needs (the last one of
    every commune is the commune's own, from no need)."""
    plan = Plan.objects.create(
        unit=commune,
        kind=Kind.COMMUNE_ANNUAL,
        year_from=year,
        year_to=year,
        state=State.SUBMITTED,
        title=f"Kế hoạch {commune.name}",
    )
    sectors = list(Sector.objects.filter(unit=None).order_by("order", "id")[:3])
    needs, acts = [], []
    for i, v in enumerate(villages):
        for k in range(activities_per_village):
            sector = sectors[(i + k) % len(sectors)]
            needs.append(
                Need(unit=v, code=f"N{k + 1}", title=f"Đường nội {v.name} đoạn {k + 1}", sector=sector)
            )
            acts.append(
                Activity(
                    plan=plan,
                    sector=sector,
                    title=f"Làm đường {v.name} đoạn {k + 1}",
                    cost=100_000_000,
                    funding_source="Chương trình nông thôn mới",
                    contribution_value=10_000_000,
                    order=len(acts) + 1,
                )
            )
    Need.objects.bulk_create(needs)
    Activity.objects.bulk_create(acts)
    own = Activity.objects.create(
        plan=plan,
        sector=sectors[0],
        title=f"Nhà văn hóa {commune.name}",
        cost=50_000_000,
        order=len(acts) + 1,
    )
    links = NeedLink.objects.bulk_create(NeedLink(plan=plan, need=n, fate=Fate.INCLUDED) for n in needs)
    through = NeedLink.activities.through
    through.objects.bulk_create(
        through(needlink_id=link.pk, activity_id=a.pk) for link, a in zip(links, acts, strict=True)
    )
    assert own.pk
    return plan
