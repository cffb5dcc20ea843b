"""A commune plan's content as JSON, item by item: what a frozen draft version keeps and what diffs compare.

Each part of the plan is one item {"key", "kind", "label", "fields"}; the key is stable across versions
("activity:12"), so `sedp.core.consultation.diff` can say what was added, removed or changed, and a comment can
name the part it is about. Items come in the order a reader meets them: the plan as a whole, the key targets,
then per sector each objective with its indicators and results (each result followed by its indicators and
activities), the activities under no result, and last the fate of every village need.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch

from sedp.plans.models import Activity, Indicator, NeedLink, Plan

QUARTERS = ("I", "II", "III", "IV")


def _v(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _item(key: str, kind: str, label: str, **fields) -> dict:
    return {"key": key, "kind": kind, "label": label, "fields": {k: _v(v) for k, v in fields.items()}}


def _numbered(number: str, text: str) -> str:
    return f"{number}. {text}" if number else text


def _indicator(i: Indicator, parent: str) -> dict:
    return _item(
        f"indicator:{i.pk}",
        "indicator",
        i.name,
        parent=parent,
        name=i.name,
        unit=i.unit,
        baseline=i.baseline,
        target=i.target,
        direction=i.direction,
        verification=i.verification,
        target_year=i.target_year,
        target_date=i.target_date,
        statement=i.statement,
    )


def _activity(a: Activity) -> dict:
    return _item(
        f"activity:{a.pk}",
        "activity",
        _numbered(a.number, a.title),
        result=f"result:{a.result_id}" if a.result_id else None,
        sector=a.sector.name if a.sector_id else "",
        number=a.number,
        title=a.title,
        quarters=", ".join(QUARTERS[q - 1] for q in sorted(a.quarters)),
        responsible=a.responsible,
        cost=a.cost,
        funding_source=a.funding_source,
        people_contribution=a.people_contribution,
        contribution_value=a.contribution_value,
    )


def plan_content(plan: Plan) -> dict:
    """The plan as it stands, in seven queries whatever its size."""
    key_targets = list(plan.key_targets.all())
    objectives = list(plan.objectives.select_related("sector"))
    results = list(plan.results.all())
    indicators = list(plan.indicators.all())
    activities = list(plan.activities.select_related("sector"))
    links = list(
        NeedLink.objects.filter(plan=plan)
        .select_related("need__unit")
        .prefetch_related(Prefetch("activities", queryset=Activity.objects.only("id")))
        .order_by("need__unit__name", "need__code", "need_id")
    )

    def under(attr, pk):
        return [i for i in indicators if getattr(i, attr) == pk]

    items = [
        _item(
            "plan",
            "plan",
            plan.title,
            title=plan.title,
            total_budget=plan.total_budget,
            revenue=plan.revenue,
        )
    ]
    for kt in key_targets:
        items.append(_item(f"key_target:{kt.pk}", "key_target", kt.text, text=kt.text))
        items += [_indicator(i, f"key_target:{kt.pk}") for i in under("key_target_id", kt.pk)]
    placed: set[int] = set()
    for o in objectives:
        items.append(
            _item(
                f"objective:{o.pk}",
                "objective",
                _numbered(o.number, o.text),
                sector=o.sector.name if o.sector_id else "",
                number=o.number,
                text=o.text,
            )
        )
        items += [_indicator(i, f"objective:{o.pk}") for i in under("objective_id", o.pk)]
        for r in (r for r in results if r.objective_id == o.pk):
            items.append(
                _item(
                    f"result:{r.pk}",
                    "result",
                    _numbered(r.number, r.output),
                    objective=f"objective:{o.pk}",
                    number=r.number,
                    output=r.output,
                    budget_source=r.budget_source,
                    indicator_text=r.indicator_text,
                )
            )
            items += [_indicator(i, f"result:{r.pk}") for i in under("result_id", r.pk)]
            for a in activities:
                if a.result_id == r.pk:
                    items.append(_activity(a))
                    placed.add(a.pk)
    items += [_activity(a) for a in activities if a.pk not in placed]
    for link in links:
        need = link.need
        items.append(
            _item(
                f"need:{need.pk}",
                "need",
                f"{need.code}. {need.title} — {need.unit.name}"
                if need.code
                else f"{need.title} — {need.unit.name}",
                village=need.unit_id,
                village_name=need.unit.name,
                fate=link.fate,
                reason=link.reason,
                activities=sorted(f"activity:{a.pk}" for a in link.activities.all()),
                postponed_to=link.postponed_to,
                referred_to=link.referred_to,
            )
        )
    return {"schema": 1, "plan": plan.pk, "items": items}
