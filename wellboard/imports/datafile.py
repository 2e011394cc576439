"""Validate and load `wellboard/1` data files: all or nothing, errors naming file, line and path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import DatabaseError, transaction
from pydantic import ValidationError

from wellboard.core.models import RagScale
from wellboard.core.periods import PeriodError, PeriodKind, parse_period
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body
from wellboard.plans.models import PlanItem, Strategy

from . import datafile_apply
from .indicators_check import check_indicator
from .meetings_check import MeetingNames, check_body_membership, check_meeting, check_paper
from .schema import DataFile, ItemIn
from .text_check import check_strings
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


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n)
        return f"Loaded {len(self.files)} file(s): {parts or 'nothing new'}"


def load_files(paths: list[str | Path]) -> LoadReport:
    """Check every file, then load them all in one transaction, or raise DataFileError."""
    errors: list[str] = []
    parsed = [p for p in (_parse(str(path), errors) for path in paths) if p]
    if errors:
        raise DataFileError(errors)
    _check_references(parsed, errors)
    if errors:
        raise DataFileError(errors)
    report = LoadReport(files=[p.path for p in parsed])
    try:
        with transaction.atomic():
            datafile_apply.apply([p.data for p in parsed], report.counts)
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
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        errors.append(f"{path}{where}: not valid YAML: {problem}")
        return None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML builds dates and numbers itself: "2017-02-30" fails there, not as a YAMLError.
        errors.append(f"{path}: a value cannot be read: {exc}")
        return None
    if not isinstance(raw, dict):
        errors.append(f"{path}:1: expected a mapping with 'format: wellboard/1' at the top")
        return None
    before = len(errors)
    check_strings(raw, path, errors)
    if len(errors) > before:
        return None
    try:
        return ParsedFile(path, raw, DataFile.model_validate(raw))
    except ValidationError as exc:
        for err in exc.errors():
            loc = [step for step in err["loc"] if not _is_union_tag(step)]
            errors.append(f"{path}:{line_of(raw, loc)}: {format_path(loc)}: {_message(err)}")
        return None


def _is_union_tag(step) -> bool:
    # pydantic adds type names such as 'str' or 'function-after[...]' to union locations.
    return isinstance(step, str) and (step in {"str", "none", "int", "bool"} or "[" in step)


def _message(err) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown field (see docs/data-format.md)"
    if err["type"] == "missing":
        return "required field is missing"
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


def _refs(items, pos_path):
    for k, item in enumerate(items):
        yield item.ref or ".".join(str(n) for n in pos_path + [k + 1])
        yield from _refs(item.children, pos_path + [k + 1])


def _check_references(parsed: list[ParsedFile], errors: list[str]) -> None:
    names = _Names(parsed)
    mnames = MeetingNames(parsed)
    seen: dict[tuple[str, str], str] = {}

    for p in parsed:
        def err(path, message, p=p):
            errors.append(f"{p.path}:{line_of(p.raw, path)}: {format_path(path)}: {message}")

        def unique(kind, key, path, p=p):
            where = f"{p.path}:{line_of(p.raw, path)}"
            if (kind, key) in seen:
                err(path, f"{kind} {key!r} is defined twice (also at {seen[(kind, key)]})")
            seen[(kind, key)] = where

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
    scale = names.scales.get(s.rag_scale)
    if scale is None:
        err(path + ["rag_scale"], f"unknown RAG scale {s.rag_scale!r}")
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
                if yv.rag and scale is not None and yv.rag.casefold() not in scale:
                    err(here + ["years", year, "rag"], f"{yv.rag!r} is not a rating of scale {s.rag_scale!r}")
            seen_periods = set()
            for m, up in enumerate(item.updates):
                if up.period not in periods:
                    err(here + ["updates", m, "period"], f"unknown reporting period {up.period!r}")
                if up.period in seen_periods:
                    err(here + ["updates", m, "period"], f"a second update for period {up.period!r}")
                seen_periods.add(up.period)
                if up.rag and scale is not None and up.rag.casefold() not in scale:
                    err(here + ["updates", m, "rag"], f"{up.rag!r} is not a rating of scale {s.rag_scale!r}")
            walk(item.children, item.kind, here + ["children"], pos_path + [k + 1])

    walk(s.items, None, path + ["items"], [])
