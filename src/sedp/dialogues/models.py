"""Citizen–government dialogues (source 002; issue 13): the dialogue with its agenda and participants, the
residents' questions gathered before and during it, the concerns and recommendations drawn from them, and the
commitments the commune makes, followed in public until they are kept.

The rules live in `sedp.dialogues.actions` (atomic, audited); these models only keep what happened.

What is public: a dialogue itself (its date, place and topics are announced so residents can send questions), and
once it is held its concerns, recommendations, commitments and their follow-up. Questions are not: the Front, the
commune and those above read them, a village only its own; an anonymous question has no author stored at all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from sedp.core import dialogue as rules


class Kind(models.TextChoices):
    VILLAGES = "villages", _("the commune government with the villages' representatives")
    HOUSEHOLDS = "households", _("the commune government with household representatives of one village")


class Topic(models.TextChoices):
    PLANNING = "planning", _("the planning process and its priorities")
    BUDGET = "budget", _("the commune budget")
    DEMOCRACY = "democracy", _("grassroots democracy: people know, discuss, do and supervise")
    REGULATIONS = "regulations", _("the commune's regulations")


class Body(models.TextChoices):
    COMMITTEE = rules.COMMITTEE, _("People's Committee")
    COUNCIL = rules.COUNCIL, _("People's Council")
    PARTY = rules.PARTY, _("Party committee")
    FRONT = rules.FRONT, _("Fatherland Front")
    CITIZENS = rules.CITIZENS, _("citizens")
    PROJECT = rules.PROJECT, _("project staff")
    FACILITATOR = rules.FACILITATOR, _("facilitator")
    OTHER = rules.OTHER, _("other")


ANSWERING = [(b, Body(b).label) for b in rules.ANSWERING_BODIES]
COMMITTING = [(b, Body(b).label) for b in rules.COMMITTING_BODIES]
PARTICIPATING = [(b, Body(b).label) for b in rules.PARTICIPANT_BODIES]
RESPONSIBLE = [(b, Body(b).label) for b in (*rules.PARTICIPANT_BODIES, rules.FACILITATOR)]


class State(models.TextChoices):
    PLANNED = "planned", _("planned: questions are being gathered")
    HELD = "held", _("held")


class Dialogue(models.Model):
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("commune"), related_name="dialogues", on_delete=models.PROTECT
    )
    # The village whose households meet (a dialogue of the second kind); empty for the villages' representatives.
    village = models.ForeignKey(
        "places.Unit",
        verbose_name=_("village"),
        null=True,
        blank=True,
        related_name="village_dialogues",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind of dialogue"), max_length=16, choices=Kind.choices)
    topics = models.JSONField(_("topics"), default=list)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    facilitator_name = models.CharField(_("facilitator"), max_length=150)
    facilitator_title = models.CharField(_("facilitator's title"), max_length=200, blank=True)
    minute_taker_name = models.CharField(_("minute-taker"), max_length=150)
    minute_taker_title = models.CharField(_("minute-taker's title"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)
    # The summary of the questions and answers written on the A0 sheet, and a photo of the sheet.
    a0_summary = models.TextField(_("summary on the A0 sheet"), blank=True)
    a0_photo = models.FileField(_("photo of the A0 sheet"), upload_to="dialogues/%Y/%m/", blank=True)
    a0_photo_type = models.CharField(max_length=20, blank=True)
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        return Q()  # announced: residents send their questions before it

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    def __str__(self) -> str:
        where = self.village.name if self.village_id else self.unit.name
        return gettext("Dialogue of %(date)s — %(unit)s") % {"date": f"{self.date:%d/%m/%Y}", "unit": where}

    @property
    def held(self) -> bool:
        return self.state == State.HELD

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]


class _WhenHeld:
    """Public once the dialogue is held: what it concluded and promised."""

    @classmethod
    def policy_public_q(cls):
        return Q(**{f"{cls.policy_dialogue}state": State.HELD})


class AgendaItem(models.Model):
    dialogue = models.ForeignKey(Dialogue, related_name="agenda", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(default=0)
    # The template item it came from (source 002), which tells the session page what to record there.
    key = models.CharField(max_length=20, blank=True)
    title = models.CharField(_("item"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=0)
    responsible = models.CharField(_("responsible"), max_length=20, choices=RESPONSIBLE, blank=True)
    method = models.CharField(_("method"), max_length=300, blank=True)
    notes = models.TextField(_("what happened"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    policy_unit = "dialogue__unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        return Q()

    class Meta:
        ordering = ["dialogue", "order", "id"]
        verbose_name = _("agenda item")

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """How many men and women of one body took part."""

    dialogue = models.ForeignKey(Dialogue, related_name="participants", on_delete=models.CASCADE)
    body = models.CharField(_("body"), max_length=20, choices=PARTICIPATING)
    men = models.PositiveIntegerField(_("men"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)

    policy_unit = "dialogue__unit"
    policy_visible_from_below = True
    policy_dialogue = "dialogue__"

    @classmethod
    def policy_public_q(cls):
        return Q(dialogue__state=State.HELD)

    class Meta:
        ordering = ["dialogue", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "body"], name="participation_once_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.men}+{self.women}"


class Source(models.TextChoices):
    CORE_GROUP = "core_group", _("gathered by the village core group")
    PUBLIC = "public", _("sent on the public page")
    CARD = "card", _("question card")
    FLOOR = "floor", _("from the floor")


class Visibility(models.TextChoices):
    SHOWN = "shown", _("shown")
    HIDDEN = "hidden", _("hidden")
    MERGED = "merged", _("merged into another question")


class Question(models.Model):
    """A resident's question. `unit` is the village it comes from, or the commune when not said: a village's
    people read their own village's questions, the commune and the Front read all.

    An anonymous question stores no author at all: no name, no account (`created_by` stays empty even when the
    person who typed it in was signed in), and only the day it arrived, not the time."""

    dialogue = models.ForeignKey(Dialogue, related_name="questions", on_delete=models.CASCADE)
    # Numbered 1, 2, 3… within the dialogue, as the session reads them out and the A0 sheet and minutes cite them.
    number = models.PositiveIntegerField(_("number"), default=0)
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("from"), related_name="+", on_delete=models.PROTECT
    )
    source = models.CharField(_("how it came"), max_length=12, choices=Source.choices)
    text = models.TextField(_("question"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    asked_by = models.CharField(_("asked by"), max_length=150, blank=True)
    received_on = models.DateField(_("received on"))
    visibility = models.CharField(
        _("moderation"), max_length=8, choices=Visibility.choices, default=Visibility.SHOWN
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        related_name="duplicates",
        on_delete=models.SET_NULL,
    )
    hidden_reason = models.TextField(_("why hidden"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.CharField(_("answered by"), max_length=20, choices=ANSWERING, blank=True)
    # Who typed it in (the village head for the core group, the Front for a card): never for an anonymous one.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    policy_unit = "unit"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])

    class Meta:
        ordering = ["dialogue", "number", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | (Q(asked_by="") & Q(created_by__isnull=True)),
                name="anonymous_question_has_no_author",
            ),
            models.CheckConstraint(
                condition=~Q(visibility="hidden") | ~Q(hidden_reason=""), name="hidden_question_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return pgettext("a resident's", "Question %(n)s") % {"n": self.number}

    @property
    def shown(self) -> bool:
        return self.visibility == Visibility.SHOWN


class ModerationAction(models.TextChoices):
    MERGE = "merge", _("merged as a duplicate")
    HIDE = "hide", _("hidden")
    SHOW = "show", _("shown again")


class Moderation(models.Model):
    """The moderation log: every merge and hide, by whom and why. Words are never edited: a question is only
    hidden (with its reason) or merged into the one it repeats, and both can be undone."""

    question = models.ForeignKey(Question, related_name="moderations", on_delete=models.CASCADE)
    action = models.CharField(_("action"), max_length=8, choices=ModerationAction.choices)
    into = models.ForeignKey(
        Question,
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.CASCADE,
    )
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    policy_unit = "question__dialogue__unit"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("moderation")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.question}"


class Concern(_WhenHeld, models.Model):
    """A concern the residents raised: similar questions grouped under one title (the synthesis of issues)."""

    dialogue = models.ForeignKey(Dialogue, related_name="concerns", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("concern"), max_length=300)
    questions = models.ManyToManyField(
        Question, verbose_name=_("questions"), related_name="concerns", blank=True
    )

    policy_unit = "dialogue__unit"
    policy_visible_from_below = True
    policy_dialogue = "dialogue__"

    class Meta:
        ordering = ["dialogue", "order", "id"]
        verbose_name = _("concern")

    def __str__(self) -> str:
        return self.title


class Recommendation(_WhenHeld, models.Model):
    """A small group's recommendation (groups of 5–7 neighbours, 30 minutes)."""

    dialogue = models.ForeignKey(Dialogue, related_name="recommendations", on_delete=models.CASCADE)
    concern = models.ForeignKey(
        Concern,
        verbose_name=_("concern"),
        null=True,
        blank=True,
        related_name="recommendations",
        on_delete=models.SET_NULL,
    )
    order = models.PositiveSmallIntegerField(default=0)
    group = models.CharField(_("group"), max_length=100, blank=True)
    text = models.TextField(_("recommendation"))

    policy_unit = "dialogue__unit"
    policy_visible_from_below = True
    policy_dialogue = "dialogue__"

    class Meta:
        ordering = ["dialogue", "order", "id"]
        verbose_name = _("recommendation")

    def __str__(self) -> str:
        return self.text[:80]


