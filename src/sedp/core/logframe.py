"""A commune plan written as a logframe (khung lô-gíc), and the checks a planning team should run on it.

Source 000 (PCM project, Nam Định, 2013) sets the frame: a plan states **objectives** (a change: giảm, tăng,
cải thiện...), **results/outputs** written as completed ("được vay vốn", "được phân định"), the **activities**
that produce them (starting with a verb, scheduled on a Gantt chart by quarter, each with someone responsible),
and **indicators/targets** (chỉ số/chỉ tiêu) that must be SMART: specific, measurable, achievable, relevant and
time-bound — reached within the plan year.

Everything here is plain frozen dataclasses and pure functions: no Django, no database. The Django plan models
map onto `LogframePlan` (see docs/documents.md), and `sedp.exports.documents` renders it as .docx and .pdf.

Hierarchy: plan → sectors (lĩnh vực) → objectives (mục tiêu) → results (kết quả/đầu ra) → indicators and
activities. Results and activities keep the numbers the plan gives them (the source numbers activities 1–19
straight through the sector), so documents list them in that order whatever objective they hang under.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sedp.core.money import format_vnd

__all__ = [
    "Activity",
    "BudgetLine",
    "Direction",
    "GanttRow",
    "Indicator",
    "KeyTarget",
    "LogframePlan",
    "NeedFate",
    "Objective",
    "Result",
    "Sector",
    "Warning",
    "gantt_rows",
    "smart_warnings",
]

QUARTERS = (1, 2, 3, 4)
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Direction(StrEnum):
    """Which way the indicator should move: the objective's verb (giảm / tăng / duy trì)."""

    INCREASE = "increase"  # tăng, nâng cao, đạt ít nhất
    DECREASE = "decrease"  # giảm, xóa bỏ, không quá
    MAINTAIN = "maintain"  # duy trì, giữ vững


@dataclass(frozen=True)
class Indicator:
    """A chỉ số with its chỉ tiêu: e.g. 'Tỷ lệ hộ nghèo', '%', 3.06 → 2.9, decrease, by 2010.

    `target` is the number to reach (the minimum for an increase, the maximum for a decrease); None means the
    indicator is qualitative, which the source allows but which the SMART check flags so someone looks at it.
    `statement` is the indicator as written in the plan, when the plan words it itself; documents print it
    instead of a sentence composed from the fields.
    """

    name: str
    unit: str = ""
    baseline: float | int | None = None
    target: float | int | None = None
    direction: Direction = Direction.INCREASE
    verification: str = ""  # nguồn kiểm chứng / means of verification
    target_year: int | None = None
    target_date: date | None = None
    statement: str = ""

    @property
    def deadline(self) -> str:
        """'31/12/2010' or '2010' or ''."""
        if self.target_date:
            return self.target_date.strftime("%d/%m/%Y")
        return str(self.target_year) if self.target_year else ""

    def text(self) -> str:
        """The indicator as a document prints it."""
        if self.statement:
            return self.statement
        parts = [self.name]
        if self.target is not None:
            word = {Direction.INCREASE: "đạt", Direction.DECREASE: "giảm còn", Direction.MAINTAIN: "duy trì"}
            parts.append(f"{word[self.direction]} {_number(self.target)}{_unit(self.unit)}")
            if self.baseline is not None:
                parts.append(f"(năm gốc: {_number(self.baseline)}{_unit(self.unit)})")
        if self.target_date:
            parts.append(f"trước ngày {self.deadline}")
        elif self.target_year:
            parts.append(f"trong năm {self.target_year}")
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class KeyTarget:
    """One of the plan's key targets (các chỉ tiêu chủ yếu), as written, with its measurable indicators."""

    text: str
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Activity:
    """A hoạt động: starts with a verb, done in some quarters of the plan year, by someone responsible."""

    number: int | str
    title: str
    quarters: frozenset[int] = frozenset()
    responsible: str = ""
    cost: int | None = None  # whole VND; None when the plan states no cost
    funding_source: str = ""
    people_contribution: str = ""  # đóng góp của người dân (labour, land, cash...), as written
    contribution_value: int | None = None  # the people's contribution valued in đồng, when known
    business_contribution_value: int | None = None  # MOP-SEDP: what businesses put in, in đồng
    origin: str = ""  # the village needs it comes from: "Thôn 1: N3; Thôn 2: N1"
    # the sector's name, for forms that group activities by sector (not part of the plan's identity)
    sector: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # Accept any iterable of quarters but store a frozenset, so the dataclass stays hashable.
        object.__setattr__(self, "quarters", frozenset(self.quarters))
        wrong = [q for q in self.quarters if q not in QUARTERS]
        if wrong:
            raise ValueError(f"activity {self.number}: quarters must be 1–4, got {sorted(wrong)}")


