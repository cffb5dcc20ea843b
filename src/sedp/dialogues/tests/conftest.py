"""Phường Ea Kao's Fatherland Front (the demo's `mattran`) and a dialogue with Buôn Ea Kmát's households.

The demo already holds one held dialogue of Ea Kao (four months ago) and one planned; the fixtures here make
their own so that tests can count what they add."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from sedp.dialogues import actions

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@pytest.fixture(autouse=True)
def fresh_cache():
    """The public page's rate limit counts in the cache: each test starts with none sent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def front(db):
    return get_user_model().objects.get(username="mattran")


@pytest.fixture
def front_client(client, front):
    client.force_login(front)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def plan_dialogue(units, front, *, days: int = 0, **fields):
    data = {
        "kind": "households",
        "village": units.ea_kmat,
        "topics": ["planning", "budget"],
        "date": timezone.localdate() + timedelta(days=days),
        "place": "Nhà văn hóa Buôn Ea Kmát",
        "facilitator_name": "Lê Thị Thu",
        "facilitator_title": "Phó Chủ tịch Ủy ban MTTQ phường",
        "minute_taker_name": "H'Mai Niê",
        "minute_taker_title": "Ủy viên Ủy ban MTTQ phường",
        **fields,
    }
    return actions.create_dialogue(units.ea_kao, front, **data)


@pytest.fixture
def dialogue(units, front):
    """Planned for today: residents are sending questions."""
    return plan_dialogue(units, front)


def hold(dialogue, front, *, commitments=()):
    """Participants, then closed: held. `commitments` are (body, solution, deadline) made before closing."""
    actions.set_participants(dialogue, front, {"committee": (2, 1), "citizens": (20, 25)})
    made = [
        actions.add_commitment(dialogue, front, body=body, solution=solution, deadline=deadline)
        for body, solution, deadline in commitments
    ]
    actions.close(dialogue, front)
    dialogue.refresh_from_db()
    return made
