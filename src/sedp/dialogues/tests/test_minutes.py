"""The minutes (biên bản), .docx and .pdf in the Decree 30 layout: participants, the previous dialogue's
commitments, questions and answers, concerns, recommendations, commitments, signed by the minute-taker and the
facilitator."""

import io
import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from sedp.dialogues import actions
from sedp.dialogues.models import Dialogue

from .conftest import hold, plan_dialogue

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )


def pdf_text(data: bytes) -> str:
    import subprocess

    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def recorded(units, front):
    """A dialogue after an earlier one: questions (one anonymous, one answered by the Council), a concern, two
    groups' recommendations and two commitments."""
    today = timezone.localdate()
    for d in Dialogue.objects.filter(unit=units.ea_kao):  # the demo's: this test counts its own
        d.delete()
    earlier = plan_dialogue(units, front, days=-200, kind="villages", village=None)
    hold(earlier, front, commitments=[("committee", "Sửa nhà văn hóa Thôn 1", today - timedelta(days=100))])
    d = plan_dialogue(units, front, days=-1, starts_at=time(8, 0))
    q1 = actions.submit_question(
        d, text="Khi nào nạo vét kênh đầu buôn?", anonymous=True, village=units.ea_kmat
    )
    q2 = actions.gather_question(
        d,
        front,
        source="floor",
        text="Danh sách hộ nghèo có công khai không?",
        asked_by="Y Kông Niê",
        village=units.ea_kmat,
    )
    actions.answer_question(q1, front, answer="Phường nạo vét trong quý tới.", answered_by="committee")
    actions.answer_question(q2, front, answer="Hội đồng sẽ giám sát việc niêm yết.", answered_by="council")
    concern = actions.add_concern(d, front, title="Nước tưới mùa khô", questions=[q1])
    r1 = actions.add_recommendation(
        d, front, group="Nhóm 1", text="Nạo vét kênh trước mùa khô", concern=concern
    )
    actions.add_recommendation(d, front, group="Nhóm 2", text="Niêm yết danh sách tại nhà văn hóa")
    actions.add_commitment(
        d,
        front,
        recommendation=r1,
        body="committee",
        responsible="Công chức địa chính",
        solution="Nạo vét 600 m kênh đầu buôn",
        deadline=today + timedelta(days=60),
        cost=45_000_000,
    )
    actions.set_participants(d, front, {"committee": (2, 1), "front": (1, 2), "citizens": (38, 34)})
    actions.close(d, front, ends_at=time(10, 30))
    return d


def test_the_minutes_hold_every_part_of_the_dialogue_in_word_and_pdf(front_client, recorded):
    docx = front_client.get(f"/dialogues/{recorded.pk}/minutes.docx")
    pdf = front_client.get(f"/dialogues/{recorded.pk}/minutes.pdf")
    assert docx.status_code == pdf.status_code == 200
    assert docx["Content-Disposition"] == (
        f'attachment; filename="bien-ban-doi-thoai-{recorded.date:%Y-%m-%d}-phuong-ea-kao.docx"'
    )
    assert pdf["Content-Type"] == "application/pdf"
    for text in (" ".join(docx_text(docx.content).split()), pdf_text(pdf.content)):
        # The Decree 30 header: the Front's committee, the number, the national title; "BIÊN BẢN".
        assert "ỦY BAN MẶT TRẬN TỔ QUỐC" in text and "PHƯỜNG EA KAO" in text and "/BB-MTTQ" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "BIÊN BẢN" in text
        assert "Đối thoại giữa chính quyền phường Ea Kao với đại diện các hộ gia đình Buôn Ea Kmát" in text
        # Participants by body and sex, 78 in all, 37 women.
        assert "Thành phần tham dự: 78 người, trong đó 37 nữ." in text
        assert re.search(r"Người dân 38 34 72", text) and re.search(r"Tổng cộng 41 37 78", text)
        # The previous dialogue's commitments open this one's minutes.
        assert "TÌNH HÌNH THỰC HIỆN CAM KẾT CỦA LẦN ĐỐI THOẠI TRƯỚC" in text
        assert "Sửa nhà văn hóa Thôn 1" in text and "Chưa thực hiện (quá hạn)" in text
        # Questions and answers, the anonymous one without a name, each answer with its body.
        assert "người hỏi: không ghi tên (Buôn Ea Kmát)" in text
        assert (
            "Khi nào nạo vét kênh đầu buôn?" in text
            and "Trả lời (Ủy ban nhân dân): Phường nạo vét trong quý tới." in text
        )
        assert "người hỏi: Y Kông Niê (Buôn Ea Kmát)" in text
        assert "Trả lời (Hội đồng nhân dân): Hội đồng sẽ giám sát việc niêm yết." in text
        assert "1. Nước tưới mùa khô (câu hỏi 1)." in text
        assert (
            "1. Nhóm 1: Nạo vét kênh trước mùa khô" in text
            and "2. Nhóm 2: Niêm yết danh sách tại nhà văn hóa" in text
        )
        assert (
            "CAM KẾT CỦA CHÍNH QUYỀN" in text
            and "Nạo vét 600 m kênh đầu buôn" in text
            and "45.000.000" in text
        )
        # Time, closing, the two signatures.
        assert "Thời gian bắt đầu: 08 giờ 00" in text and "kết thúc vào 10 giờ 30" in text
        assert "NGƯỜI GHI BIÊN BẢN" in text and "THÚC ĐẨY VIÊN" in text
        assert "H'Mai Niê" in text and "Lê Thị Thu" in text
        assert "Nơi nhận:" in text and "Lưu: VT, hồ sơ." in text


def test_a_village_head_may_not_download_the_minutes_and_is_told_why(client, village_head, recorded):
    client.force_login(village_head)
    response = client.get(f"/dialogues/{recorded.pk}/minutes.pdf", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 403
    assert (
        "Biên bản ghi lại mọi câu hỏi: chỉ dành cho xã, Mặt trận Tổ quốc và cấp trên."
        in response.content.decode()
    )
