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
"direction", "comparison", "spc"}]}]}``; ``comparison`` says what the direction compared.

Direction of travel is like with like (:mod:`wellboard.indicators.like_with_like`): a period
written as a financial year to date (``2018/19 to Feb 2019`` or ``YTD Feb 19``) is compared
with the same months a year earlier, or is ``not-comparable``; other periods are compared
with the previous value that is not a partial year, as before.

The first bad row stops the command with an error naming the line and column, exit
status 2 and no output: the output file is written to a temporary file beside it and
renamed only once everything has succeeded. Numbers (values, targets, tolerances) must lie
within ±1e15: beyond that, float arithmetic no longer holds whole units. The rules are
those of :mod:`wellboard.indicators.assessment`.

The input is read twice and never held in memory: the first pass checks every row and keeps
only compact numeric columns (about 40 bytes a row); the results are computed from those,
and the second pass re-reads the rows to write them out (standard input is first spooled to
a temporary file). Memory stays flat whatever the number of rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import shutil
import sys
import tempfile
from array import array
from dataclasses import dataclass, field

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
    calculated_rag,
    parse_number,
    parse_polarity,
    parse_target,
    parse_tolerance,
)
from wellboard.indicators.assessment_batch import assess_batch
from wellboard.indicators.like_with_like import compare_series, is_partial, readable_period

__all__ = ["HEADER", "main"]

PROG = "wellboard assess"
HEADER = ("series", "period", "value", "target", "polarity", "tolerance")
EXIT_OK, EXIT_OUTPUT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
MAX_MAGNITUDE = 1e15
# Series are assessed in groups of about this many cells, so the work arrays stay small.
CHUNK_CELLS = 1 << 20


class InputError(Exception):
    def __init__(self, line: int, column: str | None, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message

    def describe(self, source: str) -> str:
        where = f"{source}:{self.line}"
        if self.column:
            where += f": column {self.column!r}"
        return f"{where}: {self.message}"


# --- reading --------------------------------------------------------------------------

# The pieces io.StringIO(text, newline="") would yield: lines ending in \r\n, \r or \n.
_LINE_PIECES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _text_lines(handle):
    """Decoded lines of a binary file, as csv.reader wants them; bad UTF-8 names line and column."""
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            prefix = raw[: exc.start].decode("utf-8", "replace")
            # The fields before the bad byte say which column it is in.
            index = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
            column = HEADER[index] if number > 1 and index < len(HEADER) else None
            raise InputError(number, column, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})") from None
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield from _LINE_PIECES.findall(text)


def _records(handle):
    """(first line number, cells) for each non-blank CSV record."""
    reader = csv.reader(_text_lines(handle))
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


def _in_range(line: int, column: str, number: float | None, text: str) -> None:
    if number is not None and not (math.isfinite(number) and abs(number) <= MAX_MAGNITUDE):
        raise InputError(line, column, f"number out of range: {text.strip()!r} (at most 1e15 either way)")


@dataclass
class Columns:
    """What the assessment needs of every row, packed: one entry per row, in input order."""

    series: array  # index into names
    values: array  # nan where empty
    targets: array  # nan where empty or a word
    words: array  # TARGET_WORDS index, 0 (none) for numbers
    amounts: array
    relative: array
    names: list[str]
    polarity: list[Polarity]
    partial_series: set[int] = field(default_factory=set)  # series with a year-to-date period: direction is compared like with like


