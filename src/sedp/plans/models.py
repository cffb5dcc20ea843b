"""Plans at any level: a unit's plan of a kind for a period, in versions; a version is a draft until a meeting
adopts it, then it is locked, and any change after that is a new version with a reason.

Village plans come first (mid-term, annual); the commune plan of issue 5 is the same model with another kind.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sedp.core.money import people_contribution


class Kind(models.TextChoices):
    VILLAGE_MIDTERM = "village_midterm", _("village mid-term plan")
    VILLAGE_ANNUAL = "village_annual", _("village annual plan")
    COMMUNE_ANNUAL = "commune_annual", _("commune annual plan")
    DISTRICT_ANNUAL = "district_annual", _("district annual plan")
    PROVINCE_ANNUAL = "province_annual", _("province annual plan")


class State(models.TextChoices):
    """Village plans are drafts until a village meeting adopts them. A commune (or higher) plan goes through the
    six steps of source 000: draft → in consultation → revised → adopted by the commune → approved by the
    People's Council → submitted; `sedp.consultation` moves it and records who and when."""

    DRAFT = "draft", _("draft")
    IN_CONSULTATION = "in_consultation", _("in consultation")
    REVISED = "revised", _("revised")
    ADOPTED = "adopted", _("adopted")
    APPROVED = "approved", _("approved by the People's Council")
    SUBMITTED = "submitted", _("submitted")


# The states in which a plan's content may still change, and those in which it is public (dân biết).
EDITABLE_STATES = (State.DRAFT, State.IN_CONSULTATION, State.REVISED)
PUBLIC_STATES = (State.ADOPTED, State.APPROVED, State.SUBMITTED)


class Mode(models.TextChoices):
    """How a commune plans its year (issue 15): the participatory SEDP of sources 000/001 (six consultation steps),
    or the market-oriented MOP-SEDP of source 004 (seven steps, market opportunities, an M&E plan, the People's
    Council's approval). Chosen by the commune when it creates the year's plan; changeable while it is a draft."""

    SEDP = "sedp", _("participatory socio-economic development plan (SEDP)")
    MOP = "mop", _("market-oriented participatory socio-economic development plan (MOP-SEDP)")


class Part(models.IntegerChoices):
    OWN = 1, _("Part 1: the village's own money and labour")
    BUDGET = 2, _("Part 2: asked of the commune or district budget")


class SignerAuthority(models.TextChoices):
    """How the signer signs for the People's Committee (Decree 30/2020/NĐ-CP, Appendix I, IV.9)."""

    TM = "TM", _("TM. — the chair signs for the committee")
    KT = "KT", _("KT. — a vice-chair signs for the chair")
    Q = "Q", _("Q. — the acting chair signs")


