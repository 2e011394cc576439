"""Vectorised assessment: calculated RAG, direction and SPC for many series at once.

The rules are those of :mod:`wellboard.indicators.assessment` (read its docstring); this
module applies them to 2-D numpy arrays with one row per series and one column per
period, and returns small integer codes instead of strings:

* ``values``: float array (S, N), NaN where a value is missing. Series of different
  lengths are padded at the end with NaN, which changes nothing;
* ``targets``: float array (S, N), NaN where there is no numeric target;
* ``target_words``: optional int array (S, N) of indexes into
  :data:`~wellboard.indicators.assessment.TARGET_WORDS` (0 = none, 1 Increase,
  2 Reduce, 3 Maintain, 4 TBC); where it is non-zero the numeric target is ignored;
* ``polarity``: one per series, as indexes into
  :data:`~wellboard.indicators.assessment.POLARITIES` (0 none, 1 high, 2 low,
  3 maintain) or as polarity words;
* ``tolerance_amount`` / ``tolerance_relative``: scalars, one per series (S,) or one per
  point (S, N); relative amounts are per cent.

Results index :data:`RAG_STATUSES`, :data:`DIRECTIONS`, :data:`SPC_POINT_TYPES` and
:data:`ASSURANCES` of that module; :func:`decode` turns codes into strings.

Runs and trends are found with sliding windows over whole arrays: a window of ``w``
consecutive flags is the AND of ``w`` shifted slices, and the points it covers are the
OR of ``w`` shifted copies of the window starts. Series with missing values are first
packed (values present moved to the front, in order) so that every series is a prefix
of its row; the results are scattered back afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wellboard.indicators.assessment import (
    ASSURANCES,
    DIRECTIONS,
    LIMIT_FACTOR,
    NEAR_LIMIT_FACTOR,
    POLARITIES,
    RAG_STATUSES,
    RUN_LENGTH,
    SCREEN_FACTOR,
    SPC_MIN_POINTS,
    SPC_POINT_TYPES,
    TARGET_WORDS,
    TREND_LENGTH,
    AssessmentError,
    Polarity,
    TargetWord,
    parse_polarity,
    parse_target,
)

__all__ = [
    "BatchAssessment",
    "SpcBatch",
    "assess_batch",
    "decode",
    "direction_batch",
    "encode_target",
    "polarity_codes",
    "previous_batch",
    "rag_batch",
    "spc_batch",
]

NO_DATA, NO_TARGET, RED, AMBER, GREEN = (
    RAG_STATUSES.index(s) for s in ("no-data", "no-target", "red", "amber", "green")
)
P_NONE, P_HIGH, P_LOW, P_MAINTAIN = (
    POLARITIES.index(p) for p in (Polarity.NONE, Polarity.HIGH, Polarity.LOW, Polarity.MAINTAIN)
)
W_NONE, W_REDUCE, W_MAINTAIN, W_TBC = (
    TARGET_WORDS.index(w) for w in (None, TargetWord.REDUCE, TargetWord.MAINTAIN, TargetWord.TBC)
)
ASSURE_PASS, ASSURE_FAIL, ASSURE_INCONSISTENT = (
    ASSURANCES.index(a) for a in ("consistent-pass", "consistent-fail", "inconsistent")
)

# Direction codes by [polarity, movement] with movement 0 missing, 1 up, 2 down, 3 equal.
_DIRECTION_TABLE = np.array(
    [
        [DIRECTIONS.index(d) for d in ("n/a", up, down, "no-change")]
        for up, down in (
            ("increasing", "decreasing"),  # none
            ("improving", "worsening"),  # high
            ("worsening", "improving"),  # low
            ("increasing", "decreasing"),  # maintain
        )
    ],
    dtype=np.int8,
)
# SPC point codes by [polarity, way + 1] with way -1 down, 0 common cause, +1 up.
_SPC_TABLE = np.array(
    [
        [SPC_POINT_TYPES.index(t) for t in row]
        for row in (
            ("special_cause_neutral_low", "common_cause", "special_cause_neutral_high"),
            ("special_cause_concern", "common_cause", "special_cause_improvement"),
            ("special_cause_improvement", "common_cause", "special_cause_concern"),
            ("special_cause_neutral_low", "common_cause", "special_cause_neutral_high"),
        )
    ],
    dtype=np.int8,
)


def decode(codes: np.ndarray, vocabulary: Sequence[str | None]) -> np.ndarray:
    """Codes to an object array of the vocabulary's strings (None stays None)."""
    return np.array(vocabulary, dtype=object)[np.asarray(codes, dtype=np.intp)]


