"""A commune (or higher) plan's logframe: the Django rows ↔ `sedp.core.logframe.LogframePlan`, and the actions
that edit them.

`to_core(plan)` builds the LogframePlan the SMART checks, the Gantt chart and the documents work on, in a fixed
number of queries whatever the number of rows. `load_core(plan, core)` writes a LogframePlan into a draft plan (the
demo's Trường Thi 2010 plan; tests). Every editing action is atomic, refused once the plan has left the editable
states, and written to the audit log; each refuses bad input with a message naming the field.

What the models have no column for (see docs/documents.md, "Mapping a plan"):
- the subtitle under the title (e.g. "(Lĩnh vực phát triển kinh tế và cơ sở hạ tầng)") is `Plan.subtitle`;
- budget lines are not stored: they are the activities' costs summed per funding source;
- sectors are numbered I, II… in the order of the plan's sectors; objectives without a sector come last, under
  "Các lĩnh vực khác".
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sedp.audit.actions import record, snapshot
from sedp.audit.guards import refuse_stale
from sedp.audit.models import AuditEntry
from sedp.core import logframe as core
from sedp.core.versions import fingerprint
from sedp.needs.models import Sector
from sedp.places.choices import Level
from sedp.plans.models import (
    PUBLIC_STATES,
    Activity,
    Direction,
    Fate,
    Indicator,
    KeyTarget,
    NeedLink,
    Objective,
    Plan,
    Result,
    SignerAuthority,
)

DEFAULT_SIGNER_TITLE = "CHỦ TỊCH"
SYMBOL = "KH-UBND"
NO_SOURCE = "Chưa xác định nguồn vốn"
# A need's fate as the plan's annex words it (the document is Vietnamese whatever the reader's language).
FATE_VI = {
    Fate.INCLUDED: "Đưa vào kế hoạch",
    Fate.MERGED: "Gộp với nhu cầu tương tự",
    Fate.POSTPONED: "Hoãn sang năm sau",
    Fate.REFERRED: "Chuyển nguồn vốn khác",
    Fate.NOT_INCLUDED: "Không đưa vào kế hoạch",
}
OTHER_SECTOR = "Các lĩnh vực khác"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")

KEY_TARGET_FIELDS = ["order", "text"]
OBJECTIVE_FIELDS = ["sector_id", "number", "text", "order"]
RESULT_FIELDS = ["objective_id", "number", "output", "budget_source", "indicator_text", "order"]
INDICATOR_FIELDS = [
    "key_target_id",
    "objective_id",
    "result_id",
    "name",
    "unit",
    "baseline",
    "target",
    "direction",
    "verification",
    "target_year",
    "target_date",
    "statement",
    "order",
]
ACTIVITY_FIELDS = [
    "result_id",
    "sector_id",
    "number",
    "title",
    "q1",
    "q2",
    "q3",
    "q4",
    "responsible",
    "cost",
    "funding_source",
    "people_contribution",
    "contribution_value",
    "order",
]
HEADER_FIELDS = [
    "title",
    "subtitle",
    "doc_number",
    "doc_date",
    "total_budget",
    "revenue",
    "signer_authority",
    "signer_name",
    "signer_title",
    "recipients",
]


# ---------------------------------------------------------------------------------------------------------------
# Names and small conversions
# ---------------------------------------------------------------------------------------------------------------


def roman(n: int) -> str:
    return ROMAN[n - 1] if 1 <= n <= len(ROMAN) else str(n)


def unit_names(unit) -> tuple[str, str, str]:
    """(unit_name, issuing_body, place) of a commune-level unit: ('phường Trường Thi', 'UBND phường Trường Thi',
    'Trường Thi'). The place of the date line is the name without its kind ('Phường Ea Kao' → 'Ea Kao')."""
    # A centrally run city is "thành phố Hà Nội" ("thành phố trung ương" is its kind, not part of its name).
    kind = "thành phố" if unit.kind == "thanh_pho_trung_uong" else unit.get_kind_display()
    name = unit.name.strip()
    place = name[len(kind) + 1 :].strip() if name.lower().startswith(kind.lower() + " ") else name
    unit_name = f"{kind} {place}" if kind else place
    return unit_name, f"UBND {unit_name}", place


def default_title(year: int) -> str:
    return f"Phát triển kinh tế - xã hội năm {year}"


def summary_title(title: str, year: int) -> str:
    """The summary (trích yếu) printed after "KẾ HOẠCH": the plan's title without a leading "Kế hoạch" of its own
    ('Kế hoạch phát triển … năm 2027' → 'Phát triển … năm 2027'), never "KẾ HOẠCH Kế hoạch …"."""
    title = " ".join((title or "").split())
    if title.lower().startswith("kế hoạch "):
        title = title[len("kế hoạch ") :]
        title = title[:1].upper() + title[1:]
    return title or default_title(year)


def _number(text: str) -> int | str:
    text = (text or "").strip()
    return int(text) if text.isdigit() else text


def figure(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


# ---------------------------------------------------------------------------------------------------------------
# Reading: the plan's rows, and the LogframePlan made from them
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Rows:
    """Everything of a plan's logframe, fetched in five queries (six with the needs' links)."""

    key_targets: list[KeyTarget]
    objectives: list[Objective]
    results: list[Result]
    indicators: list[Indicator]
    activities: list[Activity]
    links: list[NeedLink] = dataclasses.field(default_factory=list)  # the needs' fates, with their activities
    # A province's or district's funding sources for the year (name, amount), in the order they pay: the budget
    # the plan disposes of, printed by source (its own activities are few; the communes' are in their plans).
    sources: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    # …and the communes' activities those sources pay (the applied integration), as `core.Activity`s.
    funded: list[core.Activity] = dataclasses.field(default_factory=list)

    def indicators_of(self, attr: str, pk: int) -> list[Indicator]:
        return [i for i in self.indicators if getattr(i, attr) == pk]

    def activities_of(self, result_pk: int | None) -> list[Activity]:
        return [a for a in self.activities if a.result_id == result_pk]


def _chain_rows():
    from sedp.markets.models import UpgradingActivity

    return UpgradingActivity.objects.select_related("chain__candidate__product")


def fetch_rows(plan: Plan, *, with_needs: bool = False) -> Rows:
    activities = plan.activities.select_related("sector")
    if with_needs:
        activities = activities.prefetch_related(
            Prefetch(
                "need_links",
                queryset=NeedLink.objects.select_related("need__unit").order_by(
                    "need__unit__name", "need_id"
                ),
            ),
            # Activities carried in from a value chain (sedp.markets): "from the value chain of coffee".
            Prefetch("from_value_chain", queryset=_chain_rows()),
        )
    return Rows(
        key_targets=list(plan.key_targets.all()),
        objectives=list(plan.objectives.select_related("sector")),
        results=list(plan.results.all()),
        indicators=list(plan.indicators.all()),
        activities=list(activities),
        links=list(
            NeedLink.objects.filter(plan=plan)
            .select_related("need__unit")
            .prefetch_related("activities")
            .order_by("need__unit__name", "need__code", "need_id")
        ),
        sources=_upper_sources(plan),
        funded=_funded_activities(plan),
    )


def _funded_activities(plan: Plan) -> list[core.Activity]:
    """The communes' activities the upper unit's sources pay for the plan year, commune by commune: each once,
    with the amount allocated (all sources together), the sources by name, when and by whom it is done."""
    if plan.unit.level not in (Level.PROVINCE, Level.DISTRICT):
        return []
    from sedp.funding.models import Allocation

    allocations = (
        Allocation.objects.filter(source__unit=plan.unit, source__year=plan.year_from)
        .select_related("source", "activity__plan__unit")
        .order_by("activity__plan__unit__path", "activity__order", "activity_id", "source_id")
    )
    by_activity: dict[int, list] = {}
    for a in allocations:
        by_activity.setdefault(a.activity_id, []).append(a)
    out = []
    for n, rows in enumerate(by_activity.values(), start=1):
        a = rows[0].activity
        out.append(
            core.Activity(
                number=n,
                title=f"{a.plan.unit.name}: {a.title}",
                quarters=a.quarters,
                responsible=a.responsible or f"UBND {a.plan.unit.name}",
                cost=sum(r.amount for r in rows),
                funding_source="; ".join(capfirst(str(r.source)) for r in rows),
                people_contribution=a.people_contribution,
                contribution_value=a.contribution_value,
            )
        )
    return out


def _upper_sources(plan: Plan) -> list[tuple[str, int]]:
    if plan.unit.level not in (Level.PROVINCE, Level.DISTRICT):
        return []
    # funding reads plans: imported here, not at the top
    from sedp.funding.inputs import paying_order
    from sedp.funding.models import FundingSource

    sources = sorted(FundingSource.objects.filter(unit=plan.unit, year=plan.year_from), key=paying_order)
    return [(capfirst(str(s)), s.amount) for s in sources]


def sectors_of(rows: Rows) -> list[tuple[str, str, list[Objective]]]:
    """(number, name, objectives) per sector of the plan, in sector order; objectives without one come last."""
    groups: dict[int | None, list[Objective]] = {}
    for o in rows.objectives:
        groups.setdefault(o.sector_id, []).append(o)
    ordered = sorted(
        groups.items(), key=lambda kv: kv[0] is None
    )  # stable: keeps the objectives' sector order
    out = []
    for n, (_pk, objectives) in enumerate(ordered, start=1):
        sector = objectives[0].sector
        out.append((roman(n), sector.name if sector else OTHER_SECTOR, objectives))
    return out


def _core_indicator(i: Indicator) -> core.Indicator:
    return core.Indicator(
        name=i.name,
        unit=i.unit,
        baseline=figure(i.baseline),
        target=figure(i.target),
        direction=core.Direction(i.direction),
        verification=i.verification,
        target_year=i.target_year,
        target_date=i.target_date,
        statement=i.statement,
    )


def _core_activity(a: Activity, fallback: int, origins: dict[int, str]) -> core.Activity:
    return core.Activity(
        number=_number(a.number) or fallback,
        title=a.title,
        quarters=a.quarters,
        responsible=a.responsible,
        cost=a.cost,
        funding_source=a.funding_source,
        people_contribution=a.people_contribution,
        contribution_value=a.contribution_value,
        origin=origins.get(a.pk, ""),
        sector=a.sector.name if a.sector_id else "",
    )


def budget_lines(activities: Iterable) -> tuple[core.BudgetLine, ...]:
    """The activities' costs summed per funding source, in the order sources first appear; () if none has a cost.
    Takes plan rows or `core.Activity`s alike."""
    sums: dict[str, int] = {}
    for a in activities:
        if a.cost is not None:
            source = a.funding_source.strip() or NO_SOURCE
            sums[source] = sums.get(source, 0) + a.cost
    return tuple(core.BudgetLine(source, amount) for source, amount in sums.items())


def _origins(rows: Rows) -> dict[int, str]:
    """Activity pk → the village needs it comes from: 'Thôn 1: N3; Thôn 2: N1'."""
    out: dict[int, list[str]] = defaultdict(list)
    for link in rows.links:
        if link.fate in (Fate.INCLUDED, Fate.MERGED):
            for a in link.activities.all():
                out[a.pk].append(f"{link.need.unit.name}: {link.need.code or link.need.title}")
    return {pk: "; ".join(items) for pk, items in out.items()}


def needs_annex(rows: Rows, numbers: dict[int, str], year: int) -> tuple[core.NeedFate, ...]:
    """Each need that reached the plan with its fate and reason, in plain words: what the commune chair explains to
    the villages at the adoption conference (source 001). `numbers`: activity pk → its number in the plan."""
    merged_with: dict[int, list[NeedLink]] = defaultdict(list)
    for link in rows.links:
        if link.fate == Fate.MERGED:
            for a in link.activities.all():
                merged_with[a.pk].append(link)

    def activities(acts) -> str:
        return _joined_vi([numbers.get(a.pk, a.number) for a in acts])

    out = []
    for link in rows.links:
        need, acts = link.need, list(link.activities.all())
        if link.fate == Fate.INCLUDED:
            detail = f"Đưa vào kế hoạch: hoạt động {activities(acts)}" if acts else "Đưa vào kế hoạch"
        elif link.fate == Fate.MERGED:
            partners = list(
                dict.fromkeys(
                    other.need.unit.name
                    for a in acts
                    for other in merged_with[a.pk]
                    if other.pk != link.pk and other.need.unit_id != need.unit_id
                )
            )
            detail = "Gộp" + (
                f" với nhu cầu của {_joined_vi(partners)}" if partners else " với nhu cầu tương tự"
            )
            detail += f" thành hoạt động {activities(acts)}"
        elif link.fate == Fate.POSTPONED:
            detail = f"Hoãn sang năm {link.postponed_to or year + 1}"
        elif link.fate == Fate.REFERRED:
            detail = f"Chuyển sang {link.referred_to}"
        else:
            detail = f"Không đưa vào kế hoạch năm {year}"
        out.append(
            core.NeedFate(
                unit=need.unit.name,
                code=need.code,
                title=need.title,
                fate=FATE_VI.get(link.fate, link.fate),
                detail=detail,
                reason=link.reason,
            )
        )
    return tuple(out)


def _joined_vi(items: list) -> str:
    """'1', '1 và 2', '1, 2 và 3'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1] if items else ""


