"""The commune's forms as one workbook, read back with openpyxl: the villages and their rolled-up figures, the
needs in the villages' order with their fates and totals, the draft plan's targets and activities by sector."""

import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sedp.exports.commune_forms import export_workbook
from sedp.needs.models import Sector
from sedp.plans.models import Activity, Indicator, KeyTarget, Objective, Result
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import aggregate

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = ["Biểu 1", "Biểu 2", "Biểu 4", "Biểu 5", "Biểu 6", "B1", "B2"]


def read(data: bytes):
    return load_workbook(io.BytesIO(data))


def rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def find(ws, text):
    """The first row whose cells include `text`."""
    return next(r for r in rows(ws) if text in r)


def test_the_workbook_has_every_form_with_a_title_block(planner_client, plan, year):
    response = planner_client.get(f"/plans/{plan.pk}/rollup/bieu.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert f'filename="bieu-xa-{plan.unit.pk}-{year}-v1.xlsx"' in response["Content-Disposition"]
    wb = read(response.content)
    assert wb.sheetnames == SHEETS
    for name in SHEETS:
        ws = wb[name]
        assert ws["A1"].value == name
        assert ws["A3"].value == f"Phường Ea Kao — Tỉnh Đắk Lắk — Năm kế hoạch {year}"
        made = ws["B4"]
        assert made.number_format == "DD/MM/YYYY" and made.value.date() == timezone.localdate()


def test_bieu_1_has_each_village_and_the_commune_total(plan):
    agg = aggregate(plan)
    ws = read(export_workbook(plan))["Biểu 1"]
    header = rows(ws)[5]
    assert header[:4] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp"]
    assert header[4 : 4 + len(agg.children)] == [c.unit.name for c in agg.children]
    households = find(ws, "Tổng số hộ")
    assert households[3] == "Cộng"
    thon1 = header.index("Thôn 1")
    assert households[thon1] == 264 and households[header.index("Thôn 3")] is None
    # Every village that stated its figures for the year counts, its plan adopted or not (Thôn 2 is drafting).
    stated = [c for c in agg.children if c.sent or c.draft]
    assert households[-2] == sum(c.unit.households for c in stated) and households[-1] == "6/9"
    cell = ws.cell(row=rows(ws).index(households) + 1, column=len(header) - 1)
    assert cell.number_format == "#,##0" and isinstance(cell.value, int)


def test_bieu_2_has_now_and_target_for_each_village(plan):
    ws = read(export_workbook(plan))["Biểu 2"]
    header = rows(ws)[5]
    assert "Thôn 1: hiện trạng" in header and "Thôn 1: kế hoạch" in header
    poverty = find(ws, "Tỷ lệ hộ nghèo")
    assert poverty[3] == "Tỷ lệ tính từ tổng tử số / tổng mẫu số (số hộ nghèo / tổng số hộ)"
    assert find(ws, "Tỷ lệ hộ dùng điện lưới")[3] == "Bình quân theo số hộ"
    row = aggregate(plan).form2[0]
    assert poverty[-3] == pytest.approx(float(row.value.value)) and poverty[-2] == pytest.approx(
        float(row.target.value)
    )


def test_bieu_4_5_6_list_the_needs_in_the_villages_order_with_fates_and_totals(plan, commune_planner):
    agg = aggregate(plan)
    postponed = agg.by_child[0].part2[0].need
    tracing.postpone(plan, postponed, actor=commune_planner, reason="Chờ vốn năm sau")
    wb = read(export_workbook(plan))
    ws = wb["Biểu 4"]
    table = rows(ws)
    for cn in agg.by_child:
        heading = next(
            r[0] for r in table if isinstance(r[0], str) and r[0].startswith(cn.child.unit.name + " — Phần 2")
        )
        assert f"{cn.part2_count}/2" in heading
    row = find(ws, postponed.title)
    assert (
        row[1] == agg.by_child[0].child.unit.name and row[2] == 2 and row[3] == agg.by_child[0].part2[0].rank
    )
    assert (row[-2], row[-1]) == (f"Hoãn sang năm sau ({plan.year_from + 1})", "Chờ vốn năm sau")
    total = find(ws, "Tổng cộng")
    assert total[8] == sum(r.need.estimated_cost or 0 for r in agg.rows)
    missing = table[table.index(find(ws, "Thôn, buôn chưa gửi kế hoạch")) + 1 :]
    names = [r[1] for r in missing]
    assert {"Thôn 2", "Buôn Ea Kmát", "Thôn 3", "Thôn Cao Thắng"} <= set(names)
    due_row = next(r for r in missing if r[1] == "Thôn 3")
    assert isinstance(due_row[7], datetime) and due_row[7].date() == agg.not_sent[0].due_on
    six = wb["Biểu 6"]
    total6 = find(six, "Tổng cộng")
    assert total6[5] == agg.investments_total.cost and total6[6] == agg.investments_total.contribution
    assert six.cell(row=rows(six).index(total6) + 1, column=6).number_format == "#,##0"
    assert find(six, f"{postponed.code}. {postponed.title}")[8] == f"Hoãn sang năm sau ({plan.year_from + 1})"
    assert find(wb["Biểu 5"], "Tổng cộng")[5] == agg.services_total.cost > 0  # was empty (issue 10, defect 9)


def test_b1_and_b2_hold_the_draft_plans_targets_and_activities(plan, commune_planner):
    sector = Sector.objects.filter(unit__isnull=True).order_by("order").first()
    kt = KeyTarget.objects.create(plan=plan, order=1, text="Giảm tỷ lệ hộ nghèo từ 8,5 % xuống 7 %")
    Indicator.objects.create(
        plan=plan,
        key_target=kt,
        name="Tỷ lệ hộ nghèo",
        unit="%",
        baseline="8.50",
        target="7.00",
        direction="decrease",
        target_date=date(plan.year_from, 12, 31),
    )
    objective = Objective.objects.create(plan=plan, sector=sector, number="1", text="Tăng thu nhập")
    result = Result.objects.create(
        plan=plan, objective=objective, number="1.1", output="Hộ nghèo được vay vốn"
    )
    Indicator.objects.create(
        plan=plan, result=result, name="Số hộ được vay", unit="hộ", baseline=10, target=40
    )
    plan.total_budget = 17_052_000_000
    plan.save(update_fields=["total_budget"])
    need = aggregate(plan).by_child[0].part2[0].need
    activity = tracing.include(plan, need, actor=commune_planner).activities.get()
    Activity.objects.filter(pk=activity.pk).update(
        q2=True, q3=True, responsible="UBND xã", funding_source="Ngân sách xã"
    )
    Activity.objects.create(plan=plan, sector=sector, title="Tập huấn cán bộ", cost=5_000_000, q1=True)
    wb = read(export_workbook(plan))
    b1 = wb["B1"]
    assert find(b1, "Giảm tỷ lệ hộ nghèo từ 8,5 % xuống 7 %")[0] == "1"
    poverty = find(b1, "Tỷ lệ hộ nghèo")
    assert poverty[:6] == ["1.1", "Tỷ lệ hộ nghèo", "%", 8.5, 7, "Giảm"]
    assert poverty[8].date() == date(plan.year_from, 12, 31)
    assert find(b1, "Số hộ được vay")[0] == "KQ 1.1"
    # issue 10: the total printed is what the activities add up to (the document prints the same), not the typed one
    assert find(b1, "Tổng kế hoạch ngân sách")[4] == need.estimated_cost + 5_000_000
    b2 = wb["B2"]
    row = find(b2, need.title)
    assert row[2:7] == [None, "x", "x", None, "UBND xã"] and row[7] == need.estimated_cost
    assert row[8] == "Ngân sách xã" and f"{need.unit.name}: {need.code}" in row[11]
    # activities not yet under a result are grouped as the document groups them
    assert (
        find(b2, "Các hoạt động khác (chưa gắn với kết quả)")[0]
        == "Các hoạt động khác (chưa gắn với kết quả)"
    )
    assert find(b2, "Tổng cộng")[7] == need.estimated_cost + 5_000_000


@pytest.fixture
def planner_client(client, commune_planner):
    client.force_login(commune_planner)
    return client


def test_the_workbook_is_made_once_per_content(plan, commune_planner, monkeypatch):
    """openpyxl takes over a second to make a 100-village workbook: it is kept under a digest of all it holds, so
    downloading it again writes nothing, and deciding a need's fate makes a new one that shows it."""
    from django.core.cache import cache
    from openpyxl import Workbook

    cache.clear()  # another test may have made this very workbook (same content, same file)
    saved = []
    save = Workbook.save
    monkeypatch.setattr(Workbook, "save", lambda wb, f: saved.append(1) or save(wb, f))
    first = export_workbook(plan)
    assert export_workbook(plan) == first and len(saved) == 1
    need = aggregate(plan).pending[0].need
    tracing.postpone(plan, need, actor=commune_planner, reason="Chờ vốn năm sau")
    changed = export_workbook(plan)
    assert len(saved) == 2 and changed != first
    assert "Chờ vốn năm sau" in [v for row in rows(read(changed)["Biểu 4"]) for v in row]


def test_rows_kept_as_xml_read_back_as_openpyxl_writes_them(plan, monkeypatch):
    """The table rows are written as XML, not as 70,000 openpyxl cells: the file reads back the same — values,
    number formats, fonts, borders, wrapping, row heights — text with markup, spaces and line breaks included."""
    from django.core.cache import cache

    from sedp.exports import commune_forms
    from sedp.needs.models import Need

    need = aggregate(plan).rows[0].need
    Need.objects.filter(pk=need.pk).update(title=' Đường <bê tông> & "cầu"\r\ntràn ')
    Need.objects.filter(pk=aggregate(plan).rows[1].need.pk).update(title='=HYPERLINK("http://x","y")')

    def cells(data):
        wb = read(data)
        out = {}
        for ws in wb.worksheets:
            out[ws.title] = [
                (c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.border.left.style,
                 c.alignment.wrap_text, ws.row_dimensions[c.row].height)
                for row in ws.iter_rows() for c in row
            ]  # fmt: skip
        return out

    fast = cells(export_workbook(plan))
    cache.clear()
    monkeypatch.setattr(commune_forms, "_row_xml", lambda *args: None)  # every row made of openpyxl cells
    assert cells(export_workbook(plan)) == fast
    titles = [c[1] for c in fast["Biểu 4"]]
    assert ' Đường <bê tông> & "cầu"\r\ntràn ' in titles
    assert '=HYPERLINK("http://x","y")' in titles  # text, not a formula


def test_rows_kept_as_xml_are_the_xml_openpyxl_writes(plan, monkeypatch):
    """Byte for byte: every part of the file — each sheet, the styles — is what openpyxl writes when it makes every
    row of cells itself, text escaped and beyond ASCII as lxml writes it, numbers as openpyxl formats them. The one
    difference allowed is an empty cell closed as `<c …/>` rather than `<c …></c>`, the same element."""
    import re
    import zipfile

    from django.core.cache import cache

    from sedp.exports import commune_forms
    from sedp.needs.models import Need

    rows = aggregate(plan).rows
    titles = [' Đường <bê tông> & "cầu"\r\ntràn ', "tab\there 😀 ]]>", "=1+1", "#N/A", "x" * 300]
    for row, title in zip(rows, titles, strict=False):
        Need.objects.filter(pk=row.need.pk).update(title=title)
    Need.objects.filter(pk=rows[len(titles)].need.pk).update(estimated_cost=2**53 + 1)  # beyond 2⁵³: "%.16g"

    def parts(data):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {
                name: re.sub(rb"(<c [^>]*)></c>", rb"\1/>", z.read(name))
                for name in z.namelist()
                if name != "docProps/core.xml"  # the time it was made
            }

    cache.clear()
    fast = export_workbook(plan)
    cache.clear()
    monkeypatch.setattr(commune_forms, "_row_xml", lambda *args: None)  # every row made of openpyxl cells
    slow = parts(export_workbook(plan))
    assert parts(fast) == slow
    assert b"&#128512; ]]&gt;" in slow["xl/worksheets/sheet3.xml"]
