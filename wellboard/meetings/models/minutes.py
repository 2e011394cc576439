from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from wellboard.core.concurrency import Versioned
from wellboard.governance.models import Body
from wellboard.indicators.models import Value
from wellboard.plans.models import PlanItem, PlanVersion

from .meeting import AgendaItem, Meeting
from .papers import Recommendation
from .privacy import MeetingRecord, approved_field, inherit_part, part_field

LOCKED = "These minutes were approved as a correct record and cannot be edited: record a correction instead."


def refuse_if_locked(record, meeting_id, fields) -> None:
    """Model-level rule (the admin obeys it too): approved minutes change only through a correction.
    The meeting's state is read as saved, not from a copy cached on the record."""
    if getattr(record, "_correcting", False) or not Meeting.objects.filter(
            pk=meeting_id, status=Meeting.Status.MINUTES_APPROVED).exists():
        return
    if record._state.adding:
        raise ValidationError(LOCKED)
    attnames = [record._meta.get_field(f).attname for f in fields]
    saved = type(record)._base_manager.filter(pk=record.pk).values(*attnames).first()
    if saved is not None and any(saved[a] != getattr(record, a) for a in attnames):
        raise ValidationError(LOCKED)


class MinuteItem(MeetingRecord, models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minute_items")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    number = models.CharField(max_length=10, blank=True)
    title = models.CharField(max_length=400)
    part = part_field()
    approved = approved_field()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def save(self, *args, **kwargs):
        inherit_part(self, self.agenda_item)
        super().save(*args, **kwargs)

    def clean(self):
        if self.meeting_id:
            refuse_if_locked(self, self.meeting_id, ["meeting", "agenda_item", "number", "title", "position"])


class MinuteParagraph(Versioned, models.Model):
    """A paragraph is as private as its minute item."""

    access_domain = "meetings"

    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.CharField(max_length=12, blank=True)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "position"]

    def __str__(self):
        return f"{self.number} {self.text[:50]}".strip()

    def access_scopes(self):
        return self.item.access_scopes()

    def is_public(self) -> bool:
        return self.item.is_public()

    def clean(self):
        if self.item_id:
            refuse_if_locked(self, self.item.meeting_id, ["item", "number", "text", "position"])


class Resolution(MeetingRecord, Versioned, models.Model):
    """What a body resolved. Numbered per body per year where the body numbers them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    # Copied from the meeting so the database itself can keep numbers unique per body and year.
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="resolutions", editable=False)
    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="resolutions")
    paragraph = models.CharField(max_length=12, blank=True, help_text="The minute paragraph it sits in")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(max_length=40, blank=True, help_text="As printed, e.g. 2018/020")
    text = models.TextField()
    # One printed number may cover lettered clauses (a), (b), (c): [{"label": "a", "text": ...}].
    clauses = models.JSONField(default=list, blank=True)
    from_recommendation = models.ForeignKey(Recommendation, null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="resolutions")
    delegated_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="delegated", help_text="The resolution that delegated the authority")
    approves_version = models.ForeignKey(PlanVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="approving_resolutions")
    retires_item = models.ForeignKey(PlanItem, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="retiring_resolutions")
    changes_target = models.ForeignKey(Value, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="changing_resolutions", limit_choices_to={"kind": "target"})
    part = part_field()
    approved = approved_field()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "item__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "sequence"], name="unique_resolution_number_per_body",
                                    condition=models.Q(sequence__isnull=False)),
            models.UniqueConstraint(fields=["item", "from_recommendation"], name="one_resolution_per_recommendation",
                                    condition=models.Q(from_recommendation__isnull=False)),
        ]

    def __str__(self):
        return f"RESOLVED {self.number}".strip() if self.number else self.text[:60]

    def save(self, *args, **kwargs):
        inherit_part(self, self.item if self.item_id else None)
        update_fields = kwargs.get("update_fields")
        if self.meeting_id and (not self.body_id or update_fields is None or "meeting" in update_fields):
            self.body_id = self.meeting.body_id
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body"}
        super().save(*args, **kwargs)

    def clean(self):
        # The form leaves out ``body``, so Django cannot check the number's constraint itself.
        if self.meeting_id and self.sequence is not None and Resolution.objects.filter(
                body_id=self.meeting.body_id, year=self.year, sequence=self.sequence).exclude(pk=self.pk).exists():
            raise ValidationError({"sequence": f"{self.meeting.body.name} already has a resolution numbered "
                                               f"{self.sequence} in {self.year}."})
        if self.meeting_id:
            refuse_if_locked(self, self.meeting_id, ["text", "clauses", "number", "year", "sequence", "paragraph", "item",
                                                  "from_recommendation", "position"])


class MinuteCorrection(models.Model):
    """A change to approved (locked) minutes: recorded, never silent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    paragraph = models.ForeignKey(MinuteParagraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    old_text = models.TextField(blank=True)
    new_text = models.TextField()
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "made_at"]

    def __str__(self):
        return f"Correction to {self.meeting}"
