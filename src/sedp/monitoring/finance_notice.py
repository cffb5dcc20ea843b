"""The finance disclosure as a notice to post (issue 12 §3: the commune "publishes the finances to the villages"):
"CÔNG KHAI TÀI CHÍNH CÁC CÔNG TRÌNH, HOẠT ĐỘNG NĂM 2027", issued by the commune's People's Committee and signed
by its chairman, on the same A4 page, margins, font and Decree 30 header blocks as the assignment notice
(`sedp.assignments.notice`) and the plan's own documents (`sedp.exports.documents`), whose helpers and CSS it
uses. Always in Vietnamese: it is an official document, whatever the reader's language.

`render_html` and `render_pdf` are pure functions of a `finance.Disclosure` and the notice's date.
"""

from __future__ import annotations

from datetime import date

from sedp.assignments.notice import EXTRA_CSS, _body_lines, _e, _full, _plan_name, number_text
from sedp.core.money import format_vnd
from sedp.exports import documents

from .finance import ROMAN, Disclosure

TITLE = "THÔNG BÁO"

NOTICE_CSS = """
table.grid td.source { padding-left: 8mm; font-style: italic; }
table.grid td.none { text-align: center; font-style: italic; }
p.unit-note { text-align: right; font-style: italic; font-size: 12pt; margin: 0 0 2pt 0; break-after: avoid; }
"""


def subject(year: int) -> str:
    return f"CÔNG KHAI TÀI CHÍNH CÁC CÔNG TRÌNH, HOẠT ĐỘNG NĂM {year}"


def _money(value) -> str:
    return format_vnd(value, unit="")


def _place_name(unit) -> str:
    """'Thôn 1' → 'thôn 1' inside a sentence; a proper name ('Buôn Ea Kmát') keeps its capitals after the kind."""
    name = unit.name.strip()
    return name[:1].lower() + name[1:]


def signer(d: Disclosure) -> tuple[str, str, str]:
    """(authority, title, name): the commune People's Committee's chairman; the plan's signer's name when the
    chairman signed it himself, else a blank to sign by hand."""
    plan = d.plan
    name = plan.signer_name if plan.signer_authority == "TM" and plan.signer_name else ""
    return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name


def date_line(place: str, on: date) -> str:
    day, month, year = documents.vn_date(on)
    return f"{place}, ngày {day} tháng {month} năm {year}"


