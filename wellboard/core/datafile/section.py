"""The section protocol: how an app adds a top-level list to the `wellboard/1` format.

An app lists its sections in `SECTIONS` in its `datafile` module; `wellboard.imports` finds them,
builds the file's schema from them, and runs them in `order`:

1. `names(names, parsed)` for every section: what the files and the database define that other
   records may refer to, as attributes of one shared `Names` (e.g. `names.people`);
2. per file, per record: the "defined twice" check on `key`, then `check(record, path, names, err)`;
3. inside one transaction: `apply(files, tally)` with every file's validated data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from pydantic import BaseModel


class Names(SimpleNamespace):
    """What a file may refer to, by section: names defined in the files being loaded, plus the database."""


class Anything(set):
    """The names inside a record that could not be read: every name is taken to be there."""

    def __contains__(self, item) -> bool:
        return True


@dataclass(frozen=True)
class Section:
    name: str  # the top-level key in the file
    record: type[BaseModel]  # the schema of one entry of the list
    order: int  # checked and applied in this order (ascending) among all sections
    after: tuple[str, ...] = ()  # sections whose rows this one's apply needs: they must come earlier
    key: tuple[str, str] | None = None  # (what one record is called, its unique field), e.g. ("body", "code")
    markable: frozenset[type[BaseModel]] = frozenset()  # record types whose marks apply() stores
    names: Callable | None = None  # (names: Names, parsed: list[ParsedFile]) -> None
    check: Callable | None = None  # (record, path: list, names: Names, err) -> None
    apply: Callable | None = None  # (files: list of validated data files, tally: Tally) -> None


def dropped_keys(parsed_file, section: str, key: str = "code") -> set[str]:
    """The names of records left out for their own problems: they still count as defined (no second error)."""
    return {r[key] for r in parsed_file.dropped.get(section, [])
            if isinstance(r, dict) and isinstance(r.get(key), str)}


def partial_records(parsed_file, section: str) -> list:
    """Records of ``section`` that were kept without a nested entry that had a problem."""
    return [getattr(parsed_file.data, section)[parsed_file.kept[(s,)].index(i)]
            for s, i in parsed_file.partial if s == section]
