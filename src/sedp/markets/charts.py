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


BOX_W, BOX_H, GAP, ROW = 150, 118, 34, 0


def chain_map(views, measure: str) -> dict:
    """Boxes per stage, left to right, with price, margin, share and actors; an arrow between neighbours."""
    boxes = []
    for i, v in enumerate(views):
        x = 10 + i * (BOX_W + GAP)
        actors = ", ".join(a.kind for a in v.actors)
        boxes.append(
            {
                "x": x,
                "cx": x + BOX_W / 2,
                "colour": COLOURS[v.stage],
                "label": capfirst(v.label),
                "price": v.price_text,
                "margin": v.margin_text,
                "share": v.share_text,
                "negative": v.result.negative,
                "priced": v.result.price is not None,
                "actors": actors[:28] + ("…" if len(actors) > 28 else ""),
                "actors_title": actors,
                "arrow": i + 1 < len(views),
                "ax1": x + BOX_W + 2,
                "ax2": x + BOX_W + GAP - 4,
            }
        )
    return {
        "boxes": boxes,
        "width": 20 + len(views) * (BOX_W + GAP) - GAP,
        "height": BOX_H + 20,
        "box_w": BOX_W,
        "box_h": BOX_H,
        "arrow_y": 10 + BOX_H / 2,
        "measure": measure,
        "title": _("Map of the value chain: price, margin and share of the final price at each stage"),
        "t_price": _("Price"),
        "t_margin": _("Margin"),
        "t_share": _("Share"),
        "t_none": _("no price recorded"),
    }


def chain_map_svg(views, measure: str, lang: str = "vi") -> str:
    with translation.override(lang):
        return render_to_string("markets/_chain_map.svg", {"map": chain_map(views, measure)}).strip()


def series_svg(chart: dict, lang: str = "vi") -> str:
    with translation.override(lang):
        return render_to_string("markets/_series.svg", {"chart": chart}).strip()
