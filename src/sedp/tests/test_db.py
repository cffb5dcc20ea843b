"""ANALYZE after bulk loads: on PostgreSQL the named tables (or all) get fresh planner statistics; elsewhere
nothing is sent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sedp.db import analyze
from sedp.places.models import Unit

pytestmark = pytest.mark.django_db


def test_analyze_runs_on_postgresql_only():
    with CaptureQueriesContext(connection) as queries:
        ran = analyze(Unit, Unit.successors.through)
    sent = [q["sql"] for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert ran and sent == ['ANALYZE "places_unit", "places_unit_successors"']
    else:
        assert not ran and sent == []


def test_analyze_without_models_covers_the_database():
    with CaptureQueriesContext(connection) as queries:
        ran = analyze()
    assert ran == (connection.vendor == "postgresql")
    assert [q["sql"] for q in queries.captured_queries] == (["ANALYZE"] if ran else [])
