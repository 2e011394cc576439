"""The audit trail: who created, changed or deleted which record, when, with values before and after.

Built on django-auditlog: one `auditlog.LogEntry` table (action, actor, timestamp, the object's
content type, pk and text, and a JSON `changes` of field: [before, after]). Each domain app
registers all its models from its `AppConfig.ready()` with `register_app_models`, so every
`save()` and `delete()` — from pages, the API, the admin and the loader — writes an entry through
model signals. Django sends delete signals for `queryset.delete()` too once a receiver is
connected, so those are recorded row by row without help.

What signals do not see is `bulk_create`, `bulk_update` and `queryset.update()`. Code that uses
them must record them with `record_bulk` (or use `audited_update` for a `queryset.update`).

Entries are append-only inside the application: saving an existing entry or deleting one through
the ORM raises `AuditEntryImmutable`, the admin is read-only, and the API has no write route.
(Anyone with direct database access can still change the table; backups keep a copy.)
"""

import getpass
import os
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import set_extra_data
from auditlog.diff import model_instance_diff
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models.signals import pre_delete, pre_save

ACTIONS = {"create": LogEntry.Action.CREATE, "update": LogEntry.Action.UPDATE, "delete": LogEntry.Action.DELETE}
ACTION_NAMES = {v: k for k, v in ACTIONS.items()}
# Set only while `wellboard restore` writes back entries from a backup.
_restoring = ContextVar("wellboard_audit_restoring", default=False)


class AuditEntryImmutable(Exception):
    """Raised when code tries to change or delete an audit entry."""


def register_app_models(app_config, exclude: tuple[str, ...] = ()) -> None:
    """Record every create, change and delete of each model of `app_config` (model names in `exclude` skipped).

    Many-to-many fields are recorded too, as "add"/"delete" entries on the owning record.
    """
    for model in app_config.get_models():
        if model.__name__ in exclude or model._meta.abstract:
            continue
        # Reverse relations are not values of the record (auditlog would list them as "x.Y.None").
        reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
        auditlog.register(model, m2m_fields={f.name for f in model._meta.many_to_many}, exclude_fields=reverse)


def register_users() -> None:
    """Record changes to who a user is and what they may do; never password hashes or sign-in times."""
    from django.contrib.auth import get_user_model

    auditlog.register(
        get_user_model(),
        include_fields=["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"],
        m2m_fields={"groups"},
    )


def record_bulk(action: str, objects, *, before=None) -> int:
    """Write audit entries for rows that a bulk write changed without model signals. Returns the count.

    action   "create", "update" or "delete".
    objects  the rows as they are after the write (for "delete": as they were before it).
             After `Model.objects.bulk_create(objs)` pass `objs` (both databases set their pks).
    before   for "update": {pk: instance as it was before the write}. Rows whose values did
             not change get no entry.

    Usage for a `bulk_update` or `queryset.update` (or use `audited_update`)::

        before = {o.pk: o for o in qs}
        qs.update(field=value)
        record_bulk("update", qs.model.objects.filter(pk__in=before), before=before)

    The entry takes its actor from the request (middleware) or `system_actor` like any other.
    """
    code = ACTIONS[action]
    written = 0
    for obj in objects:
        if obj.pk is None:  # e.g. bulk_create(ignore_conflicts=True) returns rows without ids
            raise ValueError(f"record_bulk: a {type(obj).__name__} has no primary key; re-read the rows first")
        if code == LogEntry.Action.CREATE:
            changes = model_instance_diff(None, obj)
        elif code == LogEntry.Action.DELETE:
            changes = model_instance_diff(obj, None)
        else:
            changes = model_instance_diff((before or {}).get(obj.pk), obj)
        if changes or code != LogEntry.Action.UPDATE:
            LogEntry.objects.log_create(obj, action=code, changes=changes or {}, force_log=True)
            written += 1
    return written


def audited_update(queryset, **values) -> int:
    """`queryset.update(**values)` with one audit entry per changed row; returns the number of rows matched."""
    before = {obj.pk: obj for obj in queryset}
    if not before:
        return 0
    count = queryset.model._default_manager.filter(pk__in=list(before)).update(**values)
    record_bulk("update", queryset.model._default_manager.filter(pk__in=list(before)), before=before)
    return count


