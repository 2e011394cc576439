"""The agenda as printed: Part A then Part B, each heading once above its items.

Stored items keep the order of the paper they came from, where public information updates can
follow the private part (seed 004); a reader should not meet "Part A" a second time below Part B.
A section heading that only repeats its part's heading (seed 004 files items 1-5 under the section
"Part A – public meeting") is not printed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .visibility import AgendaEntry

PART_HEADINGS = {"A": "Part A – public meeting", "B": "Part B – private"}
_NOT_WORDS = re.compile(r"[\W_]+")


def _words(text: str) -> str:
    return _NOT_WORDS.sub(" ", text or "").strip().lower()


@dataclass
class AgendaRow:
    entry: AgendaEntry
    section: str  # the section heading to print above this row, or ""


@dataclass
class AgendaPart:
    code: str
    heading: str
    rows: list[AgendaRow] = field(default_factory=list)


def agenda_parts(entries: list[AgendaEntry]) -> list[AgendaPart]:
    parts: dict[str, AgendaPart] = {}
    for entry in entries:
        code = entry.item.part or "A"
        part = parts.setdefault(code, AgendaPart(code, PART_HEADINGS.get(code, f"Part {code}")))
        section = "" if entry.exempt else entry.item.section
        if _words(section) in {_words(part.heading), f"part {code.lower()}"}:
            section = ""
        previous = next((r for r in reversed(part.rows) if not r.entry.exempt), None)
        if section and previous is not None and previous.entry.item.section == entry.item.section:
            section = ""
        part.rows.append(AgendaRow(entry, section))
    return [parts[code] for code in sorted(parts)]