def read_columns(handle) -> Columns:
    """Check the whole input; raises :class:`InputError` at the first bad row."""
    records = _records(handle)
    first = next(records, None)
    if first is None:
        raise InputError(1, None, f"empty input: the header {','.join(HEADER)} is missing")
    _check_header(*first)

    cols = Columns(array("i"), array("d"), array("d"), array("b"), array("d"), array("b"), [], [])
    index_of: dict[str, int] = {}
    first_line: list[int] = []
    for line, cells in records:
        if len(cells) != len(HEADER):
            raise InputError(line, None, f"expected {len(HEADER)} columns, found {len(cells)}")
        series_text, period_text, value_text, target_text, polarity_text, tol_text = cells
        series = series_text.strip()
        if not series:
            raise InputError(line, "series", "the series name is empty")
        if not period_text.strip():
            raise InputError(line, "period", "the period is empty")
        value = _cell(line, "value", parse_number, value_text)
        _in_range(line, "value", value, value_text)
        target = _cell(line, "target", parse_target, target_text)
        if not isinstance(target, TargetWord):
            _in_range(line, "target", target, target_text)
        polarity = _cell(line, "polarity", parse_polarity, polarity_text)
        tolerance = _cell(line, "tolerance", parse_tolerance, tol_text)
        _in_range(line, "tolerance", tolerance.amount, tol_text)
        index = index_of.get(series)
        if index is None:
            index = index_of[series] = len(cols.names)
            cols.names.append(series)
            cols.polarity.append(polarity)
            first_line.append(line)
        elif cols.polarity[index] is not polarity:
            raise InputError(
                line,
                "polarity",
                f"polarity {polarity} differs from {cols.polarity[index]} on line {first_line[index]} "
                f"for series {series!r}",
            )
        # Only a year-to-date label can be partial; the test on its words keeps other rows cheap.
        low = period_text.casefold()
        if ("to" in low or "ytd" in low) and is_partial(readable_period(period_text)):
            cols.partial_series.add(index)
        cols.series.append(index)
        cols.values.append(math.nan if value is None else value)
        if isinstance(target, TargetWord):
            cols.targets.append(math.nan)
            cols.words.append(TARGET_WORDS.index(target))
        else:
            cols.targets.append(math.nan if target is None else target)
            cols.words.append(0)
        cols.amounts.append(tolerance.amount)
        cols.relative.append(tolerance.relative)
    return cols


# --- assessing ------------------------------------------------------------------------


@dataclass
class Results:
    rag: np.ndarray  # per row, codes into RAG_STATUSES etc.
    direction: np.ndarray
    spc: np.ndarray
    order: np.ndarray  # row numbers grouped by series, input order within each
    mean: np.ndarray  # per series
    lower_limit: np.ndarray
    upper_limit: np.ndarray
    variation: np.ndarray
    assurance: np.ndarray


