"""The minutes (biên bản) of a citizen–government dialogue, .docx and .pdf, in the layout of Decree 30/2020/NĐ-CP.

Decree 30's form for minutes (Appendix III, biên bản): the issuing body and the number "Số: …/BB-MTTQ" on the
left, the national title on the right with no place-and-date line (the minutes state their time in the text),
"BIÊN BẢN" and its summary, then the time, the place, who took part, who chaired and who kept the minutes, what
happened; the time it ended; the minute-taker's signature on the left, the chair's on the right, the recipients
under them. The page, fonts, margins and header blocks are `sedp.exports.documents`' (reused, not copied).

What the minutes hold (issue 13, §6): the participants by body and sex, how the previous dialogue's commitments
stand, the agenda with what happened, every question shown and its answer (an anonymous one says "không ghi tên":
no name is stored to print), the A0 summary, the concerns, the small groups' recommendations and the commitments.

`minutes_of(dialogue)` reads the database into a `Minutes`; the renderers are pure functions of it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, time

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from sedp.core.money import format_vnd

from .documents import (
    BODY_PT,
    CSS,
    TABLE_PT,
    TEXT_WIDTH_MM,
    _cant_split,
    _cell_para,
    _cols,
    _docx_header,
    _e,
    _font_faces,
    _grid,
    _keep_with_next,
    _listed,
    _no_borders,
    _para,
    _rule,
    _setup,
    _widths,
    html_header,
    vn_date,
)

BODIES = {
    "committee": "Ủy ban nhân dân",
    "council": "Hội đồng nhân dân",
    "party": "Đảng ủy",
    "front": "Ủy ban Mặt trận Tổ quốc",
    "citizens": "Người dân",
    "project": "Cán bộ dự án",
    "facilitator": "Thúc đẩy viên",
    "other": "Khác",
}
STATUSES = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "kept": "Đã thực hiện",
    "not_kept": "Không thực hiện được",
}
SOURCES = {
    "core_group": "tổ nòng cốt thu thập trước",
    "public": "gửi qua trang công khai",
    "card": "thẻ câu hỏi",
    "floor": "hỏi trực tiếp",
}
SECTIONS = (
    "TÌNH HÌNH THỰC HIỆN CAM KẾT CỦA LẦN ĐỐI THOẠI TRƯỚC",
    "CHƯƠNG TRÌNH VÀ DIỄN BIẾN",
    "CÂU HỎI VÀ TRẢ LỜI",
    "CÁC VẤN ĐỀ NGƯỜI DÂN QUAN TÂM",
    "KIẾN NGHỊ, ĐỀ XUẤT CỦA CÁC NHÓM",
    "CAM KẾT CỦA CHÍNH QUYỀN",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def section_titles(m: Minutes) -> list[str]:
    """The sections' headings, numbered I, II… in the order printed (the first only after a previous dialogue)."""
    shown = SECTIONS if m.previous_date is not None else SECTIONS[1:]
    titles = [f"{ROMAN[i]}. {title}" for i, title in enumerate(shown)]
    return titles if m.previous_date is not None else ["", *titles]


FACILITATOR_SIGNS = "THÚC ĐẨY VIÊN"
MINUTE_TAKER_SIGNS = "NGƯỜI GHI BIÊN BẢN"
SIGN_HINT = "(Ký, ghi rõ họ tên)"


@dataclass(frozen=True)
class QA:
    number: int
    text: str
    asker: str  # "Y Bhim Mlô (Buôn Ea Kmát)" or "không ghi tên (Buôn Ea Kmát)"
    how: str
    answer: str
    answered_by: str
    also_asked: int = 0


@dataclass(frozen=True)
class Pledge:
    number: int
    solution: str
    recommendation: str
    body: str
    responsible: str
    deadline: date
    cost: int | None
    status: str
    link: str = ""


@dataclass(frozen=True)
class Minutes:
    # The header blocks (duck-typed for `sedp.exports.documents`' header).
    issuing_body: str
    superior_body: str
    number: str
    symbol: str
    place: str
    title: str
    date: date
    starts_at: time | None
    ends_at: time | None
    venue: str
    topics: list[str]
    facilitator: str
    facilitator_title: str
    minute_taker: str
    minute_taker_title: str
    participants: list[tuple[str, int, int]]
    agenda: list[tuple[str, str, str, str]]  # time, item, responsible, what happened
    questions: list[QA]
    hidden_questions: int
    a0_summary: str
    concerns: list[tuple[str, list[int]]]
    recommendations: list[tuple[str, str]]  # group, text
    commitments: list[Pledge]
    previous_date: date | None = None
    previous: list[Pledge] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