class Plan(models.Model):
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="plans", on_delete=models.PROTECT
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("planning cycle"),
        null=True,
        blank=True,
        related_name="plans",
        on_delete=models.SET_NULL,
    )
    kind = models.CharField(_("kind of plan"), max_length=24, choices=Kind.choices)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    mode = models.CharField(_("planning mode"), max_length=8, choices=Mode.choices, default=Mode.SEDP)
    locked = models.BooleanField(_("locked"), default=False)
    # The mid-term plan an annual plan takes its activities from; the meeting whose score sheets ranked it.
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        related_name="derived",
        on_delete=models.PROTECT,
        verbose_name=_("taken from"),
    )
    ranked_at = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        related_name="ranked_plans",
        on_delete=models.SET_NULL,
        verbose_name=_("ranked at"),
    )
    adopted_at = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        related_name="adopted_plans",
        on_delete=models.PROTECT,
        verbose_name=_("adopted at"),
    )
    adopted_on = models.DateTimeField(_("adopted on"), null=True, blank=True)
    previous = models.OneToOneField(
        "self", null=True, blank=True, related_name="next_version", on_delete=models.PROTECT
    )
    change_reason = models.TextField(_("reason for the new version"), blank=True)
    # The adopted content, frozen: what was sent to the commune, whatever happens to needs afterwards.
    snapshot = models.JSONField(_("adopted content"), null=True, blank=True)
    # Evaluation of last year (annual plans): the whole, then each activity in `Evaluation`.
    difficulties = models.TextField(_("advantages and difficulties"), blank=True)
    main_results = models.TextField(_("main results of the year"), blank=True)
    # The plan as an official document (commune and higher plans; Decree 30/2020/NĐ-CP).
    title = models.CharField(_("title (summary)"), max_length=300, blank=True)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    doc_number = models.CharField(_("document number"), max_length=20, blank=True)
    doc_date = models.DateField(_("document date"), null=True, blank=True)
    total_budget = models.BigIntegerField(_("total budget (đ)"), null=True, blank=True)
    revenue = models.BigIntegerField(_("budget revenue, at least (đ)"), null=True, blank=True)
    signer_authority = models.CharField(
        _("signing authority"), max_length=2, choices=SignerAuthority.choices, default=SignerAuthority.TM
    )
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients, one per line"), blank=True)
    resolution_number = models.CharField(_("People's Council resolution number"), max_length=40, blank=True)
    resolution_date = models.DateField(_("resolution date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_unit = "unit"
    # Villages read the commune's plan, drafts included: step 5 of source 000 consults them on it.
    policy_visible_from_below = True

    class Meta:
        ordering = ["unit", "-year_from", "kind", "-version"]
        verbose_name = _("plan")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year_from", "version"], name="plan_version_unique"
            )
        ]

    def __str__(self) -> str:
        years = str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"
        return f"{self.get_kind_display()} {years} — {self.unit.name} (v{self.version})"

    @classmethod
    def policy_public_q(cls):
        # An adopted plan is sent up and posted: people know (dân biết) what their village asked for.
        return Q(state__in=PUBLIC_STATES)

    @property
    def is_annual(self) -> bool:
        return self.kind != Kind.VILLAGE_MIDTERM

    @property
    def is_village(self) -> bool:
        return self.kind in (Kind.VILLAGE_MIDTERM, Kind.VILLAGE_ANNUAL)

    @property
    def is_editable(self) -> bool:
        return not self.locked and self.state in EDITABLE_STATES

    @property
    def is_mop(self) -> bool:
        return self.mode == Mode.MOP

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, related_name="items", on_delete=models.CASCADE)
    need = models.ForeignKey("needs.Need", related_name="plan_items", on_delete=models.PROTECT)
    rank = models.PositiveSmallIntegerField(_("rank"))
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices, null=True, blank=True)
    # The ranking as it stood (score 0–100, group ranks), kept with the item because rankings are not stored.
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    men_rank = models.PositiveSmallIntegerField(_("men's rank"), null=True, blank=True)
    women_rank = models.PositiveSmallIntegerField(_("women's rank"), null=True, blank=True)
    contribution_money = models.BigIntegerField(_("people's contribution: money (đ)"), null=True, blank=True)
    contribution_labour_days = models.PositiveIntegerField(
        _("people's contribution: labour days"), null=True, blank=True
    )
    contribution_labour_value = models.BigIntegerField(_("value of the labour (đ)"), null=True, blank=True)
    contribution_materials_value = models.BigIntegerField(
        _("value of the materials (đ)"), null=True, blank=True
    )
    contribution_land_value = models.BigIntegerField(_("value of the land (đ)"), null=True, blank=True)
    is_new = models.BooleanField(_("not in the mid-term plan"), default=False)
    new_reason = models.TextField(_("why it is added"), blank=True)

    policy_unit = "plan__unit"

    class Meta:
        ordering = ["plan", "part", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "need"], name="plan_item_need_once")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.need.title}"

    @property
    def contribution_value(self) -> int:
        """The people's contribution in đồng as this plan holds it (money, labour, materials, land)."""
        return people_contribution(
            self.contribution_money,
            self.contribution_labour_value,
            self.contribution_materials_value,
            self.contribution_land_value,
        )

    @classmethod
    def policy_public_q(cls):
        return Q(plan__state__in=PUBLIC_STATES)


class Evaluation(models.Model):
    """Last year's activity, evaluated before the annual plan is made (source 001, annual plan step 1)."""

    plan = models.ForeignKey(Plan, related_name="evaluations", on_delete=models.CASCADE)
    activity = models.CharField(_("activity"), max_length=300)
    progress = models.CharField(_("progress"), max_length=300, blank=True)
    quality = models.CharField(_("quality"), max_length=300, blank=True)
    invested_state = models.BigIntegerField(_("invested by the state (đ)"), null=True, blank=True)
    invested_donors = models.BigIntegerField(_("invested by donors (đ)"), null=True, blank=True)
    invested_people = models.BigIntegerField(_("invested by the people (đ)"), null=True, blank=True)
    management = models.CharField(_("management"), max_length=300, blank=True)
    supervision = models.CharField(_("supervision"), max_length=300, blank=True)
    impact = models.TextField(_("impact on people's lives"), blank=True)

    policy_unit = "plan__unit"

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.activity

    @classmethod
    def policy_public_q(cls):
        return Q(plan__state__in=PUBLIC_STATES)


