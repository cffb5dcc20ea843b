"""The M&E plan (issue 15): a row per indicator edited on its page (plain form or htmx), the check listing the
indicators without a row, who may write it; the businesses' contribution of activities; and the MOP-SEDP
documents: their title, the People's Council basis, the business contribution and the M&E table."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from sedp.audit.models import AuditEntry
from sedp.consultation.tests.conftest import make_plan
from sedp.exports.documents import render_html, render_pdf
from sedp.plans import mop
from sedp.plans.logframe import actions as lf
from sedp.plans.meplan import actions as me
from sedp.plans.models import Activity, Indicator, MERow, Mode, Plan, State

from .test_documents_views import docx_text, flat

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
ROW = {"who": "Cán bộ thống kê xã", "when": "Hằng quý", "method": "Báo cáo của các thôn", "source": "Sổ hộ"}


@pytest.fixture
def mop_plan(units, commune_planner, year):
    plan = make_plan(units.ea_kao, year + 6, commune_planner)
    return mop.set_mode(plan, Mode.MOP, actor=commune_planner)


def _indicator(plan, name):
    return Indicator.objects.get(plan=plan, name=name)


def test_the_page_lists_every_indicator_and_those_without_a_row(client, mop_plan, commune_planner):
    me.save_row(mop_plan, _indicator(mop_plan, "Tỷ lệ hộ nghèo"), actor=commune_planner, **ROW)
    client.force_login(commune_planner)
    html = client.get(f"/plans/{mop_plan.pk}/me-plan/", **VI).content.decode()
    assert "Kế hoạch giám sát, đánh giá" in html
    check = html.split('id="me-check"')[1].split("</section>")[0]
    assert "1 chỉ số chưa có trong kế hoạch giám sát, đánh giá" in check
    assert "Số km kênh được sửa" in check and "Tỷ lệ hộ nghèo" not in check
    assert "Cán bộ thống kê xã" in html and "Hằng quý" in html
    assert [i.name for i in me.indicators_without_me_row(mop_plan)] == ["Số km kênh được sửa"]


def test_a_planner_writes_a_row_and_it_is_audited(client, mop_plan, commune_planner):
    ind = _indicator(mop_plan, "Số km kênh được sửa")
    client.force_login(commune_planner)
    url = f"/plans/{mop_plan.pk}/me-plan/{ind.pk}/"
    form = client.get(url, follow=True, **VI).content.decode()
    assert 'name="who"' in form
    response = client.post(url, ROW | {"users": "UBND xã báo cáo HĐND"}, **VI)
    assert response.status_code == 302 and response["Location"].endswith(f"#me-{ind.pk}")
    row = MERow.objects.get(indicator=ind)
    assert (row.who, row.when, row.users) == ("Cán bộ thống kê xã", "Hằng quý", "UBND xã báo cáo HĐND")
    entry = AuditEntry.objects.get(action="plans.me_plan.save_row", object_id=str(mop_plan.pk))
    assert entry.after["who"] == "Cán bộ thống kê xã" and entry.before is None
    # Changed again through htmx: the page body comes back, with the check complete for this indicator.
    response = client.post(url, ROW | {"when": "6 tháng một lần"}, HTTP_HX_REQUEST="true", **VI)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="me-body"') and "6 tháng một lần" in body
    assert AuditEntry.objects.filter(action="plans.me_plan.save_row").count() == 2


def _version_in(form_html: str) -> str:
    return form_html.split('name="version" value="')[1].split('"')[0]


def test_a_row_saved_from_an_older_page_is_refused_naming_who_and_nothing_is_overwritten(
    client, mop_plan, commune_planner, commune_leader
):
    """Two people open the same indicator's form; the first saves; the second's save shows both versions and
    keeps the first's row (before: the second silently overwrote it)."""
    ind = _indicator(mop_plan, "Số km kênh được sửa")
    url = f"/plans/{mop_plan.pk}/me-plan/{ind.pk}/"
    client.force_login(commune_planner)
    mine = _version_in(client.get(url, follow=True, **VI).content.decode())
    # Meanwhile the commune's leader plans the same indicator from another office.
    me.save_row(mop_plan, ind, actor=commune_leader, version=mine, **ROW | {"when": "Hằng tháng"})
    response = client.post(url, ROW | {"when": "Hằng năm", "version": mine}, **VI)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Thay đổi của bạn chưa được lưu" in html and "Hằng tháng" in html and "Hằng năm" in html
    assert MERow.objects.get(indicator=ind).when == "Hằng tháng"
    # Saved again from the refusal (it carries the version saved now): the planner replaces it knowingly.
    response = client.post(url, ROW | {"when": "Hằng năm", "version": _version_in(html)}, **VI)
    assert response.status_code == 302 and MERow.objects.get(indicator=ind).when == "Hằng năm"


