"""From the database to `sedp.core.value_chain` and back: the ranking of a plan's candidate products, the prices of
a chain's stages from the commune's observations, a product's price series, and the month's price bulletin.
Nothing here writes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sedp.core import ranking
from sedp.core import value_chain as vc

from .models import Candidate, ChainScoreSheet, PriceObservation, Stage, ValueChain

# --- ranking -----------------------------------------------------------------------------------------------------


@dataclass
class RankRow:
    candidate: Candidate
    entry: ranking.CombinedEntry

    @property
    def percent(self) -> Fraction:
        return self.entry.score * 100


@dataclass
class Ranking:
    candidates: dict[str, Candidate]
    combined: ranking.CombinedRanking
    sheets: list[ChainScoreSheet]

    @property
    def rows(self) -> list[RankRow]:
        return [RankRow(self.candidates[e.need_id], e) for e in self.combined.entries]

    def group_columns(self):
        """Each group's own order, best first, with the products on which men and women disagree marked."""
        disagree = {e.need_id for e in self.combined.entries if e.disagree}
        by_label = {s.label: s for s in self.sheets}
        return [
            (by_label[g.group], [(self.candidates[r.need_id], r, r.need_id in disagree) for r in g.entries])
            for g in self.combined.groups
        ]


def core_criteria(plan) -> list[vc.Criterion]:
    rows = list(plan.chain_criteria.all())
    return [c.as_core() for c in rows] if rows else list(vc.DEFAULT_CRITERIA)


def rank_plan(plan) -> Ranking | None:
    """The men's, women's and combined ranking of the plan's candidates (None without a sheet or a candidate)."""
    candidates = list(plan.chain_candidates.select_related("product"))
    sheets = list(plan.chain_sheets.prefetch_related("scores"))
    if not candidates or not sheets:
        return None
    keys = {c.pk: c.key for c in plan.chain_criteria.all()}
    codes = {c.pk: c.code for c in candidates}
    core_sheets = []
    for s in sheets:
        row: dict[str, dict[str, int]] = {}
        for score in s.scores.all():
            if score.criterion_id in keys and score.candidate_id in codes:
                row.setdefault(codes[score.candidate_id], {})[keys[score.criterion_id]] = score.value
        core_sheets.append(ranking.ScoreSheet(s.label, s.group, [row], s.scale_min, s.scale_max, s.members))
    combined = vc.rank_candidates(
        core_sheets, [ranking.Need(c.code, c.product.name) for c in candidates], core_criteria(plan)
    )
    return Ranking({c.code: c for c in candidates}, combined, sheets)


# --- prices of a chain's stages -------------------------------------------------------------------------------------


def _observations(unit, product, market=None, since: date | None = None, until: date | None = None):
    qs = PriceObservation.objects.filter(unit=unit, product=product).select_related("market")
    if market is not None:
        qs = qs.filter(market=market)
    if since is not None:
        qs = qs.filter(observed_on__gte=since)
    if until is not None:
        qs = qs.filter(observed_on__lte=until)
    return qs.order_by("observed_on", "id")


@dataclass
class StagePrice:
    price: Fraction | None = None
    count: int = 0  # observations used
    skipped: int = 0  # in a unit that cannot be compared
    dates: tuple[date, date] | None = None


def stage_prices(chain: ValueChain) -> dict[str, StagePrice]:
    """Each stage's price per the chain's unit of measure: the mean of the period's observations, or, without a
    period, the mean of the latest day's observations (one per market, say) of that stage."""
    out = {s: StagePrice() for s in Stage.values}
    by_stage: dict[str, list[tuple[date, Fraction]]] = defaultdict(list)
    for o in _observations(
        chain.plan.unit, chain.candidate.product, chain.market, chain.price_from, chain.price_to
    ):
        value = vc.per_unit(o.price, o.measure, chain.measure)
        if value is None:
            out[o.stage].skipped += 1
            continue
        by_stage[o.stage].append((o.observed_on, value))
    period = chain.price_from is not None or chain.price_to is not None
    for stage, items in by_stage.items():
        if not period:
            last = max(d for d, _v in items)
            items = [(d, v) for d, v in items if d == last]
        out[stage].price = vc.mean(v for _d, v in items)
        out[stage].count = len(items)
        out[stage].dates = (min(d for d, _v in items), max(d for d, _v in items))
    return out


