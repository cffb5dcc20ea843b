"""The six steps of source 000 by which a commune drafts, consults on and adopts its plan.

A planning team (leader, members with their sectors, the compiler) schedules the six steps by week and month:
1 needs and potential conference (sector group discussions), 2 drafting assignment, 3 comment conference on a
frozen draft version, 4 revision, 5 voter-contact conferences in the villages, 6 adoption and submission.
Drafts are immutable numbered versions (`DraftVersion`); every comment says who made it, where and on which part
of which version, and how it was resolved. Each move of the plan's state is a `Move`: who, when, from and to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Step(models.IntegerChoices):
    NEEDS_CONFERENCE = 1, _("1. Needs and potential conference")
    DRAFTING = 2, _("2. Drafting assignment")
    COMMENT_CONFERENCE = 3, _("3. Draft comment conference")
    REVISION = 4, _("4. Revision")
    VOTER_CONTACT = 5, _("5. Voter-contact conferences in the villages")
    ADOPTION = 6, _("6. Adoption and submission")


class MopStep(models.IntegerChoices):
    """The seven steps of a market-oriented plan (MOP-SEDP, source 004). The six steps above are the work of its
    step 6 (community consultation, the upper level, adoption); the others have a `ProcessStep` row each."""

    PREPARATION = 1, _("1. Preparation")
    ASSESSMENT = 2, _("2. Assessment of last year's targets, results, shortcomings and causes")
    MARKET = 3, _("3. The commune's market opportunities")
    OBJECTIVES = 4, _("4. General and specific objectives and development targets")
    DRAFT = 5, _("5. The draft plan and its M&E plan")
    CONSULTATION = (
        6,
        _("6. Community consultation, consultation with the upper level, approval by the People's Council"),
    )
    IMPLEMENTATION = 7, _("7. Implementation and evaluation")


class _OfPlan:
    """Consultation work follows its plan: people of the commune (and above) work on it, villages read it."""

    policy_unit = "plan__unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


class TeamRole(models.TextChoices):
    LEADER = "leader", _("team leader")
    MEMBER = "member", _("member")
    COMPILER = "compiler", _("compiler")


class TeamMember(_OfPlan, models.Model):
    plan = models.ForeignKey("plans.Plan", related_name="team", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    role = models.CharField(
        _("role in the team"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    sectors = models.ManyToManyField("needs.Sector", verbose_name=_("sectors"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["plan", "role", "id"]
        verbose_name = _("planning team member")
        constraints = [
            # One leader and one compiler per team (source 000: the leader runs the process, one person compiles).
            models.UniqueConstraint(
                fields=["plan", "role"],
                condition=Q(role__in=["leader", "compiler"]),
                name="team_one_leader_one_compiler",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScheduledStep(_OfPlan, models.Model):
    """When a step is held (by week and month); the meetings that hold it; when it was done."""

    plan = models.ForeignKey("plans.Plan", related_name="steps", on_delete=models.CASCADE)
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    responsible = models.CharField(_("responsible"), max_length=150, blank=True)
    meetings = models.ManyToManyField("meetings.Meeting", related_name="plan_steps", blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # The draft version the step works on: the one discussed at the comment conference (step 3), the one taken to
    # the villages (step 5).
    version = models.ForeignKey(
        "DraftVersion",
        verbose_name=_("draft version"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    # Step 3: why the draft reached people fewer than 3 days before the conference, when it did.
    warning_reason = models.TextField(_("why the 3-day rule was not met"), blank=True)

    class Meta:
        ordering = ["plan", "step"]
        verbose_name = _("step of the schedule")
        constraints = [models.UniqueConstraint(fields=["plan", "step"], name="scheduled_step_once")]

    def __str__(self) -> str:
        return self.get_step_display()


class ProcessStep(_OfPlan, models.Model):
    """A step of the plan's process in MOP mode (`MopStep`): its dates, who took part (written, and the meetings
    held), what came out of it."""

    plan = models.ForeignKey("plans.Plan", related_name="process_steps", on_delete=models.CASCADE)
    step = models.PositiveSmallIntegerField(_("step"), choices=MopStep.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    meetings = models.ManyToManyField("meetings.Meeting", related_name="process_steps", blank=True)
    outputs = models.TextField(_("outputs"), blank=True)

    class Meta:
        ordering = ["plan", "step"]
        verbose_name = _("step of the MOP-SEDP process")
        constraints = [models.UniqueConstraint(fields=["plan", "step"], name="process_step_once")]

    def __str__(self) -> str:
        return self.get_step_display()


class SectorDiscussion(_OfPlan, models.Model):
    """Step 1: a sector group's answers — lessons from last year, problems to focus on, resources and from where."""

    plan = models.ForeignKey("plans.Plan", related_name="discussions", on_delete=models.CASCADE)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, related_name="discussions", on_delete=models.SET_NULL
    )
    sector = models.ForeignKey("needs.Sector", verbose_name=_("sector"), on_delete=models.PROTECT)
    lessons = models.TextField(_("lessons from last year"), blank=True)
    problems = models.TextField(_("problems to focus on"), blank=True)
    resources = models.TextField(_("resources needed"), blank=True)
    resources_from = models.TextField(_("where the resources come from"), blank=True)

    class Meta:
        ordering = ["plan", "sector__order", "id"]
        verbose_name = _("sector group discussion")
        constraints = [models.UniqueConstraint(fields=["plan", "sector"], name="discussion_once_per_sector")]

    def __str__(self) -> str:
        return str(self.sector)