def doc_number_only(text: str) -> str:
    """The document number alone: 'Số: 25/KH-UBND' or '25/KH-UBND' → '25' (the symbol is added when printed)."""
    text = " ".join((text or "").split())
    text = re.sub(r"^s[ốo]\s*:?\s*", "", text, flags=re.IGNORECASE)
    return text.split("/", 1)[0].strip()


_COLLECTIVE = re.compile(
    r"^TM\.?\s*(?:(?:ỦY|UỶ)\s*BAN\s*NHÂN\s*DÂN|UBND)\b[\s\w]*?(?=\s*(?:KT\.|Q\.|PHÓ|CHỦ|$))"
)
_FOR_CHAIR = re.compile(r"^KT\.?\s*CHỦ\s*TỊCH\s*")
_ACTING = re.compile(r"^Q\.\s*")


def split_signer(title_lines: str) -> tuple[str, str]:
    """(authority choice, title) from a signer's title typed with its authority lines: 'TM. ỦY BAN NHÂN DÂN\nCHỦ
    TỊCH' → ('TM', 'CHỦ TỊCH'); 'KT. CHỦ TỊCH PHÓ CHỦ TỊCH' → ('KT', 'PHÓ CHỦ TỊCH'); 'Q. CHỦ TỊCH' → ('Q', 'CHỦ
    TỊCH'). A title typed alone ('Phó Chủ tịch') comes back in capitals, with authority TM."""
    text = " ".join((title_lines or "").split()).upper()
    text = _COLLECTIVE.sub("", text).strip()
    authority = SignerAuthority.TM
    if m := _FOR_CHAIR.match(text):
        authority, text = SignerAuthority.KT, text[m.end() :]
    elif m := _ACTING.match(text):
        authority, text = SignerAuthority.Q, text[m.end() :]
    return authority, text.strip()


