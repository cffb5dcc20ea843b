"""The written part of Ea Kao's evaluation (who may write it, who only reads it) and the evaluation as an official
report: the .docx read back with python-docx, the PDF's text with pdftotext."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from sedp.audit.models import AuditEntry
from sedp.monitoring.evaluation import actions, tables
from sedp.monitoring.models import Narrative, ReportLine, Work
from sedp.plans.models import Plan

from .test_evaluation_page import half_year  # noqa: F401 — the approved quarter-II report

TEXTS = {
    "progress": "Các công trình đường giao thông triển khai đúng kế hoạch.\nKênh mương chậm do mưa lớn.",
    "quality": "Công trình đường bê tông được nghiệm thu đạt yêu cầu.",
    "difficulties": "Nguồn vốn đối ứng của người dân chậm; nguyên nhân: giá nông sản giảm.",
    "impact": "Người dân Buôn Ea Kao đi lại thuận tiện hơn trong mùa mưa.",
}


def page(plan, months=6):
    return reverse("evaluation:plan", args=[plan.pk]) + f"?months={months}"


def post_narrative(client, plan, year, months=6, **texts):
    data = {"year": year, "months": months, **TEXTS, **texts}
    return client.post(reverse("evaluation:narrative", args=[plan.pk]), data, HTTP_ACCEPT_LANGUAGE="vi")


def docx_rows(data: bytes) -> list[list[str]]:
    """Every table row of the document, as its cells' texts."""
    return [[c.text for c in row.cells] for t in Document(io.BytesIO(data)).tables for row in t.rows]


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join([p.text for p in doc.paragraphs] + [" | ".join(row) for row in docx_rows(data)])


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode())


# --- the written evaluation -------------------------------------------------------------------------------------