class Assignment(_OfPlan, models.Model):
    """Step 2: a section of the draft, its owner and deadline."""

    plan = models.ForeignKey("plans.Plan", related_name="assignments", on_delete=models.CASCADE)
    section = models.CharField(_("section of the draft"), max_length=200)
    sector = models.ForeignKey(
        "needs.Sector", verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    owner = models.ForeignKey(
        TeamMember, verbose_name=_("drafted by"), related_name="assignments", on_delete=models.PROTECT
    )
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "deadline", "id"]
        verbose_name = _("drafting assignment")

    def __str__(self) -> str:
        return self.section


class DraftVersion(_OfPlan, models.Model):
    """A frozen, numbered draft of the plan (dự thảo lần 1, 2...): never changed once made."""

    plan = models.ForeignKey("plans.Plan", related_name="draft_versions", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("draft number"))
    content = models.JSONField(_("content"))
    note = models.TextField(_("note"), blank=True)
    distributed_on = models.DateField(_("distributed on"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("draft version")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="draft_version_number_once")]

    def __str__(self) -> str:
        return f"{self.plan} — dự thảo {self.number}"

    # Once frozen, only the date it was sent out may still be written.
    MUTABLE_FIELDS = frozenset({"distributed_on"})

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.MUTABLE_FIELDS:
                raise ValueError("A frozen draft version cannot be changed; freeze a new one.")
        super().save(*args, **kwargs)


class Venue(models.TextChoices):
    CONFERENCE = "conference", _("comment conference")
    SECTOR_GROUP = "sector_group", _("sector group")
    VILLAGE = "village", _("voter contact in a village")
    WRITTEN = "written", _("in writing")
    # Upper level, step 5: a commune (or, in the legacy three-tier process, a district) comments on the draft.
    LOWER_UNIT = "lower_unit", _("consultation of the lower level")


class CommenterKind(models.TextChoices):
    DEPARTMENT = "department", _("department, board or agency")
    LOWER_UNIT = "lower_unit", _("unit of the lower level")
    ORGANISATION = "organisation", _("other body or organisation")


class Commenter(_OfPlan, models.Model):
    """A body asked to comment on the draft: at a province the departments (sở, ban, ngành), at a legacy district
    its offices (phòng, ban), the communes (or districts) below; at a commune its mass organisations. The team
    lists them once per plan; each comment may name the body it came from."""

    plan = models.ForeignKey("plans.Plan", related_name="commenters", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=CommenterKind.choices, default=CommenterKind.DEPARTMENT
    )
    # The unit below, for a commenter of kind "lower_unit".
    unit = models.ForeignKey(
        "places.Unit",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        verbose_name=_("unit"),
    )

    class Meta:
        ordering = ["plan", "kind", "name", "id"]
        verbose_name = _("commenting body")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="commenter_name_once"),
            models.UniqueConstraint(
                fields=["plan", "unit"], condition=Q(unit__isnull=False), name="commenter_unit_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Resolution(models.TextChoices):
    PENDING = "pending", _("not yet resolved")
    ACCEPTED = "accepted", pgettext_lazy("comment resolution", "accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("not accepted")


class Comment(_OfPlan, models.Model):
    """A comment on a part of a frozen draft version, from someone, somewhere, with its resolution."""

    plan = models.ForeignKey("plans.Plan", related_name="comments", on_delete=models.CASCADE)
    version = models.ForeignKey(DraftVersion, related_name="comments", on_delete=models.PROTECT)
    # The part of the draft: an item key of the version's content ("activity:12", "key_target:3", "plan").
    item_key = models.CharField(_("part of the draft"), max_length=40, default="plan")
    item_label = models.CharField(_("part of the draft"), max_length=300, blank=True)
    text = models.TextField(pgettext_lazy("on a draft", "comment"))
    author_name = models.CharField(_("made by"), max_length=150)
    venue = models.CharField(_("where"), max_length=16, choices=Venue.choices, default=Venue.CONFERENCE)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, related_name="plan_comments", on_delete=models.SET_NULL
    )
    village = models.ForeignKey(
        "places.Unit",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        verbose_name=_("village"),
    )
    sector = models.ForeignKey(
        "needs.Sector",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        verbose_name=_("sector group"),
    )
    commenter = models.ForeignKey(
        Commenter,
        null=True,
        blank=True,
        related_name="comments",
        on_delete=models.PROTECT,
        verbose_name=_("commenting body"),
    )
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Resolution.choices, default=Resolution.PENDING
    )
    resolution_reason = models.TextField(_("how it was resolved, and why"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "version__number", "id"]
        verbose_name = pgettext_lazy("on a draft", "comment")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution__in=["pending", "accepted"]) | ~Q(resolution_reason=""),
                name="comment_reason_unless_accepted",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Move(_OfPlan, models.Model):
    """A change of the plan's state: who, when, from, to, and what came with it (a resolution number...)."""

    plan = models.ForeignKey("plans.Plan", related_name="moves", on_delete=models.CASCADE)
    from_state = models.CharField(_("from"), max_length=16)
    to_state = models.CharField(_("to"), max_length=16)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = _("change of state")

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
