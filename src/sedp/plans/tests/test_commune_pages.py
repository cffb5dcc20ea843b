"""The commune plan's pages: the villages' plans aggregated, the needs and their fates decided by the planning
team (plain POST and htmx), the commune's own needs, and the village's page showing what became of its needs."""

import pytest

from sedp.needs.models import Need, Sector
from sedp.places.models import Unit
from sedp.plans.models import Activity, Fate, Kind, NeedLink, Plan, State
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import aggregate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def first_part2(plan, village="Buôn Kô Tam"):
    return next(cn for cn in aggregate(plan).by_child if cn.child.unit.name == village).part2[0].need


def test_the_overview_shows_who_sent_what_and_the_forms(planner, plan):
    response = planner.get(f"/plans/{plan.pk}/rollup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thôn, buôn đã gửi kế hoạch: 5/9" in html
    assert "Buôn Kô Tam" in html and "Thôn Cao Thắng" in html
    assert "chưa gửi" in html and "đang dự thảo" in html and "quá hạn" in html
    assert "Tổng số hộ" in html and "6/9" in html and "Tỷ lệ hộ nghèo" in html
    assert "Biểu 4" in html and "nam và nữ xếp hạng khác nhau" in html
    assert "Biểu 6: nhu cầu đầu tư xây dựng" in html
    assert f'href="/plans/{plan.pk}/rollup/bieu.xlsx"' in html
    assert len(response.content) < 100_000


def test_villages_read_the_commune_plan_but_cannot_decide(client, plan, village_head):
    client.force_login(village_head)
    assert client.get(f"/plans/{plan.pk}/rollup/").status_code == 200
    response = client.get(f"/plans/{plan.pk}/rollup/needs/")
    assert response.status_code == 200 and "Lưu quyết định" not in response.content.decode()
    need = first_part2(plan)
    url = f"/plans/{plan.pk}/rollup/needs/{need.pk}/"
    assert client.post(url, {"fate": "included"}).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(f"/plans/{plan.pk}/rollup/needs/merge/", {"reason": "x"}).status_code == 403
    assert client.post(f"/plans/{plan.pk}/rollup/needs/add/", {"title": "x"}).status_code == 403
    assert not NeedLink.objects.filter(plan=plan).exists()


def test_outsiders_see_nothing(client, plan, outsider):
    client.force_login(outsider)
    need = first_part2(plan)
    for url in (
        f"/plans/{plan.pk}/rollup/",
        f"/plans/{plan.pk}/rollup/needs/",
        f"/plans/{plan.pk}/rollup/bieu.xlsx",
        f"/plans/{plan.pk}/rollup/needs/{need.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/plans/{plan.pk}/rollup/needs/{need.pk}/", {"fate": "included"}).status_code == 404
    client.logout()
    assert client.get(f"/plans/{plan.pk}/rollup/").status_code == 404  # a draft is not public


def test_a_village_plan_is_not_a_commune_page(planner, units):
    village_plan = Plan.objects.filter(kind=Kind.VILLAGE_ANNUAL, unit__parent=units.ea_kao).first()
    assert planner.get(f"/plans/{village_plan.pk}/rollup/").status_code == 404


def test_the_planner_postpones_a_need_with_a_plain_post(planner, plan, year):
    need = first_part2(plan)
    response = planner.post(
        f"/plans/{plan.pk}/rollup/needs/{need.pk}/",
        {"fate": "postponed", "reason": "Ngân sách năm nay đã hết", "postponed_to": str(year + 1)},
    )
    assert response.status_code == 302
    # Back on the needs page with the need's village opened at its row.
    assert response["Location"] == f"/plans/{plan.pk}/rollup/needs/?village={need.unit_id}#need-{need.pk}"
    link = NeedLink.objects.get(plan=plan, need=need)
    assert (link.fate, link.reason, link.postponed_to) == (
        Fate.POSTPONED,
        "Ngân sách năm nay đã hết",
        year + 1,
    )
    html = planner.get(response["Location"]).content.decode()
    assert f'id="need-{need.pk}"' in html
    assert "hoãn sang năm sau" in html and "Ngân sách năm nay đã hết" in html


def test_a_refused_decision_keeps_what_was_typed(planner, plan):
    need = first_part2(plan)
    url = f"/plans/{plan.pk}/rollup/needs/{need.pk}/"
    response = planner.post(url, {"fate": "referred", "reason": "", "referred_to": "Chương trình 1719"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cần ghi “Lý do”" in html and "chuyển sang nguồn vốn khác" in html
    assert 'value="Chương trình 1719"' in html
    assert not NeedLink.objects.filter(plan=plan, need=need).exists()
    # The same with htmx: the row comes back with its form and the error.
    response = planner.post(url, {"fate": "not_included", "reason": ""}, **HTMX)
    html = response.content.decode()
    assert f'id="need-{need.pk}"' in html and "Cần ghi “Lý do”" in html and "<html" not in html


def test_htmx_decides_in_place(planner, plan):
    need = first_part2(plan)
    url = f"/plans/{plan.pk}/rollup/needs/{need.pk}/"
    form = planner.get(url, **HTMX).content.decode()
    assert "<form" in form and "<html" not in form and 'hx-post="' in form
    response = planner.post(url, {"fate": "included", "reason": ""}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="need-{need.pk}"' in html and "đưa vào kế hoạch" in html
    activity = Activity.objects.get(plan=plan)
    assert activity.title == need.title and activity.title in html
    # Without htmx the same form is a page of its own.
    page = planner.get(url).content.decode()
    assert "<html" in page and "Sửa quyết định" not in page and "Lưu quyết định" in page


def test_merging_two_villages_needs_from_the_page(planner, plan):
    canals = [r.need for r in aggregate(plan).candidates if r.need.title.startswith("Sửa chữa kênh mương")]
    url = f"/plans/{plan.pk}/rollup/needs/merge/"
    refused = planner.post(
        url, {"needs": [n.pk for n in canals], "title": "Kênh mương liên buôn", "reason": ""}
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and "Cần ghi “Lý do”" in html
    assert 'value="Kênh mương liên buôn"' in html and "checked" in html
    done = planner.post(
        url, {"needs": [n.pk for n in canals], "title": "Kênh mương liên buôn", "reason": "Cùng hệ thống"}
    )
    assert done.status_code == 302
    activity = Activity.objects.get(plan=plan, title="Kênh mương liên buôn")
    assert NeedLink.objects.filter(plan=plan, fate=Fate.MERGED, activities=activity).count() == len(canals)
    html = planner.get(done["Location"]).content.decode()
    assert "gộp với các nhu cầu tương tự" in html and "Kênh mương liên buôn" in html


def test_splitting_a_need_from_its_page(planner, plan):
    need = first_part2(plan)
    url = f"/plans/{plan.pk}/rollup/needs/{need.pk}/split/"
    bad = planner.post(url, {"parts": "Đoạn 1 | 400.000.000\nĐoạn 2 | bốn trăm"})
    assert bad.status_code == 200 and "dòng 2" in bad.content.decode() and "bốn trăm" in bad.content.decode()
    assert planner.post(url, {"parts": "Đoạn 1 | 400.000.000\nĐoạn 2 | 350000000"}).status_code == 302
    assert sorted(Activity.objects.filter(plan=plan).values_list("cost", flat=True)) == [
        350_000_000,
        400_000_000,
    ]


def test_a_split_part_longer_than_an_activitys_name_is_refused_naming_the_line(planner, plan):
    need = first_part2(plan)
    url = f"/plans/{plan.pk}/rollup/needs/{need.pk}/split/"
    bad = planner.post(url, {"parts": f"Đoạn 1 | 400.000.000\n{'Đoạn hai ' * 40}| 350000000"})
    assert bad.status_code == 200
    assert "“Các hoạt động”, dòng 2: tên một hoạt động tối đa 300 ký tự." in bad.content.decode()
    assert not Activity.objects.filter(plan=plan).exists()


def test_the_commune_adds_its_own_need_and_must_decide_it(planner, plan, units):
    sector = Sector.objects.filter(unit__isnull=True).first()
    url = f"/plans/{plan.pk}/rollup/needs/add/"
    bad = planner.post(
        url, {"title": "Xây trường mầm non", "kind": "construction", "estimated_cost": "hai tỷ"}
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and "“Lĩnh vực”" in html and 'value="Xây trường mầm non"' in html
    before = tracing.undecided_count(plan)
    ok = planner.post(
        url,
        {
            "title": "Xây trường mầm non",
            "sector": sector.pk,
            "kind": "construction",
            "estimated_cost": "2.000.000.000",
        },
    )
    assert ok.status_code == 302
    need = Need.objects.get(unit=units.ea_kao, title="Xây trường mầm non")
    assert need.estimated_cost == 2_000_000_000
    assert tracing.undecided_count(plan) == before + 1
    assert "Xây trường mầm non" in planner.get(f"/plans/{plan.pk}/rollup/needs/").content.decode()


def test_an_adopted_plan_can_no_longer_be_decided(planner, plan):
    need = first_part2(plan)
    Plan.objects.filter(pk=plan.pk).update(state=State.ADOPTED, locked=True)
    response = planner.post(f"/plans/{plan.pk}/rollup/needs/{need.pk}/", {"fate": "included"})
    assert response.status_code == 200 and "không thể thay đổi" in response.content.decode()
    assert not NeedLink.objects.filter(plan=plan).exists()
    assert "Lưu quyết định" not in planner.get(f"/plans/{plan.pk}/rollup/needs/").content.decode()


def test_the_commune_creates_its_plan_from_its_plans_page(planner, units, year):
    page = planner.get(f"/plans/unit/{units.ea_kao.pk}/").content.decode()
    assert "Lập kế hoạch xã" in page and f'value="{year}"' in page
    response = planner.post(f"/plans/unit/{units.ea_kao.pk}/rollup/new/", {"year": str(year), "title": ""})
    plan = Plan.objects.get(unit=units.ea_kao, kind=Kind.COMMUNE_ANNUAL, year_from=year)
    assert response["Location"] == f"/plans/{plan.pk}/rollup/"
    assert plan.title == f"Kế hoạch phát triển kinh tế - xã hội năm {year}"
    again = planner.post(
        f"/plans/unit/{units.ea_kao.pk}/rollup/new/", {"year": str(year), "title": "Lần hai"}
    )
    html = again.content.decode()
    assert (
        again.status_code == 200
        and f"Phường Ea Kao đã có kế hoạch năm {year}." in html
        and 'value="Lần hai"' in html
    )
    assert (
        f'href="/plans/{plan.pk}/rollup/"' in planner.get(f"/plans/unit/{units.ea_kao.pk}/").content.decode()
    )


def test_a_village_head_cannot_create_the_commune_plan(client, village_head, units, year):
    client.force_login(village_head)
    assert "Lập kế hoạch xã" not in client.get(f"/plans/unit/{units.ea_kmat.pk}/").content.decode()
    assert client.post(f"/plans/unit/{units.ea_kao.pk}/rollup/new/", {"year": str(year)}).status_code == 403


def test_the_village_page_shows_what_the_commune_did_with_each_need(
    client, planner, plan, commune_planner, village_head, units, django_assert_max_num_queries
):
    village = Unit.objects.get(name="Buôn Kô Tam", parent=units.ea_kao)
    need = first_part2(plan)
    tracing.postpone(plan, need, actor=commune_planner, reason="Ưu tiên thôn khó khăn hơn trong năm nay")
    client.force_login(village_head)
    client.get(f"/plans/unit/{village.pk}/")
    # 12, and 1 for the funding decisions of its needs (sedp.funding.decisions, read once for all of them).
    with django_assert_max_num_queries(13):
        response = client.get(f"/plans/unit/{village.pk}/")
    html = response.content.decode()
    assert "Xã đã xem xét nhu cầu của chúng tôi thế nào" in html
    section = html[html.index('id="fates"') :]
    assert need.title in section and "hoãn sang năm sau" in section
    assert "Ưu tiên thôn khó khăn hơn trong năm nay" in section
    assert "chưa quyết định" in section  # its other Part 2 need
    assert "thôn tự thực hiện" in section  # Part 1


def test_the_fates_stay_hidden_from_whoever_cannot_see_the_commune_plan(
    client, plan, outsider, units, commune_planner
):
    village = Unit.objects.get(name="Buôn Kô Tam", parent=units.ea_kao)
    tracing.postpone(plan, first_part2(plan), actor=commune_planner, reason="Lý do nội bộ của dự thảo")
    client.force_login(outsider)
    html = client.get(f"/plans/unit/{village.pk}/").content.decode()
    assert "Lý do nội bộ của dự thảo" not in html
