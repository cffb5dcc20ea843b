"""Integration into funding sources: which of the children's priority activities each source of the year pays.

Source 001: the district (since July 2025 the province) "integrates the communes' priority activities into
funding sources, favouring poverty reduction and ethnic-minority groups", technical and service activities first,
and "every village gets 1 to 2 activities funded by the commune or upper budget each year".

:func:`integrate` runs the existing allocation engine (:mod:`sedp.core.allocation`, the ``process`` rule of source
001) over the activities with the sources of :mod:`sedp.core.funding`:

* each village's own priority order is kept (its first activity before its second);
* at least one activity per village when the money allows (villages served by priority), then at most ``cap``
  (2) per village;
* poverty-reduction, ethnic-minority, then technical and service activities are favoured (configurable order);
* between villages otherwise alike, the commune's own order (``commune_rank``) decides, then the input order;
* each activity is paid from the sources it is eligible for, the most tightly earmarked first (see
  :data:`sedp.core.funding.KIND_ORDER`), one source if one can pay it all, else several together.

The result (:class:`Integration`) lists, per source, the activities it pays and what is left; for every activity
not funded, why, in a sentence an official can read out to a village (:meth:`Integration.explain`); and the check
of the "1 to 2 activities per village" rule (:meth:`Integration.villages`). Overrides and runs:
:mod:`sedp.core.runs`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .allocation import ProcessOptions, Profile, Project, Source, allocate
from .allocation.model import CONSTRUCTION, ETHNIC_MINORITY, POVERTY, TECHNICAL, Election
from .allocation.rules.process import PRIORITIES
from .funding import Activity, ActivityType, Eligibility, FundingSource, Money, eligibility_table, exact
from .money import format_vnd

__all__ = [
    "Integration",
    "Options",
    "SourceUse",
    "VillageStatus",
    "Why",
    "activity_sentence",
    "integrate",
    "paid_phrase",
    "village_sentence",
]

_BIG = 10**9


@dataclass(frozen=True)
class Options:
    """How the integration runs: the plan year (for the sentences), the per-village cap, whether every village
    gets one activity first when the money allows, and the priorities in order (see the process rule)."""

    year: int | None = None
    cap: int | None = 2
    min_one: bool = True
    priorities: tuple[str, ...] = PRIORITIES
    rule: str = "process"

    def __post_init__(self) -> None:
        object.__setattr__(self, "priorities", tuple(self.priorities))
        if self.rule != "process":
            raise ValueError("funding integration runs the process rule of source 001")


@dataclass(frozen=True)
class Why:
    """Why an activity ended where it did: a stable ``code`` and the figures its sentence cites.

    Codes: ``funded`` (by the rule), ``override_funded`` / ``override_moved`` (by an officer), ``paid_by_people``
    (nothing left to pay after the people's contribution); not funded: ``not_eligible`` (no source may pay it),
    ``village_cap`` (the village already has its activities), ``no_money`` (the sources it may use had too little
    left when its turn came), ``override_unfunded`` (by an officer)."""

    code: str
    figures: Mapping[str, Any] = field(default_factory=dict)

    @property
    def funded(self) -> bool:
        return self.code in ("funded", "override_funded", "override_moved", "paid_by_people")


@dataclass(frozen=True)
class SourceUse:
    source: FundingSource
    spent: Money
    activities: tuple[tuple[str, Money], ...]  # (activity id, amount this source pays), in funding order

    @property
    def left(self) -> Money:
        return self.source.amount - self.spent


@dataclass(frozen=True)
class VillageStatus:
    """One village against the rule "1 to 2 activities funded by the commune or upper budget each year"."""

    village: str
    village_name: str
    commune: str | None
    commune_name: str
    funded: int  # activities paid (at least in part) by public sources
    cap: int | None
    cheapest: Money | None  # the smallest public cost among its activities some source may pay
    could_at_start: bool  # the whole amounts of the sources it may use covered that cheapest activity
    could_now: bool  # what is left in those sources still covers one of its activities
    affordable: str | None = None  # the id of such an activity

    @property
    def problem(self) -> str | None:
        if self.funded == 0:
            return "none"
        if self.cap is not None and self.funded > self.cap:
            return "over"
        return None


@dataclass(frozen=True)
class Integration:
    """The outcome of an integration (after overrides, if any): who pays what, and why for every activity."""

    options: Options
    sources: tuple[FundingSource, ...]
    activities: tuple[Activity, ...]
    paid: Mapping[str, tuple[tuple[str, Money], ...]]  # funded activity id → [(source id, amount)]
    why: Mapping[str, Why]  # every activity id
    eligibility: Mapping[str, Mapping[str, Eligibility]]  # activity id → source id → eligibility
    overrides: tuple[Any, ...] = ()  # sedp.core.runs.Applied, in the order they were applied

    # --- lookups ---------------------------------------------------------------------------------------------

    def activity(self, activity_id: str) -> Activity:
        return self._activities[activity_id]

    def source(self, source_id: str) -> FundingSource:
        return self._sources[source_id]

    @property
    def _activities(self) -> dict[str, Activity]:
        cache = self.__dict__.get("_act_cache")
        if cache is None:
            cache = {a.id: a for a in self.activities}
            object.__setattr__(self, "_act_cache", cache)
        return cache

    @property
    def _sources(self) -> dict[str, FundingSource]:
        cache = self.__dict__.get("_src_cache")
        if cache is None:
            cache = {s.id: s for s in self.sources}
            object.__setattr__(self, "_src_cache", cache)
        return cache

    def funded(self, activity_id: str) -> bool:
        return self.why[activity_id].funded

    def funded_ids(self) -> list[str]:
        return [a.id for a in self.activities if self.why[a.id].funded]

    def unfunded_ids(self) -> list[str]:
        return [a.id for a in self.activities if not self.why[a.id].funded]

    def spent(self) -> dict[str, Money]:
        out: dict[str, Money] = {s.id: 0 for s in self.sources}
        for parts in self.paid.values():
            for sid, amount in parts:
                out[sid] += amount
        return out

    def left(self) -> dict[str, Money]:
        spent = self.spent()
        return {s.id: s.amount - spent[s.id] for s in self.sources}

    def by_source(self) -> list[SourceUse]:
        """Per source (in paying order): what it pays, for which activities, and what is left."""
        lists: dict[str, list[tuple[str, Money]]] = {s.id: [] for s in self.sources}
        for aid, parts in self.paid.items():
            for sid, amount in parts:
                lists[sid].append((aid, amount))
        return [
            SourceUse(s, sum((a for _i, a in lists[s.id]), 0), tuple(lists[s.id]))
            for s in sorted(self.sources, key=lambda s: s.order)
        ]

    # --- sentences -------------------------------------------------------------------------------------------

    def explain(self, activity_id: str, lang: str = "vi") -> str:
        """The sentence for one activity, funded or not, that an official can read out to its village."""
        return activity_sentence(self, activity_id, lang)

    def explain_all(self, lang: str = "vi") -> dict[str, str]:
        return {a.id: activity_sentence(self, a.id, lang) for a in self.activities}

    # --- the "1 to 2 activities per village" rule ------------------------------------------------------------

    def villages(self) -> list[VillageStatus]:
        """Every village with activities, in input order, with how many the public sources fund."""
        left = self.left()
        public = [s for s in self.sources if s.kind.public]
        per: dict[str, list[Activity]] = {}
        for a in self.activities:
            if a.village is not None:
                per.setdefault(a.village, []).append(a)
        out = []
        for v, acts in per.items():
            n = 0
            cheapest: Money | None = None
            at_start = now = False
            affordable = None
            for a in acts:
                parts = self.paid.get(a.id)
                if parts and any(x > 0 for sid, x in parts if self.source(sid).kind.public):
                    n += 1
                elig = self.eligibility[a.id]
                srcs = [s for s in public if elig[s.id]]
                if not srcs:
                    continue
                need = a.public_cost
                if cheapest is None or need < cheapest:
                    cheapest = need
                if need <= sum(s.amount for s in srcs):
                    at_start = True
                if not now and not self.why[a.id].funded and need <= sum(left[s.id] for s in srcs):
                    affordable = a.id
                    now = True
            first = acts[0]
            out.append(
                VillageStatus(
                    village=v,
                    village_name=first.village_name or v,
                    commune=first.commune,
                    commune_name=first.commune_name or (first.commune or ""),
                    funded=n,
                    cap=self.options.cap,
                    cheapest=cheapest,
                    could_at_start=at_start,
                    could_now=now,
                    affordable=affordable,
                )
            )
        return out

    def village_problems(self) -> tuple[list[VillageStatus], list[VillageStatus]]:
        """(villages with no activity funded, villages with more than the cap)."""
        all_ = self.villages()
        return [v for v in all_ if v.problem == "none"], [v for v in all_ if v.problem == "over"]


def _engine_project(a: Activity, eid: str) -> Project:
    flags = set()
    if a.poverty:
        flags.add(POVERTY)
    if a.ethnic_minority:
        flags.add(ETHNIC_MINORITY)
    return Project(
        id=eid,
        cost=Fraction(a.cost),
        name=a.name,
        sector=a.sector,
        kind=CONSTRUCTION if a.type == ActivityType.CONSTRUCTION else TECHNICAL,
        village=a.village,
        village_rank=a.village_rank,
        flags=frozenset(flags),
        contribution=Fraction(a.contribution),
    )


@dataclass(frozen=True)
class _Earmarked(Source):
    """An engine source whose eligibility was decided here (sector, type, units, targeting, min/max,
    counterpart): the engine asks it only "may you pay this project?"."""

    allowed: frozenset[str] = frozenset()

    def eligible(self, project: Project) -> bool:
        return project.id in self.allowed


def integrate(
    sources: Sequence[FundingSource], activities: Iterable[Activity], options: Options | None = None
) -> Integration:
    """Run the process rule of source 001 over ``activities`` with ``sources``; explain every outcome."""
    opts = options or Options()
    acts = tuple(activities)
    srcs = tuple(sources)
    ids = [a.id for a in acts]
    if len(set(ids)) != len(ids):
        raise ValueError("activity ids must be unique")
    if len({s.id for s in srcs}) != len(srcs):
        raise ValueError("source ids must be unique")
    table = eligibility_table(srcs, acts)
    # Engine ids are zero-padded positions in (commune rank, input order): the engine breaks its last ties by id,
    # so villages otherwise alike are served in the communes' own order.
    order = sorted(range(len(acts)), key=lambda i: (acts[i].commune_rank or _BIG, i))
    width = max(6, len(str(len(acts))))
    eid = {acts[i].id: f"{pos:0{width}d}" for pos, i in enumerate(order)}
    back = {e: a for a, e in eid.items()}
    projects = tuple(_engine_project(acts[i], eid[acts[i].id]) for i in order)
    engine_sources = tuple(
        _Earmarked(
            id=s.id,
            amount=Fraction(s.amount),
            name=s.title(),
            priority=s.order,
            allowed=frozenset(eid[a.id] for a in acts if table[a.id][s.id]),
        )
        for s in srcs
    )
    election = Election(
        projects=projects,
        budget=sum((Fraction(s.amount) for s in srcs), Fraction(0)),
        profile=Profile("approval", ()),
        sources=engine_sources,
    )
    outcome = allocate(
        election,
        "process",
        process_options=ProcessOptions(cap=opts.cap, min_one=opts.min_one, priorities=opts.priorities),
    )
    paid: dict[str, tuple[tuple[str, Money], ...]] = {}
    why: dict[str, Why] = {}
    for e, d in outcome.decisions.items():
        aid = back[e]
        f = d.figures
        if d.funded:
            parts = tuple((sid, exact(amt)) for sid, amt in d.sources if amt > 0)
            if parts:
                paid[aid] = parts
                why[aid] = Why(
                    "funded",
                    {"stage": f.get("stage"), "priority": list(f.get("priority", [])), "round": d.round},
                )
            else:
                why[aid] = Why("paid_by_people", {})
        elif not any(table[aid].values()):
            why[aid] = Why("not_eligible", {})
        elif d.reason == "village_cap":
            why[aid] = Why("village_cap", {"funded_in_village": f["funded_in_village"], "cap": f["cap"]})
        else:
            why[aid] = Why(
                "no_money",
                {
                    "left": exact(f.get("left", 0)),
                    "need": exact(f.get("cost", 0)),
                    "sources": [sid for sid, el in table[aid].items() if el],
                },
            )
    # Keep the activities' own order in the result, whatever order the engine funded them in.
    paid = {a.id: paid[a.id] for a in acts if a.id in paid}
    return Integration(opts, srcs, acts, paid, {a.id: why[a.id] for a in acts}, table)


# --- sentences ------------------------------------------------------------------------------------------------

_PRIORITY_WORDS = {
    "poverty": ("là hoạt động giảm nghèo", "it reduces poverty"),
    "ethnic_minority": ("phục vụ đồng bào dân tộc thiểu số", "it serves ethnic-minority people"),
    "technical_service": ("là hỗ trợ kỹ thuật, dịch vụ", "it is technical or service support"),
}


def _m(x: Any) -> str:
    return format_vnd(x)


def _year(result: Integration, vi: bool) -> str:
    y = result.options.year
    if y is None:
        return ""
    return f" năm {y}" if vi else f" in {y}"


def _and(items: list[str], vi: bool) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" và " if vi else " and ") + items[-1]


def paid_phrase(result: Integration, parts: Sequence[tuple[str, Money]], lang: str = "vi") -> str:
    """ "Chương trình … : 450.000.000 đ" or "A (300.000.000 đ) và B (150.000.000 đ)"."""
    vi = lang == "vi"
    if len(parts) == 1:
        sid, amt = parts[0]
        return f"{result.source(sid).title(lang)}: {_m(amt)}"
    return _and([f"{result.source(sid).title(lang)} ({_m(amt)})" for sid, amt in parts], vi)


def _actionable(result: Integration, activity_id: str, lang: str) -> str:
    """What the village could change for another source to pay: a counterpart share it does not yet bring."""
    out = []
    for s in sorted(result.sources, key=lambda s: s.order):
        e = result.eligibility[activity_id][s.id]
        if not e and [r.code for r in e.refusals] == ["counterpart"]:
            out.append(e.refusals[0].sentence(s, lang))
    if not out:
        return ""
    return " " + "; ".join(x[0].upper() + x[1:] for x in out) + "."


def activity_sentence(result: Integration, activity_id: str, lang: str = "vi") -> str:
    """One plain sentence per activity: funded from which source and how much, or not funded and why."""
    vi = lang == "vi"
    a = result.activity(activity_id)
    w = result.why[activity_id]
    f = w.figures
    year = _year(result, vi)
    people = ""
    if a.contribution:
        people = (
            f"; nhân dân đóng góp {_m(a.contribution)}"
            if vi
            else f"; the people contribute {_m(a.contribution)}"
        )
    if w.code in ("funded", "override_funded", "override_moved"):
        s = (f"Được hỗ trợ{year} từ " if vi else f"Funded{year} from ") + paid_phrase(
            result, result.paid[activity_id], lang
        )
        s += people
        if w.code == "funded":
            because = [
                _PRIORITY_WORDS[p][0 if vi else 1] for p in f.get("priority", []) if p in _PRIORITY_WORDS
            ]
            if f.get("stage") == "one_per_village":
                s += (
                    "; mỗi thôn được hỗ trợ ít nhất một hoạt động khi đủ tiền, theo thứ tự ưu tiên của thôn"
                    if vi
                    else "; every village gets at least one activity when the money allows, in the village's own "
                    "order"
                )
            if because:
                s += ("; được ưu tiên vì " if vi else "; favoured because ") + _and(because, vi)
        else:
            s += (
                f" (điều chỉnh của cán bộ: {f['reason']})"
                if vi
                else f" (changed by an officer: {f['reason']})"
            )
        return s + "."
    if w.code == "paid_by_people":
        return (
            f"Nhân dân đóng góp toàn bộ chi phí ({_m(a.cost)}), không cần ngân sách hỗ trợ{year}."
            if vi
            else f"The people bring the whole cost ({_m(a.cost)}); no budget support is needed{year}."
        )
    head = f"Chưa được hỗ trợ{year}: " if vi else f"Not funded{year}: "
    keep = (
        " Hoạt động vẫn được giữ trong kế hoạch để xét năm sau."
        if vi
        else " The activity stays in the plan to be considered next year."
    )
    if w.code == "not_eligible":
        clauses = []
        for s in sorted(result.sources, key=lambda s: s.order):
            e = result.eligibility[activity_id][s.id]
            if e.refusals:
                clauses.append(e.refusals[0].sentence(s, lang))
        body = (
            "không nguồn vốn nào năm nay được phép chi cho hoạt động này ("
            if vi
            else "no source of this year may pay for this activity ("
        )
        return head + body + "; ".join(clauses) + ")." + keep
    if w.code == "village_cap":
        n, cap = f["funded_in_village"], f["cap"]
        return (
            head + f"thôn đã có {n} hoạt động được ngân sách hỗ trợ trong năm, là mức tối đa {cap} hoạt động "
            "mỗi thôn, để các thôn khác cũng được hỗ trợ." + keep
            if vi
            else head + f"the village already has {n} budget-funded "
            f"{'activity' if n == 1 else 'activities'} this year, the most a village gets ({cap}), so that "
            "other villages are funded too." + keep
        )
    if w.code == "no_money":
        keep = _actionable(result, activity_id, lang) + keep
        names = _and([result.source(sid).title(lang) for sid in f["sources"]], vi)
        whole = sum(result.source(sid).amount for sid in f["sources"])
        if whole < f["need"]:
            return (
                head
                + f"hoạt động cần {_m(f['need'])} từ ngân sách (sau phần nhân dân đóng góp), nhiều hơn toàn "
                f"bộ số tiền năm nay của các nguồn có thể chi cho nó ({names}: {_m(whole)})." + keep
                if vi
                else head
                + f"it needs {_m(f['need'])} from the budget (after the people's contribution), more "
                f"than the whole of this year's sources that may pay for it ({names}: {_m(whole)})." + keep
            )
        return (
            head
            + f"khi xét đến hoạt động này, các nguồn có thể chi cho nó ({names}) chỉ còn {_m(f['left'])}, "
            f"không đủ {_m(f['need'])} cần ngân sách hỗ trợ (sau phần nhân dân đóng góp). Số tiền đã dành cho "
            "các hoạt động xếp trước theo thứ tự ưu tiên của thôn, của xã và các hoạt động được ưu tiên "
            "(giảm nghèo, đồng bào dân tộc thiểu số, hỗ trợ kỹ thuật, dịch vụ)." + keep
            if vi
            else head + f"when its turn came, the sources that may pay for it ({names}) had only "
            f"{_m(f['left'])} left, less than the {_m(f['need'])} it needs from the budget (after the people's "
            "contribution). The money went to activities ranked before it by the villages and communes, and to "
            "the favoured ones (poverty reduction, ethnic-minority people, technical and service support)."
            + keep
        )
    if w.code == "override_unfunded":
        return (
            head
            + (
                f"cán bộ đã điều chỉnh kết quả, lý do: {f['reason']}."
                if vi
                else f"an officer changed the result: {f['reason']}."
            )
            + keep
        )
    return head + w.code


_VILLAGE_WORDS = (
    "thôn",
    "buôn",
    "bản",
    "bon",
    "plei",
    "làng",
    "xóm",
    "ấp",
    "tổ dân phố",
    "khối phố",
    "tổ",
    "khu",
)
_COMMUNE_WORDS = ("xã", "phường", "thị trấn", "đặc khu")


def _named(name: str, word: str, words: tuple[str, ...]) -> str:
    """ "Thôn 3" stays "Thôn 3", "Buôn Kô" stays "Buôn Kô", "Ea Tu" becomes "xã Ea Tu"."""
    low = name.lower()
    if any(low == w or low.startswith(w + " ") for w in words):
        return name
    return f"{word} {name}"


def village_sentence(result: Integration, status: VillageStatus, lang: str = "vi") -> str:
    """The "1 to 2 activities per village" check for one village, in words."""
    vi = lang == "vi"
    year = _year(result, vi)
    village = _named(status.village_name, "Thôn" if vi else "Village", _VILLAGE_WORDS)
    commune = _named(status.commune_name, "xã", _COMMUNE_WORDS) if vi else status.commune_name
    where = village + (f" ({commune})" if status.commune_name else "")
    if status.problem == "over":
        return (
            f"{where} có {status.funded} hoạt động được ngân sách hỗ trợ{year}, nhiều hơn mức {status.cap} "
            "hoạt động mỗi thôn mỗi năm."
            if vi
            else f"{where} has {status.funded} budget-funded activities{year}, more than the {status.cap} a "
            "village gets each year."
        )
    if status.problem != "none":
        return (
            f"{where} có {status.funded} hoạt động được ngân sách hỗ trợ{year}."
            if vi
            else f"{where} has {status.funded} budget-funded {'activity' if status.funded == 1 else 'activities'}"
            f"{year}."
        )
    s = (
        f"{where} chưa có hoạt động nào được ngân sách hỗ trợ{year}: "
        if vi
        else f"{where} has no budget-funded activity{year}: "
    )
    if status.cheapest is None:
        return s + (
            "không nguồn vốn nào năm nay được phép chi cho các hoạt động thôn đề xuất."
            if vi
            else "no source of this year may pay for the activities the village proposed."
        )
    if status.could_now:
        name = result.activity(status.affordable).name if status.affordable else ""
        return s + (
            f"số tiền còn lại vẫn đủ cho hoạt động “{name}”, cần xem lại."
            if vi
            else f"the money left would still pay for “{name}”; this needs a second look."
        )
    if status.could_at_start:
        return s + (
            f"các nguồn vốn phù hợp đã dùng hết trước khi đến lượt thôn (hoạt động ít tốn nhất của thôn cần "
            f"{_m(status.cheapest)})."
            if vi
            else "the sources that may pay for its activities were used up before its turn (its least costly "
            f"activity needs {_m(status.cheapest)})."
        )
    return s + (
        f"ngay cả toàn bộ các nguồn vốn phù hợp cũng không đủ cho hoạt động ít tốn nhất của thôn "
        f"({_m(status.cheapest)})."
        if vi
        else f"even the whole of the sources that may pay would not cover its least costly activity "
        f"({_m(status.cheapest)})."
    )
