"""Assignment (giao kế hoạch): Đắk Lắk assigns its 2027 targets and budgets to its communes; the check per source
and per target, the issuing refused until a difference is explained, the commune's plan adjusted to it, the
public page and the A4 notice."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sedp.assignments import actions
from sedp.assignments.models import Assignment, State
from sedp.audit.models import AuditEntry
from sedp.places.models import Unit
from sedp.plans.models import Plan

from .conftest import M


def _assign(world, unit, actor, *, ntm=0, tinh=0, escaped=None, water=None, road=None):
    budgets = []
    if road:
        budgets.append({"source": world.ntm, "activity": world.road, "amount": road})
    if ntm:
        budgets.append({"source": world.ntm, "amount": ntm})
    if tinh:
        budgets.append({"source": world.tinh, "amount": tinh})
    targets = []
    if escaped is not None:
        targets.append(
            {"measure": world.escaped, "name": "Số hộ thoát nghèo", "unit_of_measure": "hộ", "value": escaped}
        )
    if water is not None:
        targets.append(
            {
                "measure": world.clean_water,
                "name": "Tỷ lệ hộ dùng nước sạch",
                "unit_of_measure": "%",
                "value": water,
            }
        )
    return actions.save(world.province_plan, unit, actor=actor, budgets=budgets, targets=targets)


def _edit_post(world, unit, budgets, targets=(), doc_number="12/TB-UBND"):
    data = {
        "doc_number": doc_number,
        "doc_date": "05/01/2027",
        "budget-TOTAL_FORMS": str(len(budgets)),
        "budget-INITIAL_FORMS": "0",
        "target-TOTAL_FORMS": str(len(targets)),
        "target-INITIAL_FORMS": "0",
    }
    for i, (source, activity, amount) in enumerate(budgets):
        data[f"budget-{i}-source"] = source.pk if source else ""
        data[f"budget-{i}-activity"] = activity.pk if activity else ""
        data[f"budget-{i}-amount"] = amount
    for i, (measure, name, unit_of_measure, value) in enumerate(targets):
        data[f"target-{i}-measure"] = measure.pk if measure else ""
        data[f"target-{i}-name"] = name
        data[f"target-{i}-unit_of_measure"] = unit_of_measure
        data[f"target-{i}-value"] = value
    return data


def test_an_assignment_that_does_not_add_up_is_refused_until_the_difference_is_explained(
    client, world, units, province_officer
):
    client.force_login(province_officer)
    plan = world.province_plan
    edit = reverse("assignments:edit", args=[plan.pk, units.ea_kao.pk])
    r = client.post(
        edit,
        _edit_post(
            world,
            units.ea_kao,
            [(world.ntm, world.road, "1.000.000.000"), (world.tinh, None, "500.000.000")],
            [(world.escaped, "Số hộ thoát nghèo", "hộ", "100"), (world.clean_water, "Nước sạch", "%", "85")],
        ),
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    a = Assignment.objects.get(plan=plan, unit=units.ea_kao)
    assert sorted(b.amount for b in a.budgets.all()) == [500 * M, 1000 * M]
    # 1.500.000.000 received from the programme, 1.000.000.000 handed down: issuing is refused, naming the line.
    r = client.post(reverse("assignments:issue", args=[a.pk]), follow=True)
    page = r.content.decode()
    assert "Không thể ban hành" in page
    assert "nhận 1.500.000.000 đ, giao xuống 1.000.000.000 đ — còn 500.000.000 đ chưa giao" in page
    a.refresh_from_db()
    assert a.state == State.DRAFT
    # The overview shows the line with both figures, to fix or explain.
    page = client.get(reverse("assignments:overview", args=[plan.pk])).content.decode()
    assert "1.500.000.000 đ" in page and "1.000.000.000 đ" in page and "cần sửa hoặc giải trình" in page
    key = actions.source_key(world.ntm.pk)
    r = client.post(
        reverse("assignments:explain", args=[plan.pk]),
        {"key": key, "reason": "Giữ lại 500 triệu đồng chờ phân bổ cho các xã đặc biệt khó khăn"},
    )
    assert r.status_code == 302
    r = client.post(reverse("assignments:issue", args=[a.pk]), follow=True)
    a.refresh_from_db()
    assert a.state == State.ISSUED and a.issued_by == province_officer
    entry = AuditEntry.objects.get(action="assignments.issue", object_id=str(a.pk))
    assert any("lý do: Giữ lại 500 triệu" in s for s in entry.after["check"])
    # Issued: no longer editable.
    with pytest.raises(Exception, match="đã được ban hành|has been issued"):
        _assign(world, units.ea_kao, province_officer, ntm=1)


def test_an_assignment_that_adds_up_is_issued(world, units, province_officer):
    _assign(world, units.ea_kao, province_officer, road=800 * M, ntm=360 * M, escaped=60, water=Decimal(85))
    _assign(world, world.other, province_officer, ntm=340 * M, tinh=500 * M, escaped=40, water=Decimal(85))
    result = actions.check(world.province_plan)
    sentences = [line.sentence() for line in result.lines]
    assert result.ok and not result.differences, sentences
    assert (
        "Nguồn Vốn đầu tư phát triển tỉnh: nhận 500.000.000 đ, giao xuống 500.000.000 đ — khớp." in sentences
    )
    issued = actions.issue_all(world.province_plan, actor=province_officer)
    assert {a.unit for a in issued} == {units.ea_kao, world.other}
    assert all(a.state == State.ISSUED for a in issued)


def test_targets_add_up_by_their_rule(world, units, province_officer):
    """Households escaping poverty are summed; the clean-water rate is a mean weighted by households (Ea Kao has
    3.000 households, the other commune 1.000): 80 % and 100 % make 85 %, not their plain mean of 90 %."""
    _assign(world, units.ea_kao, province_officer, ntm=1000 * M, tinh=500 * M, escaped=70, water=Decimal(80))
    _assign(world, world.other, province_officer, ntm=500 * M, escaped=30, water=Decimal(100))
    result = actions.check(world.province_plan)
    assert result.line("measure:escaped_poverty").adds_up
    water = result.line("measure:clean_water")
    assert water.handed == 85 and water.adds_up, water.sentence()
    assert result.ok
    # Plain mean of rates would have said 90: the other commune at 90 % gives 82,5 % — a difference.
    _assign(world, world.other, province_officer, ntm=500 * M, escaped=40, water=Decimal(90))
    result = actions.check(world.province_plan)
    assert not result.ok
    # The province's other communes, given no target yet, are counted in the sentence.
    rest = len(actions.receiving_units(world.province_plan)) - 2
    assert result.line("measure:escaped_poverty").sentence() == (
        f"Chỉ tiêu Số hộ thoát nghèo: nhận 100 hộ, giao xuống 110 hộ — giao vượt 10 hộ; {rest} đơn vị chưa được giao."
    )
    assert result.line("measure:clean_water").sentence() == (
        "Chỉ tiêu Tỷ lệ hộ dùng nước sinh hoạt hợp vệ sinh: nhận 85 %, giao xuống 82,5 % — còn 2,5 % chưa giao; "
        f"{rest} đơn vị chưa được giao."
    )


def test_the_form_is_prefilled_from_the_allocations_and_names_the_row_of_an_error(
    client, world, units, province_officer
):
    client.force_login(province_officer)
    edit = reverse("assignments:edit", args=[world.province_plan.pk, units.ea_kao.pk])
    page = client.get(edit).content.decode()
    road_money = f"{800 * M - (world.road.contribution_value or 0):,}".replace(",", ".")
    assert f'value="{road_money}"' in page
    assert "Số hộ thoát nghèo" in page
    r = client.post(
        edit,
        _edit_post(
            world,
            units.ea_kao,
            [
                (world.ntm, None, "1.500.000.000"),
                (world.tinh, None, "5 trăm triệu"),
                (None, None, "20.000.000"),
            ],
            [(world.escaped, "Số hộ thoát nghèo", "hộ", "mười")],
        ),
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Số tiền (dòng 2)" in page  # the amount that is not money, by its row
    assert "Dòng 3: chọn nguồn vốn của số tiền này." in page
    assert "Giá trị (dòng 1)" in page
    assert 'value="1.500.000.000"' in page  # what was typed is kept
    assert not Assignment.objects.filter(plan=world.province_plan).exists()


def test_the_commune_adjusts_its_plan_to_the_assignment_as_a_new_version(
    client, world, units, province_officer, commune_planner
):
    a = _assign(
        world,
        units.ea_kao,
        province_officer,
        road=700 * M,
        ntm=800 * M,
        tinh=500 * M,
        escaped=100,
        water=Decimal(85),
    )
    actions.explain(
        world.province_plan, "measure:clean_water", "Chỉ giao cho Ea Kao đợt đầu", actor=province_officer
    )
    actions.issue(a, actor=province_officer)
    client.force_login(commune_planner)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Kế hoạch được giao năm" in home and "2.000.000.000 đ" in home
    detail = reverse("assignments:detail", args=[a.pk])
    page = client.get(detail).content.decode()
    assert "Điều chỉnh kế hoạch theo chỉ tiêu được giao" in page
    r = client.post(reverse("assignments:adjust", args=[a.pk]))
    assert r.status_code == 302
    a.refresh_from_db()
    new = a.adjusted_plan
    assert new.previous == world.commune_plan and new.version == 2 and new.state == "draft"
    road = new.activities.get(title=world.road.title)
    contribution = world.road.contribution_value or 0
    assert road.cost == 700 * M + contribution
    assert "Chương trình mục tiêu quốc gia xây dựng nông thôn mới" in road.funding_source
    assert new.indicators.get(measure=world.clean_water).target == 85
    assert new.indicators.get(measure=world.escaped).target == 100  # added: the plan had no such indicator
    assert new.need_links.count() == world.commune_plan.need_links.count()
    reason = new.change_reason
    assert f"800.000.000 đ → {700 * M + contribution:,} đ".replace(",", ".") in reason
    assert "Tỷ lệ hộ có nhà tiêu hợp vệ sinh: 90 % → 85 %" in reason
    assert "Số hộ thoát nghèo: (chưa có trong kế hoạch) → 100 hộ" in reason
    page = client.get(detail).content.decode()
    assert "800.000.000 đ →" in page
    assert AuditEntry.objects.filter(action="plans.new_version", object_id=str(new.pk)).exists()
    # The old version keeps its figures; adjusting twice is refused.
    assert world.commune_plan.activities.get(pk=world.road.pk).cost == 800 * M
    r = client.post(reverse("assignments:adjust", args=[a.pk]), follow=True)
    assert "đã được điều chỉnh" in r.content.decode()
    assert Plan.objects.filter(unit=units.ea_kao, year_from=a.year).count() == 2


def test_the_public_reads_issued_assignments_only(client, world, units, province_officer):
    issued = _assign(
        world, units.ea_kao, province_officer, ntm=1500 * M, tinh=500 * M, escaped=100, water=Decimal(85)
    )
    draft = _assign(world, world.other, province_officer, ntm=123 * M)
    Assignment.objects.filter(pk=draft.pk).update()  # stays a draft
    actions.explain(world.province_plan, actions.source_key(world.ntm.pk), "Tạm giao", actor=province_officer)
    actions.issue(issued, actor=province_officer)
    page = client.get(reverse("portal:unit", args=[units.ea_kao.pk])).content.decode()
    assert "1.500.000.000 đ" in page and "Số hộ thoát nghèo" in page
    assert (
        client.get(reverse("portal:unit", args=[world.other.pk])).content.decode().count("123.000.000") == 0
    )
    assert "Ea Kao" in client.get(reverse("portal:index")).content.decode()
    assert client.get(reverse("assignments:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("assignments:notice", args=[draft.pk])).status_code == 404
    assert client.get(reverse("assignments:notice_pdf", args=[draft.pk])).status_code == 404
    assert client.get(reverse("assignments:detail", args=[issued.pk])).status_code == 200


def test_the_a4_notice_prints_the_budgets_and_targets(client, world, units, province_officer, tmp_path):
    a = _assign(
        world,
        units.ea_kao,
        province_officer,
        road=800 * M,
        ntm=700 * M,
        tinh=500 * M,
        escaped=100,
        water=Decimal(85),
    )
    Assignment.objects.filter(pk=a.pk).update(doc_number="15")
    actions.issue(a, actor=province_officer)
    page = client.get(reverse("assignments:notice", args=[a.pk]))
    html = page.content.decode()
    assert "size: A4" in html and "THÔNG BÁO" in html and f"Giao chỉ tiêu, kế hoạch năm {a.year}" in html
    # Its A4 style is allowed by this page's policy (a browser drops a <style> the site's policy refuses), its
    # print button wired by a script with the page's nonce (an inline onclick never runs under the policy).
    policy = page["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html and "onclick" not in html
    r = client.get(reverse("assignments:notice_pdf", args=[a.pk]))
    assert r["Content-Type"] == "application/pdf"
    (tmp_path / "notice.pdf").write_bytes(r.content)
    reader = PdfReader(io.BytesIO(r.content))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "ỦY BAN NHÂN DÂN" in text and "TỈNH ĐẮK LẮK" in text
    assert "THÔNG BÁO" in text and f"Giao chỉ tiêu, kế hoạch năm {a.year}" in text
    assert "1.500.000.000" in text and "500.000.000" in text and "2.000.000.000" in text
    assert "Số hộ thoát nghèo" in text and "Số: 15/TB-UBND" in text
    assert "Phường Ea Kao" in text


def test_who_may_do_what(client, world, units, province_officer, commune_planner, village_head, outsider):
    a = _assign(world, units.ea_kao, province_officer, ntm=1 * M)
    overview = reverse("assignments:overview", args=[world.province_plan.pk])
    client.force_login(province_officer)
    assert client.get(overview).status_code == 200
    assert (
        client.get(reverse("assignments:edit", args=[world.province_plan.pk, units.ea_kao.pk])).status_code
        == 200
    )
    client.force_login(village_head)
    assert (
        client.get(reverse("assignments:edit", args=[world.province_plan.pk, units.ea_kao.pk])).status_code
        == 403
    )
    assert client.post(reverse("assignments:issue", args=[a.pk])).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("assignments:detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("assignments:unit", args=[units.ea_kao.pk])).status_code == 200


def test_a_percentage_target_adds_up_from_numerators_and_denominators(world, units, province_officer, year):
    """The poverty rate is poor households over households: Ea Kao's villages count 1.000 households, the other
    commune's 3.000; 10 % and 6 % make (100 + 180) / 4.000 = 7 %, not the 8 % of a mean of percentages."""
    from sedp.plans.models import Figure, Indicator, Measure

    poverty = Measure.objects.get(unit=None, key="poverty_rate")
    households = Measure.objects.get(unit=None, key="households")
    Indicator.objects.create(
        plan=world.province_plan,
        key_target=world.province_plan.key_targets.get(),
        measure=poverty,
        name="Tỷ lệ hộ nghèo",
        unit="%",
        target=7,
    )
    ea_kao_villages = list(units.ea_kao.children.order_by("pk")[:2])
    Figure.objects.filter(unit__parent=units.ea_kao, year=year, measure=households).delete()
    Figure.objects.create(unit=ea_kao_villages[0], year=year, measure=households, value=600)
    Figure.objects.create(unit=ea_kao_villages[1], year=year, measure=households, value=400)
    village = Unit.objects.create(level="village", kind="thon", name="Thôn Một", parent=world.other)
    Figure.objects.create(unit=village, year=year, measure=households, value=3000)
    rate = {"measure": poverty, "name": "Tỷ lệ hộ nghèo", "unit_of_measure": "%"}
    actions.save(
        world.province_plan, units.ea_kao, actor=province_officer, budgets=[], targets=[{**rate, "value": 10}]
    )
    actions.save(
        world.province_plan, world.other, actor=province_officer, budgets=[], targets=[{**rate, "value": 6}]
    )
    line = actions.check(world.province_plan).line("measure:poverty_rate")
    assert line.handed == 7 and line.adds_up, line.sentence()


def test_a_target_entered_twice_for_a_unit_is_refused(client, world, units, province_officer):
    client.force_login(province_officer)
    edit = reverse("assignments:edit", args=[world.province_plan.pk, units.ea_kao.pk])
    water = (world.clean_water, "Nước sạch", "%", "85")
    r = client.post(
        edit, _edit_post(world, units.ea_kao, [(world.tinh, None, "500.000.000")], [water, water])
    )
    assert r.status_code == 200
    assert "Chỉ tiêu “Nước sạch” được nhập hai lần" in r.content.decode()
    assert not Assignment.objects.filter(unit=units.ea_kao).exists()
