"""Each board's RAG colours as a stylesheet, so pages need no inline style attributes.

The colours are data (a board chooses its own), and the Content Security Policy refuses
inline styles; a rating tag carries the class `wb-rag-c<id>` and this sheet colours it.
"""

import re

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .models import RagRating

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def rag_colour_css() -> str:
    rules = []
    for rating in RagRating.objects.only("pk", "colour").order_by("pk"):
        if _HEX.fullmatch(rating.colour or ""):
            rules.append(
                f".wb-rag-c{rating.pk}{{background-color:{rating.colour};color:{rating.text_colour}}}"
            )
    return "\n".join(rules) + "\n"


@require_GET
def rag_colours(request):
    response = HttpResponse(rag_colour_css(), content_type="text/css; charset=utf-8")
    # Short, so a board that changes its colours sees them within minutes.
    response["Cache-Control"] = "public, max-age=300"
    return response
