"""The commune budget proposal page: see what the allocation engine proposes, then apply it to undecided needs."""

import pytest

from sedp.audit.models import AuditEntry
from sedp.funding.proposal import part2_items
from sedp.plans.models import Fate, NeedLink
from sedp.plans.rollup import fates as tracing

pytestmark = pytest.mark.django_db


def test_it_shows_the_proposal_without_saving_anything(planner, plan):
    page = planner.get(f"/plans/{plan.pk}/rollup/needs/proposal/", {"budget": "1.000.000.000", "cap": 2})
    html = page.content.decode()
    assert "Ngân sách xã còn " in html and "khi đến lượt nhu cầu này, không đủ cho" in html
    assert "Được cấp " in html and "vòng" not in html and "tài liệu 00" not in html
    assert "Áp dụng cho các nhu cầu chưa quyết định" in html
    assert not NeedLink.objects.filter(plan=plan).exists()


def test_a_budget_typed_wrong_is_refused_naming_the_field(planner, plan):
    html = planner.get(
        f"/plans/{plan.pk}/rollup/needs/proposal/", {"budget": "1 tỷ", "cap": 2}
    ).content.decode()
    assert "“Ngân sách xã cho các hoạt động của thôn (đồng)”: hãy nhập số tiền bằng đồng" in html
    assert 'value="1 tỷ"' in html


def test_applying_it_decides_only_the_undecided_needs_and_the_village_sees_the_reason(planner, plan):
    items = part2_items(plan)
    kept = items[0].need
    tracing.not_include(plan, kept, actor=None, reason="Đã có dự án của tỉnh.")
    response = planner.post(f"/plans/{plan.pk}/rollup/needs/proposal/", {"budget": "1.000.000.000", "cap": 2})
    assert response.status_code == 302
    links = {link.need_id: link for link in NeedLink.objects.filter(plan=plan)}
    assert len(links) == len(items)
    assert links[kept.pk].fate == Fate.NOT_INCLUDED and links[kept.pk].reason == "Đã có dự án của tỉnh."
    postponed = [link for link in links.values() if link.fate == Fate.POSTPONED]
    included = [link for link in links.values() if link.fate == Fate.INCLUDED]
    assert postponed and included and all(link.activities.exists() for link in included)
    assert all(link.postponed_to == plan.year_from + 1 for link in postponed)
    assert postponed[0].reason.startswith("Ngân sách xã còn ") and "vòng" not in postponed[0].reason
    assert AuditEntry.objects.filter(action__startswith="plans.").exists()
    village = postponed[0].need.unit
    page = planner.get(f"/plans/unit/{village.pk}/").content.decode()
    assert "hoãn sang năm sau" in page and postponed[0].reason in page


def test_a_village_head_cannot_apply_it(client, village_head, plan):
    client.force_login(village_head)
    response = client.post(f"/plans/{plan.pk}/rollup/needs/proposal/", {"budget": "1.000.000.000", "cap": 2})
    assert response.status_code == 403 and not NeedLink.objects.filter(plan=plan).exists()


def test_an_activity_funded_by_the_proposal_is_paid_from_the_communes_own_budget(planner, plan):
    response = planner.post(f"/plans/{plan.pk}/rollup/needs/proposal/", {"budget": "1.000.000.000", "cap": 2})
    assert response.status_code == 302
    sources = set(plan.activities.values_list("funding_source", flat=True))
    # Phường Ea Kao: the document no longer prints "Chưa xác định nguồn vốn" for what the proposal funded.
    assert sources == {"Ngân sách phường"}
