"""API lists cost one page: rows sliced and counted in SQL, out-of-range paging refused with 422, huge ids 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_a_page_of_places_reads_only_its_rows_and_counts_in_sql(client, units):
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/api/v1/places/", {"level": "commune", "limit": 5, "offset": 10}).json()
    assert len(page["items"]) == 5 and page["count"] > 3000
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "COUNT(" in sql and "LIMIT 5" in sql and "OFFSET 10" in sql


def test_the_needs_list_is_sliced_in_sql(client, commune_planner, units):
    client.force_login(commune_planner)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/api/v1/needs/", {"under": units.ea_kao.pk, "limit": 2, "offset": 1}).json()
    assert page["count"] > 3 and len(page["items"]) == 2
    assert any("LIMIT 2" in q["sql"].upper() for q in queries.captured_queries)


def test_the_plans_list_never_reads_the_snapshots(client, units):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/plans/", {"limit": 3}).status_code == 200
    assert not any("snapshot" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    "query",
    [{"offset": 2**64}, {"offset": -1}, {"limit": 0}, {"limit": 10_000}, {"limit": 2**70}],
)
def test_paging_out_of_range_is_refused_with_422_naming_the_parameter(client, query):
    response = client.get("/api/v1/places/", query)
    assert response.status_code == 422
    assert next(iter(query)) in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/places/{2**70}/",
        f"/api/v1/plans/{2**64}/",
        f"/api/v1/needs/?under={2**64}",
        f"/api/v1/plans/?unit={2**64}",
    ],
)
def test_an_id_beyond_64_bits_is_not_found_never_500(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404, 422)
    if response.status_code == 200:  # a filter that matches nothing
        assert response.json()["count"] == 0


def _follow(client, first: str, params: dict) -> tuple[list[int], list[str]]:
    """Every id of a list, read by following `next` from its first page; and the addresses followed."""
    ids, followed = [], []
    page = client.get(first, params).json()
    while True:
        ids += [row["id"] for row in page["items"]]
        if page["next"] is None:
            return ids, followed
        followed.append(page["next"])
        page = client.get(page["next"]).json()


@pytest.mark.parametrize("path", ["/api/v1/needs/", "/api/v1/plans/", "/api/v1/meetings/"])
def test_following_next_reads_every_row_once_in_the_order_of_the_offset_pages(
    client, province_officer, units, path
):
    client.force_login(province_officer)
    everything = client.get(path, {"under": units.daklak.pk, "limit": 500}).json()
    assert 7 < everything["count"] <= 500 and everything["next"] is None
    ids, followed = _follow(client, path, {"under": units.daklak.pk, "limit": 7})
    assert ids == [row["id"] for row in everything["items"]]
    assert len(followed) == (everything["count"] - 1) // 7
    assert all(f"under={units.daklak.pk}" in url and "offset" not in url for url in followed)


def test_an_after_page_is_read_by_index_without_offset(client, province_officer, units):
    client.force_login(province_officer)
    first = client.get("/api/v1/needs/", {"under": units.daklak.pk, "limit": 3}).json()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(first["next"]).json()
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "OFFSET" not in sql and "LIMIT 4" in sql
    assert second["count"] == first["count"] and len(second["items"]) == 3
    assert not {r["id"] for r in first["items"]} & {r["id"] for r in second["items"]}


def test_after_a_row_not_in_the_list_is_not_found_and_a_bad_after_refused(client, province_officer, units):
    from sedp.needs.models import Need

    client.force_login(province_officer)
    elsewhere = Need.objects.filter(unit=units.thon_1).first()  # a need of another village
    assert client.get("/api/v1/needs/", {"after": elsewhere.pk}).status_code == 200
    response = client.get("/api/v1/needs/", {"unit": units.ea_kmat.pk, "after": elsewhere.pk})
    assert response.status_code == 404 and f"after={elsewhere.pk}" in response.json()["detail"]
    for bad in (0, -5, 2**64, "x"):
        response = client.get("/api/v1/needs/", {"after": bad})
        assert response.status_code == 422 and "after" in response.content.decode()
