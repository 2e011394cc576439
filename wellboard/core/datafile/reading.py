"""Reading a data file: YAML with line numbers, validation against the composed schema, and what to
keep of a file with problems so the rest of it can still be checked in the same pass."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from .text_check import check_strings
from .yaml_errors import explain
from .yaml_lines import LimitError, format_path, line_of, load_yaml

# Larger files are refused unread (docs/data-format.md, "Limits").
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class ParsedFile:
    path: str
    raw: object
    data: BaseModel  # the data file model composed from every section
    # When some records of a file are invalid, `data` holds the others, so their references can
    # still be checked in the same pass: `kept` maps a list's indexes in `data` to the file's (the list
    # named by its path in the file); `dropped` holds the top-level records left out, `partial` the
    # (section, index) of records that lost a nested entry.
    kept: dict[tuple, list[int]] = field(default_factory=dict)
    dropped: dict[str, list] = field(default_factory=dict)
    partial: set = field(default_factory=set)

    def file_path(self, path: list) -> list:
        """A path into `data` as a path into the file."""
        out = []
        for step in path:
            if isinstance(step, int) and tuple(out) in self.kept:
                step = self.kept[tuple(out)][step]
            out.append(step)
        return out


def parse(path: str, errors: list[str], model: type[BaseModel]) -> ParsedFile | None:
    """Read and validate one file against ``model``; append each problem to ``errors`` as ``file:line: ...``."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            errors.append(f"{path}:1: the file is {size / 1024 / 1024:.1f} MB; "
                          f"a data file may be at most {MAX_FILE_BYTES // 1024 // 1024} MB")
            return None
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        errors.append(f"{path}: no such file")
        return None
    except UnicodeDecodeError as exc:
        errors.append(f"{path}: not UTF-8 text (byte {exc.start})")
        return None
    except OSError as exc:
        errors.append(f"{path}: cannot read: {exc.strerror}")
        return None
    try:
        raw = load_yaml(text)
    except LimitError as exc:
        errors.append(f"{path}:{exc.problem_mark.line + 1}: {exc.problem}")
        return None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (NUL, most control characters) written directly in the file.
        line = text.count("\n", 0, exc.position) + 1
        errors.append(f"{path}:{line}: character U+{exc.character:04X} is not allowed in a data file")
        return None
    except yaml.YAMLError as exc:
        line, advice = explain(exc)
        errors.append(f"{path}{f':{line}' if line else ''}: YAML syntax: {advice}")
        return None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML builds numbers itself (dates are left to the schema); a failure there is no YAMLError.
        errors.append(f"{path}: a value cannot be read: {exc}")
        return None
    if not isinstance(raw, dict):
        errors.append(f"{path}:1: expected a mapping with 'format: wellboard/1' at the top")
        return None
    check_strings(raw, path, errors)
    try:
        return ParsedFile(path, raw, model.model_validate(raw))
    except ValidationError as exc:
        locs = []
        for err in exc.errors():
            loc = [step for step in err["loc"] if not _is_union_tag(step)]
            locs.append(loc)
            errors.append(f"{path}:{line_of(raw, loc)}: {format_path(loc)}: {_message(err)}")
        return _valid_part(path, raw, locs, model)


def _valid_part(path: str, raw: dict, locs: list[list], model: type[BaseModel]) -> ParsedFile | None:
    """The file without its problems, so the rest can be checked in the same pass.

    A record whose problems are all in fields it can do without is kept without those fields;
    any other top-level record with a problem is left out (its names still count as defined).
    """
    if any(not loc for loc in locs):
        return None  # the file as a whole is wrong: nothing inside it can be checked apart
    bad: dict[tuple, list] = {}
    for loc in locs:
        if len(loc) > 1 and isinstance(loc[1], int):
            bad.setdefault((loc[0], loc[1]), []).append(loc[2:])
    whole = {loc[0] for loc in locs if len(loc) < 2 or not isinstance(loc[1], int)}
    part, kept, dropped, partial = dict(raw), {}, {}, set()
    for key in whole:
        part.pop(key, None)
    part["format"] = "wellboard/1"  # reported above if it was wrong; the rest is still worth checking
    for section in {s for s, _ in bad} - whole:
        records = list(raw[section])
        for (s, i), inner in list(bad.items()):
            if s != section:
                continue
            for removing in (False, True):
                repaired = _without(model, section, records[i], inner, kept if removing else None, (s, i))
                if repaired is not None:
                    records[i] = repaired
                    del bad[(s, i)]
                    if removing:
                        partial.add((s, i))
                    break
        kept[(section,)] = [i for i in range(len(records)) if (section, i) not in bad]
        dropped[section] = [records[i] for i in range(len(records)) if (section, i) in bad]
        part[section] = [records[i] for i in kept[(section,)]]
    try:
        return ParsedFile(path, raw, model.model_validate(part), kept, dropped, partial)
    except ValidationError:
        return None


def _without(model, section: str, record, inner: list[list], kept: dict | None, where: tuple):
    """``record`` without what ``inner`` (paths inside it) names, if it is then valid; else None.

    Without ``kept``, only the named fields go (a record can do without an optional field). With
    it, the innermost list entry holding each problem goes (an item of a plan, a line of a
    meeting), and ``kept`` records which entries of each list remain, by their path in the file.
    """
    record = copy.deepcopy(record)
    removals: dict[tuple, set[int]] = {}
    for loc in inner:
        cut = max((n for n, step in enumerate(loc) if isinstance(step, int)), default=None) if kept is not None \
            else None
        if cut is not None:
            removals.setdefault(tuple(loc[:cut]), set()).add(loc[cut])
            continue
        node = _at(record, loc[:-1])
        if not (isinstance(node, dict) and loc and loc[-1] in node):
            return None
        del node[loc[-1]]
    # Innermost lists first, so the paths of outer lists still lead to them.
    for list_path, gone in sorted(removals.items(), key=lambda kv: -len(kv[0])):
        node = _at(record, list(list_path))
        if not isinstance(node, list):
            return None
        left = [i for i in range(len(node)) if i not in gone]
        node[:] = [node[i] for i in left]
        kept[(*where, *list_path)] = left
    try:
        TypeAdapter(model.model_fields[section].annotation).validate_python([record])
    except ValidationError:
        return None
    return record


def _at(node, path):
    for step in path:
        node = node[step] if isinstance(node, dict | list) and _has(node, step) else None
    return node


def _has(node, step) -> bool:
    return step in node if isinstance(node, dict) else isinstance(step, int) and 0 <= step < len(node)


def in_line_order(errors: list[str], paths: list[str]) -> list[str]:
    """Problems file by file (in the order given), then by line; problems without a line first."""
    def key(message: str):
        for n, path in enumerate(paths):
            if message.startswith(path + ":"):
                line = message[len(path) + 1:].split(":", 1)[0]
                return n, int(line) if line.isdigit() else 0
        return len(paths), 0
    return sorted(errors, key=key)


def _is_union_tag(step) -> bool:
    # pydantic adds type names such as 'str' or 'function-after[...]' to union locations.
    return isinstance(step, str) and (step in {"str", "none", "int", "bool"} or "[" in step)


def _message(err) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown field (see docs/data-format.md)"
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"].startswith("date") or err["type"].startswith("time"):
        what = "date" if err["type"].startswith("date") else "time"
        reason = err["msg"].split(", ", 1)[1] if ", " in err["msg"] else "it cannot be read"
        example = "YYYY-MM-DD, such as 2017-02-08" if what == "date" else "HH:MM, such as 14:00"
        return f"{err['input']!r} is not a real {what} ({reason}); write it as {example}"
    return err["msg"]
