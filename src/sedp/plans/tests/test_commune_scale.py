"""A large commune's pages stay small and cost the same queries (issue 17): the needs page and the overview show
each village as one line, its 30 needs only when it is opened (htmx, or `?village=` without JavaScript). Built with
`sedp synth` (30 needs a village, every Part-2 need decided, the plan consulted on and submitted): the sizes are
asserted per village so that a commune of 100 villages stays under 100 KB."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sedp.demo.synth import build_province
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan
from sedp.plans.rollup.aggregation import aggregate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
# What a page may weigh: its fixed part, then per village (its line, and about one and a half activities made
# from its needs on the needs page) — 100 villages stay under 100 KB.
FIXED, PER_VILLAGE = 20_000, 800


@pytest.fixture
def communes(client):
    province = build_province(communes=2, villages_per_commune=10, needs_per_village=30, seed=7, code="SCL")
    out = []
    for commune in Unit.objects.filter(parent=province.province).order_by("code"):
        plan = Plan.objects.get(unit=commune, kind=Kind.COMMUNE_ANNUAL)
        out.append((plan, Unit.objects.filter(parent=commune).count()))
    client.force_login(province.officer)
    return out


def _get(client, url, **headers):
    client.get(url, **headers)  # sessions and content types read once, not counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries.captured_queries)


def test_the_needs_page_and_the_overview_show_each_village_as_a_line(client, communes):
    counts = {}
    for plan, villages in communes:
        agg = aggregate(plan)
        rows = [f"{r.need.code}. {r.need.title}" for cn in agg.by_child for r in cn.rows]
        for name, url in (
            ("needs", f"/plans/{plan.pk}/rollup/needs/"),
            ("overview", f"/plans/{plan.pk}/rollup/"),
        ):
            html, queries = _get(client, url)
            assert len(html.encode()) < FIXED + PER_VILLAGE * villages, (name, villages, len(html.encode()))
            assert html.count('<details class="card village') == len(agg.by_child)
            assert not any(row in html for row in rows), name  # the villages' rows are not on it
            counts.setdefault(name, set()).add(queries)
    assert communes[0][1] != communes[1][1]  # two sizes of commune…
    assert all(len(c) == 1 for c in counts.values()), counts  # …the same queries


def test_a_village_opened_brings_its_needs(client, communes):
    plan, _villages = communes[0]
    cn = aggregate(plan).by_child[0]
    village = cn.child.unit
    for url in (
        f"/plans/{plan.pk}/rollup/needs/?village={village.pk}",
        f"/plans/{plan.pk}/rollup/?village={village.pk}",
    ):
        fragment, _q = _get(client, url, **HTMX)
        assert "<html" not in fragment
        assert all(r.need.title in fragment for r in cn.rows), url
        page, _q = _get(client, url)  # without JavaScript: the page, that village open
        assert "<html" in page and f'id="village-{village.pk}" open' in page
        assert all(r.need.title in page for r in cn.rows), url
