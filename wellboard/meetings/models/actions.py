from django.conf import settings
from django.db import models

from wellboard.core.models import TimeStamped
from wellboard.directory.models import Person
from wellboard.governance.models import Body

from .meeting import AgendaItem, Meeting
from .minutes import MinuteItem, Resolution
from .privacy import MeetingRecord, Part, approved_field, inherit_part, part_field


class Action(MeetingRecord, TimeStamped):
    """An action arising from a resolution or a minute, chased until done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Completed"
        DROPPED = "dropped", "No longer needed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    minute_item = models.ForeignKey(MinuteItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    due_date = models.DateField(null=True, blank=True)
    due_meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_due")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    # Withdrawing keeps the action and says why, who and when: the record of what was agreed stays.
    withdrawn_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    part = part_field()
    approved = approved_field()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description[:80]

    def save(self, *args, **kwargs):
        inherit_part(self, self.resolution if self.resolution_id else None,
                     self.minute_item if self.minute_item_id else None)
        super().save(*args, **kwargs)

    @property
    def due(self):
        return self.due_date or (self.due_meeting.date if self.due_meeting_id else None)


class ActionNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "created_at"]

    def __str__(self):
        return self.text[:60]


class WorkProgrammeEntry(TimeStamped):
    """A report the body expects at a future meeting (the forward plan)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ON_AGENDA = "on_agenda", "On an agenda"
        WITHDRAWN = "withdrawn", "Withdrawn"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="work_programme")
    target_meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="work_programme_entries")
    title = models.CharField(max_length=400)
    summary = models.TextField(blank=True)
    when_text = models.CharField(max_length=200, blank=True,
                                 help_text='The timing as the forward plan prints it, e.g. "Autumn 2018"')
    part = part_field()
    lead_officer = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True, help_text='"TBC" allowed')
    requested_by = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="work_programme_entries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    agenda_item = models.OneToOneField(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="work_programme_entry")

    class Meta:
        # Entries not yet given a meeting come last on SQLite and PostgreSQL alike.
        ordering = [models.F("target_meeting__date").asc(nulls_last=True), "pk"]
        verbose_name_plural = "work programme entries"

    def __str__(self):
        return self.title

    access_domain = "meetings"

    def access_scopes(self):
        return [self.body]

    def is_public(self) -> bool:
        """The forward plan is published, except Part B entries and entries planned for an
        informal meeting."""
        return self.part == Part.A and (self.target_meeting is None or self.target_meeting.is_public())


class WorkProgrammeMove(models.Model):
    """Rescheduling keeps its history."""

    entry = models.ForeignKey(WorkProgrammeEntry, on_delete=models.CASCADE, related_name="moves")
    from_meeting = models.ForeignKey(Meeting, null=True, on_delete=models.SET_NULL, related_name="+")
    to_meeting = models.ForeignKey(Meeting, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "moved_at"]

    def __str__(self):
        return f"{self.entry} moved"
