"""What happens in a citizen–government dialogue (source 002; issue 13): it is planned from the 150-minute template,
residents send questions (anonymously if they wish), the Front moderates them, runs the session, records the
answers, concerns, recommendations and commitments, closes it; then each commitment is followed until it is kept.

Each action is atomic and audited (`sedp.audit.actions.record`). Permissions go through the one policy:
- the Fatherland Front (and a project facilitator) facilitates and records: `Action.FACILITATE` on the commune;
- a village's people (village head, working group) add the questions their core group gathered: `CHANGE` on
  their village;
- the commune government (the planning team) and the Front post the commitments' follow-up;
- anyone, signed in or not, sends a question on the public page: no account is looked at or kept.

An anonymous question stores no author: not its name, not the account of whoever typed it, not the time of day
(only the date); its audit row has no actor and carries the date only. Nothing else (IP address, session) is
written anywhere by these actions.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sedp.accounts.policy import can
from sedp.accounts.roles import Action
from sedp.audit.actions import record, snapshot
from sedp.core import dialogue as rules
from sedp.monitoring.actions import MAX_PHOTO_BYTES, image_type
from sedp.places.choices import Level

from .models import (
    AgendaItem,
    Body,
    Commitment,
    CommitmentUpdate,
    Concern,
    Dialogue,
    Kind,
    Moderation,
    ModerationAction,
    Participation,
    Question,
    Recommendation,
    Source,
    State,
    Status,
    Topic,
    Visibility,
)

MAX_EVIDENCE_BYTES = MAX_PHOTO_BYTES
NAME_LIMIT = 150

# The items of source 002's programme, in the language of whoever plans the dialogue (Vietnamese by default).
AGENDA_TEXT = {
    rules.OPENING: (
        gettext_lazy("Opening; introduction of the participants; the aims of the dialogue"),
        gettext_lazy("The aims and outputs of the dialogue shown on a board"),
    ),
    rules.PRESENTATION: (
        gettext_lazy("The People's Committee presents the topics of the dialogue"),
        gettext_lazy("Presentation with visual aids"),
    ),
    rules.QUESTIONS: (
        gettext_lazy("Questions and answers"),
        gettext_lazy(
            "Residents ask their questions, with cards for sensitive ones; the People's Committee, the Party "
            "committee or the People's Council answers; questions and answers summarised on an A0 sheet"
        ),
    ),
    rules.BREAK: (gettext_lazy("Break"), ""),
    rules.ISSUES: (
        gettext_lazy("Synthesis of the issues residents raised"),
        gettext_lazy("The key themes analysed; participants asked again to make sure they are right"),
    ),
    rules.RECOMMENDATIONS: (
        gettext_lazy("Recommendations to improve the issues"),
        gettext_lazy(
            "Small groups of 5–7 neighbours; each group gives its recommendations, written on an A0 sheet"
        ),
    ),
    rules.SYNTHESIS: (
        gettext_lazy("Synthesis of the recommendations"),
        gettext_lazy("The key points analysed"),
    ),
    rules.COMMITMENTS: (
        gettext_lazy("The People's Committee's commitments"),
        gettext_lazy("How each recommendation will be resolved"),
    ),
    rules.CLOSING: (gettext_lazy("Closing"), ""),
}

DIALOGUE_FIELDS = [
    "kind",
    "village_id",
    "topics",
    "date",
    "starts_at",
    "place",
    "facilitator_name",
    "facilitator_title",
    "minute_taker_name",
    "minute_taker_title",
]


def _require(allowed: bool, message: str = "") -> None:
    if not allowed:
        raise PermissionDenied(message) if message else PermissionDenied


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _json(data: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


# ---------------------------------------------------------------------------------------------------------------
# Who may do what (through the one policy)
# ---------------------------------------------------------------------------------------------------------------

FACILITATORS_ONLY = gettext_lazy(
    "Only the Fatherland Front (or the project's facilitator) facilitates and records a dialogue."
)


def may_facilitate(user, obj) -> bool:
    """The Front of the commune (or above), a project facilitator, an administrator."""
    return can(user, Action.FACILITATE, obj)


def may_gather(user, dialogue: Dialogue, village=None) -> bool:
    """The Front, or the people of the village whose core group gathered the questions."""
    if may_facilitate(user, dialogue):
        return True
    return village is not None and village.parent_id == dialogue.unit_id and can(user, Action.CHANGE, village)


def may_follow(user, dialogue: Dialogue) -> bool:
    """The commitments' follow-up: the Front, and the commune government that made them."""
    return may_facilitate(user, dialogue) or can(user, Action.CHANGE, dialogue.unit)


