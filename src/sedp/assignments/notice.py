"""The notice of an issued assignment, for the board of the commune office (source 001: assigned targets and
budgets are posted publicly): "THÔNG BÁO giao chỉ tiêu, kế hoạch năm 2027", headed with the issuing body as
Decree 30 lays a document out (the same A4 page, margins, font and header blocks as the plan's own documents in
`sedp.exports.documents`), with the budgets by source (and activity) and the targets.

`notice_for` reads an assignment into a `Notice`; `render_html` and `render_pdf` are pure functions of it. The
print page is the same HTML, with a toolbar that does not print."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

from sedp.core.money import amount_in_words, format_vnd
from sedp.core.numbers import format_decimal
from sedp.exports import documents

TITLE = "THÔNG BÁO"
OTHER = "Không gắn với hoạt động cụ thể"


@dataclass(frozen=True)
class BudgetLine:
    source: str
    amount: int
    activities: tuple[tuple[str, int], ...] = ()  # (activity, amount) of the money named for an activity


@dataclass(frozen=True)
class TargetLine:
    name: str
    unit: str
    value: str


@dataclass(frozen=True)
class Notice:
    year: int
    superior_body: str  # "UBND TỈNH ĐẮK LẮK" above a district; empty for a province
    issuing_body: str  # "UBND tỉnh Đắk Lắk"
    place: str  # "Đắk Lắk"
    receiver: str  # "Phường Ea Kao"
    number: str
    date: date | None
    plan_title: str
    budgets: tuple[BudgetLine, ...] = ()
    targets: tuple[TargetLine, ...] = ()
    signer_name: str = ""
    signer_authority: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = "CHỦ TỊCH"  # one line or several ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    issued: bool = True
    recipients: tuple[str, ...] = field(default=())
    receiver_is_village: bool = False

    @property
    def subject(self) -> str:
        return f"Giao chỉ tiêu, kế hoạch năm {self.year}"

    @property
    def total(self) -> int:
        return sum(b.amount for b in self.budgets)


def notice_for(assignment) -> Notice:
    """The notice of an assignment (its budgets grouped by source, in source then activity order)."""
    from sedp.plans.logframe.actions import signer_block, unit_names

    from .actions import source_title

    plan = assignment.plan
    upper = plan.unit
    authority, signer_title = signer_block(plan.signer_authority, plan.signer_title)
    _name, issuing_body, place = unit_names(upper)
    # A People's Committee writes no governing body above its own name (Decree 30, as the plan documents do).
    superior = ""
    by_source: dict[int, list] = {}
    names: dict[int, str] = {}
    for b in assignment.budgets.select_related("source", "activity").order_by(
        "source_id", "activity__order", "id"
    ):
        by_source.setdefault(b.source_id, []).append(b)
        names[b.source_id] = source_title(b.source)
    budgets = tuple(
        BudgetLine(
            names[sid],
            sum(b.amount for b in rows),
            tuple((b.activity.title, b.amount) for b in rows if b.activity_id),
        )
        for sid, rows in by_source.items()
    )
    targets = tuple(
        TargetLine(t.name, t.unit_of_measure, format_decimal(t.value)) for t in assignment.targets.all()
    )
    return Notice(
        year=assignment.year,
        superior_body=superior,
        issuing_body=issuing_body,
        place=place,
        receiver=assignment.unit.name,
        number=assignment.doc_number,
        date=assignment.doc_date,
        plan_title=plan.title or f"Kế hoạch phát triển kinh tế - xã hội năm {plan.year_from}",
        budgets=budgets,
        targets=targets,
        signer_name=plan.signer_name,
        signer_authority=authority,
        signer_title=signer_title,
        issued=assignment.state == "issued",
        recipients=(f"{assignment.unit.name} (niêm yết công khai)", "Lưu: VT"),
        receiver_is_village=assignment.unit.level == "village",
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _body_lines(body: str) -> list[str]:
    for prefix in ("UBND ", "Ủy ban nhân dân "):
        if body.lower().startswith(prefix.lower()):
            return ["ỦY BAN NHÂN DÂN", body[len(prefix) :].upper()]
    return [body.upper()]


def _full(body: str) -> str:
    """Decree 30 spells the body out in running text: 'UBND tỉnh Đắk Lắk' → 'Ủy ban nhân dân tỉnh Đắk Lắk'."""
    return "Ủy ban nhân dân " + body[5:] if body.startswith("UBND ") else body


def _plan_name(title: str) -> str:
    """'Phát triển kinh tế - xã hội năm 2027' (a plan's summary) → 'Kế hoạch phát triển kinh tế - xã hội năm 2027'."""
    title = " ".join(title.split())
    if not title.lower().startswith("kế hoạch"):
        title = "Kế hoạch " + title[:1].lower() + title[1:]
    return title


def closing(n: Notice) -> str:
    if n.receiver_is_village:
        return (
            f"Trưởng {n.receiver[:1].lower() + n.receiver[1:]} phổ biến Thông báo này tại cuộc họp thôn, buôn, niêm "
            "yết tại nhà văn hóa để nhân dân biết, tham gia thực hiện và giám sát."
        )
    return (
        f"{n.receiver} tổ chức thực hiện, niêm yết công khai Thông báo này tại trụ sở và thông báo đến các thôn, "
        "buôn, tổ dân phố để nhân dân biết, tham gia thực hiện và giám sát."
    )


def date_line(n: Notice) -> str:
    if n.date is None:
        blank = "\u00a0" * 4
        return f"{n.place}, ngày{blank}tháng{blank}năm{blank}"
    day, month, year = documents.vn_date(n.date)
    return f"{n.place}, ngày {day} tháng {month} năm {year}"


EXTRA_CSS = """
table.grid td.activity { padding-left: 8mm; font-style: italic; }
.toolbar { font-family: sans-serif; font-size: 11pt; background: #eef; padding: 6pt; margin-bottom: 12pt; }
.toolbar a, .toolbar button { margin-right: 12pt; }
@media print { .toolbar { display: none; } }
@media screen { body { max-width: 165mm; margin: 12pt auto; } }
"""


def number_text(number: str) -> str:
    """'15' → '15/TB-UBND'; a number typed with its own symbol ('122/QĐ-UBND') as typed, never
    '122/QĐ-UBND/TB-UBND'; blanks to write it in by hand when there is none yet."""
    number = " ".join((number or "").split())
    if not number:
        return "\u00a0" * 6 + "/TB-UBND"
    return number if "/" in number else f"{number}/TB-UBND"


def render_html(n: Notice, *, toolbar: str = "") -> str:
    """The notice as one HTML page, A4 by its @page rule: what the print page shows and WeasyPrint lays out."""
    parts: list[str] = []
    add = parts.append
    if toolbar:
        add(f'<div class="toolbar">{toolbar}</div>')
    cols = documents._cols([documents.HEADER_LEFT_MM, documents.HEADER_RIGHT_MM])
    left = f'<div class="superior">{_e(n.superior_body.upper())}</div>' if n.superior_body else ""
    left += "".join(f'<div class="body-name">{_e(line)}</div>' for line in _body_lines(n.issuing_body))
    left += '<div class="rule" style="width:22mm"></div>'
    left += f'<div class="number">Số: {_e(number_text(n.number))}</div>'
    right = '<div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>'
    right += '<div class="motto">Độc lập - Tự do - Hạnh phúc</div>'
    right += '<div class="rule" style="width:56mm"></div>'
    right += f'<div class="dateline">{_e(date_line(n))}</div>'
    add(f'<table class="head">{cols}<tr><td>{left}</td><td>{right}</td></tr></table>')
    if not n.issued:
        add(f'<p class="title draft">{documents.DRAFT_MARK}</p>')
    add(f'<p class="title">{TITLE}</p>')
    add(f'<p class="title" style="margin-top:0">{_e(n.subject)}</p>')
    add(f'<p class="subtitle">cho {_e(n.receiver)}</p>')
    add('<div class="rule" style="width:40mm; margin-bottom:12pt"></div>')
    add(
        f'<p class="ind">Căn cứ {_e(_plan_name(n.plan_title))} của {_e(_full(n.issuing_body))}; '
        f"{_e(_full(n.issuing_body))} thông báo giao chỉ tiêu, kế hoạch năm {n.year} cho {_e(n.receiver)} như "
        "sau:</p>"
    )
    add("<h2>I. NGÂN SÁCH ĐƯỢC GIAO THEO NGUỒN VỐN</h2>")
    if n.budgets:
        add(f'<table class="grid whole">{documents._cols([13, 107, 45])}')
        add("<thead><tr><th>STT</th><th>Nguồn vốn, hoạt động</th><th>Số tiền (đồng)</th></tr></thead><tbody>")
        for i, b in enumerate(n.budgets, start=1):
            add(
                f'<tr><td class="c">{i}</td><td>{_e(b.source)}</td><td class="r">{format_vnd(b.amount, unit="")}</td></tr>'
            )
            rest = b.amount - sum(amount for _title, amount in b.activities)
            for title, amount in [*b.activities, *([(OTHER, rest)] if b.activities and rest else [])]:
                add(
                    f'<tr><td></td><td class="activity">- {_e(title)}</td>'
                    f'<td class="r">{format_vnd(amount, unit="")}</td></tr>'
                )
        add(
            f'<tr class="total"><td></td><td>Tổng cộng</td><td class="r">{format_vnd(n.total, unit="")}</td></tr>'
        )
        add("</tbody></table>")
        add(f'<p class="ind"><i>(Bằng chữ: {_e(amount_in_words(n.total))})</i></p>')
    else:
        add('<p class="ind">Không giao ngân sách.</p>')
    add("<h2>II. CÁC CHỈ TIÊU ĐƯỢC GIAO</h2>")
    if n.targets:
        add(f'<table class="grid whole">{documents._cols([13, 102, 25, 25])}')
        add(
            "<thead><tr><th>STT</th><th>Chỉ tiêu</th><th>Đơn vị tính</th><th>Chỉ tiêu giao</th></tr></thead><tbody>"
        )
        for i, t in enumerate(n.targets, start=1):
            add(
                f'<tr><td class="c">{i}</td><td>{_e(t.name)}</td><td class="c">{_e(t.unit)}</td>'
                f'<td class="r">{_e(t.value)}</td></tr>'
            )
        add("</tbody></table>")
    else:
        add('<p class="ind">Không giao chỉ tiêu.</p>')
    add(f'<p class="ind">{_e(closing(n))}</p>')
    recipients = "".join(
        f'<div class="item">- {_e(r)}{"." if i == len(n.recipients) - 1 else ";"}</div>'
        for i, r in enumerate(n.recipients)
    )
    authority = "".join(
        f'<div class="authority">{_e(line)}</div>'
        for line in [n.signer_authority, *n.signer_title.splitlines()]
        if line.strip()
    )
    add(
        f'<table class="sign">{documents._cols([80, 85])}<tr>'
        f'<td class="recipients"><div class="label">Nơi nhận:</div>{recipients}</td>'
        f'<td>{authority}<div class="signer">{_e(n.signer_name)}</div></td></tr></table>'
    )
    title = f"Thông báo giao chỉ tiêu, kế hoạch năm {n.year} - {n.receiver}"
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{documents._font_faces()}\n{documents.CSS}\n{EXTRA_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def render_pdf(n: Notice) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(n), base_url=None).write_pdf()
