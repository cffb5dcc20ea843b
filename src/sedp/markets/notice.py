"""The monthly price bulletin as a notice to post in the villages (source 004: communities receive regular market
and price information): "BẢN TIN GIÁ CẢ THỊ TRƯỜNG THÁNG 5/2027", issued by the commune's People's Committee, on
the same A4 page, font and Decree 30 header blocks as the finance notice (`sedp.monitoring.finance_notice`). Always
in Vietnamese: it is an official document. `render_html` and `render_pdf` are pure functions of the rows."""

from __future__ import annotations

from datetime import date

from sedp.assignments.notice import EXTRA_CSS, _body_lines, _e, _full, number_text
from sedp.exports import documents

from .analysis import BulletinRow

NOTICE_CSS = """
table.grid td.up { font-weight: bold; }
table.grid td.none { text-align: center; font-style: italic; }
p.unit-note { text-align: right; font-style: italic; font-size: 12pt; margin: 0 0 2pt 0; }
"""


def subject(year: int, month: int) -> str:
    return f"BẢN TIN GIÁ CẢ THỊ TRƯỜNG THÁNG {month}/{year}"


def render_html(
    commune, rows: list[BulletinRow], year: int, month: int, on: date, *, toolbar: str = ""
) -> str:
    from sedp.plans.logframe.actions import unit_names

    _name, issuing_body, place = unit_names(commune)
    parts: list[str] = []
    add = parts.append
    if toolbar:
        add(f'<div class="toolbar">{toolbar}</div>')
    left = "".join(f'<div class="body-name">{_e(line)}</div>' for line in _body_lines(issuing_body))
    left += '<div class="rule" style="width:22mm"></div>'
    left += f'<div class="number">Số: {_e(number_text(""))}</div>'
    day, mon, yr = documents.vn_date(on)
    right = '<div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>'
    right += '<div class="motto">Độc lập - Tự do - Hạnh phúc</div>'
    right += '<div class="rule" style="width:56mm"></div>'
    right += f'<div class="dateline">{_e(place)}, ngày {day} tháng {mon} năm {yr}</div>'
    cols = documents._cols([documents.HEADER_LEFT_MM, documents.HEADER_RIGHT_MM])
    add(f'<table class="head">{cols}<tr><td>{left}</td><td>{right}</td></tr></table>')
    add('<p class="title">THÔNG BÁO</p>')
    add(f'<p class="title" style="margin-top:0">{_e(subject(year, month))}</p>')
    add('<div class="rule" style="width:40mm; margin-bottom:12pt"></div>')
    body = _full(issuing_body)
    add(
        f'<p class="ind">{_e(body)} thông báo giá một số sản phẩm tại các chợ, điểm thu mua trong tháng {month}/{year} '
        f"(giá ghi nhận gần nhất trong tháng) so với tháng trước, để bà con tham khảo khi sản xuất, mua bán:</p>"
    )
    add('<p class="unit-note">Đơn vị tính: đồng</p>')
    head = ["STT", "Sản phẩm", "Chợ", "Khâu", "Giá tháng này", "Tháng trước", "Tăng/giảm"]
    add(
        f'<table class="grid">{documents._cols([10, 27, 30, 24, 26, 24, 24])}<thead><tr>'
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
    )
    for i, r in enumerate(rows, start=1):
        add(
            f'<tr><td class="c">{i}</td><td>{_e(r.product)}</td><td>{_e(r.market)}</td><td>{_e(r.stage_label)}</td>'
            f'<td class="r">{_e(r.price_text)}/{_e(r.measure)}<br><i>{r.observed_on:%d/%m/%Y}</i></td>'
            f'<td class="r">{_e(r.before_text)}</td><td class="r{" up" if r.trend == "up" else ""}">{_e(r.diff_text)}'
            f"<br>{_e(r.rate_text)}</td></tr>"
        )
    if not rows:
        add('<tr><td></td><td colspan="6" class="none">Chưa ghi nhận giá nào trong tháng.</td></tr>')
    add("</tbody></table>")
    add(
        '<p class="ind">Trưởng các thôn, buôn phổ biến bản tin này tại cuộc họp thôn, buôn và niêm yết tại nhà văn hóa. '
        f"Giá chỉ để tham khảo; bà con có thể báo giá mua bán thực tế về {_e(body)} để bản tin sau đầy đủ hơn.</p>"
    )
    recipients = ["Các thôn, buôn (niêm yết)", "Hội Nông dân, Hội Liên hiệp Phụ nữ", "Lưu: VT"]
    items = "".join(
        f'<div class="item">- {_e(r)}{"." if i == len(recipients) - 1 else ";"}</div>'
        for i, r in enumerate(recipients)
    )
    add(
        f'<table class="sign">{documents._cols([80, 85])}<tr>'
        f'<td class="recipients"><div class="label">Nơi nhận:</div>{items}</td>'
        '<td><div class="authority">TM. ỦY BAN NHÂN DÂN</div><div class="authority">CHỦ TỊCH</div>'
        '<div class="signer">&nbsp;</div></td></tr></table>'
    )
    title = f"Bản tin giá cả tháng {month}/{year} - {commune.name}"
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{documents._font_faces()}\n{documents.CSS}\n{EXTRA_CSS}\n{NOTICE_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def render_pdf(commune, rows, year: int, month: int, on: date) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(commune, rows, year, month, on), base_url=None).write_pdf()