def previous(dialogue: Dialogue) -> Dialogue | None:
    """The commune's dialogue held before this one: its commitments open the next."""
    return (
        Dialogue.objects.filter(unit=dialogue.unit_id, state=State.HELD, date__lte=dialogue.date)
        .exclude(pk=dialogue.pk)
        .exclude(date=dialogue.date, pk__gt=dialogue.pk or 0)
        .order_by("-date", "-id")
        .first()
    )


# ---------------------------------------------------------------------------------------------------------------
# The dialogue, its agenda and its participants
# ---------------------------------------------------------------------------------------------------------------


def _check_fields(unit, fields: dict) -> None:
    errors = {}
    if fields.get("kind") not in Kind.values:
        errors["kind"] = _("Choose the kind of dialogue.")
    village = fields.get("village")
    if fields.get("kind") == Kind.HOUSEHOLDS:
        if village is None:
            errors["village"] = _(
                "A dialogue with household representatives is held in one village: choose it."
            )
        elif village.parent_id != unit.pk or village.level != Level.VILLAGE:
            errors["village"] = _("%(village)s is not a village of %(unit)s.") % {
                "village": village.name,
                "unit": unit.name,
            }
    topics = fields.get("topics") or []
    if not topics or any(t not in Topic.values for t in topics):
        errors["topics"] = _("Choose at least one topic of the dialogue.")
    for name in ("place", "facilitator_name", "minute_taker_name"):
        if name in fields and not (fields.get(name) or "").strip():
            labels = {
                "place": _("Place"),
                "facilitator_name": _("Facilitator"),
                "minute_taker_name": _("Minute-taker"),
            }
            errors[name] = _("“%(field)s” is required.") % {"field": labels[name]}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_dialogue(unit, actor, **fields) -> Dialogue:
    """A dialogue of a commune, with source 002's agenda as its starting point."""
    _require(may_facilitate(actor, unit), FACILITATORS_ONLY)
    if unit.level != Level.COMMUNE:
        raise ValidationError(_("A dialogue is held by a commune's government: choose a commune or ward."))
    _check_fields(unit, fields)
    if fields.get("kind") != Kind.HOUSEHOLDS:
        fields["village"] = None
    dialogue = Dialogue.objects.create(unit=unit, created_by=_user(actor), **fields)
    # The agenda is a record of a meeting held in Vietnamese, printed in its minutes: written in Vietnamese
    # whatever language the Front's screen is in.
    with translation.override("vi"):
        AgendaItem.objects.bulk_create(
            AgendaItem(
                dialogue=dialogue,
                order=i,
                key=spec.key,
                title=str(AGENDA_TEXT[spec.key][0]),
                method=str(AGENDA_TEXT[spec.key][1]),
                minutes=spec.minutes,
                responsible=spec.responsible,
            )
            for i, spec in enumerate(rules.AGENDA)
        )
    record(actor, "dialogues.create", dialogue, after=_json(snapshot(dialogue, DIALOGUE_FIELDS)))
    return dialogue


