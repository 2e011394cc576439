from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from wellboard.core.links import is_safe_link
from wellboard.core.richtext import clean_html

register = template.Library()


@register.filter
def rich(value):
    """Render stored rich text. The only place Wellboard marks text safe: after nh3 cleaned it."""
    html = clean_html(value or "")
    if "<table" in html:
        html = _scrollable_tables(html)
    return mark_safe(html)  # noqa: S308 - output of the allow-list sanitiser, plus our own wrapper


def _scrollable_tables(html: str) -> str:
    # A table written into commentary (seed 000's Citizen Survey table) is as wide as its columns: on a
    # phone it scrolls inside its own focusable region, never the page (WCAG 1.4.10). The sanitiser has
    # already removed every attribute we did not allow, so these tags are the only ones with a role.
    opening = '<div class="wb-table-scroll" role="region" aria-label="Table in the text" tabindex="0"><table'
    return html.replace("<table", opening).replace("</table>", "</table></div>")


@register.inclusion_tag("core/rag_tag.html")
def rag(rating, size="normal"):
    """A RAG rating as label + symbol + colour, never colour alone."""
    return {"rating": rating, "size": size}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def safe_url(value):
    """A stored link, or "" if its scheme could run script (http(s), mailto and relative only).
    Prefer ``link_or_text``, which draws no link at all where there is nowhere to go."""
    return link_target(value)


def link_target(url) -> str:
    """``url`` if following it goes somewhere: not empty, not a bare "#" placeholder, not a script scheme."""
    url = (url or "").strip()
    return url if url and url != "#" and is_safe_link(url) else ""


@register.simple_tag
def link_or_text(url, text, css="govuk-link"):
    """A link to ``url``, or ``text`` alone where the link would lead nowhere (seed 004 prints "link" to "#")."""
    target = link_target(url)
    return format_html('<a class="{}" href="{}">{}</a>', css, target, text) if target else conditional_escape(text)


@register.filter
def key_label(key: str) -> str:
    """A stored key such as ``human_resources`` as a heading: "Human resources"."""
    return str(key).replace("_", " ").capitalize()
