"""Board documents as PDF: the same template body the page shows, laid out by WeasyPrint.

Every PDF is tagged (PDF/UA-1: structure tree, title shown, language from <html lang>), because
public bodies must publish accessible papers and an untagged PDF is not.
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from wellboard.core.rag_css import rag_colour_css

PDF_VARIANT = "pdf/ua-1"
# What a coordinator may add to the board paper with ?include=…: the board paper itself carries
# only the board's content.
INCLUDES = {
    "calculated": "Wellboard's calculated RAG, its disagreements and explanations",
    "notes": "Wellboard's notes on how the source was transcribed (reconstructed, inferred)",
}


def includes(raw) -> dict:
    """Template flags from ``?include=calculated,notes`` (or repeated ``include``); unknown words are ignored."""
    words = raw if isinstance(raw, list | tuple) else [raw or ""]
    asked = {w.strip() for part in words for w in str(part).split(",") if w.strip()}
    return {"include_calculated": "calculated" in asked, "include_notes": "notes" in asked}


def html_to_pdf(html: str, base_url: str = "/") -> bytes:
    stylesheet = CSS(filename=finders.find("wellboard/document.css"))
    rag_colours = CSS(string=rag_colour_css())  # pages link it; the PDF is given it directly
    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[stylesheet, rag_colours], pdf_variant=PDF_VARIANT)


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    context = {**context, **includes(request.GET.getlist("include"))}
    html = render_to_string(template, context, request=request)
    response = HttpResponse(html_to_pdf(html, request.build_absolute_uri("/")), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
