"""Every write of market information and value chains: atomic, audited (`sedp.audit`), refusing bad input with a
message naming the field. Writes under a plan lock the plan row and are refused once the plan has left the
editable states, as the logframe's are (`sedp.plans.logframe.actions`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sedp.audit.actions import record, snapshot
from sedp.audit.guards import submitted
from sedp.core import value_chain as vc
from sedp.places.models import Unit
from sedp.plans.logframe import actions as lf
from sedp.plans.models import Activity, Indicator, Objective, Plan, Result

from .models import (
    MAX_PRICE,
    Candidate,
    ChainCriterion,
    ChainIndicator,
    ChainScore,
    ChainScoreSheet,
    ChainStage,
    GroupKind,
    Market,
    Measure,
    PriceObservation,
    Product,
    Stage,
    UpgradingActivity,
    ValueChain,
)

# --- names ------------------------------------------------------------------------------------------------------


def clean_name(text: str, field: str, label: str, max_length: int = 100) -> str:
    name = " ".join(unicodedata.normalize("NFC", text or "").split())
    if not name:
        raise ValidationError({field: _("“%(field)s” is required.") % {"field": label}})
    if len(name) > max_length or any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise ValidationError(
            {field: _("“%(field)s” is too long or holds characters that are not text.") % {"field": label}}
        )
    return name


def product_named(unit, name: str) -> Product:
    name = clean_name(name, "product", _("Product"))
    found = Product.objects.filter(unit=unit, name__iexact=name).first()
    return found or Product.objects.create(unit=unit, name=name)


def market_named(unit, name: str) -> Market:
    name = clean_name(name, "market", _("Market"))
    found = Market.objects.filter(unit=unit, name__iexact=name).first()
    return found or Market.objects.create(unit=unit, name=name)


# --- prices -----------------------------------------------------------------------------------------------------

PRICE_FIELDS = ["product_id", "market_id", "stage", "observed_on", "measure", "price", "source"]


def check_price(price) -> int:
    if isinstance(price, bool) or not isinstance(price, int) or not 0 < price <= MAX_PRICE:
        raise ValidationError(
            {
                "price": _(
                    "“Price”: enter an amount in đồng greater than 0, e.g. 45.000 (at most 1.000.000.000.000)."
                )
            }
        )
    return price


@transaction.atomic
def add_price(
    unit,
    *,
    actor,
    product: str,
    market: str,
    stage: str,
    observed_on: date,
    measure: str,
    price: int,
    source: str = "",
    submission: str = "",
) -> PriceObservation:
    """A price observed. `submission`: the one-time token of the form it comes from; the same form sent again
    (a double tap on a slow line) returns the price it recorded instead of recording it twice."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # a second sending waits for the first
    if (done := submitted("markets.add_price", submission)) is not None:
        found = PriceObservation.objects.filter(pk=done.object_id).first()
        if found is not None:
            return found
    if stage not in Stage.values:
        raise ValidationError({"stage": _("“Stage”: choose one of the stages of the chain.")})
    if measure not in Measure.values:
        raise ValidationError({"measure": _("“Unit of measure”: choose one of the units.")})
    row = PriceObservation(
        unit=unit,
        product=product_named(unit, product),
        market=market_named(unit, market),
        stage=stage,
        observed_on=observed_on,
        measure=measure,
        price=check_price(price),
        source=" ".join((source or "").split())[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    row.save()
    after = snapshot(row, ["pk", *PRICE_FIELDS])
    record(actor, "markets.add_price", row, after={**after, "form": submission} if submission else after)
    return row


@transaction.atomic
def delete_price(row: PriceObservation, *, actor) -> None:
    record(actor, "markets.delete_price", row, before=snapshot(row, ["pk", *PRICE_FIELDS]))
    row.delete()


@transaction.atomic
def save_prices(unit, rows: list[dict], *, actor, filename: str) -> int:
    """The rows of an import, checked already: all saved, or none."""
    products: dict[str, Product] = {}
    markets: dict[str, Market] = {}
    made = []
    for values in rows:
        pkey, mkey = values["product"].casefold(), values["market"].casefold()
        if pkey not in products:
            products[pkey] = product_named(unit, values["product"])
        if mkey not in markets:
            markets[mkey] = market_named(unit, values["market"])
        made.append(
            PriceObservation(
                unit=unit,
                product=products[pkey],
                market=markets[mkey],
                stage=values["stage"],
                observed_on=values["observed_on"],
                measure=values["measure"],
                price=check_price(values["price"]),
                source=values.get("source", ""),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    PriceObservation.objects.bulk_create(made)
    record(
        actor,
        "markets.import_prices",
        unit,
        after={"file": filename, "rows": len(made)},
    )
    return len(made)


# --- the plan's value chains -------------------------------------------------------------------------------------


def editable_plan(plan: Plan) -> Plan:
    """The plan row, locked for the transaction, checked to be still editable (as the logframe's actions do)."""
    fresh = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    lf.refuse_unless_editable(fresh)
    return fresh


def criteria_of(plan: Plan) -> list[ChainCriterion]:
    """The plan's criteria, the defaults written on first use."""
    rows = list(plan.chain_criteria.all())
    if rows:
        return rows
    for order, c in enumerate(vc.DEFAULT_CRITERIA, start=1):
        rows.append(
            ChainCriterion.objects.create(
                plan=plan,
                key=c.key,
                name=c.label_vi,
                weight=int(c.weight),
                lower_is_better=c.lower_is_better,
                order=order,
            )
        )
    return rows


@transaction.atomic
def set_weights(plan: Plan, *, actor, weights: Mapping[int, int]) -> None:
    plan = editable_plan(plan)
    rows = criteria_of(plan)
    before = {c.key: c.weight for c in rows}
    for c in rows:
        if c.pk in weights:
            w = weights[c.pk]
            if isinstance(w, bool) or not isinstance(w, int) or not 0 <= w <= 100:
                raise ValidationError(
                    {
                        f"w{c.pk}": _("“%(name)s”: a weight is a whole number from 0 to 100.")
                        % {"name": c.name}
                    }
                )
            c.weight = w
    if not any(c.weight for c in rows):
        raise ValidationError(_("At least one criterion needs a weight above 0."))
    for c in rows:
        c.save(update_fields=["weight"])
    record(actor, "markets.set_weights", plan, before=before, after={c.key: c.weight for c in rows})


@transaction.atomic
def add_candidate(plan: Plan, *, actor, product: str, note: str = "") -> Candidate:
    plan = editable_plan(plan)
    criteria_of(plan)
    prod = product_named(plan.unit, product)
    if plan.chain_candidates.filter(product=prod).exists():
        raise ValidationError({"product": _("“%(name)s” is already a candidate.") % {"name": prod.name}})
    numbers = [int(c[1:]) for c in plan.chain_candidates.values_list("code", flat=True) if c[1:].isdigit()]
    row = Candidate.objects.create(
        plan=plan,
        product=prod,
        code=f"P{max(numbers, default=0) + 1}",
        note=" ".join((note or "").split())[:300],
    )
    record(actor, "markets.add_candidate", plan, after={"pk": row.pk, "code": row.code, "product": prod.name})
    return row


@transaction.atomic
def remove_candidate(row: Candidate, *, actor) -> None:
    plan = editable_plan(row.plan)
    if ValueChain.objects.filter(candidate=row).exists():
        raise ValidationError(_("This product's chain is being analysed: remove the chain first."))
    record(
        actor,
        "markets.remove_candidate",
        plan,
        before={"pk": row.pk, "code": row.code, "product": str(row.product)},
    )
    row.delete()


@transaction.atomic
def add_sheet(
    plan: Plan,
    *,
    actor,
    group: str,
    label: str,
    members: int | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
) -> ChainScoreSheet:
    plan = editable_plan(plan)
    criteria_of(plan)
    if group not in GroupKind.values:
        raise ValidationError({"group": _("“Group”: choose the men's, the women's or another group.")})
    label = clean_name(label, "label", _("Name of the group"))
    if plan.chain_sheets.filter(label__iexact=label).exists():
        raise ValidationError({"label": _("A group named “%(name)s” already has a sheet.") % {"name": label}})
    if not (isinstance(scale_min, int) and isinstance(scale_max, int) and 0 <= scale_min < scale_max <= 100):
        raise ValidationError(
            {"scale_max": _("The highest score must be above the lowest (scores from 0 to 100).")}
        )
    row = ChainScoreSheet.objects.create(
        plan=plan, group=group, label=label, members=members, scale_min=scale_min, scale_max=scale_max
    )
    record(
        actor,
        "markets.add_sheet",
        plan,
        after=snapshot(row, ["pk", "group", "label", "members", "scale_min", "scale_max"]),
    )
    return row


@transaction.atomic
def delete_sheet(row: ChainScoreSheet, *, actor) -> None:
    plan = editable_plan(row.plan)
    record(actor, "markets.delete_sheet", plan, before={"pk": row.pk, "label": row.label})
    row.delete()


@transaction.atomic
def save_scores(sheet: ChainScoreSheet, *, actor, values: Mapping[tuple[int, int], int | None]) -> None:
    """values: (candidate pk, criterion pk) → score on the sheet's scale, or None to clear it."""
    plan = editable_plan(sheet.plan)
    candidates = {c.pk: c for c in plan.chain_candidates.select_related("product")}
    criteria = {c.pk: c for c in criteria_of(plan)}
    errors = []
    for (cand, crit), value in values.items():
        if cand not in candidates or crit not in criteria:
            raise ValidationError(_("This belongs to another plan."))
        if value is not None and not sheet.scale_min <= value <= sheet.scale_max:
            errors.append(
                _("“%(product)s”, “%(criterion)s”: %(value)s is outside the scale %(lo)s–%(hi)s.")
                % {
                    "product": candidates[cand].product.name,
                    "criterion": criteria[crit].name,
                    "value": value,
                    "lo": sheet.scale_min,
                    "hi": sheet.scale_max,
                }
            )
    if errors:
        raise ValidationError(errors)
    existing = {(s.candidate_id, s.criterion_id): s for s in sheet.scores.all()}
    before = {f"{k[0]}-{k[1]}": s.value for k, s in existing.items()}
    for key, value in values.items():
        row = existing.get(key)
        if value is None:
            if row is not None:
                row.delete()
        elif row is None:
            ChainScore.objects.create(sheet=sheet, candidate_id=key[0], criterion_id=key[1], value=value)
        elif row.value != value:
            row.value = value
            row.save(update_fields=["value"])
    after = {f"{k[0]}-{k[1]}": v for k, v in values.items() if v is not None}
    record(actor, "markets.save_scores", sheet.plan, object_repr=sheet.label, before=before, after=after)


# --- chains ------------------------------------------------------------------------------------------------------

CHAIN_FIELDS = ["measure", "price_from", "price_to", "market_id"]


@transaction.atomic
def choose_chain(candidate: Candidate, *, actor) -> ValueChain:
    """The candidate's chain, chosen for analysis (again: the same chain)."""
    plan = editable_plan(candidate.plan)
    chain = ValueChain.objects.filter(candidate=candidate).first()
    if chain is not None:
        return chain
    chain = ValueChain.objects.create(plan=plan, candidate=candidate)
    record(actor, "markets.choose_chain", plan, after={"pk": chain.pk, "product": str(candidate.product)})
    return chain


@transaction.atomic
def update_chain(
    chain: ValueChain, *, actor, measure: str, price_from=None, price_to=None, market=None
) -> ValueChain:
    plan = editable_plan(chain.plan)
    if measure not in Measure.values:
        raise ValidationError({"measure": _("“Unit of measure”: choose one of the units.")})
    if price_from and price_to and price_from > price_to:
        raise ValidationError({"price_to": _("“Prices to” is before “Prices from”.")})
    if market is not None and market.unit_id != plan.unit_id:
        raise ValidationError({"market": _("This belongs to another unit.")})
    before = snapshot(chain, CHAIN_FIELDS)
    chain.measure, chain.price_from, chain.price_to, chain.market = measure, price_from, price_to, market
    chain.save(update_fields=["measure", "price_from", "price_to", "market"])
    record(
        actor,
        "markets.update_chain",
        plan,
        object_repr=str(chain),
        before=before,
        after=snapshot(chain, CHAIN_FIELDS),
    )
    return chain


@transaction.atomic
def delete_chain(chain: ValueChain, *, actor) -> None:
    plan = editable_plan(chain.plan)
    record(actor, "markets.delete_chain", plan, before={"pk": chain.pk, "product": str(chain.product)})
    chain.delete()


@transaction.atomic
def save_stage_notes(
    chain: ValueChain, *, actor, stage: str, constraints: str, opportunities: str
) -> ChainStage:
    plan = editable_plan(chain.plan)
    if stage not in Stage.values:
        raise ValidationError({"stage": _("“Stage”: choose one of the stages of the chain.")})
    row, _created = ChainStage.objects.get_or_create(chain=chain, stage=stage)
    before = snapshot(row, ["stage", "constraints", "opportunities"])
    row.constraints, row.opportunities = (constraints or "").strip(), (opportunities or "").strip()
    row.save()
    record(
        actor,
        "markets.stage_notes",
        plan,
        object_repr=str(chain),
        before=before,
        after=snapshot(row, ["stage", "constraints", "opportunities"]),
    )
    return row


def _row_snapshot(row) -> dict:
    fields = [f.attname for f in row._meta.concrete_fields if f.attname not in ("id", "chain_id")]
    return {
        k: str(v) if isinstance(v, Decimal | date) else v for k, v in snapshot(row, ["pk", *fields]).items()
    }


@transaction.atomic
def save_row(row, *, actor):
    """Add or change an actor, supporter, upgrading activity or indicator of a chain (a model form's instance,
    already validated)."""
    plan = editable_plan(row.chain.plan)
    kind = row._meta.model_name
    before = None
    if row.pk:
        before = _row_snapshot(type(row).objects.get(pk=row.pk))
    elif hasattr(row, "order"):
        row.order = (type(row).objects.filter(chain=row.chain).aggregate(m=Max("order"))["m"] or 0) + 1
    row.save()
    record(
        actor,
        f"markets.{'update' if before else 'add'}_{kind}",
        plan,
        object_repr=str(row)[:255],
        before=before,
        after=_row_snapshot(row),
    )
    return row


@transaction.atomic
def delete_row(row, *, actor) -> None:
    plan = editable_plan(row.chain.plan)
    record(
        actor,
        f"markets.delete_{row._meta.model_name}",
        plan,
        object_repr=str(row)[:255],
        before=_row_snapshot(row),
    )
    row.delete()


# --- into the plan -----------------------------------------------------------------------------------------------


def objective_text(product: str) -> str:
    return f"Phát triển chuỗi giá trị {product.lower()} theo định hướng thị trường"


def result_text(product: str) -> str:
    return f"Chuỗi giá trị {product.lower()} được nâng cấp, người dân bán được nhiều hơn với giá tốt hơn"


def _sources(activities: Iterable[UpgradingActivity]) -> str:
    seen: list[str] = []
    for a in activities:
        if a.funding_source and a.funding_source not in seen:
            seen.append(a.funding_source)
    return ", ".join(seen)


def _activity_fields(ua: UpgradingActivity, result: Result) -> dict:
    return {
        "result": result,
        "sector": None,
        "title": ua.title,
        "quarters": ua.quarters,
        "responsible": ua.responsible,
        "cost": ua.cost,
        "funding_source": ua.funding_source,
        "people_contribution": "",
        "contribution_value": ua.people_contribution,
        "business_contribution_value": ua.business_contribution,
    }


def _same_activity(a: Activity, fields: dict) -> bool:
    return (
        a.result_id == fields["result"].pk
        and a.title == fields["title"].strip()
        and sorted(a.quarters) == sorted(fields["quarters"])
        and a.responsible == (fields["responsible"] or "").strip()
        and a.cost == fields["cost"]
        and a.funding_source == (fields["funding_source"] or "").strip()
        and a.contribution_value == fields["contribution_value"]
        and a.business_contribution_value == fields["business_contribution_value"]
    )


def _indicator_fields(ci: ChainIndicator) -> dict:
    return {"name": ci.name, "unit": ci.unit, "baseline": ci.baseline, "target": ci.target}


def _same_indicator(i: Indicator, result: Result, fields: dict) -> bool:
    return (
        i.result_id == result.pk
        and i.name == fields["name"].strip()
        and i.unit == (fields["unit"] or "").strip()
        and i.baseline == fields["baseline"]
        and i.target == fields["target"]
    )


@transaction.atomic
def carry_into_plan(chain: ValueChain, *, actor) -> dict:
    """The chain's upgrading activities and indicators into the plan's logframe, under an objective and a result
    of the chain (made if missing). Each row remembers what it became, so running it again updates those rows
    rather than adding new ones; nothing is written when nothing changed. Returns the counts."""
    plan = editable_plan(chain.plan)
    chain = ValueChain.objects.select_for_update().select_related("candidate__product").get(pk=chain.pk)
    name = chain.candidate.product.name
    counts = {
        "objective": 0,
        "result": 0,
        "activities_added": 0,
        "activities_updated": 0,
        "indicators_added": 0,
        "indicators_updated": 0,
    }
    activities = list(chain.activities.select_related("activity"))
    indicators = list(chain.indicators.select_related("indicator"))
    objective = Objective.objects.filter(pk=chain.objective_id, plan=plan).first()
    if objective is None:
        objective = lf.add_objective(plan, actor=actor, text=objective_text(name))
        counts["objective"] = 1
    result = Result.objects.filter(pk=chain.result_id, plan=plan).first()
    if result is None:
        result = lf.add_result(
            plan,
            actor=actor,
            objective=objective,
            output=result_text(name),
            budget_source=_sources(activities),
        )
        counts["result"] = 1
    if (chain.objective_id, chain.result_id) != (objective.pk, result.pk):
        chain.objective, chain.result = objective, result
        chain.save(update_fields=["objective", "result"])
    for ua in activities:
        fields = _activity_fields(ua, result)
        current = Activity.objects.filter(pk=ua.activity_id, plan=plan).first()
        if current is None:
            ua.activity = lf.add_activity(plan, actor=actor, **fields)
            ua.save(update_fields=["activity"])
            counts["activities_added"] += 1
        elif not _same_activity(current, fields):
            lf.update_activity(current, actor=actor, **fields)
            counts["activities_updated"] += 1
    for ci in indicators:
        fields = _indicator_fields(ci)
        current = Indicator.objects.filter(pk=ci.indicator_id, plan=plan).first()
        if current is None:
            # Time-bound (SMART): by the end of the plan's year unless the planners set another deadline.
            ci.indicator = lf.add_indicator(
                plan, actor=actor, parent=result, target_year=plan.year_to, **fields
            )
            ci.save(update_fields=["indicator"])
            counts["indicators_added"] += 1
        elif not _same_indicator(current, result, fields):
            lf.update_indicator(
                current,
                actor=actor,
                parent=result,
                direction=current.direction,
                verification=current.verification,
                target_year=current.target_year or (None if current.target_date else plan.year_to),
                target_date=current.target_date,
                statement=current.statement,
                **fields,
            )
            counts["indicators_updated"] += 1
    if any(counts.values()):
        record(actor, "markets.carry_into_plan", plan, object_repr=name, after={"chain": chain.pk, **counts})
    return counts