def polarity_codes(polarity: object, series: int | None = None) -> np.ndarray:
    """Polarity codes (int8, one per series) from codes, words or a single word."""
    if isinstance(polarity, str):
        if series is None:
            raise AssessmentError("a single polarity word needs the number of series")
        return np.full(series, POLARITIES.index(parse_polarity(polarity)), dtype=np.int8)
    array = np.asarray(polarity)
    if array.dtype.kind in "iu":
        if array.size and (array.min() < 0 or array.max() >= len(POLARITIES)):
            raise AssessmentError(f"polarity codes must be 0–{len(POLARITIES) - 1}")
        codes = array.astype(np.int8)
    else:
        indexes = [POLARITIES.index(parse_polarity(p)) for p in array.ravel()]
        codes = np.array(indexes, dtype=np.int8).reshape(array.shape)
    if codes.ndim != 1 or (series is not None and codes.shape[0] != series):
        raise AssessmentError(f"need one polarity per series ({series}), got shape {codes.shape}")
    return codes


def encode_target(target: float | str | TargetWord | None) -> tuple[float, int]:
    """One target as (numeric target or NaN, target-word code)."""
    parsed = parse_target(target)
    if isinstance(parsed, TargetWord):
        return np.nan, TARGET_WORDS.index(parsed)
    return (np.nan if parsed is None else parsed), W_NONE


def _values(values: object) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 2:
        raise AssessmentError(f"values must be a 2-D array (series × periods), not {array.shape}")
    if np.isinf(array).any():
        raise AssessmentError("values must be finite (use NaN for a missing value)")
    return array


def _per_point(array: object, shape: tuple[int, int], dtype: type, what: str) -> np.ndarray:
    a = np.asarray(array, dtype=dtype)
    if a.ndim == 1:
        a = a[:, None]
    try:
        return np.broadcast_to(a, shape)
    except ValueError:
        raise AssessmentError(f"{what} of shape {a.shape} does not fit {shape}") from None


# --- previous value and direction -----------------------------------------------------


def previous_batch(values: object) -> np.ndarray:
    """For each point, the most recent earlier value present in its row (NaN if none)."""
    x = _values(values)
    rows, cols = x.shape
    previous = np.full_like(x, np.nan)
    if cols == 0:
        return previous
    valid = ~np.isnan(x)
    if valid.all():
        previous[:, 1:] = x[:, :-1]
        return previous
    index = np.where(valid, np.arange(cols), -1)
    np.maximum.accumulate(index, axis=1, out=index)
    before = index[:, :-1]
    previous[:, 1:] = np.where(
        before >= 0, np.take_along_axis(x, np.maximum(before, 0), axis=1), np.nan
    )
    return previous


def direction_batch(
    values: object, polarity: object, previous: np.ndarray | None = None
) -> np.ndarray:
    """Direction codes (int8, S × N) indexing ``DIRECTIONS``."""
    x = _values(values)
    pol = polarity_codes(polarity, x.shape[0])
    prev = previous_batch(x) if previous is None else previous
    movement = (x > prev).view(np.int8) + 2 * (x < prev).view(np.int8)
    movement += 3 * (x == prev).view(np.int8)
    return _DIRECTION_TABLE[pol[:, None], movement]


# --- calculated RAG -------------------------------------------------------------------


def rag_batch(
    values: object,
    targets: object,
    polarity: object,
    tolerance_amount: object = 5.0,
    tolerance_relative: object = True,
    target_words: object = None,
    previous: np.ndarray | None = None,
) -> np.ndarray:
    """Calculated RAG codes (int8, S × N) indexing ``RAG_STATUSES``."""
    x = _values(values)
    shape = x.shape
    t = np.broadcast_to(np.asarray(targets, dtype=np.float64), shape)
    pol = polarity_codes(polarity, shape[0])[:, None]
    amount = _per_point(tolerance_amount, shape, np.float64, "tolerance_amount")
    relative = _per_point(tolerance_relative, shape, np.bool_, "tolerance_relative")
    if target_words is None:
        words = np.zeros(shape, dtype=np.int8)
    else:
        words = np.broadcast_to(np.asarray(target_words, dtype=np.int8), shape)
    prev = previous_batch(x) if previous is None else previous

    numeric = words == W_NONE
    by_word = (words != W_NONE) & (words != W_TBC)
    conditions = [
        np.isnan(x),
        (numeric & np.isnan(t)) | (words == W_TBC) | (pol == P_NONE),
    ]
    choices = [NO_DATA, NO_TARGET]

    if by_word.any():
        # Same expression order as Tolerance.of, so both paths round alike.
        band = np.where(relative, np.abs(prev) * amount / 100, amount)
        change = x - prev
        gain = np.where(words == W_REDUCE, prev - x, change)
        keep = words == W_MAINTAIN
        conditions += [
            by_word & np.isnan(prev),
            keep & (np.abs(change) <= band),
            keep,
            by_word & (gain > band),
            by_word & (gain >= -band),
            by_word,
        ]
        choices += [NO_DATA, GREEN, RED, GREEN, AMBER, RED]

    band = np.where(relative, np.abs(t) * amount / 100, amount)
    high, low, maintain = pol == P_HIGH, pol == P_LOW, pol == P_MAINTAIN
    conditions += [
        maintain & (np.abs(x - t) <= band),
        maintain,
        high & (x >= t),
        high & (x >= t - band),
        low & (x <= t),
        low & (x <= t + band),
    ]
    choices += [GREEN, RED, GREEN, AMBER, GREEN, AMBER]
    return np.select(conditions, np.array(choices, dtype=np.int8), RED).astype(np.int8)