class Status(models.TextChoices):
    NOT_STARTED = rules.NOT_STARTED, _("not started")
    IN_PROGRESS = rules.IN_PROGRESS, _("in progress")
    KEPT = rules.KEPT, _("kept")
    NOT_KEPT = rules.NOT_KEPT, _("not kept")


class Commitment(_WhenHeld, models.Model):
    """How the commune will resolve a recommendation: the body responsible, the solution, a deadline, a cost, and
    the plan activity or the need it concerns. `status` is the latest update's, kept here to list what is overdue
    in one query."""

    dialogue = models.ForeignKey(Dialogue, related_name="commitments", on_delete=models.CASCADE)
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        related_name="commitments",
        on_delete=models.SET_NULL,
    )
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    body = models.CharField(_("responsible body"), max_length=20, choices=COMMITTING)
    responsible = models.CharField(_("person or office responsible"), max_length=200, blank=True)
    solution = models.TextField(_("solution"))
    deadline = models.DateField(_("deadline"))
    cost = models.BigIntegerField(_("cost (đ)"), null=True, blank=True)
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan activity"),
        null=True,
        blank=True,
        related_name="dialogue_commitments",
        on_delete=models.SET_NULL,
    )
    need = models.ForeignKey(
        "needs.Need",
        verbose_name=_("need"),
        null=True,
        blank=True,
        related_name="dialogue_commitments",
        on_delete=models.SET_NULL,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    status_on = models.DateField(_("status as of"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "dialogue__unit"
    policy_visible_from_below = True
    policy_dialogue = "dialogue__"

    class Meta:
        ordering = ["dialogue", "number", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.solution[:80]}"

    def overdue(self, today) -> bool:
        return rules.is_overdue(self.deadline, self.status, today)


class CommitmentUpdate(_WhenHeld, models.Model):
    """A dated status of a commitment, with what was done (or why it was not) and the evidence."""

    commitment = models.ForeignKey(Commitment, related_name="updates", on_delete=models.CASCADE)
    on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    note = models.TextField(_("what was done"), blank=True)
    reason = models.TextField(_("why not kept"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="dialogues/evidence/%Y/%m/", blank=True)
    evidence_type = models.CharField(max_length=30, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "commitment__dialogue__unit"
    policy_visible_from_below = True
    policy_dialogue = "commitment__dialogue__"

    class Meta:
        ordering = ["commitment", "-on", "-id"]
        verbose_name = _("commitment update")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_kept") | ~Q(reason=""), name="commitment_not_kept_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}: {self.get_status_display()}"
