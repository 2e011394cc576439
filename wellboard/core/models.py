from django.db import models


class TimeStamped(models.Model):
    """Audit base: when a row was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RagScale(TimeStamped):
    """A board's own RAG vocabulary: labels, colours, symbols and the criteria it rates by."""

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)

    def __str__(self):
        return self.name

    def lookup(self):
        """Map every accepted spelling (code, letter, label; any case) to its rating."""
        table = {}
        for rating in self.ratings.all():
            for key in (rating.code, rating.letter, rating.label):
                if key:
                    table[key.casefold()] = rating
        return table


class RagRating(models.Model):
    class Source(models.TextChoices):
        # A key headed "the board's RAG criteria" must show only what the board's paper defines;
        # ratings Wellboard adds for its own bookkeeping are listed apart, under Wellboard's name.
        BOARD = "board", "The board's"
        WELLBOARD = "wellboard", "Wellboard's"

    class CountsAs(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    scale = models.ForeignKey(RagScale, on_delete=models.CASCADE, related_name="ratings")
    code = models.CharField(max_length=30)
    label = models.CharField(max_length=60)
    letter = models.CharField(max_length=3, blank=True)
    colour = models.CharField(max_length=7, help_text="Hex colour, e.g. #00703c")
    symbol = models.CharField(max_length=4)
    criteria = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Worst first: roll-ups take the lowest")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.BOARD,
                              help_text="Whose rating this is: the board's own criteria, or one Wellboard adds")
    counts_as = models.CharField(max_length=5, choices=CountsAs.choices, blank=True,
                                 help_text="The calculated RAG this rating agrees with; blank: RED, AMBER and GREEN "
                                           "codes stand for themselves, any other rating agrees with none")

    class Meta:
        ordering = ["scale", "position"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="unique_rating_code")]

    def __str__(self):
        return self.label

    @property
    def stands_for(self) -> str | None:
        """The calculated RAG ("red", "amber", "green") this officer rating agrees with, or None."""
        if self.counts_as:
            return self.counts_as
        code = self.code.lower()
        return code if code in self.CountsAs.values else None

    def disagrees_with(self, calculated: str | None) -> bool:
        """Whether choosing this rating over a calculated RAG needs a reason: any difference does,
        and a rating that stands for no calculated RAG (e.g. a board's "Not started") always differs."""
        return bool(calculated) and self.stands_for != calculated

    @property
    def is_boards(self) -> bool:
        return self.source == self.Source.BOARD

    @property
    def css_class(self):
        return "wb-rag--" + self.code.lower().replace("_", "-")

    @property
    def text_colour(self):
        """Black or white text, whichever contrasts more with the rating's colour (WCAG AA)."""
        r, g, b = (int(self.colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

        def lin(c):
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
        return "#0b0c0c" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


class Role(models.TextChoices):
    """What a person may do, and where: the roles of DESIGN.md's table."""

    ADMINISTRATOR = "administrator", "Administrator"
    COORDINATOR = "coordinator", "Coordinator"
    LEAD = "lead", "Lead officer"
    COMMITTEE_ADMIN = "committee_admin", "Committee administrator"
    BOARD_MEMBER = "board_member", "Board member"


class RoleAssignment(models.Model):
    """A user holds a role over a scope: a body or a plan, or the whole site (administrators).

    The scope is generic so that `core` stays below the domain apps that define bodies and plans;
    the permission module (`core.permissions`) is the only reader.
    """

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    scope_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+", help_text="Body or plan; empty for site-wide (administrator)")
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "scope_type", "scope_id"], name="unique_role_assignment"),
            models.CheckConstraint(
                condition=models.Q(scope_type__isnull=True, scope_id__isnull=True)
                | models.Q(scope_type__isnull=False, scope_id__isnull=False),
                name="role_scope_complete"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.scope_label})"

    @property
    def scope(self):
        if self.scope_type_id is None:
            return None
        return self.scope_type.get_object_for_this_type(pk=self.scope_id)

    @property
    def scope_label(self):
        return str(self.scope) if self.scope_type_id else "whole site"


class SourceNote(models.Model):
    """A value that is not verbatim in its source document: rebuilt from a damaged layout, or inferred.

    Attached to any record by content type and id, and to one field by the name the data file
    uses for it (docs/data-format.md, "Reconstructed and inferred values"). Pages show it beside
    the value, so a reader never takes a repair or an inference for the source's own words.
    """

    class Kind(models.TextChoices):
        RECONSTRUCTED = "reconstructed", "reconstructed"
        INFERRED = "inferred", "inferred"

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField()

    class Meta:
        ordering = ["content_type", "object_id", "field", "kind"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="source_note_target")]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "field", "kind"], name="unique_source_note"),
        ]

    def __str__(self):
        return f"{self.field}: {self.kind} — {self.reason}"
