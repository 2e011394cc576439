from django.db import models
from django.urls import reverse

from wellboard.core.models import RagRating, TimeStamped
from wellboard.directory.models import Organisation, Person

from .strategy import Strategy


class PlanItem(TimeStamped):
    """A node of the plan tree: theme/priority → outcome → action → milestone → success measure."""

    class Kind(models.TextChoices):
        THEME = "theme", "Theme"
        PRIORITY = "priority", "Priority"
        OUTCOME = "outcome", "Outcome"
        ACTION = "action", "Action"
        MILESTONE = "milestone", "Milestone"
        SUCCESS_MEASURE = "success_measure", "Success measure"

    class OutcomeType(models.TextChoices):
        HEADLINE = "headline", "Headline outcome"
        SECONDARY = "secondary", "Secondary outcome"

    # Which kinds may sit under which: keeps imported and edited trees the shape reports expect.
    ALLOWED_CHILDREN = {
        None: {"theme", "priority"},
        "theme": {"theme", "priority", "outcome", "action"},
        "priority": {"theme", "priority", "outcome", "action"},
        "outcome": {"action", "milestone", "success_measure"},
        "action": {"milestone", "success_measure"},
        "milestone": {"success_measure"},
        "success_measure": set(),
    }

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome_type = models.CharField(max_length=10, choices=OutcomeType.choices, blank=True)
    ref = models.CharField(max_length=100, help_text="Stable key within the plan")
    number = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    description = models.TextField(blank=True)
    lead_text = models.CharField(max_length=300, blank=True, help_text="The lead as the document writes it")
    position = models.PositiveIntegerField(default=0, help_text="Order among siblings")
    sort_key = models.CharField(max_length=200, db_index=True, editable=False,
                                help_text="Zero-padded position path: orders the whole tree in one query")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    retired = models.BooleanField(default=False, help_text="Omitted from future reporting")
    retired_reason = models.TextField(blank=True)
    retired_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["strategy", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["strategy", "ref"], name="unique_item_ref")]

    def __str__(self):
        return self.title[:80]

    def get_absolute_url(self):
        return reverse("plans:item", args=[self.strategy.code, self.pk])

    access_domain = "plans"

    def access_scopes(self):
        return self.strategy.access_scopes()

    def is_public(self) -> bool:
        return self.strategy.is_public()

    def lead_person_ids(self) -> set[int]:
        """The item's own leads and those of the items above it: an action's lead owns its milestones."""
        ids, item = set(), self
        while item is not None:
            ids.update(lead.person_id for lead in item.leads.all() if lead.person_id)
            item = item.parent
        return ids

    def save(self, *args, **kwargs):
        prefix = self.parent.sort_key + "." if self.parent_id else ""
        self.sort_key = f"{prefix}{self.position:05d}"
        self.depth = self.parent.depth + 1 if self.parent_id else 0
        super().save(*args, **kwargs)

    @property
    def kind_label(self):
        if self.kind == self.Kind.OUTCOME and self.outcome_type:
            return self.get_outcome_type_display()
        return self.get_kind_display()

    @property
    def reportable(self):
        """Items that carry officer RAG updates; milestones and measures roll up to their action."""
        return self.kind in {"outcome", "action"}


class ItemLead(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="leads")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="leads")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="leads")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.CheckConstraint(condition=models.Q(person__isnull=False) | models.Q(organisation__isnull=False),
                                   name="lead_names_someone"),
        ]

    def __str__(self):
        return " ".join(str(x) for x in (self.organisation and self.organisation.code, self.person) if x)


class MeasureYear(models.Model):
    """Seed 000's "Year to be achieved and progress RAG rating": a tick and a letter per year."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="years")
    year = models.CharField(max_length=10)
    due = models.BooleanField(default=True)
    rag = models.ForeignKey(RagRating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["item", "year"]
        constraints = [models.UniqueConstraint(fields=["item", "year"], name="unique_measure_year")]

    def __str__(self):
        return f"{self.year}: {'due' if self.due else 'not due'} {self.rag or ''}".strip()