# --- SPC ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpcBatch:
    mean: np.ndarray
    """(S,) float, NaN where SPC was not computed (fewer than 12 values)."""
    lower_limit: np.ndarray
    upper_limit: np.ndarray
    point_types: np.ndarray
    """(S, N) int8 indexing ``SPC_POINT_TYPES``; 0 (None) for missing or not computed."""
    variation: np.ndarray
    """(S,) int8 indexing ``SPC_POINT_TYPES``."""
    assurance: np.ndarray
    """(S,) int8 indexing ``ASSURANCES``."""


def _windows_all(flags: np.ndarray, width: int) -> np.ndarray:
    """(S, L) → (S, L - width + 1): True where ``width`` flags from there are all True."""
    count = flags.shape[1] - width + 1
    if count <= 0:
        return np.zeros((flags.shape[0], 0), dtype=bool)
    result = flags[:, :count].copy()
    for shift in range(1, width):
        result &= flags[:, shift : shift + count]
    return result


def _covered(starts: np.ndarray, width: int, length: int) -> np.ndarray:
    """(S, length): True for points inside any window of ``width`` marked in ``starts``."""
    result = np.zeros((starts.shape[0], length), dtype=bool)
    count = starts.shape[1]
    for shift in range(width):
        result[:, shift : shift + count] |= starts
    return result


def _at_least_two_of_three(flags: np.ndarray) -> np.ndarray:
    a, b, c = flags[:, :-2], flags[:, 1:-1], flags[:, 2:]
    return (a & b) | (a & c) | (b & c)


def _row_sums(x: np.ndarray) -> np.ndarray:
    # cumsum adds strictly left to right, unlike np.sum's pairwise summation, which
    # keeps these sums identical to the scalar path's.
    return np.cumsum(x, axis=1)[:, -1]


