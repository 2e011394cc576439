"""Validate and load `wellboard/1` data files: all or nothing, errors naming file, line and path.

The pipeline knows no domain: it reads each file against the schema composed from the apps'
sections (schema.py), lets every section collect the names it defines, checks every record, and
only then applies the sections in order inside one transaction.
"""

from __future__ import annotations

from pathlib import Path

from django.db import DatabaseError, transaction

from wellboard.core.datafile.marks import check_marks
from wellboard.core.datafile.reading import MAX_FILE_BYTES, ParsedFile, in_line_order, parse
from wellboard.core.datafile.section import Names
from wellboard.core.datafile.tally import LoadReport, Tally
from wellboard.core.datafile.yaml_lines import format_path, line_of

from .schema import MARKABLE, SECTIONS, DataFile

__all__ = ["MAX_FILE_BYTES", "DataFileError", "LoadReport", "load_files"]


class DataFileError(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def load_files(paths: list[str | Path]) -> LoadReport:
    """Check every file, then load them all in one transaction, or raise DataFileError."""
    errors: list[str] = []
    parsed = [p for p in (parse(str(path), errors, DataFile) for path in paths) if p]
    if len(parsed) == len(paths):
        # Only when every file could be read: otherwise what the unread one defines is unknown,
        # and each reference to it would be reported as a problem it is not.
        _check_references(parsed, errors)
    if errors:
        raise DataFileError(in_line_order(errors, [str(path) for path in paths]))
    report = LoadReport(files=[p.path for p in parsed], tally=Tally(MARKABLE))
    files = [p.data for p in parsed]
    try:
        with transaction.atomic():
            # Section by section across all files, so a file may use what a later file defines.
            for section in SECTIONS:
                if section.apply:
                    section.apply(files, report.tally)
            report.tally.notes.sync(report.tally)
    except DatabaseError as exc:
        # The checks above should catch everything; if the database still refuses, nothing was
        # written (the transaction rolled back) and the user gets the reason, not a traceback.
        raise DataFileError([f"{', '.join(report.files)}: the database refused the data: {exc}"]) from None
    return report


def _check_references(parsed: list[ParsedFile], errors: list[str]) -> None:
    names = Names()
    for section in SECTIONS:
        if section.names:
            section.names(names, parsed)
    seen: dict[tuple[str, str], str] = {}

    for p in parsed:
        def err(path, message, p=p):
            path = p.file_path(path)
            errors.append(f"{p.path}:{line_of(p.raw, path)}: {format_path(path)}: {message}")

        check_marks(p.data, err, MARKABLE)
        for section in SECTIONS:
            for i, record in enumerate(getattr(p.data, section.name)):
                path = [section.name, i]
                if section.key:
                    kind, field = section.key
                    key = getattr(record, field)
                    if (kind, key) in seen:
                        err(path + [field], f"{kind} {key!r} is defined twice (also at {seen[(kind, key)]})")
                    seen[(kind, key)] = f"{p.path}:{line_of(p.raw, p.file_path(path + [field]))}"
                if section.check:
                    section.check(record, path, names, err)