def test_the_commune_planner_writes_the_evaluation_and_it_is_audited(client, commune_planner, world, year):
    client.force_login(commune_planner)
    html = client.get(page(world.plan), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'action="{}"'.format(reverse("evaluation:narrative", args=[world.plan.pk])) in html
    for label in (
        "Tiến độ thực hiện",
        "Chất lượng",
        "Khó khăn, vướng mắc và nguyên nhân",
        "Tác động đến đời sống người dân",
    ):
        assert label in html
    response = post_narrative(client, world.plan, year)
    assert response.status_code == 302
    saved = Narrative.objects.get(plan=world.plan, year=year, months=6)
    assert saved.difficulties == TEXTS["difficulties"] and saved.updated_by == commune_planner
    entry = AuditEntry.objects.get(action="monitoring.save_narrative", object_id=str(saved.pk))
    assert entry.actor == commune_planner and entry.after["impact"] == TEXTS["impact"]
    html = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đã lưu phần đánh giá." in html
    assert TEXTS["quality"] in html  # back in the form, to go on writing


def test_the_village_head_reads_the_evaluation_but_may_not_write_it(
    client, commune_planner, village_head, world, year
):
    actions.save_narrative(world.plan, year, 6, commune_planner, **TEXTS)
    client.force_login(village_head)
    html = client.get(page(world.plan), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    narrative = html.split('id="narrative"')[1].split("</section>")[0]
    assert "<form" not in narrative and "<textarea" not in narrative
    assert "Người dân Buôn Ea Kao đi lại thuận tiện hơn" in narrative
    assert "Kênh mương chậm do mưa lớn." in narrative
    response = post_narrative(client, world.plan, year, impact="Sửa bởi người không có quyền")
    assert response.status_code == 403
    assert Narrative.objects.get(plan=world.plan, year=year, months=6).impact == TEXTS["impact"]
    with pytest.raises(actions.PermissionDenied):
        actions.save_narrative(world.plan, year, 6, village_head, impact="x")


def test_an_outsider_cannot_post_an_evaluation(client, outsider, world, year):
    client.force_login(outsider)
    assert post_narrative(client, world.plan, year).status_code == 404
    assert not Narrative.objects.exists()


def test_a_text_too_long_comes_back_with_everything_typed(client, commune_planner, world, year):
    client.force_login(commune_planner)
    response = post_narrative(client, world.plan, year, quality="x" * 10_001)
    assert response.status_code == 400
    html = response.content.decode()
    assert "“Chất lượng” quá dài" in html
    assert TEXTS["difficulties"] in html  # nothing typed is lost
    assert not Narrative.objects.exists()


def test_the_year_end_evaluation_is_written_apart_from_the_six_month_one(commune_planner, world, year):
    actions.save_narrative(world.plan, year, 6, commune_planner, progress="Sáu tháng")
    actions.save_narrative(world.plan, year, 12, commune_planner, progress="Cả năm")
    actions.save_narrative(world.plan, year, 12, commune_planner, quality="Tốt")  # keeps its progress
    rows = {n.months: n for n in Narrative.objects.filter(plan=world.plan)}
    assert rows[6].progress == "Sáu tháng" and rows[12].progress == "Cả năm" and rows[12].quality == "Tốt"


# --- the report as a document -----------------------------------------------------------------------------------


@pytest.fixture
def written(half_year, commune_planner, world, year):  # noqa: F811
    actions.save_narrative(world.plan, year, 6, commune_planner, **TEXTS)
    return half_year


def test_the_docx_has_the_title_the_narrative_the_indicators_and_the_activities(
    client, commune_leader, world, written, year
):
    client.force_login(commune_leader)
    response = client.get(reverse("evaluation:docx", args=[world.plan.pk]) + f"?months=6&year={year}")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert f'filename="bao-cao-danh-gia-6-thang-{year}-phuong-ea-kao.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG EA KAO",
        "Số:",
        "/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        f"Đánh giá tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu năm {year}",
        f"Số liệu thực hiện lấy từ báo cáo tiến độ quý II/{year} đã được phê duyệt.",
        "I. ĐÁNH GIÁ CHUNG",
        "1. Tiến độ thực hiện",
        "Kênh mương chậm do mưa lớn.",
        "3. Khó khăn, vướng mắc và nguyên nhân",
        TEXTS["difficulties"],
        TEXTS["impact"],
        "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "% đạt kế hoạch",
        "III. TÌNH HÌNH THỰC HIỆN CÁC HOẠT ĐỘNG",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    rows = {row[1]: row for row in docx_rows(response.content) if len(row) == 9}
    poverty = rows["Tỷ lệ hộ nghèo (%)"]
    assert poverty[5] == "11" and poverty[6] == "50 %" and poverty[8] == "Đúng tiến độ"
    latrines = rows["Tỷ lệ hộ có nhà tiêu hợp vệ sinh (%)"]
    assert latrines[5] == "90\n(315/350)"
    assert rows["Diện tích lúa được tưới chủ động (ha)"][8] == "Chậm tiến độ"
    road = rows["Đường được bê tông hóa (km)"]
    assert road[5] == "-" and road[8] == "Chưa báo cáo"
    assert "Trong tổng số 7 chỉ tiêu: 3 chỉ tiêu đúng tiến độ (42,9 %)" in text
    assert "- Lao động được đào tạo nghề: 60 người, trong đó nữ 35 (58,3 %), nam 25." in text
    activities = [row for row in docx_rows(response.content) if len(row) == 5]
    assert ["1", world.road.title, "II, III", "100 %", "Đã hoàn thành"] in activities


def test_the_year_end_report_is_titled_for_the_year(client, commune_leader, world, written, year):
    client.force_login(commune_leader)
    response = client.get(reverse("evaluation:docx", args=[world.plan.pk]) + f"?months=12&year={year}")
    text = docx_text(response.content)
    assert f"Đánh giá tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm {year}" in text
    assert "6 tháng đầu" not in text
    assert "(Chưa có nội dung đánh giá.)" in text  # the year end is not written yet


def test_the_pdf_says_the_same_and_embeds_the_charts(client, commune_leader, world, written, year):
    client.force_login(commune_leader)
    response = client.get(reverse("evaluation:pdf", args=[world.plan.pk]) + f"?months=6&year={year}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for expected in (
        "BÁO CÁO",
        f"Đánh giá tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu năm {year}",
        "Kênh mương chậm do mưa lớn.",
        TEXTS["quality"],
        "Tỷ lệ hộ nghèo (%)",
        "(315/350)",
        "Chậm tiến độ",
        "Biểu đồ 1. Tỷ lệ đạt kế hoạch của từng chỉ tiêu",
        "Biểu đồ 2. Số chỉ tiêu theo mức độ thực hiện",
        "TM. ỦY BAN NHÂN DÂN",
    ):
        assert expected in text, expected


def test_an_outsider_gets_no_document(client, outsider, world):
    client.force_login(outsider)
    assert client.get(reverse("evaluation:docx", args=[world.plan.pk])).status_code == 404
    assert client.get(reverse("evaluation:pdf", args=[world.plan.pk])).status_code == 404


def test_the_page_queries_do_not_grow_from_2_to_6_activities(client, commune_leader, world, written, year):
    """The page reads a fixed number of queries whether the report covers 2 works or 6."""
    plan = world.plan
    report = written[0]
    keep = list(plan.activities.order_by("id").values_list("pk", flat=True)[:2])
    ReportLine.objects.filter(report=report).exclude(work__activity_id__in=keep).delete()
    Work.objects.filter(activity__plan=plan).exclude(activity_id__in=keep).delete()
    plan.activities.exclude(pk__in=keep).delete()
    client.force_login(commune_leader)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page(plan)).status_code == 200
        return len(ctx.captured_queries)

    two = count()
    template = plan.activities.get(pk=keep[0])
    for i in range(4):
        template.pk = None
        template.title = f"Hoạt động thêm {i}"
        template.save()
        work = Work.objects.create(activity=template, unit=plan.unit)
        ReportLine.objects.create(report=report, work=work, progress=40)
    assert plan.activities.count() == 6
    assert count() == two


# --- what the next planning round reads -------------------------------------------------------------------------


def test_next_years_step_1_reads_the_six_month_evaluation(client, commune_planner, world, written, year):
    summary = tables.last_year_summary(world.plan.unit, year)
    assert summary.plan == world.plan and summary.months == 6  # no year-end report yet
    nxt = Plan.objects.create(
        unit=world.plan.unit, kind=world.plan.kind, year_from=year + 1, year_to=year + 1, title="Kế hoạch"
    )
    client.force_login(commune_planner)
    step1 = reverse("consultation:step", args=[nxt.pk, 1])
    html = client.get(step1, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    card = html.split('id="last-year"')[1].split("</section>")[0]
    assert f"Đánh giá 6 tháng năm {year}" in card and summary.url.replace("&", "&amp;") in card
    assert "Chỉ tiêu: 3/7 đúng tiến độ" in card
    assert "Diện tích lúa được tưới chủ động: chậm so với kế hoạch (đạt 5 %)." in card
    assert TEXTS["difficulties"] in card
    html = client.get(page(world.plan), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f'href="{step1}"' in html.split('id="next-year"')[1]


def test_a_citizen_reading_step_1_does_not_see_the_private_evaluation(client, world, written, year):
    nxt = Plan.objects.create(
        unit=world.plan.unit, kind=world.plan.kind, year_from=year + 1, year_to=year + 1, state="adopted"
    )
    response = client.get(reverse("consultation:step", args=[nxt.pk, 1]), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200  # the adopted plan's steps are public
    assert 'id="discussions"' in response.content.decode()
    assert 'id="last-year"' not in response.content.decode()
