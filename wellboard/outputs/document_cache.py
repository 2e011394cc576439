"""Board documents built once per version of their data and kept in Django's storage under ``documents/``.

Only documents built for the public (anonymous readers) are cached. A signed-in reader's document
depends on what that reader may see (drafts, Part B, contact details), so it is built fresh each
time: a cached file can then never carry one reader's view to another.

The key of a cached file is the document (kind, subject, format, options), the data version, the
code version and, for Word, the organisation's template:

- data version: the newest audit entry (id and time). Every save and delete of every record, and
  every bulk write, writes an audit entry (wellboard.core.audit), so any change to anything a
  document could show moves it. It is one indexed query, where a digest of the built document
  costs a build (0.1 s for seed 000's action plan). It is conservative: a change anywhere makes
  every document rebuild once. The entry's time is part of it because on SQLite a rolled-back
  transaction gives its ids out again.
- today's date: the exception report judges "overdue" against today.
- code version: a digest of Wellboard's own source, templates and styles and of the versions of
  the libraries that render, so an upgrade never serves a file the old code drew.

A file's name holds a digest of its content, checked on every read, so a file still being
written by another request (or cut short) is never served: it is rebuilt instead.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
from collections.abc import Callable
from pathlib import Path

from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from . import registry

PREFIX = "documents"
# Libraries whose output is in the file: a new version may draw it differently.
RENDERING_LIBRARIES = ("weasyprint", "python-docx", "docxtpl", "openpyxl", "Django")


def cacheable(user) -> bool:
    return not getattr(user, "is_authenticated", False)


@functools.cache
def code_version() -> str:
    """Digest of Wellboard's source, templates and styles (once per process) and the renderers' versions."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".css", ".svg", ".txt") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for name in RENDERING_LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()[:16]


def data_version() -> str:
    latest = LogEntry.objects.order_by("-pk").values_list("pk", "timestamp").first()
    if latest is None:
        return "empty"
    pk, stamp = latest
    return f"{pk}.{stamp.timestamp():.6f}"


def _template_version(fmt: str) -> str:
    if fmt != "docx":
        return ""
    from .models import WordTemplate

    template = WordTemplate.current()
    return template.sha256 if template else "default"


def _version(fmt: str) -> str:
    parts = [data_version(), timezone.localdate().isoformat(), code_version(), _template_version(fmt)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def _entry(kind: str, subject_code: str, fmt: str, options: dict) -> tuple[str, str]:
    """(folder, name prefix) of a document's cached files; one folder per subject."""
    wanted = dict(options)
    if fmt != "csv":
        wanted.pop("table", None)  # ignored by other formats: a made-up ?table= must not make new files
    if "include" in wanted:
        from .pdf import includes  # a handful of flags, however the query spells them

        wanted["include"] = sorted(k for k, v in includes(wanted["include"]).items() if v)
    wanted = {k: v for k, v in wanted.items() if v not in (None, "", False, [])}
    digest = hashlib.sha256(json.dumps(wanted, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return f"{PREFIX}/{kind}/{subject_code}", f"{fmt}-{digest}-"


def _read(folder: str, prefix: str, version: str) -> registry.Produced | None:
    try:
        names = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return None
    start = f"{prefix}{version}-"
    for name in names:
        if not name.startswith(start):
            continue
        content_digest, _, filename = name[len(start):].partition("--")
        try:
            with default_storage.open(f"{folder}/{name}", "rb") as handle:
                content = handle.read()
        except FileNotFoundError:  # replaced by another request just now
            return None
        if hashlib.sha256(content).hexdigest()[:16] != content_digest:
            return None  # still being written, or cut short: never serve part of a file
        return content, filename
    return None


def _write(folder: str, prefix: str, version: str, produced: registry.Produced) -> None:
    base = f"{prefix}{version}-{hashlib.sha256(produced.content).hexdigest()[:16]}--{produced.filename}"
    if len(base) > 250:  # beyond what file systems allow in a name: serve it, keep nothing
        return
    name = f"{folder}/{base}"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(produced.content))
        if saved != name:  # another request wrote the same file at the same moment; keep one
            default_storage.delete(saved)
    # Earlier versions of this document will never be asked for again.
    for other in default_storage.listdir(folder)[1]:
        if other.startswith(prefix) and not other.startswith(f"{prefix}{version}-"):
            try:
                default_storage.delete(f"{folder}/{other}")
            except FileNotFoundError:
                pass


def get_or_build(kind: str, subject_code: str, fmt: str, user, options: dict,
                 build: Callable[[], registry.Produced]) -> registry.Produced:
    """The document from the cache where the reader is the public and it is there; else ``build()``
    (stored for the next public reader). ``options`` must name everything else the file depends on."""
    if not cacheable(user):
        return build()
    version = _version(fmt)
    folder, prefix = _entry(kind, subject_code, fmt, options)
    found = _read(folder, prefix, version)
    if found is not None:
        content, filename = found
        return registry.Produced(content, registry.FORMATS[fmt].content_type, filename)
    produced = build()
    _write(folder, prefix, version, produced)
    return produced


def known_period(strategy, key) -> bool:
    """Whether ``?period=`` is empty or one of the plan's periods: made-up keys are built but not kept,
    so a crawler cannot fill the storage with one file per key it invents."""
    return not key or strategy.reporting_periods.filter(key=key).exists()


def produce(kind: str, subject, fmt: str, user, options: dict | None = None) -> registry.Produced:
    """``registry.produce`` through the cache."""
    options = dict(options or {})
    if not known_period(subject, options.get("period")):
        return registry.produce(kind, subject, fmt, user, options)
    return get_or_build(kind, subject.code, fmt, user, options,
                        lambda: registry.produce(kind, subject, fmt, user, options))


def clear() -> None:
    """Remove every cached document (e.g. after ``wellboard restore``)."""
    def remove(folder: str) -> None:
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in files:
            default_storage.delete(f"{folder}/{name}")
        for name in folders:
            remove(f"{folder}/{name}")

    remove(PREFIX)