def test_a_row_without_who_when_or_how_is_refused_naming_the_field(client, mop_plan, commune_planner):
    ind = _indicator(mop_plan, "Tỷ lệ hộ nghèo")
    client.force_login(commune_planner)
    response = client.post(
        f"/plans/{mop_plan.pk}/me-plan/{ind.pk}/", {"who": "", "when": "Hằng năm", "method": ""}, **VI
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cần nhập “Người đo, thu thập”" in html
    assert "Cần nhập “Phương pháp, phương tiện kiểm chứng”" in html
    assert 'value="Hằng năm"' in html  # what was typed is kept
    assert not MERow.objects.exists()
    with pytest.raises(ValidationError) as exc:
        me.save_row(mop_plan, ind, actor=commune_planner, who="Cán bộ", when="", method="x")
    assert list(exc.value.message_dict) == ["when"]


def test_a_row_is_removed_and_the_check_names_its_indicator_again(client, mop_plan, commune_planner):
    ind = _indicator(mop_plan, "Tỷ lệ hộ nghèo")
    me.save_row(mop_plan, ind, actor=commune_planner, **ROW)
    client.force_login(commune_planner)
    response = client.post(f"/plans/{mop_plan.pk}/me-plan/{ind.pk}/delete/", **VI)
    assert response.status_code == 302
    assert not MERow.objects.filter(indicator=ind).exists()
    assert AuditEntry.objects.filter(action="plans.me_plan.delete_row", object_id=str(mop_plan.pk)).exists()
    assert ind in me.indicators_without_me_row(mop_plan)


def test_who_may_read_and_write_the_me_plan(client, mop_plan, village_head, outsider):
    ind = _indicator(mop_plan, "Tỷ lệ hộ nghèo")
    client.force_login(village_head)
    html = client.get(f"/plans/{mop_plan.pk}/me-plan/", **VI).content.decode()
    assert "Tỷ lệ hộ nghèo" in html and 'name="who"' not in html
    assert client.post(f"/plans/{mop_plan.pk}/me-plan/{ind.pk}/", ROW).status_code == 403
    client.force_login(outsider)
    assert client.get(f"/plans/{mop_plan.pk}/me-plan/").status_code == 404
    assert client.post(f"/plans/{mop_plan.pk}/me-plan/{ind.pk}/", ROW).status_code == 404
    assert not MERow.objects.exists()


def test_an_adopted_plans_me_plan_no_longer_changes(mop_plan, commune_planner):
    Plan.objects.filter(pk=mop_plan.pk).update(state=State.ADOPTED, locked=True)
    with pytest.raises(ValidationError) as exc:
        me.save_row(mop_plan, _indicator(mop_plan, "Tỷ lệ hộ nghèo"), actor=commune_planner, **ROW)
    assert "không thể sửa kế hoạch giám sát" in exc.value.messages[0]


def test_the_activity_form_records_the_businesses_contribution(client, mop_plan, commune_planner):
    activity = Activity.objects.get(plan=mop_plan, number="2")
    client.force_login(commune_planner)
    response = client.post(
        f"/plans/{mop_plan.pk}/logframe/activity/{activity.pk}/",
        {
            "title": activity.title,
            "number": "2",
            "quarters": ["1"],
            "business_contribution_value": "50.000.000",
            "version": lf.version_of(activity),
        },
        **VI,
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    activity.refresh_from_db()
    assert activity.business_contribution_value == 50_000_000
    html = client.get(f"/plans/{mop_plan.pk}/logframe/", **VI).content.decode()
    assert "Doanh nghiệp đóng góp" in html and "50.000.000" in html


def _documented(plan, actor):
    activity = Activity.objects.get(plan=plan, number="1")
    Activity.objects.filter(pk=activity.pk).update(business_contribution_value=120_000_000)
    for ind in plan.indicators.all():
        me.save_row(plan, ind, actor=actor, **ROW, users="UBND xã báo cáo HĐND xã")
    return lf.to_core(Plan.objects.select_related("unit").get(pk=plan.pk))


def test_the_mop_documents_have_the_title_the_basis_the_business_contribution_and_the_me_table(
    client, mop_plan, commune_planner
):
    core = _documented(mop_plan, commune_planner)
    assert core.title.startswith("Phát triển kinh tế - xã hội định hướng thị trường có sự tham gia năm")
    client.force_login(commune_planner)
    response = client.get(f"/plans/{mop_plan.pk}/ke-hoach-{mop_plan.year_from}.docx")
    assert response.status_code == 200
    text = flat(docx_text(response.content))
    assert "KẾ HOẠCH Phát triển kinh tế - xã hội định hướng thị trường có sự tham gia năm" in text
    assert "Căn cứ Nghị quyết số" in text and "của Hội đồng nhân dân phường Ea Kao" in text
    assert "Doanh nghiệp đóng góp: 120.000.000 đồng" in text
    assert "V. KẾ HOẠCH GIÁM SÁT, ĐÁNH GIÁ" in text
    for cell in ("Người đo, thu thập", "Cán bộ thống kê xã", "Hằng quý", "UBND xã báo cáo HĐND xã"):
        assert cell in text
    assert "Tỷ lệ hộ nghèo" in text.split("V. KẾ HOẠCH GIÁM SÁT, ĐÁNH GIÁ")[1]
    pdf = client.get(f"/plans/{mop_plan.pk}/ke-hoach-{mop_plan.year_from}.pdf").content
    pdf_text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "định hướng thị trường có sự tham gia" in pdf_text
    assert "KẾ HOẠCH GIÁM SÁT, ĐÁNH GIÁ" in pdf_text and "Cán bộ thống kê xã" in pdf_text


def test_an_approved_mop_plan_cites_its_resolution(mop_plan, commune_planner):
    Plan.objects.filter(pk=mop_plan.pk).update(
        resolution_number="07/NQ-HĐND", resolution_date="2026-12-20", state=State.APPROVED, locked=True
    )
    core = _documented_unlocked(mop_plan, commune_planner)
    html = render_html(core)
    assert (
        "Căn cứ Nghị quyết số 07/NQ-HĐND ngày 20 tháng 12 năm 2026 của Hội đồng nhân dân phường Ea Kao"
        in html
    )


def _documented_unlocked(plan, actor):
    state = Plan.objects.filter(pk=plan.pk).values("state", "locked").get()
    Plan.objects.filter(pk=plan.pk).update(state=State.DRAFT, locked=False)
    _documented(plan, actor)
    Plan.objects.filter(pk=plan.pk).update(**state)
    return lf.to_core(Plan.objects.select_related("unit").get(pk=plan.pk))


def test_a_draft_mop_plan_prints_every_indicator_blank_where_not_planned(mop_plan):
    core = lf.to_core(Plan.objects.select_related("unit").get(pk=mop_plan.pk))
    assert [r.who for r in core.me_plan] == ["", ""]
    assert "KẾ HOẠCH GIÁM SÁT, ĐÁNH GIÁ" in render_html(core)


def test_an_sedp_plan_without_me_rows_has_no_me_section(units, commune_planner, year):
    plan = make_plan(units.ea_kao, year + 6, commune_planner)
    core = lf.to_core(Plan.objects.select_related("unit").get(pk=plan.pk))
    assert core.me_plan == () and core.mode == ""
    html = render_html(core)
    assert "GIÁM SÁT, ĐÁNH GIÁ" not in html and "định hướng thị trường" not in html
    assert render_pdf(core)[:4] == b"%PDF"
