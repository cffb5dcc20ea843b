"""A progress report downloaded as an Excel template, filled offline and uploaded back (issue 12 §2, bulk entry):
the figures saved through the actions (audited, settled never above disbursed), every wrong cell named by sheet,
row and column with nothing saved, and a file that is not this report's template refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from sedp.audit.models import AuditEntry
from sedp.exports import report_workbook as rw
from sedp.monitoring.actions import create_report, move_report, start_works
from sedp.monitoring.models import ReportLine, Work, WorkFunding
from sedp.plans.models import Activity

M = 1_000_000


@pytest.fixture
def road(world, commune_planner):
    """The road, paid from two sources: the province's new-rural source and the commune's budget."""
    start_works(world.plan, commune_planner)
    work = Work.objects.get(activity=world.road)
    WorkFunding.objects.create(work=work, source_name="Ngân sách xã", planned=100 * M)
    return work


@pytest.fixture
def report(road, world, units, commune_planner, year):
    return create_report(
        units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=1, year=year
    )


def _download(client, report):
    response = client.get(reverse("monitoring:report_template", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == rw.CONTENT_TYPE
    assert f'filename="bao-cao-tien-do-{report.pk}-' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def _upload(client, report, wb_or_bytes, name="bao-cao.xlsx"):
    if isinstance(wb_or_bytes, bytes):
        data = wb_or_bytes
    else:
        buffer = io.BytesIO()
        wb_or_bytes.save(buffer)
        data = buffer.getvalue()
    return client.post(
        reverse("monitoring:report_upload", args=[report.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def _work_rows(ws):
    """{(line id, funding id): row} of the works sheet."""
    return {
        (ws.cell(row=r, column=rw.W["line"]).value, ws.cell(row=r, column=rw.W["funding"]).value): r
        for r in range(rw.HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(row=r, column=rw.W["line"]).value
    }


def _first_rows(ws):
    """The first row of each work (where its progress and difficulties are typed)."""
    firsts = {}
    for (line, _funding), r in sorted(_work_rows(ws).items(), key=lambda kv: kv[1]):
        firsts.setdefault(line, r)
    return sorted(firsts.values())


def _indicator_rows(ws):
    """{indicator name: row} of the indicators sheet."""
    return {
        ws.cell(row=r, column=rw.I["name"]).value: r
        for r in range(rw.HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(row=r, column=rw.I["item"]).value
    }


def test_the_template_is_filled_offline_and_uploaded_back_into_the_report(
    client, report, road, world, commune_planner
):
    client.force_login(commune_planner)
    wb = _download(client, report)
    assert wb.sheetnames == ["Hướng dẫn", "Công trình", "Chỉ tiêu", "Khó khăn"]
    guide = wb["Hướng dẫn"]
    facts = {guide.cell(row=r, column=1).value: guide.cell(row=r, column=2).value for r in range(1, 12)}
    assert facts["Mã báo cáo (không sửa):"] == report.pk and facts["Kỳ báo cáo:"].startswith("Quý I/")
    assert facts["Hạn gửi:"] is not None

    works = wb["Công trình"]
    rows = _work_rows(works)
    line = report.lines.get(work=road)
    latrines = report.lines.get(work__activity=world.latrines)
    ntm, commune = road.fundings.order_by("id")
    # The road's two sources are two rows; its name, progress and difficulties are merged over them.
    top, second = rows[(line.pk, ntm.pk)], rows[(line.pk, commune.pk)]
    assert second == top + 1
    assert f"B{top}:B{second}" in {str(r) for r in works.merged_cells.ranges}
    assert works.cell(row=top, column=rw.W["source"]).value == ntm.source_name
    assert works.cell(row=second, column=rw.W["planned"]).value == 100 * M
    assert works.column_dimensions["I"].hidden and works.protection.sheet
    assert works.cell(row=top, column=rw.W["disbursed"]).protection.locked is False
    assert works.cell(row=top, column=rw.W["work"]).protection.locked is True

    works.cell(row=top, column=rw.W["disbursed"], value="200.000.000")  # typed as text, with dots
    works.cell(row=top, column=rw.W["settled"], value=150 * M)
    works.cell(row=second, column=rw.W["disbursed"], value=40 * M)
    works.cell(row=top, column=rw.W["progress"], value=40)
    works.cell(row=top, column=rw.W["difficulties"], value="Mưa kéo dài, chậm đổ bê tông")
    latrine_row = rows[(latrines.pk, latrines.work.fundings.get().pk)]
    works.cell(row=latrine_row, column=rw.W["progress"], value=100)

    indicators = wb["Chỉ tiêu"]
    at = _indicator_rows(indicators)
    poor = at["Tỷ lệ hộ nghèo"]
    assert indicators.cell(row=poor, column=rw.I["value"]).value.startswith("=IF(")  # computed, not typed
    indicators.cell(row=poor, column=rw.I["numerator"], value=18)
    indicators.cell(row=poor, column=rw.I["denominator"], value=120)
    indicators.cell(row=at["Đường được bê tông hóa"], column=rw.I["value"], value="2,5")
    households = at["Hộ nghèo có nhà tiêu mới"]
    indicators.cell(row=households, column=rw.I["value"], value=12)
    indicators.cell(row=households, column=rw.I["women"], value=7)
    wb["Khó khăn"]["A5"] = "Thiếu vốn đối ứng của xã"

    response = _upload(client, report, wb)
    assert response.status_code == 302 and response.url == reverse("monitoring:report", args=[report.pk])
    page = client.get(response.url).content.decode()
    assert "Đã nhập từ Excel: 2 công trình và 3 chỉ tiêu được lưu" in page

    line.refresh_from_db()
    assert line.progress == 40 and line.difficulties == "Mưa kéo dài, chậm đổ bê tông"
    assert line.disbursed == {str(ntm.pk): 200 * M, str(commune.pk): 40 * M}
    assert line.settled == {str(ntm.pk): 150 * M}
    assert report.lines.get(pk=latrines.pk).progress == 100
    value = report.indicator_values.get(indicator__name="Tỷ lệ hộ nghèo")
    assert (value.numerator, value.denominator, value.value) == (18, 120, 15)
    road_km = report.indicator_values.get(indicator__name="Đường được bê tông hóa")
    assert str(road_km.value) == "2.50"
    assert report.indicator_values.get(indicator__name="Hộ nghèo có nhà tiêu mới").women == 7
    report.refresh_from_db()
    assert report.difficulties == "Thiếu vốn đối ứng của xã"
    audit = AuditEntry.objects.filter(actor=commune_planner)
    assert audit.filter(action="monitoring.save_report_line").count() == 2
    assert audit.filter(action="monitoring.save_indicator_value").count() == 3
    assert audit.filter(action="monitoring.report_difficulties").count() == 1

    # The next download holds what was saved; uploaded again unchanged, nothing new is written.
    again = _download(client, report)
    assert again["Công trình"].cell(row=top, column=rw.W["disbursed"]).value == 200 * M
    before = AuditEntry.objects.count()
    response = _upload(client, report, again)
    assert response.status_code == 302 and AuditEntry.objects.count() == before


def test_every_wrong_cell_is_named_by_sheet_row_and_column_and_nothing_is_saved(
    client, report, road, commune_planner
):
    client.force_login(commune_planner)
    wb = _download(client, report)
    works, indicators = wb["Công trình"], wb["Chỉ tiêu"]
    line = report.lines.get(work=road)
    ntm, commune = road.fundings.order_by("id")
    rows = _work_rows(works)
    top, second = rows[(line.pk, ntm.pk)], rows[(line.pk, commune.pk)]
    works.cell(row=top, column=rw.W["progress"], value=140)
    works.cell(row=top, column=rw.W["disbursed"], value="abc")
    works.cell(row=second, column=rw.W["disbursed"], value=10 * M)
    works.cell(row=second, column=rw.W["settled"], value="12.000.000")
    poor = _indicator_rows(indicators)["Tỷ lệ hộ nghèo"]
    indicators.cell(row=poor, column=rw.I["numerator"], value=18)
    indicators.cell(row=poor, column=rw.I["denominator"], value=0)
    roads = _indicator_rows(indicators)["Tỷ lệ đường liên buôn được cứng hóa"]
    indicators.cell(row=roads, column=rw.I["numerator"], value="12")
    indicators.cell(row=roads, column=rw.I["denominator"], value="hai mươi")
    wb["Khó khăn"]["A5"] = "Sẽ không được lưu"

    response = _upload(client, report, wb)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Không có số liệu nào trong tệp được lưu" in text
    for expected in (
        f"Trang “Công trình”, dòng {top}, cột G (Tiến độ thực hiện (%)): tiến độ phải là số nguyên từ 0 đến 100",
        f"Trang “Công trình”, dòng {top}, cột E (Giải ngân đến cuối kỳ (đồng)): “abc” không phải là số",
        f"Trang “Công trình”, dòng {second}, cột F (Quyết toán đến cuối kỳ (đồng)): ",
        f"Trang “Chỉ tiêu”, dòng {poor}, cột G (Mẫu số (với chỉ tiêu %)): Mẫu số của “Tỷ lệ hộ nghèo” phải lớn hơn 0",
    ):
        assert expected in text, expected
    assert "12.000.000 đ" in text and "10.000.000 đ" in text  # settled above disbursed, both amounts named
    assert text.count(f"Trang “Chỉ tiêu”, dòng {roads}, ") == 1  # “hai mươi” is not a number, said once
    line.refresh_from_db()
    report.refresh_from_db()
    assert line.progress == 0 and line.disbursed == {} and report.difficulties == ""
    assert report.indicator_values.get(indicator__name="Tỷ lệ hộ nghèo").numerator is None
    assert not AuditEntry.objects.filter(
        action__in=["monitoring.save_report_line", "monitoring.report_difficulties"]
    )


def test_a_source_removed_since_the_download_is_named_by_its_row(
    client, report, road, world, commune_planner
):
    client.force_login(commune_planner)
    wb = _download(client, report)
    works = wb["Công trình"]
    rows = _work_rows(works)
    latrines = report.lines.get(work__activity=world.latrines)
    works.cell(row=rows[(latrines.pk, latrines.work.fundings.get().pk)], column=rw.W["progress"], value=60)
    line = report.lines.get(work=road)
    commune = road.fundings.order_by("id").last()
    row = rows[(line.pk, commune.pk)]
    works.cell(row=row, column=rw.W["disbursed"], value=5 * M)
    commune.delete()
    response = _upload(client, report, wb)
    assert response.status_code == 400
    expected = (
        f"Trang “Công trình”, dòng {row}, cột J (Mã nguồn (không sửa)): “{line.work}” không được bố trí vốn"
    )
    assert escape(expected) in response.content.decode()
    assert report.lines.get(pk=latrines.pk).progress == 0


def test_a_refusal_of_the_rules_names_the_row_and_saves_nothing(report, road, world, commune_planner):
    """The report is submitted between reading the file and saving it: the actions refuse every line, each error
    names its row, and nothing of the file stays saved."""
    wb = load_workbook(io.BytesIO(rw.write(report)))
    works = wb["Công trình"]
    rows = _first_rows(works)
    for r in rows:
        works.cell(row=r, column=rw.W["progress"], value=70)
    wb["Khó khăn"]["A5"] = "Thiếu nhân lực"
    buffer = io.BytesIO()
    wb.save(buffer)
    parsed = rw.read(report, buffer.getvalue())
    assert parsed.errors == [] and len(parsed.lines) == 2
    move_report(report, "submitted", commune_planner)
    from django.utils import translation

    with translation.override("vi"):
        outcome = rw.save(report, parsed, commune_planner)
    assert not outcome.ok and outcome.lines == 0
    first = rows[0]
    assert outcome.errors[0].startswith(f"Trang “Công trình”, dòng {first}, cột B (Công trình, hoạt động): ")
    assert "phải trả lại thành dự thảo" in outcome.errors[0]
    assert len(outcome.errors) == 3  # two works and the report's difficulties
    assert not report.lines.filter(progress=70).exists()


def test_a_file_of_another_report_is_refused(client, report, world, units, commune_planner, year):
    other = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=2, year=year)
    client.force_login(commune_planner)
    wb = _download(client, other)
    works = wb["Công trình"]
    for r in _first_rows(works):
        works.cell(row=r, column=rw.W["progress"], value=55)
    response = _upload(client, report, wb)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Trang “Hướng dẫn”, dòng 10, cột B (Mã báo cáo (không sửa))" in text
    assert f"mẫu của một báo cáo khác (số {other.pk})" in text
    assert not report.lines.filter(progress=55).exists() and not other.lines.filter(progress=55).exists()


def test_a_locked_report_refuses_an_upload_but_can_still_be_downloaded(
    client, report, commune_planner, commune_leader, province_officer
):
    client.force_login(commune_planner)
    wb = _download(client, report)
    for r in _first_rows(wb["Công trình"]):
        wb["Công trình"].cell(row=r, column=rw.W["progress"], value=90)
    for to, who in (
        ("submitted", commune_planner),
        ("approved", commune_leader),
        ("accepted", province_officer),
    ):
        move_report(report, to, who)
    response = _upload(client, report, wb)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Báo cáo này đã khóa" in text and 'name="file"' not in text
    assert not report.lines.filter(progress=90).exists()
    locked = _download(client, report)
    assert "đã khóa" in str(locked["Hướng dẫn"]["B8"].value)


def test_who_may_read_the_report_downloads_it_but_may_not_upload(client, report, outsider):
    from django.contrib.auth import get_user_model

    client.force_login(
        get_user_model().objects.get(username="mattran")
    )  # the Fatherland Front reads, comments
    wb = _download(client, report)
    response = _upload(client, report, wb)
    assert response.status_code == 400 and "không được nhập báo cáo này" in response.content.decode()
    client.force_login(outsider)
    assert client.get(reverse("monitoring:report_template", args=[report.pk])).status_code == 404
    assert _upload(client, report, wb).status_code == 404


@pytest.mark.parametrize(
    "content",
    [
        "Tên công trình;Giải ngân\nĐường;200000000\n".encode(),  # a CSV named .xlsx
        b"PK\x03\x04 not really a zip",
        "zip-without-workbook",
    ],
)
def test_a_file_that_is_not_an_xlsx_by_its_content_is_refused(client, report, commune_planner, content):
    if content == "zip-without-workbook":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w/>")
        content = buffer.getvalue()
    client.force_login(commune_planner)
    response = _upload(client, report, content)
    assert response.status_code == 400
    assert "Tệp không phải bảng tính Excel (.xlsx)" in response.content.decode()


def test_a_file_too_large_is_refused_before_it_is_opened(client, report, commune_planner):
    client.force_login(commune_planner)
    response = _upload(client, report, b"0" * (rw.MAX_BYTES + 1))
    assert response.status_code == 400 and "tối đa 5 MB" in response.content.decode()


def test_a_formula_looking_name_or_text_comes_out_as_text(client, report, road, commune_planner):
    Activity.objects.filter(pk=road.activity_id).update(
        title='=HYPERLINK("http://x.example","Bấm")', number=""
    )
    ReportLine.objects.filter(report=report, work=road).update(difficulties="@SUM(1+1)")
    client.force_login(commune_planner)
    wb = _download(client, report)
    works = wb["Công trình"]
    top = min(r for (line, _f), r in _work_rows(works).items() if line == report.lines.get(work=road).pk)
    name = works.cell(row=top, column=rw.W["work"])
    assert name.value == '=HYPERLINK("http://x.example","Bấm")' and name.data_type == "s"
    assert name.quotePrefix
    difficulties = works.cell(row=top, column=rw.W["difficulties"])
    assert difficulties.value == "@SUM(1+1)" and difficulties.data_type == "s"
    # Read back, the text stays text: nothing changed, nothing saved.
    assert _upload(client, report, wb).status_code == 302
    assert report.lines.get(work=road).difficulties == "@SUM(1+1)"


def test_the_download_makes_as_many_queries_for_10_works_as_for_2(
    client, report, world, commune_planner, django_assert_num_queries
):
    client.force_login(commune_planner)
    url = reverse("monitoring:report_template", args=[report.pk])
    client.get(url)  # the session and the user, loaded once
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    for n in range(8):
        activity = Activity.objects.create(plan=world.plan, title=f"Công trình thêm {n}", cost=10 * M)
        work = Work.objects.create(activity=activity, unit=world.plan.unit)
        WorkFunding.objects.create(work=work, source_name="Ngân sách xã", planned=6 * M)
        WorkFunding.objects.create(work=work, source_name="Dân góp", planned=4 * M)
        ReportLine.objects.create(report=report, work=work)
    with django_assert_num_queries(len(two)):
        response = client.get(url)
    assert len(_work_rows(load_workbook(io.BytesIO(response.content))["Công trình"])) == 2 + 1 + 16


def test_errors_past_fifty_are_counted_not_listed():
    errors = [f"lỗi {n}" for n in range(57)]
    shown = rw.listed(errors)
    assert len(shown) == 51 and shown[49] == "lỗi 49"
    assert shown[-1] in ("… and 7 more errors.", "… và 7 lỗi khác.")


def test_an_amount_is_read_with_or_without_dots_and_as_a_number_cell():
    errors = []
    assert rw._amount("200.000.000", "x", errors) == 200 * M
    assert rw._amount("200000000", "x", errors) == 200 * M
    assert rw._amount(200_000_000.0, "x", errors) == 200 * M
    assert rw._amount("200.000.000 đ", "x", errors) == 200 * M
    assert rw._amount(None, "x", errors) == 0
    assert errors == []
    assert rw._amount("2,5 tỷ", "x", errors) is None and rw._amount(-5, "x", errors) is None
    assert len(errors) == 2
