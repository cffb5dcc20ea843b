"""`sedp synth` at scale is a number of queries per village that does not grow with the province: each village's
planning season takes the same queries whatever the size, and the whole build stays under a bound per village
(docs/scale.md: 160 a village before the actions were batched, ~104 after, on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sedp.demo import synth

pytestmark = pytest.mark.django_db

VILLAGE_QUERIES = 61  # a village's meetings, needs, score sheets, ranking, mid-term and annual plans, figures
PER_VILLAGE = (
    120  # everything at 18 villages: the fixed costs, the communes' fates and consultation, the open data
)


def _build(monkeypatch, communes: int, villages: int, code: str) -> tuple[list[int], int, int]:
    """Queries of each village's season, of the whole build, and the villages built."""
    per_village = []
    build_village = synth.build_village

    def counted(*args, **kwargs):
        with CaptureQueriesContext(connection) as q:
            out = build_village(*args, **kwargs)
        per_village.append(len(q))
        return out

    monkeypatch.setattr(synth, "build_village", counted)
    with CaptureQueriesContext(connection) as q:
        built = synth.build_province(
            communes=communes, villages_per_commune=villages, needs_per_village=6, seed=7, code=code
        )
    monkeypatch.undo()
    return per_village, len(q), built.villages


def test_the_queries_a_village_takes_do_not_grow_with_the_province(monkeypatch):
    small, small_total, small_villages = _build(monkeypatch, 1, 3, "Q1")
    large, large_total, large_villages = _build(monkeypatch, 3, 6, "Q2")
    assert (small_villages, large_villages) == (3, 18)
    # Each village's season: the same queries at both sizes, for every village.
    assert set(small) == set(large) and len(set(large)) == 1, (small, large)
    assert large[0] <= VILLAGE_QUERIES, large[0]
    # The whole build per village (fixed costs: the province, its officers, the upper plans, the open data bulk):
    # no more per village in the larger province than in the smaller one, and under the bound there.
    assert large_total / large_villages <= small_total / small_villages
    assert large_total / large_villages <= PER_VILLAGE, (
        small_total / small_villages,
        large_total / large_villages,
    )