# ---------------------------------------------------------------------------------------------------------------
# Baseline figures and indicators (Biểu 1, Biểu 2): a village states them for each plan year; a commune plan shows
# the villages' figures rolled up, each measure by its own rule (sedp.core.rollup).
# ---------------------------------------------------------------------------------------------------------------


class Form(models.IntegerChoices):
    BASELINE = 1, _("Form 1: baseline figures")
    INDICATORS = 2, _("Form 2: indicators")


class Rollup(models.TextChoices):
    """How the villages' values of a measure make the commune's (see sedp.core.rollup)."""

    SUM = "sum", _("sum")
    MEAN = "mean", _("average of the villages")
    MEAN_BY_HOUSEHOLDS = "mean_households", _("average weighted by households")
    MEAN_BY_POPULATION = "mean_population", _("average weighted by population")
    PERCENT = "percent", _("percentage of the total numerator over the total denominator")
    RATIO = "ratio", _("ratio of the total numerator to the total denominator")
    MIN = "min", _("smallest value of the villages")
    MAX = "max", _("largest value of the villages")

    @property
    def fraction(self) -> bool:
        """Rolled up from the villages' numerators and denominators, never from their percentages."""
        return self in (Rollup.PERCENT, Rollup.RATIO)


FRACTION_RULES = [Rollup.PERCENT, Rollup.RATIO]


class Measure(models.Model):
    """A line of Biểu 1 or Biểu 2: the default list (unit empty) or a unit's own additions."""

    unit = models.ForeignKey(
        "places.Unit",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.CASCADE,
        verbose_name=_("unit"),
    )
    key = models.CharField(max_length=40)
    form = models.PositiveSmallIntegerField(_("form"), choices=Form.choices)
    name = models.CharField(_("figure or indicator"), max_length=200)
    measure_unit = models.CharField(_("unit of measure"), max_length=40, blank=True)
    rollup = models.CharField(_("rolled up as"), max_length=20, choices=Rollup.choices, default=Rollup.SUM)
    # A percentage or ratio is rolled up from the counts it is made of: "poor households / households".
    numerator = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        verbose_name=_("numerator"),
    )
    denominator = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        verbose_name=_("denominator"),
    )
    order = models.PositiveSmallIntegerField(default=0)

    policy_unit = "unit"

    class Meta:
        ordering = ["form", "order", "id"]
        verbose_name = _("figure or indicator")
        constraints = [
            models.UniqueConstraint(fields=["unit", "key"], name="measure_key_unique_in_unit"),
            models.CheckConstraint(
                condition=~Q(rollup__in=FRACTION_RULES)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="measure_fraction_has_numerator_and_denominator",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        """A percentage or ratio names the two counts it is made of: both required, each a summed figure of the
        default list or of this measure's unit (or a unit above it), neither the measure itself."""
        super().clean()
        if not Rollup(self.rollup).fraction:
            return
        errors = {}
        in_scope = Measure.objects.filter(
            Q(unit__isnull=True)
            | (
                Q(unit__path__in=[*self.unit.ancestor_paths, self.unit.path])
                if self.unit_id
                else Q(pk__in=[])
            )
        )
        for name, label in (("numerator", _("numerator")), ("denominator", _("denominator"))):
            other_id = getattr(self, f"{name}_id")
            if other_id is None:
                errors[name] = _(
                    "A percentage or ratio needs its %(field)s: choose the figure it is made of."
                ) % {"field": label}
            elif self.pk is not None and other_id == self.pk:
                errors[name] = _("The %(field)s cannot be the indicator itself.") % {"field": label}
            else:
                other = in_scope.filter(pk=other_id).first()
                if other is None:
                    errors[name] = _(
                        "The %(field)s must be a figure of the default list or of this unit's own list."
                    ) % {"field": label}
                elif other.rollup != Rollup.SUM:
                    errors[name] = _(
                        "The %(field)s must be a figure that is summed over the villages (a count), "
                        "not “%(name)s”."
                    ) % {"field": label, "name": other.name}
        if errors:
            raise ValidationError(errors)

    @classmethod
    def policy_public_q(cls):
        return Q(unit__isnull=True)

    @classmethod
    def for_unit(cls, unit):
        return cls.objects.filter(Q(unit__isnull=True) | Q(unit__path__in=[*unit.ancestor_paths, unit.path]))


class Figure(models.Model):
    """A measure's value in a unit for a plan year: the village's baseline (năm gốc) and, for indicators, its
    target. It belongs to the village and the year, not to a plan: a village states its figures before (or
    without) starting its annual plan, a new version of the plan does not copy them, and the commune's Biểu 1/2
    read every village's figures for the year (sedp.plans.baseline.figures)."""

    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), related_name="figures", on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("plan year"))
    measure = models.ForeignKey(Measure, related_name="figures", on_delete=models.PROTECT)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_unit = "unit"

    class Meta:
        ordering = ["unit", "year", "measure__form", "measure__order", "measure_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "measure"], name="figure_once_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.value}"

    @classmethod
    def policy_public_q(cls):
        return Q(pk__in=[])


