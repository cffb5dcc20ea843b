"""Schemathesis against the API, in-process (the project's WSGI app on the test database with the demo loaded):
every GET operation of /api/v1/openapi.json, valid and invalid inputs (`mode = all`), every check, a fixed seed
and deterministic generation, a bounded number of examples — as an anonymous caller and as Ea Kao's commune
planner signed in (the session cookie, as a browser). 0 failures.

No check is disabled. What the run found and was fixed is in docs/security.md ("Query strings").
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

SEED = 20261205
EXAMPLES = 25  # per operation and phase: the whole run stays under a minute on one core

CONFIG = {
    "seed": SEED,
    # The in-process WSGI transport does not undo Content-Encoding: ask for the body as it is (a browser's gzip
    # is tested in sedp/api/tests/test_api.py).
    "headers": {"Accept-Encoding": "identity"},
    "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True, "database": "none"},
    "checks": {"enabled": True},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
}


def _schema():
    """Loaded at collection from the app itself (the document needs no database); the calls run in each test,
    on its database."""
    from sedp.wsgi import application

    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", application, config=SchemathesisConfig.from_dict(CONFIG)
    )


schema = _schema()

RUN = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app closes the database connection at the end of each request (`close_old_connections`), which
    would end the test's transaction on PostgreSQL: kept open while the test runs, as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def planner_cookies(db, client, commune_planner):
    client.force_login(commune_planner)
    return {name: morsel.value for name, morsel in client.cookies.items()}


@schema.parametrize()
@RUN
def test_the_api_as_an_anonymous_caller(case, db):
    case.call_and_validate()


@schema.parametrize()
@RUN
def test_the_api_as_a_signed_in_planner(case, planner_cookies):
    case.call_and_validate(cookies=planner_cookies)