def cli_user() -> str:
    """The operating-system user running a command, for entries written outside a web request."""
    try:
        return os.environ.get("SUDO_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@contextmanager
def system_actor(note: str):
    """Attribute every entry written inside to a command, e.g. `system_actor("wellboard load x.yaml")`.

    There is no signed-in user, so the entry's actor is empty, `actor_email` holds the
    operating-system user and `additional_data` says which command wrote it.
    """
    user = cli_user()
    with set_extra_data({"actor_email": f"{user} (command line)", "additional_data": {"via": note, "os_user": user}}):
        yield


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware, also keeping the actor's username on the entry.

    The `actor` foreign key is set to NULL if the user is deleted later; the username in
    `actor_email` stays, so the trail still says who it was.
    """

    def get_extra_data(self, request):
        data = super().get_extra_data(request)
        if data.get("actor") is not None:
            data["actor_email"] = data["actor"].get_username()
        return data


def actor_label(entry) -> str:
    """Who wrote an entry, for pages and exports."""
    if entry.actor_id and entry.actor is not None:
        return entry.actor.get_username()
    return entry.actor_email or "system (no signed-in user)"


@contextmanager
def restoring():
    """Let a restore write entries back as they were in the backup (and nothing else)."""
    token = _restoring.set(True)
    try:
        yield
    finally:
        _restoring.reset(token)


def _refuse_change(sender, instance, raw=False, **kwargs):
    if raw and _restoring.get():
        return
    if not instance._state.adding or (
        instance.pk is not None and LogEntry.objects.filter(pk=instance.pk).exists()
    ):
        raise AuditEntryImmutable("Audit entries cannot be changed.")


def _refuse_delete(sender, instance, **kwargs):
    raise AuditEntryImmutable("Audit entries cannot be deleted.")


def guard_entries() -> None:
    pre_save.connect(_refuse_change, sender=LogEntry, dispatch_uid="wellboard-audit-refuse-change")
    pre_delete.connect(_refuse_delete, sender=LogEntry, dispatch_uid="wellboard-audit-refuse-delete")


# --- Reading the trail: per-record history rows and the date-range export ---

EXPORT_COLUMNS = ["timestamp", "actor", "action", "model", "object_id", "object_repr", "changes"]


def entries_for(model, pk):
    """Every entry for one record (also after it was deleted), oldest first."""
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    return LogEntry.objects.filter(content_type=ct, object_pk=str(pk)).select_related("actor").order_by("timestamp", "pk")


def change_rows(entry, model) -> list[tuple[str, str, str]]:
    """(field label, before, after) for one entry; reverse relations that auditlog lists on create/delete are left out."""
    rows = []
    for name, values in (entry.changes or {}).items():
        try:
            field = model._meta.get_field(name)
        except Exception:  # a field since removed from the model: show it by its stored name
            field = None
        if isinstance(values, dict) and values.get("type") == "m2m":
            label = field.verbose_name if field is not None else name
            objects = ", ".join(values.get("objects", []))
            added = values.get("operation") == "add"
            rows.append((str(label), "" if added else objects, objects if added else "(removed)"))
            continue
        if field is not None and not getattr(field, "concrete", False):
            continue
        before, after = (list(values) + ["", ""])[:2]
        if _shown(before) == _shown(after):  # e.g. an empty field on create
            continue
        rows.append((str(field.verbose_name if field is not None else name), _shown(before), _shown(after)))
    return rows


def _shown(value) -> str:
    return "" if value in (None, "None") else str(value)


def parse_day(text: str | None, name: str):
    """A `YYYY-MM-DD` query or option value, or ValueError naming the parameter."""
    import datetime

    if not text:
        raise ValueError(f"{name}: a date is required, as YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name}: {text[:40]!r} is not a date in the form YYYY-MM-DD") from None


def export_entries(start, end):
    """Entries from the start of day `start` to the end of day `end` (site time zone), oldest first."""
    import datetime

    from django.utils import timezone

    if end < start:
        raise ValueError(f"to: {end.isoformat()} is before from: {start.isoformat()}")
    tz = timezone.get_default_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return (LogEntry.objects.filter(timestamp__gte=lo, timestamp__lt=hi)
            .select_related("actor", "content_type").order_by("timestamp", "pk"))


def export_row(entry) -> list[str]:
    import json

    return [
        entry.timestamp.isoformat(),
        actor_label(entry),
        ACTION_NAMES.get(entry.action, str(entry.action)),
        f"{entry.content_type.app_label}.{entry.content_type.model}",
        entry.object_pk,
        entry.object_repr,
        json.dumps(entry.changes or {}, ensure_ascii=False, sort_keys=True),
    ]


def write_csv(entries, out) -> int:
    """Write the export CSV (header and one row per entry) to a text stream; returns the row count."""
    import csv

    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    n = 0
    for entry in entries.iterator(chunk_size=2000):
        writer.writerow(export_row(entry))
        n += 1
    return n


def lock_admin() -> None:
    """Replace auditlog's admin with one that can never add, change or delete an entry (not even by cascade)."""
    from auditlog.admin import LogEntryAdmin
    from django.contrib import admin

    class ReadOnlyLogEntryAdmin(LogEntryAdmin):
        def has_delete_permission(self, request, obj=None):
            return False

    if admin.site.is_registered(LogEntry):
        admin.site.unregister(LogEntry)
    admin.site.register(LogEntry, ReadOnlyLogEntryAdmin)
