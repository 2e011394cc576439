"""Validate and load `wellboard/1` data files: all or nothing, errors naming file, line and path."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import DatabaseError, transaction
from pydantic import TypeAdapter, ValidationError

from wellboard.core.models import RagScale
from wellboard.core.periods import PeriodError, PeriodKind, parse_period
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body
from wellboard.plans.models import PlanItem, Strategy

from . import datafile_apply
from .indicators_check import check_indicator
from .meetings_check import (
    MeetingNames,
    check_body_membership,
    check_meeting,
    check_paper,
    check_work_programme,
)
from .schema import DataFile, ItemIn
from .source_notes import check_marks
from .text_check import check_strings
from .yaml_errors import explain
from .yaml_lines import LimitError, format_path, line_of, load_yaml

# Larger files are refused unread (docs/data-format.md, "Limits").
MAX_FILE_BYTES = 20 * 1024 * 1024


class DataFileError(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ParsedFile:
    path: str
    raw: object
    data: DataFile
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


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    tally: datafile_apply.Tally = field(default_factory=datafile_apply.Tally)

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """{record type: {"created": n, "changed": n, "unchanged": n, ...}}."""
        return {name: dict(c) for name, c in self.tally.by_type.items()}

    def summary(self) -> str:
        head = (f"Loaded {len(self.files)} file(s): {self.tally.total('created')} created, "
                f"{self.tally.total('changed')} changed, {self.tally.total('unchanged')} unchanged")
        return "\n".join([head, *("  " + line for line in self.tally.lines())])


def load_files(paths: list[str | Path]) -> LoadReport:
    """Check every file, then load them all in one transaction, or raise DataFileError."""
    errors: list[str] = []
    parsed = [p for p in (_parse(str(path), errors) for path in paths) if p]
    if len(parsed) == len(paths):
        # Only when every file could be read: otherwise what the unread one defines is unknown,
        # and each reference to it would be reported as a problem it is not.
        _check_references(parsed, errors)
    if errors:
        raise DataFileError(_in_line_order(errors, [str(path) for path in paths]))
    report = LoadReport(files=[p.path for p in parsed])
    try:
        with transaction.atomic():
            datafile_apply.apply([p.data for p in parsed], report.tally)
    except DatabaseError as exc:
        # The checks above should catch everything; if the database still refuses, nothing was
        # written (the transaction rolled back) and the user gets the reason, not a traceback.
        raise DataFileError([f"{', '.join(report.files)}: the database refused the data: {exc}"]) from None
    return report


def _parse(path: str, errors: list[str]) -> ParsedFile | None:
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
        return ParsedFile(path, raw, DataFile.model_validate(raw))
    except ValidationError as exc:
        locs = []
        for err in exc.errors():
            loc = [step for step in err["loc"] if not _is_union_tag(step)]
            locs.append(loc)
            errors.append(f"{path}:{line_of(raw, loc)}: {format_path(loc)}: {_message(err)}")
        return _valid_part(path, raw, locs)


def _valid_part(path: str, raw: dict, locs: list[list]) -> ParsedFile | None:
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
                repaired = _without(section, records[i], inner, kept if removing else None, (s, i))
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
        return ParsedFile(path, raw, DataFile.model_validate(part), kept, dropped, partial)
    except ValidationError:
        return None


def _without(section: str, record, inner: list[list], kept: dict | None, where: tuple):
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
        TypeAdapter(DataFile.model_fields[section].annotation).validate_python([record])
    except ValidationError:
        return None
    return record


def _at(node, path):
    for step in path:
        node = node[step] if isinstance(node, dict | list) and _has(node, step) else None
    return node


def _has(node, step) -> bool:
    return step in node if isinstance(node, dict) else isinstance(step, int) and 0 <= step < len(node)


def _in_line_order(errors: list[str], paths: list[str]) -> list[str]:
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


class _Names:
    """What a file may refer to: names defined in the files being loaded, plus the database."""

    def __init__(self, parsed: list[ParsedFile]):
        self.orgs = set(Organisation.objects.values_list("code", flat=True))
        self.people = set(Person.objects.values_list("name", flat=True))
        self.bodies = set(Body.objects.values_list("code", flat=True))
        self.scales = {s.code: {k for k in s.lookup()} for s in RagScale.objects.prefetch_related("ratings")}
        # strategy code -> item refs, and -> its RAG scale's accepted spellings (for indicators)
        self.strategies: dict[str, set[str]] = {}
        strategy_scales = dict(Strategy.objects.values_list("code", "rag_scale__code"))
        for code, ref in PlanItem.objects.values_list("strategy__code", "ref"):
            self.strategies.setdefault(code, set()).add(ref)
        for code in strategy_scales:
            self.strategies.setdefault(code, set())
        for p in parsed:
            self.orgs |= {o.code for o in p.data.organisations}
            self.people |= {x.name for x in p.data.people}
            self.bodies |= {b.code for b in p.data.bodies}
            for s in p.data.rag_scales:
                self.scales[s.code] = {k.casefold() for r in s.ratings for k in (r.code, r.letter, r.label) if k}
        for p in parsed:
            for s in p.data.strategies:
                self.strategies.setdefault(s.code, set()).update(_refs(s.items, []))
                strategy_scales[s.code] = s.rag_scale
        self.scale_of_strategy = {code: self.scales.get(scale) for code, scale in strategy_scales.items()}
        self._add_dropped(parsed)

    def _add_dropped(self, parsed: list[ParsedFile]) -> None:
        """Records left out for their own problems still count as defined: no second, misleading error."""
        def codes(p, section, key="code"):
            return {r[key] for r in p.dropped.get(section, []) if isinstance(r, dict) and isinstance(r.get(key), str)}

        for p in parsed:
            self.orgs |= codes(p, "organisations")
            self.people |= codes(p, "people", "name")
            self.bodies |= codes(p, "bodies")
            for code in codes(p, "rag_scales"):
                self.scales[code] = _Anything()
            for code in codes(p, "strategies"):
                self.strategies[code] = _Anything()
                self.scale_of_strategy.setdefault(code, None)
            for section, i in p.partial:  # a plan that lost an item: refs to that item are not in doubt
                if section == "strategies":
                    self.strategies[p.data.strategies[p.kept[(section,)].index(i)].code] = _Anything()


class _Anything(set):
    """The names inside a record that could not be read: every name is taken to be there."""

    def __contains__(self, item) -> bool:
        return True


NOT_RATED_LABELS = {"not rated", "not_rated", "no rating", "unrated"}


def _refs(items, pos_path):
    for k, item in enumerate(items):
        yield item.ref or ".".join(str(n) for n in pos_path + [k + 1])
        yield from _refs(item.children, pos_path + [k + 1])


def _check_references(parsed: list[ParsedFile], errors: list[str]) -> None:
    names = _Names(parsed)
    mnames = MeetingNames(parsed)
    for p in parsed:  # a paper left out for its own problems still counts as defined
        mnames.papers |= {r["code"] for r in p.dropped.get("papers", []) if isinstance(r, dict) and "code" in r}
        for section, i in p.partial:  # nor is a meeting's agenda in doubt when one of its lines was left out
            if section == "meetings":
                mnames.agenda_numbers[p.data.meetings[p.kept[(section,)].index(i)].code] = _Anything()
    seen: dict[tuple[str, str], str] = {}

    for p in parsed:
        def err(path, message, p=p):
            path = p.file_path(path)
            errors.append(f"{p.path}:{line_of(p.raw, path)}: {format_path(path)}: {message}")

        def unique(kind, key, path, p=p):
            where = f"{p.path}:{line_of(p.raw, p.file_path(path))}"
            if (kind, key) in seen:
                err(path, f"{kind} {key!r} is defined twice (also at {seen[(kind, key)]})")
            seen[(kind, key)] = where

        check_marks(p.data, err)
        for i, o in enumerate(p.data.organisations):
            unique("organisation", o.code, ["organisations", i, "code"])
        for i, x in enumerate(p.data.people):
            unique("person", x.name, ["people", i, "name"])
            if x.organisation and x.organisation not in names.orgs:
                err(["people", i, "organisation"], f"unknown organisation {x.organisation!r}")
        for i, b in enumerate(p.data.bodies):
            unique("body", b.code, ["bodies", i, "code"])
            if b.parent and b.parent not in names.bodies:
                err(["bodies", i, "parent"], f"unknown body {b.parent!r}")
            if b.organisation and b.organisation not in names.orgs:
                err(["bodies", i, "organisation"], f"unknown organisation {b.organisation!r}")
            check_body_membership(b, ["bodies", i], names, err)
        for i, s in enumerate(p.data.rag_scales):
            unique("RAG scale", s.code, ["rag_scales", i, "code"])
            codes = [r.code for r in s.ratings]
            for j, c in enumerate(codes):
                if codes.index(c) != j:
                    err(["rag_scales", i, "ratings", j, "code"], f"rating code {c!r} is used twice")
            for j, r in enumerate(s.ratings):
                # An empty rating already is Wellboard's one "Not rated"; a second would show twice in every menu.
                if r.label.casefold() in NOT_RATED_LABELS or r.code.casefold() in NOT_RATED_LABELS:
                    err(["rag_scales", i, "ratings", j, "label"], f"{r.label!r} duplicates Wellboard's own "
                        "'Not rated' (no rating given): leave the rating out; an item without one shows as not rated")
        for i, s in enumerate(p.data.strategies):
            unique("strategy", s.code, ["strategies", i, "code"])
            _check_strategy(s, ["strategies", i], names, err)
        for i, ind in enumerate(p.data.indicators):
            unique("indicator", ind.code, ["indicators", i, "code"])
            check_indicator(ind, ["indicators", i], names, err)
        for i, m in enumerate(p.data.meetings):
            unique("meeting", m.code, ["meetings", i, "code"])
            check_meeting(m, ["meetings", i], names, mnames, err)
        for i, x in enumerate(p.data.papers):
            unique("paper", x.code, ["papers", i, "code"])
            check_paper(x, ["papers", i], mnames, err)
        for i, w in enumerate(p.data.work_programme):
            check_work_programme(w, ["work_programme", i], names, mnames, err)


def _check_strategy(s, path, names: _Names, err) -> None:
    for key in ("start", "end"):
        label = getattr(s, key)
        if label:
            try:
                if parse_period(label).kind is not PeriodKind.FINANCIAL_YEAR:
                    err(path + [key], f"{label!r} is not a financial year such as 2016/17")
            except PeriodError as exc:
                err(path + [key], str(exc))
    for j, label in enumerate(s.year_columns):
        try:
            parse_period(label)
        except PeriodError as exc:
            err(path + ["year_columns", j], str(exc))
    if s.body not in names.bodies:
        err(path + ["body"], f"unknown body {s.body!r}")
    scale = names.scales.get(s.rag_scale) if s.rag_scale else None
    if s.rag_scale and scale is None:
        err(path + ["rag_scale"], f"unknown RAG scale {s.rag_scale!r}")

    def rating_ok(text, where):
        if not s.rag_scale:
            err(where, f"{text!r}: this strategy has no rag_scale, so it carries no RAG ratings")
        elif scale is not None and text.casefold() not in scale:
            err(where, f"{text!r} is not a rating of scale {s.rag_scale!r}")
    periods = [rp.key for rp in s.reporting_periods]
    for j, key in enumerate(periods):
        if periods.index(key) != j:
            err(path + ["reporting_periods", j, "key"], f"period key {key!r} is used twice")
    numbers = [v.number for v in s.versions]
    for j, n in enumerate(numbers):
        if numbers.index(n) != j:
            err(path + ["versions", j, "number"], f"version {n!r} is listed twice")
    refs: dict[str, list] = {}

    def walk(items: list[ItemIn], parent_kind, ipath, pos_path):
        for k, item in enumerate(items):
            here = ipath + [k]
            ref = item.ref or ".".join(str(n) for n in pos_path + [k + 1])
            if ref in refs:
                err(here + ["ref"], f"ref {ref!r} is used twice in this strategy")
            refs[ref] = here
            if item.kind not in PlanItem.ALLOWED_CHILDREN[parent_kind]:
                where = f"under a {parent_kind}" if parent_kind else "at the top of a plan"
                err(here + ["kind"], f"a {item.kind} cannot sit {where}")
            if item.outcome_type and item.kind != "outcome":
                err(here + ["outcome_type"], "only outcomes have an outcome_type")
            for m, lead in enumerate(item.leads):
                if not (lead.organisation or lead.person):
                    err(here + ["leads", m], "a lead names an organisation, a person or both")
                if lead.organisation and lead.organisation not in names.orgs:
                    err(here + ["leads", m, "organisation"], f"unknown organisation {lead.organisation!r}")
                if lead.person and lead.person not in names.people:
                    err(here + ["leads", m, "person"], f"unknown person {lead.person!r}")
            for year, yv in item.years.items():
                if len(year) > 10:
                    err(here + ["years", year], "a year label is at most 10 characters")
                if s.year_columns and year not in s.year_columns:
                    err(here + ["years", year], f"year {year!r} is not one of the plan's year_columns")
                if yv.rag:
                    rating_ok(yv.rag, here + ["years", year, "rag"])
            seen_periods = set()
            for m, up in enumerate(item.updates):
                if up.period not in periods:
                    err(here + ["updates", m, "period"], f"unknown reporting period {up.period!r}")
                if up.period in seen_periods:
                    err(here + ["updates", m, "period"], f"a second update for period {up.period!r}")
                seen_periods.add(up.period)
                if up.rag:
                    rating_ok(up.rag, here + ["updates", m, "rag"])
            walk(item.children, item.kind, here + ["children"], pos_path + [k + 1])

    walk(s.items, None, path + ["items"], [])
