"""Frozen drafts: the plan's content item by item, never changed afterwards, and two drafts compared part by part."""

import pytest

from sedp.consultation import actions
from sedp.consultation.content import plan_content
from sedp.consultation.models import DraftVersion
from sedp.plans.models import Activity

from .conftest import VI

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_client(client, commune_planner):
    client.force_login(commune_planner)
    return client


def test_freeze_keeps_the_logframe_and_the_needs_fates_item_by_item(plan, commune_planner):
    v1 = actions.freeze(plan, actor=commune_planner, note="cho hội nghị góp ý")
    assert (v1.number, v1.frozen_by, v1.note) == (1, commune_planner, "cho hội nghị góp ý")
    items = {i["key"]: i for i in v1.content["items"]}
    kinds = [i["kind"] for i in v1.content["items"]]
    assert kinds[0] == "plan" and kinds.count("activity") == 2 and kinds.count("need") == 2
    assert kinds.count("indicator") == 2 and {"key_target", "objective", "result"} <= set(kinds)
    canal = plan.activities.get(number="1")
    activity = items[f"activity:{canal.pk}"]
    assert activity["label"] == "1. Sửa chữa kênh mương"
    assert activity["fields"]["quarters"] == "II, III" and activity["fields"]["cost"] == 450_000_000
    assert activity["fields"]["result"].startswith("result:")
    merged = next(i for i in items.values() if i["kind"] == "need" and i["fields"]["fate"] == "merged")
    assert merged["fields"]["activities"] == [f"activity:{canal.pk}"]
    assert merged["fields"]["village_name"] == "Buôn Kô Tam"
    again = actions.freeze(plan, actor=commune_planner)  # nothing changed: the same draft, not a copy
    assert (again.pk, again.unchanged) == (v1.pk, True)
    canal.cost = 460_000_000
    canal.save(update_fields=["cost"])
    assert actions.freeze(plan, actor=commune_planner).number == 2


def test_freezing_again_what_did_not_change_says_so(plan, commune_planner, planner_client):
    url = f"/consultation/plan/{plan.pk}/drafts/freeze/"
    planner_client.post(url, {"note": "cho hội nghị góp ý"}, **VI)
    response = planner_client.post(url, {"note": "cho hội nghị góp ý"}, follow=True, **VI)
    assert plan.draft_versions.count() == 1
    assert (
        "Không có gì thay đổi kể từ dự thảo lần 1: không chốt thêm bản dự thảo mới."
        in response.content.decode()
    )


def test_a_frozen_draft_never_changes(plan, commune_planner):
    v1 = actions.freeze(plan, actor=commune_planner)
    plan.activities.filter(number="1").update(title="Kiên cố hóa kênh mương")
    v1.refresh_from_db()
    assert any(i["label"] == "1. Sửa chữa kênh mương" for i in v1.content["items"])
    v1.note = "sửa lại"
    with pytest.raises(ValueError):
        v1.save()
    with pytest.raises(ValueError):
        v1.save(update_fields=["content"])
    v1.refresh_from_db()
    assert v1.note == ""


def test_the_content_takes_a_fixed_number_of_queries(plan, django_assert_max_num_queries):
    for n in range(3, 30):
        Activity.objects.create(plan=plan, number=str(n), title=f"Hoạt động {n}")
    with django_assert_max_num_queries(7):
        content = plan_content(plan)
    assert len([i for i in content["items"] if i["kind"] == "activity"]) == 29


def test_the_diff_page_shows_what_was_added_removed_and_changed(plan, planner_client, commune_planner):
    actions.freeze(plan, actor=commune_planner)
    plan.activities.filter(number="1").update(title="Kiên cố hóa kênh mương", q4=True)
    plan.activities.filter(number="2").delete()
    Activity.objects.create(plan=plan, number="3", title="Lắp đèn đường liên buôn", q3=True)
    actions.freeze(plan, actor=commune_planner)
    page = planner_client.get(f"/consultation/plan/{plan.pk}/drafts/?a=1&b=2", **VI).content.decode()
    assert "Từ dự thảo lần 1 đến lần 2" in page
    assert "Thêm mới (1)" in page and "3. Lắp đèn đường liên buôn" in page
    assert "Bỏ đi (1)" in page and "<s>2. Tập huấn kỹ thuật cà phê</s>" in page
    assert "Thay đổi (1)" in page
    assert "<s>Sửa chữa kênh mương</s> → <strong>Kiên cố hóa kênh mương</strong>" in page
    assert "<s>II, III</s> → <strong>II, III, IV</strong>" in page
    # Without a choice the page compares the last two drafts.
    assert (
        "Từ dự thảo lần 1 đến lần 2"
        in planner_client.get(f"/consultation/plan/{plan.pk}/drafts/", **VI).content.decode()
    )
    same = planner_client.get(f"/consultation/plan/{plan.pk}/drafts/?a=2&b=2", **VI).content.decode()
    assert "Không có gì khác nhau." in same


def test_freezing_through_the_page(plan, planner_client, village_head, client):
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/drafts/freeze/", {"note": "lần 1"}, follow=True, **VI
    )
    assert "Đã chốt dự thảo lần 1: bản này sẽ không thay đổi nữa." in response.content.decode()
    page = planner_client.get(f"/consultation/plan/{plan.pk}/drafts/1/", **VI).content.decode()
    assert "Dự thảo lần 1" in page and "kế hoạch nói chung" in page and "1. Sửa chữa kênh mương" in page
    assert "kinh phí (đồng): 450.000.000" in page
    client.force_login(village_head)
    assert client.post(f"/consultation/plan/{plan.pk}/drafts/freeze/").status_code == 403
    assert client.get(f"/consultation/plan/{plan.pk}/drafts/1/").status_code == 200
    assert DraftVersion.objects.filter(plan=plan).count() == 1


def test_an_adopted_plan_is_not_frozen_again(clean_plan, commune_planner):
    from django.core.exceptions import ValidationError

    from .conftest import to_revised

    plan = to_revised(clean_plan, commune_planner)
    actions.move(plan, "adopted", actor=commune_planner)
    with pytest.raises(ValidationError, match="đã khóa"):
        actions.freeze(plan, actor=commune_planner)
