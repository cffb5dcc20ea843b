"""The Front moderates: duplicates merged, abuse hidden with its reason, both undone; the words never edited, and
every step in the moderation log."""

import pytest

from sedp.audit.models import AuditEntry
from sedp.dialogues import actions
from sedp.dialogues.models import Moderation

from .conftest import VI

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(dialogue, units):
    canal = actions.submit_question(
        dialogue, text="Khi nào nạo vét kênh?", anonymous=True, village=units.ea_kmat
    )
    again = actions.submit_question(
        dialogue, text="Kênh đầu buôn bồi lấp rồi!", asked_by="Y Phin", anonymous=False
    )
    abuse = actions.submit_question(dialogue, text="Lời lẽ xúc phạm cán bộ", anonymous=True)
    return canal, again, abuse


def test_the_front_merges_a_duplicate_and_hides_abuse_and_the_log_keeps_who_and_why(
    front_client, front, dialogue, questions
):
    canal, again, abuse = questions
    r = front_client.post(
        f"/dialogues/question/{again.pk}/merge/", {"into": canal.pk, "reason": "Cùng về kênh"}
    )
    assert r.status_code == 302
    r = front_client.post(f"/dialogues/question/{abuse.pk}/hide/", {"reason": "Xúc phạm cá nhân"})
    assert r.status_code == 302
    again.refresh_from_db(), abuse.refresh_from_db()
    assert (again.visibility, again.merged_into) == ("merged", canal)
    assert (abuse.visibility, abuse.hidden_reason) == ("hidden", "Xúc phạm cá nhân")
    # The words are as sent.
    assert [q.text for q in (canal, again, abuse)] == [
        "Khi nào nạo vét kênh?",
        "Kênh đầu buôn bồi lấp rồi!",
        "Lời lẽ xúc phạm cán bộ",
    ]
    log = list(Moderation.objects.filter(question__dialogue=dialogue).order_by("id"))
    assert [(m.question, m.action, m.into, m.reason, m.by) for m in log] == [
        (again, "merge", canal, "Cùng về kênh", front),
        (abuse, "hide", None, "Xúc phạm cá nhân", front),
    ]
    assert AuditEntry.objects.filter(
        action="dialogues.moderate_hide", reason="Xúc phạm cá nhân", actor=front
    ).exists()
    page = front_client.get(f"/dialogues/{dialogue.pk}/", **VI).content.decode()
    assert "Nhật ký kiểm duyệt" in page and "Xúc phạm cá nhân" in page and "Cùng về kênh" in page
    session = front_client.get(f"/dialogues/{dialogue.pk}/session/", **VI).content.decode()
    assert "thêm 1 người cùng hỏi" in session  # the kept question says how many asked it
    assert "Lời lẽ xúc phạm cán bộ" not in session and "1 câu hỏi bị ẩn vì vi phạm" in session
    assert "Kênh đầu buôn bồi lấp rồi!" not in session

    # Undone, and logged too.
    front_client.post(f"/dialogues/question/{abuse.pk}/show/")
    abuse.refresh_from_db()
    assert abuse.shown and abuse.hidden_reason == ""
    assert Moderation.objects.filter(question=abuse).latest("id").action == "show"


def test_hiding_needs_a_reason_and_a_question_cannot_be_merged_into_itself_or_a_hidden_one(
    front_client, questions
):
    canal, again, abuse = questions
    r = front_client.post(f"/dialogues/question/{abuse.pk}/hide/", {"reason": "  "}, **VI)
    assert r.status_code == 400
    assert "Hãy ghi lý do ẩn câu hỏi: nhật ký kiểm duyệt sẽ lưu lại." in r.content.decode()
    abuse.refresh_from_db()
    assert abuse.shown and not Moderation.objects.filter(question__in=questions).exists()
    r = front_client.post(f"/dialogues/question/{canal.pk}/merge/", {"into": canal.pk}, **VI)
    assert r.status_code == 400 and "Không thể gộp một câu hỏi vào chính nó." in r.content.decode()


def test_merging_a_question_that_others_were_merged_into_moves_them_along(front, questions):
    canal, again, abuse = questions
    actions.merge_question(again, canal, front)
    actions.merge_question(canal, abuse, front)  # the kept one turns out to repeat another
    again.refresh_from_db()
    assert again.merged_into == abuse


def test_only_the_front_moderates(client, commune_leader, questions, dialogue):
    canal, again, abuse = questions
    client.force_login(commune_leader)
    r = client.post(f"/dialogues/question/{abuse.pk}/hide/", {"reason": "không thích"}, **VI)
    page = r.content.decode()
    assert r.status_code == 403
    assert (
        "Chỉ Mặt trận Tổ quốc (hoặc cán bộ thúc đẩy của dự án) điều hành và ghi biên bản đối thoại." in page
    )
    assert f'href="/dialogues/public/{dialogue.unit_id}/"' in page
    abuse.refresh_from_db()
    assert abuse.shown


def test_the_preparation_page_reads_questions_and_the_log_in_a_constant_number_of_queries(
    front_client, front, dialogue, questions, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as before:
        front_client.get(f"/dialogues/{dialogue.pk}/")
    canal = questions[0]
    for n in range(8):
        q = actions.submit_question(dialogue, text=f"Trùng {n}", anonymous=True)
        actions.merge_question(q, canal, front, reason="trùng")
        actions.hide_question(
            actions.submit_question(dialogue, text=f"Xấu {n}", anonymous=True), front, reason="x"
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = front_client.get(f"/dialogues/{dialogue.pk}/", **VI).content.decode()
    assert "8 câu hỏi trùng đã gộp vào đây" in page


def test_a_hiding_reason_with_a_text_direction_character_is_refused(front_client, questions):
    abuse = questions[2]
    r = front_client.post(f"/dialogues/question/{abuse.pk}/hide/", {"reason": "Xúc\u202ephạm"}, **VI)
    assert r.status_code == 400
    assert "“Lý do” chứa ký tự không lưu được (U+202E" in r.content.decode()
    abuse.refresh_from_db()
    assert abuse.shown and not Moderation.objects.filter(question=abuse).exists()


def test_an_agenda_item_longer_than_its_field_or_with_a_hidden_character_is_refused_naming_the_row(
    front_client, dialogue
):
    before = list(dialogue.agenda.values_list("title", flat=True))
    data = {
        "count": "2",
        "item-0-title": "Khai mạc",
        "item-0-minutes": "10",
        "item-0-method": "Trực\u202etiếp",
        "item-1-title": "Đối thoại " * 30,
        "item-1-minutes": "60",
    }
    r = front_client.post(f"/dialogues/{dialogue.pk}/agenda/", data, **VI)
    page = r.content.decode()
    assert r.status_code == 400
    assert "Chương trình, dòng 1: “Phương pháp” chứa ký tự không lưu được (U+202E" in page
    assert "Chương trình, dòng 2: “Nội dung” quá dài." in page
    assert list(dialogue.agenda.values_list("title", flat=True)) == before
