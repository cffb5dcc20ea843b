"""Commitments: made for a recommendation with a body, a solution, a deadline and a cost, linked to a plan
activity or raised as a need of the commune's next plan; followed with dated statuses and evidence; overdue ones
on the home page of those responsible."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sedp.dialogues import actions
from sedp.dialogues.models import Commitment

from .conftest import VI, hold, plan_dialogue

pytestmark = pytest.mark.django_db


def test_a_commitment_is_recorded_for_a_recommendation_with_its_cost_in_dong(front_client, dialogue):
    rec = actions.add_recommendation(dialogue, dialogue.created_by, group="Nhóm 2", text="Làm đèn đường")
    response = front_client.post(
        f"/dialogues/{dialogue.pk}/commitments/add/",
        {
            "recommendation": rec.pk,
            "body": "committee",
            "responsible": "Công chức địa chính",
            "solution": "Lắp 12 bóng đèn đường",
            "deadline": (dialogue.date + timedelta(days=30)).strftime("%d/%m/%Y"),
            "cost": "18.000.000",
        },
    )
    assert response.status_code == 302
    c = Commitment.objects.get(dialogue=dialogue)
    assert (c.number, c.recommendation, c.cost, c.status) == (1, rec, 18_000_000, "not_started")
    page = front_client.get(f"/dialogues/{dialogue.pk}/session/", **VI).content.decode()
    assert "Lắp 12 bóng đèn đường" in page and "18.000.000 đ" in page


def test_a_deadline_before_the_dialogue_is_refused_naming_the_field(front_client, dialogue):
    response = front_client.post(
        f"/dialogues/{dialogue.pk}/commitments/add/",
        {
            "body": "committee",
            "solution": "Việc gì đó",
            "deadline": (dialogue.date - timedelta(days=1)).strftime("%d/%m/%Y"),
            "cost": "mười triệu",
        },
        **VI,
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "“Kinh phí (đồng), nếu có”: hãy nhập số tiền bằng đồng" in page
    assert not Commitment.objects.filter(dialogue=dialogue).exists()
    response = front_client.post(
        f"/dialogues/{dialogue.pk}/commitments/add/",
        {
            "body": "committee",
            "solution": "Việc gì đó",
            "deadline": (dialogue.date - timedelta(days=1)).strftime("%d/%m/%Y"),
        },
        **VI,
    )
    assert response.status_code == 400
    assert f"Thời hạn sớm hơn ngày đối thoại ({dialogue.date:%d/%m/%Y})." in response.content.decode()


def test_a_commitment_raised_as_a_need_enters_the_communes_own_needs_for_its_next_plan(
    front, dialogue, units
):
    c = actions.add_commitment(
        dialogue,
        front,
        body="committee",
        solution="Làm lại đường vào điểm trường Buôn Ea Kmát\n(dân góp công san nền)",
        deadline=dialogue.date + timedelta(days=200),
        cost=450_000_000,
        raise_need=True,
    )
    need = c.need
    assert need.unit == units.ea_kao and need.title == "Làm lại đường vào điểm trường Buôn Ea Kmát"
    assert need.estimated_cost == 450_000_000 and need.code.startswith("N")
    # Created through the needs' own action: the commune plan reads it among its own needs, and its fate is traced.
    from sedp.plans.rollup.aggregation import own_needs
    from sedp.plans.rollup.fates import create_commune_plan

    plan = create_commune_plan(units.ea_kao, timezone.localdate().year + 3, actor=front, title="")
    assert need in list(own_needs(plan))
    with pytest.raises(ValidationError):
        actions.raise_need(c, front)  # once


def test_the_follow_up_records_dated_statuses_with_evidence_and_not_kept_needs_a_reason(
    client, front, commune_leader, units, media
):
    today = timezone.localdate()
    d = plan_dialogue(units, front, days=-40)
    (c,) = hold(d, front, commitments=[("committee", "Nạo vét kênh", today - timedelta(days=5))])
    client.force_login(commune_leader)
    url = f"/dialogues/commitment/{c.pk}/follow/"
    refused = client.post(url, {"on": today.strftime("%d/%m/%Y"), "status": "not_kept", "reason": " "}, **VI)
    assert refused.status_code == 400
    assert "Cam kết không thực hiện được cần ghi rõ lý do." in refused.content.decode()
    future = client.post(
        url, {"on": (today + timedelta(days=1)).strftime("%d/%m/%Y"), "status": "kept"}, **VI
    )
    assert future.status_code == 400 and "Ngày này chưa đến." in future.content.decode()
    c.refresh_from_db()
    assert c.status == "not_started" and not c.updates.exists()

    pdf = SimpleUploadedFile(
        "bien-ban-nghiem-thu.pdf", b"%PDF-1.4 nghiem thu", content_type="application/pdf"
    )
    ok = client.post(
        url,
        {
            "on": (today - timedelta(days=2)).strftime("%d/%m/%Y"),
            "status": "kept",
            "note": "Đã nghiệm thu",
            "evidence": pdf,
        },
    )
    assert ok.status_code == 302
    # An older update posted later does not take over the status.
    client.post(url, {"on": (today - timedelta(days=20)).strftime("%d/%m/%Y"), "status": "in_progress"})
    c.refresh_from_db()
    assert (c.status, c.status_on) == ("kept", today - timedelta(days=2))
    kept = c.updates.get(status="kept")
    assert kept.evidence_type == "application/pdf" and kept.by == commune_leader
    # Not a photo or PDF: refused.
    exe = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    bad = client.post(url, {"on": today.strftime("%d/%m/%Y"), "status": "kept", "evidence": exe}, **VI)
    assert bad.status_code == 400 and "Tệp này không phải ảnh hay PDF" in bad.content.decode()


def test_a_village_head_cannot_post_the_follow_up(client, village_head, front, units):
    d = plan_dialogue(units, front, days=-10)
    (c,) = hold(d, front, commitments=[("committee", "Làm đường", timezone.localdate())])
    client.force_login(village_head)
    response = client.post(
        f"/dialogues/commitment/{c.pk}/follow/", {"on": "01/01/2026", "status": "kept"}, **VI
    )
    assert response.status_code == 403
    assert (
        "Việc theo dõi cam kết do Mặt trận Tổ quốc hoặc chính quyền cấp xã đã cam kết ghi nhận."
        in response.content.decode()
    )


def test_overdue_commitments_are_on_the_home_page_of_those_responsible(
    client, front, commune_leader, commune_planner, village_head, units
):
    today = timezone.localdate()
    d = plan_dialogue(units, front, days=-60)
    committee, front_own, later = hold(
        d,
        front,
        commitments=[
            ("committee", "Sửa cầu tràn Buôn Ea Kmát", today - timedelta(days=12)),
            ("front", "Mặt trận giám sát việc niêm yết danh sách", today - timedelta(days=3)),
            ("committee", "Làm sân bóng", today + timedelta(days=30)),
        ],
    )

    def home(user):
        client.force_login(user)
        return client.get("/home/", **VI).content.decode()

    leader = home(commune_leader)
    assert "Sửa cầu tràn Buôn Ea Kmát" in leader and "quá hạn 12 ngày" in leader
    assert f'href="/dialogues/{d.pk}/commitments/#commitment-{committee.pk}"' in leader
    assert "Làm sân bóng" not in leader  # not due yet
    assert "Mặt trận giám sát" not in leader  # the Front's own
    assert "Sửa cầu tràn Buôn Ea Kmát" in home(commune_planner)
    front_home = home(front)
    assert "Mặt trận giám sát việc niêm yết danh sách" in front_home and "Sửa cầu tràn" not in front_home
    assert "Sửa cầu tràn" not in home(village_head)
    # Kept: gone from the home page.
    actions.update_commitment(committee, commune_leader, on=today, status="kept")
    assert "Sửa cầu tràn Buôn Ea Kmát" not in home(commune_leader)
