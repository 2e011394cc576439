"""A long paper's text with linkable section headings and a contents of its h3 sections.

The sanitiser allows no ``id`` attribute (stored text must not choose ids on the page), so the
ids are made here, after cleaning, from the heading text: lower-case letters, digits and
hyphens under an ``info-`` prefix, which cannot clash with the page's own ids.
"""

import html
import re
from dataclasses import dataclass, field

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from wellboard.core.richtext import clean_html

register = template.Library()

# clean_html leaves headings without attributes, so the opening tag is always bare.
_HEADING = re.compile(r"<(h3|h4)>(.*?)</\1>", re.S)


@dataclass
class Sectioned:
    html: SafeString
    contents: list[tuple[str, str]] = field(default_factory=list)  # (id, heading text) per h3


@register.filter
def sectioned(value) -> Sectioned:
    """Clean ``value`` and give each h3/h4 an id; list the h3s for a contents."""
    used: set[str] = set()
    contents: list[tuple[str, str]] = []

    def with_id(match):
        tag, inner = match.groups()
        label = " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())
        base = "info-" + (slugify(label)[:60].strip("-") or "section")
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        if tag == "h3":
            contents.append((ident, label))
        return f'<{tag} id="{ident}">{inner}</{tag}>'

    cleaned = _HEADING.sub(with_id, clean_html(value or ""))
    return Sectioned(mark_safe(cleaned), contents)  # noqa: S308 - sanitiser output plus slug ids
