"""A village's Biểu 1/2 figures: entered on a page (numbers typed the Vietnamese way, last year's beside), imported
from the commune's workbook or the village's own, collected by the commune from several villages in one upload;
bad cells named by sheet, row and column with nothing saved; the commune's "n of N" follows."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sedp.audit.models import AuditEntry
from sedp.exports.commune_forms import export_workbook
from sedp.places.models import Unit
from sedp.plans.baseline import figures as baseline
from sedp.plans.models import Figure, Form, Measure
from sedp.plans.rollup.aggregation import aggregate

pytestmark = pytest.mark.django_db


def page_url(unit, year):
    return f"/plans/unit/{unit.pk}/figures/{year}/"


def measure(key):
    return Measure.objects.get(unit__isnull=True, key=key)


def figure(unit, year, key):
    return Figure.objects.filter(unit=unit, year=year, measure__key=key).first()


def reporting(plan, key="households"):
    agg = aggregate(plan)
    row = next(r for r in (*agg.form1, *agg.form2) if r.measure.key == key)
    return row.value.reporting, row.value.total


def workbook_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def column_of(ws, header):
    for c in range(1, ws.max_column + 1):
        if ws.cell(row=6, column=c).value == header:
            return c
    raise AssertionError(f"no column {header!r}")


def row_of(ws, name):
    for r in range(7, ws.max_row + 1):
        if ws.cell(row=r, column=2).value == name:
            return r
    raise AssertionError(f"no row {name!r}")


def upload(client, unit, year, *files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/plans/unit/{unit.pk}/figures/{year}/import/",
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
    )


# --- who may see and change -----------------------------------------------------------------------------------------


def test_the_village_head_sees_their_village_only(client, village_head, units, year):
    client.force_login(village_head)
    assert client.get(page_url(units.ea_kmat, year)).status_code == 200
    assert client.get(page_url(units.thon_1, year)).status_code == 404
    assert client.get(page_url(units.ea_kao, year)).status_code == 404  # the commune's view of all villages
    response = client.post(page_url(units.thon_1, year), {f"v{measure('households').pk}": "5"})
    assert response.status_code == 404 and figure(units.thon_1, year, "households").value != 5


def test_the_commune_team_sees_and_fills_its_villages(client, commune_planner, units, year):
    client.force_login(commune_planner)
    assert client.get(page_url(units.ea_kao, year)).status_code == 200
    response = client.post(page_url(units.ea_kmat, year), {f"v{measure('households').pk}": "212"})
    assert response.status_code == 302
    assert figure(units.ea_kmat, year, "households").value == 212


def test_the_fatherland_front_reads_the_figures_but_cannot_change_them(client, units, year):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="mattran"))
    html = client.get(page_url(units.thon_1, year)).content.decode()
    assert "264" in html and "<input" not in html.split('id="bieu1"')[1].split("</section>")[0]
    assert 'id="import"' not in html
    response = client.post(page_url(units.thon_1, year), {f"v{measure('households').pk}": "5"})
    assert response.status_code == 403 and figure(units.thon_1, year, "households").value == 264
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = {"files": [SimpleUploadedFile("a.xlsx", fill_village_workbook(units.thon_1, year, 5, 5))]}
    assert client.post(page_url(units.thon_1, year) + "import/", files).status_code == 403
    assert figure(units.thon_1, year, "households").value == 264


def test_outsiders_and_citizens_get_nothing(client, outsider, units, year):
    assert client.get(page_url(units.ea_kmat, year)).status_code == 302  # to sign in
    client.force_login(outsider)
    for unit in (units.ea_kmat, units.ea_kao):
        assert client.get(page_url(unit, year)).status_code == 404
        assert client.get(page_url(unit, year) + "bieu1-2.xlsx").status_code == 404
    response = upload(client, units.ea_kmat, year, ("x.xlsx", b"not a workbook"))
    assert response.status_code == 404


# --- the page -----------------------------------------------------------------------------------------------------------


def test_the_page_shows_last_years_value_and_the_missing_measures(client, village_head, units, year):
    client.force_login(village_head)
    html = client.get(page_url(units.ea_kmat, year)).content.decode()
    last = figure(units.ea_kmat, year - 1, "households").value
    assert last is not None  # the demo gives Buôn Ea Kmát last year's figures, not this year's
    assert (
        f"Năm {year - 1}: {int(last)}" in html or f"Năm {year - 1}: {int(last):,}".replace(",", ".") in html
    )
    n = Measure.for_unit(units.ea_kmat).count()
    assert f"Còn thiếu {n}/{n} chỉ tiêu" in html and "Tổng số hộ" in html
    assert 'inputmode="decimal"' in html


def test_a_village_head_enters_figures_the_vietnamese_way_and_the_commune_counts_them(
    client, village_head, units, year, plan
):
    assert reporting(plan) == (6, 9)
    client.force_login(village_head)
    hh, poor, rate = measure("households"), measure("poor_households"), measure("poverty_rate")
    # The commune's poverty rate is made of the poor households over the households: the village states them.
    response = client.post(
        page_url(units.ea_kmat, year),
        {f"v{hh.pk}": "1.250", f"v{poor.pk}": "131", f"v{rate.pk}": "10,5", f"t{rate.pk}": "8,25"},
    )
    assert response.status_code == 302
    assert figure(units.ea_kmat, year, "households").value == Decimal("1250")
    poverty = figure(units.ea_kmat, year, "poverty_rate")
    assert (poverty.value, poverty.target) == (Decimal("10.5"), Decimal("8.25"))
    entry = AuditEntry.objects.filter(action="plans.figures", object_id=str(units.ea_kmat.pk)).latest("id")
    assert entry.after["figures"]["households"] == ["1250.00", None] and entry.actor == village_head
    assert reporting(plan) == (7, 9) and reporting(plan, "poverty_rate") == (7, 9)
    html = client.get(page_url(units.ea_kmat, year)).content.decode()
    assert 'value="1.250"' in html and 'value="10,5"' in html
    # The page tells the village head which counts the poverty rate is made of.
    assert "tổng “Số hộ nghèo” và tổng “Tổng số hộ” của các thôn" in html
    n = Measure.for_unit(units.ea_kmat).count()
    assert f"Còn thiếu {n - 3}/{n} chỉ tiêu" in html
    # Emptying a figure takes it out of the commune's count again.
    client.post(page_url(units.ea_kmat, year), {f"v{rate.pk}": "10,5", f"t{rate.pk}": "8,25"})
    assert figure(units.ea_kmat, year, "households") is None and reporting(plan) == (6, 9)


def test_a_bad_figure_is_named_kept_and_nothing_is_saved(client, village_head, units, year):
    client.force_login(village_head)
    hh, rate = measure("households"), measure("poverty_rate")
    before = AuditEntry.objects.count()
    response = client.post(page_url(units.ea_kmat, year), {f"v{hh.pk}": "250", f"v{rate.pk}": "mười"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "“Tỷ lệ hộ nghèo”: hãy nhập một số từ 0 trở lên, ví dụ 10,5 hoặc 1.250." in html
    assert 'value="mười"' in html and 'value="250"' in html
    assert figure(units.ea_kmat, year, "households") is None and AuditEntry.objects.count() == before


# --- Excel: round trips ---------------------------------------------------------------------------------------------


def test_a_village_imports_its_column_of_the_commune_workbook(
    client, village_head, commune_planner, units, year, plan
):
    wb = load_workbook(io.BytesIO(export_workbook(plan)))
    b1, b2 = wb["Biểu 1"], wb["Biểu 2"]
    b1.cell(row=row_of(b1, "Tổng số hộ"), column=column_of(b1, "Buôn Ea Kmát"), value=212)
    b1.cell(row=row_of(b1, "Diện tích lúa nước"), column=column_of(b1, "Buôn Ea Kmát"), value="10,5")
    b1.cell(row=row_of(b1, "Số hộ nghèo"), column=column_of(b1, "Buôn Ea Kmát"), value="1.250")
    b2.cell(row=row_of(b2, "Tỷ lệ hộ nghèo"), column=column_of(b2, "Buôn Ea Kmát: hiện trạng"), value=12.5)
    b2.cell(row=row_of(b2, "Tỷ lệ hộ nghèo"), column=column_of(b2, "Buôn Ea Kmát: kế hoạch"), value=10)
    # Another village's column in the same file is not the village head's to change.
    b1.cell(row=row_of(b1, "Tổng số hộ"), column=column_of(b1, "Thôn 1"), value=1)
    client.force_login(village_head)
    response = upload(client, units.ea_kmat, year, ("bieu-xa.xlsx", workbook_bytes(wb)))
    assert response.status_code == 302
    assert figure(units.ea_kmat, year, "households").value == 212
    assert figure(units.ea_kmat, year, "rice_area").value == Decimal("10.5")
    assert "Đã nhập số liệu của Buôn Ea Kmát" in client.get(response["Location"]).content.decode()
    assert figure(units.ea_kmat, year, "poor_households").value == 1250
    poverty = figure(units.ea_kmat, year, "poverty_rate")
    assert (poverty.value, poverty.target) == (Decimal("12.5"), Decimal("10"))
    assert figure(units.thon_1, year, "households").value == 264
    assert reporting(plan) == (7, 9)
    # The commune's Biểu 1 counts Buôn Ea Kmát now: on its page and in its workbook.
    client.force_login(commune_planner)
    assert "7/9" in client.get(f"/plans/{plan.pk}/rollup/").content.decode()
    ws = load_workbook(io.BytesIO(export_workbook(plan)))["Biểu 1"]
    assert ws.cell(row=row_of(ws, "Tổng số hộ"), column=ws.max_column).value == "7/9"


def test_the_village_workbook_goes_out_and_comes_back_unchanged(client, commune_planner, units, year):
    client.force_login(commune_planner)
    response = client.get(page_url(units.thon_1, year) + "bieu1-2.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))["Biểu 1"]
    assert ws.cell(row=6, column=5).value == "Thôn 1" and ws.cell(row=6, column=6).value == f"Năm {year - 1}"
    assert ws.cell(row=row_of(ws, "Tổng số hộ"), column=5).value == 264
    before = {f.measure_id: (f.value, f.target) for f in Figure.objects.filter(unit=units.thon_1, year=year)}
    response = upload(client, units.thon_1, year, ("thon1.xlsx", response.content))
    assert response.status_code == 302
    after = {f.measure_id: (f.value, f.target) for f in Figure.objects.filter(unit=units.thon_1, year=year)}
    assert after == before
    assert not AuditEntry.objects.filter(action="plans.figures", object_id=str(units.thon_1.pk)).exists()


def fill_village_workbook(unit, year, households, rate):
    wb = load_workbook(io.BytesIO(baseline.export_workbook(unit, year)))
    b1, b2 = wb["Biểu 1"], wb["Biểu 2"]
    for m in Measure.for_unit(unit).filter(form=Form.BASELINE):
        b1.cell(row=row_of(b1, m.name), column=5, value=households if m.key == "households" else 7)
    for m in Measure.for_unit(unit).filter(form=Form.INDICATORS):
        b2.cell(row=row_of(b2, m.name), column=5, value=rate)
        b2.cell(row=row_of(b2, m.name), column=6, value="50,5")
    return workbook_bytes(wb)


def test_the_commune_collects_several_villages_workbooks_in_one_upload(
    client, commune_planner, units, year, plan
):
    thon_3 = Unit.objects.get(parent=units.ea_kao, name="Thôn 3")
    cao = Unit.objects.get(parent=units.ea_kao, name="Thôn Cao Thắng")
    files = [
        ("thon3.xlsx", fill_village_workbook(thon_3, year, "1.120", "12,5")),
        ("caothang.xlsx", fill_village_workbook(cao, year, 230, 9)),
    ]
    client.force_login(commune_planner)
    html = client.get(page_url(units.ea_kao, year)).content.decode()
    assert "Thôn, buôn đã nhập đủ số liệu: 6/9" in html and "chưa nhập gì" in html
    response = upload(client, units.ea_kao, year, *files)
    assert response.status_code == 302
    assert figure(thon_3, year, "households").value == 1120
    assert figure(cao, year, "poverty_rate").value == 9
    assert figure(cao, year, "poverty_rate").target == Decimal("50.5")
    assert reporting(plan) == (8, 9) and reporting(plan, "poverty_rate") == (8, 9)
    html = client.get(response["Location"]).content.decode()
    assert "Đã nhập số liệu của Thôn 3, Thôn Cao Thắng" in html
    assert "Thôn, buôn đã nhập đủ số liệu: 8/9" in html
    assert html.count("chưa nhập gì") == 1  # Buôn Ea Kmát


def test_the_commune_fills_several_villages_columns_of_its_own_workbook(
    client, commune_planner, units, year, plan
):
    thon_3 = Unit.objects.get(parent=units.ea_kao, name="Thôn 3")
    wb = load_workbook(io.BytesIO(export_workbook(plan)))
    b1, b2 = wb["Biểu 1"], wb["Biểu 2"]
    for name, households in (("Thôn 3", "1.120"), ("Thôn Cao Thắng", 230), ("Buôn Ea Kmát", 212)):
        b1.cell(row=row_of(b1, "Tổng số hộ"), column=column_of(b1, name), value=households)
        b2.cell(row=row_of(b2, "Tỷ lệ hộ nghèo"), column=column_of(b2, f"{name}: hiện trạng"), value="12,5")
    b1.cell(row=row_of(b1, "Tổng số hộ"), column=column_of(b1, "Thôn 1"), value=270)  # a correction
    client.force_login(commune_planner)
    response = upload(client, units.ea_kao, year, ("bieu-xa.xlsx", workbook_bytes(wb)))
    assert response.status_code == 302
    assert figure(thon_3, year, "households").value == 1120
    assert figure(thon_3, year, "poverty_rate").value == Decimal("12.5")
    assert figure(units.thon_1, year, "households").value == 270
    assert reporting(plan) == (9, 9)
    # The untouched columns of the workbook wrote back what they held: nothing else changed for Thôn 1.
    assert figure(units.thon_1, year, "population").value == 1012
    entry = AuditEntry.objects.filter(action="plans.figures", object_id=str(units.thon_1.pk)).latest("id")
    assert (
        entry.after["figures"] == {"households": ["270.00", None]} and entry.after["source"] == "bieu-xa.xlsx"
    )


def test_bad_cells_are_named_by_sheet_row_and_column_and_nothing_is_saved(
    client, commune_planner, units, year
):
    thon_3 = Unit.objects.get(parent=units.ea_kao, name="Thôn 3")
    good = fill_village_workbook(units.ea_kmat, year, 200, 10)
    wb = load_workbook(io.BytesIO(fill_village_workbook(thon_3, year, 300, 10)))
    b1, b2 = wb["Biểu 1"], wb["Biểu 2"]
    b1.cell(row=row_of(b1, "Số nữ"), column=5, value="khoảng 300")
    b2.cell(row=row_of(b2, "Tỷ lệ hộ nghèo"), column=6, value="-2")
    b1.cell(row=30, column=2, value="Số hộ có xe máy")
    b1.cell(row=30, column=5, value=40)
    b1["A3"] = f"Thôn 3 — Xã Ea Kao — Tỉnh Đắk Lắk — Năm kế hoạch {year - 1}"
    before = (Figure.objects.count(), AuditEntry.objects.count())
    client.force_login(commune_planner)
    response = upload(client, units.ea_kao, year, ("eakmat.xlsx", good), ("thon3.xlsx", workbook_bytes(wb)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu gì" in html
    row = row_of(b1, "Số nữ")
    assert (
        f"Tệp “thon3.xlsx”: Trang “Biểu 1”, dòng {row}, cột E (Thôn 3): hãy nhập một số từ 0 trở lên" in html
    )
    row = row_of(b2, "Tỷ lệ hộ nghèo")
    assert f"Trang “Biểu 2”, dòng {row}, cột F (Thôn 3: kế hoạch)" in html
    assert "Trang “Biểu 1”, dòng 30, cột B (Chỉ tiêu): “Số hộ có xe máy” không có trong Biểu 1" in html
    assert f"tệp là số liệu năm {year - 1}, không phải năm {year}" in html
    assert (Figure.objects.count(), AuditEntry.objects.count()) == before
    assert figure(units.ea_kmat, year, "households") is None  # the good file is not saved either


def test_a_file_without_the_villages_column_says_so(client, village_head, units, year):
    other = fill_village_workbook(units.thon_1, year, 5, 5)
    client.force_login(village_head)
    html = upload(client, units.ea_kmat, year, ("thon1.xlsx", other)).content.decode()
    assert "Không có cột nào trong tệp mang tên Buôn Ea Kmát" in html
    assert figure(units.thon_1, year, "households").value == 264
    html = upload(client, units.ea_kmat, year, ("notes.txt", b"hello")).content.decode()
    assert "Tệp không phải bảng tính Excel (.xlsx)." in html


def test_the_plans_pages_link_to_the_figures(client, village_head, commune_planner, units, year, plan):
    client.force_login(village_head)
    html = client.get(f"/plans/unit/{units.ea_kmat.pk}/").content.decode()
    assert f'href="/plans/unit/{units.ea_kmat.pk}/figures/"' in html
    assert client.get(f"/plans/unit/{units.ea_kmat.pk}/figures/")["Location"] == page_url(units.ea_kmat, year)
    client.force_login(commune_planner)
    html = client.get(f"/plans/{plan.pk}/rollup/").content.decode()
    assert f'href="{page_url(units.ea_kao, year)}"' in html
    html = client.get(page_url(units.ea_kao, year)).content.decode()
    assert f'href="/plans/{plan.pk}/rollup/bieu.xlsx"' in html  # the commune's workbook, to collect figures
