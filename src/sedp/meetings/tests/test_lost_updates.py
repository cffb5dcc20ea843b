"""Two people editing the same meeting: the save made from the older page is refused, nothing is overwritten."""

import html
import re
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from sedp.meetings import actions
from sedp.tests.threads import form_version

pytestmark = pytest.mark.django_db


def signed_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_a_meeting_saved_from_an_older_page_does_not_revert_the_other_save(units):
    meeting = actions.create_meeting(
        units.ea_kmat,
        actor=None,
        kind="village_meeting_1",
        starts_at=timezone.make_aware(datetime(2026, 5, 12, 8)),
        chair_role="head",
        place="Nhà văn hóa buôn",
    )
    head, group = signed_in("truongbuon"), signed_in("tocongtac")
    url = f"/meetings/{meeting.pk}/edit/"
    seen_by_head, seen_by_group = form_version(head.get(url)), form_version(group.get(url))
    base = {"kind": "village_meeting_1", "date": "12/05/2026", "time": "08:00", "chair_role": "head"}
    minutes = "Bà con thống nhất sửa kênh mương trước mùa mưa."
    saved = group.post(
        url, {**base, "place": "Nhà văn hóa buôn", "minutes": minutes, "version": seen_by_group}
    )
    assert saved.status_code == 302
    typed = {**base, "place": "Sân nhà văn hóa", "agenda": "Khai mạc - 10"}

    response = head.post(url, {**typed, "version": seen_by_head})

    assert response.status_code == 409
    meeting.refresh_from_db()
    assert (meeting.place, meeting.minutes, meeting.agenda.count()) == ("Nhà văn hóa buôn", minutes, 0)
    page = text(response)
    assert re.search(r"Nội dung đã được H'Len Niê sửa lúc \d\d:\d\d \d\d/\d\d/\d{4}; hãy xem lại\.", page)
    assert f"Biên bản {minutes} —" in page  # theirs, and the head typed none
    assert head.post(url, {**typed, "minutes": minutes, "version": form_version(response)}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.minutes) == ("Sân nhà văn hóa", minutes)
