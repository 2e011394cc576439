from django.db import models
from django.urls import reverse

from wellboard.core import permissions
from wellboard.core.models import RagScale, TimeStamped
from wellboard.governance.models import Body


class StrategyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published plans for everyone; unpublished ones for readers of their body or plan."""
        plans, bodies = permissions.scope_of(user, Strategy), permissions.scope_of(user, Body)
        if plans.everything:
            return self
        return self.filter(models.Q(published=True) | models.Q(pk__in=plans.ids) | models.Q(body_id__in=bodies.ids))


class Strategy(TimeStamped):
    """A strategy or action plan owned by a body: the root of a plan tree."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", "Strategy"
        ACTION_PLAN = "action_plan", "Action plan"
        PROGRESS_REPORT = "progress_report", "Progress report"

    code = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STRATEGY)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="strategies")
    start = models.CharField(max_length=20, blank=True, help_text="First financial year, e.g. 2016/17")
    end = models.CharField(max_length=20, blank=True, help_text="Last financial year, e.g. 2019/20")
    published = models.BooleanField(default=False)
    # Departmental plans and some strategies rate nothing: no scale means no RAG columns, key or counts.
    rag_scale = models.ForeignKey(RagScale, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="strategies", help_text="Empty: the plan uses no RAG ratings")
    report_title = models.CharField(max_length=200, blank=True,
                                    help_text='The progress report\'s own heading, e.g. "Appendix 1 Progress tables"')
    statement_label = models.CharField(max_length=100, blank=True)
    statement = models.TextField(blank=True)
    priority_groups = models.TextField(blank=True)
    year_columns = models.JSONField(default=list, blank=True,
                                    help_text="Per-year columns of success measures, e.g. [\"16/17\", \"17/18\"]")

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["body__name", "title"]
        verbose_name_plural = "strategies"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.code])

    access_domain = "plans"

    def access_scopes(self):
        return [self, self.body]

    def is_public(self) -> bool:
        return self.published

    DEFAULT_REPORT_TITLE = "Progress report"

    @property
    def report_heading(self) -> str:
        """Each plan's report keeps its own paper's title; plans whose paper has none get a neutral one."""
        return self.report_title or self.DEFAULT_REPORT_TITLE

    @property
    def period_label(self):
        if self.start and self.end:
            return f"{self.start} to {self.end}"
        return self.start or self.end


class ReportingPeriod(models.Model):
    """A round of updates (a document column such as "Update March 2019")."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reporting_periods")
    key = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    date = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [models.UniqueConstraint(fields=["strategy", "key"], name="unique_period_key")]

    def __str__(self):
        return self.label


class PlanVersion(models.Model):
    """A row of the plan's version-control table."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.CharField(max_length=20)
    date_text = models.CharField(max_length=60, blank=True, help_text="As the document writes it")
    change_details = models.TextField(blank=True)
    author = models.CharField(max_length=200, blank=True)
    distribution_text = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [models.UniqueConstraint(fields=["strategy", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.strategy} v{self.number}"


class DistributionEntry(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="distribution")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position"]
        verbose_name_plural = "distribution entries"

    def __str__(self):
        return self.name
