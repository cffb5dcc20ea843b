"""The OpenAPI document declares the 404 and 422 answers the API gives, in the shape it gives them."""

import pytest

pytestmark = pytest.mark.django_db


def _operations(client):
    doc = client.get("/api/v1/openapi.json").json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            yield path, method, op, doc


def _schema(doc, response):
    ref = response["content"]["application/json"]["schema"]["$ref"]
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_every_operation_declares_its_404_and_422(client):
    operations = list(_operations(client))
    assert len(operations) >= 16
    for path, method, op, doc in operations:
        assert {"200", "404", "422"} <= set(op["responses"]), f"{method} {path}: {sorted(op['responses'])}"
        assert set(_schema(doc, op["responses"]["404"])["properties"]) == {"detail"}
        problem = _schema(doc, op["responses"]["422"])["properties"]["detail"]
        assert problem["type"] == "array", f"{method} {path}"


def test_the_answers_are_as_declared(client, units):
    doc = client.get("/api/v1/openapi.json").json()
    declared = set(doc["components"]["schemas"]["Problem"]["required"])
    for url in (
        "/api/v1/plans/?year=10000",
        "/api/v1/meetings/?year=-1",
        "/api/v1/cycles/?plan_year=1",
        "/api/v1/places/?offset=" + str(2**70),
        "/api/v1/places/?limit=" + str(2**70),
        "/api/v1/places/?q=" + "x" * 201,
        "/api/v1/plans/abc/",
    ):
        response = client.get(url)
        assert response.status_code == 422, url
        for problem in response.json()["detail"]:
            assert declared <= set(problem), url
    for url in (f"/api/v1/places/{2**70}/", "/api/v1/plans/999999999/", f"/api/v1/needs/?under={2**62}"):
        response = client.get(url)
        assert response.status_code == 404 and isinstance(response.json()["detail"], str), url