@transaction.atomic
def update_dialogue(dialogue: Dialogue, actor, **fields) -> Dialogue:
    _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    _check_fields(
        dialogue.unit, {**{k: getattr(dialogue, k) for k in ("kind", "village", "topics")}, **fields}
    )
    if fields.get("kind", dialogue.kind) != Kind.HOUSEHOLDS:
        fields["village"] = None
    before = _json(snapshot(dialogue, DIALOGUE_FIELDS))
    for name, value in fields.items():
        setattr(dialogue, name, value)
    dialogue.save(update_fields=list(fields))
    record(
        actor, "dialogues.update", dialogue, before=before, after=_json(snapshot(dialogue, DIALOGUE_FIELDS))
    )
    return dialogue


@transaction.atomic
def set_agenda(dialogue: Dialogue, actor, rows: list[dict]) -> list[AgendaItem]:
    """The agenda as the Front edits it: rows of title, minutes, responsible, method (an existing item by its
    `pk`, keeping its notes); items left out are removed. Errors name the row."""
    _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    rows = [r for r in rows if (r.get("title") or "").strip() or r.get("pk")]
    if not rows:
        raise ValidationError(_("The agenda needs at least one item."))
    errors = []
    for n, row in enumerate(rows, start=1):
        if not (row.get("title") or "").strip():
            errors.append(_("Agenda, row %(n)d: write the item.") % {"n": n})
        minutes = row.get("minutes")
        if minutes is None or not 0 <= minutes <= 600:
            errors.append(_("Agenda, row %(n)d: the minutes are a whole number from 0 to 600.") % {"n": n})
    if errors:
        raise ValidationError(errors)
    existing = {a.pk: a for a in dialogue.agenda.all()}
    before = [[a.title, a.minutes] for a in existing.values()]
    kept = []
    for order, row in enumerate(rows):
        item = existing.pop(row.get("pk"), None) or AgendaItem(dialogue=dialogue)
        item.order = order
        item.title = row["title"].strip()[:200]
        item.minutes = row["minutes"]
        item.responsible = row.get("responsible") or ""
        item.method = (row.get("method") or "").strip()[:300]
        item.save()
        kept.append(item)
    AgendaItem.objects.filter(pk__in=list(existing)).delete()
    record(
        actor,
        "dialogues.agenda",
        dialogue,
        before={"agenda": before},
        after={"agenda": [[a.title, a.minutes] for a in kept]},
    )
    return kept


@transaction.atomic
def set_participants(dialogue: Dialogue, actor, counts: dict[str, tuple[int, int]]) -> None:
    """Men and women of each body present."""
    _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    for body, (men, women) in counts.items():
        if body not in Body.values:
            raise ValueError(body)
        if men < 0 or women < 0:
            raise ValidationError(_("Enter the number of men and women, 0 or more."))
    before = {p.body: [p.men, p.women] for p in dialogue.participants.all()}
    for body, (men, women) in counts.items():
        Participation.objects.update_or_create(
            dialogue=dialogue, body=body, defaults={"men": men, "women": women}
        )
    record(
        actor,
        "dialogues.participants",
        dialogue,
        before=before,
        after={b: list(v) for b, v in counts.items()},
    )


@transaction.atomic
def save_item(item: AgendaItem, actor, *, notes: str | None = None, done: bool | None = None) -> AgendaItem:
    """What happened during an agenda item, and whether it is done (the session moves to the next one)."""
    _require(may_facilitate(actor, item.dialogue), FACILITATORS_ONLY)
    fields = []
    before = {"notes": item.notes, "done": item.done_at is not None}
    if notes is not None:
        item.notes = notes.strip()
        fields.append("notes")
    if done is not None:
        item.done_at = timezone.now() if done else None
        fields.append("done_at")
    item.save(update_fields=fields)
    record(
        actor,
        "dialogues.agenda_item",
        item.dialogue,
        before=before,
        after={"item": item.title, "notes": item.notes, "done": item.done_at is not None},
    )
    return item


