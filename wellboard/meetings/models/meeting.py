from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from wellboard.core.models import TimeStamped
from wellboard.directory.models import Person
from wellboard.governance.models import Body

from .privacy import MeetingRecord, Part, approved_field, part_field


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings held in public, including future ones: informal meetings are private."""
        return self.exclude(kind=Meeting.Kind.INFORMAL)


class Meeting(TimeStamped):
    class Kind(models.TextChoices):
        FORMAL = "formal", "Formal meeting"
        INFORMAL = "informal", "Informal meeting"
        ADDITIONAL = "additional", "Additional meeting"
        WORKSHOP = "workshop", "Workshop"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    code = models.SlugField(max_length=100, unique=True)
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    time_text = models.CharField(max_length=200, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FORMAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    minutes_opening = models.TextField(blank=True)
    minutes_closing = models.TextField(blank=True)
    minutes_approved_at = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="approved_minutes_of",
                                            help_text="The meeting that approved these minutes as a correct record")
    minutes_approved_on = models.DateField(null=True, blank=True)
    # Packs publish the previous meeting's draft minutes for approval: public because printed in
    # the published pack, yet not a correct record until that meeting approves them.
    minutes_for_approval_at = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="draft_minutes_for_approval",
        help_text="Draft minutes published in this meeting's agenda pack, to be approved there")
    agenda_notes = models.JSONField(default=list, blank=True,
                                    help_text='Numbered notes printed under the agenda: [{"number", "text"}]')
    cancelled_reason = models.TextField(blank=True, help_text="Why the meeting was cancelled (shown on its page)")
    moved_from = models.DateField(null=True, blank=True, help_text="The date first set, when the meeting was moved")
    moved_reason = models.TextField(blank=True, help_text="Why the meeting was moved (shown on its page)")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "start_time"]

    def __str__(self):
        return f"{self.body.name}, {self.date:%-d %B %Y}"

    access_domain = "meetings"

    def access_scopes(self):
        return [self.body]

    def is_public(self) -> bool:
        """Informal meetings are private on every surface (page, prints, feed, API)."""
        return self.kind != self.Kind.INFORMAL

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.code])

    @property
    def minutes_locked(self) -> bool:
        return self.status == self.Status.MINUTES_APPROVED

    @property
    def minutes_published_draft(self) -> bool:
        """Draft minutes printed in a later meeting's published pack, awaiting approval there."""
        return self.minutes_for_approval_at_id is not None and not self.minutes_locked

    def clean(self):
        # Approved minutes stay approved (the admin obeys this too): un-approving them would reopen
        # them to silent edits. Their opening and closing text change only by a recorded correction.
        saved = Meeting.objects.filter(pk=self.pk, status=self.Status.MINUTES_APPROVED).values(
            "minutes_opening", "minutes_closing").first() if self.pk else None
        if saved is None:
            return
        if self.status != self.Status.MINUTES_APPROVED:
            raise ValidationError({"status": "These minutes were approved as a correct record and stay approved."})
        if (self.minutes_opening, self.minutes_closing) != (saved["minutes_opening"], saved["minutes_closing"]):
            raise ValidationError("These minutes were approved as a correct record and cannot be edited: record a "
                                  "correction instead.")


class AgendaItem(MeetingRecord, models.Model):
    Part = Part

    class Kind(models.TextChoices):
        STANDING = "standing", "Standing item"
        DISCUSSION = "discussion", "For discussion/action"
        INFORMATION = "information", "Information update"
        WORKSHOP = "workshop", "Workshop"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(max_length=10, blank=True)
    title = models.CharField(max_length=400)
    presenters = models.JSONField(default=list, blank=True)
    part = models.CharField(max_length=1, choices=Part.choices, default=Part.A)
    section = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    to_follow = models.BooleanField(default=False)
    link = models.CharField(max_length=500, blank=True)
    exemption = models.CharField(max_length=200, blank=True,
                                 help_text='Part B: the Schedule 12A paragraph, or "informal"')
    page_from = models.PositiveIntegerField(null=True, blank=True)
    page_to = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def private(self) -> bool:
        return self.part == self.Part.B

    def is_public(self) -> bool:
        return self._open()


class Attendance(MeetingRecord, models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        OFFICER = "officer", "Officer in attendance"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices)
    representing = models.CharField(max_length=300, blank=True)
    substitute = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   help_text="For apologies: who attended instead")
    replacing = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  help_text="A temporary replacement member for this meeting only: the member "
                                            "this person replaced (not a named substitute)")
    first_meeting = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")]

    def __str__(self):
        return f"{self.person} ({self.get_status_display()})"

    def is_public(self) -> bool:
        """Who attended a public meeting is public, as the published attendance list is."""
        return self.meeting.is_public()


class Declaration(MeetingRecord, models.Model):
    class Type(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        OTHER_PECUNIARY = "other_pecuniary", "Other/private pecuniary interest"
        NON_PECUNIARY = "non_pecuniary", "Non-pecuniary interest"
        OTHER = "other", "Other interest"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="declarations",
                                    help_text="The item the interest relates to (its number and Part are copied)")
    item_number = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=16, choices=Type.choices)
    nature = models.TextField()
    part = part_field()
    approved = approved_field()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self):
        return f"{self.person}: {self.get_type_display()} (item {self.item_number})"

    def is_public(self) -> bool:
        """That an interest was declared is public once the minutes are (approved, or published
        as a draft in a pack); its nature only on Part A items (see ``nature_public``)."""
        return (self.approved or self.meeting.minutes_published_draft) and self.meeting.is_public()

    def nature_public(self) -> bool:
        return self.is_public() and self.part == Part.A
