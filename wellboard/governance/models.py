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

    access_domain = "governance"

    def access_scopes(self):
        return [self]

    def is_public(self) -> bool:
        return True


class BodyConstitution(models.Model):
    """A body's terms of reference, quorum, reporting lines and resolution numbering."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="constitution")
    description = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    quorum = models.PositiveSmallIntegerField(null=True, blank=True)
    resolution_format = models.CharField(
        max_length=60, blank=True,
        help_text='e.g. "{year}/{number:03d}" gives 2018/020; blank: resolutions are not numbered')
    also_reports_to = models.ManyToManyField(Body, blank=True, related_name="dual_reports",
                                             help_text="Further bodies it reports to (a dual remit)")

    def __str__(self):
        return f"Constitution of {self.body}"


class StandingItem(models.Model):
    """An agenda item every meeting of the body starts with (Apologies — Clerk …)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="standing_items")
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["body", "position"]

    def __str__(self):
        return self.title


class Seat(models.Model):
    """A place on a body for an organisation or role; people hold it over dated spans."""

    class Kind(models.TextChoices):
        MEMBER = "member", "Member"
        INVITEE = "invitee", "Standing invitee"

    class Role(models.TextChoices):
        ORDINARY = "", "Member"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    code = models.SlugField(max_length=80)
    representing = models.CharField(max_length=300)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.ORDINARY, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["body", "kind", "position"]
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="unique_seat_code")]

    def __str__(self):
        return f"{self.body}: {self.representing}"


class SeatHolding(models.Model):
    """Who held a seat from when to when (open-ended spans have no end date)."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="holdings")
    person = models.ForeignKey("directory.Person", on_delete=models.PROTECT, related_name="seat_holdings")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    substitutes = models.ManyToManyField("directory.Person", blank=True, related_name="substitute_for")

    class Meta:
        ordering = ["seat", "start"]

    def __str__(self):
        return f"{self.person} in {self.seat}"

    def covers(self, day) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)
