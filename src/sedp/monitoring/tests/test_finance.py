"""The finance a commune publishes to its villages (issue 12 §3): totals by source, work and quarter from the
approved reports only, the checks as sentences, the planned amounts against the funding run, the public page
and its printable notice."""

import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from sedp.funding.models import Allocation
from sedp.monitoring import finance
from sedp.monitoring.actions import (
    create_report,
    hand_to_village,
    move_report,
    record_contribution,
    save_report_line,
    start_works,
)
from sedp.monitoring.models import ReportLine, ReportState, Work
from sedp.plans.models import Activity, Plan, State

M = 1_000_000


def approved(report, planner, leader):
    move_report(report, ReportState.SUBMITTED, planner)
    return move_report(report, ReportState.APPROVED, leader)


def fill(report, actor, figures):
    """figures: {work: (disbursed, settled)} — one source each, by the period's end."""
    for work, (disbursed, settled) in figures.items():
        [f] = work.fundings.all()
        save_report_line(
            report, work, actor, progress=50, disbursed={f.pk: disbursed}, settled={f.pk: settled}
        )
    return report


@pytest.fixture
def works(world, commune_planner):
    start_works(world.plan, commune_planner)
    return Work.objects.get(activity=world.road), Work.objects.get(activity=world.latrines)


@pytest.fixture
def reported(world, works, units, year, commune_planner, commune_leader, province_officer):
    """Quarter I approved, quarter II accepted; quarter III only a draft, month 8 only submitted."""
    road, latrines = works
    q1 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=1, year=year)
    approved(
        fill(q1, commune_planner, {road: (200 * M, 100 * M), latrines: (50 * M, 0)}),
        commune_planner,
        commune_leader,
    )
    q2 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=2, year=year)
    fill(q2, commune_planner, {road: (500 * M, 300 * M), latrines: (150 * M, 50 * M)})
    move_report(approved(q2, commune_planner, commune_leader), ReportState.ACCEPTED, province_officer)
    q3 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=3, year=year)
    fill(q3, commune_planner, {road: (690 * M, 600 * M), latrines: (290 * M, 0)})  # a draft
    m8 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=8, year=year)
    fill(m8, commune_planner, {road: (680 * M, 0), latrines: (0, 0)})
    move_report(m8, ReportState.SUBMITTED, commune_planner)  # sent, not approved yet
    return road, latrines


def test_totals_per_source_activity_and_quarter_come_from_the_approved_reports(world, reported, units, year):
    road, latrines = reported
    d = finance.disclose(units.ea_kao, year)
    t = d.totals.total
    assert (t.planned, t.disbursed, t.settled) == (1000 * M, 650 * M, 350 * M)
    [ntm] = d.sources
    assert str(ntm.source) == str(world.ntm) and ntm.amounts == t
    assert [q.disbursed for q in ntm.quarters] == [250 * M, 400 * M, 0, 0]
    assert [q.settled for q in ntm.quarters] == [100 * M, 250 * M, 0, 0]
    rows = {r.work: r for r in d.activities}
    assert rows[road].amounts.planned == 700 * M and rows[road].amounts.disbursed == 500 * M
    assert [q.disbursed for q in rows[road].quarters] == [200 * M, 300 * M, 0, 0]
    assert [q.disbursed for q in rows[latrines].quarters] == [50 * M, 100 * M, 0, 0]
    assert rows[road].sources[0].amounts.settled == 300 * M
    q1, q2, q3, q4 = d.quarters
    assert (q2.amounts.disbursed, q2.disbursed_to_date, q2.settled_to_date) == (400 * M, 650 * M, 350 * M)
    assert q1.reported and q2.reported and not q3.reported and not q4.reported
    assert d.as_of == 2 and d.as_of_label == f"Quý II/{year}"
    assert d.checks == []


def test_a_later_approved_month_counts_for_its_quarter_and_the_village_reads_its_own_work(
    world, works, units, year, commune_planner, commune_leader, village_head
):
    road, latrines = works
    hand_to_village(latrines, units.ea_kmat, commune_planner)
    m7 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=7, year=year)
    approved(
        fill(m7, commune_planner, {road: (100 * M, 0), latrines: (0, 0)}), commune_planner, commune_leader
    )
    m8 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=8, year=year)
    approved(
        fill(m8, commune_planner, {road: (300 * M, 0), latrines: (0, 0)}), commune_planner, commune_leader
    )
    # The village runs the latrines itself: its own report is read for them, not the commune's zero line.
    own = create_report(units.ea_kmat, world.plan, village_head, period_kind="quarter", period=3, year=year)
    approved(fill(own, village_head, {latrines: (120 * M, 20 * M)}), village_head, commune_leader)

    d = finance.disclose(units.ea_kao, year)
    rows = {r.work: r for r in d.activities}
    assert rows[road].quarters[2].disbursed == 300 * M  # month 8 over month 7
    assert rows[latrines].amounts.disbursed == 120 * M and rows[latrines].self_run
    assert d.totals.total.disbursed == 420 * M and d.as_of == 3

    village = finance.disclose(units.ea_kmat, year)
    assert [r.work for r in village.activities] == [latrines]
    assert village.totals.total.planned == 300 * M and village.totals.total.settled == 20 * M


