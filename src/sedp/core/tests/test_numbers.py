"""Numbers typed the Vietnamese way: comma before decimals, dots between thousands."""

from decimal import Decimal

import pytest

from sedp.core.numbers import format_decimal, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10,5", "10.50"),
        ("1.250", "1250.00"),
        ("1.250,5", "1250.50"),
        ("17.052.000", "17052000.00"),
        ("1250", "1250.00"),
        ("10.5", "10.50"),  # a phone's pad: a dot not followed by three digits is a decimal point
        (" 2 500 ", "2500.00"),
        ("12,345", "12.35"),  # rounded half up to two places
        ("45%", "45.00"),
        (3, "3.00"),
        (0.1, "0.10"),
        (Decimal("7.125"), "7.13"),
    ],
)
def test_it_reads_what_an_official_types(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "mười", "10,5,1", "1,250.5", "1.25.0", "-3", "1e5", "nan", True])
def test_it_refuses_what_is_not_a_number_of_zero_or_more(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1250.00"), "1.250"),
        (Decimal("10.50"), "10,5"),
        (Decimal("0.05"), "0,05"),
        (7, "7"),
        (None, ""),
    ],
)
def test_it_writes_numbers_back_the_way_it_reads_them(value, text):
    assert format_decimal(value) == text
    if value is not None:
        assert parse_decimal(text) == Decimal(value)
