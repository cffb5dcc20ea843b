"""Each measure rolls up as it declares (issue 11 §1): a percentage from the villages' numerators and denominators
summed, never the mean of their percentages; the smallest or largest value; a percentage that does not name what
it is made of is refused — and the commune's pages and workbook say how each figure was made."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sedp.places.models import Unit
from sedp.plans.models import Figure, Measure, Rollup
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import aggregate

pytestmark = pytest.mark.django_db


def default(key):
    return Measure.objects.get(unit=None, key=key)


def row(agg, key):
    return next(r for r in (*agg.form1, *agg.form2) if r.measure.key == key)


@pytest.fixture
def commune(units):
    commune = Unit(level="commune", kind="xa", code="99911", name="Xã Tỷ Lệ", parent=units.daklak)
    commune.save()
    return commune


def villages(commune, first, n):
    out = []
    for i in range(first, first + n):
        v = Unit(level="village", kind="thon", name=f"Thôn {i}", parent=commune, households=None)
        v.save()
        out.append(v)
    return out


def state(unit, year, **values):
    """The village's figures for the year, by measure key (a measure of the village's commune or the defaults)."""
    for key, value in values.items():
        measure = Measure.for_unit(unit).get(key=key)
        Figure.objects.create(unit=unit, year=year, measure=measure, value=value)


def test_the_defaults_poverty_rate_is_made_of_poor_households_over_households():
    rate = default("poverty_rate")
    assert rate.rollup == Rollup.PERCENT
    assert (rate.numerator.key, rate.denominator.key) == ("poor_households", "households")
    # The rates with no count of their numerator in the list stay as they were.
    assert default("clean_water").rollup == Rollup.MEAN_BY_HOUSEHOLDS


def test_50_percent_of_10_households_and_10_percent_of_1000_make_10_4_percent_not_30(
    commune, commune_planner, year
):
    small, large, only_households, rate_only, silent = villages(commune, 1, 5)
    state(small, year, households=10, poor_households=5, poverty_rate=50)
    state(large, year, households=1000, poor_households=100, poverty_rate=10)
    state(only_households, year, households=200)
    # A rate without the counts it is made of is not weighed by the households the village record holds.
    rate_only.households = 500
    rate_only.save()
    state(rate_only, year, poverty_rate=40)
    plan = tracing.create_commune_plan(commune, year, actor=commune_planner)

    poverty = row(aggregate(plan), "poverty_rate").value
    assert poverty.value == Decimal("10.40")  # 105 / 1010 households
    assert poverty.value != Decimal(30)  # the mean of 50 % and 10 %
    # "n of N": the villages that stated both their poor households and their households.
    assert (poverty.reporting, poverty.total) == (2, 5)
    assert poverty.unweighted == 1
    # The households themselves are summed over every village that stated them.
    households = row(aggregate(plan), "households").value
    assert (households.value, households.reporting) == (Decimal(1210), 3)


def test_a_village_column_shows_the_rate_its_counts_make(commune, commune_planner, year):
    (village,) = villages(commune, 1, 1)
    state(village, year, households=30, poor_households=4, poverty_rate=20)  # 20 was a slip: 4 of 30 is 13,33
    plan = tracing.create_commune_plan(commune, year, actor=commune_planner)
    poverty = row(aggregate(plan), "poverty_rate")
    assert poverty.cells == [(Decimal("13.33"), None)]
    assert poverty.value.value == Decimal("13.33")


def test_smallest_and_largest_values_with_n_of_n(commune, commune_planner, year):
    for key, rule in (("nearest_clinic", Rollup.MIN), ("farthest_school", Rollup.MAX)):
        Measure.objects.create(
            unit=commune, key=key, form=2, name=key, measure_unit="km", rollup=rule, order=99
        )
    a, b, c = villages(commune, 1, 3)
    state(a, year, nearest_clinic=Decimal("3.5"), farthest_school=Decimal("7.25"))
    state(b, year, nearest_clinic=Decimal("1.2"), farthest_school=Decimal("12"))
    plan = tracing.create_commune_plan(commune, year, actor=commune_planner)
    agg = aggregate(plan)
    nearest, farthest = row(agg, "nearest_clinic").value, row(agg, "farthest_school").value
    assert (nearest.value, nearest.reporting, nearest.total) == (Decimal("1.20"), 2, 3)
    assert (farthest.value, farthest.reporting, farthest.total) == (Decimal("12.00"), 2, 3)


def percent(commune, **kwargs):
    fields = dict(unit=commune, key="water_rate", form=2, name="Tỷ lệ hộ có bể nước", rollup=Rollup.PERCENT)
    return Measure(**(fields | kwargs))


def test_a_percentage_without_its_numerator_is_refused_in_vietnamese(commune):
    measure = percent(commune, denominator=default("households"))
    with pytest.raises(ValidationError) as refused:
        measure.full_clean()
    assert set(refused.value.message_dict) == {"numerator"}
    assert "tử số" in refused.value.message_dict["numerator"][0]
    # Nor can it be saved some other way.
    with pytest.raises(IntegrityError), transaction.atomic():
        measure.save()
    assert not Measure.objects.filter(key="water_rate").exists()


def test_a_percentage_names_two_counts_of_its_own_scope_not_itself(commune, units):
    households = default("households")
    other = Measure.objects.create(unit=units.hanoi_commune, key="tanks", form=1, name="Số hộ có bể nước")
    with pytest.raises(ValidationError) as refused:
        percent(commune, numerator=other, denominator=households).full_clean()
    assert "tử số" in refused.value.message_dict["numerator"][0]

    with pytest.raises(ValidationError) as refused:
        percent(commune, numerator=default("poverty_rate"), denominator=households).full_clean()
    assert "Tỷ lệ hộ nghèo" in refused.value.message_dict["numerator"][0]  # a rate is not a count to sum

    measure = percent(commune, numerator=default("poor_households"), denominator=households)
    measure.full_clean()
    measure.save()
    measure.denominator = measure
    with pytest.raises(ValidationError) as refused:
        measure.full_clean()
    assert "mẫu số" in refused.value.message_dict["denominator"][0]
    # The commune's own counts are in its scope, and its villages' measures see them.
    tanks = Measure.objects.create(unit=commune, key="tanks", form=1, name="Số hộ có bể nước")
    percent(commune, key="tank_rate", numerator=tanks, denominator=households).full_clean()


def test_the_aggregation_makes_as_many_queries_for_12_villages_as_for_3(commune, commune_planner, year):
    def figures(units):
        for i, v in enumerate(units):
            state(v, year, households=100 + i, poor_households=10 + i, poverty_rate=10)

    first = villages(commune, 1, 3)
    figures(first)
    plan = tracing.create_commune_plan(commune, year, actor=commune_planner)
    counts = []
    for more in (None, villages(commune, 4, 9)):
        if more:
            figures(more)
        with CaptureQueriesContext(connection) as ctx:
            agg = aggregate(plan)
        counts.append(len(ctx.captured_queries))
    assert row(agg, "poverty_rate").value.reporting == 12
    assert counts[0] == counts[1], counts


def test_the_page_and_the_workbook_say_how_a_rate_is_made(client, units, commune_planner, year):
    client.force_login(commune_planner)
    plan = tracing.create_commune_plan(units.ea_kao, year, actor=commune_planner)
    page = client.get(f"/plans/{plan.pk}/rollup/").content.decode()
    assert "tỷ lệ tính từ tổng tử số / tổng mẫu số: số hộ nghèo / tổng số hộ" in page
    assert "bình quân theo số hộ" in page  # the rates without their counts

    wb = load_workbook(io.BytesIO(client.get(f"/plans/{plan.pk}/rollup/bieu.xlsx").content))
    line = next(r for r in wb["Biểu 2"].iter_rows(values_only=True) if "Tỷ lệ hộ nghèo" in r)
    assert "Tỷ lệ tính từ tổng tử số / tổng mẫu số (số hộ nghèo / tổng số hộ)" in line