# --- Text shared by both renderers ----------------------------------------------------------------------------


def in_text(name: str) -> str:
    """'Phường Ea Kao' → 'phường Ea Kao', as a unit's name reads inside a sentence."""
    first, _sep, rest = name.partition(" ")
    if first.lower() in ("xã", "phường", "thị", "đặc"):
        return f"{first.lower()} {rest}"
    return name


def clock(t: time) -> str:
    return f"{t.hour:02d} giờ {t.minute:02d}"


def day_words(d: date) -> str:
    day, month, year = vn_date(d)
    return f"ngày {day} tháng {month} năm {year}"


def opening_lines(m: Minutes) -> list[str]:
    started = f"{clock(m.starts_at)}, " if m.starts_at else ""
    men = sum(p[1] for p in m.participants)
    women = sum(p[2] for p in m.participants)
    lines = [
        f"Thời gian bắt đầu: {started}{day_words(m.date)}.",
        f"Địa điểm: {m.venue}.",
        f"Chủ đề đối thoại: {'; '.join(m.topics)}." if m.topics else "",
        f"Thành phần tham dự: {men + women} người, trong đó {women} nữ.",
        f"Người chủ trì (thúc đẩy viên): {m.facilitator}{', ' + m.facilitator_title if m.facilitator_title else ''}.",
        f"Người ghi biên bản: {m.minute_taker}{', ' + m.minute_taker_title if m.minute_taker_title else ''}.",
    ]
    return [line for line in lines if line]


def closing_line(m: Minutes) -> str:
    ended = f"vào {clock(m.ends_at)} cùng ngày" if m.ends_at else "cùng ngày"
    return (
        f"Buổi đối thoại kết thúc {ended}. Biên bản đã được đọc lại cho những người tham dự cùng nghe và thống "
        "nhất./."
    )


def question_lines(q: QA) -> tuple[str, str]:
    also = f"; {q.also_asked} người khác cùng hỏi" if q.also_asked else ""
    asked = f"{q.number}. Câu hỏi ({q.how}; người hỏi: {q.asker}{also}): {q.text}"
    if q.answer:
        answered = f"Trả lời ({q.answered_by}): {q.answer}"
    else:
        answered = "Chưa được trả lời tại buổi đối thoại."
    return asked, answered


def concern_line(n: int, title: str, numbers: list[int]) -> str:
    asked = f" (câu hỏi {', '.join(str(x) for x in numbers)})" if numbers else ""
    return f"{n}. {title}{asked}."


def pledge_cells(p: Pledge, *, previous: bool = False) -> list[str]:
    if previous:
        return [str(p.number), p.solution, p.deadline.strftime("%d/%m/%Y"), p.status]
    what = p.solution + (f"\n(Kiến nghị: {p.recommendation})" if p.recommendation else "")
    if p.link:
        what += f"\n({p.link})"
    who = p.body + (f"\n{p.responsible}" if p.responsible else "")
    cost = "" if p.cost is None else format_vnd(p.cost, unit="")
    return [str(p.number), what, who, p.deadline.strftime("%d/%m/%Y"), cost]


PARTICIPANT_HEADER = ["Thành phần", "Nam", "Nữ", "Cộng"]
PARTICIPANT_WIDTHS = [90.0, 25.0, 25.0, 25.0]
AGENDA_HEADER = ["Thời gian", "Nội dung và diễn biến", "Trách nhiệm"]
AGENDA_WIDTHS = [28.0, 102.0, 35.0]
PREVIOUS_HEADER = ["STT", "Cam kết", "Thời hạn", "Tình hình"]
PREVIOUS_WIDTHS = [13.0, 97.0, 25.0, 30.0]
PLEDGE_HEADER = ["STT", "Giải pháp (kiến nghị)", "Trách nhiệm", "Thời hạn", "Kinh phí (đồng)"]
PLEDGE_WIDTHS = [12.0, 74.0, 32.0, 23.0, 24.0]


