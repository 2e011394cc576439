"""The download menu on a report page and the download view behind it. Every format comes from the
registry, so a format or document added there is offered here without further change.

Sizes are not shown: knowing one means building the file, which for a PDF costs as much as
serving it. The menu lists each format by name; CSV lists one link per table."""

from __future__ import annotations

import importlib
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse

from wellboard.plans.tree import strategy_for_page

from . import document_cache, registry
from .documents.model import Document

# Builders that can make their Document from the page's own context, saving a second load.
FROM_CONTEXT = {
    "progress-report": "wellboard.outputs.documents.progress_report",
    "action-plan": "wellboard.outputs.documents.action_plan",
}


# Documents whose page chooses a reporting period: their downloads carry the one shown.
BY_PERIOD = {"progress-report", "exception-report", "dashboard"}


def _document(kind_name: str, context: dict, user) -> Document | None:
    """The page's Document (for its CSV tables): built from the context, or the one the page drew."""
    if kind_name in FROM_CONTEXT:
        return importlib.import_module(FROM_CONTEXT[kind_name]).from_context(context, user)
    document = context.get("document")
    return document if isinstance(document, Document) else None


def route_name(kind: str, fmt: str) -> str:
    return f"{kind.replace('-', '_')}_{fmt}"


def _url(code: str, kind: str, fmt: str, query: dict) -> str:
    url = reverse(f"outputs:{route_name(kind, fmt)}", args=[code])
    query = {k: v for k, v in query.items() if v}
    return f"{url}?{urlencode(query)}" if query else url


def menu(kind_name: str, strategy, context: dict, user=None) -> list[dict]:
    """One entry per format: its name, its link and, for CSV, one link per table."""
    kind = registry.KINDS[kind_name]
    period = context.get("period")
    query = {"period": period.key} if period and kind_name in BY_PERIOD else {}
    entries = []
    for fmt in kind.formats:
        spec = registry.FORMATS[fmt]
        entry = {"format": fmt, "label": spec.label, "url": _url(strategy.code, kind_name, fmt, query), "tables": []}
        document = _document(kind_name, context, user) if fmt == "csv" else None
        if document is not None:
            entry["tables"] = [{"caption": t.caption, "url": _url(strategy.code, kind_name, fmt, {**query, "table": t.slug})}
                               for t in document.tables()]
        entries.append(entry)
    return entries


def download(request, code, kind, fmt):
    """A plan's document in one format, built for this user: what the page would show them, nothing more."""
    strategy = strategy_for_page(code, request.user)  # 404 where the plan is not this user's to see
    options = {"period": request.GET.get("period"), "table": request.GET.get("table"),
               "include": request.GET.getlist("include")}
    try:
        produced = document_cache.produce(kind, strategy, fmt, request.user, options)
    except registry.ExportError as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    response = HttpResponse(produced.content, content_type=produced.content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{produced.filename}"'
    response["Content-Length"] = str(len(produced.content))
    return response
