"""The version an edit form carries: changes with any value it would overwrite, not with how a value was read."""

from datetime import date
from decimal import Decimal

from sedp.core.versions import fingerprint


class Row:
    def __init__(self, pk):
        self.pk = pk


def test_the_same_values_give_the_same_version_in_any_order():
    a = {"title": "Sửa kênh mương", "cost": 120_000_000, "doc_date": date(2026, 5, 10)}
    b = {"doc_date": date(2026, 5, 10), "cost": 120_000_000, "title": "Sửa kênh mương"}
    assert fingerprint(a) == fingerprint(b) and len(fingerprint(a)) == 16


def test_any_changed_value_changes_the_version():
    base = {"title": "Sửa kênh mương", "cost": 120_000_000, "q1": False, "sector": Row(3), "quantity": None}
    changes = [
        {"title": "Sửa kênh mương "},
        {"cost": 120_000_001},
        {"q1": True},
        {"sector": Row(4)},
        {"quantity": Decimal("0")},
    ]
    for change in changes:
        assert fingerprint({**base, **change}) != fingerprint(base), change


def test_a_value_read_another_way_is_the_same_value():
    assert fingerprint({"x": Decimal("2.50")}) == fingerprint({"x": Decimal("2.5")})
    assert fingerprint({"x": Decimal("100.00")}) == fingerprint({"x": Decimal("1E+2")})
    assert fingerprint({"sector": Row(3)}) == fingerprint({"sector": 3})
    assert fingerprint({"quarters": {2, 3}}) == fingerprint({"quarters": frozenset({3, 2})})
    assert fingerprint({"x": 0}) != fingerprint({"x": None}) != fingerprint({"x": ""})
