"""``sedp allocate FILE.pb --rule greedy|mes|mes-complete|phragmen|process [--group-by sex] [--json]``

Prints the selected project ids in natural order, one per line. ``--json`` prints instead an object with the
selection, every decision explained in Vietnamese and English, the use of each source and, with ``--group-by``, each
group's satisfaction.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from fractions import Fraction
from typing import Any

from .engine import RULES, allocate
from .explain import explain
from .model import natural_key
from .pabulib import read_pb
from .rules.process import PRIORITIES, ProcessOptions


def _num(x: Any) -> Any:
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    if isinstance(x, dict):
        return {k: _num(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_num(v) for v in x]
    return x


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="sedp allocate", description="Allocate a budget with a voting rule (Pabulib .pb)."
    )
    ap.add_argument("file", help="a Pabulib .pb file")
    ap.add_argument("--rule", choices=RULES, default="mes-complete")
    ap.add_argument("--group-by", metavar="LABEL", help="group-fair option on a voter column (e.g. sex)")
    ap.add_argument(
        "--json", action="store_true", help="print decisions, explanations and group satisfaction as JSON"
    )
    ap.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="language of the main explanation (default vi)"
    )
    ap.add_argument(
        "--cap", type=int, default=2, help="process rule: at most N funded activities per village"
    )
    ap.add_argument(
        "--village-key", default="village", help="process rule: project column naming the village"
    )
    ap.add_argument(
        "--priorities",
        default=",".join(PRIORITIES),
        help="process rule: comma-separated priorities in order (poverty, ethnic_minority, technical_service)",
    )
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    labels = (args.group_by,) if args.group_by else ()
    election = read_pb(args.file, labels=labels)
    if args.rule == "process" and args.village_key != "village":
        projects = tuple(
            dataclasses.replace(p, village=p.meta.get(args.village_key)) for p in election.projects
        )
        election = dataclasses.replace(election, projects=projects)
    opts = ProcessOptions(cap=args.cap, priorities=tuple(x for x in args.priorities.split(",") if x))
    outcome = allocate(election, args.rule, group_by=args.group_by, process_options=opts)
    if not args.json:
        for pid in outcome.selected_natural():
            print(pid)
        return 0
    decisions = []
    for pid in sorted(outcome.decisions, key=natural_key):
        d = outcome.decisions[pid]
        decisions.append(
            {
                "id": pid,
                "funded": d.funded,
                "reason": d.reason,
                "round": d.round,
                "explanation": explain(d, args.lang, outcome.unit),
                "explanation_vi": explain(d, "vi", outcome.unit),
                "explanation_en": explain(d, "en", outcome.unit),
                "sources": [[s, _num(a)] for s, a in d.sources],
                "figures": _num(dict(d.figures)),
            }
        )
    doc = {
        "rule": outcome.rule,
        "selected": outcome.selected_natural(),
        "selection_order": list(outcome.selected),
        "budget": _num(outcome.budget),
        "spent": _num(outcome.spent),
        "left": _num(outcome.left),
        "unit": outcome.unit,
        "details": _num(dict(outcome.details)),
        "sources": [
            {
                "id": s.id,
                "amount": _num(s.amount),
                "spent": _num(s.spent),
                "left": _num(s.left),
                "projects": [[p, _num(a)] for p, a in s.projects],
            }
            for s in outcome.sources
        ],
        "groups": [
            {
                "label": g.key,
                "value": g.value,
                "voters": g.voters,
                "weight_share": float(g.weight_share),
                "with_funded_project": float(g.with_funded),
                "funded_share": float(g.funded_share),
                "money_per_voter": float(g.money_per_voter),
            }
            for g in outcome.groups
        ],
        "decisions": decisions,
    }
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
