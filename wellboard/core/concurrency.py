"""Optimistic locking for edit forms, and turning a lost race into a message instead of a 500.

A form carries the ``version`` of the record it was drawn from. Saving first claims that version
with a conditional ``UPDATE … SET version = version + 1 WHERE pk = … AND version = N``: if someone
else saved in between, no row matches and the save is refused with :class:`StaleEdit`, which
carries the record as it is now so the page can show the other person's text next to the user's.
Every other save (the admin, the loader) bumps the version too, so a form drawn before it goes stale.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F


class Versioned(models.Model):
    """A record edited through forms: ``version`` counts its saves."""

    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and not getattr(self, "_version_claimed", False):
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        self._version_claimed = False
        super().save(*args, **kwargs)


class StaleEdit(ValidationError):
    """The record changed since the form was drawn; ``current`` is the record as saved now."""

    def __init__(self, current, message: str | None = None):
        self.current = current
        super().__init__(message or "Someone else changed this while you were editing it. Their version is shown "
                                    "below; your text is kept in the form: check it and save again.",
                         code="stale")


def claim_version(obj: Versioned, expected_version) -> None:
    """Claim ``expected_version`` of ``obj`` for this transaction, or raise :class:`StaleEdit`.

    Call inside the transaction that then saves ``obj``: the conditional UPDATE also locks the
    row, so nobody can save between this check and that save.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_version must run inside the transaction that saves the record")
    model = type(obj)
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = -1
    # Only the counter moves here; the caller's save() that follows (audited) carries the change.
    claimed = model._base_manager.filter(pk=obj.pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        raise StaleEdit(model._base_manager.get(pk=obj.pk))
    obj.version = expected + 1
    obj._version_claimed = True


def check_unchanged(current, drawn_at) -> None:
    """Optimistic locking for records without a ``version`` (plans, items, indicators): the form
    carries the ``updated_at`` it was drawn from; a save after someone else's is refused.

    Call with the row locked (``locked()``). An empty ``drawn_at`` (API, CLI) skips the check.
    """
    if drawn_at and current.updated_at.isoformat() != str(drawn_at):
        raise StaleEdit(current, "Someone else changed this while you were editing it. What you typed is kept "
                                 "in the form; check it against the page as it is now and save again.")


def locked(model_or_queryset, **lookup):
    """The row as it is now, locked until the transaction ends (re-fetched, never a stale copy)."""
    queryset = model_or_queryset if isinstance(model_or_queryset, models.QuerySet) \
        else model_or_queryset._base_manager.all()
    return queryset.select_for_update(of=("self",)).get(**lookup)


@contextmanager
def refused_on_conflict(message):
    """Run an insert in a savepoint; a unique constraint that fires under a race becomes ``message``
    (a string, or a dict of field → message, as ValidationError takes)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ValidationError(message) from exc


def mirror(given, fresh) -> None:
    """Bring the caller's copy up to date with the row a step re-fetched and saved, so a caller that
    keeps using (or later saves) its copy does not undo the step."""
    if given is not None and given is not fresh:
        for f in fresh._meta.concrete_fields:
            setattr(given, f.attname, getattr(fresh, f.attname))
