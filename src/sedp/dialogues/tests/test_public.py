"""Without signing in: sending a question (checked for size, limited in number, nothing stored when refused) and
the commune's public page of every commitment and its status."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sedp.audit.models import AuditEntry
from sedp.dialogues import actions, throttle
from sedp.dialogues.models import CommitmentUpdate, Question

from .conftest import VI, hold, plan_dialogue

pytestmark = pytest.mark.django_db


def _row(page: str, commitment) -> str:
    start = page.index(f'id="commitment-{commitment.pk}"')
    return page[start : page.index("</li>", start)]


def _ask(client, dialogue, address="198.51.100.5", **data):
    return client.post(f"/dialogues/{dialogue.pk}/ask/", data, REMOTE_ADDR=address, **VI)


def test_a_citizen_sends_a_question_without_signing_in(client, dialogue, units):
    page = client.get(f"/dialogues/{dialogue.pk}/ask/", **VI).content.decode()
    assert "Gửi câu hỏi cho buổi đối thoại" in page and "Gửi không ghi tên" in page
    response = _ask(
        client, dialogue, text="Khi nào sửa cầu tràn?", asked_by="Y Kông", village=units.ea_kmat.pk
    )
    assert response.status_code == 302
    thanks = client.get(response["Location"], **VI).content.decode()
    assert "Cảm ơn bạn: câu hỏi đã được nhận" in thanks
    q = Question.objects.get(text="Khi nào sửa cầu tràn?")
    assert (q.asked_by, q.unit, q.source, q.anonymous) == ("Y Kông", units.ea_kmat, "public", False)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "   ", "anonymous": "on"}, "Hãy viết câu hỏi trước khi gửi."),
        (
            {"text": "x" * 1001, "anonymous": "on"},
            "Câu hỏi của bạn dài 1.001 ký tự; mỗi câu hỏi tối đa 1.000 ký tự. Hãy rút gọn rồi gửi lại.",
        ),
        ({"text": "Hỏi về quỹ."}, "Hãy ghi tên của bạn, hoặc đánh dấu “Gửi không ghi tên”."),
    ],
)
def test_an_empty_or_too_long_or_unsigned_question_is_refused_in_vietnamese_and_nothing_is_stored(
    client, dialogue, data, message
):
    before = (Question.objects.count(), AuditEntry.objects.count())
    response = _ask(client, dialogue, **data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert (Question.objects.count(), AuditEntry.objects.count()) == before
    if data["text"].strip():
        assert data["text"][:50] in page  # what was typed is still in the form


def test_too_many_questions_from_one_address_are_refused_until_the_hour_is_over(client, dialogue, settings):
    for n in range(throttle.LIMIT):
        assert _ask(client, dialogue, text=f"Câu hỏi số {n}", anonymous="on").status_code == 302
    stored = Question.objects.count()
    response = _ask(client, dialogue, text="Một câu hỏi nữa về đường làng", anonymous="on")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Vừa có nhiều câu hỏi được gửi từ kết nối này. Hãy chờ khoảng một giờ rồi gửi lại" in page
    assert "Một câu hỏi nữa về đường làng" in page  # kept in the form to send later
    assert Question.objects.count() == stored
    # Another address is not held back; refused questions did not count.
    assert (
        _ask(client, dialogue, address="198.51.100.6", text="Từ nhà khác", anonymous="on").status_code == 302
    )
    assert _ask(client, dialogue, address="198.51.100.6", text="", anonymous="on").status_code == 400


def test_a_held_dialogue_takes_no_more_questions(client, dialogue, front):
    hold(dialogue, front)
    response = _ask(client, dialogue, text="Muộn rồi", anonymous="on")
    assert response.status_code == 200
    assert "Buổi đối thoại này đã diễn ra nên không nhận thêm câu hỏi" in response.content.decode()
    assert not Question.objects.filter(text="Muộn rồi").exists()


def test_the_public_page_lists_every_commitment_and_its_status_without_signing_in(
    client, units, front, commune_leader, media, django_assert_max_num_queries
):
    today = timezone.localdate()
    old = plan_dialogue(units, front, days=-90)
    kept, late, later = hold(
        old,
        front,
        commitments=[
            ("committee", "Nạo vét kênh đầu buôn", today - timedelta(days=30)),
            ("committee", "Niêm yết danh sách hộ nghèo", today - timedelta(days=10)),
            ("council", "Giám sát việc làm đường", today + timedelta(days=60)),
        ],
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    update = actions.update_commitment(
        kept,
        commune_leader,
        on=today - timedelta(days=35),
        status="kept",
        note="Đã nạo vét xong 600 m",
        evidence=SimpleUploadedFile("kenh.png", png),
    )
    actions.update_commitment(late, commune_leader, on=today - timedelta(days=20), status="in_progress")
    coming = plan_dialogue(units, front, days=14, kind="villages", village=None)
    actions.gather_question(coming, front, text="Câu hỏi riêng của Mặt trận", source="card")

    with django_assert_max_num_queries(12):
        response = client.get(f"/dialogues/public/{units.ea_kao.pk}/", **VI)
    page = response.content.decode()
    assert response.status_code == 200
    row = _row(page, kept)
    assert "Nạo vét kênh đầu buôn" in row and "Đã thực hiện" in row and "Đã nạo vét xong 600 m" in row
    row = _row(page, late)
    assert "Đang thực hiện" in row and "quá hạn" in row
    row = _row(page, later)
    assert "Chưa thực hiện" in row and "quá hạn" not in row
    assert f"/dialogues/{coming.pk}/ask/" in page  # the coming dialogue takes questions
    assert "Câu hỏi riêng của Mặt trận" not in page  # questions are not public
    # The evidence is public with the commitment; the dialogue's working pages are not.
    assert b"".join(client.get(f"/dialogues/evidence/{update.pk}/").streaming_content) == png
    assert client.get(f"/dialogues/{old.pk}/").status_code == 302  # sign in first
    # The page's queries do not grow with the commitments.
    for n in range(5):
        actions.add_commitment(old, front, body="committee", solution=f"Việc {n}", deadline=today)
    with django_assert_max_num_queries(12):
        client.get(f"/dialogues/public/{units.ea_kao.pk}/")


def test_a_planned_dialogues_commitments_and_evidence_are_not_public_yet(client, dialogue, front, media):
    c = actions.add_commitment(dialogue, front, body="committee", solution="Bí mật", deadline=dialogue.date)
    page = client.get(f"/dialogues/public/{dialogue.unit_id}/", **VI).content.decode()
    assert "Bí mật" not in page
    assert not CommitmentUpdate.objects.filter(commitment=c).exists()
    assert client.get(f"/api/v1/dialogues/{dialogue.pk}/").json()["commitments"] == []
