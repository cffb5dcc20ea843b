"""A commune's dialogues, planning one, and its preparation: the details, the agenda, the questions gathered and
their moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sedp.accounts.policy import access
from sedp.core import dialogue as rules
from sedp.errors import Refused
from sedp.meetings.fields import LongTextField, add_errors
from sedp.places.models import Unit

from .. import actions
from ..forms import AnswerForm, DialogueForm, GatherForm, MergeForm, agenda_rows
from ..models import RESPONSIBLE, Dialogue, Moderation, Question, Source, Visibility
from .common import (
    dialogue_for,
    gathering_villages,
    questions_for,
    refuse_unless,
    rights,
    villages_of,
)

DETAILS = [
    "kind",
    "village",
    "topics",
    "date",
    "starts_at",
    "place",
    "facilitator_name",
    "facilitator_title",
    "minute_taker_name",
    "minute_taker_title",
]


@login_required
def unit(request, unit_pk: int):
    """A commune's dialogues, the newest first, with how their commitments stand."""
    commune = access(request.user, Unit.objects.select_related("parent"), pk=unit_pk)
    dialogues = list(
        Dialogue.objects.filter(unit=commune)
        .select_related("village")
        .annotate(
            n_questions=Count("questions", distinct=True), n_commitments=Count("commitments", distinct=True)
        )
    )
    return render(
        request,
        "dialogues/unit.html",
        {
            "unit": commune,
            "dialogues": dialogues,
            "may_create": actions.may_facilitate(request.user, commune) and commune.level == "commune",
        },
    )


def _refuse_create(commune):
    raise Refused(
        _(
            "A dialogue is planned and recorded by the Fatherland Front of %(unit)s (or the project's facilitator)."
        )
        % {"unit": commune.name},
        [
            (
                _("The dialogues of %(unit)s") % {"unit": commune.name},
                reverse("dialogues:unit", args=[commune.pk]),
            ),
            (
                _("The public page of %(unit)s's dialogues and commitments") % {"unit": commune.name},
                reverse("dialogues:public", args=[commune.pk]),
            ),
        ],
    )