def _check_upload(upload, *, allow_pdf: bool) -> str:
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; it may be at most 5 MB.") % {"size": upload.size / (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    kind = image_type(head)
    if kind is None and allow_pdf and head.startswith(b"%PDF-"):
        kind = "application/pdf"
    if kind is None:
        raise ValidationError(
            _("This file is not a photo or a PDF: send a JPEG, PNG or WebP image or a PDF.")
            if allow_pdf
            else _("This file is not a photo: send a JPEG, PNG or WebP image.")
        )
    return kind


@transaction.atomic
def set_a0(dialogue: Dialogue, actor, *, summary: str, photo=None) -> Dialogue:
    """The questions and answers as summarised on the A0 sheet, and a photo of the sheet."""
    _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    fields = ["a0_summary"]
    before = {"a0_summary": dialogue.a0_summary, "a0_photo": dialogue.a0_photo.name}
    dialogue.a0_summary = summary.strip()
    if photo is not None:
        try:
            kind = _check_upload(photo, allow_pdf=False)
        except ValidationError as e:
            raise ValidationError({"photo": e.messages}) from None
        extension = kind.split("/")[1].replace("jpeg", "jpg")
        dialogue.a0_photo.save(f"dialogue{dialogue.pk}-a0.{extension}", photo, save=False)
        dialogue.a0_photo_type = kind
        fields += ["a0_photo", "a0_photo_type"]
    dialogue.save(update_fields=fields)
    record(
        actor,
        "dialogues.a0",
        dialogue,
        before=before,
        after={"a0_summary": dialogue.a0_summary, "a0_photo": dialogue.a0_photo.name},
    )
    return dialogue


@transaction.atomic
def close(dialogue: Dialogue, actor, *, ends_at: time | None = None, today: date | None = None) -> Dialogue:
    """The dialogue is held: the public page stops taking questions for it and shows its commitments."""
    _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    today = today or timezone.localdate()
    if dialogue.held:
        raise ValidationError(_("This dialogue is already recorded as held."))
    if dialogue.date > today:
        raise ValidationError(
            _("This dialogue is planned for %(date)s: it can be recorded as held from that day.")
            % {"date": dialogue.date.strftime("%d/%m/%Y")}
        )
    if not any(p.men + p.women for p in dialogue.participants.all()):
        raise ValidationError(_("Record how many people took part before closing the dialogue."))
    dialogue.state = State.HELD
    dialogue.ends_at = ends_at
    dialogue.save(update_fields=["state", "ends_at"])
    record(actor, "dialogues.close", dialogue, before={"state": State.PLANNED}, after={"state": State.HELD})
    return dialogue


# ---------------------------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------------------------


def question_error(text: str) -> str | None:
    """The Vietnamese message for a question that cannot be taken (empty, too long), or None."""
    problem = rules.question_problem(text)
    if problem == "empty":
        return _("Write your question before sending it.")
    if problem == "too_long":
        return _(
            "Your question is %(n)s characters long; a question may be at most %(limit)s. Shorten it and send it "
            "again."
        ) % {
            "n": f"{len(text.strip()):,}".replace(",", "."),
            "limit": f"{rules.QUESTION_LIMIT:,}".replace(",", "."),
        }
    return None


def _question_unit(dialogue: Dialogue, village):
    if village is None:
        return dialogue.unit
    if village.parent_id != dialogue.unit_id or village.level != Level.VILLAGE:
        raise ValidationError(
            {
                "village": _("%(village)s is not a village of %(unit)s.")
                % {"village": village, "unit": dialogue.unit}
            }
        )
    return village


def _check_question(text: str, anonymous: bool, asked_by: str, *, name_required: bool) -> None:
    errors = {}
    message = question_error(text)
    if message:
        errors["text"] = message
    if not anonymous and name_required and not asked_by.strip():
        errors["asked_by"] = _("Write your name, or tick “Send without my name”.")
    if len(asked_by.strip()) > NAME_LIMIT:
        errors["asked_by"] = _("The name is too long: at most %(n)d characters.") % {"n": NAME_LIMIT}
    if errors:
        raise ValidationError(errors)


