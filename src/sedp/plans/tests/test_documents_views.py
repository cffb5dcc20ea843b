"""The plan's documents downloaded: the Trường Thi 2010 plan (in the demo, submitted) read back from the .docx with
python-docx and from the PDF's text with pypdf; who may download what."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from sedp.demo.truong_thi_2010 import PLAN
from sedp.plans.models import Kind, Plan

from .test_logframe import new_plan

pytestmark = pytest.mark.django_db
KEY_TARGETS = [k.text for k in PLAN.key_targets]


@pytest.fixture
def truong_thi(units):
    return Plan.objects.get(unit=units.truong_thi, kind=Kind.COMMUNE_ANNUAL, year_from=2010, version=1)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]

    def cells(tables):
        for t in tables:
            for row in t.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(doc.tables)
    return "\n".join(parts)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_anyone_downloads_the_docx_of_a_public_plan(client, truong_thi):
    response = client.get(reverse("plans:plan_docx", args=[truong_thi.pk, 2010]))
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-2010-phuong-truong-thi.docx"'
    text = docx_text(response.content)
    for expected in (
        "Số: 15/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Trường Thi, ngày 05 tháng 02 năm 2010",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG TRƯỜNG THI",
        "KẾ HOẠCH",
        *KEY_TARGETS,
        *(a.title for a in PLAN.activities),
        *(r.output for r in PLAN.results),
    ):
        assert expected in text, expected
    # the Gantt table: each activity's row has its number, its title, its quarter marks and who is responsible
    doc = Document(io.BytesIO(response.content))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    row_6 = next(r for r in rows if r[:2] == ["6", PLAN.activities[5].title])
    assert row_6[2:7] == ["", "x", "x", "x", "UBND"]
    assert sum(1 for r in rows if r and r[0].isdigit() and r[1] in {a.title for a in PLAN.activities}) == 19


def test_anyone_downloads_the_pdf_of_a_public_plan(client, truong_thi):
    response = client.get(reverse("plans:plan_pdf", args=[truong_thi.pk, 2010]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-2010-phuong-truong-thi.pdf"'
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
    for expected in (
        "Số: 15/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Trường Thi, ngày 05 tháng 02 năm 2010",
        *KEY_TARGETS,
        "Lập kế hoạch ngân sách",
        "Mời chuyên gia tư vấn và tiến hành tập huấn",
        "Đánh giá kết quả thực hiện",
        "Báo cáo với các bên liên quan",
        "17.052.000.000",
    ):
        assert flat(expected) in text, expected


def test_a_draft_is_not_for_outsiders_nor_citizens(client, units, outsider, commune_planner):
    draft = new_plan(units.ea_kao, 2031)
    docx = reverse("plans:plan_docx", args=[draft.pk, 2031])
    assert client.get(docx).status_code == 404
    client.force_login(outsider)
    assert client.get(docx).status_code == 404
    assert client.get(reverse("plans:plan_pdf", args=[draft.pk, 2031])).status_code == 404
    client.force_login(commune_planner)
    response = client.get(docx)
    assert response.status_code == 200
    # a draft without a number or a date prints the blanks the clerk fills in
    text = docx_text(response.content)
    assert re.search(r"Số: \s+/KH-UBND", text) and "Ea Kao, ngày" in text and "năm 2031" in text
    assert client.get(reverse("plans:plan_docx", args=[draft.pk, 2030])).status_code == 404


def test_the_documents_page_links_the_downloads(client, truong_thi):
    response = client.get(reverse("plans:documents", args=[truong_thi.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/plans/{truong_thi.pk}/ke-hoach-2010.docx"' in html
    assert f'href="/plans/{truong_thi.pk}/ke-hoach-2010.pdf"' in html
    text = flat(re.sub(r"<[^>]+>", " ", html))
    assert "Số: 15/KH-UBND" in text and "Trường Thi, ngày 05 tháng 02 năm 2010" in text
    assert "19 hoạt động trong khung lô-gíc" in text and "2 cảnh báo SMART" in text


def test_the_pdf_is_made_once_per_content_of_the_plan(client, units, commune_planner, monkeypatch):
    """WeasyPrint takes over a second for a large plan: a document is kept (Django's cache) under the plan, its
    version and its content, so downloading it again makes nothing, and any change makes a new one."""
    from django.core.cache import cache

    from sedp.plans.logframe import actions as lf
    from sedp.plans.logframe import views

    made = []

    def counted(core):
        made.append(core.title)
        return views.render_docx(core)  # the same path as the .pdf, with the faster renderer

    monkeypatch.setattr(views, "render_pdf", counted)
    cache.clear()
    client.force_login(commune_planner)
    plan = new_plan(units.ea_kao, 2031)
    url = reverse("plans:plan_pdf", args=[plan.pk, 2031])
    first = client.get(url).content
    assert client.get(url).content == first and len(made) == 1
    lf.update_header(plan, actor=commune_planner, title="Phát triển kinh tế - xã hội năm 2031, sửa đổi")
    changed = client.get(url).content
    assert len(made) == 2 and made[-1] == "Phát triển kinh tế - xã hội năm 2031, sửa đổi"
    assert "sửa đổi" in docx_text(changed) and "sửa đổi" not in docx_text(first)
