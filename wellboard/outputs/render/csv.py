"""One table of a Document as CSV (UTF-8 with a byte-order mark, which Excel needs to read "✓" and
"£"). Numbers are written plainly in the paper's unit ("13156", "45.2%"), with the paper's text beside
them in a note column; a text cell that a spreadsheet would run as a formula is prefixed with "'"."""

from __future__ import annotations

import csv
import io

from .tabular import flatten

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(document, table: str | None = None, **opts) -> bytes:
    flat = flatten(document.table(table))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(flat.headings)
    for row in flat.rows:
        writer.writerow([_value(f.value, f.cell.number_format) for f in row])
    return out.getvalue().encode("utf-8-sig")


def _value(value, number_format: str | None) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if number_format and number_format.endswith("%"):
            return f"{_plain(value * 100)}%"
        return _plain(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _plain(number) -> str:
    """No thousands separators or float noise: 13156, 45.2."""
    text = f"{number:.10f}".rstrip("0").rstrip(".") if isinstance(number, float) else str(number)
    return text if text not in ("-0", "") else "0"