@login_required
def create(request, unit_pk: int):
    commune = access(request.user, Unit.objects.all(), pk=unit_pk)
    if not actions.may_facilitate(request.user, commune):
        _refuse_create(commune)
    user = request.user
    form = DialogueForm(
        request.POST or None,
        villages=Unit.objects.filter(parent=commune, level="village").order_by("name"),
        initial={
            "kind": "villages",
            "topics": ["planning"],
            "place": _("Hall of the People's Committee of %(unit)s") % {"unit": commune.name},
            "starts_at": "08:00",
            "facilitator_name": user.full_name,
            "minute_taker_name": user.full_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = actions.create_dialogue(commune, user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(
                request, _("The dialogue is planned with the usual 150-minute agenda; change it as needed.")
            )
            return redirect("dialogues:detail", dialogue.pk)
    return render(
        request, "dialogues/form.html", {"unit": commune, "form": form}, status=400 if form.errors else 200
    )


def _agenda(dialogue: Dialogue):
    items = list(dialogue.agenda.all())
    for item, slot in zip(
        items, rules.timetable(dialogue.starts_at, [i.minutes for i in items]), strict=True
    ):
        item.slot = slot
    return items


def _detail(
    request,
    dialogue: Dialogue,
    *,
    form=None,
    gather_form=None,
    agenda_errors=None,
    question_errors=None,
    status=200,
):
    r = rights(request, dialogue)
    questions = list(questions_for(request.user, dialogue).annotate(n_duplicates=Count("duplicates")))
    items = _agenda(dialogue)
    context = {
        "dialogue": dialogue,
        "tab": "preparation",
        "agenda": items,
        "agenda_total": sum(i.minutes for i in items),
        "over_time": rules.over_time(i.minutes for i in items),
        "planned_minutes": rules.PLANNED_MINUTES,
        "responsible_choices": RESPONSIBLE,
        "agenda_errors": agenda_errors or [],
        "question_errors": question_errors or {},
        "questions": questions,
        "log": list(
            Moderation.objects.filter(question__in=[q.pk for q in questions]).select_related(
                "by", "question", "into"
            )
        )
        if r["may_facilitate"]
        else [],
        "ask_url": request.build_absolute_uri(reverse("dialogues:ask", args=[dialogue.pk])),
        **r,
    }
    if r["may_facilitate"]:
        context["form"] = form or DialogueForm(
            villages=villages_of(dialogue),
            initial={name: getattr(dialogue, name) for name in DETAILS},
            auto_id="details-%s",
        )
    if r["may_gather"] and not dialogue.held:
        context["gather_form"] = gather_form or GatherForm(
            villages=gathering_villages(request.user, dialogue),
            sources=[(Source.CORE_GROUP, Source.CORE_GROUP.label)],
            auto_id="gather-%s",
        )
    return render(request, "dialogues/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return _detail(request, dialogue_for(request, pk))


@require_POST
@login_required
def edit(request, pk: int):
    dialogue = dialogue_for(request, pk)
    refuse_unless(actions.may_facilitate(request.user, dialogue), dialogue, actions.FACILITATORS_ONLY)
    form = DialogueForm(request.POST, villages=villages_of(dialogue), auto_id="details-%s")
    if form.is_valid():
        try:
            actions.update_dialogue(dialogue, request.user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("Saved."))
            return redirect("dialogues:detail", dialogue.pk)
    return _detail(request, dialogue, form=form, status=400)


@require_POST
@login_required
def agenda(request, pk: int):
    dialogue = dialogue_for(request, pk)
    refuse_unless(actions.may_facilitate(request.user, dialogue), dialogue, actions.FACILITATORS_ONLY)
    try:
        count = min(int(request.POST.get("count", "0")), 100)
    except ValueError:
        count = 0
    rows, errors = agenda_rows(request.POST, count)
    if not errors:
        try:
            actions.set_agenda(dialogue, request.user, rows)
        except ValidationError as e:
            errors = e.messages
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect(reverse("dialogues:detail", args=[dialogue.pk]) + "#agenda")
    return _detail(request, dialogue, agenda_errors=errors, status=400)


@require_POST
@login_required
def gather(request, pk: int):
    """A question typed in by someone else: the core group's (preparation page) or a card or the floor's (session
    page, which `next` names)."""
    dialogue = dialogue_for(request, pk)
    source = request.POST.get("source", "")
    in_session = source in (Source.CARD, Source.FLOOR)
    villages = gathering_villages(request.user, dialogue)
    if in_session:
        refuse_unless(actions.may_facilitate(request.user, dialogue), dialogue, actions.FACILITATORS_ONLY)
        sources = [(Source.CARD, Source.CARD.label), (Source.FLOOR, Source.FLOOR.label)]
    else:
        refuse_unless(
            actions.may_facilitate(request.user, dialogue) or villages.exists(),
            dialogue,
            _(
                "The questions a village gathered are typed in by its village head or working group, or the Front."
            ),
        )
        sources = [(Source.CORE_GROUP, Source.CORE_GROUP.label)]
    form = GatherForm(request.POST, villages=villages, sources=sources, auto_id="gather-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.gather_question(
                dialogue,
                request.user,
                text=data["text"],
                source=data["source"],
                village=data["village"],
                anonymous=data["anonymous"],
                asked_by=data["asked_by"],
            )
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("The question is recorded."))
            if in_session:
                return redirect(reverse("dialogues:session", args=[dialogue.pk]) + "#questions")
            return redirect(reverse("dialogues:detail", args=[dialogue.pk]) + "#questions")
    if in_session:
        from .session import session_page

        return session_page(request, dialogue, gather_form=form, status=400)
    return _detail(request, dialogue, gather_form=form, status=400)


def _question(request, pk: int) -> Question:
    question = access(
        request.user, Question.objects.select_related("dialogue__unit", "dialogue__village"), pk=pk
    )
    refuse_unless(
        actions.may_facilitate(request.user, question.dialogue), question.dialogue, actions.FACILITATORS_ONLY
    )
    return question


def _back(request, question: Question, errors: list[str] | None = None):
    """Back to the question on the page it was moderated or answered on; with errors, that page again (400)."""
    in_session = request.POST.get("next") == "session"
    if errors:
        if in_session:
            from .session import session_page

            return session_page(
                request,
                question.dialogue,
                question_errors={question.pk: errors},
                typed={question.pk: request.POST.get("answer", "")},
                status=400,
            )
        return _detail(request, question.dialogue, question_errors={question.pk: errors}, status=400)
    where = "dialogues:session" if in_session else "dialogues:detail"
    return redirect(reverse(where, args=[question.dialogue_id]) + f"#question-{question.pk}")


# A moderator's reason, typed beside the question: checked as every form's text is.
_REASON = LongTextField(label=gettext_lazy("Reason"), required=False)


@require_POST
@login_required
def hide(request, pk: int):
    question = _question(request, pk)
    try:
        actions.hide_question(question, request.user, reason=_REASON.clean(request.POST.get("reason", "")))
    except ValidationError as e:
        return _back(request, question, e.messages)
    messages.success(request, _("The question is hidden; the moderation log keeps why."))
    return _back(request, question)


@require_POST
@login_required
def show(request, pk: int):
    question = _question(request, pk)
    try:
        actions.show_question(question, request.user, reason=_REASON.clean(request.POST.get("reason", "")))
    except ValidationError as e:
        return _back(request, question, e.messages)
    messages.success(request, _("The question is shown again."))
    return _back(request, question)


@require_POST
@login_required
def merge(request, pk: int):
    question = _question(request, pk)
    form = MergeForm(
        request.POST,
        questions=Question.objects.filter(dialogue=question.dialogue_id, visibility=Visibility.SHOWN),
    )
    if not form.is_valid():
        return _back(request, question, [m for errors in form.errors.values() for m in errors])
    into = form.cleaned_data["into"]
    try:
        actions.merge_question(question, into, request.user, reason=form.cleaned_data["reason"])
    except ValidationError as e:
        return _back(request, question, e.messages)
    messages.success(
        request, _("Question %(a)s is merged into question %(b)s.") % {"a": question.pk, "b": into.pk}
    )
    return _back(request, question)


@require_POST
@login_required
def answer(request, pk: int):
    question = _question(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _back(request, question, [m for errors in form.errors.values() for m in errors])
    try:
        actions.answer_question(
            question,
            request.user,
            answer=form.cleaned_data["answer"],
            answered_by=form.cleaned_data["answered_by"],
        )
    except ValidationError as e:
        return _back(request, question, e.messages)
    messages.success(request, _("The answer to question %(n)s is recorded.") % {"n": question.number})
    return _back(request, question)
