"""The group-fair option, for any rule: each labelled group weighs the same, whatever its turnout.

With ``group_by="sex"`` and 1,334 women and 779 men voting, each woman weighs ``W/2/1334`` and each man
``W/2/779``, where ``W`` is the weight of all labelled voters (their number): both groups together still weigh as
much as before, but equally. Voters without a value for the label keep weight 1 (one blank among thousands must not
become a third of the electorate). The weights then enter every rule in the natural way: greedy and the process rule
count supporters by weight, MES gives each voter a share of the budget proportional to their weight, Phragmén
weighs loads.

:func:`group_reports` measures, per group, how satisfied its voters are with an outcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from ..model import Election, GroupReport


def group_weights(election: Election, key: str) -> list[Fraction]:
    """One per-voter weight per ballot group (see the module docstring)."""
    prof = election.profile
    if key not in prof.label_keys:
        raise ValueError(f"voters have no label {key!r} (read the file with labels=({key!r},))")
    ki = prof.label_keys.index(key)
    sizes: dict[str, int] = {}
    for g in prof.groups:
        lab = g.labels[ki]
        if lab is not None:
            sizes[lab] = sizes.get(lab, 0) + g.count
    labelled = sum(sizes.values())
    if not sizes:
        return [Fraction(1)] * len(prof.groups)
    per_group = Fraction(labelled, len(sizes))
    return [
        (per_group / sizes[g.labels[ki]]) if g.labels[ki] is not None else Fraction(1) for g in prof.groups
    ]


def group_reports(
    election: Election,
    keys: Iterable[str],
    funded: Iterable[int],
    weights: list[Fraction] | None = None,
) -> tuple[GroupReport, ...]:
    prof = election.profile
    chosen = set(funded)
    costs = [p.cost for p in election.projects]
    total_w = sum(((weights[i] if weights else 1) * g.count for i, g in enumerate(prof.groups)), Fraction(0))
    out: list[GroupReport] = []
    for key in keys:
        ki = prof.label_keys.index(key)
        acc: dict[str, list[Fraction]] = {}
        for i, g in enumerate(prof.groups):
            lab = g.labels[ki] if g.labels[ki] is not None else "?"
            a = acc.setdefault(lab, [Fraction(0)] * 5)  # voters, weight, with_funded, funded_share, money
            hit = [p for p in g.items if p in chosen]
            a[0] += g.count
            a[1] += g.count * (weights[i] if weights else 1)
            a[2] += g.count if hit else 0
            a[3] += g.count * Fraction(len(hit), len(g.items)) if g.items else 0
            a[4] += g.count * sum((costs[p] for p in hit), Fraction(0))
        for lab in sorted(acc):
            v, w, wf, fs, money = acc[lab]
            out.append(
                GroupReport(
                    key=key,
                    value=lab,
                    voters=int(v),
                    weight_share=w / total_w if total_w else Fraction(0),
                    with_funded=wf / v,
                    funded_share=fs / v,
                    money_per_voter=money / v,
                )
            )
    return tuple(out)