@dataclass(frozen=True)
class Result:
    """A kết quả / đầu ra, written as completed, with its indicators, budget source and activities.

    `indicator_text` is the indicator column as the plan words it, when one sentence covers several structured
    indicators (e.g. '125 hộ nghèo, 177 hộ cận nghèo... sẽ được vay vốn').
    """

    number: int | str
    output: str
    indicators: tuple[Indicator, ...] = ()
    budget_source: str = ""
    activities: tuple[Activity, ...] = ()
    indicator_text: str = ""

    def indicator_lines(self) -> list[str]:
        if self.indicator_text:
            return [self.indicator_text]
        return [i.text() for i in self.indicators]


@dataclass(frozen=True)
class Objective:
    """A mục tiêu: the change wanted this year, with optional indicators and the results that bring it about."""

    number: int | str
    text: str
    results: tuple[Result, ...] = ()
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Sector:
    """A lĩnh vực of the plan, e.g. 'I. Phát triển kinh tế và cơ sở hạ tầng'."""

    number: str
    name: str
    objectives: tuple[Objective, ...] = ()

    @property
    def results(self) -> list[Result]:
        """The sector's results in the plan's own numbering order."""
        return sorted((r for o in self.objectives for r in o.results), key=lambda r: _order(r.number))

    @property
    def activities(self) -> list[Activity]:
        return [a for r in self.results for a in r.activities]


@dataclass(frozen=True)
class BudgetLine:
    """Money by source (nguồn vốn): ngân sách nhà nước, vay ngân hàng, dân đóng góp... `amount` in whole VND."""

    source: str
    amount: int | None = None
    note: str = ""


@dataclass(frozen=True)
class NeedFate:
    """One village need and what the plan did with it, in plain words (the annex the commune chair reads out at
    the adoption conference): `fate` 'Đưa vào kế hoạch', `detail` 'hoạt động 3: Xây nhà vệ sinh…', `reason`."""

    unit: str  # "Thôn 1"
    code: str  # the need's code in the village's plan
    title: str
    fate: str
    detail: str = ""
    reason: str = ""


OTHER_ACTIVITIES = "Các hoạt động khác (chưa gắn với kết quả)"
# A province's or district's plan: the communes' activities its funding sources pay (the integration applied).
FUNDED_ACTIVITIES = "Hoạt động của cấp xã được bố trí vốn"


@dataclass(frozen=True)
class MERow:
    """A row of the monitoring and evaluation plan (source 004, step 5): an indicator as printed, who measures it,
    when or how often, how (method, means of verification), the data source, who uses and reports it. Empty
    fields: not planned yet (a MOP-SEDP plan prints every indicator, its missing rows blank)."""

    indicator: str
    who: str = ""
    when: str = ""
    method: str = ""
    source: str = ""
    users: str = ""


@dataclass(frozen=True)
class Annex:
    """An annex printed after the signature: a title, a sentence, and a table (header, column widths in mm adding
    up to the text width, rows of text)."""

    title: str
    intro: str = ""
    header: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    # A drawing (SVG) printed under the sentence in the .pdf, e.g. a value chain's map; the .docx prints the
    # sentence and the table only, so the sentence must say what the drawing shows.
    figure_svg: str = ""


