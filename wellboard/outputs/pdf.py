"""Board documents as PDF: the same template body the page shows, laid out by WeasyPrint."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from wellboard.core.rag_css import rag_colour_css


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    stylesheet = CSS(filename=finders.find("wellboard/document.css"))
    rag_colours = CSS(string=rag_colour_css())  # pages link it; the PDF is given it directly
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(stylesheets=[stylesheet, rag_colours])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
