"""The Front runs the session through its agenda (editable), records the participants, the answers, the A0
sheet, concerns, recommendations and commitments, and closes it; the next dialogue opens with the previous one's
commitments."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sedp.dialogues import actions
from sedp.dialogues.models import Dialogue

from .conftest import VI, hold, plan_dialogue

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def test_the_agenda_is_edited_as_a_table_keeping_each_items_notes(front_client, front, dialogue):
    items = list(dialogue.agenda.all())
    actions.save_item(items[0], front, notes="Đã giới thiệu đại biểu")
    data = {"count": len(items) + 2}
    for n, item in enumerate(items):
        data |= {f"item-{n}-pk": item.pk, f"item-{n}-title": item.title, f"item-{n}-minutes": item.minutes}
        data[f"item-{n}-responsible"] = item.responsible
    data["item-3-remove"] = "on"  # no break
    data["item-2-minutes"] = "60"
    data |= {f"item-{len(items)}-title": "Văn nghệ", f"item-{len(items)}-minutes": "10"}
    assert front_client.post(f"/dialogues/{dialogue.pk}/agenda/", data).status_code == 302
    agenda = list(dialogue.agenda.all())
    assert [a.minutes for a in agenda] == [10, 20, 60, 10, 30, 10, 10, 0, 10]
    assert agenda[-1].title == "Văn nghệ" and agenda[0].notes == "Đã giới thiệu đại biểu"
    page = front_client.get(f"/dialogues/{dialogue.pk}/", **VI).content.decode()
    assert "Tổng cộng 160 phút (dự kiến: 150 phút)." in page and "vượt 10 phút" in page
    bad = front_client.post(f"/dialogues/{dialogue.pk}/agenda/", {**data, "item-0-minutes": "mười"}, **VI)
    assert (
        bad.status_code == 400
        and "Chương trình, dòng 1: số phút là số nguyên từ 0 đến 600." in bad.content.decode()
    )
    assert dialogue.agenda.count() == 9  # nothing changed


def test_the_front_runs_the_session_item_by_item(front_client, dialogue, media, units):
    q = actions.submit_question(dialogue, text="Khi nào sửa đường?", anonymous=True)
    first, second = list(dialogue.agenda.all())[:2]
    session = f"/dialogues/{dialogue.pk}/session/"
    page = front_client.get(session, **VI).content.decode()
    assert f'id="item-{first.pk}" class="current"' in page
    front_client.post(f"/dialogues/item/{first.pk}/", {"notes": "Khai mạc lúc 8 giờ", "move": "done"})
    page = front_client.get(session, **VI).content.decode()
    assert f'id="item-{second.pk}" class="current"' in page and "Khai mạc lúc 8 giờ" in page
    # Participants by body and sex; the answer with its body; the A0 sheet with its photo.
    r = front_client.post(
        f"/dialogues/{dialogue.pk}/participants/",
        {"committee_men": "2", "committee_women": "1", "citizens_women": "30"},
    )
    assert r.status_code == 302
    assert {p.body: (p.men, p.women) for p in dialogue.participants.all()}["citizens"] == (0, 30)
    bad = front_client.post(
        f"/dialogues/question/{q.pk}/answer/", {"answer": "Quý tới", "next": "session"}, **VI
    )
    assert bad.status_code == 400 and "Hãy chọn cơ quan trả lời" in bad.content.decode()
    assert "Quý tới" in bad.content.decode()  # the answer typed is kept
    front_client.post(
        f"/dialogues/question/{q.pk}/answer/",
        {"answer": "Quý tới", "answered_by": "committee", "next": "session"},
    )
    q.refresh_from_db()
    assert (q.answer, q.answered_by) == ("Quý tới", "committee")
    r = front_client.post(
        f"/dialogues/{dialogue.pk}/a0/",
        {"summary": "Đường: quý tới", "photo": SimpleUploadedFile("a0.png", PNG)},
    )
    assert r.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.a0_photo_type == "image/png"
    assert b"".join(front_client.get(f"/dialogues/{dialogue.pk}/a0/photo/").streaming_content) == PNG
    # A card and a question from the floor during the session.
    r = front_client.post(
        f"/dialogues/{dialogue.pk}/questions/",
        {"source": "card", "text": "Thẻ: hỏi về đất", "anonymous": "on"},
    )
    assert r.status_code == 302 and r["Location"].endswith("/session/#questions")
    # Concerns group questions; recommendations; a commitment.
    front_client.post(f"/dialogues/{dialogue.pk}/concerns/", {"title": "Giao thông", "questions": [q.pk]})
    assert list(dialogue.concerns.get().questions.all()) == [q]
    front_client.post(f"/dialogues/{dialogue.pk}/recommendations/", {"group": "Nhóm 1", "text": "Làm đường"})
    # Closed: held, and the public page takes no more questions for it.
    r = front_client.post(f"/dialogues/{dialogue.pk}/close/", {"ends_at": "10:30"})
    assert r.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.held and dialogue.ends_at.hour == 10


def test_a_dialogue_cannot_be_closed_before_its_day_or_without_participants(front_client, front, units):
    later = plan_dialogue(units, front, days=3)
    r = front_client.post(f"/dialogues/{later.pk}/close/", {}, **VI)
    assert r.status_code == 400 and "từ ngày đó mới ghi nhận được là đã tổ chức" in r.content.decode()
    today = plan_dialogue(units, front)
    r = front_client.post(f"/dialogues/{today.pk}/close/", {}, **VI)
    assert (
        r.status_code == 400
        and "Hãy ghi số người tham dự trước khi kết thúc buổi đối thoại." in r.content.decode()
    )
    assert not Dialogue.objects.get(pk=today.pk).held


def test_the_next_dialogue_opens_with_the_previous_ones_commitments(front_client, front, units):
    earlier = plan_dialogue(units, front, days=-30, place="Lần trước")
    today = timezone.localdate()
    hold(earlier, front, commitments=[("committee", "Sửa cầu tràn", today - timedelta(days=1))])
    nxt = plan_dialogue(units, front, days=10)
    page = front_client.get(f"/dialogues/{nxt.pk}/session/", **VI).content.decode()
    opening = page[page.index('id="opening"') :]
    assert f"Đối thoại ngày {earlier.date:%d/%m/%Y}: 1 cam kết, 0 đã thực hiện, 1 quá hạn." in opening
    assert "Sửa cầu tràn" in opening and "quá hạn" in opening


def test_the_session_page_reads_its_questions_in_a_constant_number_of_queries(
    front_client, dialogue, django_assert_max_num_queries
):
    for n in range(3):
        actions.submit_question(dialogue, text=f"Câu {n}", anonymous=True)
    with django_assert_max_num_queries(40) as before:
        front_client.get(f"/dialogues/{dialogue.pk}/session/")
    for n in range(10):
        q = actions.submit_question(dialogue, text=f"Câu thêm {n}", anonymous=True)
        actions.answer_question(q, dialogue.created_by, answer="Có", answered_by="committee")
        actions.add_recommendation(dialogue, dialogue.created_by, text=f"Kiến nghị {n}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        front_client.get(f"/dialogues/{dialogue.pk}/session/")
