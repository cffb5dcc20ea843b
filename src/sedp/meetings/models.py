"""Meetings of every kind: agenda, attendance by sex (and group), attendees, minutes, photos, accepted warnings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sedp.core import participation as rules


class Kind(models.TextChoices):
    VILLAGE_MEETING_1 = rules.VILLAGE_MEETING_1, _("village meeting 1")
    WORKING_GROUP = rules.WORKING_GROUP_MEETING, _("working-group meeting")
    VILLAGE_MEETING_2 = rules.VILLAGE_MEETING_2, _("village meeting 2")
    ANNUAL_PLANNING = rules.ANNUAL_PLANNING, _("annual planning meeting")
    COMMUNE_CONFERENCE = "commune_conference", _("commune conference")
    # The six steps of a commune plan's consultation (source 000).
    NEEDS_CONFERENCE = "needs_conference", _("needs and potential conference")
    DRAFTING_MEETING = "drafting_meeting", _("drafting assignment meeting")
    COMMENT_CONFERENCE = "comment_conference", _("draft comment conference")
    REVISION_MEETING = "revision_meeting", _("revision meeting")
    VOTER_CONTACT = "voter_contact", _("voter-contact conference")
    ADOPTION_MEETING = "adoption_meeting", _("adoption meeting")
    DIALOGUE = "dialogue", _("citizen–government dialogue")
    OTHER = "other", _("other meeting")


# The kinds a village holds (source 001's village steps), and those of a commune or higher (source 000's six
# steps of a commune plan); a dialogue or another meeting may be held at any level.
VILLAGE_KINDS = [Kind.VILLAGE_MEETING_1, Kind.WORKING_GROUP, Kind.VILLAGE_MEETING_2, Kind.ANNUAL_PLANNING]
ANY_LEVEL_KINDS = [Kind.DIALOGUE, Kind.OTHER]


def kinds_for_level(level: str, keep: str | None = None) -> list[tuple[str, str]]:
    """The meeting kinds of a unit's level, for the kind list (`keep`: a meeting's own kind, kept when editing)."""
    village = level == "village"
    return [
        (k.value, k.label)
        for k in Kind
        if k in ANY_LEVEL_KINDS or (k in VILLAGE_KINDS) == village or k.value == keep
    ]


class ChairRole(models.TextChoices):
    HEAD = rules.CHAIR_HEAD, _("head of the self-management board")
    DEPUTY = rules.CHAIR_DEPUTY, _("deputy head of the board")
    OTHER = rules.CHAIR_OTHER, _("someone else")


class Sex(models.TextChoices):
    MALE = "m", _("man")
    FEMALE = "f", _("woman")


class Wealth(models.TextChoices):
    POOR = "poor", _("poor")
    NEAR_POOR = "near_poor", _("near-poor")
    MIDDLE = "middle", _("middle")
    BETTER_OFF = "better_off", _("better-off")


class Meeting(models.Model):
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="meetings", on_delete=models.PROTECT
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("planning cycle"),
        null=True,
        blank=True,
        related_name="meetings",
        on_delete=models.SET_NULL,
    )
    kind = models.CharField(_("kind of meeting"), max_length=32, choices=Kind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair_name = models.CharField(_("chair"), max_length=150, blank=True)
    chair_role = models.CharField(
        _("the chair is"), max_length=16, choices=ChairRole.choices, default=ChairRole.HEAD
    )
    secretary = models.CharField(_("secretary"), max_length=150, blank=True)
    men = models.PositiveIntegerField(_("men attending"), default=0)
    women = models.PositiveIntegerField(_("women attending"), default=0)
    # Optional breakdowns, label → number of attendees: {"ethnic": {"Ê Đê": 61}, "wealth": {"poor": 20}}.
    breakdown = models.JSONField(_("attendance by group"), default=dict, blank=True)
    # Working group figures when no attendee list says who is in it.
    wg_members = models.PositiveSmallIntegerField(_("working-group members"), null=True, blank=True)
    wg_women = models.PositiveSmallIntegerField(_("women in the working group"), null=True, blank=True)
    wg_trained = models.PositiveSmallIntegerField(
        _("working-group members trained in planning"), null=True, blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_unit = "unit"

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit.name}"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])

    @property
    def attendance(self) -> int:
        return self.men + self.women


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, related_name="agenda", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("agenda item"), max_length=200)
    duration = models.PositiveSmallIntegerField(_("minutes"), default=0)

    policy_unit = "meeting__unit"

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, related_name="attendees", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    ethnic_group = models.CharField(_("ethnic group"), max_length=60, blank=True)
    wealth = models.CharField(_("household wealth group"), max_length=16, choices=Wealth.choices, blank=True)
    in_working_group = models.BooleanField(_("in the working group"), default=False)
    trained = models.BooleanField(_("trained in planning"), default=False)

    policy_unit = "meeting__unit"

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class Photo(models.Model):
    """A photo of a flip-chart or of the meeting (checked by extension and size; the server never decodes it)."""

    meeting = models.ForeignKey(Meeting, related_name="photos", on_delete=models.CASCADE)
    file = models.FileField(_("photo"), upload_to="meetings/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "meeting__unit"

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.file.name

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class RuleWarningAcceptance(models.Model):
    """A broken participation rule the meeting accepted, with the written reason."""

    meeting = models.ForeignKey(Meeting, related_name="acceptances", on_delete=models.CASCADE)
    rule = models.CharField(_("rule"), max_length=32)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)

    policy_unit = "meeting__unit"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "rule"], name="acceptance_one_per_rule")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.rule}"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])
