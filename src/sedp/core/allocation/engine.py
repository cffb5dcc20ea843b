"""``allocate``: run a rule on an election and return an explained, funded :class:`Outcome`."""

from __future__ import annotations

from collections.abc import Sequence

from ._num import Q, to_fraction
from .funding import Ledger
from .model import Decision, Election, Outcome
from .rules import greedy, mes, mes_completion_k, phragmen, process, run_mes
from .rules._common import RuleRun, prepare
from .rules.groupfair import group_reports, group_weights
from .rules.mes import _as_run
from .rules.process import ProcessOptions

RULES = ("greedy", "mes", "mes-complete", "phragmen", "process")


def allocate(
    election: Election,
    rule: str = "mes-complete",
    *,
    group_by: str | None = None,
    report_groups: Sequence[str] = (),
    process_options: ProcessOptions | None = None,
) -> Outcome:
    """Run ``rule`` (one of :data:`RULES`) on ``election``.

    ``group_by`` turns on the group-fair option for that voter label (each group weighs the same) and reports each
    group's satisfaction; ``report_groups`` only reports. Rules pay each activity's public cost (cost minus the
    people's contribution) from the sources it is eligible for (see :mod:`~sedp.core.allocation.funding`).
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; choose from {', '.join(RULES)}")
    weights = group_weights(election, group_by) if group_by else None
    prep = prepare(election, weights, costs=[p.public_cost for p in election.projects])
    ledger = Ledger(election, costs=prep.cost)
    total = ledger.total_left()
    details: dict[str, object] = {}
    if rule == "greedy":
        run = greedy(prep, ledger)
    elif rule == "phragmen":
        run = phragmen(prep, ledger)
    elif rule == "process":
        run = process(prep, ledger, process_options)
    else:
        if rule == "mes":
            run = mes(prep, total)
        else:
            k, _res, runs = mes_completion_k(prep, total)
            run = _as_run(prep, run_mes(prep, total, k, explain=True), total, k)
            details["completion_runs"] = runs
        run = _fund_in_order(prep.ids, run, ledger)
        if rule == "mes-complete":
            stage_one = list(run.selected)
            fill = greedy(prep, ledger, initial=stage_one, stage="completion", first_round=len(stage_one) + 1)
            for p, d in fill.decisions.items():
                if p not in run.decisions or not run.decisions[p].funded:
                    run.decisions[p] = _merge(run.decisions.get(p), d)
            run.selected.extend(fill.selected)
    details.update(run.details)
    decisions: dict[str, Decision] = {}
    for p, d in run.decisions.items():
        if d.funded:
            d = Decision(d.project_id, True, d.reason, d.round, d.figures, ledger.source_ids(p))
        decisions[d.project_id] = d
    keys = list(dict.fromkeys([*([group_by] if group_by else []), *report_groups]))
    return Outcome(
        rule=rule,
        selected=tuple(prep.ids[p] for p in run.selected),
        decisions=decisions,
        budget=to_fraction(total),
        spent=to_fraction(total - ledger.total_left()),
        unit=election.unit,
        sources=ledger.reports(prep.ids),
        groups=group_reports(election, keys, run.selected, weights) if keys else (),
        details=details,
    )


def _merge(first: Decision | None, later: Decision) -> Decision:
    """A project MES left out and the completion then judged: keep both stories."""
    if first is None:
        return later
    figures = dict(later.figures)
    figures["mes"] = {"reason": first.reason, **dict(first.figures)}
    return Decision(later.project_id, later.funded, later.reason, later.round, figures)


def _fund_in_order(ids: list[str], run: RuleRun, ledger: Ledger) -> RuleRun:
    """Charge the projects a rule selected to the sources, in selection order; drop what no source can pay."""
    kept: list[int] = []
    for p in run.selected:
        left = ledger.available(p)
        if ledger.fund(p) is not None:
            kept.append(p)
        else:
            run.decisions[p] = Decision(
                ids[p],
                False,
                "no_source",
                run.decisions[p].round,
                {
                    **dict(run.decisions[p].figures),
                    "left": to_fraction(left),
                    "cost": to_fraction(Q(ledger.costs[p])),
                },
            )
    run.selected = kept
    return run
