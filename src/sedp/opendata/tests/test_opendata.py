"""Open data (issue 14 §3): made when a plan is published and stored, not recomputed per request; CSV with a BOM
in a ZIP whose datapackage.json describes every column; the same tables as JSON through the API; formulas
defused; a province's bulk."""

import csv
import io
import json
import zipfile

import pytest

from sedp.opendata.actions import edition, publish, publish_everything
from sedp.opendata.models import Dataset
from sedp.opendata.package import safe_csv_cell
from sedp.opendata.schema import BY_NAME, TABLES
from sedp.plans.models import Activity

pytestmark = pytest.mark.django_db
TYPES = {"integer", "number", "string", "date"}


def _zip(client, url) -> zipfile.ZipFile:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def _rows(z: zipfile.ZipFile, name: str) -> list[dict]:
    raw = z.read(f"{name}.csv")
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv has no BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_it_publishes_when_the_commune_plan_is_adopted_not_before(units, year, published):
    before_fates = {
        r["fate"] for r in Dataset.objects.get(unit=units.thon_1, year=year, bulk=False).tables["needs"]
    }
    assert before_fates >= {"included", "not_included"}  # Thôn 1's fates, decided in the adopted ward plan
    commune = Dataset.objects.get(unit=units.ea_kao, year=year, bulk=False)
    [plan] = commune.tables["plans"]
    assert plan["plan_id"] == published.plan.pk and plan["state"] == "adopted"
    assert plan["docx_url"] == f"/plans/{published.plan.pk}/ke-hoach-{year}.docx"
    village = Dataset.objects.get(unit=units.ea_kmat, year=year, bulk=False)
    fates = {r["code"]: r["fate"] for r in village.tables["needs"]}
    assert set(fates.values()) <= {"included", "merged", "postponed", "own"} and "included" in fates.values()
    assert "undecided" not in fates.values()
    assert Dataset.objects.filter(unit=units.daklak, year=year, bulk=True).exists()


def test_before_the_commune_adopts_a_village_reads_its_needs_as_not_decided_yet(units, year):
    kram = Dataset.objects.get(unit__name="Buôn Kram", unit__parent=units.ea_kao, year=year, bulk=False)
    part2 = [r for r in kram.tables["needs"] if r["part"] == 2]
    assert part2 and {r["fate"] for r in part2} == {"undecided"} and not kram.tables["key_targets"]
    assert "chưa thông qua kế hoạch năm" in part2[0]["fate_text"]


def test_the_zip_is_stored_not_recomputed_per_request(
    client, units, year, published, django_assert_max_num_queries
):
    url = f"/open-data/unit/{units.ea_kao.pk}/{year}.zip"
    first = client.get(url)
    Activity.objects.filter(plan=published.plan).update(title="Đổi tên mà không công bố")
    with django_assert_max_num_queries(2):
        second = client.get(url)
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert "Đổi tên mà không công bố" not in _zip(client, url).read("activities.csv").decode("utf-8")
    publish(units.ea_kao, year)  # what the next publication does
    assert "Đổi tên mà không công bố" in _zip(client, url).read("activities.csv").decode("utf-8")


