import pytest
from django.utils import timezone

from sedp.core.calendar import planning_year


@pytest.fixture
def year():
    return planning_year(timezone.localdate())


@pytest.fixture
def published(db, year, django_capture_on_commit_callbacks):
    """Ea Kao's plan adopted through the consultation, Buôn Ea Kmát's needs decided (sedp.opendata.world), with
    the publication that follows the commit."""
    from sedp.opendata import world

    with django_capture_on_commit_callbacks(execute=True):
        return world.build(year)
