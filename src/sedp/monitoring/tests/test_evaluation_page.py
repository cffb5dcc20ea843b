"""The 6-month evaluation page of Ea Kao's commune plan: bands in both directions, the SVG charts, a missing
actual, a percentage rebuilt from its numerator and denominator, last year's figures, who may read it."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from sedp.core.evaluation import ActivityStatus, Band
from sedp.monitoring.actions import (
    create_report,
    move_report,
    save_indicator_value,
    save_report_line,
    start_works,
)
from sedp.monitoring.evaluation import tables
from sedp.monitoring.models import ReportState
from sedp.plans.models import Indicator, Plan


def _approve(report, planner, leader):
    move_report(report, ReportState.SUBMITTED, planner)
    return move_report(report, ReportState.APPROVED, leader)


@pytest.fixture
def half_year(world, units, commune_planner, commune_leader, year):
    """The commune's approved report for quarter II: poverty 11 % (target 10 from 12: on track at 6 months),
    irrigated rice 82 ha (target 120 from 80: off track), latrines 315 of 350 households (90 %), the new
    latrines in people-less households not reported."""
    plan = world.plan
    key = plan.indicators.exclude(key_target=None).first().key_target
    Indicator.objects.create(
        plan=plan, key_target=key, name="Lao động được đào tạo nghề", unit="người", target=100, order=90
    )
    start_works(plan, commune_planner)
    report = create_report(units.ea_kao, plan, commune_planner, period_kind="quarter", period=2, year=year)
    ind = {i.name: i for i in plan.indicators.all()}
    save_indicator_value(report, ind["Tỷ lệ hộ nghèo"], commune_planner, value=Decimal(11))
    save_indicator_value(report, ind["Diện tích lúa được tưới chủ động"], commune_planner, value=Decimal(82))
    save_indicator_value(
        report,
        ind["Tỷ lệ hộ có nhà tiêu hợp vệ sinh"],
        commune_planner,
        numerator=Decimal(315),
        denominator=Decimal(350),
    )
    save_indicator_value(
        report,
        ind["Lao động được đào tạo nghề"],
        commune_planner,
        value=Decimal(60),
        men=Decimal(25),
        women=Decimal(35),
    )
    line = report.lines.get(work__activity=world.road)
    save_report_line(report, line.work, commune_planner, progress=100)
    return _approve(report, commune_planner, commune_leader), ind


def url(plan, months=6):
    return reverse("evaluation:plan", args=[plan.pk]) + f"?months={months}"


def test_the_six_month_page_shows_a_falling_indicator_on_track_and_a_rising_one_off_track(
    client, commune_leader, world, half_year
):
    report, ind = half_year
    client.force_login(commune_leader)
    page = client.get(url(world.plan), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đánh giá 6 tháng" in html
    poverty = html.split(f'id="indicator-{ind["Tỷ lệ hộ nghèo"].pk}"')[1].split("</tr>")[0]
    assert "Đúng tiến độ" in poverty and "50 %" in poverty  # half the way from 12 to 10 at 6 months
    rice = html.split(f'id="indicator-{ind["Diện tích lúa được tưới chủ động"].pk}"')[1].split("</tr>")[0]
    assert "Chậm tiến độ" in rice and "5 %" in rice  # 2 of the 40 ha


def test_a_missing_actual_is_not_reported_and_a_percentage_comes_from_its_counts(
    client, commune_leader, world, half_year
):
    report, ind = half_year
    client.force_login(commune_leader)
    html = client.get(url(world.plan), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    road = html.split(f'id="indicator-{ind["Đường được bê tông hóa"].pk}"')[1].split("</tr>")[0]
    assert "chưa báo cáo" in road
    latrines = html.split(f'id="indicator-{ind["Tỷ lệ hộ có nhà tiêu hợp vệ sinh"].pk}"')[1].split("</tr>")[0]
    assert "315/350" in latrines and ">90 <" in latrines.replace("90 <span", "90 <")
    assert "100 %" in latrines  # 78 → 90 reached


def test_the_charts_are_inline_svg_with_a_label_and_a_title_per_bar(client, commune_leader, world, half_year):
    client.force_login(commune_leader)
    html = client.get(url(world.plan), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert html.count("<svg") == 2 and "<script" not in html.split("<main")[-1]
    achieved = html.split('id="chart-achieved"')[1].split("</svg>")[0]
    assert "<title>Tỷ lệ hộ nghèo: đúng tiến độ (đạt 50 % chỉ tiêu)</title>" in achieved
    assert ">Diện tích lúa được tưới chủ động</text>" in achieved
    assert 'width="100.0"' in achieved and 'width="10.0"' in achieved  # 50 % and 5 % of 150 % on 300 px
    assert not re.search(r'(width|x)="[0-9]+,', html)  # SVG geometry is never localised with a comma
    shares = html.split('id="chart-shares"')[1].split("</svg>")[0]
    # 7 indicators: poverty, latrines and training on track, rice off track, 3 not reported
    assert "<title>Đúng tiến độ: 3 (42,9 %)</title>" in shares
    assert "<title>Chậm tiến độ: 1 (14,3 %)</title>" in shares
    assert "<title>Chưa báo cáo: 3 (42,9 %)</title>" in shares


def test_an_indicator_counting_people_shows_its_men_and_women(client, commune_leader, world, half_year):
    report, ind = half_year
    client.force_login(commune_leader)
    html = client.get(url(world.plan), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    row = html.split(f'id="indicator-{ind["Lao động được đào tạo nghề"].pk}"')[1].split("</tr>")[0]
    assert "60 người, trong đó nữ 35 (58,3 %)" in row
    assert "nam 25" in row


def test_last_years_figures_and_the_activities(
    world, half_year, units, commune_planner, commune_leader, year
):
    report, ind = half_year
    last = Plan.objects.create(unit=units.ea_kao, kind=world.plan.kind, year_from=year - 1, year_to=year - 1)
    old = Indicator.objects.create(
        plan=last, key_target=ind["Tỷ lệ hộ nghèo"].key_target, name="Tỷ lệ hộ nghèo", unit="%"
    )
    old_report = create_report(
        units.ea_kao, last, commune_planner, period_kind="month", period=6, year=year - 1
    )
    save_indicator_value(old_report, old, commune_planner, value=Decimal("12.5"))
    _approve(old_report, commune_planner, commune_leader)

    ev = tables.build(world.plan, 6, today=date(year, 7, 5))
    poverty = next(r for r in ev.indicators if r.ev.name == "Tỷ lệ hộ nghèo")
    assert poverty.ev.last_year == Decimal("12.5") and poverty.ev.improved is True
    assert poverty.ev.band == Band.ON_TRACK
    status = {r.activity.title: r.progress.status for r in ev.activities}
    assert status[world.road.title] == ActivityStatus.DONE
    # the canals, due in quarters I–II and not reported, are late on 30 June; the latrines (II–IV) at 0 % too
    assert status["Sửa chữa kênh mương nội đồng Buôn Ea Kao và Buôn Kô Tam"] == ActivityStatus.LATE
    assert status["Xây nhà tiêu hợp vệ sinh cho hộ nghèo"] == ActivityStatus.NOT_STARTED  # quarter III


def test_an_outsider_gets_404(client, outsider, world):
    client.force_login(outsider)
    assert client.get(url(world.plan)).status_code == 404


def test_the_queries_do_not_grow_with_indicators_and_activities(
    client, commune_leader, world, half_year, django_assert_max_num_queries
):
    client.force_login(commune_leader)
    with django_assert_max_num_queries(20) as few:  # about a dozen: session, user, grants, plan, reports, …
        client.get(url(world.plan))
    n = len(few.captured_queries)
    key = world.plan.indicators.exclude(key_target=None).first().key_target
    for i in range(10):
        Indicator.objects.create(
            plan=world.plan, key_target=key, name=f"Chỉ số {i}", target=i + 1, order=50 + i
        )
    for a in world.plan.activities.all()[:1]:
        for i in range(5):
            a.pk = None
            a.title = f"Hoạt động thêm {i}"
            a.save()
    with django_assert_max_num_queries(n):
        assert client.get(url(world.plan, 12)).status_code == 200


def test_a_mid_term_plan_is_its_own_last_year_after_its_first_year(world, year):
    mid = Plan(unit=world.plan.unit, kind=world.plan.kind, year_from=year, year_to=year + 4)
    assert tables.last_year_plan(mid, year + 2) is mid
    assert tables.last_year_plan(mid, year) is None  # no plan of the year before in the demo
    with pytest.raises(ValueError):
        tables.build(mid, 6, year=year + 5)


def test_the_page_links_both_evaluations_of_the_year(client, commune_leader, world, year):
    client.force_login(commune_leader)
    html = client.get(url(world.plan, 12), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đánh giá cuối năm" in html
    assert f'href="?year={year}&amp;months=6"' in html
    assert "Chưa có báo cáo được duyệt" in html  # no report yet: every indicator not reported


def test_the_village_head_reads_the_communes_evaluation_and_the_province_too(
    client, village_head, province_officer, world, half_year
):
    for user in (village_head, province_officer):
        client.force_login(user)
        assert client.get(url(world.plan), HTTP_ACCEPT_LANGUAGE="vi").status_code == 200