@dataclass(frozen=True)
class LogframePlan:
    """The adopted commune plan, everything a document needs and nothing about the database."""

    unit_name: str  # "phường Trường Thi"
    issuing_body: str  # "UBND phường Trường Thi"; "UBND" is written out in full in documents
    plan_year: int
    title: str  # the trích yếu, after "KẾ HOẠCH": "Phát triển kinh tế - xã hội năm 2026"
    place: str  # địa danh of the date line: "Ea Kao"
    date: date | None = None
    number: str = ""  # "15"; empty on a draft, printed as a blank to fill in
    symbol: str = "KH-UBND"  # ký hiệu: document type (KH = kế hoạch) - issuing body
    superior_body: str = ""  # cơ quan chủ quản, printed above the issuing body when there is one
    subtitle: str = ""
    key_targets: tuple[KeyTarget, ...] = ()
    sectors: tuple[Sector, ...] = ()
    budget_lines: tuple[BudgetLine, ...] = ()
    total_budget: int | None = None
    revenue: int | None = None  # thu ngân sách (at least)
    signer_authority: str = ""  # "TM. ỦY BAN NHÂN DÂN"; derived from the issuing body when empty
    signer_title: str = "CHỦ TỊCH"  # one printed line per "\n": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    # Activities of the plan that hang under no result yet: printed in a group of their own, never dropped.
    other_activities: tuple[Activity, ...] = ()
    # Upper plans only: the communes' activities the unit's sources pay, each with the amount allocated and the
    # source(s) — printed as a group of section III after the plan's own activities; not the plan's own (no SMART
    # check, not counted in the budget, which is the unit's sources).
    funded_activities: tuple[Activity, ...] = ()
    needs_annex: tuple[NeedFate, ...] = ()  # the villages' needs and their fates (empty: no annex)
    # Not adopted yet: every page of the document says "DỰ THẢO", so a draft is never signed for the real thing.
    draft: bool = False
    # The unit's level ("province", "district", "commune"; empty: a commune) and the People's Council's approval,
    # which the document cites ("Căn cứ Nghị quyết số ... của Hội đồng nhân dân tỉnh Đắk Lắk").
    # The approval is the plan's standing, not its content: two pictures of the same plan compare equal before and
    # after it.
    level: str = ""
    resolution_number: str = field(default="", compare=False)
    resolution_date: date | None = field(default=None, compare=False)
    # "mop": a market-oriented plan (MOP-SEDP, source 004) — its title, its People's Council basis, its M&E plan.
    mode: str = ""
    me_plan: tuple[MERow, ...] = ()  # the M&E plan's rows (empty: no section)
    annexes: tuple[Annex, ...] = ()  # further annexes (the value chains of a MOP-SEDP plan)

    @property
    def results(self) -> list[Result]:
        return [r for s in self.sectors for r in s.results]

    @property
    def activities(self) -> list[Activity]:
        """Every activity of the plan, in print order: under the results, then the other activities."""
        return [a for s in self.sectors for a in s.activities] + list(self.other_activities)

    @property
    def computed_total(self) -> int | None:
        """The budget lines added up (by source): the total every output prints when the plan gives costs."""
        amounts = [b.amount for b in self.budget_lines if b.amount is not None]
        return sum(amounts) if amounts else None

    @property
    def printed_total(self) -> int | None:
        """The total the document prints: computed from the lines by source when there are any, else the total
        typed on the plan (a plan such as source 000's gives a total and no costs)."""
        computed = self.computed_total
        return computed if computed is not None else self.total_budget


@dataclass(frozen=True)
class Warning:  # the name the plan pages use; it shadows the builtin only inside this module
    """One SMART-check finding. `where` is a stable path such as 'sector I / result 2 / indicator 1'."""

    code: str
    where: str
    message_vi: str
    message_en: str


# Codes, for pages that want to group or translate findings.
TARGET_NO_NUMBER = "target_no_number"
TARGET_NO_UNIT = "target_no_unit"
TARGET_NO_DATE = "target_no_date"
RESULT_NO_INDICATOR = "result_no_indicator"
ACTIVITY_NO_QUARTER = "activity_no_quarter"
ACTIVITY_NO_RESPONSIBLE = "activity_no_responsible"
COSTS_INCOMPLETE = "costs_incomplete"
COSTS_MISMATCH = "costs_mismatch"
BUDGET_LINES_MISMATCH = "budget_lines_mismatch"


def _indicator_places(plan: LogframePlan) -> Iterator[tuple[str, str, Indicator]]:
    """Every indicator with its path, in English and Vietnamese."""
    for k, kt in enumerate(plan.key_targets, 1):
        for i, ind in enumerate(kt.indicators, 1):
            yield f"key target {k} / indicator {i}", f"chỉ tiêu chủ yếu {k}, chỉ số {i}", ind
    for s in plan.sectors:
        for o in s.objectives:
            for i, ind in enumerate(o.indicators, 1):
                yield (
                    f"sector {s.number} / objective {o.number} / indicator {i}",
                    f"lĩnh vực {s.number}, mục tiêu {o.number}, chỉ số {i}",
                    ind,
                )
        for r in s.results:
            for i, ind in enumerate(r.indicators, 1):
                yield (
                    f"sector {s.number} / result {r.number} / indicator {i}",
                    f"lĩnh vực {s.number}, kết quả {r.number}, chỉ số {i}",
                    ind,
                )


