"""Every board document Wellboard makes, the formats each comes in, and the one way to make them:
``produce(kind, subject, fmt, user, options)``. Pages, downloads and ``wellboard export`` all go
through here, so a format added once is offered everywhere.

Other helpers add a document with one entry in KINDS and a format with one entry in FORMATS.
"""

from __future__ import annotations

import collections
import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from .documents.model import Document


class ExportError(Exception):
    """A request for a document that cannot be made (unknown kind, format or table): the message says
    which, and what there is to choose from."""


@dataclass(frozen=True)
class Format:
    module: str  # dotted path of a renderer with ``render(document, **opts) -> bytes``
    content_type: str
    label: str  # as the download menu names it
    extension: str


FORMATS: dict[str, Format] = {
    "html": Format("wellboard.outputs.render.html", "text/html; charset=utf-8", "Web page (HTML)", "html"),
    "pdf": Format("wellboard.outputs.render.pdf", "application/pdf", "PDF", "pdf"),
    "xlsx": Format("wellboard.outputs.render.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel spreadsheet (.xlsx)",
                   "xlsx"),
    "docx": Format("wellboard.outputs.render.docx",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   "Word document (.docx)", "docx"),
    "csv": Format("wellboard.outputs.render.csv", "text/csv; charset=utf-8", "CSV (one table)", "csv"),
}


@dataclass(frozen=True)
class Kind:
    subject: str  # "plan" (a Strategy, by code) or "meeting" (a Meeting, by code)
    formats: tuple[str, ...]
    build: Callable[..., Document]  # build(subject, user, options) -> Document
    label: str
    # Until render/html.py draws Documents itself, html and pdf render the page's own document
    # template with this context (template name, context function(subject, user, options) -> dict).
    template: str | None = None
    template_context: Callable[..., dict] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Produced:
    content: bytes
    content_type: str
    filename: str


def _lazy(module: str, name: str = "build") -> Callable:
    """Builders import models; the registry itself must stay importable before Django is set up."""

    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__qualname__ = f"{module}.{name}"
    return call


KINDS: dict[str, Kind] = {
    "progress-report": Kind(
        subject="plan", formats=("html", "pdf", "docx", "xlsx", "csv"), label="Progress report",
        build=_lazy("wellboard.outputs.documents.progress_report"),
        template="outputs/progress_report_document.html",
        template_context=_lazy("wellboard.outputs.page_data", "progress_context_for"),
    ),
    "action-plan": Kind(
        subject="plan", formats=("html", "pdf", "docx", "xlsx", "csv"), label="Action plan",
        build=_lazy("wellboard.outputs.documents.action_plan"),
        template="outputs/action_plan_document.html",
        template_context=_lazy("wellboard.outputs.page_data", "action_plan_context_for"),
    ),
    "exception-report": Kind(
        subject="plan", formats=("html", "pdf", "docx", "xlsx", "csv"), label="Exception report",
        build=_lazy("wellboard.outputs.documents.exception_report"),
        template="outputs/exception_report_document.html",
        template_context=_lazy("wellboard.outputs.document_blocks", "exception_report_context"),
    ),
    "dashboard": Kind(
        subject="plan", formats=("html", "pdf", "docx", "xlsx", "csv"), label="Dashboard",
        build=_lazy("wellboard.outputs.documents.dashboard"),
        template="outputs/dashboard_document.html",
        template_context=_lazy("wellboard.outputs.document_blocks", "dashboard_context"),
    ),
}


def kind_for(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ExportError(f"unknown document {name!r}; choose from: {', '.join(sorted(KINDS))}") from None


def check_format(kind_name: str, fmt: str) -> Format:
    kind = kind_for(kind_name)
    if fmt not in kind.formats or fmt not in FORMATS:
        raise ExportError(f"{kind_name} does not come as {fmt!r}; choose from: {', '.join(kind.formats)}")
    return FORMATS[fmt]


def build(kind_name: str, subject, user, options: dict | None = None) -> Document:
    return kind_for(kind_name).build(subject, user, dict(options or {}))


# Documents rendered by this process, by (kind, format): the document cache's tests and the benchmark
# read it to show that a cached download built nothing.
BUILDS: collections.Counter = collections.Counter()


def produce(kind_name: str, subject, fmt: str, user, options: dict | None = None) -> Produced:
    """Build the document for ``user`` (who sees only what the pages would show them) and render it.
    Options: ``period`` (a reporting period key), ``table`` (CSV: which table; default the first),
    ``include`` (html/pdf: "calculated", "notes" or both, comma-separated or a list; see outputs/pdf.py)."""
    options = dict(options or {})
    kind = kind_for(kind_name)
    spec = check_format(kind_name, fmt)
    BUILDS[kind_name, fmt] += 1
    document = kind.build(subject, user, options)
    opts: dict = {}
    if fmt == "csv":
        opts["table"] = options.get("table")
    if fmt in ("html", "pdf") and kind.template:
        from .pdf import includes  # Django and WeasyPrint: not at import time

        opts["template"] = kind.template
        # ?include=calculated,notes (and `export --include`) as the page's own PDF link reads it.
        opts["context"] = {**kind.template_context(subject, user, options), **includes(options.get("include"))}
    try:
        content = importlib.import_module(spec.module).render(document, **opts)
    except KeyError as exc:  # a table asked for by name that the document does not hold
        raise ExportError(exc.args[0]) from None
    stem = document.filename_stem or kind_name
    if fmt == "csv" and opts.get("table"):
        stem = f"{stem}-{opts['table']}"
    return Produced(content, spec.content_type, f"{stem}.{spec.extension}")


def data_version(kind_name: str, subject, user, options: dict | None = None) -> str:
    """A key that changes whenever the data this user would see in the document changes: a digest of
    the built document itself. Building is cheap beside rendering (queries and dataclasses, no layout),
    and a digest of what is shown cannot miss a change the way a list of timestamps could."""
    document = build(kind_name, subject, user, options)
    from .pdf import includes

    # What ?include= adds is drawn by the templates, not held in the Document: key it too.
    shown = sorted(k for k, v in includes((options or {}).get("include")).items() if v)
    return hashlib.sha256(repr((document, shown)).encode()).hexdigest()[:32]