def _next_number(dialogue: Dialogue) -> int:
    """The next question's number: the dialogue's row is locked first, so two residents sending at once do not
    get the same one (PostgreSQL; SQLite writes one at a time)."""
    Dialogue.objects.select_for_update().filter(pk=dialogue.pk).values_list("pk", flat=True).first()
    return _next(dialogue.questions, "number")


def _record_question(actor, question: Question, after: dict) -> None:
    """The question's audit row. An anonymous one has no actor and only the day it came: nothing in it, nor
    in its place among the other rows' times, tells who sent it."""
    if not question.anonymous:
        record(actor, "dialogues.question", question, after=after)
        return
    midnight = timezone.make_aware(datetime.combine(question.received_on, time.min))
    record(None, "dialogues.question", question, after=after, at=midnight)


@transaction.atomic
def submit_question(
    dialogue: Dialogue, *, text: str, village=None, anonymous: bool, asked_by: str = ""
) -> Question:
    """A resident's question from the public page, signed in or not: no account is looked at or kept. Open while
    the dialogue is planned."""
    if dialogue.held:
        raise ValidationError(_("This dialogue has been held: it no longer takes questions."))
    _check_question(text, anonymous, asked_by, name_required=True)
    unit = _question_unit(dialogue, village)
    question = Question.objects.create(
        dialogue=dialogue,
        number=_next_number(dialogue),
        unit=unit,
        source=Source.PUBLIC,
        text=text.strip(),
        anonymous=anonymous,
        asked_by="" if anonymous else asked_by.strip(),
        received_on=timezone.localdate(),
    )
    _record_question(
        None,
        question,
        {"dialogue": dialogue.pk, "source": Source.PUBLIC, "anonymous": anonymous, "unit": unit.name},
    )
    return question


@transaction.atomic
def gather_question(
    dialogue: Dialogue,
    actor,
    *,
    text: str,
    source: str,
    village=None,
    anonymous: bool = False,
    asked_by: str = "",
) -> Question:
    """A question typed in by someone else: gathered beforehand by a village's core group (the village head or
    the Front types it in), or during the session from a card or from the floor (the Front)."""
    if source not in (Source.CORE_GROUP, Source.CARD, Source.FLOOR):
        raise ValueError(source)
    if source == Source.CORE_GROUP:
        _require(
            may_gather(actor, dialogue, village),
            _(
                "The questions a village gathered are typed in by its village head or working group, or the Front."
            ),
        )
        if village is None:
            raise ValidationError(
                {"village": _("Choose the village whose core group gathered the question.")}
            )
        if dialogue.held:
            raise ValidationError(
                _("This dialogue has been held: questions gathered beforehand can no longer be added.")
            )
    else:
        _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    _check_question(text, anonymous, asked_by, name_required=False)
    unit = _question_unit(dialogue, village)
    question = Question.objects.create(
        dialogue=dialogue,
        number=_next_number(dialogue),
        unit=unit,
        source=source,
        text=text.strip(),
        anonymous=anonymous,
        asked_by="" if anonymous else asked_by.strip(),
        received_on=timezone.localdate(),
        created_by=None if anonymous else _user(actor),
    )
    _record_question(
        actor,
        question,
        {"dialogue": dialogue.pk, "source": source, "anonymous": anonymous, "unit": unit.name},
    )
    return question


@transaction.atomic
def answer_question(question: Question, actor, *, answer: str, answered_by: str) -> Question:
    """The answer given in the session, by the body concerned."""
    _require(may_facilitate(actor, question.dialogue), FACILITATORS_ONLY)
    errors = {}
    if not answer.strip():
        errors["answer"] = _("Write the answer that was given.")
    if answered_by not in rules.ANSWERING_BODIES:
        errors["answered_by"] = _(
            "Choose who answered: the People's Committee, the Party committee or the Council."
        )
    if errors:
        raise ValidationError(errors)
    before = {"answer": question.answer, "answered_by": question.answered_by}
    question.answer, question.answered_by = answer.strip(), answered_by
    question.save(update_fields=["answer", "answered_by"])
    record(
        actor,
        "dialogues.answer",
        question,
        before=before,
        after={"answer": question.answer, "answered_by": answered_by},
    )
    return question


