"""The shape of a `wellboard/1` data file (docs/data-format.md), composed from the apps' sections.

Each record type is defined by the app that owns its section (sections.py finds them); they are
also reachable here by class name (`schema.MeetingIn`) for code that inspects the format.
"""

from __future__ import annotations

from .sections import data_file_model, discover, record_types

SECTIONS = discover()
DataFile = data_file_model(SECTIONS)
# Record types whose apply step stores their `reconstructed:`/`inferred:` marks.
MARKABLE = frozenset().union(*(s.markable for s in SECTIONS))

globals().update(record_types(SECTIONS))
