"""`reconstructed:` and `inferred:` marks (core/datafile/marks.py), with the record types that carry them."""

from wellboard.core.datafile.marks import (
    KINDS,
    SourceNoteWriter,
    check_marks,
    field_names,
    marked_records,
)

from .schema import MARKABLE

__all__ = ["KINDS", "MARKABLE", "SourceNoteWriter", "check_marks", "field_names", "marked_records"]
