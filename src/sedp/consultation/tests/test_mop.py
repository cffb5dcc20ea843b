"""Market-oriented planning (MOP-SEDP, issue 15): the plan's mode chosen at creation and changed only while it is a
draft, its seven steps, and adoption that needs the People's Council's resolution and a complete M&E plan."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sedp.audit.models import AuditEntry
from sedp.consultation import actions
from sedp.consultation.models import MopStep, ProcessStep
from sedp.plans import mop
from sedp.plans.meplan import actions as me
from sedp.plans.models import Mode, Plan, State

from .conftest import VI, to_revised

pytestmark = pytest.mark.django_db


def _mop(plan, actor):
    return mop.set_mode(plan, Mode.MOP, actor=actor)


def _plan_every_indicator(plan, actor):
    for i in plan.indicators.all():
        me.save_row(plan, i, actor=actor, who="Cán bộ thống kê xã", when="Hằng quý", method="Báo cáo thôn")


def test_the_commune_chooses_the_mode_when_it_creates_the_plan(client, units, commune_planner, year):
    client.force_login(commune_planner)
    response = client.post(
        f"/plans/unit/{units.ea_kao.pk}/rollup/new/", {"year": year + 7, "title": "", "mode": "mop"}, **VI
    )
    assert response.status_code == 302
    plan = Plan.objects.get(unit=units.ea_kao, year_from=year + 7)
    assert plan.mode == Mode.MOP
    assert "định hướng thị trường có sự tham gia" in plan.title
    entry = AuditEntry.objects.get(action="plans.create_commune_plan", object_id=str(plan.pk))
    assert entry.after["mode"] == "mop"


def test_the_creation_form_offers_both_modes_in_vietnamese(client, units, commune_planner):
    client.force_login(commune_planner)
    html = client.get(f"/plans/unit/{units.ea_kao.pk}/rollup/new/", **VI).content.decode()
    assert "định hướng thị trường" in html
    assert 'value="sedp"' in html and 'value="mop"' in html


def test_the_mode_changes_while_the_plan_is_a_draft_and_is_audited(clean_plan, commune_planner):
    plan = _mop(clean_plan, commune_planner)
    assert plan.mode == Mode.MOP
    assert "định hướng thị trường có sự tham gia" in plan.title  # the default title follows the mode
    entry = AuditEntry.objects.get(action="plans.set_mode", object_id=str(plan.pk))
    assert entry.before["mode"] == "sedp" and entry.after["mode"] == "mop"
    plan = mop.set_mode(plan, Mode.SEDP, actor=commune_planner)
    assert (
        plan.mode == Mode.SEDP and plan.title == f"Kế hoạch phát triển kinh tế - xã hội năm {plan.year_from}"
    )


def test_the_mode_cannot_change_once_the_plan_left_the_draft(clean_plan, commune_planner):
    actions.freeze(clean_plan, actor=commune_planner)
    actions.move(clean_plan, State.IN_CONSULTATION, actor=commune_planner)
    with pytest.raises(ValidationError) as exc:
        mop.set_mode(clean_plan, Mode.MOP, actor=commune_planner)
    assert "mode" in exc.value.message_dict
    clean_plan.refresh_from_db()
    assert clean_plan.mode == Mode.SEDP


def test_the_mode_form_is_refused_in_vietnamese_after_the_draft(client, clean_plan, commune_planner):
    actions.freeze(clean_plan, actor=commune_planner)
    actions.move(clean_plan, State.IN_CONSULTATION, actor=commune_planner)
    client.force_login(commune_planner)
    response = client.post(f"/consultation/plan/{clean_plan.pk}/mode/", {"mode": "mop"}, **VI)
    assert response.status_code == 400
    assert "chỉ có thể thay đổi khi kế hoạch còn là dự thảo" in response.content.decode()
    clean_plan.refresh_from_db()
    assert clean_plan.mode == Mode.SEDP


def test_a_village_head_cannot_change_the_mode(client, clean_plan, village_head):
    client.force_login(village_head)
    response = client.post(f"/consultation/plan/{clean_plan.pk}/mode/", {"mode": "mop"}, **VI)
    assert response.status_code == 403
    clean_plan.refresh_from_db()
    assert clean_plan.mode == Mode.SEDP


def test_the_plan_page_shows_seven_steps_in_mop_mode_and_six_otherwise(client, clean_plan, commune_planner):
    client.force_login(commune_planner)
    url = f"/consultation/plan/{clean_plan.pk}/"
    html = client.get(url, **VI).content.decode()
    assert 'id="mop-steps"' not in html
    assert all(f"/consultation/plan/{clean_plan.pk}/step/{n}/" in html for n in range(1, 7))
    assert "Kế hoạch phát triển kinh tế - xã hội định hướng thị trường" in html  # the mode to choose
    client.post(f"/consultation/plan/{clean_plan.pk}/mode/", {"mode": "mop"}, **VI)
    html = client.get(url, **VI).content.decode()
    assert 'id="mop-steps"' in html
    for n in range(1, 8):
        assert f"/consultation/plan/{clean_plan.pk}/mop/{n}/" in html
    assert "cơ hội thị trường" in html and "Hội đồng nhân dân" in html


def test_a_step_records_its_dates_participants_meetings_and_outputs(client, clean_plan, commune_planner):
    _mop(clean_plan, commune_planner)
    client.force_login(commune_planner)
    url = f"/consultation/plan/{clean_plan.pk}/mop/{MopStep.ASSESSMENT}/"
    response = client.post(
        url,
        {
            "starts_on": "03/06/2026",
            "ends_on": "10/06/2026",
            "participants": "Ban phát triển xã, trưởng các thôn, buôn",
            "outputs": "Báo cáo đánh giá: 8/10 chỉ tiêu đạt; giá cà phê giảm",
        },
        **VI,
    )
    assert response.status_code == 302
    s = ProcessStep.objects.get(plan=clean_plan, step=MopStep.ASSESSMENT)
    assert (s.starts_on, s.ends_on) == (date(2026, 6, 3), date(2026, 6, 10))
    assert AuditEntry.objects.filter(action="consultation.update_process_step", object_id=str(clean_plan.pk))
    html = client.get(url, **VI).content.decode()
    assert "03/06/2026" in html and "trưởng các thôn" in html and "8/10 chỉ tiêu" in html
    # No evaluation of last year in this commune: the page says to write the assessment itself.
    assert "Chưa có đánh giá kế hoạch năm trước" in html


def test_a_step_refuses_an_end_before_its_start_keeping_what_was_typed(client, clean_plan, commune_planner):
    _mop(clean_plan, commune_planner)
    client.force_login(commune_planner)
    response = client.post(
        f"/consultation/plan/{clean_plan.pk}/mop/1/",
        {"starts_on": "10/06/2026", "ends_on": "03/06/2026", "outputs": "Kế hoạch chuẩn bị"},
        **VI,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“Đến” trước “Từ”" in html or "trước" in html
    assert "Kế hoạch chuẩn bị" in html
    assert not ProcessStep.objects.filter(plan=clean_plan).exists()


def test_the_steps_link_to_where_their_work_is_done(client, clean_plan, commune_planner):
    _mop(clean_plan, commune_planner)
    client.force_login(commune_planner)
    base = f"/consultation/plan/{clean_plan.pk}/mop/"
    assert f"/plans/{clean_plan.pk}/logframe/" in client.get(base + "4/", **VI).content.decode()
    html5 = client.get(base + "5/", **VI).content.decode()
    assert f"/plans/{clean_plan.pk}/me-plan/" in html5
    assert "Tỷ lệ hộ nghèo" in html5  # an indicator without its M&E row, named
    html6 = client.get(base + "6/", **VI).content.decode()
    assert all(f"/consultation/plan/{clean_plan.pk}/step/{n}/" in html6 for n in range(1, 7))


def test_the_seven_steps_are_not_a_page_of_an_sedp_plan(client, clean_plan, commune_planner, outsider):
    client.force_login(commune_planner)
    assert client.get(f"/consultation/plan/{clean_plan.pk}/mop/1/").status_code == 404
    _mop(clean_plan, commune_planner)
    assert client.get(f"/consultation/plan/{clean_plan.pk}/mop/8/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/consultation/plan/{clean_plan.pk}/mop/1/").status_code == 404


def test_a_village_head_reads_a_step_without_its_form(client, clean_plan, commune_planner, village_head):
    _mop(clean_plan, commune_planner)
    client.force_login(village_head)
    response = client.get(f"/consultation/plan/{clean_plan.pk}/mop/1/", **VI)
    assert response.status_code == 200
    assert 'name="outputs"' not in response.content.decode()
    assert client.post(f"/consultation/plan/{clean_plan.pk}/mop/1/", {"outputs": "x"}).status_code == 403


def test_mop_adoption_needs_the_resolution_number_and_date(clean_plan, commune_leader):
    _mop(clean_plan, commune_leader)
    _plan_every_indicator(clean_plan, commune_leader)
    plan = to_revised(clean_plan, commune_leader)
    with pytest.raises(ValidationError) as exc:
        actions.move(plan, State.ADOPTED, actor=commune_leader)
    errors = exc.value.message_dict
    assert "Số nghị quyết" in errors["resolution_number"][0]
    assert "Ngày" in errors["resolution_date"][0] or "ngày" in errors["resolution_date"][0]
    with pytest.raises(ValidationError) as exc:
        actions.move(plan, State.ADOPTED, actor=commune_leader, resolution_number="07/NQ-HĐND")
    assert list(exc.value.message_dict) == ["resolution_date"]
    plan.refresh_from_db()
    assert plan.state == State.REVISED
    plan = actions.move(
        plan,
        State.ADOPTED,
        actor=commune_leader,
        resolution_number="07/NQ-HĐND",
        resolution_date=date(2026, 12, 20),
    )
    assert (plan.state, plan.resolution_number) == (State.ADOPTED, "07/NQ-HĐND")
    # The approval keeps the resolution recorded at adoption.
    plan = actions.move(plan, State.APPROVED, actor=commune_leader)
    assert (plan.resolution_number, plan.resolution_date) == ("07/NQ-HĐND", date(2026, 12, 20))


def test_mop_adoption_is_refused_while_indicators_lack_an_me_row(clean_plan, commune_leader):
    _mop(clean_plan, commune_leader)
    first = clean_plan.indicators.order_by("id").first()
    me.save_row(clean_plan, first, actor=commune_leader, who="Cán bộ", when="Quý", method="Đếm")
    plan = to_revised(clean_plan, commune_leader)
    with pytest.raises(ValidationError) as exc:
        actions.move(
            plan,
            State.ADOPTED,
            actor=commune_leader,
            resolution_number="07/NQ-HĐND",
            resolution_date=date(2026, 12, 20),
        )
    message = " ".join(exc.value.messages)
    assert "Số km kênh được sửa" in message and "giám sát" in message
    assert "Tỷ lệ hộ nghèo" not in message


def test_an_sedp_plan_is_adopted_as_before(clean_plan, commune_leader):
    plan = to_revised(clean_plan, commune_leader)
    plan = actions.move(plan, State.ADOPTED, actor=commune_leader)
    assert plan.state == State.ADOPTED and plan.resolution_number == ""


def test_the_adoption_form_asks_for_the_resolution_in_mop_mode(client, clean_plan, commune_leader):
    _mop(clean_plan, commune_leader)
    _plan_every_indicator(clean_plan, commune_leader)
    plan = to_revised(clean_plan, commune_leader)
    client.force_login(commune_leader)
    url = f"/consultation/plan/{plan.pk}/"
    html = client.get(url, **VI).content.decode()
    assert 'id="move-adopted"' in html and 'name="resolution_number"' in html.split('id="move-adopted"')[1]
    response = client.post(url + "move/", {"to_state": "adopted", "note": ""}, **VI)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cần nhập “Số nghị quyết của Hội đồng nhân dân phường”" in html
    assert "Cần nhập “Ngày nghị quyết của Hội đồng nhân dân phường”" in html
    plan.refresh_from_db()
    assert plan.state == State.REVISED
