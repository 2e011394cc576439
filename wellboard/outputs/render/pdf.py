"""A Document as PDF: the HTML renderer's page laid out by WeasyPrint with the document stylesheet."""

from wellboard.outputs.pdf import html_to_pdf

from . import html


def render(document, base_url: str = "/", **opts) -> bytes:
    # One WeasyPrint call for every PDF (outputs/pdf.py): tagged PDF/UA with the document stylesheet.
    return html_to_pdf(html.render(document, **opts).decode("utf-8"), base_url)
