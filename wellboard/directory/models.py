from django.db import models

from wellboard.core.models import TimeStamped


class Organisation(TimeStamped):
    code = models.CharField(max_length=40, unique=True, help_text="How documents name it, e.g. NCC, CCG")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(TimeStamped):
    """A person named in board papers. Email and phone are private: staff pages only."""

    name = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=40, blank=True, help_text="Cllr, Dr, Prof …")
    job_title = models.CharField(max_length=300, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.OneToOneField("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="person",
                                help_text="The sign-in of a lead officer: they may update what they lead")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return f"{self.title} {self.name}" if self.title else self.name
