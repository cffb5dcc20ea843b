"""What the funding decisions mean for the villages' needs: for each need that became an activity of a commune's
plan, whether an applied integration funds it — "Được cấp vốn từ Chương trình mục tiêu quốc gia xây dựng nông thôn
mới, năm 2027" — or not, and why: "Chưa được cấp vốn năm nay: …". The village's page about its needs calls
`for_needs`; three queries whatever the number of needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sedp.core.funding import SourceKind
from sedp.plans.models import NeedLink

from .models import Allocation, Decision


@dataclass(frozen=True)
class FundingFate:
    funded: bool
    text: str
    year: int


def source_title(source, lang: str) -> str:
    """A source as an official names it: its own name, else its kind in plain words."""
    return source.name or SourceKind(source.kind).label("vi" if lang == "vi" else "en")


def for_needs(needs) -> dict[int, FundingFate]:
    """Need id → its funding fate, for the needs an applied integration decided (through the activity each became).
    A need in several activities (split) reads the first funded one, else the first decided."""
    need_ids = [getattr(n, "pk", n) for n in needs]
    if not need_ids:
        return {}
    through = NeedLink.activities.through
    pairs = list(
        through.objects.filter(needlink__need_id__in=need_ids)
        .order_by("needlink__need_id", "activity_id")
        .values_list("needlink__need_id", "activity_id")
    )
    activity_ids = {a for _n, a in pairs}
    if not activity_ids:
        return {}
    decisions: dict[int, Decision] = {}
    for d in (
        Decision.objects.filter(activity_id__in=activity_ids)
        .select_related("plan", "run")
        .order_by("run__applied_at", "pk")
    ):
        decisions[d.activity_id] = d  # the latest applied run wins
    if not decisions:
        return {}
    paid: dict[int, list[Allocation]] = {}
    for al in (
        Allocation.objects.filter(activity_id__in=list(decisions))
        .select_related("source")
        .order_by("-amount", "pk")
    ):
        paid.setdefault(al.activity_id, []).append(al)
    lang = (get_language() or "vi")[:2]
    out: dict[int, FundingFate] = {}
    for need_id, activity_id in pairs:
        d = decisions.get(activity_id)
        if d is None or (need_id in out and out[need_id].funded):
            continue
        year = d.plan.year_from
        sentence = d.sentence_en if lang == "en" and d.sentence_en else d.sentence
        if d.funded:
            sources = paid.get(activity_id, [])
            if sources:
                names = ", ".join(dict.fromkeys(source_title(a.source, lang) for a in sources))
                text = _("Funded from %(source)s, %(year)d") % {"source": names, "year": year}
            else:
                text = sentence
        else:
            text = _("Not funded this year: %(reason)s") % {"reason": sentence}
        if need_id not in out or d.funded:
            out[need_id] = FundingFate(d.funded, text, year)
    return out