def smart_warnings(plan: LogframePlan) -> list[Warning]:
    """What a planning team should fix before the plan is adopted, in plan order.

    - a target (chỉ tiêu) with no number, no unit or no date — not measurable / not time-bound;
    - a result with no indicator;
    - an activity with no quarter, or with no one responsible;
    - when activities' costs are given: some missing, or their sum differing from the total budget;
    - budget lines by source not adding up to the total budget.
    """
    out: list[Warning] = []
    for where, where_vi, ind in _indicator_places(plan):
        label = f"«{ind.name}»"
        if ind.target is None:
            out.append(
                Warning(
                    TARGET_NO_NUMBER,
                    where,
                    f"Chỉ tiêu {label} ({where_vi}) chưa có con số cần đạt.",
                    f"Target {label} ({where}) has no number to reach.",
                )
            )
        if not ind.unit.strip():
            out.append(
                Warning(
                    TARGET_NO_UNIT,
                    where,
                    f"Chỉ tiêu {label} ({where_vi}) chưa có đơn vị tính.",
                    f"Target {label} ({where}) has no unit.",
                )
            )
        if not ind.deadline:
            out.append(
                Warning(
                    TARGET_NO_DATE,
                    where,
                    f"Chỉ tiêu {label} ({where_vi}) chưa có thời hạn đạt được.",
                    f"Target {label} ({where}) has no date or year by which to reach it.",
                )
            )
    for s in plan.sectors:
        for r in s.results:
            if not r.indicators and not r.indicator_text.strip():
                out.append(
                    Warning(
                        RESULT_NO_INDICATOR,
                        f"sector {s.number} / result {r.number}",
                        f"Kết quả {r.number} (lĩnh vực {s.number}) chưa có chỉ số.",
                        f"Result {r.number} (sector {s.number}) has no indicator.",
                    )
                )
            for a in r.activities:
                out += _activity_warnings(a, f"sector {s.number} / result {r.number} / activity {a.number}")
    for a in plan.other_activities:
        out += _activity_warnings(a, f"other activities / activity {a.number}")
    out += _cost_warnings(plan)
    return out


def _activity_warnings(a: Activity, where: str) -> list[Warning]:
    out = []
    if not a.quarters:
        out.append(
            Warning(
                ACTIVITY_NO_QUARTER,
                where,
                f"Hoạt động {a.number} «{a.title}» chưa xác định thực hiện trong quý nào.",
                f"Activity {a.number} «{a.title}» is not scheduled in any quarter.",
            )
        )
    if not a.responsible.strip():
        out.append(
            Warning(
                ACTIVITY_NO_RESPONSIBLE,
                where,
                f"Hoạt động {a.number} «{a.title}» chưa có đơn vị chịu trách nhiệm.",
                f"Activity {a.number} «{a.title}» has no one responsible.",
            )
        )
    return out


