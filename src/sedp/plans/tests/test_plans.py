"""Village plans: the mid-term plan from the combined ranking, the annual plan's two parts (Part 2 holds at most
two activities), adoption that locks, new versions with a reason, and Biểu 3/4 out to Excel and back."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from sedp.audit.models import AuditEntry
from sedp.exports import village_forms as excel
from sedp.plans import actions
from sedp.plans.models import Kind, Plan

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def midterm(village, units, village_head):
    plan = actions.create_midterm(
        units.ea_kmat, village["m2"], actor=village_head, year_from=2027, year_to=2031
    )
    return actions.adopt(plan, village["m2"], actor=village_head)


@pytest.fixture
def annual(midterm, village, village_head):
    plan = actions.create_annual(midterm, 2027, actor=village_head)
    items = list(midterm.items.order_by("rank"))
    actions.add_item(plan, items[0].need, actor=village_head, part=2)
    actions.add_item(plan, items[1].need, actor=village_head, part=2)
    actions.add_item(plan, items[2].need, actor=village_head, part=1)
    actions.add_item(plan, items[3].need, actor=village_head, part=1)
    actions.add_evaluation(
        plan, actor=village_head, activity="Đường đất nội buôn", progress="Xong", invested_people=12_000_000
    )
    return plan


def sheet_values(data: bytes, skip_rows=(4,)):
    wb = load_workbook(io.BytesIO(data))
    return {
        ws.title: [
            [c.value for c in row] for i, row in enumerate(ws.iter_rows(), start=1) if i not in skip_rows
        ]
        for ws in wb.worksheets
    }


def test_it_makes_the_midterm_plan_in_the_combined_order(head_client, village, units):
    response = head_client.post(
        f"/plans/unit/{units.ea_kmat.pk}/midterm/new/",
        {"meeting": village["m2"].pk, "year_from": "2027", "year_to": "2031"},
    )
    plan = Plan.objects.get(unit=units.ea_kmat, kind=Kind.VILLAGE_MIDTERM)
    assert response["Location"] == f"/plans/{plan.pk}/"
    ranks = [i.rank for i in plan.items.order_by("rank")]
    assert ranks == list(range(1, 9))
    assert plan.items.get(rank=1).need.title == "Sửa kênh mương nội đồng"  # 9 and 10 pebbles: top of both
    assert plan.items.exclude(men_rank=None).count() == 8


def test_part_2_refuses_a_third_activity_in_vietnamese(head_client, annual, midterm):
    fifth = midterm.items.get(rank=5).need
    response = head_client.post(
        f"/plans/{annual.pk}/items/", {"need": fifth.pk, "part": "2"}, follow=True, **VI
    )
    assert (
        "Phần 2 chỉ được đề xuất tối đa 2 hoạt động do ngân sách xã, huyện hỗ trợ."
        in response.content.decode()
    )
    assert annual.items.filter(part=2).count() == 2
    assert not annual.items.filter(need=fifth).exists()


def test_a_new_activity_needs_a_reason(annual, units, village_head):
    from sedp.needs.actions import create_need

    need = create_need(units.ea_kmat, actor=village_head, title="Đèn đường", kind="construction")
    with pytest.raises(ValidationError) as exc:
        actions.add_item(annual, need, actor=village_head, part=1)
    assert "reason" in exc.value.message_dict
    item = actions.add_item(annual, need, actor=village_head, part=1, reason="Đoạn đường tối, có tai nạn")
    assert item.is_new and item.rank == 5


def test_adoption_locks_and_a_later_change_is_a_new_version_with_a_reason(
    head_client, annual, village, village_head
):
    actions.adopt(annual, village["m2"], actor=village_head)
    annual.refresh_from_db()
    assert annual.locked and annual.snapshot["items"][0]["part"] == 1
    item = annual.items.first()
    refused = head_client.post(f"/plans/items/{item.pk}/remove/", follow=True, **VI)
    assert "Kế hoạch này đã được thông qua và khóa." in refused.content.decode()
    assert annual.items.filter(pk=item.pk).exists()
    empty = head_client.post(f"/plans/{annual.pk}/new-version/", {"reason": ""}, follow=True, **VI)
    assert "Hãy ghi lý do thay đổi kế hoạch đã thông qua." in empty.content.decode()
    response = head_client.post(
        f"/plans/{annual.pk}/new-version/", {"reason": "Xã đề nghị gộp hai hoạt động"}
    )
    copy = Plan.objects.get(previous=annual)
    assert response["Location"] == f"/plans/{copy.pk}/"
    assert (copy.version, copy.state, copy.locked) == (2, "draft", False)
    assert copy.items.count() == annual.items.count()
    assert AuditEntry.objects.get(action="plans.new_version").reason == "Xã đề nghị gộp hai hoạt động"


def test_the_plan_page_shows_the_meetings_warnings(head_client, midterm, village):
    from sedp.meetings.actions import set_attendance

    set_attendance(village["m1"], actor=None, men=80, women=20)
    page = head_client.get(f"/plans/{midterm.pk}/", **VI).content.decode()
    assert "Nữ chiếm 20,0 % số người dự họp (20 trên 100)" in page


def test_bieu_4_goes_to_excel_and_back_unchanged(head_client, annual, units):
    response = head_client.get(f"/plans/{annual.pk}/export.xlsx")
    assert response["Content-Type"] == XLSX
    first = response.content
    wb = load_workbook(io.BytesIO(first))
    ws = wb["Biểu 4"]
    assert ws["A2"].value == "KẾ HOẠCH HÀNG NĂM 2027" and "Buôn Ea Kmát" in ws["A3"].value
    assert ws.cell(row=7, column=3).value == "Tên hoạt động"
    upload = SimpleUploadedFile("bieu4.xlsx", first, content_type=XLSX)
    imported = head_client.post(f"/plans/unit/{units.ea_kmat.pk}/import/", {"file": upload})
    copy = Plan.objects.exclude(pk=annual.pk).get(unit=units.ea_kmat, kind=Kind.VILLAGE_ANNUAL)
    assert imported["Location"] == f"/plans/{copy.pk}/"
    assert sheet_values(excel.export_plan(copy)) == sheet_values(first)
    assert [(i.need_id, i.part, i.rank) for i in copy.items.all()] == [
        (i.need_id, i.part, i.rank) for i in annual.items.all()
    ]


def test_bieu_3_goes_to_excel_and_back_unchanged(midterm, units, village_head):
    first = excel.export_plan(midterm)
    report = excel.import_plan(units.ea_kmat, first, actor=village_head)
    assert report.ok, report.errors
    assert sheet_values(excel.export_plan(report.plan)) == sheet_values(first)


def test_a_wrong_cell_is_reported_by_sheet_row_and_column_and_nothing_is_saved(head_client, annual, units):
    wb = load_workbook(io.BytesIO(excel.export_plan(annual)))
    ws = wb["Biểu 4"]
    ws["J9"] = "nhiều tiền"
    ws["L12"] = -3
    buffer = io.BytesIO()
    wb.save(buffer)
    plans_before, audit_before = Plan.objects.count(), AuditEntry.objects.count()
    upload = SimpleUploadedFile("bieu4.xlsx", buffer.getvalue(), content_type=XLSX)
    page = head_client.post(
        f"/plans/unit/{units.ea_kmat.pk}/import/", {"file": upload}, **VI
    ).content.decode()
    assert "Chưa lưu gì." in page
    assert "Trang “Biểu 4”, dòng 9, cột J (Kinh phí dự kiến (đồng)): hãy nhập số tiền bằng đồng" in page
    assert "Trang “Biểu 4”, dòng 12, cột L (Dân góp: ngày công): hãy nhập số nguyên từ 0 trở lên" in page
    assert (Plan.objects.count(), AuditEntry.objects.count()) == (plans_before, audit_before)


def test_an_imported_file_with_three_part_2_activities_is_refused(annual, units, village_head):
    wb = load_workbook(io.BytesIO(excel.export_plan(annual)))
    ws = wb["Biểu 4"]
    # Relabel the Part 1 heading as Part 2: four activities now ask for the budget.
    ws["A8"] = ws["A11"].value
    buffer = io.BytesIO()
    wb.save(buffer)
    report = excel.import_plan(units.ea_kmat, buffer.getvalue(), actor=village_head)
    assert not report.ok
    assert any("dòng 12" in e and "tối đa 2 hoạt động" in e for e in report.errors), report.errors
    assert Plan.objects.filter(unit=units.ea_kmat, kind=Kind.VILLAGE_ANNUAL).count() == 1


def test_it_lists_plans_in_a_fixed_number_of_queries(
    head_client, annual, units, django_assert_max_num_queries
):
    head_client.get(f"/plans/unit/{units.ea_kmat.pk}/")
    with django_assert_max_num_queries(8):
        response = head_client.get(f"/plans/unit/{units.ea_kmat.pk}/")
    assert response.content.decode().count('href="/plans/') >= 2


def test_an_adopted_plan_is_public_and_a_draft_is_not(client, annual, midterm):
    assert client.get(f"/plans/{midterm.pk}/").status_code == 200
    assert client.get(f"/plans/{annual.pk}/").status_code == 404
    assert client.get(f"/plans/{midterm.pk}/export.xlsx").status_code == 200
