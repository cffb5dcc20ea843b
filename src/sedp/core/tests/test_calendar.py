"""The planning calendar of source 001: which plan year is in the making on a given day."""

from datetime import date

import pytest

from sedp.core.calendar import planning_year


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 1, 5), 2026),  # January: this year's plan is being assigned and carried out
        (date(2026, 4, 9), 2026),
        (date(2026, 4, 10), 2027),  # from the mid-April training, next year's plan is in the making
        (date(2026, 11, 24), 2027),
        (date(2026, 12, 31), 2027),
    ],
)
def test_from_mid_april_the_next_years_plan_is_in_the_making(today, year):
    assert planning_year(today) == year
