"""Needs, PRA findings, score sheets and the ranking page (men | women | combined)."""

import pytest

from sedp.audit.models import AuditEntry
from sedp.needs.models import Need, Score

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def need_data(**extra):
    from sedp.needs.models import Sector

    return {
        "title": "Sửa cầu treo",
        "sector": Sector.objects.filter(unit__isnull=True).first().pk,
        "kind": "construction",
        "quantity": "1,5",
        "quantity_unit": "km",
        "estimated_cost": "17.052.000.000",
        "contribution_money": "1563000000",
        "contribution_labour_days": "120",
        **extra,
    }


def test_it_records_a_need_with_money_typed_either_way(head_client, units):
    response = head_client.post(f"/needs/unit/{units.ea_kmat.pk}/new/", need_data())
    assert response.status_code == 302
    need = Need.objects.get(unit=units.ea_kmat, title="Sửa cầu treo")
    assert (need.estimated_cost, need.contribution_money, str(need.quantity)) == (
        17052000000,
        1563000000,
        "1.50",
    )
    assert need.code.startswith("N")
    assert AuditEntry.objects.filter(action="needs.create", object_id=str(need.pk)).exists()


def test_it_refuses_a_bad_amount_in_vietnamese_naming_the_field(head_client, units):
    response = head_client.post(
        f"/needs/unit/{units.ea_kmat.pk}/new/", need_data(estimated_cost="17,052 tỷ"), **VI
    )
    page = response.content.decode()
    assert (
        "“Kinh phí dự kiến (đồng)”: hãy nhập số tiền bằng đồng, ví dụ 17.052.000.000 hoặc 17052000000."
        in page
    )
    assert 'value="Sửa cầu treo"' in page
    assert not Need.objects.filter(unit=units.ea_kmat, title="Sửa cầu treo").exists()


def test_it_shows_the_pra_findings_on_the_meeting(head_client, village):
    page = head_client.get(f"/meetings/{village['wg'].pk}/", **VI).content.decode()
    assert "Kênh bồi lấp" in page and "Giếng ô nhiễm" in page and "nhóm phụ nữ" in page


def test_it_saves_scores_on_a_phone_and_refuses_a_score_off_the_scale(head_client, village):
    sheet = village["sheets"][0]
    need, crit = village["needs"][0], sheet.scores.first().criterion
    before = Score.objects.filter(sheet=sheet).count()
    response = head_client.post(f"/needs/sheets/{sheet.pk}/", {f"s-{need.pk}-{crit.pk}": "9"}, **VI)
    assert "hãy nhập số nguyên từ 1 đến 5 (không phải “9”)" in response.content.decode()
    assert Score.objects.filter(sheet=sheet).count() == before
    ok = head_client.post(f"/needs/sheets/{sheet.pk}/", {f"s-{need.pk}-{crit.pk}": "4"})
    assert ok.status_code == 302
    assert list(Score.objects.filter(sheet=sheet).values_list("value", flat=True)) == [4]


def test_the_score_page_weighs_under_100_kb(head_client, village):
    response = head_client.get(f"/needs/sheets/{village['sheets'][0].pk}/")
    assert response.status_code == 200 and len(response.content) < 100_000
    assert 'data-draft="sheet-' in response.content.decode()


def test_the_ranking_page_shows_men_women_and_combined_side_by_side(head_client, village, units):
    page = head_client.get(f"/needs/unit/{units.ea_kmat.pk}/ranking/?meeting={village['m2'].pk}", **VI)
    html = page.content.decode()
    assert "Nhóm nam" in html and "Nhóm nữ" in html and "Tổng hợp" in html
    assert "nam và nữ khác nhau nhiều" in html
    combined = page.context["result"].combined
    # The road: men's first, women's near the bottom.
    road = village["needs"][1].code
    assert combined.by_need()[road].disagree


def test_it_lists_needs_in_a_fixed_number_of_queries(
    head_client, village, units, django_assert_max_num_queries
):
    head_client.get(f"/needs/unit/{units.ea_kmat.pk}/")
    with django_assert_max_num_queries(8):
        response = head_client.get(f"/needs/unit/{units.ea_kmat.pk}/")
    assert response.content.decode().count("/edit/") == 8