# ---------------------------------------------------------------------------------------------------------------
# The logframe of a commune (or higher) plan — source 000: key targets; per sector objectives → results →
# indicators and activities (quarters, responsible body, cost, funding source, people's contribution).
# sedp.plans.logframe.actions maps it to sedp.core.logframe.LogframePlan for checks and documents.
# ---------------------------------------------------------------------------------------------------------------


class Direction(models.TextChoices):
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    MAINTAIN = "maintain", _("maintain")


class _PlanPart:
    policy_unit = "plan__unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        return Q(plan__state__in=PUBLIC_STATES)


class KeyTarget(_PlanPart, models.Model):
    """One of the plan's key targets (chỉ tiêu chủ yếu), as written; its measurable indicators hang under it."""

    plan = models.ForeignKey(Plan, related_name="key_targets", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("key target"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("key target")

    def __str__(self) -> str:
        return self.text


class Objective(_PlanPart, models.Model):
    """A mục tiêu of a sector: the change wanted in the plan year (giảm, tăng, cải thiện...)."""

    plan = models.ForeignKey(Plan, related_name="objectives", on_delete=models.CASCADE)
    sector = models.ForeignKey(
        "needs.Sector", verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    number = models.CharField(_("number"), max_length=10)
    text = models.TextField(_("objective"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "sector__order", "sector_id", "order", "id"]
        verbose_name = _("objective")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Result(_PlanPart, models.Model):
    """A kết quả / đầu ra, written as completed, with the source of its budget."""

    plan = models.ForeignKey(Plan, related_name="results", on_delete=models.CASCADE)
    objective = models.ForeignKey(Objective, related_name="results", on_delete=models.CASCADE)
    number = models.CharField(_("number"), max_length=10)
    output = models.TextField(_("result (written as completed)"))
    budget_source = models.CharField(_("budget source"), max_length=300, blank=True)
    indicator_text = models.TextField(_("indicators, as written"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("result")

    def __str__(self) -> str:
        return f"{self.number}. {self.output}"


class Indicator(_PlanPart, models.Model):
    """A chỉ số with its chỉ tiêu, under exactly one of: a key target, an objective, a result."""

    plan = models.ForeignKey(Plan, related_name="indicators", on_delete=models.CASCADE)
    key_target = models.ForeignKey(
        KeyTarget, null=True, blank=True, related_name="indicators", on_delete=models.CASCADE
    )
    objective = models.ForeignKey(
        Objective, null=True, blank=True, related_name="indicators", on_delete=models.CASCADE
    )
    result = models.ForeignKey(
        Result, null=True, blank=True, related_name="indicators", on_delete=models.CASCADE
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("Form 2 indicator it follows"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    verification = models.CharField(_("means of verification"), max_length=300, blank=True)
    target_year = models.PositiveSmallIntegerField(_("by year"), null=True, blank=True)
    target_date = models.DateField(_("by date"), null=True, blank=True)
    statement = models.TextField(_("as written in the plan"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(key_target__isnull=False, objective__isnull=True, result__isnull=True)
                    | Q(key_target__isnull=True, objective__isnull=False, result__isnull=True)
                    | Q(key_target__isnull=True, objective__isnull=True, result__isnull=False)
                ),
                name="indicator_has_one_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Activity(_PlanPart, models.Model):
    """A hoạt động of the plan. It may come from villages' needs (NeedLink) or from the commune itself; while
    the plan is drafted it may not yet hang under a result (the SMART check says so)."""

    plan = models.ForeignKey(Plan, related_name="activities", on_delete=models.CASCADE)
    result = models.ForeignKey(
        Result, null=True, blank=True, related_name="activities", on_delete=models.SET_NULL
    )
    sector = models.ForeignKey(
        "needs.Sector", verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    number = models.CharField(_("number"), max_length=10, blank=True)
    title = models.CharField(_("activity"), max_length=300)
    q1 = models.BooleanField(_("quarter I"), default=False)
    q2 = models.BooleanField(_("quarter II"), default=False)
    q3 = models.BooleanField(_("quarter III"), default=False)
    q4 = models.BooleanField(_("quarter IV"), default=False)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    cost = models.BigIntegerField(_("cost (đ)"), null=True, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    people_contribution = models.CharField(_("people's contribution"), max_length=300, blank=True)
    contribution_value = models.BigIntegerField(
        _("value of the people's contribution (đ)"), null=True, blank=True
    )
    # MOP-SEDP: what businesses (traders, processors, cooperatives) put into the activity, in đồng.
    business_contribution_value = models.BigIntegerField(
        _("businesses' contribution (đ)"), null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def quarters(self) -> frozenset[int]:
        return frozenset(q for q, on in enumerate((self.q1, self.q2, self.q3, self.q4), start=1) if on)


class MERow(_PlanPart, models.Model):
    """A row of the plan's monitoring and evaluation plan (kế hoạch giám sát, đánh giá; source 004, step 5): for one
    indicator of the plan, who measures it, when or how often, how (method, means of verification), from which
    data, and who uses and reports it. One per indicator; a MOP-SEDP plan goes to adoption only with every
    indicator's row."""

    plan = models.ForeignKey(Plan, related_name="me_rows", on_delete=models.CASCADE)
    indicator = models.OneToOneField(Indicator, related_name="me_row", on_delete=models.CASCADE)
    who = models.CharField(_("who measures"), max_length=200)
    when = models.CharField(_("when, how often"), max_length=200)
    method = models.CharField(_("how (method, means of verification)"), max_length=300)
    source = models.CharField(_("data source"), max_length=200, blank=True)
    users = models.CharField(_("who uses and reports it"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "indicator__order", "indicator_id"]
        verbose_name = _("row of the M&E plan")

    def __str__(self) -> str:
        return str(self.indicator)


# ---------------------------------------------------------------------------------------------------------------
# Traceability: what became of each need in a higher plan, and why.
# ---------------------------------------------------------------------------------------------------------------


class Fate(models.TextChoices):
    INCLUDED = "included", _("included")
    MERGED = "merged", _("merged with similar needs")
    POSTPONED = "postponed", _("postponed to a later year")
    REFERRED = "referred", _("referred to another funding source")
    NOT_INCLUDED = "not_included", _("not included")


class NeedLink(models.Model):
    """A need's fate in a higher plan: exactly one per need and plan. Included and merged needs feed one or more
    activities (one need can be split; several needs can be merged into one activity). Every fate but
    "included" carries a written reason: what the commune chair explains at the adoption conference."""

    plan = models.ForeignKey(Plan, related_name="need_links", on_delete=models.CASCADE)
    need = models.ForeignKey("needs.Need", related_name="links", on_delete=models.PROTECT)
    # The village plan item it came from (rank, part, men's and women's ranks as the village adopted them).
    item = models.ForeignKey(PlanItem, null=True, blank=True, related_name="links", on_delete=models.SET_NULL)
    fate = models.CharField(_("fate"), max_length=16, choices=Fate.choices)
    activities = models.ManyToManyField(
        Activity, related_name="need_links", blank=True, verbose_name=_("activities")
    )
    reason = models.TextField(_("reason"), blank=True)
    postponed_to = models.PositiveSmallIntegerField(_("postponed to year"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    policy_unit = "plan__unit"
    # A village reads what became of its needs in the commune plan.
    policy_visible_from_below = True

    class Meta:
        ordering = ["plan", "need__unit__name", "need_id"]
        verbose_name = _("need's fate")
        constraints = [
            models.UniqueConstraint(fields=["plan", "need"], name="needlink_once_per_plan"),
            models.CheckConstraint(
                condition=Q(fate="included") | ~Q(reason=""), name="needlink_reason_unless_included"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.get_fate_display()}"

    @classmethod
    def policy_public_q(cls):
        return Q(plan__state__in=PUBLIC_STATES)
