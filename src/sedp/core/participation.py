"""The participation rules of source 001 (Đắk Lắk, Decision 2134/QĐ-UBND, 2007), checked and shown, not hidden.

- At a village meeting (1, 2, or the annual planning meeting) women must be at least 30 % of the attendees.
- The village working group has about 20 members, at least 30 % women, and at least 3 members trained in planning.
- A village meeting is chaired by the head of the self-management board, or the deputy if the head is absent.

Each rule is a function returning a `RuleWarning` with the figures behind it, or None when the rule holds. The
boundaries are inclusive: exactly 30 % women, 15 or 25 members, 3 trained members all pass. No Django here: the
meetings app turns a warning's key and figures into a sentence in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

WOMEN_MIN_SHARE = Fraction(30, 100)
WORKING_GROUP_SIZE = 20
# "About 20": the source gives no tolerance; a quarter either way (15–25) is what facilitators accept in practice.
WORKING_GROUP_TOLERANCE = 5
WORKING_GROUP_MIN_TRAINED = 3

# Meeting kinds the village-meeting rules apply to (the meetings app uses the same keys).
VILLAGE_MEETING_1 = "village_meeting_1"
VILLAGE_MEETING_2 = "village_meeting_2"
WORKING_GROUP_MEETING = "working_group"
ANNUAL_PLANNING = "annual_planning"
VILLAGE_MEETINGS = frozenset({VILLAGE_MEETING_1, VILLAGE_MEETING_2, ANNUAL_PLANNING})
# The village's planning meetings in the order source 001 holds them: the mid-term plan (meeting 1, the working
# group's assessment and scoring, meeting 2 which adopts it), then each year's annual planning meeting.
VILLAGE_STEPS = (VILLAGE_MEETING_1, WORKING_GROUP_MEETING, VILLAGE_MEETING_2, ANNUAL_PLANNING)
MIDTERM_STEPS = frozenset({VILLAGE_MEETING_1, WORKING_GROUP_MEETING, VILLAGE_MEETING_2})
DONE, NEXT, LATER = "done", "next", "later"

# Who chaired: the rule is met by the head of the self-management board or the deputy.
CHAIR_HEAD = "head"
CHAIR_DEPUTY = "deputy"
CHAIR_OTHER = "other"

# Rule keys, stable: an accepted warning is stored against its key.
WOMEN_SHARE = "women_share"
WG_SIZE = "working_group_size"
WG_WOMEN = "working_group_women"
WG_TRAINED = "working_group_trained"
CHAIR = "chair"
RULES = (WOMEN_SHARE, WG_SIZE, WG_WOMEN, WG_TRAINED, CHAIR)


@dataclass(frozen=True)
class RuleWarning:
    key: str
    figures: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkingGroup:
    members: int
    women: int
    trained: int | None  # None: not entered (an optional figure), so not checked


def attendance_recorded(men: int, women: int) -> bool:
    """Whether anybody was counted: a meeting with nobody counted has its attendance still to enter, it does
    not meet every rule."""
    return men + women > 0


def percent(part: int, whole: int) -> Decimal:
    """29 of 100 → Decimal('29.0'); one decimal, half up, as printed in a report."""
    if whole <= 0:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def women_share(men: int, women: int) -> RuleWarning | None:
    """Women under 30 % of the attendees of a village meeting. Nobody counted yet is not a breach."""
    total = men + women
    if total == 0 or Fraction(women, total) >= WOMEN_MIN_SHARE:
        return None
    return RuleWarning(
        WOMEN_SHARE, {"women": women, "total": total, "percent": percent(women, total), "minimum": 30}
    )


def working_group_size(members: int) -> RuleWarning | None:
    if abs(members - WORKING_GROUP_SIZE) <= WORKING_GROUP_TOLERANCE:
        return None
    return RuleWarning(
        WG_SIZE,
        {
            "members": members,
            "target": WORKING_GROUP_SIZE,
            "low": WORKING_GROUP_SIZE - WORKING_GROUP_TOLERANCE,
            "high": WORKING_GROUP_SIZE + WORKING_GROUP_TOLERANCE,
        },
    )


def working_group_women(members: int, women: int) -> RuleWarning | None:
    if members == 0 or Fraction(women, members) >= WOMEN_MIN_SHARE:
        return None
    return RuleWarning(
        WG_WOMEN, {"women": women, "members": members, "percent": percent(women, members), "minimum": 30}
    )


def working_group_trained(trained: int | None) -> RuleWarning | None:
    if trained is None or trained >= WORKING_GROUP_MIN_TRAINED:
        return None
    return RuleWarning(WG_TRAINED, {"trained": trained, "minimum": WORKING_GROUP_MIN_TRAINED})


def chair(chair_role: str) -> RuleWarning | None:
    if chair_role in (CHAIR_HEAD, CHAIR_DEPUTY):
        return None
    return RuleWarning(CHAIR, {"role": chair_role})


def village_steps(held, *, midterm_adopted: bool = False) -> list[tuple[str, str]]:
    """Each village planning meeting with where the village stands: `DONE`, `NEXT` (the first not held) or
    `LATER`. `held` are the kinds of the meetings held this season; once the mid-term plan covering the plan year
    is adopted, its three meetings are done (they are held once for five years), so the annual meeting is next."""
    done = set(held) | (MIDTERM_STEPS if midterm_adopted else set())
    out, given = [], False
    for kind in VILLAGE_STEPS:
        if kind in done:
            out.append((kind, DONE))
        else:
            out.append((kind, LATER if given else NEXT))
            given = True
    return out


def check_meeting(
    kind: str, *, men: int, women: int, chair_role: str, working_group: WorkingGroup | None = None
) -> list[RuleWarning]:
    """Every rule that applies to a meeting of this kind and is broken, in the order of `RULES`.

    `working_group` is the group elected or meeting here (None when this meeting says nothing about it).
    """
    found: list[RuleWarning | None] = []
    if kind in VILLAGE_MEETINGS:
        found.append(women_share(men, women))
    if working_group is not None:
        found += [
            working_group_size(working_group.members),
            working_group_women(working_group.members, working_group.women),
            working_group_trained(working_group.trained),
        ]
    if kind in VILLAGE_MEETINGS:
        found.append(chair(chair_role))
    return [w for w in found if w is not None]
