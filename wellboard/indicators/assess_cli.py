"""``wellboard assess INPUT.csv [--format csv|json] [-o OUT]``: assess indicator series.

Input is a UTF-8 CSV file (a byte-order mark is allowed) with the header
``series,period,value,target,polarity,tolerance`` and one row per period; rows of a
series are in period order (they need not be next to each other). ``value`` is a number
or empty; ``target`` a number, ``Increase``, ``Reduce``, ``Maintain``, ``TBC`` or empty;
``polarity`` ``high``, ``low``, ``maintain`` or ``none``, the same on every row of a
series; ``tolerance`` empty (5 %), ``N%`` or a number of units. Words are read in any
letter case. ``period`` is any non-empty text. Blank lines are skipped. ``INPUT`` may be
``-`` for standard input.

CSV output repeats the input columns as written and adds ``rag``, ``direction`` and
``spc`` (empty where SPC is not computed). JSON output is
``{"series": [{"series", "mean", "lower_limit", "upper_limit", "variation",
"assurance", "points": [{"period", "value", "target", "rag", "explanation",
"direction", "spc"}]}]}``.

The first bad row stops the command with an error naming the line and column, exit
status 2 and no output: the output file is written to a temporary file beside it and
renamed only once everything has succeeded. The rules are those of
:mod:`wellboard.indicators.assessment`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from dataclasses import dataclass

import numpy as np

from wellboard.indicators.assessment import (
    ASSURANCES,
    DIRECTIONS,
    POLARITIES,
    RAG_STATUSES,
    SPC_POINT_TYPES,
    TARGET_WORDS,
    AssessmentError,
    Polarity,
    TargetWord,
    Tolerance,
    calculated_rag,
    parse_number,
    parse_polarity,
    parse_target,
    parse_tolerance,
    previous_values,
)
from wellboard.indicators.assessment_batch import assess_batch

__all__ = ["HEADER", "main"]

PROG = "wellboard assess"
HEADER = ("series", "period", "value", "target", "polarity", "tolerance")
EXIT_OK, EXIT_OUTPUT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class InputError(Exception):
    def __init__(self, line: int, column: str | None, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message

    def describe(self, source: str) -> str:
        where = f"{source}:{self.line}"
        if self.column:
            where += f": column {self.column!r}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[str, ...]
    series: str
    period: str
    value: float | None
    target: float | TargetWord | None
    polarity: Polarity
    tolerance: Tolerance


# --- reading --------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        prefix = data[line_start : exc.start].decode("utf-8", "replace")
        # The fields before the bad byte say which column it is in.
        index = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
        column = HEADER[index] if line > 1 and index < len(HEADER) else None
        raise InputError(line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})") from None
    return text.removeprefix("\ufeff")


def _records(text: str):
    """(first line number, cells) for each non-blank CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line_after = 0
    while True:
        start = line_after + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(start, None, f"not readable as CSV: {exc}") from None
        line_after = reader.line_num
        if cells and any(cell.strip() for cell in cells):
            yield start, cells


def _check_header(line: int, cells: list[str]) -> None:
    names = tuple(cell.strip() for cell in cells)
    if names == HEADER:
        return
    expected = ",".join(HEADER)
    for name, wanted in zip(names, HEADER, strict=False):
        if name != wanted:
            raise InputError(line, wanted, f"header must be {expected}: found {name!r}")
    raise InputError(line, None, f"header must be {expected}: found {len(names)} columns")


def _cell(line: int, column: str, parse, text: str):
    try:
        return parse(text)
    except AssessmentError as exc:
        raise InputError(line, column, str(exc)) from None


def read_rows(data: bytes) -> list[Row]:
    """Validate the whole input; raises :class:`InputError` at the first bad row."""
    records = _records(_decode(data))
    first = next(records, None)
    if first is None:
        raise InputError(1, None, f"empty input: the header {','.join(HEADER)} is missing")
    _check_header(*first)

    rows: list[Row] = []
    polarity_of: dict[str, tuple[Polarity, int]] = {}
    for line, cells in records:
        if len(cells) != len(HEADER):
            raise InputError(line, None, f"expected {len(HEADER)} columns, found {len(cells)}")
        series_text, period_text, value_text, target_text, polarity_text, tol_text = cells
        series = series_text.strip()
        if not series:
            raise InputError(line, "series", "the series name is empty")
        period = period_text.strip()
        if not period:
            raise InputError(line, "period", "the period is empty")
        value = _cell(line, "value", parse_number, value_text)
        target = _cell(line, "target", parse_target, target_text)
        polarity = _cell(line, "polarity", parse_polarity, polarity_text)
        tolerance = _cell(line, "tolerance", parse_tolerance, tol_text)
        earlier = polarity_of.setdefault(series, (polarity, line))
        if earlier[0] is not polarity:
            raise InputError(
                line,
                "polarity",
                f"polarity {polarity} differs from {earlier[0]} on line {earlier[1]} "
                f"for series {series!r}",
            )
        rows.append(Row(line, tuple(cells), series, period, value, target, polarity, tolerance))
    return rows


