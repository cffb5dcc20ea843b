"""The dialogues in the REST API (`/api/v1/dialogues/`), through the same restricting queryset as the pages: a
commune's dialogues and, once held, their concerns, recommendations and commitments with their status (open
data, no sign-in); the questions only to those who may read them — an anonymous one with no author, because
none is stored."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from sedp.accounts.policy import restrict
from sedp.api.routers import KeysetPages, Mapped
from sedp.api.schemas import ERRORS

from .models import Commitment, CommitmentUpdate, Concern, Dialogue, Question, Recommendation

router = Router(tags=["dialogues"])


class DialogueOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    village: str | None
    kind: str
    topics: list[str]
    date: date
    place: str
    state: str


class UpdateOut(Schema):
    on: date
    status: str
    note: str
    reason: str
    has_evidence: bool


class CommitmentOut(Schema):
    id: int
    number: int
    body: str
    responsible: str
    solution: str
    recommendation: str | None
    deadline: date
    cost: int | None
    status: str
    overdue: bool
    need_code: str | None
    updates: list[UpdateOut]


class DialogueDetailOut(DialogueOut):
    concerns: list[str]
    recommendations: list[str]
    commitments: list[CommitmentOut]


class QuestionOut(Schema):
    id: int
    number: int
    text: str
    source: str
    anonymous: bool
    asked_by: str | None
    village: str | None
    received_on: date
    visibility: str
    merged_into: int | None
    answer: str
    answered_by: str | None


def _dialogue(d: Dialogue) -> dict:
    return {
        "id": d.pk,
        "unit_id": d.unit_id,
        "unit_name": d.unit.name,
        "village": d.village.name if d.village_id else None,
        "kind": d.kind,
        "topics": list(d.topics),
        "date": d.date,
        "place": d.place,
        "state": d.state,
    }


@router.get("/", response={200: list[DialogueOut], **ERRORS}, summary="Citizen–government dialogues")
@paginate(KeysetPages)
def list_dialogues(request, unit: int | None = None):
    """Every dialogue is announced (residents send questions before it): filter by the commune's `unit` id."""
    qs = restrict(Dialogue.objects.select_related("unit", "village"), request.user)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    return Mapped(qs, _dialogue, ("-date", "-id"))  # the newest first, one page read


@router.get(
    "/{dialogue_id}/",
    response={200: DialogueDetailOut, **ERRORS},
    summary="A dialogue, its concerns and commitments",
)
def get_dialogue(request, dialogue_id: int):
    """Once held: its concerns, the small groups' recommendations, and each commitment with its dated updates."""
    user = request.user
    d = get_object_or_404(restrict(Dialogue.objects.select_related("unit", "village"), user), pk=dialogue_id)
    today = timezone.localdate()
    commitments = (
        restrict(Commitment.objects.filter(dialogue=d), user)
        .select_related("recommendation", "need")
        .prefetch_related("updates")
    )
    visible_updates = set(
        restrict(CommitmentUpdate.objects.filter(commitment__dialogue=d), user).values_list("pk", flat=True)
    )
    return {
        **_dialogue(d),
        "concerns": [c.title for c in restrict(Concern.objects.filter(dialogue=d), user)],
        "recommendations": [r.text for r in restrict(Recommendation.objects.filter(dialogue=d), user)],
        "commitments": [
            {
                "id": c.pk,
                "number": c.number,
                "body": c.body,
                "responsible": c.responsible,
                "solution": c.solution,
                "recommendation": c.recommendation.text if c.recommendation_id else None,
                "deadline": c.deadline,
                "cost": c.cost,
                "status": c.status,
                "overdue": c.overdue(today),
                "need_code": c.need.code if c.need_id else None,
                "updates": [
                    {
                        "on": u.on,
                        "status": u.status,
                        "note": u.note,
                        "reason": u.reason,
                        "has_evidence": bool(u.evidence),
                    }
                    for u in c.updates.all()
                    if u.pk in visible_updates
                ],
            }
            for c in commitments
        ],
    }


@router.get(
    "/{dialogue_id}/questions/", response={200: list[QuestionOut], **ERRORS}, summary="A dialogue's questions"
)
def list_questions(request, dialogue_id: int):
    """The questions the caller may read (none without signing in; a village's people their own village's).
    An anonymous question has no author: `asked_by` is null because nothing is stored."""
    d = get_object_or_404(restrict(Dialogue.objects.all(), request.user), pk=dialogue_id)
    questions = restrict(Question.objects.filter(dialogue=d), request.user).select_related("unit")
    return [
        {
            "id": q.pk,
            "number": q.number,
            "text": q.text,
            "source": q.source,
            "anonymous": q.anonymous,
            "asked_by": q.asked_by or None,
            "village": q.unit.name if q.unit_id != d.unit_id else None,
            "received_on": q.received_on,
            "visibility": q.visibility,
            "merged_into": q.merged_into_id,
            "answer": q.answer,
            "answered_by": q.answered_by or None,
        }
        for q in questions
    ]
