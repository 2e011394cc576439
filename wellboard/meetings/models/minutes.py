from django.conf import settings
from django.db import models

from wellboard.indicators.models import Value
from wellboard.plans.models import PlanItem, PlanVersion

from .meeting import AgendaItem, Meeting
from .papers import Recommendation


class MinuteItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minute_items")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    number = models.CharField(max_length=10, blank=True)
    title = models.CharField(max_length=400)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class MinuteParagraph(models.Model):
    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.CharField(max_length=12, blank=True)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "position"]

    def __str__(self):
        return f"{self.number} {self.text[:50]}".strip()


class Resolution(models.Model):
    """What a body resolved. Numbered per body per year where the body numbers them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="resolutions")
    paragraph = models.CharField(max_length=12, blank=True, help_text="The minute paragraph it sits in")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(max_length=40, blank=True, help_text="As printed, e.g. 2018/020")
    text = models.TextField()
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
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "item__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "year", "sequence"], name="unique_resolution_sequence",
                                    condition=models.Q(sequence__isnull=False)),
        ]

    def __str__(self):
        return f"RESOLVED {self.number}".strip() if self.number else self.text[:60]


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