def test_outsiders_get_404(client, outsider, village, units):
    client.force_login(outsider)
    # the unit is public (its place page), its needs and own lists are its planning data (issue 16 §7)
    assert client.get(f"/places/{units.ea_kmat.pk}/").status_code == 200
    assert client.get(f"/needs/unit/{units.ea_kmat.pk}/").status_code == 404
    assert client.get(f"/needs/sheets/{village['sheets'][0].pk}/").status_code == 404


def test_a_need_entered_by_mistake_can_be_deleted_but_not_once_scored(head_client, units, village):
    head_client.post(f"/needs/unit/{units.ea_kmat.pk}/new/", need_data(title="Nhập nhầm"))
    mistake = Need.objects.get(unit=units.ea_kmat, title="Nhập nhầm")
    response = head_client.post(f"/needs/{mistake.pk}/delete/", **VI)
    assert response.status_code == 302 and not Need.objects.filter(pk=mistake.pk).exists()
    assert AuditEntry.objects.filter(action="needs.delete", object_id=str(mistake.pk)).exists()
    scored = Score.objects.filter(need__unit=units.ea_kmat).first().need
    page = head_client.post(f"/needs/{scored.pk}/delete/", follow=True, **VI).content.decode()
    assert "đã được chấm điểm" in page and Need.objects.filter(pk=scored.pk).exists()


def test_outsiders_cannot_delete_a_village_need(client, outsider, village):
    need = village["needs"][0]
    client.force_login(outsider)
    assert client.post(f"/needs/{need.pk}/delete/").status_code == 404
    assert client.get(f"/needs/{need.pk}/delete/").status_code in (404, 405)
    assert Need.objects.filter(pk=need.pk).exists()


def test_a_village_renames_or_deletes_its_own_sector_but_not_the_defaults_or_one_in_use(
    head_client, units, village
):
    from sedp.needs.models import PraTool, Sector

    head_client.post(f"/needs/unit/{units.ea_kmat.pk}/lists/", {"what": "sector", "name": "Chăn nuoi"})
    mine = Sector.objects.get(unit=units.ea_kmat, name="Chăn nuoi")
    page = head_client.get(f"/needs/unit/{units.ea_kmat.pk}/", **VI).content.decode()
    assert 'value="Chăn nuoi"' in page and f"/needs/lists/sector/{mine.pk}/rename/" in page
    head_client.post(f"/needs/lists/sector/{mine.pk}/rename/", {"name": "Chăn nuôi"})
    mine.refresh_from_db()
    assert mine.name == "Chăn nuôi"
    assert AuditEntry.objects.filter(action="needs.rename_list_entry", object_id=str(mine.pk)).exists()
    default = Sector.objects.filter(unit__isnull=True).first()
    assert head_client.post(f"/needs/lists/sector/{default.pk}/rename/", {"name": "X"}).status_code == 404
    head_client.post(f"/needs/unit/{units.ea_kmat.pk}/new/", need_data(title="Nuôi bò", sector=mine.pk))
    page = head_client.post(f"/needs/lists/sector/{mine.pk}/delete/", follow=True, **VI).content.decode()
    assert "“Chăn nuôi” được dùng 1 lần: được lưu lại và không xóa được." in page
    assert Sector.objects.filter(pk=mine.pk).exists()
    head_client.post(f"/needs/unit/{units.ea_kmat.pk}/lists/", {"what": "tool", "name": "Bản đồ nhầm"})
    tool = PraTool.objects.get(unit=units.ea_kmat)
    head_client.post(f"/needs/lists/tool/{tool.pk}/delete/")
    assert not PraTool.objects.filter(pk=tool.pk).exists()


def test_a_tool_a_sub_group_used_cannot_be_deleted(head_client, units, village, village_head):
    from sedp.needs import actions
    from sedp.needs.models import PraTool

    tool = actions.add_to_list(units.ea_kmat, "tool", "Sơ đồ nông hộ", actor=village_head)
    actions.create_subgroup(
        village["wg"], actor=village_head, name="Nhóm 3", leader="A", theme="B", tools=[tool]
    )
    head_client.post(f"/needs/lists/tool/{tool.pk}/delete/")
    assert PraTool.objects.filter(pk=tool.pk).exists()


