"""Issue 14's promise: no draft, no attendee's name and no comment author's name in any public page, notice, API
response or download — checked over everything an anonymous visitor can reach about the published Ea Kao."""

import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sedp.opendata import world
from sedp.opendata.models import Dataset

pytestmark = pytest.mark.django_db
SECRETS = (world.ATTENDEE, world.COMMENTER, world.DRAFT_ACTIVITY, world.DRAFT_NEED)


def _readable(response) -> str:
    """The text inside a response, whatever its format."""
    body = response.content
    kind = response["Content-Type"]
    if "zip" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "\n".join(z.read(n).decode("utf-8-sig") for n in z.namelist())
    if "pdf" in kind:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    if "wordprocessingml" in kind:
        doc = Document(io.BytesIO(body))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if "spreadsheetml" in kind:
        wb = load_workbook(io.BytesIO(body))
        return "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
    return body.decode("utf-8")


def test_no_draft_no_attendee_and_no_author_in_anything_public(client, units, year, published):
    # They are there, behind the sign-in: the test would catch them if they leaked.
    from sedp.consultation.models import Comment
    from sedp.meetings.models import Attendee
    from sedp.plans.models import Activity, PlanItem

    assert Attendee.objects.filter(name=world.ATTENDEE).exists()
    assert Comment.objects.filter(author_name=world.COMMENTER).exists()
    assert Activity.objects.filter(title=world.DRAFT_ACTIVITY, plan__state="draft").exists()
    assert PlanItem.objects.filter(need__title=world.DRAFT_NEED, plan__state="draft").exists()

    urls = ["/", "/search/?q=ea kao", "/search/?q=thon 2", "/open-data/", "/api/v1/open-data/"]
    for unit in (units.daklak, units.ea_kao, units.ea_kmat, units.thon_1, published.plan.next_version.unit):
        urls += [f"/unit/{unit.pk}/", f"/unit/{unit.pk}/{year}/"]
    thon2 = units.ea_kao.children.get(name="Thôn 2")
    urls += [f"/unit/{thon2.pk}/", f"/unit/{thon2.pk}/{year}/"]
    for d in Dataset.objects.filter(year=year, unit__path__startswith=units.ea_kao.path):
        urls += [
            f"/open-data/unit/{d.unit_id}/{year}.zip",
            f"/api/v1/open-data/units/{d.unit_id}/{year}/",
            f"/unit/{d.unit_id}/{year}/notice/",
            f"/unit/{d.unit_id}/{year}/notice.pdf",
        ]
        for plan in d.tables["plans"]:
            urls += [u for u in (plan["docx_url"], plan["pdf_url"], plan["xlsx_url"]) if u]
    urls += [
        f"/open-data/province/{units.daklak.pk}/{year}.zip",
        f"/api/v1/open-data/provinces/{units.daklak.pk}/{year}/",
    ]
    urls += [f"/plans/{published.plan.pk}/rollup/", f"/plans/{published.village_plan.pk}/"]
    seen = 0
    for url in dict.fromkeys(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _readable(response)
        seen += 1
        for secret in SECRETS:
            assert secret not in text, (secret, url)
    assert seen > 40
    # …and the draft version of the plan is not reachable at all.
    draft = published.plan.next_version
    assert client.get(f"/plans/{draft.pk}/rollup/").status_code == 404
    assert client.get(f"/plans/{draft.pk}/ke-hoach-{year}.pdf").status_code == 404
