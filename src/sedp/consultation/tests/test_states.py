"""The plan's states: every legal and illegal move, what each move needs, who may make it, and the overview that
shows only the legal next moves."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sedp.audit.models import AuditEntry
from sedp.consultation import actions
from sedp.consultation.models import Move, Resolution
from sedp.core import consultation as core
from sedp.plans.models import State

from .conftest import VI, to_revised

pytestmark = pytest.mark.django_db

ORDER = ["draft", "in_consultation", "revised", "adopted", "approved", "submitted"]


def walk(plan, actor, to: str):
    """Take a plan (with no undecided need) legally up to `to`."""
    if to == "draft":
        return plan
    plan = to_revised(plan, actor) if ORDER.index(to) >= 2 else _consult(plan, actor)
    if ORDER.index(to) >= 3:
        plan = actions.move(plan, "adopted", actor=actor)
    if ORDER.index(to) >= 4:
        plan = actions.move(
            plan, "approved", actor=actor, resolution_number="12/NQ-HĐND", resolution_date=date(2026, 7, 1)
        )
    if ORDER.index(to) >= 5:
        plan = actions.move(plan, "submitted", actor=actor)
    assert plan.state == to
    return plan


def _consult(plan, actor):
    actions.freeze(plan, actor=actor)
    return actions.move(plan, "in_consultation", actor=actor)


ILLEGAL = [(s, t) for s in ORDER for t in ORDER if core.transition(s, t) is None]


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_every_illegal_move_is_refused_in_vietnamese(clean_plan, commune_leader, source, target):
    plan = walk(clean_plan, commune_leader, source)
    with pytest.raises(ValidationError) as exc:
        actions.move(plan, target, actor=commune_leader)
    assert "không thể chuyển sang" in exc.value.messages[0]
    plan.refresh_from_db()
    assert plan.state == source


def test_the_whole_legal_path_records_each_move_and_locks_on_adoption(clean_plan, commune_leader):
    plan = walk(clean_plan, commune_leader, "submitted")
    moves = list(Move.objects.filter(plan=plan).values_list("from_state", "to_state"))
    assert moves == list(zip(ORDER, ORDER[1:], strict=False))
    assert all(m.by == commune_leader for m in Move.objects.filter(plan=plan))
    plan.refresh_from_db()
    last = plan.draft_versions.order_by("-number").first()
    assert plan.locked and plan.adopted_on is not None and plan.snapshot == last.content
    assert (plan.resolution_number, plan.resolution_date) == ("12/NQ-HĐND", date(2026, 7, 1))
    assert AuditEntry.objects.filter(action="consultation.move", object_id=str(plan.pk)).count() == 5


def test_consultation_needs_a_frozen_draft(clean_plan, commune_planner):
    with pytest.raises(ValidationError, match="Hãy chốt một bản dự thảo trước"):
        actions.move(clean_plan, "in_consultation", actor=commune_planner)


def test_revision_needs_the_comment_conference_and_a_newer_draft(clean_plan, commune_planner):
    v1 = actions.freeze(clean_plan, actor=commune_planner)
    actions.move(clean_plan, "in_consultation", actor=commune_planner)
    with pytest.raises(ValidationError, match="Hãy ghi nhận hội nghị góp ý \\(bước 3\\)"):
        actions.move(clean_plan, "revised", actor=commune_planner)
    actions.hold_meeting(clean_plan, 3, actor=commune_planner, starts_at=_at(), version=v1)
    with pytest.raises(ValidationError, match="Hãy chốt bản dự thảo đã chỉnh sửa trước: dự thảo lần 1 "):
        actions.move(clean_plan, "revised", actor=commune_planner)
    actions.freeze(clean_plan, actor=commune_planner)
    assert actions.move(clean_plan, "revised", actor=commune_planner).state == State.REVISED


def _at():
    from .conftest import at

    return at(date(2026, 6, 10))


def test_adoption_is_refused_while_a_comment_is_unresolved(
    clean_plan, commune_planner, commune_leader, client
):
    plan = to_revised(clean_plan, commune_planner)
    version = plan.draft_versions.get(number=2)
    comment = actions.add_comment(
        version, actor=commune_planner, author_name="Ông Y Bhăm", text="Thêm đèn đường"
    )
    client.force_login(commune_leader)
    response = client.post(f"/consultation/plan/{plan.pk}/move/", {"to_state": "adopted"}, **VI)
    assert response.status_code == 400
    assert "Còn 1 ý kiến chưa xử lý: phải xử lý mọi ý kiến trước khi thông qua." in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == State.REVISED and not plan.locked
    actions.resolve_comment(comment, actor=commune_planner, resolution=Resolution.ACCEPTED)
    response = client.post(f"/consultation/plan/{plan.pk}/move/", {"to_state": "adopted"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == State.ADOPTED and plan.locked


def test_adoption_is_refused_while_a_village_need_has_no_fate(plan, commune_planner):
    """Year Y: five demo villages sent adopted plans; only two needs of Buôn Kô Tam have a fate."""
    assert actions.undecided_count(plan) > 0
    plan = to_revised(plan, commune_planner)
    with pytest.raises(ValidationError, match="nhu cầu của thôn chưa có kết quả xem xét"):
        actions.move(plan, "adopted", actor=commune_planner)


def test_adoption_is_refused_when_the_plan_changed_after_the_last_draft(clean_plan, commune_planner):
    plan = to_revised(clean_plan, commune_planner)
    plan.activities.filter(number="2").update(q4=True)
    with pytest.raises(ValidationError, match="Kế hoạch đã thay đổi sau bản dự thảo chốt gần nhất"):
        actions.move(plan, "adopted", actor=commune_planner)
    actions.freeze(plan, actor=commune_planner)
    assert actions.move(plan, "adopted", actor=commune_planner).locked


def test_approval_needs_the_resolution_number_and_date_naming_the_fields(clean_plan, commune_leader, client):
    plan = walk(clean_plan, commune_leader, "adopted")
    client.force_login(commune_leader)
    response = client.post(
        f"/consultation/plan/{plan.pk}/move/", {"to_state": "approved", "note": "HĐND họp"}, **VI
    )
    page = response.content.decode()
    assert response.status_code == 400
    # The fields name the council of the plan's level: Phường Ea Kao's.
    assert "Cần nhập “Số nghị quyết của Hội đồng nhân dân phường”." in page
    assert "Cần nhập “Ngày nghị quyết của Hội đồng nhân dân phường”." in page
    assert 'value="HĐND họp"' in page  # what was typed stays
    response = client.post(
        f"/consultation/plan/{plan.pk}/move/",
        {"to_state": "approved", "resolution_number": "12/NQ-HĐND", "resolution_date": "01/07/2026"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == State.APPROVED and plan.resolution_date == date(2026, 7, 1)


def test_a_planner_may_not_approve_but_the_leader_may(clean_plan, commune_planner, commune_leader, client):
    plan = walk(clean_plan, commune_planner, "adopted")
    client.force_login(commune_planner)
    page = client.get(f"/consultation/plan/{plan.pk}/").content.decode()
    assert 'id="move-approved"' not in page
    data = {"to_state": "approved", "resolution_number": "12/NQ-HĐND", "resolution_date": "01/07/2026"}
    assert client.post(f"/consultation/plan/{plan.pk}/move/", data).status_code == 403
    client.force_login(commune_leader)
    assert 'id="move-approved"' in client.get(f"/consultation/plan/{plan.pk}/").content.decode()
    assert client.post(f"/consultation/plan/{plan.pk}/move/", data).status_code == 302


def test_the_overview_shows_the_state_and_only_the_legal_next_move(clean_plan, commune_planner, client):
    actions.freeze(clean_plan, actor=commune_planner)
    client.force_login(commune_planner)
    page = client.get(f"/consultation/plan/{clean_plan.pk}/", **VI).content.decode()
    assert "dự thảo" in page and "Đưa dự thảo ra lấy ý kiến" in page
    assert 'id="move-in_consultation"' in page
    for other in ("revised", "adopted", "approved", "submitted"):
        assert f'id="move-{other}"' not in page
    client.post(
        f"/consultation/plan/{clean_plan.pk}/move/", {"to_state": "in_consultation", "note": "Gửi dự thảo 1"}
    )
    page = client.get(f"/consultation/plan/{clean_plan.pk}/", **VI).content.decode()
    assert "đang lấy ý kiến" in page and "Gửi dự thảo 1" in page
    assert 'id="move-revised"' in page and 'id="move-in_consultation"' not in page


def test_the_village_head_reads_but_may_not_move(clean_plan, village_head, client):
    actions.freeze(clean_plan, actor=None)
    client.force_login(village_head)
    page = client.get(f"/consultation/plan/{clean_plan.pk}/", **VI)
    assert page.status_code == 200 and 'id="move-' not in page.content.decode()
    response = client.post(f"/consultation/plan/{clean_plan.pk}/move/", {"to_state": "in_consultation"})
    assert response.status_code == 403
    clean_plan.refresh_from_db()
    assert clean_plan.state == State.DRAFT


def test_an_outsider_gets_404_everywhere(clean_plan, outsider, client):
    client.force_login(outsider)
    for url in ("", "team/", "step/1/", "drafts/", "comments/"):
        assert client.get(f"/consultation/plan/{clean_plan.pk}/{url}").status_code == 404
    assert (
        client.post(f"/consultation/plan/{clean_plan.pk}/move/", {"to_state": "in_consultation"}).status_code
        == 404
    )
    assert client.post(f"/consultation/plan/{clean_plan.pk}/drafts/freeze/").status_code == 404


def test_an_anonymous_citizen_does_not_see_a_draft_plan(clean_plan, client):
    assert client.get(f"/consultation/plan/{clean_plan.pk}/").status_code == 404


def test_moves_are_post_only(clean_plan, commune_planner, client):
    client.force_login(commune_planner)
    assert client.get(f"/consultation/plan/{clean_plan.pk}/move/").status_code == 405


def test_the_plan_is_adopted_at_the_step_6_meeting(clean_plan, commune_planner, commune_leader, client):
    from .conftest import at

    plan = to_revised(clean_plan, commune_planner)
    meeting = actions.hold_meeting(plan, 6, actor=commune_planner, starts_at=at(date(2026, 6, 18), 14))
    assert meeting.kind == "adoption_meeting"
    client.force_login(commune_leader)  # adoption is the leader's
    page = client.get(f"/consultation/plan/{plan.pk}/", **VI).content.decode()
    assert f'<option value="{meeting.pk}">họp thông qua, 18/06/2026</option>' in page
    client.post(
        f"/consultation/plan/{plan.pk}/move/",
        {"to_state": "adopted", "meeting": meeting.pk, "note": "Nhất trí"},
    )
    plan.refresh_from_db()
    assert plan.state == State.ADOPTED and plan.adopted_at == meeting
    assert plan.adopted_on == meeting.starts_at  # the day of the meeting, not the day it was typed in
    move = Move.objects.get(plan=plan, to_state="adopted")
    assert (move.by, move.note) == (commune_leader, "Nhất trí")
    page = client.get(f"/consultation/plan/{plan.pk}/", **VI).content.decode()
    assert "đang lấy ý kiến → <strong>đã chỉnh sửa</strong>" in page and "Nhất trí" in page


def test_a_plain_team_member_may_not_adopt_but_the_leader_may(
    clean_plan, commune_planner, commune_leader, client
):
    plan = to_revised(clean_plan, commune_planner)
    url = f"/consultation/plan/{plan.pk}/"
    client.force_login(commune_planner)
    assert "Thông qua kế hoạch (cấp xã)" not in client.get(url, **VI).content.decode()
    assert client.post(url + "move/", {"to_state": "adopted"}).status_code == 403
    plan.refresh_from_db()
    assert plan.state == State.REVISED
    client.force_login(commune_leader)
    assert "Thông qua kế hoạch (cấp xã)" in client.get(url, **VI).content.decode()
    assert client.post(url + "move/", {"to_state": "adopted"}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == State.ADOPTED


def test_once_adopted_step_6_is_done_and_no_step_reads_overdue(clean_plan, commune_leader, client):
    from datetime import timedelta

    from django.utils import timezone

    from .conftest import at

    today = timezone.localdate()
    plan = to_revised(clean_plan, commune_leader)
    for s in range(1, 7):  # a schedule wholly in the past
        step = actions.scheduled(plan, s)
        actions.update_step(
            step,
            actor=commune_leader,
            starts_on=today - timedelta(days=40 - 5 * s),
            ends_on=today - timedelta(days=38 - 5 * s),
        )
    meeting = actions.hold_meeting(plan, 6, actor=commune_leader, starts_at=at(today - timedelta(days=9), 14))
    client.force_login(commune_leader)
    assert "quá hạn" in client.get(f"/consultation/plan/{plan.pk}/", **VI).content.decode()
    actions.move(plan, "adopted", actor=commune_leader, meeting=meeting)
    for target in ("adopted", "approved", "submitted"):
        if target == "approved":
            actions.move(
                plan, target, actor=commune_leader, resolution_number="12/NQ-HĐND", resolution_date=today
            )
        elif target == "submitted":
            actions.move(plan, target, actor=commune_leader)
        page = client.get(f"/consultation/plan/{plan.pk}/", **VI).content.decode()
        assert "quá hạn" not in page, target
        step6 = client.get(f"/consultation/plan/{plan.pk}/step/6/", **VI).content.decode()
        assert "quá hạn" not in step6
        assert f"đã xong {(today - timedelta(days=9)).strftime('%d/%m/%Y')}" in step6
    assert plan.steps.get(step=6).done_on == today - timedelta(days=9)  # the adoption meeting's day


def test_an_unscheduled_step_says_so_once(clean_plan, commune_planner, client):
    client.force_login(commune_planner)
    page = client.get(f"/consultation/plan/{clean_plan.pk}/", **VI).content.decode()
    steps = page.split('id="steps"')[1].split("</ul>")[0]
    assert steps.count("chưa lên lịch") == 6 and "chưa lên lịch chưa lên lịch" not in steps
    step = client.get(f"/consultation/plan/{clean_plan.pk}/step/1/", **VI).content.decode()
    assert step.split('id="schedule"')[1].split("</p>")[0].count("chưa lên lịch") == 1