def test_drafts_are_never_counted_nor_shown(client, world, reported, units, year):
    page = client.get(reverse("monitoring:finance", args=[units.ea_kao.pk]), {"year": year})
    text = page.content.decode()
    assert page.status_code == 200 and "Công khai tài chính" in text
    assert "650.000.000 đ" in text and "1.000.000.000 đ" in text
    # The draft's 690/290 million and the submitted month's 680 million are nowhere.
    for hidden in ("690.000.000", "290.000.000", "680.000.000", "980.000.000", "970.000.000"):
        assert hidden not in text
    assert "Chưa có báo cáo được duyệt" in text  # quarter III


def test_the_checks_read_as_sentences(world, reported, units, year, commune_planner, commune_leader):
    road, latrines = reported
    m9 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="month", period=9, year=year)
    approved(
        fill(m9, commune_planner, {road: (760 * M, 300 * M), latrines: (150 * M, 50 * M)}),
        commune_planner,
        commune_leader,
    )
    # A figure settled above what was disbursed cannot be typed on the form; one brought in by another way is
    # still caught.
    ReportLine.objects.filter(report=m9, work=latrines).update(
        settled={str(latrines.fundings.get().pk): 180 * M}
    )
    d = finance.disclose(units.ea_kao, year)
    source = str(world.ntm)
    assert d.checks == [
        f"Hoạt động {road.activity.title}, nguồn {source}: giải ngân 760.000.000 đ vượt kế hoạch 700.000.000 đ "
        "(60.000.000 đ)",
        f"Hoạt động {latrines.activity.title}, nguồn {source}: quyết toán 180.000.000 đ vượt giải ngân "
        "150.000.000 đ (30.000.000 đ)",
    ]
    en = finance.disclose(units.ea_kao, year, lang="en")
    assert en.checks[0].startswith(
        f"Activity {road.activity.title}, source {source}: disbursed 760.000.000 đ exceeds"
    )


def test_finance_totals_against_the_funding_run(world, works, units, year):
    d = finance.disclose(units.ea_kao, year)
    assert d.funding_run and d.differences == []
    by_key = {(k[0].id, k[1].id): a.planned for k, a in d.totals.by_activity_source.items()}
    assert by_key == {
        (a.activity_id, a.source_id): a.amount for a in Allocation.objects.filter(activity__plan=world.plan)
    }
    assert d.totals.total.planned == sum(
        a.amount for a in Allocation.objects.filter(activity__plan=world.plan)
    )

    # The run is applied again: the road gets less, a third activity is funded but was never started.
    Allocation.objects.filter(activity=world.road).update(amount=650 * M)
    canals = world.plan.activities.get(cost=600 * M)
    Allocation.objects.create(activity=canals, source=world.ntm, amount=200 * M)
    d = finance.disclose(units.ea_kao, year)
    assert [(x.activity.id, x.planned, x.allocated) for x in d.differences] == [
        (world.road.pk, 700 * M, 650 * M),
        (canals.pk, 0, 200 * M),
    ]
    assert (
        f"Hoạt động {world.road.title}, nguồn {world.ntm}: kế hoạch 700.000.000 đ, được phân bổ 650.000.000 đ "
        "(chênh lệch 50.000.000 đ)"
    ) in d.checks
    # The village sees only the differences of its own works.
    assert finance.disclose(units.ea_kmat, year).differences == []


def test_a_citizen_reads_an_adopted_plans_finance_and_never_a_drafts(client, world, works, units, year):
    road, _latrines = works
    commune = client.get(reverse("monitoring:finance", args=[units.ea_kao.pk]), {"year": year})
    assert commune.status_code == 200 and "700.000.000 đ" in commune.content.decode()
    village = road.activity.need_links.first().need.unit
    page = client.get(reverse("monitoring:finance", args=[village.pk]), {"year": year})
    assert page.status_code == 200 and escape(road.activity.title) in page.content.decode()

    Plan.objects.filter(pk=world.plan.pk).update(state=State.DRAFT, locked=False)
    for unit in (units.ea_kao, village):
        for name in ("monitoring:finance", "monitoring:finance_notice_pdf"):
            assert client.get(reverse(name, args=[unit.pk]), {"year": year}).status_code == 404
    assert client.get(reverse("monitoring:finance", args=[units.daklak.pk])).status_code == 404
    # A year that is no year is refused with the limits, in Vietnamese (sedp.query).
    refused = client.get(reverse("monitoring:finance", args=[units.ea_kao.pk]), {"year": "x"})
    assert refused.status_code == 400 and "1900" in refused.content.decode()


