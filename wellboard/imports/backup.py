"""Backup and restore of the whole database, between SQLite and PostgreSQL in either direction.

A backup is gzip'd JSON: a header (format, Wellboard version, database engine, the applied
migrations) and every row of every model, ordered by primary key, with primary keys kept.

Why not plain `dumpdata`/`loaddata`: a full dump carries `contenttypes` and `auth.permission`
rows with their ids, and `migrate`/`flush` have already re-created those rows in the target
with ids of their own, so loading collides on their unique keys (and every foreign key to a
content type — permissions, the admin log, audit entries, role scopes — would point at the
wrong type). Here those two tables are not copied: the target makes them for its own code
and every reference to them is written by natural key (`["plans", "planitem"]`). Users and
groups are referred to by natural key too, so rows are loaded in dependency order.
Sessions are not copied (signing in again is the price of a restore).

Restore checks the whole file before writing anything; refuses a file that is not a
Wellboard backup, or whose migrations differ from the database's; refuses a database that
already holds data unless asked to replace it; loads everything in one transaction; and on
PostgreSQL resets the id sequences so new rows get fresh ids.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
from importlib import metadata

from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from wellboard.core import audit

FORMAT = "wellboard-backup"
FORMAT_VERSION = 1
# Made again by `migrate` in the target, so not copied; references to them go by natural key.
NOT_COPIED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """A backup that cannot be read or restored here; nothing was changed."""


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def copied_models() -> list:
    """Every model whose rows a backup holds, in an order where natural-key references come first."""
    # Many-to-many link tables are copied as tables of their own, so their row ids survive too.
    models = [m for m in apps.get_models(include_auto_created=True)
              if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in NOT_COPIED]
    app_list = {}
    for m in models:
        app_list.setdefault(apps.get_app_config(m._meta.app_label), []).append(m)
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def migration_state() -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        state.setdefault(app_label, []).append(name)
    return state


def _version() -> str:
    try:
        return metadata.version("wellboard")
    except metadata.PackageNotFoundError:
        return "unknown"


def backup(path: str) -> dict[str, int]:
    """Write the whole database to `path`; returns rows per model."""
    objects, counts = [], {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:  # every table from one snapshot while others write
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in copied_models():
            rows = serializers.serialize(
                "python", model._base_manager.order_by("pk").iterator(chunk_size=2000),
                fields=[f.name for f in model._meta.local_fields],  # links go in their own tables
                use_natural_foreign_keys=True, use_natural_primary_keys=False,
            )
            objects.extend(rows)
            counts[model._meta.label] = len(rows)
        header = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "wellboard_version": _version(),
            "engine": connection.vendor, "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "migrations": migration_state(), "counts": counts,
        }
    partial = f"{path}.partial"  # a failed write never leaves a truncated file under the real name
    try:
        with gzip.open(partial, "wt", encoding="utf-8") as out:
            json.dump({**header, "objects": objects}, out, cls=_Encoder, ensure_ascii=False)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return counts


def read(path: str) -> dict:
    """The parsed backup at `path`, or BackupError saying what is wrong with it."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path}: not a Wellboard backup (not gzip'd JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Wellboard backup (format is not {FORMAT!r})")
    if data.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path}: backup format version {data.get('format_version')!r}; "
                          f"this Wellboard reads version {FORMAT_VERSION}")
    if not isinstance(data.get("objects"), list) or not isinstance(data.get("migrations"), dict):
        raise BackupError(f"{path}: not a Wellboard backup (objects or migrations missing)")
    return data


def _migration_difference(expected: dict, actual: dict) -> list[str]:
    problems = []
    for app in sorted(set(expected) | set(actual)):
        want, have = set(expected.get(app, [])), set(actual.get(app, []))
        if want - have:
            problems.append(f"{app}: the backup has {', '.join(sorted(want - have))} which this database has not applied")
        if have - want:
            problems.append(f"{app}: this database has {', '.join(sorted(have - want))} which the backup has not")
    return problems


def rows_present() -> dict[str, int]:
    """Models that already hold rows in this database (those a restore would write)."""
    found = {}
    for model in copied_models():
        n = model._base_manager.count()
        if n:
            found[model._meta.label] = n
    return found


def restore(path: str, replace: bool = False) -> dict[str, int]:
    """Load the backup at `path` into this database; returns rows per model. Raises BackupError,
    with nothing changed, when the file, the migrations or (without `replace`) existing data are wrong."""
    data = read(path)
    problems = _migration_difference(data["migrations"], migration_state())
    if problems:
        raise BackupError("the backup was made at a different migration state:\n  " + "\n  ".join(problems))
    present = rows_present()
    if present and not replace:
        listed = ", ".join(f"{label} ({n})" for label, n in list(present.items())[:5])
        raise BackupError(f"this database already holds data ({listed}{', …' if len(present) > 5 else ''}); "
                          "restore into an empty database, or give --replace to delete it all first")
    counts: dict[str, int] = {}
    try:
        with transaction.atomic(), disable_auditlog(), audit.restoring():
            for app_config in apps.get_app_configs():
                create_contenttypes(app_config, verbosity=0)
                create_permissions(app_config, verbosity=0)
            if present:
                _wipe()
            deferred = []
            for obj in serializers.deserialize("python", data["objects"], handle_forward_references=True):
                obj.save(force_insert=True)  # the tables are empty: no UPDATE first
                if obj.deferred_fields:
                    deferred.append(obj)
                label = obj.object._meta.label
                counts[label] = counts.get(label, 0) + 1
            for obj in deferred:
                obj.save_deferred_fields()
            _reset_sequences()
    except BackupError:
        raise
    except Exception as exc:  # a row the database refuses: report it, the transaction is rolled back
        raise BackupError(f"{path}: could not be restored, nothing was changed: {type(exc).__name__}: {exc}") from None
    return counts


def _all_tables(models) -> list[str]:
    return sorted({model._meta.db_table for model in models})


def _wipe() -> None:
    """Delete every row a restore writes (inside the restore's transaction)."""
    statements = connection.ops.sql_flush(no_style(), _all_tables(copied_models()), reset_sequences=False)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _reset_sequences() -> None:
    """Point PostgreSQL id sequences past the restored ids (SQLite needs nothing)."""
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