def assess_columns(cols: Columns) -> Results:
    """Assess every series with the vectorised path, series of similar length together."""
    series = np.frombuffer(cols.series, dtype=np.int32) if len(cols.series) else np.zeros(0, np.int32)
    n_rows, n_series = len(series), len(cols.names)
    order = np.argsort(series, kind="stable")
    lengths = np.bincount(series, minlength=n_series)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if n_series else np.zeros(0, np.int64)
    position = np.empty(n_rows, dtype=np.int64)
    position[order] = np.arange(n_rows) - np.repeat(starts, lengths)

    def column(buffer, dtype):
        return np.frombuffer(buffer, dtype=dtype) if n_rows else np.zeros(0, dtype)

    values, targets = column(cols.values, np.float64), column(cols.targets, np.float64)
    words, amounts = column(cols.words, np.int8), column(cols.amounts, np.float64)
    relative = column(cols.relative, np.int8).astype(bool)
    polarity = np.array([POLARITIES.index(p) for p in cols.polarity], dtype=np.int8)

    out = Results(np.zeros(n_rows, np.int8), np.zeros(n_rows, np.int8), np.zeros(n_rows, np.int8), order,
                  np.full(n_series, np.nan), np.full(n_series, np.nan), np.full(n_series, np.nan),
                  np.zeros(n_series, np.int8), np.zeros(n_series, np.int8))
    # Series whose lengths share a power of two are padded to a common width, as few cells as possible.
    bucket = np.ceil(np.log2(np.maximum(lengths, 1))).astype(np.int64)
    for b in np.unique(bucket):
        members = np.flatnonzero(bucket == b)
        width = int(lengths[members].max())
        per_chunk = max(1, CHUNK_CELLS // width)
        for k in range(0, len(members), per_chunk):
            _assess_group(members[k : k + per_chunk], width, series, position, starts, lengths, order,
                          values, targets, words, amounts, relative, polarity, out)
    return out


def _assess_group(members, width, series, position, starts, lengths, order,
                  values, targets, words, amounts, relative, polarity, out: Results) -> None:
    rows = np.concatenate([order[starts[s] : starts[s] + lengths[s]] for s in members])
    local = np.empty(len(lengths), dtype=np.int64)
    local[members] = np.arange(len(members))
    i, j = local[series[rows]], position[rows]
    shape = (len(members), width)
    grid_values, grid_targets = np.full(shape, np.nan), np.full(shape, np.nan)
    grid_words, grid_amounts = np.zeros(shape, dtype=np.int8), np.zeros(shape)
    grid_relative = np.zeros(shape, dtype=bool)
    grid_values[i, j], grid_targets[i, j], grid_words[i, j] = values[rows], targets[rows], words[rows]
    grid_amounts[i, j], grid_relative[i, j] = amounts[rows], relative[rows]
    result = assess_batch(grid_values, grid_targets, polarity[members], grid_amounts, grid_relative, grid_words)
    spc = result.spc
    out.rag[rows], out.direction[rows], out.spc[rows] = result.rag[i, j], result.direction[i, j], spc.point_types[i, j]
    out.mean[members], out.lower_limit[members], out.upper_limit[members] = spc.mean, spc.lower_limit, spc.upper_limit
    out.variation[members], out.assurance[members] = spc.variation, spc.assurance


def compare_like_with_like(handle, cols: Columns, results: Results) -> dict[int, str]:
    """Redo the direction of series with a year-to-date period; the explanation of each of their rows.

    Their period labels are read in one more pass, only when such a series exists.
    """
    if not cols.partial_series:
        return {}
    rows: dict[int, list[tuple[int, str]]] = {s: [] for s in cols.partial_series}
    for k, (_, cells) in enumerate(_data_records(handle)):
        wanted = rows.get(cols.series[k])
        if wanted is not None:
            wanted.append((k, cells[1].strip()))
    explanations: dict[int, str] = {}
    for s, members in rows.items():
        values = [None if math.isnan(cols.values[k]) else cols.values[k] for k, _ in members]
        comparisons = compare_series([label for _, label in members], values, cols.polarity[s])
        for (k, _), comparison in zip(members, comparisons, strict=True):
            results.direction[k] = DIRECTIONS.index(comparison.direction)
            explanations[k] = comparison.explanation
    return explanations


# --- writing --------------------------------------------------------------------------


def _data_records(handle):
    records = _records(handle)
    next(records)  # the header, checked in the first pass
    return records


def write_csv(handle, cols: Columns, results: Results, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER, "rag", "direction", "spc"])
    rag, direction, spc = results.rag.tolist(), results.direction.tolist(), results.spc.tolist()
    for k, (_, cells) in enumerate(_data_records(handle)):
        writer.writerow([*cells, RAG_STATUSES[rag[k]], DIRECTIONS[direction[k]], SPC_POINT_TYPES[spc[k]] or ""])


def _json_number(text: str, number: float) -> int | float:
    # Integers stay integers so that "80" is not echoed back as 80.0.
    stripped = text.strip()
    if stripped.lstrip("+-").isdigit():
        return int(stripped)
    return number


def _indented(document, spaces: int) -> str:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return "\n".join(" " * spaces + line for line in text.split("\n"))  # JSON strings never hold a newline


