"""A Document as a stand-alone HTML page. For now it renders the page's own document template
(the registry passes ``template`` and ``context``); drawing Documents directly is pdfq's next step."""

from django.template.loader import render_to_string


def render(document, template: str | None = None, context: dict | None = None, **opts) -> bytes:
    if not template:
        raise NotImplementedError(f"{document.kind or document.title}: no HTML template registered")
    return render_to_string(template, context or {}).encode("utf-8")
