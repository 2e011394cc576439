from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from wellboard.core.models import TimeStamped

from .meeting import AgendaItem, Meeting
from .privacy import Part, inherit_part, part_field

IMPLICATIONS = ["financial", "equalities", "human_resources", "crime_and_disorder", "human_rights",
                "safeguarding", "sustainability", "service_users", "data_protection"]


class Paper(TimeStamped):
    """A committee report in the structured template boards use."""

    code = models.SlugField(max_length=100, unique=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers")
    agenda_item = models.OneToOneField(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="paper")
    title = models.CharField(max_length=400)
    report_of = models.CharField(max_length=300, blank=True)
    sponsor = models.CharField(max_length=300, blank=True)
    document_code = models.CharField(max_length=60, blank=True)
    purpose = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    information = models.TextField(blank=True)
    key_questions = models.TextField(blank=True)
    other_options = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    implications = models.JSONField(default=dict, blank=True)
    background_papers = models.TextField(blank=True)
    electoral_divisions = models.CharField(max_length=300, blank=True)
    published = models.BooleanField(default=False)
    part = part_field()

    class Meta:
        ordering = ["meeting", "agenda_item__position"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:paper", args=[self.code])

    def save(self, *args, **kwargs):
        inherit_part(self, self.agenda_item if self.agenda_item_id else None)
        super().save(*args, **kwargs)

    def missing_signoffs(self) -> list[str]:
        """The clearances not yet signed off (initials and date, no placeholder), as saved."""
        if self.pk is None:
            return ["constitutional", "financial"]
        signed = {s.kind for s in Signoff.objects.filter(paper_id=self.pk) if s.complete}
        return [kind for kind in ("constitutional", "financial") if kind not in signed]

    def publishing_refusal(self) -> str:
        missing = self.missing_signoffs()
        if not missing:
            return ""
        return (f"The paper cannot be published: the {' and '.join(missing)} sign-off "
                f"{'is' if len(missing) == 1 else 'are'} missing or still a placeholder.")

    def clean(self):
        # The same rule publish_paper enforces, so the admin cannot publish around it. Sign-offs
        # count as saved: complete them first, then publish.
        was_published = self.pk is not None and Paper.objects.filter(pk=self.pk, published=True).exists()
        if self.published and not was_published and (refusal := self.publishing_refusal()):
            raise ValidationError({"published": refusal})

    @property
    def private(self) -> bool:
        return self.part == Part.B

    access_domain = "meetings"

    def access_scopes(self):
        return [self.meeting.body] if self.meeting_id else []

    def is_public(self) -> bool:
        return self.published and self.part == Part.A and (self.meeting_id is None or self.meeting.is_public())


class Recommendation(models.Model):
    # The verbs the clerk's form offers; a loaded pack keeps its own wording ("consider",
    # "continues to support"), so the column is free text.
    class Verb(models.TextChoices):
        NOTE = "Note", "Note"
        AGREE = "Agree", "Agree"
        APPROVE = "Approve", "Approve"
        ENDORSE = "Endorse", "Endorse"
        RECOMMEND = "Recommend", "Recommend"
        COMMENT = "Comment", "Comment"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="recommendations")
    verb = models.CharField(max_length=100)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["paper", "position"]

    def __str__(self):
        return f"{self.verb} {self.text}"


class Signoff(models.Model):
    """Constitutional or financial clearance: a paper is not published while one is missing."""

    class Kind(models.TextChoices):
        CONSTITUTIONAL = "constitutional", "Constitutional comments"
        FINANCIAL = "financial", "Financial comments"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="signoffs")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    initials = models.CharField(max_length=40, blank=True, help_text='As printed; template text such as "(xx)" '
                                                                 'is kept and never counts as signed')
    date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "kind"], name="one_signoff_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.initials or 'not signed'})"

    @property
    def complete(self) -> bool:
        return not is_placeholder(self.initials) and self.date is not None


def is_placeholder(initials: str) -> bool:
    """Template text left in place of initials: "(xx)", "[initials and date]", "XX", "TBC"…"""
    core = initials.strip().strip("()[]{}<> .").upper()
    return core in {"", "X", "XX", "XXX", "XXXX", "TBC", "TBA", "INITIALS", "N/A"} or "INITIALS" in core


class PaperContact(models.Model):
    """Officer contact for a paper. Private: staff pages only."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=60, blank=True)
    email = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.name


class PaperAppendix(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="appendices")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="papers/%Y/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["paper", "position"]
        verbose_name_plural = "paper appendices"

    def __str__(self):
        return self.title