def write_json(handle, cols: Columns, results: Results, out, explanations: dict[int, str] | None = None) -> None:
    """The same text as json.dumps(document, indent=2), written a point at a time.

    Points are written to a spool file in input order, then copied out series by series.
    """
    if not cols.names:
        out.write(json.dumps({"series": []}, indent=2) + "\n")
        return
    rag, direction, spc = results.rag.tolist(), results.direction.tolist(), results.spc.tolist()
    offsets, sizes = array("q"), array("q")
    last_value: dict[int, float] = {}
    last_period: dict[int, str] = {}
    explanations = explanations or {}
    with tempfile.TemporaryFile() as spool:
        for k, (_, cells) in enumerate(_data_records(handle)):
            s = cols.series[k]
            value = parse_number(cells[2])
            target = parse_target(cells[3])
            rating = calculated_rag(value, target, cols.polarity[s], parse_tolerance(cells[5]), last_value.get(s))
            # The same words as like_with_like.compare_series, which series with a partial year went through.
            comparison = explanations.get(k) or (
                "no value" if value is None else
                f"{cells[1].strip()} compared with {last_period[s]}" if s in last_period else
                "no earlier value to compare with")
            if value is not None:
                last_value[s] = value
                last_period[s] = cells[1].strip()
            point = {
                "period": cells[1].strip(),
                "value": None if value is None else _json_number(cells[2], value),
                "target": str(target) if isinstance(target, TargetWord)
                else None if target is None else _json_number(cells[3], target),
                "rag": RAG_STATUSES[rag[k]],
                "explanation": rating.explanation,
                "direction": DIRECTIONS[direction[k]],
                "comparison": comparison,
                "spc": SPC_POINT_TYPES[spc[k]],
            }
            data = _indented(point, 8).encode("utf-8")
            offsets.append(spool.tell())
            sizes.append(len(data))
            spool.write(data)
        spool.flush()
        fd = spool.fileno()
        out.write('{\n  "series": [\n')
        order = results.order.tolist()
        position = 0
        for s, name in enumerate(cols.names):
            computed = not np.isnan(results.mean[s])
            head = _indented({
                "series": name,
                "mean": float(results.mean[s]) if computed else None,
                "lower_limit": float(results.lower_limit[s]) if computed else None,
                "upper_limit": float(results.upper_limit[s]) if computed else None,
                "variation": SPC_POINT_TYPES[results.variation[s]],
                "assurance": ASSURANCES[results.assurance[s]],
            }, 4)
            out.write(("" if s == 0 else ",\n") + head[: -len("\n    }")] + ',\n      "points": [\n')
            first = True
            while position < len(order) and cols.series[order[position]] == s:
                k = order[position]
                out.write(("" if first else ",\n") + os.pread(fd, sizes[k], offsets[k]).decode("utf-8"))
                first = False
                position += 1
            out.write("\n      ]\n    }")
        out.write("\n  ]\n}\n")


def _write_atomically(path: str, write) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
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


def _open_input(name: str):
    if name != "-":
        return open(name, "rb")  # noqa: SIM115 - closed by the caller
    # Standard input can be read only once: keep it in a temporary file for the second pass.
    spool = tempfile.TemporaryFile()
    shutil.copyfileobj(sys.stdin.buffer, spool)
    spool.seek(0)
    return spool


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on bad arguments
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT

    source = "<stdin>" if args.input == "-" else args.input
    try:
        handle = _open_input(args.input)
    except OSError as exc:
        print(f"{PROG}: cannot read {source}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    with handle:
        try:
            cols = read_columns(handle)
        except InputError as exc:
            print(f"{PROG}: {exc.describe(source)}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OSError as exc:
            print(f"{PROG}: cannot read {source}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        results = assess_columns(cols)
        handle.seek(0)
        explanations = compare_like_with_like(handle, cols, results)

        def write(out):
            handle.seek(0)
            if args.format == "json":
                write_json(handle, cols, results, out, explanations)
            else:
                write_csv(handle, cols, results, out)

        if args.output is None:
            write(sys.stdout)
            return EXIT_OK
        try:
            _write_atomically(args.output, write)
        except OSError as exc:
            print(f"{PROG}: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_OUTPUT_FAILED
    return EXIT_OK
