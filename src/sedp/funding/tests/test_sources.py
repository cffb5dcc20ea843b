"""The year's funding sources of a unit: the officer lists, adds, edits and deletes them with every rule; bad input
comes back in Vietnamese naming the field; who may see and change them."""

import re

import pytest
from django.test import Client

from sedp.core.runs import RunRecord
from sedp.funding import actions
from sedp.funding.models import FundingSource
from sedp.needs.models import Sector

from . import world

pytestmark = pytest.mark.django_db


def url(unit, year=world.YEAR):
    return f"/funding/unit/{unit.pk}/{year}/"


def test_an_officer_adds_a_source_with_every_rule_and_sees_it_listed_with_the_total(officer, units):
    sector = Sector.objects.filter(unit__isnull=True).first()
    commune = units.ea_kao
    response = officer.post(
        url(units.daklak) + "new/",
        {
            "kind": "ntp_rural",
            "name": "",
            "amount": "1.500.000.000",
            "sectors": [sector.pk],
            "activity_type": "construction",
            "earmarked_units": [commune.pk],
            "targets_poverty": "on",
            "min_per_activity": "10.000.000",
            "max_per_activity": "500.000.000 đ",
            "counterpart_percent": "12,5",
            "priority": "",
            "note": "Quyết định 123/QĐ-UBND",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    source = FundingSource.objects.get(unit=units.daklak, year=world.YEAR)
    assert source.amount == 1_500_000_000 and source.max_per_activity == 500_000_000
    assert str(source.counterpart_percent) == "12.50" and source.targets_poverty
    assert list(source.sectors.all()) == [sector] and list(source.earmarked_units.all()) == [commune]
    FundingSource.objects.create(unit=units.daklak, year=world.YEAR, kind="recurrent", amount=300_000_000)
    html = officer.get(url(units.daklak), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Chương trình mục tiêu quốc gia xây dựng nông thôn mới" in html and "1.500.000.000 đ" in html
    total = re.search(r"<tfoot>.*?</tfoot>", html, re.S).group(0)
    assert "1.800.000.000 đ" in total
    assert "12,5 %" in html and "Xã Ea Kao" in html or "Ea Kao" in html
    # The core reads the rules as typed.
    from sedp.funding.inputs import core_sources

    core = core_sources([source])[0]
    assert core.counterpart_share * 100 == 12.5 and core.units == {str(commune.pk)}
    assert core.activity_types == {"construction"} and core.targeting == {"poverty"}
    # Edit: the form shows the amounts as typed, with dots.
    edit = officer.get(f"/funding/source/{source.pk}/").content.decode()
    assert 'value="1.500.000.000"' in edit and 'value="12,5"' in edit
    response = officer.post(
        f"/funding/source/{source.pk}/",
        {"kind": "ntp_rural", "amount": "2000000000", "counterpart_percent": "10"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.amount == 2_000_000_000 and source.max_per_activity is None
    # Delete.
    assert officer.post(f"/funding/source/{source.pk}/delete/").status_code == 302
    assert not FundingSource.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "một tỷ"}, "“số tiền (đồng)”: hãy nhập số tiền bằng đồng"),
        ({"amount": ""}, "Cần nhập “số tiền (đồng)”"),
        ({"amount": "0"}, "lớn hơn 0 đồng"),
        ({"counterpart_percent": "150"}, "nhập tỷ lệ từ 0 đến 100"),
        ({"min_per_activity": "50.000.000", "max_per_activity": "10.000.000"}, "không được nhỏ hơn"),
        ({"min_per_activity": "5.000.000.000"}, "lớn hơn toàn bộ số tiền"),
        ({"priority": "abc"}, "nhập số nguyên từ 1 đến 99"),
    ],
)
def test_a_bad_source_comes_back_in_vietnamese_naming_the_field(officer, units, data, message):
    form = {"kind": "investment", "amount": "1.000.000.000", **data}
    response = officer.post(url(units.daklak) + "new/", form, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FundingSource.objects.filter(unit=units.daklak, year=world.YEAR).exists()


def test_a_source_that_pays_an_applied_run_cannot_be_deleted(example, officer, province_officer):
    run = actions.run_integration(example.plan, actor=province_officer)
    actions.apply_run(run, actor=province_officer)
    response = officer.post(
        f"/funding/source/{example.rural.pk}/delete/", HTTP_ACCEPT_LANGUAGE="vi", follow=True
    )
    assert FundingSource.objects.filter(pk=example.rural.pk).exists()
    assert "đang chi cho hoạt động" in response.content.decode()


def test_a_commune_planner_reads_the_province_sources_but_may_not_change_them(example, commune_planner):
    client = Client()
    client.force_login(commune_planner)
    assert client.get(url(example.plan.unit)).status_code == 200
    assert client.get(url(example.plan.unit) + "new/").status_code == 403
    assert client.post(url(example.plan.unit) + "new/", {"kind": "oda", "amount": "1"}).status_code == 403
    assert client.get(f"/funding/source/{example.rural.pk}/").status_code == 403
    assert client.post(f"/funding/source/{example.rural.pk}/delete/").status_code == 403
    # Nor run, change or apply the province's integration.
    assert client.post(f"/funding/plan/{example.plan.pk}/run/").status_code == 403
    run = actions.run_integration(example.plan, actor=None)
    assert client.post(f"/funding/run/{run.pk}/apply/").status_code in (403, 404)
    assert client.get(f"/funding/run/{run.pk}/activity/{example.hall.pk}/").status_code in (403, 404)


def test_an_outsider_finds_nothing(example, outsider):
    client = Client()
    client.force_login(outsider)
    run = actions.run_integration(example.plan, actor=None)
    for path in (
        url(example.plan.unit),
        url(example.plan.unit) + "new/",
        f"/funding/source/{example.rural.pk}/",
        f"/funding/source/{example.rural.pk}/delete/",
        f"/funding/plan/{example.plan.pk}/",
        f"/funding/plan/{example.plan.pk}/compare/",
        f"/funding/run/{run.pk}/activity/{example.hall.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/funding/plan/{example.plan.pk}/run/").status_code == 404
    assert client.post(f"/funding/run/{run.pk}/apply/").status_code == 404
    assert Client().get(url(example.plan.unit)).status_code == 302  # anonymous: sign in first


def test_the_integration_page_costs_the_same_queries_for_one_commune_or_many_villages(
    example, officer, province_officer, units, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actions.run_integration(example.plan, actor=province_officer)
    with CaptureQueriesContext(connection) as small:
        assert officer.get(f"/funding/plan/{example.plan.pk}/").status_code == 200
    # Every other village of Ea Kao asks for two activities, and a commune-wide one.
    rows = []
    for village in units.ea_kao.children.exclude(name__in=["Buôn Ea Kmát", "Buôn Kô Tam", "Thôn 3"]):
        rows += [
            (village.name, 1, f"Đường nội thôn {village.name}", "construction", 80_000_000, 8_000_000),
            (village.name, 2, f"Tập huấn {village.name}", "service", 20_000_000, 0),
        ]
    rows.append(("", 0, "Chợ xã", "construction", 300_000_000, 0))
    world.commune_plan(units.ea_kao, rows, start=100, plan=example.commune_plan)
    actions.run_integration(example.plan, actor=province_officer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = officer.get(f"/funding/plan/{example.plan.pk}/").content.decode()
    assert "Chợ xã" in html
    record = RunRecord.from_json(example.plan.integration_runs.get(number=2).record)
    assert len(record.activities) > 10
