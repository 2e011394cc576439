"""What a load did: per record type created, changed, unchanged (and removed, for notes)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .marks import SourceNoteWriter


class Tally:
    """Counts per record type, and which database row each file record became (for its marks, marks.py)."""

    OUTCOMES = ("created", "changed", "unchanged", "removed")

    def __init__(self, markable=frozenset()):
        self.by_type: dict[str, Counter] = {}
        self.notes = SourceNoteWriter(markable)

    def count(self, model, outcome: str, n: int = 1) -> None:
        self.by_type.setdefault(str(model._meta.verbose_name_plural), Counter())[outcome] += n

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.by_type.values())

    def lines(self) -> list[str]:
        out = []
        for name, c in self.by_type.items():
            parts = [f"{c[o]} {o}" for o in self.OUTCOMES[:3]] + ([f"{c['removed']} removed"] if c["removed"] else [])
            out.append(f"{name}: {', '.join(parts)}")
        return out


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """{record type: {"created": n, "changed": n, "unchanged": n, ...}}."""
        return {name: dict(c) for name, c in self.tally.by_type.items()}

    def summary(self) -> str:
        head = (f"Loaded {len(self.files)} file(s): {self.tally.total('created')} created, "
                f"{self.tally.total('changed')} changed, {self.tally.total('unchanged')} unchanged")
        return "\n".join([head, *("  " + line for line in self.tally.lines())])