def test_an_outsider_cannot_touch_a_villages_list(client, outsider, units, village_head):
    from sedp.needs import actions

    mine = actions.add_to_list(units.ea_kmat, "sector", "Riêng", actor=village_head)
    client.force_login(outsider)
    assert client.post(f"/needs/lists/sector/{mine.pk}/delete/").status_code == 404
    assert client.post(f"/needs/lists/nonsense/{mine.pk}/delete/").status_code == 404


def test_a_sub_group_recorded_by_mistake_is_deleted_but_not_once_something_came_from_it(
    head_client, village, village_head, client, outsider
):
    from sedp.needs import actions
    from sedp.needs.models import SubGroup

    wg = village["wg"]
    mistake = actions.create_subgroup(wg, actor=village_head, name="Nhóm 5", leader="A", theme="Trùng")
    used = SubGroup.objects.filter(meeting=wg, findings__isnull=False).first()
    page = head_client.get(f"/meetings/{wg.pk}/", **VI).content.decode()
    assert (
        f"/needs/subgroups/{mistake.pk}/delete/" in page and f"/needs/subgroups/{used.pk}/delete/" not in page
    )
    # Somebody else may not; the group that has findings stays, with the reason said in Vietnamese.
    client.force_login(outsider)
    assert client.post(f"/needs/subgroups/{mistake.pk}/delete/").status_code == 404
    head_client.force_login(village_head)  # (the same test client)
    page = head_client.post(f"/needs/subgroups/{used.pk}/delete/", follow=True, **VI).content.decode()
    assert "được lưu lại, không thể xóa" in page and SubGroup.objects.filter(pk=used.pk).exists()
    page = head_client.post(f"/needs/subgroups/{mistake.pk}/delete/", follow=True, **VI).content.decode()
    assert "Đã xóa nhóm “Nhóm 5”" in page and not SubGroup.objects.filter(pk=mistake.pk).exists()
    assert AuditEntry.objects.get(action="needs.delete_subgroup").before["theme"] == "Trùng"


def test_a_sub_group_wrongly_flagged_as_the_womens_group_is_corrected_and_audited(
    head_client, village, client, outsider
):
    from sedp.needs.models import Finding, PraTool, SubGroup

    group = SubGroup.objects.get(meeting=village["wg"], name="Nhóm phụ nữ")
    tool = PraTool.objects.filter(unit__isnull=True).first()
    page = head_client.get(f"/needs/subgroups/{group.pk}/", **VI).content.decode()
    assert 'value="H&#x27;Hoa"' in page and 'name="is_women"' in page and "checked" in page
    response = head_client.post(
        f"/needs/subgroups/{group.pk}/",
        {"name": "Nhóm nước sạch", "leader": "H'Hoa", "theme": "Nước sạch", "tools": [tool.pk]},
        follow=True,
        **VI,
    )
    assert "Đã lưu nhóm “Nhóm nước sạch”." in response.content.decode()
    group.refresh_from_db()
    assert (group.name, group.is_women, [t.pk for t in group.tools.all()]) == (
        "Nhóm nước sạch",
        False,
        [tool.pk],
    )
    entry = AuditEntry.objects.get(action="needs.update_subgroup")
    assert (entry.before["is_women"], entry.after["is_women"]) == (True, False)

    finding = Finding.objects.filter(subgroup=group).first()
    response = head_client.post(
        f"/needs/findings/{finding.pk}/",
        {"subgroup": group.pk, "sector": finding.sector_id, "situation": "", "problems": "x"},
        **VI,
    )
    assert "“Thực trạng”" in response.content.decode()  # refused, naming the field; nothing saved
    finding.refresh_from_db()
    assert finding.situation == "Giếng ô nhiễm"
    head_client.post(
        f"/needs/findings/{finding.pk}/",
        {"subgroup": group.pk, "sector": finding.sector_id, "situation": "Giếng ô nhiễm, không nắp"},
    )
    finding.refresh_from_db()
    assert finding.situation == "Giếng ô nhiễm, không nắp"
    assert AuditEntry.objects.get(action="needs.update_finding").before["situation"] == "Giếng ô nhiễm"

    client.force_login(outsider)
    assert client.get(f"/needs/subgroups/{group.pk}/").status_code == 404
    assert client.get(f"/needs/findings/{finding.pk}/").status_code == 404