def test_every_csv_has_a_bom_and_every_column_is_described_in_the_datapackage(client, units, year, published):
    z = _zip(client, f"/open-data/unit/{units.ea_kao.pk}/{year}.zip")
    package = json.loads(z.read("datapackage.json"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and package["profile"] == "tabular-data-package"
    assert {r["path"] for r in package["resources"]} | {"datapackage.json"} == set(z.namelist())
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        header = z.read(resource["path"]).decode("utf-8-sig").splitlines()[0].split(",")
        assert header == [f["name"] for f in fields], resource["name"]
        for f in fields:
            assert f["type"] in TYPES and f["title"].strip() and f["description"].strip(), f
        for row in _rows(z, resource["name"]):
            for f in fields:
                value = row[f["name"]]
                if value and f["type"] == "integer":
                    int(value)
                elif value and f["type"] == "number":
                    float(value)
    needs = _rows(z, "needs")
    kmat = [r for r in needs if r["unit_name"] == "Buôn Ea Kmát"]
    assert kmat and all(r["fate_text"] for r in kmat)
    assert any(
        r["fate"] == "included" and r["fate_text"].startswith("Đưa vào kế hoạch của Phường Ea Kao")
        for r in kmat
    )


def test_a_cell_that_would_be_a_formula_is_defused_in_the_csv_not_in_the_json(client, units, year, published):
    for text, safe in [("=1+1", "'=1+1"), ("+84 905", "'+84 905"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
                       ("\tx", "'\tx"), ("\rx", "'\rx"), ("Đường", "Đường")]:  # fmt: skip
        assert safe_csv_cell(text) == safe
    assert safe_csv_cell(-5) == -5 and safe_csv_cell(None) is None
    Activity.objects.filter(plan=published.plan, order=1).update(title='=HYPERLINK("http://x","bấm")')
    publish(units.ea_kao, year)
    z = _zip(client, f"/open-data/unit/{units.ea_kao.pk}/{year}.zip")
    assert '\'=HYPERLINK("http://x","bấm")' in [r["title"] for r in _rows(z, "activities")]
    body = client.get(f"/api/v1/open-data/units/{units.ea_kao.pk}/{year}/").json()
    assert '=HYPERLINK("http://x","bấm")' in [a["title"] for a in body["tables"]["activities"]]


def test_the_api_gives_the_same_tables_as_the_zip(client, units, year, published):
    body = client.get(f"/api/v1/open-data/units/{units.ea_kmat.pk}/{year}/").json()
    assert (
        body["licence"] == "CC-BY-4.0" and body["zip_url"] == f"/open-data/unit/{units.ea_kmat.pk}/{year}.zip"
    )
    z = _zip(client, body["zip_url"])
    for t in TABLES:
        assert list(body["tables"][t.name][0]) == t.names if body["tables"][t.name] else True
        assert [
            {k: "" if v is None else str(v) for k, v in r.items()} for r in body["tables"][t.name]
        ] == _rows(z, t.name), t.name
    listed = client.get("/api/v1/open-data/", {"year": year, "under": units.ea_kao.pk}).json()
    assert {(d["unit_name"], d["bulk"]) for d in listed} >= {
        ("Phường Ea Kao", False),
        ("Buôn Ea Kmát", False),
    }
    assert client.get(f"/api/v1/open-data/units/{units.ea_kmat.pk}/1999/").status_code == 404
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/open-data/units/{unit_id}/{year}/" in doc["paths"]


def test_a_province_bulk_holds_every_published_unit_once(client, units, year, published):
    body = client.get(f"/api/v1/open-data/provinces/{units.daklak.pk}/{year}/").json()
    units_in_plans = {p["unit_name"] for p in body["tables"]["plans"]}
    assert {"Phường Ea Kao", "Buôn Ea Kmát", "Thôn 1"} <= units_in_plans
    keys = [(r["unit_id"], r["need_id"]) for r in body["tables"]["needs"]]
    assert len(keys) == len(set(keys)) and units.ea_kmat.pk in {k for k, _n in keys}
    z = _zip(client, f"/open-data/province/{units.daklak.pk}/{year}.zip")
    assert len(_rows(z, "needs")) == len(keys)
    assert client.get(f"/open-data/province/{units.ea_kao.pk}/{year}.zip").status_code == 404


def test_publishing_everything_again_changes_nothing_but_the_time(units, year, published):
    before = {(d.unit_id, d.year, d.bulk): d.data["tables"] for d in Dataset.objects.all()}
    number = edition()
    publish_everything()
    after = {(d.unit_id, d.year, d.bulk): d.data["tables"] for d in Dataset.objects.all()}
    assert after == before and edition() == number + 1


def test_the_tables_name_their_columns_once(units):
    for t in TABLES:
        assert len(t.names) == len(set(t.names)) and BY_NAME[t.name] is t
    columns = {c for t in TABLES for c in t.names}
    assert not columns & {
        "author",
        "author_name",
        "attendee",
        "signer_name",
        "chair_name",
        "created_by",
        "leader",
    }


def test_the_businesses_contribution_is_published_with_its_activity(client, units, year, published):
    """MOP-SEDP: what businesses put into an activity is in the open data's activities table (CSV and JSON) and in
    the API's plan, beside the people's contribution; empty where there is none."""
    plan = published.plan
    activity = Activity.objects.filter(plan=plan).order_by("order", "id").first()
    Activity.objects.filter(pk=activity.pk).update(business_contribution_value=45_000_000)
    publish(units.ea_kao, year)
    rows = Dataset.objects.get(unit=units.ea_kao, year=year, bulk=False).tables["activities"]
    values = {r["number"]: r["business_contribution_value"] for r in rows}
    assert values.pop(str(activity.number)) == 45_000_000 and set(values.values()) == {None}
    z = _zip(client, f"/open-data/unit/{units.ea_kao.pk}/{year}.zip")
    by_number = {r["number"]: r for r in _rows(z, "activities")}
    assert by_number[str(activity.number)]["business_contribution_value"] == "45000000"
    detail = client.get(f"/api/v1/plans/{plan.pk}/").json()
    by_id = {a["id"]: a["business_contribution_value"] for a in detail["activities"]}
    assert by_id.pop(activity.pk) == 45_000_000 and set(by_id.values()) == {None}