def _moderate(
    question: Question, actor, action: str, *, reason: str = "", into: Question | None = None
) -> None:
    Moderation.objects.create(question=question, action=action, reason=reason, into=into, by=_user(actor))
    record(
        actor,
        f"dialogues.moderate_{action}",
        question,
        after={"into": into.number if into else None, "visibility": question.visibility},
        reason=reason,
    )


@transaction.atomic
def hide_question(question: Question, actor, *, reason: str) -> Question:
    """Abuse is hidden, never deleted or reworded; the reason is kept in the moderation log."""
    _require(may_facilitate(actor, question.dialogue), FACILITATORS_ONLY)
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the question is hidden: the moderation log keeps it.")})
    question.visibility, question.hidden_reason, question.merged_into = (
        Visibility.HIDDEN,
        reason.strip(),
        None,
    )
    question.save(update_fields=["visibility", "hidden_reason", "merged_into"])
    _moderate(question, actor, ModerationAction.HIDE, reason=reason.strip())
    return question


@transaction.atomic
def show_question(question: Question, actor, *, reason: str = "") -> Question:
    """Undo a hide or a merge."""
    _require(may_facilitate(actor, question.dialogue), FACILITATORS_ONLY)
    if question.shown:
        raise ValidationError(_("This question is already shown."))
    question.visibility, question.hidden_reason, question.merged_into = Visibility.SHOWN, "", None
    question.save(update_fields=["visibility", "hidden_reason", "merged_into"])
    _moderate(question, actor, ModerationAction.SHOW, reason=reason.strip())
    return question


@transaction.atomic
def merge_question(question: Question, into: Question, actor, *, reason: str = "") -> Question:
    """A duplicate is merged into the question it repeats: both texts stay as written; the session reads the one
    kept, saying how many asked it."""
    _require(may_facilitate(actor, question.dialogue), FACILITATORS_ONLY)
    if into.dialogue_id != question.dialogue_id:
        raise ValidationError({"into": _("Both questions must be of the same dialogue.")})
    if into.pk == question.pk:
        raise ValidationError({"into": _("A question cannot be merged into itself.")})
    if not into.shown:
        raise ValidationError(
            {"into": _("Merge into a question that is shown, not hidden or merged itself.")}
        )
    # The duplicates of the merged question follow it into the one kept.
    for dup in question.duplicates.all():
        dup.merged_into = into
        dup.save(update_fields=["merged_into"])
    question.visibility, question.merged_into, question.hidden_reason = Visibility.MERGED, into, ""
    question.save(update_fields=["visibility", "merged_into", "hidden_reason"])
    _moderate(question, actor, ModerationAction.MERGE, reason=reason.strip(), into=into)
    return question


# ---------------------------------------------------------------------------------------------------------------
# Concerns, recommendations
# ---------------------------------------------------------------------------------------------------------------


def _next(qs, field: str) -> int:
    return (qs.aggregate(n=Max(field))["n"] or 0) + 1


@transaction.atomic
def add_concern(dialogue: Dialogue, actor, *, title: str, questions=()) -> Concern:
    """Similar questions grouped into one concern."""
    _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    if not title.strip():
        raise ValidationError({"title": _("Name the concern.")})
    questions = list(questions)
    if any(q.dialogue_id != dialogue.pk for q in questions):
        raise ValidationError({"questions": _("Choose questions of this dialogue.")})
    concern = Concern.objects.create(
        dialogue=dialogue, title=title.strip()[:300], order=_next(dialogue.concerns, "order")
    )
    concern.questions.set(questions)
    record(
        actor,
        "dialogues.concern",
        concern,
        after={"title": concern.title, "questions": [q.pk for q in questions]},
    )
    return concern