def _grid(widths: list[float], header: list[str], *, whole: bool = False) -> str:
    """A bordered table with its header row (repeated on each page); `whole` keeps a short table on one page."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    css = "grid whole" if whole else "grid"
    return f'<table class="{css}">{documents._cols(widths)}<thead><tr>{head}</tr></thead><tbody>'


def render_html(d: Disclosure, on: date, *, toolbar: str = "") -> str:
    """The notice as one HTML page, A4 by its @page rule: what the print page shows and WeasyPrint lays out."""
    from sedp.plans.logframe.actions import unit_names

    _name, issuing_body, place = unit_names(d.commune)
    body_full = _full(issuing_body)
    parts: list[str] = []
    add = parts.append
    if toolbar:
        add(f'<div class="toolbar">{toolbar}</div>')

    # Decree 30 header: the issuing body and the number left, the national motto and the date right.
    left = "".join(f'<div class="body-name">{_e(line)}</div>' for line in _body_lines(issuing_body))
    left += '<div class="rule" style="width:22mm"></div>'
    left += f'<div class="number">Số: {_e(number_text(""))}</div>'
    right = '<div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>'
    right += '<div class="motto">Độc lập - Tự do - Hạnh phúc</div>'
    right += '<div class="rule" style="width:56mm"></div>'
    right += f'<div class="dateline">{_e(date_line(place, on))}</div>'
    cols = documents._cols([documents.HEADER_LEFT_MM, documents.HEADER_RIGHT_MM])
    add(f'<table class="head">{cols}<tr><td>{left}</td><td>{right}</td></tr></table>')

    add(f'<p class="title">{TITLE}</p>')
    add(f'<p class="title" style="margin-top:0">{_e(subject(d.year))}</p>')
    scope = f"{d.unit.name}, {_place_name(d.commune)}" if d.is_village else d.unit.name
    add(f'<p class="subtitle">{_e(scope)}</p>')
    add('<div class="rule" style="width:40mm; margin-bottom:12pt"></div>')

    plan_name = _plan_name(d.plan.title or f"Phát triển kinh tế - xã hội năm {d.year}")
    of_village = f" tại {_place_name(d.unit)}" if d.is_village else ""
    if d.as_of:
        add(
            f'<p class="ind">Căn cứ {_e(plan_name)} của {_e(body_full)} và các báo cáo tiến độ đã được phê duyệt; '
            f"{_e(body_full)} công khai tình hình tài chính các công trình, hoạt động năm {d.year}{_e(of_village)}, "
            f"số liệu đến hết quý {ROMAN[d.as_of - 1]} năm {d.year}, như sau:</p>"
        )
    else:
        add(
            f'<p class="ind">Căn cứ {_e(plan_name)} của {_e(body_full)}; {_e(body_full)} công khai kế hoạch vốn '
            f"các công trình, hoạt động năm {d.year}{_e(of_village)} như sau (chưa có báo cáo giải ngân được "
            "phê duyệt):</p>"
        )

    t = d.totals.total
    head3 = ["Kế hoạch", "Đã giải ngân", "Đã quyết toán"]
    add("<h2>I. TỔNG HỢP THEO NGUỒN VỐN</h2>")
    add('<p class="unit-note">Đơn vị tính: đồng</p>')
    add(_grid([12, 63, 30, 30, 30], ["STT", "Nguồn vốn", *head3], whole=True))
    for i, s in enumerate(d.sources, start=1):
        a = s.amounts
        add(
            f'<tr><td class="c">{i}</td><td>{_e(s.source)}</td><td class="r">{_money(a.planned)}</td>'
            f'<td class="r">{_money(a.disbursed)}</td><td class="r">{_money(a.settled)}</td></tr>'
        )
    add(
        f'<tr class="total"><td></td><td>Tổng cộng</td><td class="r">{_money(t.planned)}</td>'
        f'<td class="r">{_money(t.disbursed)}</td><td class="r">{_money(t.settled)}</td></tr>'
    )
    add("</tbody></table>")

    add("<h2>II. CHI TIẾT THEO CÔNG TRÌNH, HOẠT ĐỘNG</h2>")
    add('<p class="unit-note">Đơn vị tính: đồng</p>')
    add(_grid([12, 63, 30, 30, 30], ["STT", "Công trình, hoạt động", *head3]))
    for i, row in enumerate(d.activities, start=1):
        a = row.amounts
        who = f" ({row.owner} tự thực hiện)" if row.self_run else ""
        source = f"<br><i>Nguồn: {_e(row.sources[0].source)}</i>" if len(row.sources) == 1 else ""
        add(
            f'<tr><td class="c">{i}</td><td>{_e(row.work.activity.title)}{_e(who)}{source}</td>'
            f'<td class="r">{_money(a.planned)}</td><td class="r">{_money(a.disbursed)}</td>'
            f'<td class="r">{_money(a.settled)}</td></tr>'
        )
        if len(row.sources) > 1:
            for s in row.sources:
                b = s.amounts
                add(
                    f'<tr><td></td><td class="source">- {_e(s.source)}</td><td class="r">{_money(b.planned)}</td>'
                    f'<td class="r">{_money(b.disbursed)}</td><td class="r">{_money(b.settled)}</td></tr>'
                )
    if not d.activities:
        add('<tr><td></td><td colspan="4" class="none">Chưa có công trình, hoạt động nào.</td></tr>')
    add(
        f'<tr class="total"><td></td><td>Tổng cộng</td><td class="r">{_money(t.planned)}</td>'
        f'<td class="r">{_money(t.disbursed)}</td><td class="r">{_money(t.settled)}</td></tr>'
    )
    add("</tbody></table>")

    add("<h2>III. GIẢI NGÂN, QUYẾT TOÁN THEO QUÝ</h2>")
    add('<p class="unit-note">Đơn vị tính: đồng</p>')
    add(
        _grid(
            [21, 36, 36, 36, 36],
            ["Quý", "Giải ngân trong quý", "Quyết toán trong quý", "Lũy kế giải ngân", "Lũy kế quyết toán"],
            whole=True,
        )
    )
    for q in d.quarters:
        if q.reported:
            add(
                f'<tr><td class="c">Quý {q.roman}</td><td class="r">{_money(q.amounts.disbursed)}</td>'
                f'<td class="r">{_money(q.amounts.settled)}</td><td class="r">{_money(q.disbursed_to_date)}</td>'
                f'<td class="r">{_money(q.settled_to_date)}</td></tr>'
            )
        else:
            add(
                f'<tr><td class="c">Quý {q.roman}</td>'
                '<td colspan="4" class="none">Chưa có báo cáo được phê duyệt</td></tr>'
            )
    add("</tbody></table>")

    add("<h2>IV. NHÂN DÂN ĐÓNG GÓP</h2>")
    rows = [c for c in d.contributions if c.pledged.value or c.realised.value or c.pledged.labour_days]
    if rows:
        add(
            '<p class="unit-note">Giá trị gồm tiền, ngày công, vật tư, đất quy ra tiền; đơn vị tính: đồng</p>'
        )
        add(
            _grid(
                [12, 63, 30, 30, 30],
                ["STT", "Công trình, hoạt động", "Đã cam kết", "Đã đóng góp", "Ngày công (đã góp/cam kết)"],
                whole=len(rows) < 12,
            )
        )
        for i, c in enumerate(rows, start=1):
            add(
                f'<tr><td class="c">{i}</td><td>{_e(c.work.activity.title)}</td>'
                f'<td class="r">{_money(c.pledged.value)}</td><td class="r">{_money(c.realised.value)}</td>'
                f'<td class="c">{_money(c.realised.labour_days)}/{_money(c.pledged.labour_days)}</td></tr>'
            )
        ct = d.contribution_total
        add(
            f'<tr class="total"><td></td><td>Tổng cộng</td><td class="r">{_money(ct.pledged.value)}</td>'
            f'<td class="r">{_money(ct.realised.value)}</td>'
            f'<td class="c">{_money(ct.realised.labour_days)}/{_money(ct.pledged.labour_days)}</td></tr>'
        )
        add("</tbody></table>")
    else:
        add('<p class="ind">Không có khoản nhân dân đóng góp.</p>')

    if d.overruns:
        add("<h2>V. CÁC KHOẢN CẦN GIẢI TRÌNH</h2>")
        for o in d.overruns:
            add(f'<p class="ind">- {_e(o.sentence("vi"))}.</p>')

    if d.is_village:
        closing = (
            f"Trưởng {_place_name(d.unit)} phổ biến Thông báo này tại cuộc họp thôn, buôn, niêm yết tại nhà văn hóa để "
            "nhân dân biết và giám sát."
        )
    else:
        closing = (
            f"{body_full} niêm yết công khai Thông báo này tại trụ sở và gửi đến các thôn, buôn, tổ dân phố để "
            "nhân dân biết và giám sát."
        )
    add(
        f'<p class="ind">{_e(closing)} Mọi ý kiến, kiến nghị xin gửi về {_e(body_full)} hoặc Ban Giám sát '
        "đầu tư của cộng đồng.</p>"
    )

    recipients = [
        f"{d.unit.name} (niêm yết)" if d.is_village else "Các thôn, buôn, tổ dân phố (niêm yết)",
        "Ban Thanh tra nhân dân",
        "Ban Giám sát đầu tư của cộng đồng",
        "Lưu: VT",
    ]
    items = "".join(
        f'<div class="item">- {_e(r)}{"." if i == len(recipients) - 1 else ";"}</div>'
        for i, r in enumerate(recipients)
    )
    authority, title, name = signer(d)
    add(
        f'<table class="sign">{documents._cols([80, 85])}<tr>'
        f'<td class="recipients"><div class="label">Nơi nhận:</div>{items}</td>'
        f'<td><div class="authority">{_e(authority)}</div><div class="authority">{_e(title)}</div>'
        f'<div class="signer">{_e(name) or "&nbsp;"}</div></td></tr></table>'
    )
    page_title = f"Công khai tài chính năm {d.year} - {d.unit.name}"
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{_e(page_title)}</title>'
        f"<style>{documents._font_faces()}\n{documents.CSS}\n{EXTRA_CSS}\n{NOTICE_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def render_pdf(d: Disclosure, on: date) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(d, on), base_url=None).write_pdf()
