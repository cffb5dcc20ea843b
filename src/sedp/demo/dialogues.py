"""The demo's citizen–government dialogues in Phường Ea Kao (issue 13), built through the app's actions.

- Held some four months ago with the household representatives of Buôn Ea Kmát: questions gathered by the core
  group and sent on the public page (two anonymous, one hidden as abuse, one merged as a duplicate), a card and a
  question from the floor, three concerns, three groups' recommendations and four commitments — one kept, one
  in progress and overdue (on the commune leader's home page), one not kept with its reason, one still running.
- Planned in three weeks with the villages' representatives, gathering questions now (on the public page).

Idempotent: nothing is added when the commune already has dialogues.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.contrib.auth import get_user_model

from sedp.dialogues import actions
from sedp.dialogues.models import Dialogue, Source

M = 1_000_000


def build_dialogues(commune, village, today: date) -> None:
    if Dialogue.objects.filter(unit=commune).exists():
        return
    users = get_user_model().objects.in_bulk(["mattran", "chutichxa", "truongbuon"], field_name="username")
    front, leader, head = users["mattran"], users["chutichxa"], users["truongbuon"]
    held_on = today - timedelta(days=120)
    d = actions.create_dialogue(
        commune,
        front,
        kind="households",
        village=village,
        topics=["planning", "budget"],
        date=held_on,
        starts_at=time(8, 0),
        place=f"Nhà văn hóa {village.name}",
        facilitator_name="Lê Thị Thu",
        facilitator_title="Phó Chủ tịch Ủy ban Mặt trận Tổ quốc phường",
        minute_taker_name="H'Mai Niê",
        minute_taker_title="Ủy viên Ủy ban Mặt trận Tổ quốc phường",
    )
    ask = dict(village=village)
    canal = actions.gather_question(
        d,
        head,
        source=Source.CORE_GROUP,
        text="Khi nào sửa đoạn kênh mương đầu buôn bị bồi lấp? Mùa khô năm nay ruộng lúa thiếu nước.",
        asked_by="Y Kông Niê",
        **ask,
    )
    support = actions.gather_question(
        d,
        head,
        source=Source.CORE_GROUP,
        anonymous=True,
        text="Tiền hỗ trợ làm nhà cho hộ nghèo năm ngoái chia thế nào, sao có hộ được có hộ không?",
        **ask,
    )
    lights = actions.submit_question(
        d,
        anonymous=True,
        text="Đèn đường từ buôn ra quốc lộ tắt từ tháng trước, tối đi làm về rất nguy hiểm.",
        **ask,
    )
    school = actions.submit_question(
        d,
        anonymous=False,
        asked_by="H'Bia Êban",
        text="Trẻ em trong buôn đi học xa, đường vào điểm trường lầy lội mùa mưa. Xin được làm lại đường.",
        **ask,
    )
    abuse = actions.submit_question(
        d, anonymous=True, text="(Lời lẽ xúc phạm một cán bộ buôn, không có nội dung câu hỏi.)", **ask
    )
    list_q = actions.gather_question(
        d,
        front,
        source=Source.CARD,
        anonymous=True,
        text="Phường có công khai danh sách hộ nghèo trước khi xét hỗ trợ không?",
        **ask,
    )
    again = actions.gather_question(
        d,
        front,
        source=Source.FLOOR,
        asked_by="Y Phin Êban",
        text="Kênh đầu buôn bồi lấp, xin phường cho nạo vét sớm.",
        **ask,
    )
    actions.hide_question(abuse, front, reason="Lời lẽ xúc phạm cá nhân, không có nội dung câu hỏi.")
    actions.merge_question(again, canal, front, reason="Cùng hỏi về kênh mương đầu buôn.")
    answers = [
        (canal, "committee", "Phường đưa việc nạo vét vào kế hoạch quý tới; buôn góp ngày công."),
        (
            support,
            "committee",
            "Hỗ trợ theo danh sách hộ nghèo đã được buôn bình xét; phường sẽ niêm yết lại.",
        ),
        (lights, "committee", "Phường sẽ kiểm tra và sửa chữa hệ thống đèn đường."),
        (school, "committee", "Phường đề nghị đưa vào kế hoạch năm tới, dân góp công san nền."),
        (list_q, "council", "Hội đồng nhân dân phường sẽ giám sát việc niêm yết công khai."),
    ]
    for q, body, text in answers:
        actions.answer_question(q, front, answer=text, answered_by=body)
    actions.set_participants(
        d,
        front,
        {"committee": (2, 1), "council": (1, 0), "party": (1, 0), "front": (1, 2), "citizens": (38, 34)},
    )
    for item in d.agenda.all():
        actions.save_item(item, front, done=True)
    actions.set_a0(
        d,
        front,
        summary="Kênh mương: nạo vét trước mùa khô. Hỗ trợ hộ nghèo: niêm yết danh sách. "
        "Đèn đường và đường vào điểm trường: kiểm tra, đưa vào kế hoạch.",
    )
    water = actions.add_concern(d, front, title="Nước tưới cho ruộng lúa mùa khô", questions=[canal, again])
    fair = actions.add_concern(
        d, front, title="Công khai, minh bạch hỗ trợ hộ nghèo", questions=[support, list_q]
    )
    safe = actions.add_concern(
        d, front, title="Đi lại an toàn: đèn đường, đường vào điểm trường", questions=[lights, school]
    )
    r1 = actions.add_recommendation(
        d, front, group="Nhóm 1", concern=water, text="Nạo vét kênh đầu buôn trước mùa khô, dân góp công."
    )
    r2 = actions.add_recommendation(
        d, front, group="Nhóm 2", concern=fair, text="Niêm yết danh sách hộ được hỗ trợ tại nhà văn hóa buôn."
    )
    r3 = actions.add_recommendation(
        d, front, group="Nhóm 3", concern=safe, text="Sửa đèn đường và làm lại đường vào điểm trường."
    )
    kept = actions.add_commitment(
        d,
        front,
        recommendation=r1,
        body="committee",
        responsible="Công chức địa chính - xây dựng phường",
        solution="Nạo vét 600 m kênh đầu buôn trước mùa khô; buôn góp 120 ngày công.",
        deadline=held_on + timedelta(days=60),
        cost=45 * M,
    )
    late = actions.add_commitment(
        d,
        front,
        recommendation=r2,
        body="committee",
        responsible="Văn phòng UBND phường",
        solution="Niêm yết danh sách hộ nghèo được hỗ trợ tại nhà văn hóa buôn và trụ sở phường.",
        deadline=held_on + timedelta(days=30),
    )
    lamps = actions.add_commitment(
        d,
        front,
        recommendation=r3,
        body="committee",
        solution="Sửa 12 bóng đèn đường từ buôn ra quốc lộ.",
        deadline=held_on + timedelta(days=45),
        cost=18 * M,
    )
    actions.add_commitment(
        d,
        front,
        recommendation=r3,
        body="council",
        solution="Giám sát việc đưa đường vào điểm trường vào kế hoạch năm tới.",
        deadline=today + timedelta(days=150),
    )
    actions.close(d, front, ends_at=time(10, 30), today=today)
    actions.update_commitment(
        kept,
        leader,
        on=held_on + timedelta(days=55),
        status="kept",
        note="Đã nạo vét xong 600 m, nghiệm thu cùng buôn.",
        today=today,
    )
    actions.update_commitment(
        late,
        leader,
        on=held_on + timedelta(days=20),
        status="in_progress",
        note="Đang rà soát danh sách.",
        today=today,
    )
    actions.update_commitment(
        lamps,
        leader,
        on=held_on + timedelta(days=50),
        status="not_kept",
        reason="Chưa có kinh phí sửa chữa trong năm; đã đưa vào dự toán năm sau.",
        today=today,
    )

    coming = actions.create_dialogue(
        commune,
        front,
        kind="villages",
        topics=["democracy", "regulations"],
        date=today + timedelta(days=21),
        starts_at=time(14, 0),
        place="Hội trường UBND phường Ea Kao",
        facilitator_name="Lê Thị Thu",
        facilitator_title="Phó Chủ tịch Ủy ban Mặt trận Tổ quốc phường",
        minute_taker_name="H'Mai Niê",
        minute_taker_title="Ủy viên Ủy ban Mặt trận Tổ quốc phường",
    )
    actions.gather_question(
        coming,
        head,
        source=Source.CORE_GROUP,
        village=village,
        asked_by="Y Bhim Mlô",
        text="Quy ước mới của phường về giữ vệ sinh chung có áp dụng cho các buôn không?",
    )
    actions.submit_question(
        coming, anonymous=True, text="Dân được xem sổ thu chi quỹ phường ở đâu?", village=None
    )