@transaction.atomic
def remove_concern(concern: Concern, actor) -> None:
    _require(may_facilitate(actor, concern.dialogue), FACILITATORS_ONLY)
    record(actor, "dialogues.remove_concern", concern, before={"title": concern.title})
    concern.delete()


@transaction.atomic
def add_recommendation(
    dialogue: Dialogue, actor, *, text: str, group: str = "", concern=None
) -> Recommendation:
    """A small group's recommendation."""
    _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    if not text.strip():
        raise ValidationError({"text": _("Write the group's recommendation.")})
    if concern is not None and concern.dialogue_id != dialogue.pk:
        raise ValidationError({"concern": _("Choose a concern of this dialogue.")})
    rec = Recommendation.objects.create(
        dialogue=dialogue,
        text=text.strip(),
        group=group.strip()[:100],
        concern=concern,
        order=_next(dialogue.recommendations, "order"),
    )
    record(actor, "dialogues.recommendation", rec, after={"group": rec.group, "text": rec.text})
    return rec


@transaction.atomic
def remove_recommendation(rec: Recommendation, actor) -> None:
    _require(may_facilitate(actor, rec.dialogue), FACILITATORS_ONLY)
    if rec.commitments.exists():
        raise ValidationError(_("A commitment answers this recommendation: it stays on record."))
    record(actor, "dialogues.remove_recommendation", rec, before={"group": rec.group, "text": rec.text})
    rec.delete()


# ---------------------------------------------------------------------------------------------------------------
# Commitments and their follow-up
# ---------------------------------------------------------------------------------------------------------------

COMMITMENT_FIELDS = [
    "number",
    "body",
    "responsible",
    "solution",
    "deadline",
    "cost",
    "activity_id",
    "need_id",
]


def _check_links(dialogue: Dialogue, activity, need) -> None:
    errors = {}
    if activity is not None and activity.plan.unit_id != dialogue.unit_id:
        errors["activity"] = _("Choose an activity of %(unit)s's plans.") % {"unit": dialogue.unit.name}
    if need is not None and need.unit_id != dialogue.unit_id and need.unit.parent_id != dialogue.unit_id:
        errors["need"] = _("Choose a need of %(unit)s or of one of its villages.") % {
            "unit": dialogue.unit.name
        }
    if errors:
        raise ValidationError(errors)


def _raise_need(commitment: Commitment, actor, title: str = ""):
    """The commitment enters the commune's own needs, which its next plan decides on like any other need (and the
    need's fate is traced there)."""
    from sedp.needs.actions import create_need

    title = (title or commitment.solution).strip().splitlines()[0][:300]
    need = create_need(
        commitment.dialogue.unit, actor=_user(actor), title=title, estimated_cost=commitment.cost
    )
    commitment.need = need
    commitment.save(update_fields=["need"])
    record(
        actor,
        "dialogues.raise_need",
        commitment,
        after={"need": need.pk, "code": need.code, "title": need.title},
    )
    return need


