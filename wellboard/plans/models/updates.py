from django.conf import settings
from django.db import models

from wellboard.core import permissions
from wellboard.core.models import RagRating, TimeStamped
from wellboard.directory.models import Person

from .items import PlanItem
from .strategy import Body, ReportingPeriod, Strategy


class ProgressUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Approved updates for everyone; drafts for readers of the plan and for the item's leads."""
        plans, bodies = permissions.scope_of(user, Strategy), permissions.scope_of(user, Body)
        if plans.everything:
            return self
        own = models.Q(item__leads__person_id=permissions.person_id(user)) if permissions.person_id(user) else models.Q(pk__in=[])
        return self.filter(models.Q(status=ProgressUpdate.Status.APPROVED) | models.Q(item__strategy_id__in=plans.ids)
                           | models.Q(item__strategy__body_id__in=bodies.ids) | own).distinct()


class ProgressUpdate(TimeStamped):
    """What the lead said about an item in one reporting period: officer RAG and commentary."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="updates")
    rag = models.ForeignKey(RagRating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    commentary = models.TextField(blank=True)
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates")
    author_text = models.CharField(max_length=200, blank=True)
    date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["item", "period__position"]
        constraints = [models.UniqueConstraint(fields=["item", "period"], name="one_update_per_period")]

    def __str__(self):
        return f"{self.item} — {self.period}"

    access_domain = "plans"

    def access_scopes(self):
        return self.item.access_scopes()

    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED and self.item.is_public()

    def lead_person_ids(self) -> set[int]:
        return self.item.lead_person_ids()
