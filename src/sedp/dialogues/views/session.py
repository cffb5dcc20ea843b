"""The session, run by the Front through its agenda: the previous dialogue's commitments and the participants at
the opening, the questions and answers (cards, the floor, the A0 sheet), the concerns, the small groups'
recommendations, the commitments, and the closing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp.accounts.policy import access
from sedp.core import dialogue as rules
from sedp.meetings.fields import add_errors

from .. import actions
from ..forms import (
    A0Form,
    AnswerForm,
    CloseForm,
    CommitmentForm,
    ConcernForm,
    GatherForm,
    ItemForm,
    ParticipantsForm,
    RecommendationForm,
)
from ..models import ANSWERING, AgendaItem, Concern, Dialogue, Recommendation, Source, Visibility
from .common import (
    activities_for,
    dialogue_for,
    needs_for,
    questions_for,
    refuse_unless,
    rights,
    today,
    villages_of,
)

# Which section of the page each template item records.
SECTIONS = {
    rules.OPENING: "opening",
    rules.QUESTIONS: "questions",
    rules.ISSUES: "concerns",
    rules.RECOMMENDATIONS: "recommendations",
    rules.SYNTHESIS: "recommendations",
    rules.COMMITMENTS: "commitments",
    rules.CLOSING: "closing",
}


def previous_commitments(dialogue: Dialogue):
    """The previous dialogue and how its commitments stand: the next dialogue opens with them."""
    before = actions.previous(dialogue)
    if before is None:
        return None, [], None
    items = list(before.commitments.select_related("recommendation"))
    day = today()
    for c in items:
        c.is_overdue = c.overdue(day)
    return before, items, rules.summary(((c.deadline, c.status) for c in items), day)


def session_page(request, dialogue: Dialogue, *, status=200, question_errors=None, typed=None, **forms):
    r = rights(request, dialogue)
    items = list(dialogue.agenda.all())
    slots = rules.timetable(dialogue.starts_at, [i.minutes for i in items])
    current = next((i for i in items if i.done_at is None), None)
    done = [i for i in items if i.done_at is not None and (current is None or i.order < current.order)]
    for item, slot in zip(items, slots, strict=True):
        item.slot = slot
        item.section = SECTIONS.get(item.key, "")
        item.is_current = item is current
        item.reopen = bool(done) and item is done[-1]  # only the item just done can be opened again
    questions = list(questions_for(request.user, dialogue).annotate(n_duplicates=Count("duplicates")))
    shown = [q for q in questions if q.visibility == Visibility.SHOWN]
    merged = [q for q in questions if q.visibility == Visibility.MERGED]
    typed = typed or {}
    for q in shown:
        q.repeats = [d for d in merged if d.merged_into_id == q.pk]
        q.typed = typed.get(q.pk, q.answer)
    before, before_items, before_summary = previous_commitments(dialogue)
    participants = {p.body: p for p in dialogue.participants.all()}
    concerns = list(dialogue.concerns.prefetch_related("questions"))
    recommendations = list(dialogue.recommendations.select_related("concern"))
    commitments = list(dialogue.commitments.select_related("recommendation", "activity__plan", "need__unit"))
    day = today()
    for c in commitments:
        c.is_overdue = c.overdue(day)
    context = {
        "dialogue": dialogue,
        "tab": "session",
        "agenda": items,
        "current": current,
        "questions": shown,
        "hidden_count": sum(1 for q in questions if q.visibility == Visibility.HIDDEN),
        "question_errors": question_errors or {},
        "answering": ANSWERING,
        "previous": before,
        "previous_commitments": before_items,
        "previous_summary": before_summary,
        "participant_rows": [p for p in participants.values() if p.men or p.women],
        "participant_total": sum(p.men + p.women for p in participants.values()),
        "participant_women": sum(p.women for p in participants.values()),
        "concerns": concerns,
        "recommendations": recommendations,
        "commitments": commitments,
        **r,
    }
    if r["may_facilitate"]:
        initial = {}
        for body, p in participants.items():
            initial[f"{body}_men"], initial[f"{body}_women"] = p.men, p.women
        shown_qs = questions_for(request.user, dialogue).filter(visibility=Visibility.SHOWN)
        context.update(
            item_form=forms.get("item_form")
            or (ItemForm(initial={"notes": current.notes}) if current else None),
            participants_form=forms.get("participants_form")
            or ParticipantsForm(initial=initial, auto_id="p-%s"),
            gather_form=forms.get("gather_form")
            or GatherForm(
                villages=villages_of(dialogue),
                sources=[(Source.CARD, Source.CARD.label), (Source.FLOOR, Source.FLOOR.label)],
                auto_id="gather-%s",
            ),
            a0_form=forms.get("a0_form") or A0Form(initial={"summary": dialogue.a0_summary}, auto_id="a0-%s"),
            concern_form=forms.get("concern_form") or ConcernForm(questions=shown_qs, auto_id="concern-%s"),
            recommendation_form=forms.get("recommendation_form")
            or RecommendationForm(concerns=dialogue.concerns.all(), auto_id="rec-%s"),
            commitment_form=forms.get("commitment_form") or _commitment_form(dialogue),
            close_form=forms.get("close_form") or CloseForm(auto_id="close-%s"),
            answer_form=AnswerForm(auto_id=False),
        )
    return render(request, "dialogues/session.html", context, status=status)


def _commitment_form(dialogue, data=None):
    return CommitmentForm(
        data,
        recommendations=dialogue.recommendations.all(),
        activities=activities_for(dialogue),
        needs=needs_for(dialogue),
        auto_id="commitment-%s",
    )


def _facilitating(request, pk: int) -> Dialogue:
    dialogue = dialogue_for(request, pk)
    refuse_unless(actions.may_facilitate(request.user, dialogue), dialogue, actions.FACILITATORS_ONLY)
    return dialogue


def _to(dialogue: Dialogue, section: str):
    return redirect(reverse("dialogues:session", args=[dialogue.pk]) + f"#{section}")


@login_required
def session(request, pk: int):
    return session_page(request, dialogue_for(request, pk))


@require_POST
@login_required
def item(request, pk: int):
    """The current item's notes; "done" moves the session to the next item ("undo" brings it back)."""
    agenda_item = access(
        request.user, AgendaItem.objects.select_related("dialogue__unit", "dialogue__village"), pk=pk
    )
    dialogue = _facilitating(request, agenda_item.dialogue_id)
    form = ItemForm(request.POST)
    if not form.is_valid():
        return session_page(request, dialogue, item_form=form, status=400)
    done = {"done": True, "undo": False}.get(request.POST.get("move", ""))
    actions.save_item(agenda_item, request.user, notes=form.cleaned_data["notes"], done=done)
    return _to(dialogue, "agenda")


