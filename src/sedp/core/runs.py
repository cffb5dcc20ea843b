"""Overrides, run records and comparisons of funding integrations.

* An **override** (:class:`Override`) is an officer's decision on top of the engine's outcome — fund an activity
  from a source, unfund it, or move it to another source — always with a reason. :func:`apply_overrides` applies
  them in order and re-checks each against the money left and the source's eligibility: one that would overspend
  a source or break its rules is **refused and reported** (:class:`Applied`), never silently accepted.
* A **run** (:class:`RunRecord`) keeps everything needed to defend an outcome later: the inputs (sources,
  activities), the rule and its options, the engine's outcome, the overrides and what became of each, the final
  outcome and every explanation. It round-trips through JSON (:meth:`RunRecord.to_json` /
  :func:`RunRecord.from_json`) and can be re-run after changes (:func:`rerun`: same rule, same overrides).
* :func:`compare` says what changed between two runs: activities newly funded or unfunded, activities that
  changed source, and the totals per source.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .funding import Activity, ActivityType, FundingSource, SourceKind, Targeting, eligibility_table, exact
from .integration import Integration, Options, Why, activity_sentence, integrate, village_sentence
from .money import format_vnd

__all__ = [
    "Action",
    "Applied",
    "Comparison",
    "Override",
    "RunRecord",
    "applied_sentence",
    "apply_overrides",
    "compare",
    "new_run",
    "rerun",
]


class Action(StrEnum):
    FUND = "fund"
    UNFUND = "unfund"
    MOVE = "move"


@dataclass(frozen=True)
class Override:
    """An officer's change to one activity's outcome. ``source_id`` is the source to fund from or move to."""

    activity_id: str
    action: Action
    reason: str
    source_id: str | None = None
    by: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", Action(self.action))
        if not (self.reason or "").strip():
            raise ValueError("an override needs a reason")
        if self.action in (Action.FUND, Action.MOVE) and not self.source_id:
            raise ValueError(f"to {self.action} an activity, say from which source")


@dataclass(frozen=True)
class Applied:
    """What became of one override: applied, or refused with a ``problem`` code and the figures it cites.

    Problems: ``unknown_activity``, ``unknown_source``, ``already_funded`` (fund: move it instead),
    ``not_funded`` (unfund / move), ``same_source``, ``not_eligible`` (with the source's reasons), ``overspend``
    (the source has too little left)."""

    override: Override
    applied: bool
    problem: str | None = None
    figures: Mapping[str, Any] = field(default_factory=dict)


def apply_overrides(result: Integration, overrides: Iterable[Override]) -> Integration:
    """``result`` with ``overrides`` applied in order; each re-checked against the money left and eligibility."""
    paid = dict(result.paid)
    why = dict(result.why)
    left = result.left()
    log: list[Applied] = list(result.overrides)
    acts = {a.id: a for a in result.activities}
    sources = {s.id for s in result.sources}

    def refuse(o: Override, problem: str, **figures: Any) -> None:
        log.append(Applied(o, False, problem, figures))

    for o in overrides:
        a = acts.get(o.activity_id)
        if a is None:
            refuse(o, "unknown_activity")
            continue
        if o.source_id is not None and o.source_id not in sources:
            refuse(o, "unknown_source")
            continue
        current = paid.get(a.id, ())
        is_funded = why[a.id].funded
        if o.action == Action.UNFUND:
            if not is_funded:
                refuse(o, "not_funded")
                continue
            for sid, amount in current:
                left[sid] += amount
            paid.pop(a.id, None)
            why[a.id] = Why(
                "override_unfunded",
                {"reason": o.reason, "by": o.by, "previous": [sid for sid, _x in current]},
            )
            log.append(Applied(o, True))
            continue
        sid = o.source_id
        assert sid is not None
        if o.action == Action.FUND and is_funded:
            refuse(o, "already_funded", sources=[s for s, _x in current])
            continue
        if o.action == Action.MOVE:
            if not is_funded:
                refuse(o, "not_funded")
                continue
            if [s for s, _x in current] == [sid]:
                refuse(o, "same_source")
                continue
        elig = result.eligibility[a.id][sid]
        if not elig:
            refuse(o, "not_eligible", refusals=list(elig.refusals))
            continue
        need = a.public_cost
        freed = sum(x for s, x in current if s == sid)
        if left[sid] + freed < need:
            refuse(o, "overspend", left=left[sid] + freed, need=need)
            continue
        for s, x in current:
            left[s] += x
        left[sid] -= need
        paid[a.id] = ((sid, need),)
        code = "override_funded" if o.action == Action.FUND else "override_moved"
        why[a.id] = Why(code, {"reason": o.reason, "by": o.by, "previous": [s for s, _x in current]})
        log.append(Applied(o, True))
    order = {a.id: i for i, a in enumerate(result.activities)}
    paid = dict(sorted(paid.items(), key=lambda kv: order[kv[0]]))
    return replace(result, paid=paid, why=why, overrides=tuple(log))


def applied_sentence(result: Integration, ap: Applied, lang: str = "vi") -> str:
    """One line for the run's log: what the officer asked, and whether it was applied (or why not)."""
    vi = lang == "vi"
    o = ap.override
    try:
        name = result.activity(o.activity_id).name or o.activity_id
    except KeyError:
        name = o.activity_id
    src = ""
    if o.source_id:
        try:
            src = result.source(o.source_id).title(lang)
        except KeyError:
            src = o.source_id
    if o.action == Action.FUND:
        what = f"Cấp vốn cho “{name}” từ {src}" if vi else f"Fund “{name}” from {src}"
    elif o.action == Action.MOVE:
        what = f"Chuyển “{name}” sang {src}" if vi else f"Move “{name}” to {src}"
    else:
        what = f"Không cấp vốn cho “{name}”" if vi else f"Do not fund “{name}”"
    what += f" (lý do: {o.reason})" if vi else f" (reason: {o.reason})"
    if ap.applied:
        return what + (": đã áp dụng." if vi else ": applied.")
    f = ap.figures
    why = {
        "unknown_activity": ("không có hoạt động này trong lần tính", "no such activity in this run"),
        "unknown_source": ("không có nguồn vốn này trong lần tính", "no such source in this run"),
        "already_funded": (
            "hoạt động đã được cấp vốn; muốn đổi nguồn thì chọn chuyển nguồn",
            "the activity is already funded; to change its source, move it",
        ),
        "not_funded": ("hoạt động chưa được cấp vốn", "the activity is not funded"),
        "same_source": ("hoạt động đã do nguồn này chi", "that source already pays it"),
    }
    if ap.problem in why:
        reason = why[ap.problem][0 if vi else 1]
    elif ap.problem == "overspend":
        reason = (
            f"{src} chỉ còn {format_vnd(f['left'])}, hoạt động cần {format_vnd(f['need'])}"
            if vi
            else f"{src} has only {format_vnd(f['left'])} left and the activity needs {format_vnd(f['need'])}"
        )
    elif ap.problem == "not_eligible":
        s = result.source(o.source_id or "")
        reason = "; ".join(r.sentence(s, lang) for r in f["refusals"])
    else:
        reason = ap.problem or ""
    return what + (f": không áp dụng được — {reason}." if vi else f": refused — {reason}.")


# --- run records ----------------------------------------------------------------------------------------------


def _enc(x: Any) -> Any:
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else {"fraction": f"{x.numerator}/{x.denominator}"}
    if isinstance(x, (set, frozenset)):
        return sorted(_enc(v) for v in x)
    if isinstance(x, (list, tuple)):
        return [_enc(v) for v in x]
    if isinstance(x, Mapping):
        return {str(k): _enc(v) for k, v in x.items()}
    if hasattr(x, "code") and hasattr(x, "figures"):  # a funding Refusal inside figures
        return {"code": x.code, "figures": _enc(x.figures)}
    return x


def _dec(x: Any) -> Any:
    if isinstance(x, dict):
        if set(x) == {"fraction"}:
            return Fraction(x["fraction"])
        return {k: _dec(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_dec(v) for v in x]
    return x


def _source_dict(s: FundingSource) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": str(s.kind),
        "amount": _enc(s.amount),
        "name": s.name,
        "sectors": sorted(s.sectors),
        "activity_types": sorted(str(t) for t in s.activity_types),
        "units": sorted(s.units),
        "targeting": sorted(str(t) for t in s.targeting),
        "min_per_activity": _enc(s.min_per_activity),
        "max_per_activity": _enc(s.max_per_activity),
        "counterpart_share": _enc(s.counterpart_share),
        "priority": s.priority,
    }


def _source_from(d: Mapping[str, Any]) -> FundingSource:
    d = _dec(dict(d))
    return FundingSource(
        id=d["id"],
        kind=SourceKind(d["kind"]),
        amount=exact(d["amount"]),
        name=d["name"],
        sectors=frozenset(d["sectors"]),
        activity_types=frozenset(ActivityType(t) for t in d["activity_types"]),
        units=frozenset(d["units"]),
        targeting=frozenset(Targeting(t) for t in d["targeting"]),
        min_per_activity=d["min_per_activity"],
        max_per_activity=d["max_per_activity"],
        counterpart_share=Fraction(d["counterpart_share"]),
        priority=d["priority"],
    )


_ACTIVITY_FIELDS = (
    "id",
    "name",
    "sector",
    "village",
    "commune",
    "village_rank",
    "commune_rank",
    "poverty",
    "ethnic_minority",
    "village_name",
    "commune_name",
)


def _activity_dict(a: Activity) -> dict[str, Any]:
    d = {k: getattr(a, k) for k in _ACTIVITY_FIELDS}
    d.update(
        cost=_enc(a.cost),
        contribution=_enc(a.contribution),
        type=str(a.type),
        meta=_enc(dict(a.meta)),
    )
    return d


def _activity_from(d: Mapping[str, Any]) -> Activity:
    d = _dec(dict(d))
    return Activity(
        cost=exact(d["cost"]),
        contribution=exact(d["contribution"]),
        type=ActivityType(d["type"]),
        meta=d.get("meta") or {},
        **{k: d[k] for k in _ACTIVITY_FIELDS},
    )


def _outcome_dict(r: Integration) -> dict[str, Any]:
    return {
        "paid": {aid: [[sid, _enc(x)] for sid, x in parts] for aid, parts in r.paid.items()},
        "why": {aid: {"code": w.code, "figures": _enc(w.figures)} for aid, w in r.why.items()},
    }


def _override_dict(o: Override) -> dict[str, Any]:
    return {
        "activity_id": o.activity_id,
        "action": str(o.action),
        "reason": o.reason,
        "source_id": o.source_id,
        "by": o.by,
    }


@dataclass(frozen=True)
class RunRecord:
    """One run of the integration, kept to be shown, defended, re-run and compared."""

    label: str
    engine: Integration  # the rule's outcome, before any override
    result: Integration  # after the overrides
    overrides: tuple[Override, ...] = ()

    @property
    def options(self) -> Options:
        return self.engine.options

    @property
    def sources(self) -> tuple[FundingSource, ...]:
        return self.engine.sources

    @property
    def activities(self) -> tuple[Activity, ...]:
        return self.engine.activities

    def with_overrides(self, overrides: Iterable[Override]) -> RunRecord:
        """The same run with more overrides applied on top of the ones it has."""
        more = tuple(overrides)
        return replace(self, result=apply_overrides(self.result, more), overrides=self.overrides + more)

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        none, over = r.village_problems()
        return {
            "label": self.label,
            "rule": {
                "name": self.options.rule,
                "year": self.options.year,
                "cap": self.options.cap,
                "min_one": self.options.min_one,
                "priorities": list(self.options.priorities),
            },
            "inputs": {
                "sources": [_source_dict(s) for s in self.sources],
                "activities": [_activity_dict(a) for a in self.activities],
            },
            "engine": _outcome_dict(self.engine),
            "overrides": [
                {
                    **_override_dict(ap.override),
                    "applied": ap.applied,
                    "problem": ap.problem,
                    "figures": _enc(ap.figures),
                    "text": {lang: applied_sentence(r, ap, lang) for lang in ("vi", "en")},
                }
                for ap in r.overrides
            ],
            "outcome": _outcome_dict(r),
            "sources": [
                {"id": u.source.id, "amount": _enc(u.source.amount), "spent": _enc(u.spent),
                 "left": _enc(u.left), "activities": [aid for aid, _x in u.activities]}
                for u in r.by_source()
            ],
            "explanations": {a.id: {lang: activity_sentence(r, a.id, lang) for lang in ("vi", "en")}
                             for a in self.activities},
            "villages": {
                "none": [{"village": v.village, "text": {lang: village_sentence(r, v, lang)
                                                          for lang in ("vi", "en")}} for v in none],
                "over": [{"village": v.village, "text": {lang: village_sentence(r, v, lang)
                                                          for lang in ("vi", "en")}} for v in over],
            },
        }  # fmt: skip

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_json(cls, text: str | Mapping[str, Any]) -> RunRecord:
        """A run back from its JSON: the inputs, the engine's outcome as it was recorded, the overrides re-applied
        on it (which is deterministic, so the final outcome is the recorded one)."""
        d = json.loads(text) if isinstance(text, str) else dict(text)
        rule = d["rule"]
        options = Options(
            year=rule["year"],
            cap=rule["cap"],
            min_one=rule["min_one"],
            priorities=tuple(rule["priorities"]),
            rule=rule["name"],
        )
        sources = tuple(_source_from(s) for s in d["inputs"]["sources"])
        activities = tuple(_activity_from(a) for a in d["inputs"]["activities"])
        eng = d["engine"]
        engine = Integration(
            options,
            sources,
            activities,
            {aid: tuple((sid, exact(_dec(x))) for sid, x in parts) for aid, parts in eng["paid"].items()},
            {aid: Why(w["code"], _dec(w["figures"])) for aid, w in eng["why"].items()},
            eligibility_table(sources, activities),
        )
        overrides = tuple(
            Override(o["activity_id"], Action(o["action"]), o["reason"], o["source_id"], o["by"])
            for o in d["overrides"]
        )
        return cls(d["label"], engine, apply_overrides(engine, overrides), overrides)


def new_run(
    sources: Sequence[FundingSource],
    activities: Iterable[Activity],
    options: Options | None = None,
    overrides: Iterable[Override] = (),
    *,
    label: str = "",
) -> RunRecord:
    """Integrate, then apply the overrides: a complete run record."""
    engine = integrate(sources, activities, options)
    overrides = tuple(overrides)
    return RunRecord(label, engine, apply_overrides(engine, overrides), overrides)


def rerun(
    record: RunRecord,
    *,
    sources: Sequence[FundingSource] | None = None,
    activities: Iterable[Activity] | None = None,
    options: Options | None = None,
    label: str = "",
) -> RunRecord:
    """Run again after changes (new amounts, an activity added or dropped…), with the same rule unless told, and
    the same overrides re-applied — each re-checked, so one that no longer fits is reported refused."""
    return new_run(
        sources if sources is not None else record.sources,
        activities if activities is not None else record.activities,
        options or record.options,
        record.overrides,
        label=label or record.label,
    )


# --- comparison -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceTotals:
    source_id: str
    amount: tuple[Fraction | None, Fraction | None]  # (run a, run b); None: the source is not in that run
    spent: tuple[Fraction, Fraction]

    @property
    def left(self) -> tuple[Fraction | None, Fraction | None]:
        a, b = self.amount
        return (None if a is None else a - self.spent[0], None if b is None else b - self.spent[1])

    @property
    def change(self) -> Fraction:
        return self.spent[1] - self.spent[0]


@dataclass(frozen=True)
class Comparison:
    newly_funded: tuple[str, ...]
    newly_unfunded: tuple[str, ...]
    moved: tuple[tuple[str, tuple[tuple[str, Fraction], ...], tuple[tuple[str, Fraction], ...]], ...]
    added: tuple[str, ...]  # activities only in run b
    removed: tuple[str, ...]  # activities only in run a
    totals: tuple[SourceTotals, ...]

    @property
    def unchanged(self) -> bool:
        return not (
            self.newly_funded or self.newly_unfunded or self.moved or self.added or self.removed
        ) and all(t.change == 0 and t.amount[0] == t.amount[1] for t in self.totals)


def _as_result(x: RunRecord | Integration) -> Integration:
    return x.result if isinstance(x, RunRecord) else x


def compare(a: RunRecord | Integration, b: RunRecord | Integration) -> Comparison:
    """What changed from run ``a`` to run ``b``."""
    ra, rb = _as_result(a), _as_result(b)
    ids_a = [x.id for x in ra.activities]
    ids_b = [x.id for x in rb.activities]
    in_a, in_b = set(ids_a), set(ids_b)
    funded_a = {i for i in ids_a if ra.why[i].funded}
    funded_b = {i for i in ids_b if rb.why[i].funded}
    order = ids_b + [i for i in ids_a if i not in in_b]
    moved = tuple(
        (i, tuple(ra.paid.get(i, ())), tuple(rb.paid.get(i, ())))
        for i in order
        if i in funded_a and i in funded_b and tuple(ra.paid.get(i, ())) != tuple(rb.paid.get(i, ()))
    )
    spent_a, spent_b = ra.spent(), rb.spent()
    amount_a = {s.id: s.amount for s in ra.sources}
    amount_b = {s.id: s.amount for s in rb.sources}
    sids = list(dict.fromkeys([*amount_a, *amount_b]))
    totals = tuple(
        SourceTotals(
            sid,
            (amount_a.get(sid), amount_b.get(sid)),
            (spent_a.get(sid, 0), spent_b.get(sid, 0)),
        )
        for sid in sids
    )
    return Comparison(
        newly_funded=tuple(i for i in order if i in funded_b and i not in funded_a),
        newly_unfunded=tuple(i for i in order if i in funded_a and i not in funded_b),
        moved=moved,
        added=tuple(i for i in ids_b if i not in in_a),
        removed=tuple(i for i in ids_a if i not in in_b),
        totals=totals,
    )