def header_preview(
    plan: Plan, *, doc_number: str, authority: str, title: str, name: str
) -> core.LogframePlan:
    """The document fields as typed on the form, normalised as saving them would: what the page's live preview
    of the number line and the signature block prints (through the document's own functions)."""
    typed, title = split_signer(title)
    authority = typed if typed != SignerAuthority.TM else authority
    signer_authority, signer_title = signer_block(authority, title)
    unit_name, issuing_body, place = unit_names(plan.unit)
    return core.LogframePlan(
        unit_name=unit_name,
        issuing_body=issuing_body,
        plan_year=plan.year_from,
        title="",
        place=place,
        number=doc_number_only(doc_number),
        symbol=SYMBOL,
        signer_authority=signer_authority,
        signer_title=signer_title,
        signer_name=" ".join((name or "").split()),
    )


def signer_block(authority: str, title: str) -> tuple[str, str]:
    """(signer_authority, signer_title) as `core.LogframePlan` holds them, from the plan's authority choice and
    title: TM. → 'TM. ỦY BAN NHÂN DÂN' / 'CHỦ TỊCH'; KT. → 'TM. ỦY BAN NHÂN DÂN' / 'KT. CHỦ TỊCH' / 'PHÓ CHỦ
    TỊCH'; Q. → 'TM. ỦY BAN NHÂN DÂN' / 'Q. CHỦ TỊCH'."""
    title = " ".join((title or "").split()).upper()
    if authority == SignerAuthority.KT:
        return "TM. ỦY BAN NHÂN DÂN", f"KT. CHỦ TỊCH\n{title or 'PHÓ CHỦ TỊCH'}"
    if authority == SignerAuthority.Q:
        return "TM. ỦY BAN NHÂN DÂN", f"Q. {title or DEFAULT_SIGNER_TITLE}"
    return "TM. ỦY BAN NHÂN DÂN", title or DEFAULT_SIGNER_TITLE


