"""The evaluation page of a plan: tables and two inline SVG charts (no JavaScript; text labels, a <title> per bar)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sedp.accounts.policy import _ancestor_paths, access, scope
from sedp.accounts.roles import Action
from sedp.core.evaluation import ActivityStatus, Band, band_phrase, format_percent
from sedp.plans.models import Plan

from . import tables

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


def _lang() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en"


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


def shares_chart(shares: dict, lang: str) -> dict:
    bar_w, row_h = 200, 26
    bars = []
    for i, band in enumerate(Band):
        count, share = shares.get(band, (0, None))
        label = str(BAND_LABELS[band][0])
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
                "label_x": round(float((share or 0) * bar_w) + 124, 1),
            }
        )
    return {"bars": bars, "width": 120 + bar_w + 90, "height": 8 + 4 * row_h}


def sees_monitoring(user, unit) -> bool:
    """Whether `user` reads the unit's (private) monitoring: from the unit or above it, or working under it (the
    reports are `policy_visible_from_below`) — the plan itself may be public once adopted, its reports are not."""
    if not getattr(user, "is_authenticated", False):
        return False
    allowed = scope(user, Action.VIEW)
    return allowed.covers(unit.path) or any(unit.path in _ancestor_paths(p) for p in allowed.paths)


def evaluation(request, pk: int):
    plan = access(request.user, Plan.objects.select_related("unit"), Action.VIEW, pk=pk)
    if not sees_monitoring(request.user, plan.unit):
        raise Http404
    try:
        months = int(request.GET.get("months", 6))
    except ValueError:
        months = 6
    if months not in (6, 12):
        months = 6
    try:
        year = int(request.GET.get("year", plan.year_from))
    except ValueError:
        year = plan.year_from
    if not plan.year_from <= year <= plan.year_to:
        year = plan.year_from
    lang = _lang()
    ev = tables.build(plan, months, year=year)
    for row in ev.indicators:
        row.phrase = band_phrase(row.ev, lang)
        row.badge = BADGE[row.ev.band]
        row.band_label = str(BAND_LABELS[row.ev.band][0])
        row.percent = format_percent(row.ev.achieved, lang) if row.ev.reported else ""
        row.change_percent = (
            format_percent(row.ev.change_share, lang) if row.ev.change_share is not None else ""
        )
        row.baseline_text = number(row.ev.baseline, lang)
        row.target_text = number(row.ev.target, lang)
        row.actual_text = number(row.ev.actual, lang)
        row.last_text = number(row.ev.last_year, lang)
        row.change_text = "" if row.ev.change is None else number(row.ev.change, lang)
        row.ratio_text = (
            f"{number(row.from_ratio[0], lang)}/{number(row.from_ratio[1], lang)}" if row.from_ratio else ""
        )
        row.people = row.split.sentence(lang) if row.split is not None else ""
    for row in ev.activities:
        row.label = row.progress.status.label(lang)
        row.badge = BADGE[row.progress.status]
        row.quarters = sorted(row.activity.quarters)
        row.percent = (
            format_percent(row.progress.progress, lang) if row.progress.progress is not None else "–"
        )
    counts = [(s.label(lang), ev.activity_counts.get(s, 0)) for s in ActivityStatus]
    return render(
        request,
        "monitoring/evaluation/page.html",
        {
            "plan": plan,
            "ev": ev,
            "months": months,
            "years": list(range(plan.year_from, plan.year_to + 1)),
            "achievement_chart": achievement_chart(ev.indicators, lang),
            "shares_chart": shares_chart(ev.shares, lang),
            "activity_counts": counts,
        },
    )
