"""Shared test set-up: the real administrative units and the demo, loaded once per test database.

Each test runs in a transaction that is rolled back, so the loaded data stays as loaded. Personas follow the
Healthchecks habit of named people: a village head, a commune planner and leader, a province officer, a citizen
(anonymous) and an outsider holding a role somewhere else entirely.
"""

import os
from datetime import date

import pytest

os.environ.setdefault("SEDP_TESTING", "1")

# Property tests check results, not speed (speed goals live in bench/): no per-example deadline, which a busy
# 2-core machine would otherwise trip at random.
from hypothesis import settings  # noqa: E402

settings.register_profile("sedp", deadline=None)
settings.load_profile("sedp")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.utils import timezone

    from sedp.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo(timezone.localdate(), province_level=False)


@pytest.fixture(autouse=True)
def demo_mode(request):
    """The personas are the demo accounts, which sign in only in demo mode. (The pure core's tests also run
    without Django: `pytest src/sedp/core -p no:django`.)"""
    if request.config.pluginmanager.hasplugin("django"):
        request.getfixturevalue("settings").SEDP_DEMO = True


@pytest.fixture(autouse=True)
def fresh_cache(request):
    """Public pages are cached by edition (sedp.portal.cache); a test's rolled-back edition must not meet the page
    another test cached under the same number."""
    if request.config.pluginmanager.hasplugin("django"):
        from django.core.cache import cache

        cache.clear()


@pytest.fixture
def units(db):
    from sedp.places.models import Unit

    class U:
        daklak = Unit.objects.get(level="province", code="66", is_legacy=False)
        ea_kao = Unit.objects.get(level="commune", code="24169", is_legacy=False)
        ea_kmat = Unit.objects.get(level="village", name="Buôn Ea Kmát")
        thon_1 = Unit.objects.get(level="village", name="Thôn 1", parent__code="24169")
        # A commune in another province, where the outsider works.
        hanoi_commune = Unit.objects.get(level="commune", code="00004", is_legacy=False)
        truong_thi = Unit.objects.get(level="commune", code="13657", is_legacy=True)

    return U


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.fixture
def village_head(db):
    return _user("truongbuon")


@pytest.fixture
def commune_planner(db):
    return _user("canboxa")


@pytest.fixture
def commune_leader(db):
    return _user("chutichxa")


@pytest.fixture
def province_officer(db):
    return _user("tinh")


@pytest.fixture
def outsider(db, units):
    from django.contrib.auth import get_user_model

    from sedp.accounts.models import RoleGrant

    user = get_user_model().objects.create_user("outsider", password="outsider-password")
    RoleGrant.objects.create(user=user, role="commune_leader", unit=units.hanoi_commune)
    return user


@pytest.fixture
def private_cycle(db, units):
    """An unpublished commune cycle of Ea Kao: only people working in or above the commune may see it."""
    from sedp.cycles.actions import create_cycle

    return create_cycle(units.ea_kao, 2031)


@pytest.fixture
def today():
    return date.today()


@pytest.fixture
def head_client(client, village_head):
    """A browser session signed in as the village head of Buôn Ea Kmát."""
    client.force_login(village_head)
    return client


@pytest.fixture
def village(units, village_head):
    """Buôn Ea Kmát with its planning done up to the rankings (sedp.needs.tests.village.build)."""
    from sedp.needs.tests.village import build

    return build(units.ea_kmat, village_head)


@pytest.fixture(scope="session")
def race_template(django_db_setup, django_db_blocker):
    """The loaded test database copied once, before any test's transaction (`sedp.tests.threads.template`)."""
    from sedp.tests.threads import template

    with django_db_blocker.unblock(), template() as name:
        yield name


@pytest.fixture
def shared_db(race_template):
    """A fresh copy of the test database that many threads share, for race tests (`sedp.tests.threads`): the
    test's main thread works on it too, through the ORM as usual. Mark the test django_db as any other."""
    from sedp.tests.threads import shared_copy

    with shared_copy(race_template) as name:
        yield name
