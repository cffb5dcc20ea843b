"""Citizen–government dialogues (source 002, the PCM project's "Quy trình đối thoại") as plain data and
functions — no Django.

- `AGENDA`: the 150-minute programme of source 002, each item with its minutes and the body responsible; the
  Django side stores a copy per dialogue, which the Front may change.
- `timetable(start, minutes)`: the clock time each item starts and ends, from the start time and the durations.
- Commitment statuses and `is_overdue`: a commitment still open (not started, in progress) after its deadline.
- `question_problem(text, limit)`: why a resident's question cannot be taken (empty, too long).

Keys and statuses are plain strings here; `sedp.dialogues.models` gives them their labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# ---------------------------------------------------------------------------------------------------------------
# Bodies: who answers, who commits, who attends
# ---------------------------------------------------------------------------------------------------------------

COMMITTEE = "committee"  # Ủy ban nhân dân
COUNCIL = "council"  # Hội đồng nhân dân
PARTY = "party"  # Đảng ủy
FRONT = "front"  # Mặt trận Tổ quốc
CITIZENS = "citizens"  # người dân (or their representatives)
PROJECT = "project"  # project staff (PCM)
FACILITATOR = "facilitator"  # thúc đẩy viên: the Front, or in the first years a consultant
OTHER = "other"

# Who answers a question (source 002: "UBND, Đảng ủy hoặc HĐND trả lời") and who may commit to a solution.
ANSWERING_BODIES = (COMMITTEE, PARTY, COUNCIL, FRONT)
COMMITTING_BODIES = (COMMITTEE, COUNCIL, PARTY, FRONT, OTHER)
PARTICIPANT_BODIES = (COMMITTEE, COUNCIL, PARTY, FRONT, CITIZENS, PROJECT, OTHER)

# The roles of the app that hold each committing body's duties at the commune: their home page lists the body's
# overdue commitments. The commune's leader chairs the People's Committee and answers for the Council and Party
# there too; the Front follows its own.
BODY_ROLES: dict[str, frozenset[str]] = {
    COMMITTEE: frozenset({"commune_leader", "commune_planner"}),
    COUNCIL: frozenset({"commune_leader"}),
    PARTY: frozenset({"commune_leader"}),
    FRONT: frozenset({"front_representative"}),
    OTHER: frozenset({"commune_leader"}),
}


def bodies_of_role(role: str) -> frozenset[str]:
    """The committing bodies whose overdue commitments a role's holder answers for."""
    return frozenset(body for body, roles in BODY_ROLES.items() if role in roles)


# ---------------------------------------------------------------------------------------------------------------
# The agenda of source 002
# ---------------------------------------------------------------------------------------------------------------

OPENING = "opening"
PRESENTATION = "presentation"
QUESTIONS = "questions"
BREAK = "break"
ISSUES = "issues"
RECOMMENDATIONS = "recommendations"
SYNTHESIS = "synthesis"
COMMITMENTS = "commitments"
CLOSING = "closing"


@dataclass(frozen=True)
class AgendaSpec:
    key: str
    minutes: int
    responsible: str  # a body, or FACILITATOR


AGENDA: tuple[AgendaSpec, ...] = (
    AgendaSpec(OPENING, 10, FRONT),
    AgendaSpec(PRESENTATION, 20, COMMITTEE),
    AgendaSpec(QUESTIONS, 45, FACILITATOR),
    AgendaSpec(BREAK, 15, ""),
    AgendaSpec(ISSUES, 10, FACILITATOR),
    AgendaSpec(RECOMMENDATIONS, 30, FACILITATOR),
    AgendaSpec(SYNTHESIS, 10, FACILITATOR),
    AgendaSpec(COMMITMENTS, 10, COMMITTEE),
    AgendaSpec(CLOSING, 0, FRONT),
)
AGENDA_KEYS = tuple(a.key for a in AGENDA)
PLANNED_MINUTES = sum(a.minutes for a in AGENDA)  # 150


@dataclass(frozen=True)
class Slot:
    starts: time
    ends: time


def timetable(start: time | None, minutes: Iterable[int]) -> list[Slot | None]:
    """When each item starts and ends, one after the other from `start` (None for every item without a start)."""
    minutes = list(minutes)
    if start is None:
        return [None] * len(minutes)
    at = datetime.combine(date(2000, 1, 1), start)
    out = []
    for m in minutes:
        end = at + timedelta(minutes=max(m, 0))
        out.append(Slot(at.time(), end.time()))
        at = end
    return out


def over_time(minutes: Iterable[int], planned: int = PLANNED_MINUTES) -> int:
    """Minutes the agenda runs over the planned time (0 when it fits)."""
    return max(sum(minutes) - planned, 0)


# ---------------------------------------------------------------------------------------------------------------
# Commitments and their follow-up
# ---------------------------------------------------------------------------------------------------------------

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
KEPT = "kept"
NOT_KEPT = "not_kept"
STATUSES = (NOT_STARTED, IN_PROGRESS, KEPT, NOT_KEPT)
OPEN_STATUSES = (NOT_STARTED, IN_PROGRESS)


def is_overdue(deadline: date | None, status: str, today: date) -> bool:
    """Still open after its deadline. A commitment kept, or declared not kept with its reason, is settled."""
    return deadline is not None and status in OPEN_STATUSES and deadline < today


def days_overdue(deadline: date | None, status: str, today: date) -> int:
    return (today - deadline).days if is_overdue(deadline, status, today) else 0


def update_problem(status: str, reason: str) -> str | None:
    """Why a status update cannot be taken: an unknown status, or "not kept" without its reason."""
    if status not in STATUSES:
        return "status"
    if status == NOT_KEPT and not reason.strip():
        return "reason"
    return None


@dataclass(frozen=True)
class Summary:
    total: int
    kept: int
    in_progress: int
    not_started: int
    not_kept: int
    overdue: int


def summary(items: Iterable[tuple[date | None, str]], today: date) -> Summary:
    """How a dialogue's commitments stand: (deadline, status) pairs counted by status, and those overdue."""
    items = list(items)
    counts = Counter(status for _deadline, status in items)
    return Summary(
        total=len(items),
        kept=counts[KEPT],
        in_progress=counts[IN_PROGRESS],
        not_started=counts[NOT_STARTED],
        not_kept=counts[NOT_KEPT],
        overdue=sum(1 for deadline, status in items if is_overdue(deadline, status, today)),
    )


# ---------------------------------------------------------------------------------------------------------------
# Residents' questions
# ---------------------------------------------------------------------------------------------------------------

QUESTION_LIMIT = 1000  # characters: a question card, not a petition


def question_problem(text: str, limit: int = QUESTION_LIMIT) -> str | None:
    """ "empty" or "too_long" when a question cannot be taken as written; None when it can."""
    text = (text or "").strip()
    if not text:
        return "empty"
    if len(text) > limit:
        return "too_long"
    return None
