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
    scale = models.ForeignKey(RagScale, on_delete=models.CASCADE, related_name="ratings")
    code = models.CharField(max_length=30)
    label = models.CharField(max_length=60)
    letter = models.CharField(max_length=3, blank=True)
    colour = models.CharField(max_length=7, help_text="Hex colour, e.g. #00703c")
    symbol = models.CharField(max_length=4)
    criteria = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scale", "position"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="unique_rating_code")]

    def __str__(self):
        return self.label

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
