from django.db import models

from wellboard.core.models import TimeStamped
from wellboard.directory.models import Organisation


class Body(TimeStamped):
    """A board, committee, sub-committee, group or partnership, and whom it reports to."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        COMMITTEE = "committee", "Committee"
        SUB_COMMITTEE = "sub_committee", "Sub-committee"
        GROUP = "group", "Group"
        PARTNERSHIP = "partnership", "Partnership"

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BOARD)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               help_text="The body it reports to")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="bodies")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name
