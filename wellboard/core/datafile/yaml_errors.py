"""YAML syntax errors in plain words: what to check, and on which line.

PyYAML's messages ("mapping values are not allowed here", "expected <block end>, but found
'<block mapping start>'") describe its parser, not the file. People who edit data files need
to know which line to look at and what is usually wrong there.
"""

from __future__ import annotations

import yaml

INDENTATION = ("check the indentation at line {line}: keys of the same record start in the same column, "
               "and a record's fields are indented further than its key or its '-'")

# (words in PyYAML's problem, advice). The first match wins; {line} is the line reported.
_ADVICE = [
    ("found character '\\t'", "line {line} has a tab character: indent with spaces only"),
    ("mapping values are not allowed", "line {line} has a ': ' inside a value that is not in quotes, or is indented "
                                       "wrongly: put the whole value in double quotes, or check the indentation"),
    ("could not find expected ':'", "line {line} is neither 'key: value' nor a list item: a colon may be missing, "
                                    "or a long value continues on the next line without being indented"),
    ("found unexpected end of stream", "a quoted value opened at line {line} is never closed: add the closing quote"),
    ("found unknown escape character", "line {line} has a backslash inside double quotes that is not an escape: "
                                       "write it as \\\\ or use single quotes"),
    ("expected ',' or ']'", "a list in [brackets] opened at line {line} is not closed or misses a comma: "
                            "put values that contain ',' ']' or ':' in quotes"),
    ("expected ',' or '}'", "a mapping in {{braces}} opened at line {line} is not closed or misses a comma: "
                            "put values that contain ',' '}}' or ':' in quotes"),
    ("that cannot start any token", "a value on line {line} starts with a character YAML reserves "
                                    "(such as @, ` or %): put the value in quotes"),
    ("did not find expected '-' indicator", INDENTATION),
    ("did not find expected key", INDENTATION + "; a value that starts with a quote must end with it"),
    ("but found '<scalar>'", "line {line} has text after a closing quote, or is indented wrongly: put the "
                             "whole value inside the quotes, or check the indentation"),
    ("expected <block end>", INDENTATION),
    ("expected a mapping", INDENTATION),
    ("while scanning a block scalar", "the text block (| or >) at line {line} is not indented under its key"),
    ("found a tab character", "line {line} has a tab character: indent with spaces only"),
]


def explain(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(line, advice) for a PyYAML error; line is 1-based, or None when PyYAML gave no position."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    if "duplicate key" in problem:
        key, _, lines = problem.removeprefix("duplicate key ").partition(" ")
        return line, f"the key {key} appears twice in one record {lines}: remove one"
    if "undefined alias" in problem:
        name = problem.rsplit(" ", 1)[-1].strip("'")
        return line, f"line {line} uses *{name}, but no value above it is marked &{name}"
    starts = ("found unexpected end of stream", "could not find expected ':'", "expected ',' or")
    if any(words in problem for words in starts) and getattr(exc, "context_mark", None):
        line = exc.context_mark.line + 1  # where the quote or the line began, not where PyYAML gave up
    for words, advice in _ADVICE:
        if words in problem or words in context:
            return line, advice.format(line=line or "?")
    where = f"at line {line}" if line else "in this file"
    return line, f"the YAML {where} cannot be read: check the indentation and the quotes around it"