def participant_rows(m: Minutes) -> list[list[str]]:
    rows = [[label, str(men), str(women), str(men + women)] for label, men, women in m.participants]
    men, women = sum(p[1] for p in m.participants), sum(p[2] for p in m.participants)
    return [*rows, ["Tổng cộng", str(men), str(women), str(men + women)]]


def title_lines(m: Minutes) -> list[str]:
    return ["BIÊN BẢN", m.title]


# --- .docx --------------------------------------------------------------------------------------------------


def _table(doc, header, widths, rows, *, aligns, bold_last=False):
    table = _grid(doc, header, widths)
    left, center, right = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    align = {"l": left, "c": center, "r": right}
    for n, row in enumerate(rows):
        cells = table.add_row().cells
        bold = bold_last and n == len(rows) - 1
        for i, text in enumerate(row):
            lines = text.split("\n")
            _cell_para(cells[i], lines[0], align=align[aligns[i]], bold=bold)
            for extra in lines[1:]:
                _cell_para(cells[i], extra, size=TABLE_PT - 1, italic=True, align=align[aligns[i]])
            cells[i].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _widths(table, widths)
    _cant_split(table)
    _keep_with_next(table.rows[:1])
    _para(doc, "", after=0)
    return table


def _heading(doc, text: str) -> None:
    _para(doc, text, bold=True, before=6, keep_with_next=True)


def _signatures_docx(doc, m: Minutes) -> None:
    _para(doc, "", after=0, keep_with_next=True)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, role, name in zip(
        table.rows[0].cells,
        (MINUTE_TAKER_SIGNS, FACILITATOR_SIGNS),
        (m.minute_taker, m.facilitator),
        strict=True,
    ):
        _cell_para(cell, role, size=BODY_PT, bold=True, align=center)
        _cell_para(cell, SIGN_HINT, size=BODY_PT - 1, italic=True, align=center)
        for _ in range(4):
            _cell_para(cell, "", align=center)
        _cell_para(cell, name, size=BODY_PT, bold=True, align=center)
    _cant_split(table)
    for p in (p for c in table.rows[0].cells for p in c.paragraphs):
        p.paragraph_format.keep_with_next = True
    _para(
        doc, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12, after=0
    )
    for line in _listed(m.recipients):
        _para(doc, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)


