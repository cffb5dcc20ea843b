"""Who may do what: the Front plans and records; the commune government follows its commitments; a village head
types in their own village's gathered questions and reads only those; others are refused with a Vietnamese page
that says what they may do instead (outsiders: the public page)."""

import pytest

from sedp.dialogues import actions
from sedp.dialogues.models import Dialogue, Question

from .conftest import VI

pytestmark = pytest.mark.django_db


def _form(units, **extra):
    return {
        "kind": "households",
        "village": units.ea_kmat.pk,
        "topics": ["planning", "democracy"],
        "date": "20/05/2026",
        "starts_at": "08:00",
        "place": "Nhà văn hóa Buôn Ea Kmát",
        "facilitator_name": "Lê Thị Thu",
        "minute_taker_name": "H'Mai Niê",
        **extra,
    }


def test_the_front_plans_a_dialogue_with_the_150_minute_agenda(front_client, units):
    response = front_client.post(f"/dialogues/unit/{units.ea_kao.pk}/new/", _form(units), **VI)
    assert response.status_code == 302
    dialogue = Dialogue.objects.latest("id")
    assert (dialogue.kind, dialogue.village, dialogue.topics) == (
        "households",
        units.ea_kmat,
        ["planning", "democracy"],
    )
    agenda = list(dialogue.agenda.values_list("title", "minutes", "responsible"))
    assert agenda[0] == ("Khai mạc; giới thiệu thành phần tham dự; mục tiêu của buổi đối thoại", 10, "front")
    assert agenda[2] == ("Hỏi đáp", 45, "facilitator")
    assert agenda[7] == ("Cam kết của Ủy ban nhân dân", 10, "committee")
    assert sum(m for _t, m, _r in agenda) == 150
    page = front_client.get(response["Location"], **VI).content.decode()
    assert "08:30–09:15" in page  # the questions and answers, timed from the start


def test_a_dialogue_with_households_needs_its_village_and_the_form_says_so(front_client, units):
    response = front_client.post(
        f"/dialogues/unit/{units.ea_kao.pk}/new/", _form(units, village="", topics=[]), **VI
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Đối thoại với đại diện các hộ gia đình được tổ chức tại một thôn, buôn: hãy chọn thôn, buôn đó."
        in page
    )
    assert "Hãy chọn ít nhất một chủ đề đối thoại." in page
    assert not Dialogue.objects.filter(place="Nhà văn hóa Buôn Ea Kmát", date="2026-05-20").exists()


@pytest.mark.parametrize("persona", ["commune_leader", "commune_planner", "village_head"])
def test_the_commune_government_and_villages_may_not_plan_one_and_are_told_who_does(
    client, request, units, persona
):
    client.force_login(request.getfixturevalue(persona))
    for response in (
        client.get(f"/dialogues/unit/{units.ea_kao.pk}/new/", **VI),
        client.post(f"/dialogues/unit/{units.ea_kao.pk}/new/", _form(units), **VI),
    ):
        page = response.content.decode()
        assert response.status_code == 403
        assert "<h1>Không được phép</h1>" in page and "Forbidden" not in page
        assert "Buổi đối thoại do Mặt trận Tổ quốc Phường Ea Kao" in page
        assert f'href="/dialogues/public/{units.ea_kao.pk}/"' in page


def test_an_outsider_reads_the_public_page_only(client, outsider, dialogue, units):
    client.force_login(outsider)
    response = client.get(f"/dialogues/{dialogue.pk}/", **VI)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Hồ sơ buổi đối thoại này do Mặt trận Tổ quốc Phường Ea Kao lưu giữ" in page
    assert f'href="/dialogues/public/{units.ea_kao.pk}/"' in page
    question = actions.submit_question(dialogue, text="Hỏi riêng", anonymous=True)
    assert client.post(f"/dialogues/question/{question.pk}/hide/", {"reason": "x"}).status_code == 404
    assert client.get(f"/dialogues/public/{units.ea_kao.pk}/").status_code == 200


def test_a_village_head_types_in_their_villages_gathered_questions_and_reads_only_theirs(
    client, village_head, dialogue, units
):
    other = actions.submit_question(
        dialogue, text="Câu hỏi của Thôn 1", asked_by="A", anonymous=False, village=units.thon_1
    )
    client.force_login(village_head)
    ok = client.post(
        f"/dialogues/{dialogue.pk}/questions/",
        {"source": "core_group", "text": "Tổ nòng cốt hỏi về nước sạch", "village": units.ea_kmat.pk},
    )
    assert ok.status_code == 302
    q = Question.objects.get(text="Tổ nòng cốt hỏi về nước sạch")
    assert (q.unit, q.source, q.created_by) == (units.ea_kmat, "core_group", village_head)
    refused = client.post(
        f"/dialogues/{dialogue.pk}/questions/",
        {"source": "core_group", "text": "Cho thôn khác", "village": units.thon_1.pk},
        **VI,
    )
    assert refused.status_code == 400 and "Hãy chọn thôn, buôn trong danh sách." in refused.content.decode()
    assert not Question.objects.filter(text="Cho thôn khác").exists()
    page = client.get(f"/dialogues/{dialogue.pk}/", **VI).content.decode()
    assert "Tổ nòng cốt hỏi về nước sạch" in page and other.text not in page
    # A card during the session is the Front's to record.
    card = client.post(f"/dialogues/{dialogue.pk}/questions/", {"source": "card", "text": "Thẻ"}, **VI)
    assert card.status_code == 403 and "Chỉ Mặt trận Tổ quốc" in card.content.decode()


def test_the_front_records_the_session_others_only_read_it(client, front_client, commune_leader, dialogue):
    assert (
        front_client.post(
            f"/dialogues/{dialogue.pk}/recommendations/", {"group": "Nhóm 1", "text": "Làm đường"}
        ).status_code
        == 302
    )
    client.force_login(commune_leader)
    page = client.get(f"/dialogues/{dialogue.pk}/session/", **VI).content.decode()
    assert "Làm đường" in page and 'id="recommendation-form"' not in page
    response = client.post(f"/dialogues/{dialogue.pk}/recommendations/", {"text": "Khác"}, **VI)
    assert response.status_code == 403 and "Chỉ Mặt trận Tổ quốc" in response.content.decode()
    assert dialogue.recommendations.count() == 1
