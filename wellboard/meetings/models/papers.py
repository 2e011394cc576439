from django.db import models

from wellboard.core.models import TimeStamped

from .meeting import AgendaItem, Meeting

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

    class Meta:
        ordering = ["meeting", "agenda_item__position"]

    def __str__(self):
        return self.title

    @property
    def private(self) -> bool:
        return bool(self.agenda_item and self.agenda_item.private)


class Recommendation(models.Model):
    class Verb(models.TextChoices):
        NOTE = "Note", "Note"
        AGREE = "Agree", "Agree"
        APPROVE = "Approve", "Approve"
        ENDORSE = "Endorse", "Endorse"
        RECOMMEND = "Recommend", "Recommend"
        COMMENT = "Comment", "Comment"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="recommendations")
    verb = models.CharField(max_length=10, choices=Verb.choices)
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
    initials = models.CharField(max_length=10, blank=True)
    date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "kind"], name="one_signoff_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.initials or 'not signed'})"

    @property
    def complete(self) -> bool:
        placeholder = self.initials.strip().upper() in {"", "XX", "XXX", "TBC", "[INITIALS]"}
        return not placeholder and self.date is not None


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
