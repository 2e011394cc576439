"""Reporting cycles: a coordinator asks each lead for an update on what they lead, by a date.

A cycle belongs to one plan and one reporting period (a document column such as
"Update March 2019"). Each `UpdateRequest` asks one lead about one reportable item or one
indicator. What the lead writes stays on the request until the coordinator closes the cycle;
only then do approved updates become public (the item's `ProgressUpdate` turns approved,
an indicator's new values and note are written), so nothing unapproved ever leaks.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from wellboard.core.models import RagRating, TimeStamped
from wellboard.directory.models import Person
from wellboard.indicators.models import Indicator
from wellboard.plans.models import PlanItem, PlanVersion, ProgressUpdate, ReportingPeriod, Strategy


class ReportingCycle(TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="cycles")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="cycles")
    due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.ForeignKey(PlanVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                help_text="The plan version made when the cycle closed")

    class Meta:
        ordering = ["strategy", "-opened_at"]
        constraints = [
            # Two open cycles for one column would give a lead two requests for the same answer.
            models.UniqueConstraint(fields=["strategy", "period"], condition=models.Q(status="open"),
                                    name="one_open_cycle_per_period"),
        ]

    def __str__(self):
        return f"{self.strategy} — {self.period}"

    def get_absolute_url(self):
        return reverse("reporting:cycle", args=[self.strategy.code, self.pk])

    access_domain = "plans"

    def access_scopes(self):
        return self.strategy.access_scopes()

    def is_public(self) -> bool:
        return False

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class UpdateRequest(TimeStamped):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"

    # The states in which the lead may still write; submitted and approved wait for the coordinator.
    EDITABLE = frozenset({Status.REQUESTED, Status.DRAFT, Status.RETURNED})
    # Not yet with the coordinator: these are the ones reminded and counted as outstanding.
    OUTSTANDING = EDITABLE

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="requests")
    item = models.ForeignKey(PlanItem, null=True, blank=True, on_delete=models.CASCADE, related_name="update_requests")
    # A string reference: indicators sit above plans, and plans must not import them at load time.
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="update_requests")
    lead = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="update_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    commentary = models.TextField(blank=True)
    rag = models.ForeignKey(RagRating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rag_reason = models.TextField(blank=True, help_text="Why the officer RAG differs from the calculated RAG")
    values = models.JSONField(default=list, blank=True,
                              help_text="New indicator actuals: [{period, value, text, note}], written on publication")
    return_comment = models.TextField(blank=True)
    update = models.ForeignKey(ProgressUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text="The item's progress update this request produced")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["cycle", "item__sort_key", "indicator__position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(item__isnull=False, indicator__isnull=True)
                                   | models.Q(item__isnull=True, indicator__isnull=False),
                                   name="request_for_item_or_indicator"),
            models.UniqueConstraint(fields=["cycle", "item", "lead"], name="one_request_per_item_lead"),
            models.UniqueConstraint(fields=["cycle", "indicator", "lead"], name="one_request_per_indicator_lead"),
        ]

    def __str__(self):
        return f"{self.target} ({self.cycle.period})"

    def get_absolute_url(self):
        return reverse("reporting:update_request", args=[self.pk])

    @property
    def target(self):
        return self.item if self.item_id else self.indicator

    access_domain = "plans"

    def access_scopes(self):
        return self.target.access_scopes()

    def is_public(self) -> bool:
        return False

    def lead_person_ids(self) -> set[int]:
        return self.target.lead_person_ids()

    @property
    def editable(self):
        return self.status in self.EDITABLE and self.cycle.is_open


class SentReminder(models.Model):
    """One reminder email sent: the unique key makes `send-reminders` safe to run twice."""

    kind = models.CharField(max_length=20, help_text='"update_request" or "action"')
    target = models.PositiveBigIntegerField(help_text="The request's or action's id")
    stage = models.CharField(max_length=20, help_text='"opened", "due_soon" or "overdue"')
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "target", "stage"], name="one_reminder_per_stage")]

    def __str__(self):
        return f"{self.kind} {self.target} {self.stage} → {self.recipient}"
