"""``wellboard bench assess [--series N --points M --seed S]``: time the vectorised assessment.

Generates ``N`` random-walk series of ``M`` values (10,000 × 100 by default: a million
values) with mixed polarities, numeric targets, target words and tolerances, then
assesses every value (calculated RAG, direction of travel and SPC) with
:func:`wellboard.indicators.assessment_batch.assess_batch`. It prints the generation
time, the assessment time (best of ``--repeat`` runs, and the first run), values per
second, and peak memory: the process's peak resident set (``ru_maxrss``) and the peak
of numpy's allocations during one assessment traced with :mod:`tracemalloc` (a separate
run, as tracing slows allocation).

The goal for the million on a 2-core machine is under 0.5 s and under 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc

import numpy as np

from wellboard.indicators.assessment import (
    ASSURANCES,
    POLARITIES,
    RAG_STATUSES,
    SPC_POINT_TYPES,
    TARGET_WORDS,
)
from wellboard.indicators.assessment_batch import assess_batch

__all__ = ["generate", "main"]

GOAL_SECONDS = 0.5
GOAL_BYTES = 1 << 30


def generate(series: int, points: int, seed: int, missing: float = 0.0) -> dict[str, np.ndarray]:
    """Random inputs for :func:`assess_batch`, as keyword arguments."""
    rng = np.random.default_rng(seed)
    start = rng.uniform(20, 80, size=(series, 1))
    spread = rng.uniform(0.5, 5, size=(series, 1))
    # A drift in some series gives the trends and runs that SPC looks for.
    drift = np.where(rng.random((series, 1)) < 0.3, rng.normal(0, 0.5, (series, 1)), 0.0)
    values = start + np.cumsum(rng.normal(drift, spread, size=(series, points)), axis=1)
    if missing:
        values[rng.random(values.shape) < missing] = np.nan

    # Per series: a numeric target near the starting level (60 %), a target word
    # (30 %) or no target (10 %); numeric targets step up or down once a "year".
    kind = rng.random((series, 1))
    yearly = rng.normal(0, 2, size=(series, (points + 11) // 12)).repeat(12, axis=1)[:, :points]
    targets = np.where(kind < 0.6, start + yearly, np.nan)
    words = np.where(
        (kind >= 0.6) & (kind < 0.9), rng.integers(1, len(TARGET_WORDS), (series, 1)), 0
    )
    return {
        "values": values,
        "targets": targets,
        "polarity": rng.integers(0, len(POLARITIES), series).astype(np.int8),
        "tolerance_amount": np.where(rng.random(series) < 0.7, 5.0, rng.uniform(0, 3, series)),
        "tolerance_relative": rng.random(series) < 0.7,
        "target_words": np.broadcast_to(words, (series, points)).astype(np.int8),
    }


def _mib(n: float) -> str:
    return f"{n / (1 << 20):,.1f} MiB"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wellboard bench assess",
        description="Time RAG, direction and SPC over many generated series at once.",
    )
    parser.add_argument("--series", type=int, default=10_000, metavar="N")
    parser.add_argument("--points", type=int, default=100, metavar="M")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--repeat", type=int, default=3, metavar="R", help="timed runs (best)")
    parser.add_argument(
        "--missing", type=float, default=0.0, metavar="F", help="fraction of values left out"
    )
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if args.series < 1 or args.points < 1 or args.repeat < 1 or not 0 <= args.missing < 1:
        print(
            "wellboard bench assess: --series, --points and --repeat must be positive "
            "and --missing in [0, 1)",
            file=sys.stderr,
        )
        return 2

    began = time.perf_counter()
    inputs = generate(args.series, args.points, args.seed, args.missing)
    generation = time.perf_counter() - began
    count = int(np.count_nonzero(~np.isnan(inputs["values"])))
    print(
        f"generated {args.series:,} series x {args.points:,} points "
        f"({count:,} values) in {generation:.3f} s"
    )

    timings = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        result = assess_batch(**inputs)
        timings.append(time.perf_counter() - began)
    best = min(timings)
    print(
        f"assessed {count:,} values (RAG, direction, SPC) in {best:.3f} s "
        f"(best of {args.repeat}; first run {timings[0]:.3f} s): "
        f"{count / best:,.0f} values/s"
    )

    tracemalloc.start()
    assess_batch(**inputs)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # ru_maxrss is in KiB on Linux (bytes on macOS, where this overstates by 1024).
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        f"peak memory: {_mib(peak_rss)} resident (whole process); "
        f"{_mib(traced_peak)} allocated during one assessment (tracemalloc)"
    )

    rag = np.bincount(result.rag.ravel(), minlength=len(RAG_STATUSES))
    spc = np.bincount(result.spc.point_types.ravel(), minlength=len(SPC_POINT_TYPES))
    assurance = np.bincount(result.spc.assurance, minlength=len(ASSURANCES))
    print("rag: " + ", ".join(f"{s} {n:,}" for s, n in zip(RAG_STATUSES, rag, strict=True)))
    print(
        "spc: "
        + ", ".join(f"{s or 'none'} {n:,}" for s, n in zip(SPC_POINT_TYPES, spc, strict=True))
    )
    print(
        "assurance: "
        + ", ".join(f"{s or 'none'} {n:,}" for s, n in zip(ASSURANCES, assurance, strict=True))
    )
    met = best < GOAL_SECONDS and peak_rss < GOAL_BYTES
    print(
        f"goal (< {GOAL_SECONDS} s and < 1 GiB for a million values): "
        + ("met" if met else "not met")
    )
    return 0
