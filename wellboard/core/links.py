"""Which links Wellboard will store or render: http(s), mailto and relative URLs only.

Browsers ignore tabs, newlines and leading spaces or control characters inside a scheme and
decode HTML entities in attributes, so ``" jav&#x09;ascript:"`` still runs script; the check
normalises the same way before reading the scheme.
"""

from __future__ import annotations

import html
import re

ALLOWED_SCHEMES = ("http", "https", "mailto")

_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def link_problem(url: str) -> str | None:
    """Why ``url`` may not be used as a link, or None if it may."""
    seen = _IGNORED.sub("", html.unescape(html.unescape(url))).lower()
    match = _SCHEME.match(seen)
    if match and match.group(1) not in ALLOWED_SCHEMES:
        return f"a link may use http, https or mailto, or be relative; not {match.group(1)}:"
    if not match and ":" in seen.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        # "java script:x" or "1abc:x": not a scheme a browser accepts, but not a plain path either.
        return "a link may use http, https or mailto, or be relative; this looks like another scheme"
    return None


def is_safe_link(url: str) -> bool:
    return link_problem(url or "") is None
