"""A Document's blocks tagged with their kind, so a template can draw each (templates cannot ask a
block its class). Used by the exception report and dashboard pages until the HTML renderer draws
Documents itself."""

from __future__ import annotations

from . import registry
from .documents.model import Document


def drawable(document: Document) -> list[tuple[object, list[tuple[str, object]]]]:
    return [(section, [(type(block).__name__, block) for block in section.blocks]) for section in document.sections]


def context(document: Document, strategy) -> dict:
    """What the document templates need: the blocks and each rating by code (for the colour classes)."""
    ratings = list(strategy.rag_scale.ratings.all()) if strategy.rag_scale_id else []
    return {"document": document, "sections": drawable(document), "strategy": strategy,
            "ratings_by_code": {r.code: r for r in ratings}}


def _built(kind: str, strategy, user, options) -> dict:
    return context(registry.build(kind, strategy, user, options), strategy)


def exception_report_context(strategy, user, options: dict | None = None) -> dict:
    """The registry's template context for exception report downloads (html, pdf)."""
    return _built("exception-report", strategy, user, options)


def dashboard_context(strategy, user, options: dict | None = None) -> dict:
    """The registry's template context for dashboard downloads (html, pdf)."""
    return _built("dashboard", strategy, user, options)
