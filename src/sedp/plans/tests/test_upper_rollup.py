"""A province's (and a legacy district's) plan rolls Biểu 1 and Biểu 2 up over the whole tree, each measure as it
declares (issue 11 §1): the villages' figures make each commune's, the communes' make the province's; sums, plain
and weighted means, percentages from numerators and denominators (never a mean of the communes' percentages),
minimum and maximum, each with "n of N reporting" — and a legacy province through its districts gives exactly the
one-stage answer. The children that have not sent their plan are listed with their due date and days overdue. The
number of queries does not grow with the number of communes and villages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sedp.core import rollup
from sedp.cycles.actions import create_cycle
from sedp.plans.models import Kind, Measure, Plan, Rollup
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import aggregate

from .upper_tree import legacy_province, measure, province, state, submitted_plan

pytestmark = pytest.mark.django_db
YEAR = 2045


def row(agg, key):
    return next(r for r in (*agg.form1, *agg.form2) if r.measure.key == key)


def own_measure(owner, key, rule, *, numerator=None, denominator=None, form=1):
    return Measure.objects.create(
        unit=owner,
        key=key,
        form=form,
        name=key,
        rollup=rule,
        numerator=numerator,
        denominator=denominator,
    )


@pytest.fixture
def tree():
    """Three communes of two villages each; the third commune's villages state nothing."""
    built = province("T7", communes=3, villages=2)
    (a1, a2), (b1, b2), _silent = (built.villages[c.pk] for c in built.communes)
    # Commune A: 10 % and 50 % poor; commune B: 1 of 1000 and 300 of 1000.
    state(a1, YEAR, households=10, poor_households=1, population=40, clean_water=20, income=10)
    state(a2, YEAR, households=10, poor_households=5, population=60, clean_water=80, income=20)
    state(b1, YEAR, households=1000, poor_households=1, population=4000, clean_water=90, income=30)
    state(b2, YEAR, households=1000, poor_households=300, population=5000, clean_water=50, income=40)
    return built


@pytest.fixture
def plan(tree, province_officer):
    return Plan.objects.create(
        unit=tree.root, kind=Kind.PROVINCE_ANNUAL, year_from=YEAR, year_to=YEAR, title="Kế hoạch tỉnh"
    )


def test_a_sum_adds_every_village_under_the_province_with_n_of_n(plan):
    households = row(aggregate(plan), "households")
    assert households.value.value == Decimal(2020)
    assert (households.value.reporting, households.value.total) == (4, 6)  # villages stating it, of all
    assert (households.children_reporting, households.children_total) == (2, 3)  # communes with any


def test_a_percentage_is_the_poor_households_over_the_households_not_a_mean_of_the_communes_rates(plan):
    poverty = row(aggregate(plan), "poverty_rate")
    # 307 poor of 2020 households; commune A's rate is 30 %, B's 15.05 %: their mean would be 22.525 %.
    assert poverty.value.value == Decimal("15.20")
    assert poverty.value.value != Decimal("22.53")
    # Each commune's own cell is its villages' numerators over their denominators too.
    assert [c[0] for c in poverty.cells] == [Decimal("30.00"), Decimal("15.05"), None]
    assert (poverty.value.reporting, poverty.value.total) == (4, 6)


def test_means_are_weighted_by_households_or_population_over_the_villages(plan):
    agg = aggregate(plan)
    # Σ rate × households / Σ households = (200 + 800 + 90000 + 50000) / 2020
    assert row(agg, "clean_water").value.value == Decimal("69.80")
    # Σ income × population / Σ population = (400 + 1200 + 120000 + 200000) / 9100
    assert row(agg, "income").value.value == Decimal("35.34")


def test_plain_mean_minimum_maximum_and_ratio_over_the_tree(tree, plan):
    root = tree.root
    own_measure(root, "score", Rollup.MEAN)
    own_measure(root, "lowest", Rollup.MIN)
    own_measure(root, "highest", Rollup.MAX)
    own_measure(
        root,
        "people_per_household",
        Rollup.RATIO,
        numerator=measure("population"),
        denominator=measure("households"),
    )
    values = {0: 1, 1: 2, 2: 3, 3: 10}
    villages = [v for c in tree.communes for v in tree.villages[c.pk]]
    for i, v in enumerate(villages[:4]):
        state(v, YEAR, score=values[i], lowest=values[i], highest=values[i])
    agg = aggregate(plan)
    assert row(agg, "score").value.value == Decimal("4.00")  # (1 + 2 + 3 + 10) / 4 villages, not of communes
    assert row(agg, "lowest").value.value == Decimal(1)
    assert row(agg, "highest").value.value == Decimal(10)
    assert row(agg, "people_per_household").value.value == Decimal("4.50")  # 9100 / 2020


def test_a_commune_with_no_village_recorded_reports_its_own_figures(tree, plan):
    silent = tree.communes[2]
    for v in tree.villages[silent.pk]:
        v.delete()
    state(silent, YEAR, households=500, poor_households=100)
    poverty = row(aggregate(plan), "poverty_rate")
    assert poverty.value.value == Decimal("16.15")  # 407 / 2520
    assert (poverty.value.reporting, poverty.value.total) == (5, 5)


