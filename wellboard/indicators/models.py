"""Indicators with baselines, targets, actuals, comparators and breakdowns.

Assessment (calculated RAG, direction, SPC) is not stored: it is computed from these
values by the pure `assessment` module whenever it is shown, so it can never go stale.
"""

from django.db import models
from django.urls import reverse

from wellboard.core.concurrency import Versioned
from wellboard.core.models import RagRating, TimeStamped
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body
from wellboard.plans.models import PlanItem, Strategy


class Indicator(TimeStamped):
    class Unit(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        COUNT = "count", "Count"
        RATE = "rate", "Rate per N"
        MONEY = "money", "Money"
        RATIO = "ratio", "Ratio"
        YES_NO = "yes_no", "Yes/no"
        TEXT = "text", "Text"

    class Polarity(models.TextChoices):
        HIGH = "high", "High"
        LOW = "low", "Low"
        MAINTAIN = "maintain", "Maintain"
        NONE = "none", "No polarity"

    class Frequency(models.TextChoices):
        ANNUAL = "annual", "Annual (financial year)"
        CALENDAR = "calendar", "Annual (calendar year)"
        ACADEMIC = "academic", "Annual (academic year)"
        QUARTERLY = "quarterly", "Quarterly"
        MONTHLY = "monthly", "Monthly"
        OTHER = "other", "Other"

    code = models.SlugField(max_length=100, unique=True)
    number = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    definition = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True, help_text='e.g. "Citizen Survey", "PHOF 1.01i", "BCF"')
    external_ref = models.CharField(max_length=100, blank=True)
    unit = models.CharField(max_length=12, choices=Unit.choices, default=Unit.COUNT)
    rate_per = models.PositiveIntegerField(null=True, blank=True, help_text="For rates: per how many")
    money_unit = models.CharField(max_length=20, blank=True, help_text="For money: e.g. £000s")
    decimals = models.PositiveSmallIntegerField(default=1)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGH)
    # Measure tables print "Good is" as Yes, No or n/a too: no numeric direction (polarity none),
    # so the words are kept to assess yes/no values and to say plainly what is not assessed.
    good_is = models.CharField(max_length=40, blank=True,
                               help_text='"Good is" as the document prints it when not a direction: "Yes", "n/a"')
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL)
    cumulative = models.BooleanField(default=False)
    publication_lag = models.CharField(max_length=200, blank=True)
    tolerance = models.CharField(max_length=20, default="5%", help_text='Amber band: "5%" of the target or "2" units')
    lead_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators")
    lead_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="indicators")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators")
    strategy = models.ForeignKey(Strategy, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    items = models.ManyToManyField(PlanItem, blank=True, related_name="indicators",
                                   help_text="The plan items whose progress it measures")
    illustrative = models.BooleanField(default=False, help_text="Made-up demonstration data, labelled as such")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "position", "code"]

    def __str__(self):
        return self.title[:80]

    def get_absolute_url(self):
        return reverse("indicators:indicator", args=[self.code])

    access_domain = "plans"

    def access_scopes(self):
        return [self, self.strategy, self.body or (self.strategy.body if self.strategy_id else None)]

    def is_public(self) -> bool:
        return self.strategy.is_public() if self.strategy_id else True

    def lead_person_ids(self) -> set[int]:
        return {self.lead_person_id} if self.lead_person_id else set()


class IndicatorNote(models.Model):
    """Commentary beside an indicator, in a named column ("Commentary", "Update March 2019")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="notes")
    label = models.CharField(max_length=200)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["indicator", "position"]

    def __str__(self):
        return f"{self.indicator.code}: {self.label}"


# A measure table's unstated cells as stored (kind, period label) -> the indicator field that holds them.
MEASURE_CELLS = {("actual", "Previous"): "previous", ("actual", "Latest"): "latest", ("target", "Latest"): "target"}


class Value(Versioned, models.Model):
    """One baseline, target, actual or comparator value of an indicator for a period."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        TARGET = "target", "Target"
        ACTUAL = "actual", "Actual"
        COMPARATOR = "comparator", "Comparator"

    class Status(models.TextChoices):
        FINAL = "final", "Final"
        PROVISIONAL = "provisional", "Provisional"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    comparator = models.CharField(max_length=60, blank=True, help_text='For comparators: "England", "Previous" …')
    period = models.CharField(max_length=60, help_text="As written: 2016/17, Q1 2018/19, Feb 19 …")
    # Null when the document does not state the period: a measure table's "Latest" and "Previous"
    # columns (whose heading is then kept as the label) or a "National" comparator without a period.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    text = models.CharField(max_length=300, blank=True,
                            help_text='Text value or target word: "Yes", "TBC", "Increase", "Awaiting publication …"')
    display = models.CharField(max_length=100, blank=True, help_text='As the document writes it, e.g. "92.3% Feb 19"')
    indicative = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.FINAL)
    as_of = models.CharField(max_length=40, blank=True, help_text="For a partial period: the period it runs to")
    numerator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    note = models.TextField(blank=True)
    officer_rag = models.ForeignKey(RagRating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    officer_rag_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "period_end", "period_start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "kind", "comparator", "period"], name="one_value_per_period"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.kind} {self.period}"

    @property
    def period_stated(self) -> bool:
        return self.period_end is not None

    @property
    def measure_cell(self) -> str:
        """For a measure table's cell, its field name in the data file ("previous", "latest", "target"), else "".

        The cells are fields of the indicator record there, not records of their own, so a
        `reconstructed:`/`inferred:` mark on one is stored on the indicator under this name.
        """
        if self.period_stated or self.comparator:
            return ""
        return MEASURE_CELLS.get((self.kind, self.period), "")


class Breakdown(models.Model):
    """A dimension an indicator is broken down by (area, sex, age band, priority band)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="breakdowns")
    dimension = models.CharField(max_length=100, help_text='e.g. "Area/CDG", "Sex", "Age band"')
    caption = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["indicator", "position"]
        constraints = [models.UniqueConstraint(fields=["indicator", "dimension"], name="unique_breakdown")]

    def __str__(self):
        return f"{self.indicator.code} by {self.dimension}"


class BreakdownCategory(models.Model):
    breakdown = models.ForeignKey(Breakdown, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=300)
    stated_change = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True,
                                        help_text="Change over the whole span as the source document states it")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["breakdown", "position"]
        verbose_name_plural = "breakdown categories"
        constraints = [models.UniqueConstraint(fields=["breakdown", "code"], name="unique_category")]

    def __str__(self):
        return f"{self.code} {self.label}"


class BreakdownValue(models.Model):
    category = models.ForeignKey(BreakdownCategory, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=60)
    period_end = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["category", "period_end"]
        constraints = [models.UniqueConstraint(fields=["category", "period"], name="unique_breakdown_value")]

    def __str__(self):
        return f"{self.category} {self.period}: {self.value}"