def render_docx(m: Minutes) -> bytes:
    """The minutes as a Word document (A4, Decree 30 layout). Returns the .docx bytes."""
    doc = Document()
    _setup(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _docx_header(doc, m, dated=False)
    center = WD_ALIGN_PARAGRAPH.CENTER
    first, summary = title_lines(m)
    _para(doc, first, bold=True, align=center, before=18, after=0)
    _para(doc, summary, bold=True, align=center, after=0)
    _rule(doc, 40, TEXT_WIDTH_MM)
    _para(doc, "", after=6)
    for line in opening_lines(m):
        _para(doc, line, first_line_mm=10)
    _table(doc, PARTICIPANT_HEADER, PARTICIPANT_WIDTHS, participant_rows(m), aligns="lrrr", bold_last=True)
    _para(doc, "Nội dung:", bold=True, first_line_mm=10, keep_with_next=True)
    heads = section_titles(m)

    if m.previous_date is not None:
        _heading(doc, heads[0])
        if m.previous:
            _para(
                doc,
                f"Cam kết của buổi đối thoại {day_words(m.previous_date)}:",
                first_line_mm=10,
                keep_with_next=True,
            )
            rows = [pledge_cells(p, previous=True) for p in m.previous]
            _table(doc, PREVIOUS_HEADER, PREVIOUS_WIDTHS, rows, aligns="clcl")
        else:
            _para(doc, f"Buổi đối thoại {day_words(m.previous_date)} không có cam kết nào.", first_line_mm=10)

    _heading(doc, heads[1])
    _table(doc, AGENDA_HEADER, AGENDA_WIDTHS, [list(row) for row in _agenda_rows(m)], aligns="cll")

    _heading(doc, heads[2])
    for q in m.questions:
        asked, answered = question_lines(q)
        _para(doc, asked, first_line_mm=10, after=0, keep_with_next=True)
        _para(doc, answered, italic=True, first_line_mm=10)
    if not m.questions:
        _para(doc, "Không có câu hỏi.", first_line_mm=10)
    if m.hidden_questions:
        _para(doc, hidden_line(m), italic=True, first_line_mm=10)
    if m.a0_summary:
        _para(doc, "Tóm tắt câu hỏi và trả lời trên giấy A0:", first_line_mm=10, keep_with_next=True, after=0)
        for line in m.a0_summary.splitlines():
            if line.strip():
                _para(doc, line.strip(), first_line_mm=10, after=0)
        _para(doc, "", after=0)

    _heading(doc, heads[3])
    for n, (title, numbers) in enumerate(m.concerns, start=1):
        _para(doc, concern_line(n, title, numbers), first_line_mm=10)
    if not m.concerns:
        _para(doc, "Không có.", first_line_mm=10)

    _heading(doc, heads[4])
    for line in recommendation_lines(m):
        _para(doc, line, first_line_mm=10)

    _heading(doc, heads[5])
    if m.commitments:
        _table(doc, PLEDGE_HEADER, PLEDGE_WIDTHS, [pledge_cells(p) for p in m.commitments], aligns="clccr")
    else:
        _para(doc, "Không có.", first_line_mm=10)
    _para(doc, closing_line(m), first_line_mm=10, before=6)
    _signatures_docx(doc, m)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _agenda_rows(m: Minutes) -> list[tuple[str, str, str]]:
    return [(when, f"{item}\n{notes}" if notes else item, who) for when, item, who, notes in m.agenda]


def hidden_line(m: Minutes) -> str:
    return (
        f"Ngoài ra có {m.hidden_questions} câu hỏi không đưa ra buổi đối thoại vì vi phạm nội quy; lý do được ghi "
        "trong nhật ký kiểm duyệt."
    )


def recommendation_lines(m: Minutes) -> list[str]:
    if not m.recommendations:
        return ["Không có."]
    return [
        f"{n}. {group + ': ' if group else ''}{text}"
        for n, (group, text) in enumerate(m.recommendations, start=1)
    ]


# --- .pdf (WeasyPrint) --------------------------------------------------------------------------------------

MINUTES_CSS = """
p.q { margin-bottom: 0; text-indent: 10mm; break-after: avoid; }
p.a { font-style: italic; text-indent: 10mm; }
p.h { font-weight: bold; margin-top: 6pt; break-after: avoid; }
td .extra { font-size: 12pt; font-style: italic; }
table.sign2 { width: 100%; border-collapse: collapse; margin-top: 12pt; break-inside: avoid; }
table.sign2 td { width: 50%; text-align: center; vertical-align: top; padding: 0; }
.role { font-weight: bold; }
.hint { font-style: italic; font-size: 13pt; }
.signer { font-weight: bold; margin-top: 64pt; }
.recipients { margin-top: 12pt; break-inside: avoid; }
.recipients .label { font-size: 12pt; font-weight: bold; font-style: italic; }
.recipients .item { font-size: 11pt; }
"""


def _html_table(header, widths, rows, aligns, *, bold_last=False) -> str:
    cls = {"l": "", "c": ' class="c"', "r": ' class="r"'}
    out = [f'<table class="grid">{_cols(widths)}<thead><tr>']
    out.append("".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead><tbody>")
    for n, row in enumerate(rows):
        total = bold_last and n == len(rows) - 1
        cells = []
        for i, text in enumerate(row):
            first, *extra = text.split("\n")
            inner = _e(first) + "".join(f'<div class="extra">{_e(x)}</div>' for x in extra)
            cells.append(f"<td{cls[aligns[i]]}>{inner}</td>")
        out.append(f"<tr{' class=total' if total else ''}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(m: Minutes) -> str:
    """The HTML WeasyPrint lays out: the same blocks, in the same order, as the .docx."""
    parts: list[str] = []
    add = parts.append
    add(html_header(m, dated=False))
    first, summary = title_lines(m)
    add(f'<p class="title">{_e(first)}</p><p class="title" style="margin-top:0">{_e(summary)}</p>')
    add('<div class="rule" style="width:40mm; margin-bottom:12pt"></div>')
    for line in opening_lines(m):
        add(f'<p class="ind">{_e(line)}</p>')
    add(_html_table(PARTICIPANT_HEADER, PARTICIPANT_WIDTHS, participant_rows(m), "lrrr", bold_last=True))
    add('<p class="ind" style="font-weight:bold">Nội dung:</p>')
    heads = section_titles(m)
    if m.previous_date is not None:
        add(f'<p class="h">{_e(heads[0])}</p>')
        if m.previous:
            add(f'<p class="ind keep">Cam kết của buổi đối thoại {_e(day_words(m.previous_date))}:</p>')
            rows = [pledge_cells(p, previous=True) for p in m.previous]
            add(_html_table(PREVIOUS_HEADER, PREVIOUS_WIDTHS, rows, "clcl"))
        else:
            add(f'<p class="ind">Buổi đối thoại {_e(day_words(m.previous_date))} không có cam kết nào.</p>')
    add(f'<p class="h">{_e(heads[1])}</p>')
    add(_html_table(AGENDA_HEADER, AGENDA_WIDTHS, [list(r) for r in _agenda_rows(m)], "cll"))
    add(f'<p class="h">{_e(heads[2])}</p>')
    for q in m.questions:
        asked, answered = question_lines(q)
        add(f'<p class="q">{_e(asked)}</p><p class="a">{_e(answered)}</p>')
    if not m.questions:
        add('<p class="ind">Không có câu hỏi.</p>')
    if m.hidden_questions:
        add(f'<p class="a">{_e(hidden_line(m))}</p>')
    if m.a0_summary:
        add('<p class="ind keep" style="margin-bottom:0">Tóm tắt câu hỏi và trả lời trên giấy A0:</p>')
        lines = [line.strip() for line in m.a0_summary.splitlines() if line.strip()]
        add("".join(f'<p class="ind" style="margin-bottom:0">{_e(line)}</p>' for line in lines) + "<p></p>")
    add(f'<p class="h">{_e(heads[3])}</p>')
    for n, (title, numbers) in enumerate(m.concerns, start=1):
        add(f'<p class="ind">{_e(concern_line(n, title, numbers))}</p>')
    if not m.concerns:
        add('<p class="ind">Không có.</p>')
    add(f'<p class="h">{_e(heads[4])}</p>')
    for line in recommendation_lines(m):
        add(f'<p class="ind">{_e(line)}</p>')
    add(f'<p class="h">{_e(heads[5])}</p>')
    if m.commitments:
        add(_html_table(PLEDGE_HEADER, PLEDGE_WIDTHS, [pledge_cells(p) for p in m.commitments], "clccr"))
    else:
        add('<p class="ind">Không có.</p>')
    add(f'<p class="ind" style="margin-top:6pt">{_e(closing_line(m))}</p>')
    cells = "".join(
        f'<td><div class="role">{_e(role)}</div><div class="hint">{_e(SIGN_HINT)}</div>'
        f'<div class="signer">{_e(name)}</div></td>'
        for role, name in ((MINUTE_TAKER_SIGNS, m.minute_taker), (FACILITATOR_SIGNS, m.facilitator))
    )
    add(f'<table class="sign2"><tr>{cells}</tr></table>')
    recipients = "".join(f'<div class="item">{_e(line)}</div>' for line in _listed(m.recipients))
    add(f'<div class="recipients"><div class="label">Nơi nhận:</div>{recipients}</div>')
    title = f"Biên bản {m.title}"
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_font_faces()}\n{CSS}\n{MINUTES_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


def render_pdf(m: Minutes) -> bytes:
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, which the .docx path does not need

    return HTML(string=render_html(m), base_url=None).write_pdf()


# --- From the database ------------------------------------------------------------------------------------------


def _pledge(c, *, today: date | None = None) -> Pledge:
    status = STATUSES.get(c.status, c.status)
    if today is not None and c.overdue(today):
        status += " (quá hạn)"
    link = ""
    if c.activity_id:
        link = f"Hoạt động kế hoạch {c.activity.plan.year_from}: {c.activity.title}"
    elif c.need_id:
        link = f"Nhu cầu {c.need.code} của {c.need.unit.name}: {c.need.title}"
    return Pledge(
        number=c.number,
        solution=c.solution,
        recommendation=c.recommendation.text if c.recommendation_id else "",
        body=BODIES.get(c.body, c.body),
        responsible=c.responsible,
        deadline=c.deadline,
        cost=c.cost,
        status=status,
        link=link,
    )


def minutes_of(dialogue) -> Minutes:
    """The minutes of a dialogue, read from its records (a constant number of queries)."""
    from django.db.models import Count
    from django.utils import timezone

    from sedp.core import dialogue as rules
    from sedp.dialogues.actions import previous
    from sedp.dialogues.models import Kind, Topic, Visibility

    commune = dialogue.unit
    where = in_text(commune.name)
    if dialogue.kind == Kind.HOUSEHOLDS and dialogue.village_id:
        title = f"Đối thoại giữa chính quyền {where} với đại diện các hộ gia đình {dialogue.village.name}"
    else:
        title = f"Đối thoại giữa chính quyền {where} với đại diện người dân các thôn, buôn"
    topics_vi = {
        Topic.PLANNING: "quy trình và các ưu tiên của việc lập kế hoạch phát triển kinh tế - xã hội",
        Topic.BUDGET: "phân bổ ngân sách",
        Topic.DEMOCRACY: "thực hiện dân chủ ở cơ sở: dân biết, dân bàn, dân làm, dân giám sát",
        Topic.REGULATIONS: "các quy định",
    }
    items = list(dialogue.agenda.all())
    slots = rules.timetable(dialogue.starts_at, [i.minutes for i in items])
    agenda = [
        (
            (f"{s.starts:%H:%M}–{s.ends:%H:%M}" if i.minutes else f"{s.starts:%H:%M}")
            if s
            else f"{i.minutes}′",
            i.title,
            BODIES.get(i.responsible, ""),
            i.notes,
        )
        for i, s in zip(items, slots, strict=True)
    ]
    participants = [
        (BODIES.get(p.body, p.body), p.men, p.women) for p in dialogue.participants.all() if p.men or p.women
    ]
    questions = list(
        dialogue.questions.select_related("unit").annotate(n_dup=Count("duplicates")).order_by("number", "id")
    )
    shown = [q for q in questions if q.visibility == Visibility.SHOWN]
    numbers = {q.pk: q.number for q in shown}
    qas = []
    for q in shown:
        name = "không ghi tên" if q.anonymous or not q.asked_by else q.asked_by
        asker = f"{name} ({q.unit.name})" if q.unit_id != commune.pk else name
        qas.append(
            QA(
                number=numbers[q.pk],
                text=q.text,
                asker=asker,
                how=SOURCES.get(q.source, q.source),
                answer=q.answer,
                answered_by=BODIES.get(q.answered_by, ""),
                also_asked=q.n_dup,
            )
        )
    concerns = [
        (c.title, sorted(numbers[q.pk] for q in c.questions.all() if q.pk in numbers))
        for c in dialogue.concerns.prefetch_related("questions")
    ]
    recommendations = [(r.group, r.text) for r in dialogue.recommendations.all()]
    commitments = [
        _pledge(c)
        for c in dialogue.commitments.select_related("recommendation", "activity__plan", "need__unit")
    ]
    before = previous(dialogue)
    today = timezone.localdate()
    earlier = (
        [
            _pledge(c, today=today)
            for c in before.commitments.select_related("recommendation", "activity__plan", "need__unit")
        ]
        if before
        else []
    )
    kind = where.split(" ")[0]
    return Minutes(
        issuing_body=f"Ủy ban Mặt trận Tổ quốc Việt Nam {where}",
        superior_body="",
        number="",
        symbol="BB-MTTQ",
        place=commune.name,
        title=title,
        date=dialogue.date,
        starts_at=dialogue.starts_at,
        ends_at=dialogue.ends_at,
        venue=dialogue.place,
        topics=[
            topics_vi[t] + (f" của {kind}" if t in (Topic.BUDGET, Topic.REGULATIONS) else "")
            for t in dialogue.topics
            if t in topics_vi
        ],
        facilitator=dialogue.facilitator_name,
        facilitator_title=dialogue.facilitator_title,
        minute_taker=dialogue.minute_taker_name,
        minute_taker_title=dialogue.minute_taker_title,
        participants=participants,
        agenda=agenda,
        questions=qas,
        hidden_questions=sum(1 for q in questions if q.visibility == Visibility.HIDDEN),
        a0_summary=dialogue.a0_summary,
        concerns=concerns,
        recommendations=recommendations,
        commitments=commitments,
        previous_date=before.date if before else None,
        previous=earlier,
        recipients=[
            f"Ủy ban nhân dân {where}",
            f"Thường trực Hội đồng nhân dân {where}",
            f"Đảng ủy {where}",
            "Các thôn, buôn (để niêm yết công khai)",
            "Lưu: VT, hồ sơ",
        ],
    )
