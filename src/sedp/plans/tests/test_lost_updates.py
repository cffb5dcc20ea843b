"""Two people editing the same part of a commune plan: the second save, made from a page opened before the first
was saved, is refused (409) naming who saved and when, both versions are shown, and nothing is overwritten;
saving again from that page then replaces the other's version knowingly."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from sedp.plans.logframe import actions as lf
from sedp.tests.threads import form_version

from .test_logframe import new_plan

pytestmark = pytest.mark.django_db
STALE = r"Nội dung đã được Trần Văn Nam sửa lúc \d\d:\d\d \d\d/\d\d/\d{4}; hãy xem lại\."


@pytest.fixture
def draft(units):
    return new_plan(units.ea_kao, 2031, title="Kế hoạch phát triển kinh tế - xã hội năm 2031")


@pytest.fixture
def hoa(commune_planner):
    client = Client()
    client.force_login(commune_planner)
    return client


@pytest.fixture
def nam(commune_leader):
    client = Client()
    client.force_login(commune_leader)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_an_activity_saved_from_an_older_page_does_not_revert_the_other_save(
    draft, commune_planner, hoa, nam
):
    activity = lf.add_activity(
        draft, actor=commune_planner, title="Sửa chữa kênh mương", quarters=[2], cost=450_000_000
    )
    page = reverse("plans:logframe", args=[draft.pk]) + f"?edit=activity-{activity.pk}"
    form = f"form-activity-{activity.pk}"
    seen_by_hoa, seen_by_nam = form_version(hoa.get(page), form), form_version(nam.get(page), form)
    edit = reverse("plans:logframe_edit", args=[draft.pk, "activity", activity.pk])
    nams = {"title": "Sửa chữa kênh mương", "quarters": ["2"], "cost": "480.000.000"}
    assert nam.post(edit, {**nams, "version": seen_by_nam}).status_code == 302
    hoas = {"title": "Kiên cố hóa kênh mương", "quarters": ["2", "3"], "cost": "450.000.000"}

    response = hoa.post(edit, {**hoas, "version": seen_by_hoa})

    assert response.status_code == 409
    activity.refresh_from_db()
    assert (activity.title, activity.quarters, activity.cost) == ("Sửa chữa kênh mương", {2}, 480_000_000)
    page_text = text(response)
    assert re.search(STALE, page_text)
    assert "Tên hoạt động Sửa chữa kênh mương Kiên cố hóa kênh mương" in page_text  # theirs, then yours
    assert "Quý thực hiện II II, III" in page_text and "Kinh phí (đồng) 480.000.000 450.000.000" in page_text
    assert 'value="Kiên cố hóa kênh mương"' in response.content.decode()  # what Hoa typed is kept
    again = hoa.post(edit, {**hoas, "version": form_version(response, form)})
    assert again.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.quarters) == ("Kiên cố hóa kênh mương", {2, 3})


def test_the_plan_header_saved_from_an_older_page_does_not_revert_the_other_save(draft, hoa, nam):
    page = reverse("plans:logframe", args=[draft.pk])
    seen_by_hoa = form_version(hoa.get(page), "form-header")
    seen_by_nam = form_version(nam.get(page), "form-header")
    header = reverse("plans:logframe_header", args=[draft.pk])
    title = "Kế hoạch phát triển kinh tế - xã hội năm 2031"
    assert (
        nam.post(
            header, {"title": title, "total_budget": "17.052.000.000", "version": seen_by_nam}
        ).status_code
        == 302
    )

    response = hoa.post(
        header, {"title": title + " (sửa)", "signer_name": "Nguyễn Văn A", "version": seen_by_hoa}
    )

    assert response.status_code == 409
    draft.refresh_from_db()
    assert (draft.title, draft.total_budget, draft.signer_name) == (title, 17_052_000_000, "")
    page_text = text(response)
    assert re.search(STALE, page_text)
    assert "Tổng kế hoạch ngân sách (đồng) 17.052.000.000 —" in page_text


def test_an_edit_made_in_between_by_another_way_is_seen_too(draft, commune_planner, hoa):
    """A renumbering (or an import, the API) changes what the form shows: the form's save is refused as well."""
    first = lf.add_activity(draft, actor=commune_planner, title="Sửa kênh", number="5")
    page = reverse("plans:logframe", args=[draft.pk]) + f"?edit=activity-{first.pk}"
    seen = form_version(hoa.get(page), f"form-activity-{first.pk}")
    lf.renumber(draft, actor=None)  # 5 → 1
    edit = reverse("plans:logframe_edit", args=[draft.pk, "activity", first.pk])

    response = hoa.post(edit, {"title": "Sửa kênh", "number": "5", "version": seen})

    assert response.status_code == 409
    first.refresh_from_db()
    assert first.number == "1"
    assert "Nội dung đã được người khác sửa lúc" in text(response)


def test_a_save_from_a_page_still_current_goes_through(draft, commune_planner, hoa):
    activity = lf.add_activity(draft, actor=commune_planner, title="Sửa kênh")
    other = lf.add_activity(draft, actor=commune_planner, title="Đường liên thôn")
    page = reverse("plans:logframe", args=[draft.pk]) + f"?edit=activity-{activity.pk}"
    seen = form_version(hoa.get(page), f"form-activity-{activity.pk}")
    lf.update_activity(other, actor=None, title="Đường liên thôn 2 km")  # another row: no conflict
    edit = reverse("plans:logframe_edit", args=[draft.pk, "activity", activity.pk])
    assert hoa.post(edit, {"title": "Sửa kênh mương", "version": seen}).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Sửa kênh mương"


def test_with_htmx_the_refusal_replaces_the_editor_in_place(draft, commune_planner, hoa, nam):
    activity = lf.add_activity(draft, actor=commune_planner, title="Sửa kênh")
    page = reverse("plans:logframe", args=[draft.pk]) + f"?edit=activity-{activity.pk}"
    seen = form_version(hoa.get(page), f"form-activity-{activity.pk}")
    edit = reverse("plans:logframe_edit", args=[draft.pk, "activity", activity.pk])
    nam.post(
        edit,
        {"title": "Sửa kênh mương", "version": form_version(nam.get(page), f"form-activity-{activity.pk}")},
    )

    response = hoa.post(edit, {"title": "Kiên cố kênh", "version": seen}, HTTP_HX_REQUEST="true")

    assert response.status_code == 409
    html = response.content.decode()
    assert "<html" not in html and 'id="form-activity-' in html  # the page body, for htmx to swap in
    assert re.search(STALE, text(response))
    assert '{"code": "409", "swap": true}' in hoa.get(page).content.decode()  # htmx shows a 409, as a 200