def test_the_portal_and_the_plans_monitoring_page_link_the_disclosure(
    client, world, reported, units, year, commune_planner
):
    url = reverse("monitoring:finance", args=[units.ea_kao.pk])
    portal = client.get(reverse("portal:unit", args=[units.ea_kao.pk])).content.decode()
    assert "Tài chính công khai" in portal and url in portal and "650.000.000 đ" in portal
    client.force_login(commune_planner)
    assert url in client.get(reverse("monitoring:plan", args=[world.plan.pk])).content.decode()
    # A unit without an adopted plan shows no such section.
    assert (
        "Tài chính công khai"
        not in client.get(reverse("portal:unit", args=[units.hanoi_commune.pk])).content.decode()
    )


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
    from pypdf import PdfReader  # where poppler is not installed

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_the_notice_is_an_a4_pdf_with_the_totals(client, world, reported, units, year, commune_planner):
    road, _latrines = reported
    record_contribution(road, commune_planner, money=20 * M, labour_days=150, labour_value=30 * M)
    response = client.get(reverse("monitoring:finance_notice_pdf", args=[units.ea_kao.pk]), {"year": year})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    assert f"CÔNG KHAI TÀI CHÍNH CÁC CÔNG TRÌNH, HOẠT ĐỘNG NĂM {year}" in text
    assert "ỦY BAN NHÂN DÂN" in text and "PHƯỜNG EA KAO" in text and "CHỦ TỊCH" in text
    for figure in ("1.000.000.000", "700.000.000", "650.000.000", "350.000.000", "50.000.000"):
        assert figure in text
    assert f"đến hết quý II năm {year}" in text and "Chưa có báo cáo được phê duyệt" in text
    assert "690.000.000" not in text
    # The print page is the same notice, its A4 style allowed by the page's policy, its print button by nonce.
    page = client.get(reverse("monitoring:finance_notice", args=[units.ea_kao.pk]), {"year": year})
    html = page.content.decode()
    assert page.status_code == 200 and "700.000.000" in html and "@page" in html
    policy = page["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html and "onclick" not in html


def test_the_page_reads_in_as_many_queries_for_10_works_as_for_2(
    client, world, reported, units, year, commune_planner, commune_leader
):
    url = reverse("monitoring:finance", args=[units.ea_kao.pk])

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, {"year": year}).status_code == 200
        return len(queries)

    pages = (url, reverse("portal:unit", args=[units.ea_kao.pk]))
    [count(p) for p in pages]  # once, so that what is read once per process is read
    before = [count(p) for p in pages]
    for n in range(8):
        activity = Activity.objects.create(
            plan=world.plan, title=f"Công trình thêm {n}", cost=10 * M, order=50 + n
        )
        Allocation.objects.create(activity=activity, source=world.ntm, amount=10 * M)
    new = start_works(world.plan, commune_planner)
    assert Work.objects.filter(activity__plan=world.plan).count() == 10
    q4 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=4, year=year)
    # The road's and the latrines' lines are left as they were: what they said by quarter II still holds.
    approved(fill(q4, commune_planner, {w: (5 * M, 1 * M) for w in new}), commune_planner, commune_leader)
    totals = finance.disclose(units.ea_kao, year).totals.total
    assert (totals.planned, totals.disbursed, totals.settled) == (1080 * M, 690 * M, 358 * M)
    after = [count(p) for p in pages]
    assert after == before


def test_the_unit_s_public_page_shows_the_finances_once_a_report_is_approved(
    client, world, works, units, year, commune_planner, commune_leader, django_capture_on_commit_callbacks
):
    road, latrines = works
    url = reverse("portal:unit", args=[units.ea_kao.pk])
    before = client.get(url).content.decode()  # cached until something is published
    q1 = create_report(units.ea_kao, world.plan, commune_planner, period_kind="quarter", period=1, year=year)
    with django_capture_on_commit_callbacks(execute=True):
        approved(fill(q1, commune_planner, {road: (200 * M, 100 * M)}), commune_planner, commune_leader)
    after = client.get(url).content.decode()
    assert "200.000.000" not in before and "200.000.000" in after
