from django import template
from django.utils.safestring import mark_safe

from wellboard.core.links import is_safe_link
from wellboard.core.richtext import clean_html

register = template.Library()


@register.filter
def rich(value):
    """Render stored rich text. The only place Wellboard marks text safe: after nh3 cleaned it."""
    return mark_safe(clean_html(value or ""))  # noqa: S308 - output of the allow-list sanitiser


@register.inclusion_tag("core/rag_tag.html")
def rag(rating, size="normal"):
    """A RAG rating as label + symbol + colour, never colour alone."""
    return {"rating": rating, "size": size}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def safe_url(value):
    """A stored link, or "#" if its scheme could run script (http(s), mailto and relative only)."""
    return value if is_safe_link(value) else "#"


@register.filter
def key_label(key: str) -> str:
    """A stored key such as ``human_resources`` as a heading: "Human resources"."""
    return str(key).replace("_", " ").capitalize()