# --- assessing ------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesResult:
    name: str
    rows: list[Row]
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    variation: str | None
    assurance: str | None
    rag: list[str]
    direction: list[str]
    spc: list[str | None]


def assess_rows(rows: list[Row]) -> list[SeriesResult]:
    """Assess every series with the vectorised path, in order of first appearance."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.series, []).append(row)
    names = list(groups)
    shape = (len(names), max((len(g) for g in groups.values()), default=0))
    values = np.full(shape, np.nan)
    targets = np.full(shape, np.nan)
    words = np.zeros(shape, dtype=np.int8)
    amounts = np.zeros(shape)
    relative = np.zeros(shape, dtype=bool)
    polarity = np.zeros(shape[0], dtype=np.int8)
    for i, name in enumerate(names):
        polarity[i] = POLARITIES.index(groups[name][0].polarity)
        for j, row in enumerate(groups[name]):
            if row.value is not None:
                values[i, j] = row.value
            if isinstance(row.target, TargetWord):
                words[i, j] = TARGET_WORDS.index(row.target)
            elif row.target is not None:
                targets[i, j] = row.target
            amounts[i, j] = row.tolerance.amount
            relative[i, j] = row.tolerance.relative

    result = assess_batch(values, targets, polarity, amounts, relative, words)
    spc = result.spc
    series = []
    for i, name in enumerate(names):
        n = len(groups[name])
        computed = not np.isnan(spc.mean[i])
        series.append(
            SeriesResult(
                name=name,
                rows=groups[name],
                mean=float(spc.mean[i]) if computed else None,
                lower_limit=float(spc.lower_limit[i]) if computed else None,
                upper_limit=float(spc.upper_limit[i]) if computed else None,
                variation=SPC_POINT_TYPES[spc.variation[i]],
                assurance=ASSURANCES[spc.assurance[i]],
                rag=[RAG_STATUSES[c] for c in result.rag[i, :n]],
                direction=[DIRECTIONS[c] for c in result.direction[i, :n]],
                spc=[SPC_POINT_TYPES[c] for c in spc.point_types[i, :n]],
            )
        )
    return series


# --- writing --------------------------------------------------------------------------


def render_csv(rows: list[Row], series: list[SeriesResult]) -> str:
    extra: dict[int, tuple[str, str, str]] = {}
    for result in series:
        for k, row in enumerate(result.rows):
            extra[row.line] = (result.rag[k], result.direction[k], result.spc[k] or "")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER, "rag", "direction", "spc"])
    for row in rows:
        writer.writerow([*row.cells, *extra[row.line]])
    return out.getvalue()


def _json_number(text: str, number: float) -> int | float:
    # Integers stay integers so that "80" is not echoed back as 80.0.
    stripped = text.strip()
    if stripped.lstrip("+-").isdigit():
        return int(stripped)
    return number


def render_json(series: list[SeriesResult]) -> str:
    document = {"series": []}
    for result in series:
        previous = previous_values([row.value for row in result.rows])
        points = []
        for k, row in enumerate(result.rows):
            value = None if row.value is None else _json_number(row.cells[2], row.value)
            if isinstance(row.target, TargetWord):
                target = str(row.target)
            elif row.target is None:
                target = None
            else:
                target = _json_number(row.cells[3], row.target)
            rating = calculated_rag(row.value, row.target, row.polarity, row.tolerance, previous[k])
            points.append(
                {
                    "period": row.period,
                    "value": value,
                    "target": target,
                    "rag": result.rag[k],
                    "explanation": rating.explanation,
                    "direction": result.direction[k],
                    "spc": result.spc[k],
                }
            )
        document["series"].append(
            {
                "series": result.name,
                "mean": result.mean,
                "lower_limit": result.lower_limit,
                "upper_limit": result.upper_limit,
                "variation": result.variation,
                "assurance": result.assurance,
                "points": points,
            }
        )
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _write_atomically(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        # mkstemp makes the file private; give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


# --- command --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Assess indicator series: calculated RAG, direction of travel and SPC.",
    )
    parser.add_argument("input", metavar="INPUT.csv", help="UTF-8 CSV file, or - for stdin")
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on bad arguments
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT

    source = "<stdin>" if args.input == "-" else args.input
    try:
        if args.input == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.input, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        print(f"{PROG}: cannot read {source}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    try:
        rows = read_rows(data)
    except InputError as exc:
        print(f"{PROG}: {exc.describe(source)}", file=sys.stderr)
        return EXIT_BAD_INPUT

    series = assess_rows(rows)
    text = render_json(series) if args.format == "json" else render_csv(rows, series)

    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        _write_atomically(args.output, text)
    except OSError as exc:
        print(f"{PROG}: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    return EXIT_OK
