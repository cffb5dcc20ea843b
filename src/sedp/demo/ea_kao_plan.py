"""Ea Kao's commune plan made from the demo villages' adopted plans, the way a planning team makes it: each
village need decided (included, merged, postponed, referred, not included, each with its reason), a logframe
written around the activities, one activity left without a result (Thôn 1's latrines), a budget typed by hand
that differs from what the activities add up to, and the header filled in as a clerk would ("25/KH-UBND").

It is the plan issue 10's new user printed; the tests read its .docx, .pdf and workbook back and check they agree
line by line (`src/sedp/plans/tests/test_plan_outputs.py`). Not part of `load-demo`: the planning team makes this
plan in the demo themselves; `make_ea_kao_plan` makes it in one call for tests and for looking at the documents.
Figures and names are illustrative.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from sedp.plans.logframe import actions as lf
from sedp.plans.models import Direction, Plan, SignerAuthority
from sedp.plans.rollup import fates as tracing

TYPED_TOTAL = 2_000_000_000  # typed on the plan; the activities add up to more (the SMART check says so)


def _need(needs, unit: str, code: str):
    return next(n for n in needs if n.unit.name == unit and n.code == code)


@transaction.atomic
def make_ea_kao_plan(commune, year: int, *, actor) -> Plan:
    """A draft commune plan of `commune` (Phường Ea Kao) for `year`, made from its villages' adopted plans."""
    plan = tracing.create_commune_plan(commune, year, actor=actor)
    needs = tracing.candidate_needs(plan)
    road = tracing.include(plan, _need(needs, "Buôn H'Drát", "N2"), actor=actor).activities.get()
    canals = tracing.merge(
        plan,
        [_need(needs, "Buôn Ea Kao", "N4"), _need(needs, "Buôn Kô Tam", "N1")],
        actor=actor,
        reason="Hai đoạn kênh nối liền nhau, làm một lần thì tiết kiệm chi phí thuê máy",
        title="Sửa chữa kênh mương nội đồng Buôn Ea Kao và Buôn Kô Tam",
    )
    latrines = tracing.merge(
        plan,
        [
            _need(needs, "Buôn Ea Kao", "N1"),
            _need(needs, "Buôn H'Drát", "N3"),
            _need(needs, "Buôn Kô Tam", "N4"),
        ],
        actor=actor,
        reason="Cùng một việc ở ba buôn: xã tổ chức một đợt hỗ trợ chung",
        title="Hỗ trợ hộ nghèo ba buôn xây nhà tiêu hợp vệ sinh",
    )
    tracing.postpone(
        plan,
        _need(needs, "Buôn Kram", "N5"),
        actor=actor,
        reason="Ngân sách xã năm nay không đủ; kênh Buôn Kram còn dùng được thêm một năm",
        year=year + 1,
    )
    tracing.refer(
        plan,
        _need(needs, "Buôn Kram", "N2"),
        actor=actor,
        reason="Chương trình nông thôn mới đã có vốn hỗ trợ nhà tiêu cho hộ nghèo",
        to="Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    )
    tracing.not_include(
        plan,
        _need(needs, "Thôn 1", "N3"),
        actor=actor,
        reason="Công ty thủy lợi đã nhận sửa đoạn kênh này bằng vốn của công ty",
    )
    thon1 = tracing.include(plan, _need(needs, "Thôn 1", "N6"), actor=actor).activities.get()

    economy, health = road.sector, latrines.sector  # the sectors of the villages' needs
    lf.add_key_target(
        plan, actor=actor, text=f"Tỷ lệ hộ nghèo của phường giảm từ 12% xuống còn 10% trong năm {year}"
    )
    lf.add_key_target(plan, actor=actor, text="90% số hộ có nhà tiêu hợp vệ sinh")
    key = plan.key_targets.order_by("order").first()
    lf.add_indicator(
        plan, actor=actor, parent=key, name="Tỷ lệ hộ nghèo", unit="%", baseline=12, target=10,
        direction=Direction.DECREASE, target_year=year, verification="Kết quả rà soát hộ nghèo cuối năm",
    )  # fmt: skip
    o1 = lf.add_objective(
        plan, actor=actor, sector=economy, text="Cải thiện đường sá và tưới tiêu cho các buôn"
    )
    lf.add_indicator(
        plan, actor=actor, parent=o1, name="Tỷ lệ đường liên buôn được cứng hóa", unit="%", baseline=40,
        target=55, target_year=year,
    )  # fmt: skip
    r1 = lf.add_result(
        plan, actor=actor, objective=o1, output="Đường liên buôn Buôn H'Drát được bê tông hóa",
        budget_source="Ngân sách huyện hỗ trợ",
    )  # fmt: skip
    lf.add_indicator(
        plan, actor=actor, parent=r1, name="Đường được bê tông hóa", unit="km", target=2.5, target_year=year
    )
    r2 = lf.add_result(
        plan, actor=actor, objective=o1, output="Kênh mương nội đồng Buôn Ea Kao và Buôn Kô Tam được sửa chữa",
        budget_source="Ngân sách phường",
    )  # fmt: skip
    lf.add_indicator(
        plan, actor=actor, parent=r2, name="Diện tích lúa được tưới chủ động", unit="ha", baseline=80,
        target=120, target_year=year,
    )  # fmt: skip
    o2 = lf.add_objective(
        plan, actor=actor, sector=health, text="Giảm số hộ nghèo chưa có nhà tiêu hợp vệ sinh"
    )
    lf.add_indicator(
        plan, actor=actor, parent=o2, name="Tỷ lệ hộ có nhà tiêu hợp vệ sinh", unit="%", baseline=78,
        target=90, target_year=year,
    )  # fmt: skip
    r3 = lf.add_result(
        plan, actor=actor, objective=o2, output="Hộ nghèo của ba buôn có nhà tiêu hợp vệ sinh",
        budget_source="Chương trình mục tiêu quốc gia",
    )  # fmt: skip
    lf.add_indicator(plan, actor=actor, parent=r3, name="Hộ nghèo có nhà tiêu mới", unit="hộ", target=45,
                     target_year=year)  # fmt: skip

    def place(activity, result, quarters, responsible, cost, source):
        lf.update_activity(
            activity, actor=actor, result=result, sector=activity.sector, title=activity.title,
            quarters=quarters, responsible=responsible, cost=cost, funding_source=source,
            people_contribution=activity.people_contribution, contribution_value=activity.contribution_value,
        )  # fmt: skip

    place(road, r1, (2, 3), "Ban quản lý dự án phường", 800_000_000, "Ngân sách huyện hỗ trợ")
    place(canals, r2, (1, 2), "UBND phường", 600_000_000, "Ngân sách phường")
    place(latrines, r3, (2, 3, 4), "Trạm y tế phường", 360_000_000, "Chương trình mục tiêu quốc gia")
    # Thôn 1's latrines: included, scheduled, not (yet) attached to a result — still in every output.
    place(thon1, None, (3,), "Trưởng thôn 1", 120_000_000, "Ngân sách phường")
    lf.renumber(plan, actor=actor)
    lf.update_header(
        plan,
        actor=actor,
        title=f"Phát triển kinh tế - xã hội năm {year}",
        doc_number="25/KH-UBND",  # as a clerk types it: the symbol is dropped, printed once
        doc_date=date(year - 1, 12, 15),
        total_budget=TYPED_TOTAL,
        signer_authority=SignerAuthority.KT,
        signer_title="Phó Chủ tịch",
        signer_name="Nguyễn Văn B",
        recipients="UBND thành phố Buôn Ma Thuột\nThường trực Đảng ủy, HĐND phường\nCác thôn, buôn\nLưu: VT",
    )
    return Plan.objects.select_related("unit").get(pk=plan.pk)
