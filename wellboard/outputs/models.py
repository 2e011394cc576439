"""The organisation's Word template: the council's logo, fonts and styles for every Word document.

One template is in use for the whole site at a time; an upload replaces it. Earlier uploads are
kept (inactive), so what a document looked like on a given day can still be explained.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class WordTemplate(models.Model):
    file = models.FileField(upload_to="word-templates/%Y/")
    name = models.CharField(max_length=255, help_text="The file name as uploaded.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    # A document cached for one template must not be served after another is uploaded.
    sha256 = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["active"], condition=Q(active=True),
                                               name="one_active_word_template")]

    def __str__(self):
        return f"{self.name} ({'in use' if self.active else 'replaced'})"

    @classmethod
    def current(cls) -> "WordTemplate | None":
        return cls.objects.filter(active=True).first()