def build_core(plan: Plan, rows: Rows) -> core.LogframePlan:
    """The LogframePlan of already fetched rows (no query but `plan.unit`, usually selected with the plan)."""
    position = {a.pk: n for n, a in enumerate(rows.activities, start=1)}
    origins = _origins(rows)
    sectors = []
    for number, name, objectives in sectors_of(rows):
        core_objectives = []
        for o in objectives:
            results = [r for r in rows.results if r.objective_id == o.pk]
            core_objectives.append(
                core.Objective(
                    number=_number(o.number),
                    text=o.text,
                    indicators=tuple(_core_indicator(i) for i in rows.indicators_of("objective_id", o.pk)),
                    results=tuple(
                        core.Result(
                            number=_number(r.number),
                            output=r.output,
                            indicators=tuple(
                                _core_indicator(i) for i in rows.indicators_of("result_id", r.pk)
                            ),
                            budget_source=r.budget_source,
                            activities=tuple(
                                _core_activity(a, position[a.pk], origins) for a in rows.activities_of(r.pk)
                            ),
                            indicator_text=r.indicator_text,
                        )
                        for r in results
                    ),
                )
            )
        sectors.append(core.Sector(number=number, name=name, objectives=tuple(core_objectives)))
    unit_name, issuing_body, place = unit_names(plan.unit)
    title, subtitle = plan.title.strip(), plan.subtitle.strip()
    others = tuple(
        _core_activity(a, position[a.pk], origins)
        for a in sorted(rows.activities_of(None), key=lambda a: (number_key(a.number), a.order, a.pk))
    )
    numbers = {a.pk: str(_number(a.number) or position[a.pk]) for a in rows.activities}
    authority, signer_title = signer_block(plan.signer_authority, plan.signer_title)
    return core.LogframePlan(
        unit_name=unit_name,
        issuing_body=issuing_body,
        plan_year=plan.year_from,
        title=summary_title(title, plan.year_from),
        subtitle=subtitle,
        place=place,
        date=plan.doc_date,
        number=plan.doc_number,
        symbol=SYMBOL,
        key_targets=tuple(
            core.KeyTarget(
                k.text, tuple(_core_indicator(i) for i in rows.indicators_of("key_target_id", k.pk))
            )
            for k in rows.key_targets
        ),
        sectors=tuple(sectors),
        budget_lines=(
            tuple(core.BudgetLine(name, amount) for name, amount in rows.sources)
            if rows.sources
            else budget_lines(rows.activities)
        ),
        total_budget=plan.total_budget,
        revenue=plan.revenue,
        signer_authority=authority,
        signer_title=signer_title,
        signer_name=plan.signer_name,
        recipients=tuple(line.strip() for line in plan.recipients.splitlines() if line.strip()),
        other_activities=others,
        funded_activities=tuple(rows.funded),
        needs_annex=needs_annex(rows, numbers, plan.year_from),
        draft=plan.state not in PUBLIC_STATES,
        level=plan.unit.level,
        resolution_number=plan.resolution_number,
        resolution_date=plan.resolution_date,
    )


def to_core(plan: Plan) -> core.LogframePlan:
    """The plan as a LogframePlan: five queries (plus one for the unit if it was not selected with the plan)."""
    return build_core(plan, fetch_rows(plan))


