"""How frozen draft content reads on a page: field names in the user's language, references as the labels of the
parts they point to, money with thousands dots, dates as dd/mm/yyyy, schedule dates by week and month."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sedp.core import consultation as core
from sedp.plans.models import (
    Activity,
    Direction,
    Fate,
    Indicator,
    KeyTarget,
    NeedLink,
    Objective,
    Plan,
    Result,
)

KIND_MODELS = {
    "plan": Plan,
    "key_target": KeyTarget,
    "objective": Objective,
    "result": Result,
    "indicator": Indicator,
    "activity": Activity,
    "need": NeedLink,
}
KIND_LABELS = {
    "plan": gettext_lazy("the plan as a whole"),
    "key_target": gettext_lazy("key target"),
    "objective": gettext_lazy("objective"),
    "result": gettext_lazy("result"),
    "indicator": gettext_lazy("indicator"),
    "activity": gettext_lazy("activity"),
    "need": gettext_lazy("village need"),
}
EXTRA_LABELS = {
    "parent": gettext_lazy("under"),
    "quarters": gettext_lazy("quarters"),
    "village_name": gettext_lazy("village"),
    "objective": gettext_lazy("objective"),
    "result": gettext_lazy("result"),
    "sector": gettext_lazy("sector"),
}
MONEY = {"cost", "contribution_value", "total_budget", "revenue"}
CHOICES = {"fate": Fate, "direction": Direction}
HIDDEN = {"village"}
# Shown in the item's label already: not repeated under it.
IN_LABEL = {"number", "title", "text", "output", "name"}


def field_label(kind: str, name: str) -> str:
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    model = KIND_MODELS.get(kind)
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


def _refs(content) -> dict[str, str]:
    return {i["key"]: i.get("label") or i["key"] for i in core.items_of(content)}


def value(name: str, v, refs: dict[str, str]) -> str:
    if v in (None, "", [], ()):
        return "—"
    if name in MONEY and isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    if name in CHOICES:
        try:
            return str(CHOICES[name](v).label)
        except ValueError:
            return str(v)
    if isinstance(v, list):
        return "; ".join(refs.get(str(x), str(x)) for x in v)
    if isinstance(v, str) and v in refs and ":" in v:
        return refs[v]
    if name.endswith("_date") or name == "target_date":
        try:
            return date.fromisoformat(v).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(v)
    return str(v)


def item_title(item) -> str:
    kind = str(KIND_LABELS.get(item.get("kind"), item.get("kind", "")))
    label = item.get("label") or ""
    text = f"{kind}: {label}" if label else kind
    return text if len(text) <= 90 else text[:89] + "…"


def item_row(item, refs, hide=frozenset()) -> dict:
    kind = item.get("kind", "")
    fields = [
        (field_label(kind, name), value(name, v, refs))
        for name, v in (item.get("fields") or {}).items()
        if name not in HIDDEN and name not in IN_LABEL and name not in hide and v not in (None, "", [], ())
    ]
    return {
        "key": item["key"],
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind, kind),
        "label": item.get("label") or "",
        "fields": fields,
    }


def item_rows(content) -> list[dict]:
    refs = _refs(content)
    return [item_row(i, refs) for i in core.items_of(content)]


def diff_rows(a, b) -> dict:
    """The diff of two DraftVersions, ready for the page."""
    d = core.diff(a.content, b.content)
    refs = {**_refs(a.content), **_refs(b.content)}
    return {
        "added": [item_row(i, refs) for i in d.added],
        "removed": [item_row(i, refs) for i in d.removed],
        "changed": [
            {
                "key": c.key,
                "kind_label": KIND_LABELS.get(c.kind, c.kind),
                "label": c.label,
                "changes": [
                    (field_label(c.kind, f.field), value(f.field, f.old, refs), value(f.field, f.new, refs))
                    for f in c.changes
                ],
            }
            for c in d.changed
        ],
        "unchanged": d.unchanged,
        "empty": d.is_empty,
    }


def village_rows(part: core.VillagePart, content) -> dict:
    refs = _refs(content)
    return {
        "needs": [item_row(i, refs, hide={"village_name"}) for i in part.needs],
        "activities": [item_row(i, refs) for i in part.activities],
        "results": [item_row(i, refs) for i in part.results],
        "objectives": [item_row(i, refs) for i in part.objectives],
        "indicators": [item_row(i, refs) for i in part.indicators],
    }


def week_label(day: date | None) -> str:
    if day is None:
        return ""
    week, month, year = core.week_of_month(day)
    return _("week %(week)d of %(month)d/%(year)d") % {"week": week, "month": month, "year": year}


def when(step) -> str:
    """'tuần 1 tháng 6/2026' or 'tuần 1 tháng 6/2026 – tuần 2 tháng 6/2026'."""
    if step is None or (step.starts_on is None and step.ends_on is None):
        return ""
    first, last = week_label(step.starts_on or step.ends_on), week_label(step.ends_on or step.starts_on)
    return first if first == last else f"{first} – {last}"
