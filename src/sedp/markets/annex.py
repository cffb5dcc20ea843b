"""The value-chain annex of a market-oriented plan, as plain data for the plan's documents (.docx, .pdf): the
ranking of the candidate products, each analysed chain's stages with price, margin, share and actors, its chain
map as SVG, and its upgrading activities. Always in Vietnamese: the annex is part of an official document. Figures
are already formatted (17.052.000; 41,3) so that every document prints them the same way."""

from __future__ import annotations

from django.utils import translation

from sedp.core import value_chain as vc

from . import analysis, charts
from .models import ValueChain


def _money(value) -> str:
    return "" if value is None else vc.vnd(value)


def _quarters(row) -> str:
    return ", ".join(("I", "II", "III", "IV")[q - 1] for q in row.quarters)


def value_chain_annex(plan) -> dict:
    """See `_annex`; always in Vietnamese, whatever the reader's language."""
    with translation.override("vi"):
        return _annex(plan)


def _annex(plan) -> dict:
    """{
        "title": str,
        "ranking": [{"code", "candidate", "men_rank", "women_rank", "combined_rank", "score", "disagree"}],
        "groups": [{"label", "kind", "members"}],
        "criteria": [{"name", "weight", "lower_is_better"}],
        "chains": [{"product", "measure", "prices", "stages": [{"stage", "price", "margin", "share", "actors",
                    "constraints", "opportunities"}], "map_svg", "supporters": [str], "activities": [{"title",
                    "quarters", "cost", "funding_source", "people_contribution", "business_contribution",
                    "responsible", "number"}], "indicators": [{"name", "unit", "baseline", "target"}]}],
    }
    Empty lists when the plan has no candidate, sheet or chain. Scores are out of 100, one decimal."""
    result = analysis.rank_plan(plan)
    ranking_rows = []
    if result is not None:
        for row in result.rows:
            e = row.entry
            ranking_rows.append(
                {
                    "code": row.candidate.code,
                    "candidate": row.candidate.product.name,
                    "men_rank": e.men_rank,
                    "women_rank": e.women_rank,
                    "combined_rank": e.position,
                    "score": vc.percent(e.score, 1),
                    "disagree": e.disagree,
                }
            )
    criteria = [
        {"name": c.label_vi, "weight": int(c.weight), "lower_is_better": c.lower_is_better}
        for c in analysis.core_criteria(plan)
    ]
    chains = []
    for chain in ValueChain.objects.filter(plan=plan).select_related(
        "candidate__product", "market", "plan__unit"
    ):
        _result, stages = analysis.analyse_chain(chain)
        if chain.price_from or chain.price_to:
            a = f"{chain.price_from:%d/%m/%Y}" if chain.price_from else "…"
            b = f"{chain.price_to:%d/%m/%Y}" if chain.price_to else "…"
            prices = f"Giá bình quân từ {a} đến {b}"
        else:
            prices = "Giá ghi nhận gần nhất"
        prices += f", {chain.market.name if chain.market else 'các chợ'}, đồng/{chain.measure}"
        chains.append(
            {
                "product": chain.candidate.product.name,
                "measure": chain.measure,
                "prices": prices,
                "stages": [
                    {
                        "stage": vc.STAGE_VI[s.stage],
                        "price": "" if s.result.price is None else vc.vnd(s.result.price),
                        "margin": "" if s.result.margin is None else vc.vnd(s.result.margin),
                        "share": "" if s.result.share is None else vc.percent(s.result.share),
                        "actors": "; ".join(
                            a.kind
                            + (f" ({a.count})" if a.count else "")
                            + (f", {a.households} hộ" if a.households else "")
                            + (
                                f", nữ {vc.percent(a.women_share / 100)}%"
                                if a.women_share is not None
                                else ""
                            )
                            for a in s.actors
                        ),
                        "constraints": s.constraints,
                        "opportunities": s.opportunities,
                    }
                    for s in stages
                ],
                "map_svg": charts.chain_map_svg(stages, chain.measure, "vi", per_row=charts.PRINT_PER_ROW),
                "supporters": [
                    f"{s.get_kind_display()}: {s.name}" + (f" — {s.support}" if s.support else "")
                    for s in chain.supporters.all()
                ],
                "activities": [
                    {
                        "title": a.title,
                        "quarters": _quarters(a),
                        "cost": _money(a.cost),
                        "funding_source": a.funding_source,
                        "people_contribution": _money(a.people_contribution),
                        "business_contribution": _money(a.business_contribution),
                        "responsible": a.responsible,
                        "number": a.activity.number if a.activity_id and a.activity else "",
                    }
                    for a in chain.activities.select_related("activity")
                ],
                "indicators": [
                    {
                        "name": i.name,
                        "unit": i.unit,
                        "baseline": "" if i.baseline is None else vc.number(i.baseline),
                        "target": "" if i.target is None else vc.number(i.target),
                    }
                    for i in chain.indicators.all()
                ],
            }
        )
    return {
        "title": "PHỤ LỤC: CƠ HỘI THỊ TRƯỜNG VÀ CHUỖI GIÁ TRỊ ƯU TIÊN",
        "ranking": ranking_rows,
        "groups": [
            {"label": s.label, "kind": s.group, "members": s.members}
            for s in (result.sheets if result else [])
        ],
        "criteria": criteria,
        "chains": chains,
    }
