"""Two people editing the same need: the save made from the older page is refused, nothing is overwritten."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sedp.needs import actions
from sedp.needs.models import Sector
from sedp.tests.threads import form_version

pytestmark = pytest.mark.django_db


def signed_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_a_need_saved_from_an_older_page_does_not_revert_the_other_save(units, village_head):
    sector = Sector.objects.filter(unit__isnull=True).first()
    need = actions.create_need(
        units.ea_kmat, actor=village_head, title="Sửa kênh mương", sector=sector, estimated_cost=120_000_000
    )
    head, group = signed_in("truongbuon"), signed_in("tocongtac")
    url = f"/needs/{need.pk}/edit/"
    seen_by_head, seen_by_group = form_version(head.get(url)), form_version(group.get(url))
    base = {"title": "Sửa kênh mương", "sector": sector.pk, "kind": "construction"}
    saved = group.post(url, {**base, "estimated_cost": "150.000.000", "version": seen_by_group})
    assert saved.status_code == 302
    typed = {**base, "title": "Kiên cố hóa kênh mương", "estimated_cost": "120.000.000"}

    response = head.post(url, {**typed, "version": seen_by_head})

    assert response.status_code == 409
    need.refresh_from_db()
    assert (need.title, need.estimated_cost) == ("Sửa kênh mương", 150_000_000)
    page = text(response)
    assert re.search(r"Nội dung đã được H'Len Niê sửa lúc \d\d:\d\d \d\d/\d\d/\d{4}; hãy xem lại\.", page)
    assert "Kinh phí dự kiến (đồng) 150.000.000 120.000.000" in page
    assert "Tên hoạt động Sửa kênh mương Kiên cố hóa kênh mương" in page
    assert head.post(url, {**typed, "version": form_version(response)}).status_code == 302
    need.refresh_from_db()
    assert (need.title, need.estimated_cost) == ("Kiên cố hóa kênh mương", 120_000_000)
