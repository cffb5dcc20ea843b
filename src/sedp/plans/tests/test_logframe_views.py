"""The logframe page: the Trường Thi 2010 plan as the source prints it (objectives, results, 19 activities, its two
SMART warnings, the Gantt chart), the editor (plain POST and htmx, errors in Vietnamese naming the field, typed
input kept), permissions, and a number of queries that does not grow with the rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sedp.demo.truong_thi_2010 import PLAN
from sedp.exports.documents import number_line, signer_lines
from sedp.needs.models import Need, Sector
from sedp.plans.logframe import actions as lf
from sedp.plans.models import Activity, Kind, NeedLink, Plan, State

from .test_logframe import new_plan

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def truong_thi(units):
    """The demo's plan: adopted, approved and submitted."""
    return Plan.objects.get(unit=units.truong_thi, kind=Kind.COMMUNE_ANNUAL, year_from=2010, version=1)


@pytest.fixture
def draft(units):
    return new_plan(units.ea_kao, 2031)


def url(plan, name="plans:logframe", *args):
    return reverse(name, args=[plan.pk, *args])


def text(response) -> str:
    """The page as a user reads it: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_demo_holds_truong_thi_as_a_complete_adopted_plan(truong_thi):
    assert (truong_thi.state, truong_thi.locked) == (State.SUBMITTED, True)
    assert truong_thi.resolution_number == "02/NQ-HĐND" and truong_thi.resolution_date.year == 2010
    assert lf.to_core(truong_thi) == PLAN
    assert truong_thi.snapshot["sectors"][0]["name"] == "Phát triển kinh tế và cơ sở hạ tầng"
    from sedp.demo.truong_thi_db import load_truong_thi

    assert (
        load_truong_thi(truong_thi.unit, truong_thi.cycle) == truong_thi
    )  # loading the demo again adds nothing
    assert Plan.objects.filter(unit=truong_thi.unit, kind=Kind.COMMUNE_ANNUAL).count() == 1


def test_anyone_reads_the_truong_thi_logframe(client, truong_thi):
    response = client.get(url(truong_thi))
    assert response.status_code == 200
    page = text(response)
    assert "Giảm tỷ lệ nghèo từ 3,06% xuống còn 2,9% (từ 125 hộ xuống còn 118 hộ)" in page
    assert "Tổng kế hoạch ngân sách: 17.052.000.000 đ · thu ngân sách ít nhất 1.563.000.000 đ" in page
    assert "I. Phát triển kinh tế và cơ sở hạ tầng" in page
    assert "Mục tiêu 1. Giảm tỷ lệ các hộ nghèo của phường từ 125 hộ xuống còn 118 hộ." in page
    assert "Mục tiêu 2. Các điều kiện về cơ sở hạ tầng được cải thiện" in page
    for r in PLAN.results:
        assert f"Kết quả {r.number}. {r.output}" in page
    html = response.content.decode()
    assert len(re.findall(r'<tr id="activity-\d+">', html)) == 19
    for a in PLAN.activities:
        assert a.title in page
    # the two SMART warnings, on result 3's qualitative boundary indicator, in Vietnamese
    smart = html.split('id="smart"')[1].split("</section>")[0]
    assert smart.count('class="warning"') == 2
    assert "chưa có con số cần đạt" in smart and "chưa có đơn vị tính" in smart
    result_3 = truong_thi.results.get(number="3")
    assert f'href="#result-{result_3.pk}"' in smart
    # the Gantt chart: a group row per result, 19 activity rows, 30 quarter marks
    gantt = html.split('id="gantt"')[1]
    assert gantt.count("Hoạt động cho kết quả") == 4
    assert gantt.count('<span class="badge ok">x</span>') == sum(len(a.quarters) for a in PLAN.activities)
    # adopted and submitted: nothing to edit, even for the ward's planner
    assert "<form" not in html.split('id="logframe-body"')[1]


def test_the_planner_of_the_ward_sees_no_editor_on_the_submitted_plan(client, truong_thi):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="truongthi"))
    html = client.get(url(truong_thi)).content.decode()
    assert 'id="add"' not in html and "logframe_edit" not in html


def test_an_edit_of_a_submitted_plan_is_refused_with_the_reason(client, truong_thi):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="truongthi"))
    activity = truong_thi.activities.get(number="1")
    response = client.post(
        url(truong_thi, "plans:logframe_edit", "activity", activity.pk),
        {"title": "Sửa", "quarters": ["1"]},
        follow=True,
    )
    assert "Kế hoạch đang ở trạng thái “đã gửi lên cấp trên”: không thể sửa nội dung nữa." in text(response)
    activity.refresh_from_db()
    assert activity.title.startswith("Phối hợp với các tổ")


def test_permissions(client, draft, outsider, village_head):
    assert client.get(url(draft)).status_code == 404  # a draft is not public
    client.force_login(outsider)
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft, "plans:logframe_add", "activity"), {"title": "X"}).status_code == 404
    client.force_login(
        village_head
    )  # a village reads its commune's draft (voter contact), but may not edit it
    assert client.get(url(draft)).status_code == 200
    assert client.post(url(draft, "plans:logframe_add", "activity"), {"title": "X"}).status_code == 403
    assert client.get(url(draft, "plans:logframe_add", "activity")).status_code == 405
    assert not draft.activities.exists()


def test_it_adds_an_activity_with_a_plain_post(planner, draft):
    objective = lf.add_objective(draft, actor=None, text="Giảm hộ nghèo", sector=Sector.objects.first())
    result = lf.add_result(draft, actor=None, objective=objective, output="Hộ nghèo được vay vốn")
    response = planner.post(
        url(draft, "plans:logframe_add", "activity"),
        {
            "title": "Khảo sát hộ nghèo",
            "result": str(result.pk),
            "quarters": ["1", "3"],
            "responsible": "UBND",
            "cost": "25.000.000",
            "funding_source": "Ngân sách xã",
        },
    )
    activity = draft.activities.get()
    assert response.status_code == 302 and response.url.endswith(f"#activity-{activity.pk}")
    assert (activity.quarters, activity.cost, activity.result) == (frozenset({1, 3}), 25_000_000, result)
    page = text(planner.get(url(draft)))
    assert "1 Khảo sát hộ nghèo" in page and "I, III" in page and "25.000.000" in page


def test_bad_input_is_refused_in_vietnamese_and_what_was_typed_stays(planner, draft):
    response = planner.post(
        url(draft, "plans:logframe_add", "activity"),
        {
            "title": "Tập huấn kỹ thuật",
            "quarters": ["2", "5"],
            "cost": "ba triệu",
            "responsible": "Hội nông dân",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "“Kinh phí (đồng)”: hãy nhập số tiền bằng đồng, ví dụ 17.052.000.000 hoặc 17052000000." in page
    assert "“Quý thực hiện”: hãy chọn trong các quý I đến IV." in page
    html = response.content.decode()
    assert (
        'value="Tập huấn kỹ thuật"' in html and 'value="ba triệu"' in html and 'value="Hội nông dân"' in html
    )
    assert re.search(r"<details open><summary>Thêm hoạt động", html)
    response = planner.post(url(draft, "plans:logframe_add", "activity"), {"title": " ", "cost": "1.000"})
    assert "Cần nhập “Tên hoạt động”." in text(response) and 'value="1.000"' in response.content.decode()
    assert not draft.activities.exists()


def test_an_indicator_with_a_bad_target_names_the_field(planner, draft):
    kt = lf.add_key_target(draft, actor=None, text="Giảm nghèo")
    response = planner.post(
        url(draft, "plans:logframe_add", "indicator"),
        {
            "parent": f"keytarget-{kt.pk}",
            "name": "Tỷ lệ hộ nghèo",
            "target": "hai phẩy chín",
            "direction": "decrease",
        },
    )
    assert "“Chỉ tiêu”: hãy nhập một số, ví dụ 2,9 hoặc 118." in text(response)
    response = planner.post(
        url(draft, "plans:logframe_add", "indicator"),
        {
            "parent": f"keytarget-{kt.pk}",
            "name": "Tỷ lệ hộ nghèo",
            "target": "2,9",
            "unit": "%",
            "target_year": "2031",
            "direction": "decrease",
            "baseline": "3,06",
        },
    )
    assert response.status_code == 302
    indicator = kt.indicators.get()
    assert (str(indicator.target), str(indicator.baseline)) == ("2.90", "3.06")
    page = text(planner.get(url(draft)))
    assert "Tỷ lệ hộ nghèo sửa 3,06% 2,9% giảm" in page


def test_htmx_gets_the_page_body_back(planner, draft):
    response = planner.post(
        url(draft, "plans:logframe_add", "keytarget"), {"text": "Tăng thu nhập bình quân"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<div id="logframe-body"')
    assert "Tăng thu nhập bình quân" in html and "<html" not in html
    response = planner.post(url(draft, "plans:logframe_add", "keytarget"), {"text": ""}, **HTMX)
    assert "Cần nhập “Chỉ tiêu chủ yếu”." in text(response)


def test_an_activity_from_village_needs_shows_them_and_is_hung_under_a_result(planner, draft, units):
    activity = lf.add_activity(draft, actor=None, title="Sửa chữa kênh mương nội đồng")
    needs = list(Need.objects.filter(unit__parent=units.ea_kao, title__startswith="Sửa chữa kênh mương")[:2])
    link = NeedLink.objects.create(plan=draft, need=needs[0], fate="merged", reason="Gộp các kênh")
    link.activities.add(activity)
    loose = planner.get(url(draft)).content.decode().split('id="loose"')[1].split("</section>")[0]
    assert f"Từ nhu cầu của thôn: {needs[0].unit.name}: {needs[0].title}" in text_of(loose)
    assert "1 hoạt động chưa gắn với kết quả nào." in text(planner.get(url(draft)))
    # edit: the link opens the row's form with what it holds; saving hangs it under a result and schedules it
    objective = lf.add_objective(draft, actor=None, text="Cải thiện thủy lợi")
    result = lf.add_result(draft, actor=None, objective=objective, output="Kênh mương được sửa chữa")
    form = planner.get(url(draft) + f"?edit=activity-{activity.pk}", **HTMX).content.decode()
    assert f'action="{url(draft, "plans:logframe_edit", "activity", activity.pk)}"' in form
    assert 'value="Sửa chữa kênh mương nội đồng"' in form
    response = planner.post(
        url(draft, "plans:logframe_edit", "activity", activity.pk),
        {"title": activity.title, "result": str(result.pk), "quarters": ["2", "3"], "responsible": "UBND"},
        **HTMX,
    )
    html = response.content.decode()
    assert 'id="loose"' not in html and "Hoạt động cho kết quả 1" in html
    activity.refresh_from_db()
    assert (activity.result, activity.quarters) == (result, frozenset({2, 3}))
    # and it cannot be deleted while needs point at it
    planner.post(url(draft, "plans:logframe_delete", "activity", activity.pk))
    assert Activity.objects.filter(pk=activity.pk).exists()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_saves_the_header(planner, draft):
    response = planner.post(
        url(draft, "plans:logframe_header"),
        {
            "title": "Phát triển kinh tế - xã hội năm 2031",
            "doc_number": "7",
            "doc_date": "09/03/2031",
            "total_budget": "5.000.000.000",
            "revenue": "800.000.000",
            "signer_title": "KT. CHỦ TỊCH\r\nPHÓ CHỦ TỊCH",
            "recipients": "UBND tỉnh Đắk Lắk\r\nLưu: VT",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.doc_number, draft.doc_date.isoformat(), draft.total_budget) == (
        "7",
        "2031-03-09",
        5_000_000_000,
    )
    assert lf.to_core(draft).signer_title == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    response = planner.post(url(draft, "plans:logframe_header"), {"title": "KH", "doc_date": "31/02/2031"})
    assert "Ngày 31/02/2031 không có thật (“Ngày ban hành”)." in text(response)


def test_after_an_htmx_save_the_page_shows_the_header_as_saved(planner, draft):
    response = planner.post(
        url(draft, "plans:logframe_header"),
        {"title": "Phát triển kinh tế - xã hội năm 2031", "total_budget": "5.000.000.000"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "5.000.000.000" in text(response)


def test_delete_and_renumber(planner, draft):
    first = lf.add_activity(draft, actor=None, title="Một")
    lf.add_activity(draft, actor=None, title="Hai")
    planner.post(url(draft, "plans:logframe_delete", "activity", first.pk))
    assert list(draft.activities.values_list("number", flat=True)) == ["2"]
    planner.post(url(draft, "plans:logframe_renumber"))
    assert list(draft.activities.values_list("number", flat=True)) == ["1"]


def _grow(plan, n: int) -> None:
    sectors = list(Sector.objects.filter(unit=None)[:2])
    kt = lf.add_key_target(plan, actor=None, text=f"Chỉ tiêu {n}")
    lf.add_indicator(plan, actor=None, parent=kt, name="Chỉ số", unit="%", target=n)
    for s in sectors:
        objective = lf.add_objective(plan, actor=None, text="Mục tiêu", sector=s)
        lf.add_indicator(plan, actor=None, parent=objective, name="Chỉ số", target=n)
        for _ in range(n):
            result = lf.add_result(plan, actor=None, objective=objective, output="Kết quả")
            lf.add_indicator(plan, actor=None, parent=result, name="Chỉ số", unit="hộ", target=n)
            for _ in range(2):
                activity = lf.add_activity(plan, actor=None, title="Hoạt động", quarters=[1], result=result)
                need = Need.objects.filter(unit__parent=plan.unit).exclude(links__plan=plan).first()
                NeedLink.objects.create(plan=plan, need=need, fate="included").activities.add(activity)
    lf.add_activity(plan, actor=None, title="Chưa gắn")


def test_the_page_makes_the_same_number_of_queries_whatever_the_rows(planner, draft, units):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = planner.get(url(draft))
        assert response.status_code == 200
        return len(queries)

    _grow(draft, 1)
    small = count()
    _grow(draft, 3)
    assert draft.activities.count() == 2 * 2 * 4 + 2
    assert count() == small <= 14


# --- issue 10: what gets signed must be right -------------------------------------------------------------------


def test_the_smart_check_covers_activities_without_a_result(planner, draft, commune_planner):
    """Defect 10.7: the check said 'every activity has a quarter' while six activities had none and no one."""
    for n in range(1, 7):
        lf.add_activity(draft, actor=commune_planner, title=f"Việc số {n}")
    page = text(planner.get(url(draft)))
    assert "mọi hoạt động đều có quý thực hiện" not in page
    assert page.count("chưa xác định thực hiện trong quý nào") == 6
    assert page.count("chưa có đơn vị chịu trách nhiệm") == 6


def test_a_typed_total_that_differs_from_the_activities_is_shown_with_both_figures(
    planner, draft, commune_planner
):
    lf.update_header(draft, actor=commune_planner, title="Kế hoạch", total_budget=2_000_000_000)
    result = lf.add_result(
        draft,
        actor=commune_planner,
        objective=lf.add_objective(draft, actor=commune_planner, text="Cải thiện đường sá"),
        output="Đường được làm",
    )
    lf.add_activity(
        draft,
        actor=commune_planner,
        title="Làm đường",
        result=result,
        cost=1_760_000_000,
        funding_source="Ngân sách xã",
    )
    lf.add_activity(
        draft, actor=commune_planner, title="Nhà tiêu Thôn 1", cost=120_000_000, funding_source="Ngân sách xã"
    )
    page = text(planner.get(url(draft)))
    assert (
        "Tổng kế hoạch ngân sách đã nhập là 2.000.000.000 đ, nhưng kinh phí các hoạt động cộng lại là 1.880.000.000 đ"
        in page
    )
    assert "Ngân sách xã 1.880.000.000 đ Tổng kế hoạch ngân sách 1.880.000.000 đ" in page
    assert "Văn bản in 1.880.000.000 đ" in page


def test_the_number_and_the_signer_are_printed_once_whatever_is_typed(planner, draft):
    response = planner.post(
        url(draft, "plans:logframe_header"),
        {
            "title": "Phát triển kinh tế - xã hội năm 2031",
            "doc_number": "Số: 25/KH-UBND",
            "signer_title": "TM. ỦY BAN NHÂN DÂN\r\nCHỦ TỊCH",
            "signer_name": "Nguyễn  Văn  B",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.doc_number, draft.signer_authority, draft.signer_title) == ("25", "TM", "CHỦ TỊCH")
    core = lf.to_core(draft)
    assert number_line(core) == "Số: 25/KH-UBND"
    assert signer_lines(core) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] and core.signer_name == "Nguyễn Văn B"


def test_the_page_previews_the_number_and_the_signature_block_as_typed(planner, draft):
    page = planner.get(url(draft)).content.decode()
    assert f'hx-get="{url(draft, "plans:logframe_preview")}"' in page and 'hx-include="#form-header"' in page
    response = planner.get(
        url(draft, "plans:logframe_preview"),
        {
            "doc_number": "25/KH-UBND",
            "signer_authority": "KT",
            "signer_title": "Phó Chủ tịch",
            "signer_name": "Nguyễn Văn B",
        },
    )
    assert text(response).strip() == (
        "Văn bản sẽ in như sau: Số: 25/KH-UBND TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn B"
    )
