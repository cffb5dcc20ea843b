"""From the database to the pure ranking of `sedp.core.ranking` and back: the village's needs, its criteria and a
meeting's score sheets in; each group's order and the combined order out. Rankings are computed, never stored,
except as a plan's snapshot when it is made."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q

from sedp.core import ranking

from .models import Criterion, Mode, Need, ScoreSheet


@dataclass
class Row:
    need: Need
    entry: ranking.CombinedEntry

    @property
    def percent(self) -> Fraction:
        return self.entry.score * 100


@dataclass
class Result:
    needs: dict[str, Need]
    combined: ranking.CombinedRanking
    sheets: list[ScoreSheet]

    @property
    def rows(self) -> list[Row]:
        return [Row(self.needs[e.need_id], e) for e in self.combined.entries]

    def group_columns(self) -> list[tuple[ScoreSheet, list[tuple[Need, ranking.Ranked, bool]]]]:
        """Each group's own order, best first, with the needs on which men and women disagree marked."""
        disagree = {e.need_id for e in self.combined.entries if e.disagree}
        by_label = {s.label: s for s in self.sheets}
        return [
            (by_label[g.group], [(self.needs[r.need_id], r, r.need_id in disagree) for r in g.entries])
            for g in self.combined.groups
        ]


def core_sheet(
    sheet: ScoreSheet, criteria_by_id: dict[int, Criterion], codes: dict[int, str] | None = None
) -> ranking.ScoreSheet | ranking.VoteSheet:
    """The sheet for the core ranking. `codes`: need id → code (else each score's need is read)."""
    scores = list(sheet.scores.all())

    def code(s) -> str:
        return codes[s.need_id] if codes is not None and s.need_id in codes else s.need.code

    if sheet.mode == Mode.DOTS:
        return ranking.VoteSheet(
            group=sheet.label,
            kind=sheet.group,
            votes={code(s): s.value for s in scores if s.criterion_id is None},
            members=sheet.members,
        )
    row: dict[str, dict[str, int]] = {}
    for s in scores:
        if s.criterion_id in criteria_by_id:
            row.setdefault(code(s), {})[criteria_by_id[s.criterion_id].key] = s.value
    return ranking.ScoreSheet(
        group=sheet.label,
        kind=sheet.group,
        rows=[row],
        scale_min=sheet.scale_min,
        scale_max=sheet.scale_max,
        members=sheet.members,
    )


def rank_meeting(meeting, needs: list[Need] | None = None) -> Result | None:
    """The combined ranking of a meeting's score sheets over the unit's needs (None without a sheet or need)."""
    sheets = list(meeting.score_sheets.prefetch_related("scores"))
    needs = (
        list(Need.objects.filter(unit=meeting.unit_id).select_related("sector")) if needs is None else needs
    )
    if not sheets or not needs:
        return None
    # The unit's own criteria, else the defaults (`Criterion.for_unit`), read at once.
    both = list(Criterion.objects.filter(Q(unit=meeting.unit_id) | Q(unit__isnull=True)))
    criteria = [c for c in both if c.unit_id is not None] or [c for c in both if c.unit_id is None]
    # Scores given on a default criterion still count once the unit has its own set with the same key: a score's
    # criterion counts by its key (only criteria the scores use are read).
    keys = {c.key for c in criteria}
    used = {s.criterion_id for sheet in sheets for s in sheet.scores.all() if s.criterion_id is not None}
    known = {c.pk: c for c in both}
    missing = used - known.keys()
    if missing:
        known.update(Criterion.objects.in_bulk(missing))
    all_criteria = {pk: c for pk, c in known.items() if c.key in keys}
    core_criteria = [c.as_core() for c in criteria]
    combined = ranking.combine(
        [core_sheet(s, all_criteria, {n.pk: n.code for n in needs}) for s in sheets],
        [ranking.Need(n.code, n.title, n.proposed_by_women) for n in needs],
        core_criteria,
    )
    return Result({n.code: n for n in needs}, combined, sheets)
