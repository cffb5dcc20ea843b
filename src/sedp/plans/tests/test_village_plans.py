"""Village plans as the village and the commune read them: the adoption date, the people's contribution, the score
sheets an adopted plan used, Biểu 3/4 read from a file of another village."""

import pytest

from sedp.plans import actions
from sedp.plans.tests.test_plans import annual, midterm  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def test_a_village_plan_is_dated_by_the_meeting_that_adopted_it(head_client, midterm, village):  # noqa: F811
    # Meeting 2 met on 17/05/2026; the plan was typed in (and adopted in the app) today.
    assert midterm.adopted_on.date().isoformat() == "2026-05-17"
    page = head_client.get(f"/plans/{midterm.pk}/", **VI).content.decode()
    assert "17/05/2026" in page


@pytest.fixture
def valued(village, units, village_head):
    """Need N1 with every kind of contribution: money, 30 labour days worth 4.500.000, materials and land."""
    from sedp.needs.actions import update_need

    need = village["needs"][0]
    update_need(
        need,
        actor=village_head,
        contribution_money=12_000_000,
        contribution_labour_days=30,
        contribution_labour_value=4_500_000,
        contribution_materials="Cát, sỏi",
        contribution_materials_value=10_000_000,
        contribution_land_value=3_000_000,
    )
    plan = actions.create_midterm(
        units.ea_kmat, village["m2"], actor=village_head, year_from=2027, year_to=2031
    )
    return need, plan


def test_the_peoples_contribution_is_one_figure_on_every_page(head_client, valued, units):
    need, plan = valued
    item = plan.items.get(need=need)
    assert need.contribution_value == item.contribution_value == 29_500_000
    needs_page = head_client.get(f"/needs/unit/{units.ea_kmat.pk}/", **VI).content.decode()
    plan_page = head_client.get(f"/plans/{plan.pk}/", **VI).content.decode()
    assert "29.500.000" in needs_page and "29.500.000" in plan_page
    assert "30 ngày công" in plan_page  # the labour days on the mid-term plan too


def test_bieu_3_has_the_labour_value_and_totals_as_formulas(head_client, valued):
    import io

    from openpyxl import load_workbook

    need, plan = valued
    data = head_client.get(f"/plans/{plan.pk}/export.xlsx").content
    ws = load_workbook(io.BytesIO(data)).active
    headers = [c.value for c in ws[7]]
    assert "Giá trị ngày công (đồng)" in headers and "Tổng dân góp (đồng)" in headers
    labour, total = headers.index("Giá trị ngày công (đồng)") + 1, headers.index("Tổng dân góp (đồng)") + 1
    row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 2).value == need.code)
    assert ws.cell(row, labour).value == 4_500_000
    assert str(ws.cell(row, total).value).startswith("=")
    last = ws.max_row
    assert ws.cell(last, 3).value == "Tổng cộng"
    assert (
        ws.cell(last, labour).value
        == f"=SUM({ws.cell(8, labour).column_letter}8:{ws.cell(8, labour).column_letter}{last - 1})"
    )
    # Read back: the labour value comes in with the rest, the computed total is not typed twice.
    from sedp.exports import village_forms as excel

    report = excel.import_plan(plan.unit, data, actor=None)
    assert report.ok, report.errors
    assert report.plan.items.get(need=need).contribution_value == 29_500_000


def test_a_workbook_of_another_village_is_refused_naming_both(midterm, units, commune_planner):  # noqa: F811
    from sedp.exports import village_forms as excel
    from sedp.places.models import Unit
    from sedp.plans.models import Plan

    thon_3 = Unit.objects.get(level="village", name="Thôn 3", parent=units.ea_kmat.parent)
    data = excel.export_plan(midterm)  # its header names Buôn Ea Kmát
    report = excel.import_plan(thon_3, data, actor=commune_planner)
    assert not report.ok and not Plan.objects.filter(unit=thon_3).exists()
    text = " ".join(report.errors)
    assert "Buôn Ea Kmát" in text and "Thôn 3" in text


def test_a_plan_with_no_meeting_to_adopt_it_says_why(client, units, commune_planner, midterm):  # noqa: F811
    from sedp.exports import village_forms as excel
    from sedp.places.models import Unit

    thon_3 = Unit.objects.get(level="village", name="Thôn 3", parent=units.ea_kmat.parent)
    data = excel.export_plan(midterm)
    # The same plan, its header corrected to Thôn 3 (as the commune would type it for the village).
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    ws["A3"] = ws["A3"].value.replace("Buôn Ea Kmát", "Thôn 3")
    out = io.BytesIO()
    wb.save(out)
    report = excel.import_plan(thon_3, out.getvalue(), actor=commune_planner)
    assert report.ok, report.errors
    client.force_login(commune_planner)
    page = client.get(f"/plans/{report.plan.pk}/", **VI).content.decode()
    assert "Chưa có cuộc họp nào của Thôn 3" in page
    assert f"/meetings/unit/{thon_3.pk}/new/" in page
