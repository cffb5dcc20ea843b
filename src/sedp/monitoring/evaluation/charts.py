"""The evaluation's two charts, drawn server-side as SVG (no JavaScript; a text label and a <title> per bar): the
% of the target achieved per indicator, and the number of indicators in each band. The page shows them inline and
the PDF report embeds the same SVG (`svgs`)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sedp.core.evaluation import ActivityStatus, Band, band_phrase, format_percent

BAND_LABELS = {
    Band.ON_TRACK: (_("On track"), "#2e7d32"),
    Band.AT_RISK: (_("At risk"), "#f9a825"),
    Band.OFF_TRACK: (_("Off track"), "#c62828"),
    Band.NOT_REPORTED: (_("Not reported"), "#9e9e9e"),
}
BADGE = {
    Band.ON_TRACK: "ok",
    Band.AT_RISK: "warn",
    Band.OFF_TRACK: "bad",
    Band.NOT_REPORTED: "",
    ActivityStatus.DONE: "ok",
    ActivityStatus.ON_SCHEDULE: "ok",
    ActivityStatus.NOT_STARTED: "warn",
    ActivityStatus.LATE: "bad",
}
CAP = Fraction(3, 2)  # bars are drawn up to 150 % achieved


def number(x, lang: str) -> str:
    """A figure rounded half up to 2 decimals, trailing zeros dropped, with the language's decimal mark."""
    if x is None:
        return "–"
    f = Fraction(x)
    d = (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def achievement_chart(rows, lang: str) -> dict:
    """Bars of the % achieved per indicator, with the line of 100 % and of what is expected by now."""
    label_w, bar_w, row_h = 0, 300, 34
    bars = []
    for i, row in enumerate(rows):
        ev = row.ev
        share = ev.achieved if ev.achieved is not None else Fraction(0)
        width = float(max(Fraction(0), min(share, CAP)) / CAP * bar_w)
        pct = format_percent(ev.achieved, lang) if ev.reported else band_phrase(ev, lang)
        bars.append(
            {
                "y": 20 + i * row_h,
                "text_y": 14 + i * row_h,
                "label_y": 33 + i * row_h,
                "width": round(width, 1),
                "color": BAND_LABELS[ev.band][1],
                "name": ev.name,
                "percent": pct,
                "title": f"{ev.name}: {band_phrase(ev, lang)}",
                "label_x": round(label_w + width + 4, 1),
            }
        )
    full = round(float(1 / CAP * bar_w), 1)
    expected = rows[0].ev.expected if rows else Fraction(1)
    return {
        "bars": bars,
        "width": bar_w + 110,
        "height": 26 + len(rows) * row_h,
        "full_x": full,
        "expected_x": round(float(min(expected, CAP) / CAP * bar_w), 1),
        "bar_w": bar_w,
    }


def shares_chart(shares: dict, lang: str, labels: dict | None = None) -> dict:
    """Bars of the number of indicators in each band; `labels` may word the bands otherwise (the report's
    year-end "đạt kế hoạch")."""
    bar_w, row_h = 200, 26
    names = {band: str((labels or {}).get(band) or BAND_LABELS[band][0]) for band in Band}
    left = max(120, 6 * max(len(n) for n in names.values()) + 10)  # room for the longest label at 11 px
    bars = []
    for i, band in enumerate(Band):
        count, share = shares.get(band, (0, None))
        label = names[band]
        pct = format_percent(share, lang)
        bars.append(
            {
                "y": 4 + i * row_h,
                "text_y": 19 + i * row_h,
                "width": round(float((share or 0) * bar_w), 1),
                "color": BAND_LABELS[band][1],
                "label": label,
                "count": count,
                "percent": pct,
                "title": f"{label}: {count} ({pct})",
                "label_x": round(float((share or 0) * bar_w) + left + 4, 1),
            }
        )
    return {"bars": bars, "width": left + bar_w + 90, "height": 8 + 4 * row_h, "left": left}


def svgs(ev, lang: str = "vi", labels: dict | None = None) -> tuple[str, str]:
    """The two charts of an evaluation as SVG markup, in `lang` (the PDF's are Vietnamese)."""
    with translation.override(lang):
        context = {
            "achievement_chart": achievement_chart(ev.indicators, lang),
            "shares_chart": shares_chart(ev.shares, lang, labels),
        }
        return (
            render_to_string("monitoring/evaluation/_chart_achieved.svg", context).strip(),
            render_to_string("monitoring/evaluation/_chart_shares.svg", context).strip(),
        )