def spc_batch(values: object, polarity: object, targets: object = None) -> SpcBatch:
    """SPC for every row of ``values`` (see the module docstrings).

    ``targets`` (S, N) gives numeric targets; the assurance icon uses the target of each
    series' last value present.
    """
    x = _values(values)
    rows, cols = x.shape
    pol = polarity_codes(polarity, rows)
    valid = ~np.isnan(x)
    count = valid.sum(axis=1)
    computed = count >= SPC_MIN_POINTS
    none = np.full(rows, np.nan)
    if cols < SPC_MIN_POINTS or not computed.any():
        nothing = np.zeros(rows, dtype=np.int8)
        types = np.zeros(x.shape, dtype=np.int8)
        return SpcBatch(none, none.copy(), none.copy(), types, nothing, nothing.copy())

    order = None
    if not valid.all():
        order = np.argsort(~valid, axis=1, kind="stable")
        x = np.take_along_axis(x, order, axis=1)
        valid = np.arange(cols) < count[:, None]

    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _row_sums(np.where(valid, x, 0.0)) / count
        ranges = np.abs(x[:, 1:] - x[:, :-1])
        range_valid = valid[:, 1:]
        first_mean_range = _row_sums(np.where(range_valid, ranges, 0.0)) / (count - 1)
        kept = range_valid & (ranges < SCREEN_FACTOR * first_mean_range[:, None])
        kept_count = kept.sum(axis=1)
        mean_range = np.where(
            kept_count > 0, _row_sums(np.where(kept, ranges, 0.0)) / kept_count, 0.0
        )
    upper = mean + LIMIT_FACTOR * mean_range
    lower = mean - LIMIT_FACTOR * mean_range
    near_upper = mean + NEAR_LIMIT_FACTOR * mean_range
    near_lower = mean - NEAR_LIMIT_FACTOR * mean_range

    # NaN (missing, or a series not computed) compares False, so drops out of every flag.
    column = (slice(None), None)
    above = x > mean[column]
    below = x < mean[column]
    outside = (x > upper[column]) | (x < lower[column])
    near_above = (x > near_upper[column]) & ~outside
    near_below = (x < near_lower[column]) & ~outside

    run = _covered(_windows_all(above, RUN_LENGTH), RUN_LENGTH, cols)
    run |= _covered(_windows_all(below, RUN_LENGTH), RUN_LENGTH, cols)

    steps_up = x[:, 1:] > x[:, :-1]
    steps_down = x[:, 1:] < x[:, :-1]
    rising = _covered(_windows_all(steps_up, TREND_LENGTH - 1), TREND_LENGTH, cols)
    falling = _covered(_windows_all(steps_down, TREND_LENGTH - 1), TREND_LENGTH, cols)

    two_of_three = np.zeros_like(run)
    for same_side, near in ((above, near_above), (below, near_below)):
        qualifying = _windows_all(same_side, 3) & _at_least_two_of_three(near)
        two_of_three |= near & _covered(qualifying, 3, cols)

    side = above.view(np.int8) - below.view(np.int8)
    # A point in both a rising and a falling trend starts one of them: the next step
    # gives the direction of the trend it starts.
    next_step = np.ones(x.shape, dtype=np.int8)
    next_step[:, :-1] -= 2 * steps_down.view(np.int8)
    trend_way = np.where(falling, np.where(rising, next_step, -1), 1).astype(np.int8)
    # The rule: a special-cause point is typed by its side of the mean; only a trend
    # point exactly on the mean falls back to the trend's own direction.
    special = outside | rising | falling | two_of_three | run
    way = np.select(
        [special & (side != 0), rising | falling], [side, trend_way], 0
    ).astype(np.int8)
    point_types = _SPC_TABLE[pol[:, None], way + 1]
    point_types[~(valid & computed[:, None])] = 0

    last = np.maximum(count - 1, 0)
    everyone = np.arange(rows)
    variation = np.where(computed, point_types[everyone, last], 0).astype(np.int8)

    assurance = np.zeros(rows, dtype=np.int8)
    if targets is not None:
        t = np.broadcast_to(np.asarray(targets, dtype=np.float64), (rows, cols))
        if order is not None:
            t = np.take_along_axis(t, order, axis=1)
        target = t[everyone, last]
        rated = computed & ((pol == P_HIGH) | (pol == P_LOW)) & ~np.isnan(target)
        high = pol == P_HIGH
        assurance = np.select(
            [
                ~rated,
                target > upper,
                target < lower,
            ],
            [
                0,
                np.where(high, ASSURE_FAIL, ASSURE_PASS),
                np.where(high, ASSURE_PASS, ASSURE_FAIL),
            ],
            ASSURE_INCONSISTENT,
        ).astype(np.int8)

    if order is not None:
        unpacked = np.zeros_like(point_types)
        np.put_along_axis(unpacked, order, point_types, axis=1)
        point_types = unpacked
    mean, lower, upper = (np.where(computed, a, np.nan) for a in (mean, lower, upper))
    return SpcBatch(mean, lower, upper, point_types, variation, assurance)


# --- everything at once ---------------------------------------------------------------


@dataclass(frozen=True)
class BatchAssessment:
    rag: np.ndarray
    """(S, N) int8 indexing ``RAG_STATUSES``."""
    direction: np.ndarray
    """(S, N) int8 indexing ``DIRECTIONS``."""
    spc: SpcBatch

    def rag_labels(self) -> np.ndarray:
        return decode(self.rag, RAG_STATUSES)

    def direction_labels(self) -> np.ndarray:
        return decode(self.direction, DIRECTIONS)

    def spc_labels(self) -> np.ndarray:
        return decode(self.spc.point_types, SPC_POINT_TYPES)

    def variation_labels(self) -> np.ndarray:
        return decode(self.spc.variation, SPC_POINT_TYPES)

    def assurance_labels(self) -> np.ndarray:
        return decode(self.spc.assurance, ASSURANCES)


def assess_batch(
    values: object,
    targets: object,
    polarity: object,
    tolerance_amount: object = 5.0,
    tolerance_relative: object = True,
    target_words: object = None,
) -> BatchAssessment:
    """RAG, direction and SPC for every point of every series (see the module docstring)."""
    x = _values(values)
    pol = polarity_codes(polarity, x.shape[0])
    t = np.broadcast_to(np.asarray(targets, dtype=np.float64), x.shape)
    if target_words is not None:
        words = np.broadcast_to(np.asarray(target_words, dtype=np.int8), x.shape)
        t = np.where(words == W_NONE, t, np.nan)
    else:
        words = None
    previous = previous_batch(x)
    return BatchAssessment(
        rag=rag_batch(x, t, pol, tolerance_amount, tolerance_relative, words, previous),
        direction=direction_batch(x, pol, previous),
        spc=spc_batch(x, pol, t),
    )
