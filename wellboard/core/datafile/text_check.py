"""Checks on every string and list of a parsed data file, before its fields are read.

Control characters (other than tab, newline and carriage return) and lone surrogates are
refused wherever they appear: PostgreSQL cannot store NUL or surrogates, and the other
control characters are invisible in pages and documents, so they are almost always damage.
"""

from __future__ import annotations

import re
import unicodedata

from .yaml_lines import format_path, line_of

# Positions are stored in small-integer columns (0..32767); no list in a data file may be longer.
MAX_LIST_LENGTH = 32767
MAX_REPORTED = 50

_BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_character(text: str) -> str | None:
    """A description of the first refused character in ``text``, or None."""
    match = _BAD_CHARACTER.search(text)
    if not match:
        return None
    char = match.group()
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "a control character")
    kind = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "the control character"
    return f"contains {kind} U+{ord(char):04X} ({name}) at character {match.start() + 1}"


_CONTROL_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x85": "NEL", "\x0b": "VT", "\x0c": "FF"}


def check_strings(raw, path: str, errors: list[str]) -> None:
    """Append ``file:line: path: problem`` for each bad string or over-long list in ``raw``."""

    found = 0

    def err(where, message):
        nonlocal found
        found += 1
        if found <= MAX_REPORTED:
            errors.append(f"{path}:{line_of(raw, where)}: {format_path(where)}: {message}")

    def walk(node, where):
        if isinstance(node, str):
            problem = bad_character(node)
            if problem:
                err(where, problem)
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and (problem := bad_character(key)):
                    err(where, f"a field name {problem}")
                    continue
                walk(value, [*where, key])
        elif isinstance(node, list):
            if len(node) > MAX_LIST_LENGTH:
                err(where, f"{len(node)} entries; a list holds at most {MAX_LIST_LENGTH}")
                return
            for i, value in enumerate(node):
                walk(value, [*where, i])

    walk(raw, [])
    if found > MAX_REPORTED:
        errors.append(f"{path}: {found - MAX_REPORTED} more such problems not listed")

