"""The year's funding sources at a level (province, legacy district, commune) and which activities each may pay.

Source 001 has the district (today the province) integrate the communes' priority activities into the funding
sources: investment capital, recurrent funds, the national target programmes, ODA and donors, the commune's own
budget and the people's contributions. Each source comes with rules about what it may pay for; this module holds
those rules as plain dataclasses and answers, for one source and one activity, "may it pay?" — and when not, why,
in words an official can read out (Vietnamese and English).

Eligibility of an activity for a source (every restriction the source sets must hold):

* **sector** — the source lists the sectors it pays for (transport, irrigation, agriculture extension, …);
* **activity type** — construction, or technical and service support;
* **units** — the source is earmarked for some communes or villages (an activity matches by its village or
  its commune);
* **targeting** — the activity must serve poor households or ethnic-minority people (any one of those listed);
* **minimum / maximum per activity** — on the money the public sources must pay (cost − people's contribution):
  a source with a ceiling pays only activities within it, so it never pays more than its ceiling for one;
* **counterpart share** — the people or the locality must bring at least this share of the activity's cost
  (vốn đối ứng), counted from the activity's stated contribution.

Amounts are exact (int or Fraction, đồng).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .money import format_vnd

__all__ = [
    "KIND_ORDER",
    "Activity",
    "ActivityType",
    "Eligibility",
    "FundingSource",
    "Refusal",
    "SourceKind",
    "Targeting",
    "eligible",
]


class SourceKind(StrEnum):
    INVESTMENT = "investment"
    RECURRENT = "recurrent"
    NTP_POVERTY = "ntp_poverty"
    NTP_RURAL = "ntp_rural"
    NTP_ETHNIC = "ntp_ethnic"
    ODA = "oda"
    COMMUNE_BUDGET = "commune_budget"
    PEOPLE = "people"

    def label(self, lang: str = "vi") -> str:
        return _KIND_LABEL[self][0 if lang == "vi" else 1]

    @property
    def public(self) -> bool:
        """Paid from the state budget or through it (counts for "1 to 2 activities per village")."""
        return self != SourceKind.PEOPLE


_KIND_LABEL = {
    SourceKind.INVESTMENT: ("vốn đầu tư phát triển", "development investment capital"),
    SourceKind.RECURRENT: ("vốn sự nghiệp", "recurrent funds"),
    SourceKind.NTP_POVERTY: (
        "Chương trình mục tiêu quốc gia giảm nghèo bền vững",
        "the national target programme for sustainable poverty reduction",
    ),
    SourceKind.NTP_RURAL: (
        "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
        "the national target programme for new rural development",
    ),
    SourceKind.NTP_ETHNIC: (
        "Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi",
        "the national target programme for ethnic-minority and mountainous areas",
    ),
    SourceKind.ODA: ("vốn ODA, nhà tài trợ", "ODA and donors"),
    SourceKind.COMMUNE_BUDGET: ("ngân sách xã", "the commune budget"),
    SourceKind.PEOPLE: ("nhân dân đóng góp", "people's contributions"),
}

# Which source pays first when several may: the most tightly earmarked first, so that the general budget is kept
# for activities nothing else can pay (a source's own ``priority`` overrides this order).
KIND_ORDER = (
    SourceKind.NTP_POVERTY,
    SourceKind.NTP_ETHNIC,
    SourceKind.NTP_RURAL,
    SourceKind.ODA,
    SourceKind.RECURRENT,
    SourceKind.INVESTMENT,
    SourceKind.COMMUNE_BUDGET,
    SourceKind.PEOPLE,
)


class ActivityType(StrEnum):
    CONSTRUCTION = "construction"
    TECHNICAL_SERVICE = "technical_service"

    def label(self, lang: str = "vi") -> str:
        if self == ActivityType.CONSTRUCTION:
            return "xây dựng công trình" if lang == "vi" else "construction"
        return "hỗ trợ kỹ thuật, dịch vụ" if lang == "vi" else "technical and service support"


class Targeting(StrEnum):
    POVERTY = "poverty"
    ETHNIC_MINORITY = "ethnic_minority"

    def label(self, lang: str = "vi") -> str:
        if self == Targeting.POVERTY:
            return "giảm nghèo" if lang == "vi" else "poverty reduction"
        return "đồng bào dân tộc thiểu số" if lang == "vi" else "ethnic-minority people"


Money = int | Fraction


def exact(x: Any) -> Money:
    """An amount as an int when it is whole (fast), else a Fraction; floats are refused (never exact)."""
    if isinstance(x, bool) or isinstance(x, float):
        raise TypeError("amounts must be int, Decimal or Fraction, not float")
    if isinstance(x, int):
        return x
    q = Fraction(x)
    return q.numerator if q.denominator == 1 else q


@dataclass(frozen=True)
class FundingSource:
    """One funding source of the year at a level, with its amount and what it may pay for (empty = no limit)."""

    id: str
    kind: SourceKind
    amount: Money
    name: str = ""
    sectors: frozenset[str] = frozenset()
    activity_types: frozenset[ActivityType] = frozenset()
    units: frozenset[str] = frozenset()
    targeting: frozenset[Targeting] = frozenset()
    min_per_activity: Money | None = None
    max_per_activity: Money | None = None
    counterpart_share: Fraction = Fraction(0)
    priority: int | None = None  # lower pays first; None: by kind (KIND_ORDER)
    # plain-string copies for the fast eligibility check (an enum's hash is a Python call)
    _types: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False, hash=False)
    _poverty: bool = field(default=False, init=False, repr=False, compare=False, hash=False)
    _ethnic: bool = field(default=False, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SourceKind(self.kind))
        object.__setattr__(self, "activity_types", frozenset(ActivityType(t) for t in self.activity_types))
        object.__setattr__(self, "targeting", frozenset(Targeting(t) for t in self.targeting))
        object.__setattr__(self, "sectors", frozenset(self.sectors))
        object.__setattr__(self, "units", frozenset(self.units))
        object.__setattr__(self, "counterpart_share", Fraction(self.counterpart_share))
        object.__setattr__(self, "amount", exact(self.amount))
        for name in ("min_per_activity", "max_per_activity"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, exact(getattr(self, name)))
        object.__setattr__(self, "_types", frozenset(t.value for t in self.activity_types))
        object.__setattr__(self, "_poverty", Targeting.POVERTY in self.targeting)
        object.__setattr__(self, "_ethnic", Targeting.ETHNIC_MINORITY in self.targeting)
        if self.amount < 0:
            raise ValueError(f"source {self.id}: the amount cannot be negative")
        if not 0 <= self.counterpart_share <= 1:
            raise ValueError(f"source {self.id}: the counterpart share must be between 0 and 1")

    def title(self, lang: str = "vi") -> str:
        """The name an official reads out: the source's own name, else its kind."""
        return self.name or self.kind.label(lang)

    @property
    def order(self) -> int:
        return self.priority if self.priority is not None else KIND_ORDER.index(self.kind)