def _cost_warnings(plan: LogframePlan) -> list[Warning]:
    out: list[Warning] = []
    activities = plan.activities
    costed = [a for a in activities if a.cost is not None]
    if costed:
        missing = [a for a in activities if a.cost is None]
        total = sum(a.cost for a in costed if a.cost is not None)
        if missing:
            numbers = ", ".join(str(a.number) for a in missing)
            typed_vi = typed_en = ""
            if plan.total_budget is not None:
                typed_vi = f" (tổng kế hoạch ngân sách đã nhập: {format_vnd(plan.total_budget)})"
                typed_en = f" (total budget typed in: {format_vnd(plan.total_budget)})"
            out.append(
                Warning(
                    COSTS_INCOMPLETE,
                    "activities",
                    f"{len(missing)} hoạt động chưa có kinh phí ({numbers}); "
                    f"các hoạt động đã có kinh phí cộng lại được {format_vnd(total)}{typed_vi}.",
                    f"{len(missing)} activities have no cost ({numbers}); "
                    f"the costed ones add up to {format_vnd(total)}{typed_en}.",
                )
            )
        elif plan.total_budget is not None and total != plan.total_budget:
            diff = total - plan.total_budget
            more_vi = "nhiều hơn" if diff > 0 else "ít hơn"
            more_en = "more" if diff > 0 else "less"
            out.append(
                Warning(
                    COSTS_MISMATCH,
                    "activities",
                    f"Tổng kế hoạch ngân sách đã nhập là {format_vnd(plan.total_budget)}, nhưng kinh phí các "
                    f"hoạt động cộng lại là {format_vnd(total)} ({more_vi} {format_vnd(abs(diff))}).",
                    f"The total budget typed in is {format_vnd(plan.total_budget)}, but the activities' costs add "
                    f"up to {format_vnd(total)} ({format_vnd(abs(diff))} {more_en}).",
                )
            )
    amounts = [b.amount for b in plan.budget_lines if b.amount is not None]
    if not out and amounts and plan.total_budget is not None and sum(amounts) != plan.total_budget:
        out.append(
            Warning(
                BUDGET_LINES_MISMATCH,
                "budget",
                f"Các nguồn vốn cộng lại là {format_vnd(sum(amounts))}, khác tổng kế hoạch ngân sách đã nhập "
                f"{format_vnd(plan.total_budget)}.",
                f"Budget lines add up to {format_vnd(sum(amounts))}, not the total budget of "
                f"{format_vnd(plan.total_budget)}.",
            )
        )
    return out


@dataclass(frozen=True)
class GanttRow:
    """One row of the quarterly Gantt table.

    kind 'sector' (a heading row, label 'I. Phát triển kinh tế...'), 'result' (a group row, 'Hoạt động cho kết
    quả 1'), 'other' (the group of activities under no result) or 'activity' (number, title, marks for quarters
    I–IV, responsible, cost).
    """

    kind: str
    label: str
    number: str = ""
    marks: tuple[bool, bool, bool, bool] = (False, False, False, False)
    responsible: str = ""
    cost: int | None = None
    funding_source: str = ""
    people_contribution: str = ""
    business_contribution_value: int | None = None

    @property
    def cells(self) -> tuple[str, str, str, str]:
        """'x' or '' per quarter, as printed."""
        return tuple("x" if m else "" for m in self.marks)  # type: ignore[return-value]


def gantt_rows(plan: LogframePlan) -> list[GanttRow]:
    """Rows for a quarterly Gantt: per sector a heading, per result a group row, then its activities in order.

    The sector heading is left out when the plan has a single sector (the logframe part already names it).
    """
    rows: list[GanttRow] = []
    for s in plan.sectors:
        if len(plan.sectors) > 1:
            rows.append(GanttRow("sector", f"{s.number}. {s.name}"))
        for r in s.results:
            rows.append(GanttRow("result", f"Hoạt động cho kết quả {r.number}", number=str(r.number)))
            rows += [_gantt_activity(a) for a in sorted(r.activities, key=lambda a: _order(a.number))]
    if plan.other_activities:
        rows.append(GanttRow("other", OTHER_ACTIVITIES))
        rows += [_gantt_activity(a) for a in plan.other_activities]
    if plan.funded_activities:
        rows.append(GanttRow("other", FUNDED_ACTIVITIES))
        rows += [_gantt_activity(a) for a in plan.funded_activities]
    return rows


def _gantt_activity(a: Activity) -> GanttRow:
    return GanttRow(
        "activity",
        a.title,
        number=str(a.number),
        marks=tuple(q in a.quarters for q in QUARTERS),  # type: ignore[arg-type]
        responsible=a.responsible,
        cost=a.cost,
        funding_source=a.funding_source,
        people_contribution=a.people_contribution,
        business_contribution_value=a.business_contribution_value,
    )


def _order(number: int | str) -> tuple[int, str]:
    """Sort '2' before '10', and numbered items before lettered ones."""
    text = str(number)
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 10**9, text)


def _number(value: float | int) -> str:
    """Vietnamese decimal comma, grouped thousands: 3.06 → '3,06'; 17052000000 → '17.052.000.000'."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value}".partition(".")
        return f"{int(whole):,}".replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


def _unit(unit: str) -> str:
    if not unit:
        return ""
    return unit if unit == "%" else f" {unit}"


def format_number(value: float | int) -> str:
    """Public form of the number formatting used in indicator texts."""
    return _number(value)
