"""Market-oriented planning (MOP-SEDP, source 004, step 3): the commune's market information and its value chains.

- Market information belongs to the commune that records it: the prices of its products at the markets where its
  people buy and sell, at each stage of the chain. Prices are public (the villages are meant to receive them).
- Value chains belong to the commune's plan of the year: the candidate products, the criteria and the men's and
  women's score sheets that rank them, the chains chosen and analysed (actors, supporters, constraints and
  opportunities per stage), and the upgrading activities and indicators carried into the plan's logframe. They
  follow the plan's policy: who may edit the plan edits them; they are public once the plan is.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sedp.core import ranking
from sedp.core import value_chain as vc
from sedp.plans.models import PUBLIC_STATES

MAX_PRICE = 10**12  # đồng: a tonne of the dearest produce is far below


class Stage(models.TextChoices):
    INPUTS = vc.INPUTS, _("inputs")
    PRODUCTION = vc.PRODUCTION, _("production (farm gate)")
    COLLECTION = vc.COLLECTION, _("collection")
    PROCESSING = vc.PROCESSING, _("processing")
    WHOLESALE = vc.WHOLESALE, _("wholesale")
    RETAIL = vc.RETAIL, _("retail")


class Measure(models.TextChoices):
    KG = "kg", "kg"
    YEN = "yến", "yến (10 kg)"
    TA = "tạ", "tạ (100 kg)"
    TAN = "tấn", "tấn (1.000 kg)"
    QUA = "quả", _("fruit (quả)")
    CON = "con", _("head (con)")
    LIT = "lít", _("litre")
    CAY = "cây", _("plant (cây)")
    BO = "bó", _("bunch (bó)")


class _OfUnit:
    policy_unit = "unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        return Q()  # market prices are published to the villages


class Product(_OfUnit, models.Model):
    unit = models.ForeignKey("places.Unit", related_name="+", on_delete=models.CASCADE)
    name = models.CharField(_("product"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="markets_product_unique")]

    def __str__(self) -> str:
        return self.name


class Market(_OfUnit, models.Model):
    unit = models.ForeignKey("places.Unit", related_name="+", on_delete=models.CASCADE)
    name = models.CharField(_("market"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("market")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="markets_market_unique")]

    def __str__(self) -> str:
        return self.name


class PriceObservation(_OfUnit, models.Model):
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("commune"), related_name="+", on_delete=models.CASCADE
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), related_name="prices", on_delete=models.PROTECT
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    market = models.ForeignKey(
        Market, verbose_name=_("market"), related_name="prices", on_delete=models.PROTECT
    )
    observed_on = models.DateField(_("date"))
    measure = models.CharField(
        _("unit of measure"), max_length=8, choices=Measure.choices, default=Measure.KG
    )
    price = models.BigIntegerField(
        _("price (đ)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PRICE)]
    )
    source = models.CharField(pgettext_lazy("of a price", "source"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "product__name", "market__name", "stage", "id"]
        verbose_name = _("price observation")
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0) & Q(price__lte=MAX_PRICE), name="markets_price_positive_bounded"
            )
        ]
        indexes = [models.Index(fields=["unit", "product", "observed_on"])]

    def __str__(self) -> str:
        return f"{self.product} {self.get_stage_display()} {self.market} {self.observed_on:%d/%m/%Y}: {self.price}"


# --- value chains of a commune plan ------------------------------------------------------------------------------


class _OfPlan:
    policy_unit = "plan__unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        return Q(plan__state__in=PUBLIC_STATES)


class _OfChain:
    policy_unit = "chain__plan__unit"
    policy_visible_from_below = True

    @classmethod
    def policy_public_q(cls):
        return Q(chain__plan__state__in=PUBLIC_STATES)


class ChainCriterion(_OfPlan, models.Model):
    plan = models.ForeignKey("plans.Plan", related_name="chain_criteria", on_delete=models.CASCADE)
    key = models.CharField(max_length=40)
    name = models.CharField(_("criterion"), max_length=150)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MaxValueValidator(100)])
    lower_is_better = models.BooleanField(_("a low score is better"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("criterion for choosing value chains")
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="markets_criterion_unique")]

    def __str__(self) -> str:
        return self.name

    def as_core(self) -> vc.Criterion:
        return vc.Criterion(self.key, self.name, self.name, self.weight, self.lower_is_better)


class Candidate(_OfPlan, models.Model):
    plan = models.ForeignKey("plans.Plan", related_name="chain_candidates", on_delete=models.CASCADE)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), related_name="+", on_delete=models.PROTECT
    )
    code = models.CharField(_("code"), max_length=10)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("candidate product")
        constraints = [
            models.UniqueConstraint(fields=["plan", "product"], name="markets_candidate_unique"),
            models.UniqueConstraint(fields=["plan", "code"], name="markets_candidate_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.product}"


class GroupKind(models.TextChoices):
    MEN = ranking.MEN, _("men's group")
    WOMEN = ranking.WOMEN, _("women's group")
    OTHER = "other", _("other group")


class ChainScoreSheet(_OfPlan, models.Model):
    plan = models.ForeignKey("plans.Plan", related_name="chain_sheets", on_delete=models.CASCADE)
    group = models.CharField(_("group"), max_length=12, choices=GroupKind.choices)
    label = models.CharField(_("name of the group"), max_length=100)
    members = models.PositiveSmallIntegerField(_("members"), null=True, blank=True)
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)

    class Meta:
        ordering = ["id"]
        verbose_name = _("score sheet of value chains")
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="markets_sheet_label_unique"),
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")), name="markets_sheet_scale"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ChainScore(models.Model):
    sheet = models.ForeignKey(ChainScoreSheet, related_name="scores", on_delete=models.CASCADE)
    candidate = models.ForeignKey(Candidate, related_name="scores", on_delete=models.CASCADE)
    criterion = models.ForeignKey(ChainCriterion, related_name="scores", on_delete=models.CASCADE)
    value = models.SmallIntegerField(_("score"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "candidate", "criterion"], name="markets_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}/{self.criterion_id}: {self.value}"


class ValueChain(_OfPlan, models.Model):
    """A priority chain chosen for analysis, with the period its prices are taken from (empty: the latest)."""

    plan = models.ForeignKey("plans.Plan", related_name="value_chains", on_delete=models.CASCADE)
    candidate = models.OneToOneField(Candidate, related_name="chain", on_delete=models.PROTECT)
    measure = models.CharField(
        _("prices compared per"), max_length=8, choices=Measure.choices, default=Measure.KG
    )
    price_from = models.DateField(_("prices from"), null=True, blank=True)
    price_to = models.DateField(_("prices to"), null=True, blank=True)
    market = models.ForeignKey(
        Market,
        verbose_name=_("market (all if empty)"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    objective = models.ForeignKey(
        "plans.Objective", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    result = models.ForeignKey(
        "plans.Result", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("value chain")

    def __str__(self) -> str:
        return str(self.candidate.product)

    @property
    def product(self) -> Product:
        return self.candidate.product


class ChainStage(_OfChain, models.Model):
    """What the people said of one stage: its constraints and its opportunities."""

    chain = models.ForeignKey(ValueChain, related_name="stage_notes", on_delete=models.CASCADE)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    constraints = models.TextField(_("constraints"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "stage"], name="markets_stage_unique")]

    def __str__(self) -> str:
        return self.get_stage_display()


class ChainActor(_OfChain, models.Model):
    chain = models.ForeignKey(ValueChain, related_name="actors", on_delete=models.CASCADE)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    kind = models.CharField(_("actor"), max_length=150)
    count = models.PositiveIntegerField(_("how many"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households involved"), null=True, blank=True)
    women_share = models.DecimalField(
        _("women's share (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("actor")

    def __str__(self) -> str:
        return self.kind


class SupporterKind(models.TextChoices):
    EXTENSION = "extension", _("agricultural extension")
    CREDIT = "credit", _("credit")
    COOPERATIVE = "cooperative", _("cooperative")
    BUSINESS = "business", _("business")
    PROJECT = "project", _("project or programme")
    OTHER = "other", _("other")


class Supporter(_OfChain, models.Model):
    chain = models.ForeignKey(ValueChain, related_name="supporters", on_delete=models.CASCADE)
    kind = models.CharField(_("kind of support"), max_length=12, choices=SupporterKind.choices)
    name = models.CharField(_("who"), max_length=150)
    support = models.CharField(_("what they provide"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("supporter")

    def __str__(self) -> str:
        return self.name


class UpgradingActivity(_OfChain, models.Model):
    chain = models.ForeignKey(ValueChain, related_name="activities", on_delete=models.CASCADE)
    title = models.CharField(_("activity"), max_length=300)
    q1 = models.BooleanField(_("quarter I"), default=False)
    q2 = models.BooleanField(_("quarter II"), default=False)
    q3 = models.BooleanField(_("quarter III"), default=False)
    q4 = models.BooleanField(_("quarter IV"), default=False)
    cost = models.BigIntegerField(_("cost (đ)"), null=True, blank=True, validators=[MinValueValidator(0)])
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    people_contribution = models.BigIntegerField(
        _("value of the people's contribution (đ)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    business_contribution = models.BigIntegerField(
        _("value of the businesses' contribution (đ)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    activity = models.ForeignKey(
        "plans.Activity", null=True, blank=True, related_name="from_value_chain", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("upgrading activity")

    def __str__(self) -> str:
        return self.title

    @property
    def quarters(self) -> list[int]:
        return [q for q, on in enumerate((self.q1, self.q2, self.q3, self.q4), start=1) if on]


class IndicatorKind(models.TextChoices):
    VOLUME = "volume", _("volume sold")
    FARM_GATE = "farm_gate", _("farm-gate price")
    INCOME = "income", _("income")
    HOUSEHOLDS = "households", _("households involved")
    WOMEN = "women", _("women involved")
    OTHER = "other", _("other")


class ChainIndicator(_OfChain, models.Model):
    chain = models.ForeignKey(ValueChain, related_name="indicators", on_delete=models.CASCADE)
    kind = models.CharField(
        _("kind"), max_length=12, choices=IndicatorKind.choices, default=IndicatorKind.OTHER
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    indicator = models.ForeignKey(
        "plans.Indicator", null=True, blank=True, related_name="from_value_chain", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("chain indicator")

    def __str__(self) -> str:
        return self.name