@dataclass(frozen=True)
class Activity:
    """A priority activity a child unit asks the upper level to fund (a village's Part-2 activity, or a
    commune-wide one when ``village`` is None). ``village`` and ``commune`` are unit ids, unique in the
    province (the database keys), the names are for the sentences."""

    id: str
    cost: Money
    name: str = ""
    contribution: Money = 0  # land, money, labour, materials valued in money
    sector: str = ""
    type: ActivityType = ActivityType.CONSTRUCTION
    village: str | None = None
    commune: str | None = None
    village_rank: int | None = None  # position in the village's own list (1 = first)
    commune_rank: int | None = None  # position in the commune's aggregated list
    poverty: bool = False
    ethnic_minority: bool = False
    village_name: str = ""
    commune_name: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    _public: Money = field(default=0, init=False, repr=False, compare=False, hash=False)
    _type: str = field(default="", init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", ActivityType(self.type))
        object.__setattr__(self, "cost", exact(self.cost))
        object.__setattr__(self, "contribution", exact(self.contribution))
        if self.cost < 0 or self.contribution < 0:
            raise ValueError(f"activity {self.id}: cost and contribution cannot be negative")
        object.__setattr__(self, "_public", max(0, self.cost - self.contribution))
        object.__setattr__(self, "_type", self.type.value)

    @property
    def public_cost(self) -> Money:
        """What the public sources must pay: the cost less the people's contribution."""
        return self._public

    @property
    def targets(self) -> frozenset[Targeting]:
        out = set()
        if self.poverty:
            out.add(Targeting.POVERTY)
        if self.ethnic_minority:
            out.add(Targeting.ETHNIC_MINORITY)
        return frozenset(out)


@dataclass(frozen=True)
class Refusal:
    """One reason a source may not pay an activity: a stable ``code`` and the figures the sentence cites."""

    code: str  # sector | activity_type | unit | targeting | below_minimum | above_maximum | counterpart
    figures: Mapping[str, Any] = field(default_factory=dict)

    def sentence(self, source: FundingSource, lang: str = "vi") -> str:
        return refusal_sentence(self, source, lang)


class Eligibility:
    """Whether a source may pay an activity (truthy when it may), and if not, the reasons (``refusals``, worked
    out only when asked: a province's table has tens of thousands of pairs and few are ever explained)."""

    __slots__ = ("_refusals", "activity", "ok", "source")

    def __init__(self, source: FundingSource, activity: Activity) -> None:
        self.source = source
        self.activity = activity
        self.ok = _passes(source, activity)
        self._refusals: tuple[Refusal, ...] | None = () if self.ok else None

    @property
    def source_id(self) -> str:
        return self.source.id

    @property
    def activity_id(self) -> str:
        return self.activity.id

    @property
    def refusals(self) -> tuple[Refusal, ...]:
        if self._refusals is None:
            self._refusals = _reasons(self.source, self.activity)
        return self._refusals

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"Eligibility({self.source.id!r}, {self.activity.id!r}, ok={self.ok})"


def _passes(s: FundingSource, a: Activity) -> bool:
    """The same test as :func:`eligible`, without building the reasons (the table's fast path)."""
    if s.sectors and a.sector not in s.sectors:
        return False
    if s._types and a._type not in s._types:
        return False
    if s.units and a.village not in s.units and a.commune not in s.units:
        return False
    if (s._poverty or s._ethnic) and not ((s._poverty and a.poverty) or (s._ethnic and a.ethnic_minority)):
        return False
    need = a._public
    if s.min_per_activity is not None and need < s.min_per_activity:
        return False
    if s.max_per_activity is not None and need > s.max_per_activity:
        return False
    share = s.counterpart_share
    if share and a.contribution * share.denominator < share.numerator * a.cost:
        return False
    return True


def eligible(source: FundingSource, activity: Activity) -> Eligibility:
    """Whether ``source`` may pay ``activity``; when not, every reason (``.refusals``: all are listed, not just
    the first)."""
    return Eligibility(source, activity)


def _reasons(source: FundingSource, activity: Activity) -> tuple[Refusal, ...]:
    out: list[Refusal] = []
    if source.sectors and activity.sector not in source.sectors:
        out.append(Refusal("sector", {"sector": activity.sector, "allowed": sorted(source.sectors)}))
    if source.activity_types and activity.type not in source.activity_types:
        out.append(
            Refusal("activity_type", {"type": activity.type, "allowed": sorted(source.activity_types)})
        )
    if source.units and not ({activity.village, activity.commune} & source.units):
        out.append(Refusal("unit", {"village": activity.village, "commune": activity.commune}))
    if source.targeting and not (source.targeting & activity.targets):
        out.append(Refusal("targeting", {"allowed": sorted(source.targeting)}))
    need = activity.public_cost
    if source.min_per_activity is not None and need < source.min_per_activity:
        out.append(Refusal("below_minimum", {"need": need, "minimum": source.min_per_activity}))
    if source.max_per_activity is not None and need > source.max_per_activity:
        out.append(Refusal("above_maximum", {"need": need, "maximum": source.max_per_activity}))
    share = source.counterpart_share
    if share and activity.contribution * share.denominator < share.numerator * activity.cost:
        out.append(
            Refusal(
                "counterpart",
                {
                    "share": source.counterpart_share,
                    "required": exact(share * activity.cost),
                    "contribution": activity.contribution,
                },
            )
        )
    return tuple(out)


def eligibility_table(
    sources: Iterable[FundingSource], activities: Iterable[Activity]
) -> dict[str, dict[str, Eligibility]]:
    """Eligibility of every activity for every source: ``table[activity_id][source_id]``."""
    sources = list(sources)
    return {a.id: {s.id: Eligibility(s, a) for s in sources} for a in activities}


# --- sentences ------------------------------------------------------------------------------------------------


def _money(x: Any) -> str:
    return format_vnd(x)


def _percent(share: Fraction) -> str:
    value = share * 100
    if value.denominator == 1:
        return f"{value.numerator} %"
    return f"{float(value):.1f}".replace(".", ",") + " %"


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    last = " hoặc " if lang == "vi" else " or "
    return ", ".join(items[:-1]) + last + items[-1]


_TYPE_PHRASE = {
    ActivityType.CONSTRUCTION: ("công trình xây dựng", "construction works"),
    ActivityType.TECHNICAL_SERVICE: ("hoạt động hỗ trợ kỹ thuật, dịch vụ", "technical and service support"),
}
_TARGET_PHRASE = {
    Targeting.POVERTY: ("hoạt động giảm nghèo", "poverty-reduction activities"),
    Targeting.ETHNIC_MINORITY: (
        "hoạt động cho đồng bào dân tộc thiểu số",
        "activities for ethnic-minority people",
    ),
}


def refusal_sentence(r: Refusal, source: FundingSource, lang: str = "vi") -> str:
    """Why ``source`` may not pay, in one clause: "vốn sự nghiệp chỉ hỗ trợ hỗ trợ kỹ thuật, dịch vụ"."""
    vi = lang == "vi"
    name = source.title(lang)
    f = r.figures
    if r.code == "sector":
        allowed = _join(list(f["allowed"]), lang)
        return (
            f"{name} chỉ chi cho lĩnh vực {allowed}"
            if vi
            else f"{name} only funds the sector{'s' if len(f['allowed']) > 1 else ''} {allowed}"
        )
    if r.code == "activity_type":
        allowed = _join([_TYPE_PHRASE[ActivityType(t)][0 if vi else 1] for t in f["allowed"]], lang)
        return f"{name} chỉ chi cho {allowed}" if vi else f"{name} only pays for {allowed}"
    if r.code == "unit":
        return (
            f"{name} chỉ dành cho một số xã, thôn được giao, không có thôn, xã này"
            if vi
            else f"{name} is earmarked for other communes or villages"
        )
    if r.code == "targeting":
        allowed = _join([_TARGET_PHRASE[Targeting(t)][0 if vi else 1] for t in f["allowed"]], lang)
        return f"{name} chỉ chi cho {allowed}" if vi else f"{name} only pays for {allowed}"
    if r.code == "below_minimum":
        return (
            f"{name} chỉ hỗ trợ hoạt động cần từ {_money(f['minimum'])} trở lên "
            f"(hoạt động này cần {_money(f['need'])})"
            if vi
            else f"{name} only funds activities needing at least {_money(f['minimum'])} "
            f"(this one needs {_money(f['need'])})"
        )
    if r.code == "above_maximum":
        return (
            f"{name} hỗ trợ tối đa {_money(f['maximum'])} cho một hoạt động "
            f"(hoạt động này cần {_money(f['need'])})"
            if vi
            else f"{name} pays at most {_money(f['maximum'])} for one activity (this one needs {_money(f['need'])})"
        )
    if r.code == "counterpart":
        return (
            f"{name} yêu cầu người dân, địa phương đóng góp ít nhất {_percent(f['share'])} chi phí "
            f"({_money(f['required'])}), hoạt động này mới có {_money(f['contribution'])}"
            if vi
            else f"{name} needs the people or the locality to bring at least {_percent(f['share'])} of the cost "
            f"({_money(f['required'])}); this activity brings {_money(f['contribution'])}"
        )
    return r.code