def core_json(plan: core.LogframePlan) -> dict:
    """A JSON-safe picture of a LogframePlan: what an adopted plan's snapshot keeps."""

    def safe(value):
        if isinstance(value, frozenset):
            return sorted(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: safe(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [safe(v) for v in value]
        return value

    return safe(dataclasses.asdict(plan))


# ---------------------------------------------------------------------------------------------------------------
# Writing a whole LogframePlan into a draft plan
# ---------------------------------------------------------------------------------------------------------------


def refuse_unless_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("The plan is “%(state)s”: its content can no longer be changed.")
            % {"state": plan.get_state_display()}
        )


def _locked_plan(plan: Plan) -> Plan:
    """The plan row, locked for the transaction, checked to be still editable."""
    fresh = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    refuse_unless_editable(fresh)
    return fresh


def _sector_named(unit, name: str, order: int) -> Sector:
    found = Sector.for_unit(unit).filter(name=name).order_by("unit_id").first()
    return found or Sector.objects.create(unit=unit, name=name, order=order)


def _indicator_row(plan: Plan, i: core.Indicator, order: int, **parent) -> Indicator:
    return Indicator(
        plan=plan,
        name=i.name,
        unit=i.unit,
        baseline=_decimal(i.baseline),
        target=_decimal(i.target),
        direction=str(i.direction),
        verification=i.verification,
        target_year=i.target_year,
        target_date=i.target_date,
        statement=i.statement,
        order=order,
        **parent,
    )


@transaction.atomic
def load_core(plan: Plan, lf: core.LogframePlan, *, actor) -> Plan:
    """Replace a draft plan's logframe and document fields by `lf`. Its activities are replaced too, so links from
    village needs to the old activities go; meant for a new plan (the demo, tests, an import)."""
    plan = _locked_plan(plan)
    plan.key_targets.all().delete()
    plan.indicators.all().delete()
    plan.activities.all().delete()
    plan.objectives.all().delete()  # results go with them
    plan.title, plan.subtitle = lf.title, lf.subtitle
    plan.doc_number, plan.doc_date = lf.number, lf.date
    plan.total_budget, plan.revenue = lf.total_budget, lf.revenue
    plan.signer_authority, plan.signer_title = split_signer(f"{lf.signer_authority}\n{lf.signer_title}")
    plan.signer_name = lf.signer_name
    plan.recipients = "\n".join(lf.recipients)
    plan.save(update_fields=HEADER_FIELDS)

    indicators: list[Indicator] = []
    key_targets = KeyTarget.objects.bulk_create(
        KeyTarget(plan=plan, order=n, text=k.text) for n, k in enumerate(lf.key_targets, start=1)
    )
    for row, k in zip(key_targets, lf.key_targets, strict=True):
        indicators += [_indicator_row(plan, i, n, key_target=row) for n, i in enumerate(k.indicators, 1)]
    top_order = Sector.objects.aggregate(m=Max("order"))["m"] or 0
    activity_order, result_order = 0, itertools.count(1)
    for s_index, s in enumerate(lf.sectors, start=1):
        sector = _sector_named(plan.unit, s.name, top_order + s_index)
        for o_order, o in enumerate(s.objectives, start=1):
            objective = Objective.objects.create(
                plan=plan, sector=sector, number=str(o.number), text=o.text, order=o_order
            )
            indicators += [
                _indicator_row(plan, i, n, objective=objective) for n, i in enumerate(o.indicators, 1)
            ]
            for r in o.results:
                result = Result.objects.create(
                    plan=plan,
                    objective=objective,
                    number=str(r.number),
                    output=r.output,
                    budget_source=r.budget_source,
                    indicator_text=r.indicator_text,
                    order=next(result_order),
                )
                indicators += [
                    _indicator_row(plan, i, n, result=result) for n, i in enumerate(r.indicators, 1)
                ]
                new = []
                for a in r.activities:
                    activity_order += 1
                    new.append(
                        Activity(
                            plan=plan,
                            result=result,
                            sector=sector,
                            number=str(a.number),
                            title=a.title,
                            **{f"q{q}": q in a.quarters for q in core.QUARTERS},
                            responsible=a.responsible,
                            cost=a.cost,
                            funding_source=a.funding_source,
                            people_contribution=a.people_contribution,
                            order=activity_order,
                        )
                    )
                Activity.objects.bulk_create(new)
    Indicator.objects.bulk_create(indicators)
    record(
        actor,
        "plans.logframe.load",
        plan,
        after={
            "key_targets": len(lf.key_targets),
            "objectives": sum(len(s.objectives) for s in lf.sectors),
            "results": len(lf.results),
            "activities": len(lf.activities),
        },
    )
    return plan


# ---------------------------------------------------------------------------------------------------------------
# Editing, one row at a time
# ---------------------------------------------------------------------------------------------------------------


def _required(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("“%(field)s” is required.") % {"field": label}})
    return value