def test_every_page_loads_the_drafts_script_so_a_saved_form_drops_its_draft(head_client, village):
    """The page a save leads to (here the meeting page) must run drafts.js, which drops the saved draft."""
    page = head_client.get(f"/meetings/{village['wg'].pk}/").content.decode()
    assert 'src="/static/sedp/drafts.js" defer' in page


def test_score_sheets_an_adopted_plan_used_are_locked_until_a_new_version_of_the_plan(
    head_client, village, village_head, units
):
    from sedp.plans import actions as plans

    men = village["sheets"][1]
    plan = plans.create_midterm(
        units.ea_kmat, village["m2"], actor=village_head, year_from=2027, year_to=2031
    )
    plan = plans.adopt(plan, village["m2"], actor=village_head)
    before = {s.need_id: s.value for s in men.scores.all()}
    first = village["needs"][0]
    response = head_client.post(f"/needs/sheets/{men.pk}/", {f"v-{first.pk}": "30"}, follow=True, **VI)
    page = response.content.decode()
    assert "đã được thông qua" in page and f"/plans/{plan.pk}/" in page
    assert {s.need_id: s.value for s in men.scores.all()} == before
    assert 'name="v-' in page and "disabled" in page  # shown, not editable
    response = head_client.post(
        f"/needs/meeting/{village['m2'].pk}/sheets/new/",
        {"group": "other", "label": "Nhóm thanh niên", "mode": "dots", "scale_min": 1, "scale_max": 5},
        **VI,
    )
    assert "đã được thông qua" in response.content.decode()
    assert not men.meeting.score_sheets.filter(label="Nhóm thanh niên").exists()
    # The plan's own path: a new version, with a reason, unlocks them.
    plans.new_version(plan, actor=village_head, reason="Nhóm nam chấm lại")
    head_client.post(f"/needs/sheets/{men.pk}/", {f"v-{first.pk}": "30"})
    assert men.scores.get(need=first).value == 30


def test_the_proposed_by_women_criterion_comes_from_the_needs_tick_not_a_score(head_client, village):
    from sedp.needs.models import Criterion
    from sedp.needs.ranking import rank_meeting

    women = next(c for c in Criterion.for_unit(village["wg"].unit) if c.key == "women")
    wg_sheet = village["sheets"][0]
    page = head_client.get(f"/needs/sheets/{wg_sheet.pk}/", **VI).content.decode()
    n7, n8 = village["needs"][6], village["needs"][7]  # the same typed scores; only N8 was proposed by women
    assert f'name="s-{n7.pk}-{women.pk}"' not in page  # not scored again
    assert "cả nhóm chấm thống nhất" in page  # the form says which score to enter
    order = [row.need.code for row in rank_meeting(village["wg"]).rows]
    assert order.index(n8.code) < order.index(n7.code)


@pytest.mark.parametrize(
    "persona, status",
    [("village_head", 200), ("commune_planner", 200), ("province_officer", 200), ("outsider", 404)],
)
def test_a_units_own_criteria_and_weights_are_read_only_by_people_working_on_it(
    client, request, units, village_head, persona, status
):
    from sedp.needs.actions import set_criteria

    set_criteria(
        units.ea_kmat, [("Ưu tiên hộ nghèo của buôn", 7), ("Số hộ hưởng lợi", 2)], actor=village_head
    )
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/needs/unit/{units.ea_kmat.pk}/ranking/", **VI)
    assert response.status_code == status
    assert ("Ưu tiên hộ nghèo của buôn (7)" in response.content.decode()) == (status == 200)


def test_a_citizen_is_sent_to_sign_in_for_a_units_ranking(client, units):
    response = client.get(f"/needs/unit/{units.ea_kmat.pk}/ranking/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
