"""A province's evaluation summed from its communes' approved reports: a percentage rebuilt from the communes'
numerators and denominators (18/120 and 21/180 make 13 %, not the 13,33 % of a mean of rates), "2 of 3 communes
reported", indicators matched by name or by Form-2 measure, the communes' activities and a row per commune; the
same in the .docx; and a fixed number of queries at 2 communes or 4."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sedp.accounts.models import RoleGrant
from sedp.core.evaluation import ActivityStatus, Band
from sedp.monitoring.evaluation import tables, upper
from sedp.monitoring.models import IndicatorValue, Report, ReportLine, ReportState, Work
from sedp.plans.models import Indicator, KeyTarget, Kind, Measure, Plan, State
from sedp.plans.tests.upper_tree import province, submitted_plan

from .test_evaluation_report import docx_rows, docx_text


@dataclass
class Province:
    plan: Plan
    communes: list
    officer: object


def _indicator(plan, name, unit, order, **kw):
    key = plan.key_targets.first() or KeyTarget.objects.create(plan=plan, text="Chỉ tiêu chủ yếu")
    return Indicator.objects.create(plan=plan, key_target=key, name=name, unit=unit, order=order, **kw)


def build(code: str, year: int, reported: list[tuple[int, int] | None]) -> Province:
    """A province whose communes report the poverty rate as poor households / households (None: the commune has a
    plan but no approved report), people trained (men, women) and paved roads through the Form-2 measure."""
    built = province(code, communes=len(reported), villages=1)
    roads = Measure.objects.get(unit=None, key="paved_roads")
    plan = Plan.objects.create(
        unit=built.root,
        kind=Kind.PROVINCE_ANNUAL,
        year_from=year,
        year_to=year,
        state=State.SUBMITTED,
        title=f"Kế hoạch phát triển kinh tế - xã hội năm {year}",
    )
    _indicator(plan, "Tỷ lệ hộ nghèo", "%", 1, baseline=15, target=13, direction="decrease")
    _indicator(plan, "Lao động được đào tạo nghề", "người", 2, target=200)
    _indicator(plan, "Đường giao thông được cứng hóa", "km", 3, target=300, measure=roads)
    for commune, counts in zip(built.communes, reported, strict=True):
        cp = submitted_plan(commune, year, built.villages[commune.pk])
        poverty = _indicator(cp, "  tỷ lệ HỘ nghèo ", "%", 1, baseline=16, target=14, direction="decrease")
        trained = _indicator(cp, "Lao động được đào tạo nghề", "người", 2, target=50)
        road = _indicator(cp, "Đường thôn được bê tông", "km", 3, target=100, measure=roads)
        if counts is None:
            continue
        report = Report.objects.create(
            unit=commune, plan=cp, period_kind="quarter", period=2, year=year, state=ReportState.APPROVED
        )
        num, den = counts
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    report=report,
                    indicator=poverty,
                    numerator=num,
                    denominator=den,
                    value=(Decimal(num) * 100 / den).quantize(Decimal("0.01")),
                ),
                IndicatorValue(report=report, indicator=trained, value=30, men=10, women=20),
                IndicatorValue(report=report, indicator=road, value=80),
            ]
        )
        activities = list(cp.activities.order_by("order"))
        works = Work.objects.bulk_create(Work(activity=a, unit=commune) for a in activities)
        ReportLine.objects.bulk_create(
            ReportLine(report=report, work=w, progress=100 if i == 0 else 0) for i, w in enumerate(works)
        )
    officer = get_user_model().objects.create_user(f"tinh{code}", password="x")
    RoleGrant.objects.create(user=officer, role="province_officer", unit=built.root)
    return Province(plan, built.communes, officer)


@pytest.fixture
def year():
    return 2031


@pytest.fixture
def three(db, year):
    return build("E1", year, [(18, 120), (21, 180), None])


def url(plan, name="plan", months=6, year=2031):
    return reverse(f"evaluation:{name}", args=[plan.pk]) + f"?months={months}&year={year}"


def test_a_percentage_is_the_communes_counts_summed_never_a_mean_of_their_rates(three, year):
    ev = upper.build(three.plan, 6, year=year)
    assert ev.upper and ev.communes_reporting == 2 and len(ev.communes) == 3
    rows = {r.ev.name: r for r in ev.indicators}
    poverty = rows["Tỷ lệ hộ nghèo"]
    assert poverty.ev.actual == 13  # 39 / 300, where the mean of 15 % and 11,67 % would be 13,33 %
    assert poverty.from_ratio == (39, 300)
    assert (poverty.rolled.reporting, poverty.rolled.total) == (2, 3)
    assert poverty.ev.band == Band.ON_TRACK and poverty.ev.achieved == 1  # 15 → 13: the whole way
    trained = rows["Lao động được đào tạo nghề"]
    assert trained.ev.actual == 60 and (trained.split.men, trained.split.women) == (20, 40)
    roads = rows["Đường giao thông được cứng hóa"]  # matched through the Form-2 measure, whatever its name
    assert roads.ev.actual == 160 and roads.ev.achieved == Fraction(160, 300)


def test_the_communes_activities_and_a_row_per_commune(three, year):
    ev = upper.build(three.plan, 6, year=year)
    first, second, third = ev.communes
    assert first.report is not None and third.report is None and third.plan is not None
    assert first.activities[ActivityStatus.DONE] == 1
    assert first.bands == {Band.ON_TRACK: 3}  # 16 → 15 of 14 is 50 %: on track at 6 months
    assert third.bands == {} and sum(third.activities.values()) == 2  # a plan, nothing reported
    assert ev.activity_counts[ActivityStatus.DONE] == 2
    assert sum(ev.activity_counts.values()) == 6


def test_the_page_says_2_of_3_communes_and_13_percent(client, three, year):
    client.force_login(three.officer)
    html = client.get(url(three.plan), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    poverty = three.plan.indicators.get(name="Tỷ lệ hộ nghèo")
    row = html.split(f'id="indicator-{poverty.pk}"')[1].split("</tr>")[0]
    assert ">13 <" in row and "39/300" in row and "13,33" not in row
    assert "2 trên 3 xã" in row
    assert "Tổng hợp từ báo cáo đã được phê duyệt của 2 trên 3 xã, phường." in html
    communes = html.split('id="communes"')[1].split("</table>")[0]
    assert three.communes[2].name in communes and "chưa báo cáo" in communes


def test_the_province_report_counts_the_communes(client, three, year):
    client.force_login(three.officer)
    response = client.get(url(three.plan, "docx"))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "ỦY BAN NHÂN DÂN" in text and "BÁO CÁO" in text
    assert "báo cáo tiến độ đã được phê duyệt của 2 trên 3 xã, phường" in text
    rows = {row[1]: row for row in docx_rows(response.content) if len(row) == 9}
    poverty = rows["Tỷ lệ hộ nghèo (%)\n2 trên 3 xã báo cáo"]
    assert poverty[5] == "13\n(39/300)" and poverty[6] == "100 %"
    communes = [row for row in docx_rows(response.content) if len(row) == 8]
    assert [three.communes[0].name, f"quý II/{year}", "3", "0", "0", "1", "0"] == communes[2][1:]
    assert communes[4][2] == "Chưa báo cáo"


def test_a_commune_officer_does_not_read_the_province_evaluation(client, commune_leader, three):
    client.force_login(commune_leader)
    assert client.get(url(three.plan)).status_code == 404


def _queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(plan)).status_code == 200
    return len(ctx.captured_queries)


def test_the_queries_are_the_same_at_2_communes_and_at_4(client, db, year):
    small = build("E2", year, [(18, 120), (21, 180)])
    large = build("E3", year, [(18, 120), (21, 180), (5, 50), (7, 70)])
    client.force_login(small.officer)
    client.get(url(small.plan))  # warm up
    two = _queries(client, small.plan)
    client.force_login(large.officer)
    client.get(url(large.plan))
    assert _queries(client, large.plan) == two

    with CaptureQueriesContext(connection) as ctx:
        tables.evaluation_of(small.plan, 12, year=year)
    with CaptureQueriesContext(connection) as ctx4:
        tables.evaluation_of(large.plan, 12, year=year)
    assert len(ctx.captured_queries) == len(ctx4.captured_queries)
