"""A commune plan's value chains as the planning team works them on the pages: candidates scored by the men's and
the women's groups, the ranking side by side, a chain analysed from the commune's prices, its activities and
indicators carried into the logframe (once, whatever the number of clicks), and who may see and change all that."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from sedp.audit.models import AuditEntry
from sedp.core import value_chain as vc
from sedp.markets import actions
from sedp.markets.analysis import analyse_chain, bulletin, stage_prices
from sedp.markets.annex import value_chain_annex
from sedp.markets.models import Candidate, ChainIndicator, PriceObservation, UpgradingActivity, ValueChain
from sedp.plans.models import Activity, Indicator, Objective, Plan, Result


def _post(client, name, args, data=None, status=302):
    response = client.post(reverse(name, args=args), data or {})
    assert response.status_code == status, response.content.decode()[-2000:]
    return response


@pytest.fixture
def durian(units, commune_planner):
    """Durian prices of Ea Kao (a product the demo does not hold), per kg and per tạ, at two markets."""
    c = units.ea_kao
    for on, stage, market, measure, price in [
        (date(2027, 3, 1), "production", "Chợ A", "kg", 60_000),
        (date(2027, 3, 1), "production", "Chợ B", "kg", 64_000),
        (date(2027, 3, 1), "collection", "Chợ A", "tạ", 6_800_000),  # 68.000 per kg
        (date(2027, 3, 1), "retail", "Chợ A", "kg", 100_000),
        (date(2027, 2, 1), "production", "Chợ A", "kg", 50_000),  # older: not the latest
        (date(2027, 3, 1), "retail", "Chợ A", "quả", 250_000),  # per fruit: cannot be compared per kg
    ]:
        actions.add_price(
            c,
            actor=commune_planner,
            product="Sầu riêng",
            market=market,
            stage=stage,
            observed_on=on,
            measure=measure,
            price=price,
        )
    return c


def _score(client, sheet_pk, plan, table):
    cands = {c.product.name: c for c in plan.chain_candidates.select_related("product")}
    crits = list(plan.chain_criteria.all())
    data = {
        f"s{cands[name].pk}_{c.pk}": str(v)
        for name, scores in table.items()
        for c, v in zip(crits, scores, strict=True)
    }
    return client.post(reverse("markets:sheet_save", args=[sheet_pk]), data)


@pytest.mark.django_db
def test_from_prices_and_two_groups_scores_to_an_analysed_chain_in_the_logframe(
    client, plan, commune_planner, durian
):
    client.force_login(commune_planner)
    page = client.get(reverse("plans:commune", args=[plan.pk])).content.decode()
    assert reverse("markets:plan", args=[plan.pk]) in page  # the plan's tab
    for name in ("Sầu riêng", "Hồ tiêu", "Bơ"):
        _post(client, "markets:candidate_add", [plan.pk], {"product": name})
    assert _post(client, "markets:candidate_add", [plan.pk], {"product": " sầu  riêng "}, 422)
    _post(
        client,
        "markets:sheet_add",
        [plan.pk],
        {"group": "men", "label": "Nhóm nam", "members": 20, "scale_min": 1, "scale_max": 5},
    )
    _post(
        client,
        "markets:sheet_add",
        [plan.pk],
        {"group": "women", "label": "Nhóm nữ", "members": 9, "scale_min": 1, "scale_max": 5},
    )
    men, women = plan.chain_sheets.order_by("id")
    # Columns: poor households, income, policy, agro-ecology, environment, risk (low is better), women.
    response = _score(
        client,
        men.pk,
        plan,
        {"Sầu riêng": [5, 5, 4, 4, 3, 2, 3], "Hồ tiêu": [4, 4, 4, 4, 3, 3, 2], "Bơ": [2, 2, 3, 3, 3, 3, 2]},
    )
    assert response.status_code == 302
    bad = _score(
        client,
        women.pk,
        plan,
        {"Sầu riêng": [9, 4, 4, 4, 4, 2, 4], "Hồ tiêu": [2, 2, 3, 3, 3, 5, 1], "Bơ": [5, 4, 4, 4, 5, 1, 5]},
    )
    assert (
        bad.status_code == 422
        and "Sầu riêng" in bad.content.decode()
        and "ngoài thang 1–5" in bad.content.decode()
    )
    assert not women.scores.exists()  # nothing of the refused sheet was saved
    _score(
        client,
        women.pk,
        plan,
        {"Sầu riêng": [4, 4, 4, 4, 4, 2, 4], "Hồ tiêu": [2, 2, 3, 3, 3, 5, 1], "Bơ": [5, 4, 4, 4, 5, 1, 5]},
    )

    page = client.get(reverse("markets:plan", args=[plan.pk])).content.decode()
    assert "Nhóm nam" in page and "Nhóm nữ" in page and "Tổng hợp" in page
    assert (
        page.index('data-candidate="P1"')
        < page.index('data-candidate="P3"')
        < page.index('data-candidate="P2"')
    )

    durian_cand = Candidate.objects.get(plan=plan, product__name="Sầu riêng")
    _post(client, "markets:choose", [durian_cand.pk])
    _post(client, "markets:choose", [durian_cand.pk])  # twice: one chain
    chain = ValueChain.objects.get(plan=plan)

    # The latest prices per kg: farm gate the mean of both markets, collection from the price per tạ, retail per kg.
    prices = stage_prices(chain)
    assert prices["production"].price == 62_000 and prices["production"].count == 2
    assert prices["collection"].price == 68_000
    assert prices["retail"].price == 100_000 and prices["retail"].skipped == 1
    analysis, _stages = analyse_chain(chain)
    by = analysis.by_stage()
    assert (by["collection"].margin, by["retail"].margin) == (6_000, 32_000)
    assert by["production"].share == Fraction(62, 100)
    page = client.get(reverse("markets:chain", args=[chain.pk])).content.decode()
    assert "<svg" in page and "62.000" in page and "62" in page and "32.000" in page
    # A chosen period: the mean of the period instead of the latest day.
    _post(
        client,
        "markets:chain_update",
        [chain.pk],
        {"measure": "kg", "price_from": "01/02/2027", "price_to": "31/03/2027"},
    )
    assert stage_prices(ValueChain.objects.get(pk=chain.pk))["production"].price == Fraction(174_000, 3)

    _post(
        client,
        "markets:row_add",
        [chain.pk, "actor"],
        {
            "add-actor-stage": "collection",
            "add-actor-kind": "Thương lái",
            "add-actor-count": "4",
            "add-actor-women_share": "25",
        },
    )
    _post(
        client,
        "markets:row_add",
        [chain.pk, "supporter"],
        {"add-supporter-kind": "credit", "add-supporter-name": "Ngân hàng CSXH"},
    )
    _post(
        client,
        "markets:stage_notes",
        [chain.pk, "collection"],
        {"collection-constraints": "Bị ép giá", "collection-opportunities": "Bán chung"},
    )
    _post(
        client,
        "markets:row_add",
        [chain.pk, "activity"],
        {
            "add-activity-title": "Tập huấn kỹ thuật sầu riêng",
            "add-activity-quarters": ["1", "2"],
            "add-activity-cost": "17.052.000",
            "add-activity-funding_source": "Ngân sách xã",
            "add-activity-people_contribution": "2.000.000",
            "add-activity-business_contribution": "5.000.000",
            "add-activity-responsible": "Hội Nông dân",
        },
    )
    refused = _post(
        client,
        "markets:row_add",
        [chain.pk, "activity"],
        {"add-activity-title": "X", "add-activity-cost": "mười triệu"},
        422,
    )
    assert "“Kinh phí (đồng)”" in refused.content.decode()
    _post(
        client,
        "markets:row_add",
        [chain.pk, "indicator"],
        {
            "add-indicator-kind": "farm_gate",
            "add-indicator-name": "Giá bán tại vườn",
            "add-indicator-unit": "đ/kg",
            "add-indicator-baseline": "62.000",  # typed the Vietnamese way: dots between thousands
            "add-indicator-target": "70.000",
        },
    )
    ua = UpgradingActivity.objects.get(chain=chain)
    assert (ua.cost, ua.quarters, ua.business_contribution) == (17_052_000, [1, 2], 5_000_000)

    activities_before = Activity.objects.filter(plan=plan).count()
    _post(client, "markets:carry", [chain.pk])
    _post(client, "markets:carry", [chain.pk])  # again: nothing new
    assert Activity.objects.filter(plan=plan).count() == activities_before + 1
    act = Activity.objects.get(plan=plan, title="Tập huấn kỹ thuật sầu riêng")
    assert (act.cost, act.q1, act.q2, act.q3, act.contribution_value) == (
        17_052_000,
        True,
        True,
        False,
        2_000_000,
    )
    assert act.result.output.startswith("Chuỗi giá trị sầu riêng")
    assert act.result.objective.text == "Phát triển chuỗi giá trị sầu riêng theo định hướng thị trường"
    assert Objective.objects.filter(plan=plan, text__contains="sầu riêng").count() == 1
    assert Result.objects.filter(plan=plan, output__contains="sầu riêng").count() == 1
    ind = Indicator.objects.get(plan=plan, name="Giá bán tại vườn")
    assert (ind.result_id, ind.target) == (act.result_id, 70_000)
    assert ind.target_year == plan.year_to  # time-bound: the logframe's SMART check has nothing to say
    assert ChainIndicator.objects.get(chain=chain).indicator == ind
    assert ChainIndicator.objects.get(chain=chain).baseline == 62_000
    # Changed on the chain's page, carried again: the same activity is updated.
    _post(
        client,
        "markets:row_edit",
        [chain.pk, "activity", ua.pk],
        {
            f"activity-{ua.pk}-title": "Tập huấn kỹ thuật sầu riêng",
            f"activity-{ua.pk}-quarters": ["3"],
            f"activity-{ua.pk}-cost": "20.000.000",
            f"activity-{ua.pk}-people_contribution": "2.000.000",
            f"activity-{ua.pk}-business_contribution": "5.000.000",
        },
    )
    _post(client, "markets:carry", [chain.pk])
    act.refresh_from_db()
    assert (act.cost, act.q1, act.q3) == (20_000_000, False, True)
    assert Activity.objects.filter(plan=plan).count() == activities_before + 1
    logframe = client.get(reverse("plans:logframe", args=[plan.pk])).content.decode()
    assert "Tập huấn kỹ thuật sầu riêng" in logframe
    assert "Từ chuỗi giá trị Sầu riêng" in logframe
    carried = AuditEntry.objects.filter(action="markets.carry_into_plan", object_id=str(plan.pk))
    assert carried.count() == 2  # the first and the update; the empty re-run wrote nothing
    assert AuditEntry.objects.filter(action="plans.logframe.add_activity", object_id=str(plan.pk)).exists()

    annex = value_chain_annex(plan)
    assert [r["candidate"] for r in annex["ranking"]] == ["Sầu riêng", "Bơ", "Hồ tiêu"]
    assert annex["ranking"][0]["combined_rank"] == 1 and annex["ranking"][0]["men_rank"] == 1
    (c,) = annex["chains"]
    assert c["map_svg"].startswith("<svg") and "Thu gom" in c["map_svg"]
    assert [s["stage"] for s in c["stages"]][:3] == ["Đầu vào", "Sản xuất (giá tại vườn)", "Thu gom"]
    assert (
        c["activities"][0]["cost"] == "20.000.000"
        and c["activities"][0]["business_contribution"] == "5.000.000"
    )
    assert c["activities"][0]["number"] == act.number
    assert c["indicators"][0]["target"] == "70.000"


@pytest.mark.django_db
def test_outsiders_get_404_villages_read_and_an_adopted_plan_is_read_only(
    client, plan, commune_planner, village_head, outsider
):
    cand = actions.add_candidate(plan, actor=commune_planner, product="Cà phê")
    chain = actions.choose_chain(cand, actor=commune_planner)
    sheet = actions.add_sheet(plan, actor=commune_planner, group="women", label="Nhóm nữ")
    pages = [
        reverse("markets:plan", args=[plan.pk]),
        reverse("markets:chain", args=[chain.pk]),
        reverse("markets:sheet", args=[sheet.pk]),
    ]
    client.force_login(outsider)
    assert [client.get(u).status_code for u in pages] == [404, 404, 404]
    assert client.post(reverse("markets:carry", args=[chain.pk])).status_code == 404
    client.logout()
    assert [client.get(u).status_code for u in pages] == [404, 404, 404]  # a draft is not public
    client.force_login(village_head)  # villages read the commune's draft, as its logframe
    assert [client.get(u).status_code for u in pages] == [200, 200, 200]
    assert (
        client.post(reverse("markets:candidate_add", args=[plan.pk]), {"product": "Tiêu"}).status_code == 403
    )
    assert client.post(reverse("markets:carry", args=[chain.pk])).status_code == 403

    Plan.objects.filter(pk=plan.pk).update(state="adopted")
    client.force_login(commune_planner)
    page = client.get(reverse("markets:chain", args=[chain.pk])).content.decode()
    assert "Chỉ xem" in page and 'action="/markets/chains/' not in page
    response = client.post(reverse("markets:carry", args=[chain.pk]), follow=True)
    assert "không thể sửa nội dung nữa" in response.content.decode()
    assert not Activity.objects.filter(plan=plan, result__output__contains="cà phê").exists()
    client.post(reverse("markets:candidate_add", args=[plan.pk]), {"product": "Tiêu"})
    assert not Candidate.objects.filter(plan=plan, product__name="Tiêu").exists()
    client.logout()  # adopted: public
    assert client.get(pages[1]).status_code == 200


@pytest.mark.django_db
def test_prices_page_chart_and_bulletin(client, units, commune_planner, durian, outsider):
    c = units.ea_kao
    client.force_login(commune_planner)
    product = PriceObservation.objects.filter(unit=c, product__name="Sầu riêng").first().product
    page = client.get(reverse("markets:prices", args=[c.pk]) + f"?product={product.pk}").content.decode()
    assert "<svg" in page and "polyline" in page
    # A product id that cannot exist is ignored, as every filter of the project does: the first product's chart.
    beyond = client.get(reverse("markets:prices", args=[c.pk]) + "?product=99999999999999999999")
    assert beyond.status_code == 200 and "polyline" in beyond.content.decode()
    response = client.post(
        reverse("markets:price_add", args=[c.pk]),
        {
            "observed_on": "31/02/2027",
            "product": "Bơ",
            "market": "Chợ A",
            "stage": "retail",
            "measure": "kg",
            "price": "0",
        },
    )
    assert response.status_code == 422
    assert "31/02/2027" in response.content.decode()
    _post(
        client,
        "markets:price_add",
        [c.pk],
        {
            "observed_on": "02/03/2027",
            "product": "Bơ",
            "market": "Chợ A",
            "stage": "retail",
            "measure": "kg",
            "price": "45.000",
        },
    )
    assert AuditEntry.objects.filter(action="markets.add_price").exists()

    rows = bulletin(c, 2027, 3)
    durian_rows = [r for r in rows if r.product == "Sầu riêng"]
    farm_a = next(r for r in durian_rows if r.market == "Chợ A" and r.stage == "production")
    assert (farm_a.price, farm_a.before, farm_a.diff, farm_a.rate_text) == (60_000, 50_000, 10_000, "+20 %")
    collection = next(r for r in durian_rows if r.stage == "collection")
    assert collection.before is None and collection.diff_text == "–"
    page = client.get(reverse("markets:bulletin", args=[c.pk]) + "?month=2027-03").content.decode()
    assert "Sầu riêng" in page and "60.000" in page and "+20 %" in page
    wrong = client.get(reverse("markets:bulletin", args=[c.pk]) + "?month=2027-13")
    assert wrong.status_code == 400 and "2026-12" in wrong.content.decode()
    notice = client.get(reverse("markets:bulletin_notice", args=[c.pk]) + "?month=2027-03")
    text = notice.content.decode()
    assert notice.status_code == 200 and "BẢN TIN GIÁ CẢ THỊ TRƯỜNG THÁNG 3/2027" in text and "60.000" in text
    client.logout()  # prices are published to the villages
    assert client.get(reverse("markets:bulletin", args=[c.pk]) + "?month=2027-03").status_code == 200
    client.force_login(outsider)
    assert client.post(reverse("markets:price_add", args=[c.pk]), {}).status_code == 403


@pytest.mark.django_db
def test_the_pdf_notice(client, units, durian):
    response = client.get(reverse("markets:bulletin_pdf", args=[units.ea_kao.pk]) + "?month=2027-03")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_demo_chain_builds_on_a_draft_plan(plan, commune_planner):
    from sedp.demo.markets import build_chain

    build_chain(plan, commune_planner, date(2027, 5, 15))
    annex = value_chain_annex(plan)
    assert len(annex["ranking"]) == 3 and annex["chains"][0]["product"] == "Cà phê"
    assert any(r["disagree"] for r in annex["ranking"])
    assert Activity.objects.filter(plan=plan, from_value_chain__isnull=False).count() == 2
    stages = {s["stage"]: s for s in annex["chains"][0]["stages"]}
    assert stages["Bán lẻ"]["price"] and stages["Bán lẻ"]["share"]
    total = sum(
        (Fraction(s["margin"].replace(".", "")) for s in annex["chains"][0]["stages"] if s["margin"]),
        Fraction(0),
    )
    assert vc.vnd(total) == stages["Bán lẻ"]["price"]


def test_a_market_oriented_plan_prints_its_value_chains_in_an_annex(plan, commune_planner):
    """The .docx and the .pdf of a MOP-SEDP plan end with the ranking of the candidate products by the men's and the
    women's groups and the analysed chain (its map drawn in the .pdf, each stage's price, value added and share);
    an SEDP plan has no such annex."""
    import io

    import docx

    from sedp.demo.markets import build_chain
    from sedp.exports.documents import render_docx, render_html
    from sedp.plans.logframe import actions as lf
    from sedp.plans.models import Mode
    from sedp.plans.mop import set_mode

    build_chain(plan, commune_planner, date(2027, 5, 15))
    sedp_html = render_html(lf.to_core(Plan.objects.select_related("unit").get(pk=plan.pk)))
    assert "CHUỖI GIÁ TRỊ" not in sedp_html
    set_mode(plan, Mode.MOP, actor=commune_planner)
    core = lf.to_core(Plan.objects.select_related("unit").get(pk=plan.pk))
    annex = value_chain_annex(plan)
    html = render_html(core)
    assert "CƠ HỘI THỊ TRƯỜNG VÀ CHUỖI GIÁ TRỊ ƯU TIÊN" in html and "CHUỖI GIÁ TRỊ CÀ PHÊ" in html
    assert html.count('<div class="figure"><svg') == 1
    retail = next(s for s in annex["chains"][0]["stages"] if s["stage"] == "Bán lẻ")
    text = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(render_docx(core))).tables
        for row in table.rows
        for cell in row.cells
    )
    for r in annex["ranking"]:
        assert r["candidate"] in text
    assert retail["price"] in text and retail["share"] in text
