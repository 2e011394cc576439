"""The one sanitiser every piece of user or document text passes through before display.

Text is stored as written (plain text or allow-listed HTML) and cleaned on the way out,
so tightening the allow-list later protects everything already stored.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a", "h3", "h4", "h5",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}

_BLOCK = re.compile(r"<(p|ul|ol|table|h3|h4|h5|blockquote)\b", re.IGNORECASE)


_LINK_REL = "noopener noreferrer nofollow"
# An <a> left without an href (it had none, "#", or an unsafe scheme) leads nowhere: keep its words only.
_DEAD_LINK = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)


def _drop_placeholder_href(tag, attribute, value):
    return None if tag == "a" and attribute == "href" and value.strip() in ("", "#") else value


def clean_html(text: str) -> str:
    """Return allow-listed HTML for ``text``; plain text gets paragraphs from blank lines."""
    if not text:
        return ""
    if not _BLOCK.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        text = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=_LINK_REL,
        attribute_filter=_drop_placeholder_href,
    )
    return _DEAD_LINK.sub(r"\1", cleaned)


def plain_text(text: str) -> str:
    """Text without any markup, for CSV, API summaries and search."""
    if not text:
        return ""
    stripped = nh3.clean(re.sub(r"</(p|li|h3|h4|h5|tr)>|<br\s*/?>", "\n", text, flags=re.I), tags=set())
    return re.sub(r"\n{3,}", "\n\n", html.unescape(stripped)).strip()