def _amount(value, field: str, label: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(
            {field: _("“%(field)s”: enter an amount in đồng, e.g. 17.052.000.000.") % {"field": label}}
        )
    return value


def _quarters(quarters: Iterable) -> dict[str, bool]:
    try:
        chosen = {int(q) for q in quarters}
    except (TypeError, ValueError):
        chosen = {0}
    if not chosen <= set(core.QUARTERS):
        raise ValidationError({"quarters": _("“Quarters”: choose among quarters I to IV.")})
    return {f"q{q}": q in chosen for q in core.QUARTERS}


def _of_plan(plan: Plan, obj, field: str) -> None:
    if obj is not None and obj.plan_id != plan.pk:
        raise ValidationError({field: _("This belongs to another plan.")})


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def _next_number(queryset) -> str:
    numbers = [int(n) for n in queryset.values_list("number", flat=True) if n and n.isdigit()]
    return str(max(numbers, default=0) + 1)


def _snap(obj, fields: list[str]) -> dict:
    """The audit log's picture of a row: JSON-safe (decimals as text)."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in snapshot(obj, ["pk", *fields]).items()}


def _save(obj, fields: list[str], actor, action: str, plan: Plan, before: dict | None = None):
    obj.save()
    record(actor, action, plan, before=before, after=_snap(obj, fields))
    return obj


# --- versions: what an edit form was loaded with (sedp.audit.guards) -------------------------------------------


def version_of(obj) -> str:
    """The version the edit form of the plan's header (a Plan) or of a row carries."""
    fields = HEADER_FIELDS if isinstance(obj, Plan) else _SNAPSHOT_FIELDS[type(obj)]
    return fingerprint(snapshot(obj, fields))


def _current(row, plan: Plan, version: str):
    """The row read again as stored now (the plan is locked, so it stays so), or `Stale` if it changed since its
    form was loaded with `version`; the log says who changed it: an edit of the row, or a renumbering."""
    row.refresh_from_db()
    kind = row._meta.model_name
    edits = Q(action__in=[f"plans.logframe.add_{kind}", f"plans.logframe.update_{kind}"], after__pk=row.pk)
    edits |= Q(action="plans.logframe.renumber")
    if kind == "activity":  # or made from a village need
        edits |= Q(action="plans.add_activity", after__id=row.pk)
    changes = AuditEntry.objects.filter(object_type="plans.plan", object_id=str(plan.pk)).filter(edits)
    refuse_stale(version, snapshot(row, _SNAPSHOT_FIELDS[type(row)]), changes)
    return row


# --- the plan's header: title, budget, signer, number, date ----------------------------------------------------


@transaction.atomic
def update_header(
    plan: Plan,
    *,
    actor,
    title: str,
    subtitle: str = "",
    doc_number: str = "",
    doc_date: date | None = None,
    total_budget: int | None = None,
    revenue: int | None = None,
    signer_authority: str = SignerAuthority.TM,
    signer_name: str = "",
    signer_title: str = "",
    recipients: str = "",
    version: str = "",
) -> Plan:
    plan = _locked_plan(plan)
    changes = AuditEntry.objects.filter(
        object_type="plans.plan",
        object_id=str(plan.pk),
        action__in=["plans.logframe.header", "plans.create_commune_plan"],
    )
    refuse_stale(version, snapshot(plan, HEADER_FIELDS), changes)
    title = _required(title, "title", _("Title"))
    total_budget = _amount(total_budget, "total_budget", _("Total budget (đ)"))
    revenue = _amount(revenue, "revenue", _("Budget revenue, at least (đ)"))
    if revenue is not None and total_budget is not None and revenue > total_budget:
        raise ValidationError({"revenue": _("“Budget revenue” cannot exceed the total budget.")})
    before = snapshot(plan, HEADER_FIELDS)
    plan.title, plan.subtitle = title, (subtitle or "").strip()
    if len(plan.title) > Plan._meta.get_field("title").max_length:
        raise ValidationError({"title": _("“Title” is too long.")})
    if len(plan.subtitle) > Plan._meta.get_field("subtitle").max_length:
        raise ValidationError({"subtitle": _("“Subtitle” is too long.")})
    plan.doc_number, plan.doc_date = doc_number_only(doc_number), doc_date
    plan.total_budget, plan.revenue = total_budget, revenue
    typed_authority, plan.signer_title = split_signer(signer_title)
    # A title typed with its authority line ('KT. CHỦ TỊCH') says which authority it is; else the choice does.
    authority = typed_authority if typed_authority != SignerAuthority.TM else signer_authority
    if authority not in SignerAuthority.values:
        raise ValidationError({"signer_authority": _("“Signing authority”: choose TM., KT. or Q.")})
    plan.signer_authority = authority
    plan.signer_name = " ".join((signer_name or "").split())
    plan.recipients = _lines(recipients)
    plan.save(update_fields=HEADER_FIELDS)
    record(actor, "plans.logframe.header", plan, before=before, after=snapshot(plan, HEADER_FIELDS))
    return plan


# --- key targets -----------------------------------------------------------------------------------------------


@transaction.atomic
def add_key_target(plan: Plan, *, actor, text: str) -> KeyTarget:
    plan = _locked_plan(plan)
    row = KeyTarget(
        plan=plan, text=_required(text, "text", _("Key target")), order=_next_order(plan.key_targets)
    )
    return _save(row, KEY_TARGET_FIELDS, actor, "plans.logframe.add_key_target", plan)


@transaction.atomic
def update_key_target(row: KeyTarget, *, actor, text: str, version: str = "") -> KeyTarget:
    plan = _locked_plan(row.plan)
    row = _current(row, plan, version)
    before = _snap(row, KEY_TARGET_FIELDS)
    row.text = _required(text, "text", _("Key target"))
    return _save(row, KEY_TARGET_FIELDS, actor, "plans.logframe.update_key_target", plan, before)


# --- objectives ------------------------------------------------------------------------------------------------


def _sector_for(plan: Plan, sector) -> None:
    if sector is not None and sector.unit_id not in (None, plan.unit_id):
        raise ValidationError({"sector": _("This sector belongs to another unit.")})


@transaction.atomic
def add_objective(plan: Plan, *, actor, text: str, sector=None, number: str = "") -> Objective:
    plan = _locked_plan(plan)
    _sector_for(plan, sector)
    row = Objective(
        plan=plan,
        sector=sector,
        text=_required(text, "text", _("Objective")),
        number=(number or "").strip() or _next_number(plan.objectives),
        order=_next_order(plan.objectives.filter(sector=sector)),
    )
    return _save(row, OBJECTIVE_FIELDS, actor, "plans.logframe.add_objective", plan)


@transaction.atomic
def update_objective(
    row: Objective, *, actor, text: str, sector=None, number: str = "", version: str = ""
) -> Objective:
    plan = _locked_plan(row.plan)
    row = _current(row, plan, version)
    _sector_for(plan, sector)
    before = _snap(row, OBJECTIVE_FIELDS)
    row.text = _required(text, "text", _("Objective"))
    row.sector = sector
    row.number = (number or "").strip() or row.number
    return _save(row, OBJECTIVE_FIELDS, actor, "plans.logframe.update_objective", plan, before)


# --- results ---------------------------------------------------------------------------------------------------


@transaction.atomic
def add_result(
    plan: Plan,
    *,
    actor,
    objective: Objective,
    output: str,
    budget_source: str = "",
    indicator_text: str = "",
    number: str = "",
) -> Result:
    plan = _locked_plan(plan)
    if objective is None:
        raise ValidationError({"objective": _("“Objective” is required.")})
    _of_plan(plan, objective, "objective")
    row = Result(
        plan=plan,
        objective=objective,
        output=_required(output, "output", _("Result")),
        budget_source=(budget_source or "").strip(),
        indicator_text=(indicator_text or "").strip(),
        number=(number or "").strip() or _next_number(plan.results),
        order=_next_order(plan.results),
    )
    return _save(row, RESULT_FIELDS, actor, "plans.logframe.add_result", plan)


@transaction.atomic
def update_result(
    row: Result,
    *,
    actor,
    objective: Objective,
    output: str,
    budget_source: str = "",
    indicator_text: str = "",
    number: str = "",
    version: str = "",
) -> Result:
    plan = _locked_plan(row.plan)
    row = _current(row, plan, version)
    if objective is None:
        raise ValidationError({"objective": _("“Objective” is required.")})
    _of_plan(plan, objective, "objective")
    before = _snap(row, RESULT_FIELDS)
    row.objective = objective
    row.output = _required(output, "output", _("Result"))
    row.budget_source, row.indicator_text = (budget_source or "").strip(), (indicator_text or "").strip()
    row.number = (number or "").strip() or row.number
    return _save(row, RESULT_FIELDS, actor, "plans.logframe.update_result", plan, before)


# --- indicators ------------------------------------------------------------------------------------------------


def _indicator_values(plan: Plan, parent, fields: dict) -> dict:
    if parent is None:
        raise ValidationError({"parent": _("“Under” is required: a key target, an objective or a result.")})
    if not isinstance(parent, KeyTarget | Objective | Result):
        raise ValidationError(
            {"parent": _("An indicator hangs under a key target, an objective or a result.")}
        )
    _of_plan(plan, parent, "parent")
    values = {
        "key_target": parent if isinstance(parent, KeyTarget) else None,
        "objective": parent if isinstance(parent, Objective) else None,
        "result": parent if isinstance(parent, Result) else None,
        "name": _required(fields.get("name", ""), "name", _("Indicator")),
        "unit": (fields.get("unit") or "").strip(),
        "baseline": _decimal(fields.get("baseline")),
        "target": _decimal(fields.get("target")),
        "direction": fields.get("direction") or Direction.INCREASE,
        "verification": (fields.get("verification") or "").strip(),
        "target_year": fields.get("target_year"),
        "target_date": fields.get("target_date"),
        "statement": (fields.get("statement") or "").strip(),
    }
    if values["direction"] not in Direction.values:
        raise ValidationError({"direction": _("“Direction”: choose increase, decrease or maintain.")})
    year = values["target_year"]
    if year is not None and not (isinstance(year, int) and 2000 <= year <= 2100):
        raise ValidationError({"target_year": _("“By year”: enter a year such as 2027.")})
    return values


@transaction.atomic
def add_indicator(plan: Plan, *, actor, parent, **fields) -> Indicator:
    plan = _locked_plan(plan)
    row = Indicator(plan=plan, order=_next_order(plan.indicators), **_indicator_values(plan, parent, fields))
    return _save(row, INDICATOR_FIELDS, actor, "plans.logframe.add_indicator", plan)


@transaction.atomic
def update_indicator(row: Indicator, *, actor, parent, version: str = "", **fields) -> Indicator:
    plan = _locked_plan(row.plan)
    row = _current(row, plan, version)
    before = _snap(row, INDICATOR_FIELDS)
    for name, value in _indicator_values(plan, parent, fields).items():
        setattr(row, name, value)
    return _save(row, INDICATOR_FIELDS, actor, "plans.logframe.update_indicator", plan, before)


# --- activities ------------------------------------------------------------------------------------------------


def _activity_values(plan: Plan, fields: dict) -> dict:
    result, sector = fields.get("result"), fields.get("sector")
    _of_plan(plan, result, "result")
    _sector_for(plan, sector)
    return {
        "result": result,
        "sector": sector,
        "title": _required(fields.get("title", ""), "title", _("Activity")),
        **_quarters(fields.get("quarters") or ()),
        "responsible": (fields.get("responsible") or "").strip(),
        "cost": _amount(fields.get("cost"), "cost", _("Cost (đ)")),
        "funding_source": (fields.get("funding_source") or "").strip(),
        "people_contribution": (fields.get("people_contribution") or "").strip(),
        "contribution_value": _amount(
            fields.get("contribution_value"),
            "contribution_value",
            _("Value of the people's contribution (đ)"),
        ),
    }


@transaction.atomic
def add_activity(plan: Plan, *, actor, number: str = "", **fields) -> Activity:
    """fields: title, quarters (iterable of 1–4), responsible, cost, funding_source, people_contribution,
    contribution_value, result, sector."""
    plan = _locked_plan(plan)
    row = Activity(
        plan=plan,
        number=(number or "").strip() or _next_number(plan.activities),
        order=_next_order(plan.activities),
        **_activity_values(plan, fields),
    )
    return _save(row, ACTIVITY_FIELDS, actor, "plans.logframe.add_activity", plan)


@transaction.atomic
def update_activity(row: Activity, *, actor, number: str = "", version: str = "", **fields) -> Activity:
    plan = _locked_plan(row.plan)
    row = _current(row, plan, version)
    before = _snap(row, ACTIVITY_FIELDS)
    for name, value in _activity_values(plan, fields).items():
        setattr(row, name, value)
    row.number = (number or "").strip() or row.number
    return _save(row, ACTIVITY_FIELDS, actor, "plans.logframe.update_activity", plan, before)


# --- deleting, renumbering -------------------------------------------------------------------------------------

_SNAPSHOT_FIELDS = {
    KeyTarget: KEY_TARGET_FIELDS,
    Objective: OBJECTIVE_FIELDS,
    Result: RESULT_FIELDS,
    Indicator: INDICATOR_FIELDS,
    Activity: ACTIVITY_FIELDS,
}


@transaction.atomic
def delete_row(row, *, actor) -> None:
    """Delete a key target, objective, result, indicator or activity. A key target, objective or result takes its
    indicators with it (an objective also its results); activities of a deleted result stay, without a result."""
    plan = _locked_plan(row.plan)
    if isinstance(row, Activity) and row.need_links.exists():
        # Traceability: a village need must keep pointing at what became of it.
        raise ValidationError(
            _(
                "This activity comes from village needs: change their fate on the needs page before deleting it."
            )
        )
    fields = _SNAPSHOT_FIELDS[type(row)]
    record(
        actor,
        f"plans.logframe.delete_{row._meta.model_name}",
        plan,
        before=_snap(row, fields),
    )
    row.delete()


def number_key(number: str | int) -> tuple[int, str]:
    """Sort '2' before '10', numbered items before lettered ones (the order documents print them in)."""
    digits = re.match(r"\d+", str(number).strip())
    return (int(digits.group()) if digits else 10**9, str(number))


def print_order(rows: Rows) -> tuple[list[Objective], list[Result], list[Activity]]:
    """Objectives, results and activities in the order the documents print them: sector by sector, results and
    activities by their numbers (then as entered); activities without a result come last."""
    sector_of = {}
    objectives = []
    for s_index, (_n, _name, group) in enumerate(sectors_of(rows)):
        for o in group:
            sector_of[o.pk] = s_index
            objectives.append(o)
    results = sorted(
        rows.results, key=lambda r: (sector_of.get(r.objective_id, 0), number_key(r.number), r.order, r.pk)
    )
    by_result = defaultdict(list)
    for a in rows.activities:
        by_result[a.result_id].append(a)
    activities = []
    for r in [*results, None]:
        activities += sorted(
            by_result[r.pk if r else None], key=lambda a: (number_key(a.number), a.order, a.pk)
        )
    return objectives, results, activities


@transaction.atomic
def renumber(plan: Plan, *, actor) -> dict:
    """Number objectives, results and activities 1, 2, 3… in print order: closes the gaps a deletion leaves and
    numbers activities that came from village needs without one. Numbers already in order do not change."""
    plan = _locked_plan(plan)
    changed = {}
    for key, items in zip(
        ("objectives", "results", "activities"), print_order(fetch_rows(plan)), strict=True
    ):
        stale = []
        for n, item in enumerate(items, start=1):
            if item.number != str(n):
                item.number = str(n)
                stale.append(item)
        if stale:
            type(stale[0]).objects.bulk_update(stale, ["number"])
        changed[key] = len(stale)
    record(actor, "plans.logframe.renumber", plan, after=changed)
    return changed
