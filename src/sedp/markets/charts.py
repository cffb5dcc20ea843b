"""The price series and the chain map, drawn server-side as SVG (no JavaScript, no style attribute: the site's
content security policy forbids them; sizes and colours are SVG attributes). The page shows them inline; the
plan's annex takes the chain map as a string (`chain_map_svg`)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sedp.core import value_chain as vc

COLOURS = {
    vc.INPUTS: "#6d4c41",
    vc.PRODUCTION: "#2e7d32",
    vc.COLLECTION: "#f9a825",
    vc.PROCESSING: "#6a1b9a",
    vc.WHOLESALE: "#1565c0",
    vc.RETAIL: "#c62828",
}


def _nice_top(value: Fraction) -> int:
    """A round number at or above `value` for the top of the axis (1, 2, 5 × 10^k)."""
    top = max(int(value), 1)
    magnitude = 10 ** (len(str(top)) - 1)
    for step in (1, 2, 5, 10):
        if step * magnitude >= top:
            return step * magnitude
    return 10 * magnitude


def series_chart(series: dict[str, list[tuple[date, Fraction]]], labels: dict[str, str]) -> dict | None:
    """A line per stage: x the date, y the price from 0 to a round top; a point per observation with its title."""
    labels = {k: capfirst(str(v)) for k, v in labels.items()}
    points = [p for items in series.values() for p in items]
    if not points:
        return None
    left, top, width, height = 80, 12, 520, 200
    first, last = min(d for d, _v in points), max(d for d, _v in points)
    days = max((last - first).days, 1)
    y_top = _nice_top(max(v for _d, v in points))

    def x(d: date) -> float:
        return round(left + (d - first).days / days * width, 1)

    def y(v: Fraction) -> float:
        return round(top + height - float(v / y_top) * height, 1)

    lines = []
    for i, (stage, items) in enumerate(series.items()):
        dots = [
            {"x": x(d), "y": y(v), "title": f"{labels[stage]} {d:%d/%m/%Y}: {vc.vnd(v)} đ"} for d, v in items
        ]
        lines.append(
            {
                "label": labels[stage],
                "colour": COLOURS[stage],
                "points": " ".join(f"{p['x']},{p['y']}" for p in dots),
                "dots": dots,
                "legend_y": top + 14 + i * 16,
            }
        )
    ticks = [{"y": y(Fraction(y_top * k, 4)), "label": vc.vnd(Fraction(y_top * k, 4))} for k in range(5)]
    return {
        "width": left + width + 150,
        "height": top + height + 30,
        "left": left,
        "right": left + width,
        "bottom": top + height,
        "lines": lines,
        "ticks": ticks,
        "legend_x": left + width + 12,
        "first": f"{first:%d/%m/%Y}",
        "last": f"{last:%d/%m/%Y}",
        "label_y": top + height + 18,
        "title": _("Prices over time, by stage"),
    }


BOX_W, BOX_H, GAP, ROW_GAP = 150, 118, 34, 30
PRINT_PER_ROW = 3  # a plan's annex: three stages a line, so that the map prints at the text's size


def chain_map(views, measure: str, per_row: int | None = None) -> dict:
    """Boxes per stage, left to right, with price, margin, share and actors; an arrow between neighbours.
    `per_row`: at most that many stages a line (the printed annex: six stages side by side would be shrunk to ~6 pt
    on an A4 page), the arrow from a line's last stage bending down to the next line's first."""
    per_row = per_row or max(len(views), 1)
    boxes = []
    for i, v in enumerate(views):
        col, line = i % per_row, i // per_row
        x, y = 10 + col * (BOX_W + GAP), 10 + line * (BOX_H + ROW_GAP)
        actors = ", ".join(a.kind for a in v.actors)
        arrow = ""
        if i + 1 < len(views):
            mid = y + BOX_H / 2
            if col + 1 < per_row:
                arrow = f"M{x + BOX_W + 2},{mid} L{x + BOX_W + GAP - 4},{mid}"
            else:  # down from this box, back to the left, down into the next line's first box
                below, first = y + BOX_H + ROW_GAP / 2, 10 + BOX_W / 2
                arrow = (
                    f"M{x + BOX_W / 2},{y + BOX_H + 2} L{x + BOX_W / 2},{below} L{first},{below} "
                    f"L{first},{y + BOX_H + ROW_GAP - 4}"
                )
        boxes.append(
            {
                "x": x,
                "y": y,
                "cx": x + BOX_W / 2,
                "lines": {
                    "head": y + 15,
                    "price": y + 40,
                    "margin": y + 58,
                    "share": y + 76,
                    "none": y + 50,
                    "actors": y + 102,
                },  # fmt: skip
                "colour": COLOURS[v.stage],
                "label": capfirst(v.label),
                "price": v.price_text,
                "margin": v.margin_text,
                "share": v.share_text,
                "negative": v.result.negative,
                "priced": v.result.price is not None,
                "actors": actors[:24] + ("…" if len(actors) > 24 else ""),  # the box's width in print
                "actors_title": actors,
                "arrow": arrow,
            }
        )
    lines = max(1, -(-len(views) // per_row))
    return {
        "boxes": boxes,
        "width": 20 + min(len(views), per_row) * (BOX_W + GAP) - GAP,
        "height": 20 + lines * BOX_H + (lines - 1) * ROW_GAP,
        "box_w": BOX_W,
        "box_h": BOX_H,
        "measure": measure,
        "title": _("Map of the value chain: price, margin and share of the final price at each stage"),
        "t_price": _("Price"),
        "t_margin": _("Margin"),
        "t_share": _("Share"),
        "t_none": _("no price recorded"),
    }


def chain_map_svg(views, measure: str, lang: str = "vi", per_row: int | None = None) -> str:
    with translation.override(lang):
        return render_to_string("markets/_chain_map.svg", {"map": chain_map(views, measure, per_row)}).strip()


def series_svg(chart: dict, lang: str = "vi") -> str:
    with translation.override(lang):
        return render_to_string("markets/_series.svg", {"chart": chart}).strip()