def test_a_target_rolls_up_from_the_targets_numerators_and_denominators(tree, plan):
    a1 = tree.villages[tree.communes[0].pk][0]
    # A village that sets only its rate's target: its numerator's target is that rate of its households.
    state(a1, YEAR, poverty_rate=(Decimal(10), Decimal(0)))
    poverty = row(aggregate(plan), "poverty_rate")
    assert poverty.target.value == Decimal("0.00")  # 0 poor of 10 households targeted; the rest set none


def test_a_legacy_province_through_its_districts_equals_the_one_stage_answer(province_officer):
    built = legacy_province("TL", districts=2, communes=2, villages=3)
    villages = [v for c in built.communes for v in built.villages[c.pk]]
    entries = []
    for i, v in enumerate(villages):
        hh, poor, water = 50 + 37 * i, (7 * i) % 23, 10 + (13 * i) % 80
        if i % 5 == 4:
            continue  # a village that states nothing
        state(v, YEAR, households=hh, poor_households=poor, clean_water=water, population=4 * hh)
        entries.append((v.pk, hh, poor, water))
    plan = Plan.objects.create(
        unit=built.root, kind=Kind.PROVINCE_ANNUAL, year_from=YEAR, year_to=YEAR, title="Kế hoạch tỉnh"
    )
    agg = aggregate(plan)
    assert [c.unit for c in agg.children] == built.districts  # a legacy province lists its districts

    one_stage = {
        "poverty_rate": rollup.roll_up(
            "percent",
            [rollup.Entry(u, None, numerator=p, denominator=h) for u, h, p, _w in entries]
            + [rollup.Entry(None, None)] * (len(villages) - len(entries)),
        ),
        "clean_water": rollup.roll_up(
            "mean_households",
            [rollup.Entry(u, w, households=h) for u, h, _p, w in entries]
            + [rollup.Entry(None, None)] * (len(villages) - len(entries)),
        ),
        "households": rollup.roll_up(
            "sum",
            [rollup.Entry(u, h) for u, h, _p, _w in entries]
            + [rollup.Entry(None, None)] * (len(villages) - len(entries)),
        ),
    }
    for key, expected in one_stage.items():
        got = row(agg, key).value
        assert (got.exact, got.reporting, got.total) == (
            expected.exact,
            expected.reporting,
            expected.total,
        ), key

    # Each district's own plan gives the figure the province shows in that district's column.
    for i, district in enumerate(built.districts):
        district_plan = Plan.objects.create(
            unit=district, kind=Kind.DISTRICT_ANNUAL, year_from=YEAR, year_to=YEAR, title="Kế hoạch huyện"
        )
        district_agg = aggregate(district_plan)
        assert [c.unit for c in district_agg.children] == [
            c for c in built.communes if c.parent_id == district.pk
        ]
        for key in one_stage:
            assert row(district_agg, key).value.value == row(agg, key).cells[i][0], (district, key)


def test_children_that_have_not_sent_are_listed_with_their_due_date_and_days_overdue(tree, plan):
    sent = tree.communes[0]
    submitted_plan(sent, YEAR, tree.villages[sent.pk])
    cycle = create_cycle(tree.root, YEAR)
    due = cycle.milestones.get(key="commune_plan").due_on
    plan.cycle = cycle
    plan.save(update_fields=["cycle"])
    agg = aggregate(plan, today=due + timedelta(days=9))
    assert [c.unit for c in agg.sent] == [sent]
    waiting = agg.not_sent
    assert [c.unit for c in waiting] == tree.communes[1:]
    assert all(c.due_on == due and c.overdue and c.days_overdue == 9 for c in waiting)
    early = aggregate(plan, today=due - timedelta(days=1))
    assert all(not c.overdue and c.days_overdue == 0 for c in early.not_sent)


def _queries(plan) -> int:
    with CaptureQueriesContext(connection) as ctx:
        aggregate(plan, today=date(YEAR, 7, 1))
    return len(ctx.captured_queries)


def test_the_roll_up_reads_a_province_in_the_same_queries_at_any_size(province_officer):
    small = province("T5", communes=2, villages=2)
    large = province("T4", communes=9, villages=6)
    for built in (small, large):
        for c in built.communes:
            for v in built.villages[c.pk]:
                state(v, YEAR, households=100, poor_households=10)
            submitted_plan(c, YEAR, built.villages[c.pk])
    plans = [tracing.create_commune_plan(b.root, YEAR, actor=province_officer) for b in (small, large)]
    assert all(p.kind == Kind.PROVINCE_ANNUAL for p in plans)
    n_small, n_large = _queries(plans[0]), _queries(plans[1])
    assert n_small == n_large <= 10


def test_the_province_roll_up_follows_a_figure_changed_added_or_removed_after_it_was_shown(plan, tree):
    # The province's Biểu 1/2 are kept between pages (45,000 figures in a merged province): never stale.
    from sedp.plans.models import Figure

    (a1, _a2), _b, (c1, _c2) = (tree.villages[c.pk] for c in tree.communes)
    assert row(aggregate(plan), "households").value.value == Decimal(2020)
    households = Figure.objects.get(unit=a1, year=YEAR, measure__key="households")
    households.value = Decimal(110)
    households.save()
    assert row(aggregate(plan), "households").value.value == Decimal(2120)
    state(c1, YEAR, households=5)  # the silent commune's village speaks
    again = row(aggregate(plan), "households")
    assert again.value.value == Decimal(2125) and again.children_reporting == 3
    Figure.objects.filter(unit=c1, year=YEAR).delete()
    assert row(aggregate(plan), "households").value.value == Decimal(2120)