@transaction.atomic
def add_commitment(
    dialogue: Dialogue,
    actor,
    *,
    body: str,
    solution: str,
    deadline: date | None,
    recommendation: Recommendation | None = None,
    responsible: str = "",
    cost: int | None = None,
    activity=None,
    need=None,
    raise_need: bool = False,
) -> Commitment:
    """How the commune will resolve a recommendation. With `raise_need` the commitment becomes a need of the
    commune for its next plan."""
    _require(may_facilitate(actor, dialogue), FACILITATORS_ONLY)
    errors = {}
    if body not in rules.COMMITTING_BODIES:
        errors["body"] = _("Choose the body responsible.")
    if not solution.strip():
        errors["solution"] = _("Write how the recommendation will be resolved.")
    if deadline is None:
        errors["deadline"] = _("Give the deadline of the commitment.")
    elif deadline < dialogue.date:
        errors["deadline"] = _("The deadline is before the dialogue (%(date)s).") % {
            "date": dialogue.date.strftime("%d/%m/%Y")
        }
    if cost is not None and cost < 0:
        errors["cost"] = _("Enter a cost of 0 or more.")
    if recommendation is not None and recommendation.dialogue_id != dialogue.pk:
        errors["recommendation"] = _("Choose a recommendation of this dialogue.")
    if raise_need and need is not None:
        errors["need"] = _("Either link an existing need or raise a new one, not both.")
    if errors:
        raise ValidationError(errors)
    _check_links(dialogue, activity, need)
    commitment = Commitment.objects.create(
        dialogue=dialogue,
        recommendation=recommendation,
        number=_next(dialogue.commitments, "number"),
        body=body,
        responsible=responsible.strip()[:200],
        solution=solution.strip(),
        deadline=deadline,
        cost=cost,
        activity=activity,
        need=need,
        created_by=_user(actor),
    )
    record(actor, "dialogues.commitment", commitment, after=_json(snapshot(commitment, COMMITMENT_FIELDS)))
    if raise_need:
        _raise_need(commitment, actor)
    return commitment


@transaction.atomic
def raise_need(commitment: Commitment, actor, *, title: str = ""):
    _require(may_facilitate(actor, commitment.dialogue), FACILITATORS_ONLY)
    if commitment.need_id:
        raise ValidationError(_("This commitment is already linked to a need."))
    return _raise_need(commitment, actor, title)


@transaction.atomic
def update_commitment(
    commitment: Commitment,
    actor,
    *,
    on: date,
    status: str,
    note: str = "",
    reason: str = "",
    evidence=None,
    today: date | None = None,
) -> CommitmentUpdate:
    """A dated status of a commitment (not started, in progress, kept, not kept with its reason) and evidence.
    The commitment's status is its latest update's."""
    dialogue = commitment.dialogue
    _require(
        may_follow(actor, dialogue),
        _("A commitment's follow-up is recorded by the Front or by the commune government that made it."),
    )
    today = today or timezone.localdate()
    if not dialogue.held:
        raise ValidationError(_("Commitments are followed once the dialogue is recorded as held."))
    errors = {}
    problem = rules.update_problem(status, reason)
    if problem == "status":
        errors["status"] = _("Choose the status from the list.")
    elif problem == "reason":
        errors["reason"] = _("A commitment not kept needs the reason why.")
    if on is None:
        errors["on"] = _("Give the date of this status.")
    elif on > today:
        errors["on"] = _("The date is in the future.")
    elif on < dialogue.date:
        errors["on"] = _("The date is before the dialogue (%(date)s).") % {
            "date": dialogue.date.strftime("%d/%m/%Y")
        }
    kind = ""
    if evidence is not None:
        try:
            kind = _check_upload(evidence, allow_pdf=True)
        except ValidationError as e:
            errors["evidence"] = e.messages
    if errors:
        raise ValidationError(errors)
    update = CommitmentUpdate(
        commitment=commitment,
        on=on,
        status=status,
        note=note.strip(),
        reason=reason.strip() if status == Status.NOT_KEPT else "",
        by=_user(actor),
        evidence_type=kind,
    )
    if evidence is not None:
        extension = {"image/jpeg": "jpg", "application/pdf": "pdf"}.get(kind, kind.split("/")[-1])
        update.evidence.save(f"commitment{commitment.pk}-{on:%Y%m%d}.{extension}", evidence, save=False)
    update.save()
    before = {"status": commitment.status, "status_on": commitment.status_on}
    if commitment.status_on is None or on >= commitment.status_on:
        commitment.status, commitment.status_on = status, on
        commitment.save(update_fields=["status", "status_on"])
    record(
        actor,
        "dialogues.follow",
        commitment,
        before=_json(before),
        after={"on": on.isoformat(), "status": status, "note": update.note, "evidence": bool(kind)},
        reason=update.reason,
    )
    return update