@require_POST
@login_required
def participants(request, pk: int):
    dialogue = _facilitating(request, pk)
    form = ParticipantsForm(request.POST, auto_id="p-%s")
    if form.is_valid():
        try:
            actions.set_participants(dialogue, request.user, form.counts())
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("The participants are recorded."))
            return _to(dialogue, "opening")
    return session_page(request, dialogue, participants_form=form, status=400)


@require_POST
@login_required
def a0(request, pk: int):
    dialogue = _facilitating(request, pk)
    form = A0Form(request.POST, request.FILES, auto_id="a0-%s")
    if form.is_valid():
        try:
            actions.set_a0(
                dialogue, request.user, summary=form.cleaned_data["summary"], photo=form.cleaned_data["photo"]
            )
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("The A0 sheet is recorded."))
            return _to(dialogue, "a0")
    return session_page(request, dialogue, a0_form=form, status=400)


@login_required
def a0_photo(request, pk: int):
    dialogue = dialogue_for(request, pk)
    if not dialogue.a0_photo:
        raise Http404
    try:
        handle = dialogue.a0_photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=dialogue.a0_photo_type)


@require_POST
@login_required
def concern_add(request, pk: int):
    dialogue = _facilitating(request, pk)
    form = ConcernForm(
        request.POST,
        questions=questions_for(request.user, dialogue).filter(visibility=Visibility.SHOWN),
        auto_id="concern-%s",
    )
    if form.is_valid():
        try:
            actions.add_concern(dialogue, request.user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("The concern is recorded."))
            return _to(dialogue, "concerns")
    return session_page(request, dialogue, concern_form=form, status=400)


@require_POST
@login_required
def concern_remove(request, pk: int):
    concern = access(request.user, Concern.objects.select_related("dialogue"), pk=pk)
    dialogue = _facilitating(request, concern.dialogue_id)
    actions.remove_concern(concern, request.user)
    return _to(dialogue, "concerns")


@require_POST
@login_required
def recommendation_add(request, pk: int):
    dialogue = _facilitating(request, pk)
    form = RecommendationForm(request.POST, concerns=dialogue.concerns.all(), auto_id="rec-%s")
    if form.is_valid():
        try:
            actions.add_recommendation(dialogue, request.user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("The recommendation is recorded."))
            return _to(dialogue, "recommendations")
    return session_page(request, dialogue, recommendation_form=form, status=400)


@require_POST
@login_required
def recommendation_remove(request, pk: int):
    rec = access(request.user, Recommendation.objects.select_related("dialogue"), pk=pk)
    dialogue = _facilitating(request, rec.dialogue_id)
    try:
        actions.remove_recommendation(rec, request.user)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    return _to(dialogue, "recommendations")


@require_POST
@login_required
def commitment_add(request, pk: int):
    dialogue = _facilitating(request, pk)
    form = _commitment_form(dialogue, request.POST)
    if form.is_valid():
        try:
            commitment = actions.add_commitment(dialogue, request.user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("Commitment %(n)d is recorded.") % {"n": commitment.number})
            return _to(dialogue, "commitments")
    return session_page(request, dialogue, commitment_form=form, status=400)


@require_POST
@login_required
def close(request, pk: int):
    dialogue = _facilitating(request, pk)
    form = CloseForm(request.POST, auto_id="close-%s")
    if form.is_valid():
        try:
            actions.close(dialogue, request.user, ends_at=form.cleaned_data["ends_at"])
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(
                request,
                _("The dialogue is recorded as held: its commitments are now on the commune's public page."),
            )
            return redirect("dialogues:commitments", dialogue.pk)
    return session_page(request, dialogue, close_form=form, status=400)