@dataclass
class StageView:
    stage: str
    label: str
    result: vc.StageResult
    price: StagePrice
    actors: list = field(default_factory=list)
    constraints: str = ""
    opportunities: str = ""

    @property
    def price_text(self) -> str:
        return vc.vnd(self.result.price)

    @property
    def margin_text(self) -> str:
        return vc.vnd(self.result.margin)

    @property
    def share_text(self) -> str:
        return vc.percent(self.result.share)


def analyse_chain(chain: ValueChain) -> tuple[vc.Analysis, list[StageView]]:
    prices = stage_prices(chain)
    analysis = vc.analyse({s: p.price for s, p in prices.items()})
    notes = {n.stage: n for n in chain.stage_notes.all()}
    actors: dict[str, list] = defaultdict(list)
    for a in chain.actors.all():
        actors[a.stage].append(a)
    labels = dict(Stage.choices)
    views = []
    for r in analysis.stages:
        n = notes.get(r.stage)
        views.append(
            StageView(
                r.stage,
                str(labels[r.stage]),
                r,
                prices[r.stage],
                actors[r.stage],
                n.constraints if n else "",
                n.opportunities if n else "",
            )
        )
    return analysis, views


# --- series and bulletin -------------------------------------------------------------------------------------------


def series(unit, product, market, measure: str) -> dict[str, list[tuple[date, Fraction]]]:
    """Stage → [(date, price per `measure`)], oldest first (observations in units that cannot be compared left
    out)."""
    out: dict[str, list[tuple[date, Fraction]]] = defaultdict(list)
    for o in _observations(unit, product, market):
        value = vc.per_unit(o.price, o.measure, measure)
        if value is not None:
            out[o.stage].append((o.observed_on, value))
    return {s: out[s] for s in Stage.values if out.get(s)}


def month_bounds(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


@dataclass
class BulletinRow:
    product: str
    market: str
    stage: str
    stage_label: str
    measure: str
    price: int
    observed_on: date
    before: Fraction | None  # last month's latest, in this month's unit
    diff: Fraction | None
    rate: Fraction | None

    @property
    def price_text(self) -> str:
        return vc.vnd(self.price)

    @property
    def before_text(self) -> str:
        return vc.vnd(self.before)

    @property
    def diff_text(self) -> str:
        if self.diff is None:
            return "–"
        return ("+" if self.diff > 0 else "") + vc.vnd(self.diff)

    @property
    def rate_text(self) -> str:
        if self.rate is None:
            return "–"
        return ("+" if self.rate > 0 else "") + vc.percent(self.rate) + " %"

    @property
    def trend(self) -> str:
        if self.diff is None:
            return ""
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"


def bulletin(unit, year: int, month: int) -> list[BulletinRow]:
    """Each product's latest price this month per market and stage, beside last month's latest."""
    py, pm = previous_month(year, month)
    start = month_bounds(py, pm)[0]
    this_start, end = month_bounds(year, month)
    latest: dict[tuple[int, int, str], PriceObservation] = {}
    before: dict[tuple[int, int, str], PriceObservation] = {}
    qs = (
        PriceObservation.objects.filter(unit=unit, observed_on__gte=start, observed_on__lt=end)
        .select_related("product", "market")
        .order_by("observed_on", "id")
    )
    for o in qs:
        key = (o.product_id, o.market_id, o.stage)
        (latest if o.observed_on >= this_start else before)[key] = o  # the last one wins
    order = {s: i for i, s in enumerate(Stage.values)}
    labels = dict(Stage.choices)
    rows = []
    for key, o in latest.items():
        b = before.get(key)
        was = vc.per_unit(b.price, b.measure, o.measure) if b is not None else None
        diff, rate = vc.change(o.price, was)
        rows.append(
            BulletinRow(
                o.product.name,
                o.market.name,
                o.stage,
                str(labels[o.stage]),
                o.measure,
                o.price,
                o.observed_on,
                was,
                diff,
                rate,
            )
        )
    rows.sort(key=lambda r: (r.product.casefold(), r.market.casefold(), order[r.stage]))
    return rows
