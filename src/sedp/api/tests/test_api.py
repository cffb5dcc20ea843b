"""API v1: places with filters, accent-free search and pagination; cycles; the OpenAPI document; /healthz."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_searches_places_with_or_without_diacritics(client):
    for q in ("dak lak", "Đắk Lắk", "DAK LAK"):
        body = client.get("/api/v1/places/", {"q": q, "level": "province"}).json()
        assert [p["name"] for p in body["items"]] == ["Tỉnh Đắk Lắk"], q


def test_it_filters_by_level_and_parent_with_a_total_count(client, units):
    body = client.get("/api/v1/places/", {"level": "province", "limit": 5}).json()
    assert body["count"] == 34 and len(body["items"]) == 5
    villages = client.get("/api/v1/places/", {"parent": units.ea_kao.pk, "level": "village"}).json()
    assert villages["count"] == 9
    assert {"Buôn Ea Kmát", "Thôn Cao Thắng"} <= {v["name"] for v in villages["items"]}
    legacy = client.get("/api/v1/places/", {"level": "district", "legacy": "true", "limit": 1}).json()
    assert legacy["count"] == 696


def test_it_refuses_an_unknown_level(client):
    assert client.get("/api/v1/places/", {"level": "hamlet"}).status_code == 422


def test_it_publishes_an_openapi_document_that_matches_the_answers(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/places/" in doc["paths"] and "/api/v1/cycles/" in doc["paths"]
    schema = doc["components"]["schemas"]["UnitOut"]
    item = client.get("/api/v1/places/", {"limit": 1}).json()["items"][0]
    assert set(item) == set(schema["properties"])
    assert set(schema["required"]) <= set(item)


def test_cycles_list_what_the_caller_may_read(client, commune_planner, private_cycle):
    public = client.get("/api/v1/cycles/").json()
    assert public["count"] >= 1 and all(c["is_published"] for c in public["items"])
    client.force_login(commune_planner)
    mine = client.get("/api/v1/cycles/", {"unit": private_cycle.unit_id}).json()
    assert [c["plan_year"] for c in mine["items"]] == [2031]
    assert len(mine["items"][0]["milestones"]) == 10


def test_healthz_answers_once_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_pages_carry_a_content_security_policy_and_vendored_static_files(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in page and "https://" not in page.split("<main>")[0]


def test_pages_are_compressed_for_slow_connections(client, commune_planner, units):
    import gzip

    client.force_login(commune_planner)
    response = client.get(f"/places/{units.ea_kao.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "Phường Ea Kao" in html and len(response.content) < len(html.encode()) / 2
