"""SPC (Making Data Count) on hand-worked series, through the scalar and batch APIs.

Each series was worked by hand; the mean and mean moving range are restated in each
test as exact fractions so that a reader can check the limits on paper.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wellboard.indicators.assessment import ASSURANCES, SPC_POINT_TYPES, spc
from wellboard.indicators.assessment_batch import spc_batch

COMMON = "common_cause"
IMPROVEMENT = "special_cause_improvement"
CONCERN = "special_cause_concern"
HIGH = "special_cause_neutral_high"
LOW = "special_cause_neutral_low"

quiet = settings(database=None)


def both(values, polarity, target=None):
    """spc() and spc_batch() on one series must agree; return the scalar result."""
    result = spc(values, polarity, target)
    row = np.array([[math.nan if v is None else v for v in values]], dtype=float)
    targets = np.full(row.shape, math.nan if target is None else target)
    batch = spc_batch(row, [polarity], targets)
    if result is None:
        assert math.isnan(batch.mean[0]) and not batch.point_types.any()
        assert batch.variation[0] == 0 and batch.assurance[0] == 0
        return None
    assert batch.mean[0] == result.mean
    assert batch.lower_limit[0] == result.lower_limit
    assert batch.upper_limit[0] == result.upper_limit
    assert tuple(SPC_POINT_TYPES[c] for c in batch.point_types[0]) == result.point_types
    assert SPC_POINT_TYPES[batch.variation[0]] == result.variation
    assert ASSURANCES[batch.assurance[0]] == result.assurance
    return result


def types_at(result, positions):
    return {result.point_types[i] for i in positions}


def test_fewer_than_twelve_values_is_not_computed():
    assert both([9.0, 11.0] * 5 + [9.0], "high") is None
    assert both([9.0, 11.0] * 6 + [None] * 5, "high", 10.0) is not None
    assert both([9.0, None, 11.0] * 5, "high") is None  # ten values present
    assert both([], "high") is None


def test_common_cause_zigzag():
    # mean 10, every moving range 2: limits 10 ± 2.66 × 2.
    result = both([9.0, 11.0] * 6, "high")
    assert result.mean == 10.0
    assert result.upper_limit == pytest.approx(15.32)
    assert result.lower_limit == pytest.approx(4.68)
    assert set(result.point_types) == {COMMON}
    assert result.variation == COMMON
    assert result.assurance is None


def test_outside_limits_and_moving_range_screening():
    values = [9, 11, 9, 11, 9, 11, 20, 0, 9, 11, 9, 11, 9, 11]
    # mean 140 / 14 = 10. Moving ranges: ten 2s, 9, 20, 9: mean 58/13, and
    # 20 >= 3.267 × 58/13 = 14.58 is screened out, leaving amR = 38/12 = 19/6.
    # Upper limit 10 + 2.66 × 19/6 = 18.42: 20 is outside. Unscreened, the limit
    # would be 10 + 2.66 × 58/13 = 21.87 and 20 would be inside.
    assert 20 >= 3.267 * Fraction(58, 13) and 20 < 10 + 2.66 * 58 / 13
    result = both([float(v) for v in values], "high")
    assert result.mean == 10.0
    assert result.upper_limit == pytest.approx(10 + 2.66 * 19 / 6)
    assert result.lower_limit == pytest.approx(10 - 2.66 * 19 / 6)
    assert result.point_types[6] == IMPROVEMENT  # 20, above
    assert result.point_types[7] == CONCERN  # 0, below
    assert types_at(result, set(range(14)) - {6, 7}) == {COMMON}
    assert result.variation == COMMON

    low = both([float(v) for v in values], "low")
    assert (low.point_types[6], low.point_types[7]) == (CONCERN, IMPROVEMENT)
    none = both([float(v) for v in values], "none")
    assert (none.point_types[6], none.point_types[7]) == (HIGH, LOW)
    maintain = both([float(v) for v in values], "maintain")
    assert (maintain.point_types[6], maintain.point_types[7]) == (HIGH, LOW)


def test_run_of_seven_on_one_side():
    values = [12, 13, 12, 13, 12, 13, 12, 8, 12, 8, 12, 8, 12, 8]
    # mean 155/14 = 11.07; amR 34/13; near limits 11.07 ± 4.64, limits ± 6.96: no
    # point is near or outside, no trend; the first seven are all above the mean.
    result = both([float(v) for v in values], "high")
    assert result.mean == pytest.approx(155 / 14)
    assert types_at(result, range(7)) == {IMPROVEMENT}
    assert types_at(result, range(7, 14)) == {COMMON}
    assert both([float(v) for v in values], "low").point_types[:7] == (CONCERN,) * 7


def test_run_of_six_is_not_special():
    values = [12, 13, 12, 13, 12, 13, 8, 12, 8, 12, 8, 12, 8, 12]
    result = both([float(v) for v in values], "high")
    assert set(result.point_types) == {COMMON}


def test_a_point_on_the_mean_breaks_a_run():
    # mean exactly 140 / 14 = 10; the fourth point sits on it.
    on_mean = [12, 13, 12, 10, 13, 12, 13, 7, 9, 7, 9, 7, 9, 7]
    result = both([float(v) for v in on_mean], "high")
    assert result.mean == 10.0
    assert types_at(result, range(7)) == {COMMON}
    assert types_at(result, range(7, 14)) == {CONCERN}  # seven below
    # The same with the fourth point just above the mean (141 / 14) is a run.
    above = [12, 13, 12, 11, 13, 12, 13, 7, 9, 7, 9, 7, 9, 7]
    result = both([float(v) for v in above], "high")
    assert types_at(result, range(7)) == {IMPROVEMENT}


def test_trend_points_are_typed_by_their_side_of_the_mean():
    values = [11, 9, 11, 7, 8, 9, 10, 11, 12, 13, 9, 11, 9]
    # mean 130/13 = 10, amR 22/12: limits 10 ± 4.88, near 10 ± 3.25: nothing near or
    # outside, no run. Points 3..9 rise strictly (7, 8, ..., 13): all special cause.
    # The rule types each by its side of the mean (high: above is improvement);
    # point 6 (10) lies exactly on the mean and takes the trend's own direction (up).
    result = both([float(v) for v in values], "high")
    assert result.mean == 10.0
    assert types_at(result, [3, 4, 5]) == {CONCERN}
    assert types_at(result, [6, 7, 8, 9]) == {IMPROVEMENT}
    assert types_at(result, [0, 1, 2, 10, 11, 12]) == {COMMON}
    low = both([float(v) for v in values], "low")
    assert types_at(low, [3, 4, 5]) == {IMPROVEMENT}
    assert types_at(low, [6, 7, 8, 9]) == {CONCERN}
    none = both([float(v) for v in values], "none")
    assert types_at(none, [3, 4, 5]) == {LOW}
    assert types_at(none, [6, 7, 8, 9]) == {HIGH}


def test_falling_trend_mirrors_the_rising_one():
    values = [20 - v for v in [11, 9, 11, 7, 8, 9, 10, 11, 12, 13, 9, 11, 9]]
    result = both([float(v) for v in values], "low")
    # 13, 12, 11 above the mean 10 (bad for low); 10 on it falls (good); 9, 8, 7 below (good).
    assert types_at(result, [3, 4, 5]) == {CONCERN}
    assert types_at(result, [6, 7, 8, 9]) == {IMPROVEMENT}
    maintain = both([float(v) for v in values], "maintain")
    assert types_at(maintain, [3, 4, 5]) == {HIGH}
    assert types_at(maintain, [6, 7, 8, 9]) == {LOW}


def test_trend_of_six_is_not_special():
    values = [11, 9, 11, 9.5, 8, 9, 10, 11, 12, 13, 9, 11, 9]
    result = both([float(v) for v in values], "high")
    assert set(result.point_types) == {COMMON}


def test_equal_neighbours_break_a_trend():
    values = [11, 9, 11, 7, 8, 9, 9, 11, 12, 13, 9, 11, 9]
    assert set(both([float(v) for v in values], "high").point_types) == {COMMON}


def test_rising_then_falling_trends_are_typed_by_side_of_the_mean():
    zigzag = [4, 16, 4, 16, 4, 16]
    mountain = [7, 8, 9, 10, 11, 12, 13, 12, 11, 10, 9, 8, 7]
    # mean 187/19 = 9.84, amR 81/18 = 4.5: upper limit 21.8, near 17.8; the zigzag is common.
    # Every mountain point is in a trend; those above the mean are improvement (high).
    result = both([float(v) for v in zigzag + mountain], "high")
    assert types_at(result, range(6)) == {COMMON}
    assert types_at(result, [6, 7, 8, 16, 17, 18]) == {CONCERN}
    assert types_at(result, range(9, 16)) == {IMPROVEMENT}
    assert result.variation == CONCERN


def test_trend_at_the_end_sets_the_variation_icon():
    values = [9, 11] * 4 + [4, 5, 6, 7, 8, 9, 10]
    result = both([float(v) for v in values], "high")
    assert result.point_types[-1] == IMPROVEMENT
    assert result.variation == IMPROVEMENT
    assert both([float(v) for v in values], "none").variation == HIGH


# 34 points around a mean of exactly 10; moving ranges 2 apart from the features, so
# amR = 8/3 after checking: upper near limit 10 + (2/3)(2.66)(8/3) = 14.73, upper
# limit 17.09. The 15s and 5s lie between; 11 and 9 do not.
ZIG = [9, 11] * 5


def test_two_of_three_near_the_limit():
    values = ZIG + [15, 11, 15] + [9, 11] * 4 + [5, 9, 5] + [11, 9] * 5
    result = both([float(v) for v in values], "high")
    assert result.mean == 10.0
    assert result.upper_limit == pytest.approx(10 + 2.66 * 8 / 3)
    assert result.point_types[10] == result.point_types[12] == IMPROVEMENT
    assert result.point_types[11] == COMMON  # in the window, not near the limit
    assert result.point_types[21] == result.point_types[23] == CONCERN
    assert result.point_types[22] == COMMON
    assert types_at(result, set(range(34)) - {10, 12, 21, 23}) == {COMMON}


def test_two_adjacent_near_points():
    values = ZIG + [15, 15, 11] + [9, 11] * 4 + [5, 5, 9] + [11, 9] * 5
    result = both([float(v) for v in values], "high")
    flagged = {i for i, t in enumerate(result.point_types) if t != COMMON}
    assert flagged == {10, 11, 21, 22}


def test_one_near_point_in_three_is_not_special():
    values = ZIG + [15, 11, 11] + [9, 11] * 4 + [5, 9, 9] + [11, 9] * 5
    assert set(both([float(v) for v in values], "high").point_types) == {COMMON}


def test_two_near_points_need_all_three_on_one_side():
    # 16, 9, 16: both 16s are near the limit (amR 104/33: near limit 15.59) but the
    # 9 between them is below the mean.
    values = ZIG + [16, 9, 16] + [9, 11] * 4 + [4, 11, 4] + [11, 9] * 5
    result = both([float(v) for v in values], "high")
    assert result.upper_limit > 16 > 10 + 2 * 2.66 / 3 * 104 / 33
    assert set(result.point_types) == {COMMON}


# Exact boundaries. Zigzags of ±75 (moving range 150) with features whose moving
# ranges into far neighbours (±1700, ±1650) are screened out; a ±150 zigzag makes up
# for the two zero moving ranges inside each triple. The kept moving ranges then
# average exactly 150 and the mean is exactly 0, so the limits are exactly ±399
# (2.66 × 150) and the near limits exactly ±266 ((2/3) × 2.66 × 150).


def _z(count, amplitude=75):
    return [amplitude * (-1) ** i for i in range(count)]


def _triples(u, far):
    return (
        _z(6) + [-far, u, u, u, -far] + _z(6) + [-v for v in _z(6, 150)] + _z(6)
        + [far, -u, -u, -u, far] + _z(6)
    )  # fmt: skip


def _singles(v):
    return _z(12) + [-1650, v, -1650] + _z(12) + [1650, -v, 1650] + _z(12)


def _exact_mean_and_amr(values):
    xs = [Fraction(v) for v in values]
    ranges = [abs(b - a) for a, b in zip(xs, xs[1:], strict=False)]
    first = sum(ranges) / len(ranges)
    kept = [r for r in ranges if r < Fraction("3.267") * first]
    return sum(xs) / len(xs), sum(kept) / len(kept)


@pytest.mark.parametrize(
    ("u", "far", "flagged"),
    [
        (266, 1700, False),  # exactly on the near limit: not beyond it
        (267, 1700, True),  # just beyond the near limit
        (399, 1850, True),  # exactly on the process limit: near, not outside
    ],
)
def test_near_limit_zone_boundaries(u, far, flagged):
    values = _triples(u, far)
    assert _exact_mean_and_amr(values) == (0, 150)
    result = both([float(v) for v in values], "high")
    assert (result.mean, result.upper_limit, result.lower_limit) == (0.0, 399.0, -399.0)
    top = values.index(u)
    bottom = values.index(-u)
    expected_top = IMPROVEMENT if flagged else COMMON
    expected_bottom = CONCERN if flagged else COMMON
    assert types_at(result, range(top, top + 3)) == {expected_top}
    assert types_at(result, range(bottom, bottom + 3)) == {expected_bottom}
    # The far neighbours are outside the limits.
    assert result.point_types[top - 1] == CONCERN and result.point_types[bottom - 1] == IMPROVEMENT


@pytest.mark.parametrize(("v", "outside"), [(399, False), (400, True)])
def test_process_limit_boundary(v, outside):
    values = _singles(v)
    assert _exact_mean_and_amr(values) == (0, 150)
    result = both([float(x) for x in values], "high")
    assert (result.upper_limit, result.lower_limit) == (399.0, -399.0)
    top, bottom = values.index(v), values.index(-v)
    assert result.point_types[top] == (IMPROVEMENT if outside else COMMON)
    assert result.point_types[bottom] == (CONCERN if outside else COMMON)


def test_constant_series_has_zero_width_limits():
    # Every moving range is 0, which is ">= 3.267 × 0", so all are screened out and
    # amR is taken as 0: limits equal the mean and no point lies beyond them.
    result = both([5.0] * 12, "high", 6.0)
    assert (result.mean, result.lower_limit, result.upper_limit) == (5.0, 5.0, 5.0)
    assert set(result.point_types) == {COMMON}
    assert result.assurance == "consistent-fail"
    # Any departure from a flat line is then outside the limits.
    result = both([5.0] * 11 + [5.5], "low")
    assert result.point_types[-1] == CONCERN


# --- assurance ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "polarity", "expected"),
    [
        (16.0, "high", "consistent-fail"),  # above the upper limit 15.32
        (16.0, "low", "consistent-pass"),
        (4.0, "high", "consistent-pass"),  # below the lower limit 4.68
        (4.0, "low", "consistent-fail"),
        (10.0, "high", "inconsistent"),
        (15.0, "low", "inconsistent"),
        (10 + 2.66 * 2, "high", "inconsistent"),  # on the upper limit
        (10 - 2.66 * 2, "low", "inconsistent"),  # on the lower limit
        (16.0, "maintain", None),
        (16.0, "none", None),
        (None, "high", None),
        ("Increase", "high", None),
        ("TBC", "low", None),
    ],
)
def test_assurance(target, polarity, expected):
    result = both([9.0, 11.0] * 6, polarity, target if not isinstance(target, str) else None)
    assert result.assurance == expected
    assert spc([9.0, 11.0] * 6, polarity, target).assurance == expected


# --- missing values -------------------------------------------------------------------


def test_missing_values_are_skipped():
    values = [11, 9, 11, 7, 8, 9, 10, 11, 12, 13, 9, 11, 9]
    gappy = [None, 11, 9, None, 11, 7, 8, None, 9, 10, 11, 12, 13, 9, 11, 9, None]
    full = both([float(v) for v in values], "high")
    sparse = both([None if v is None else float(v) for v in gappy], "high", 10.0)
    present = [t for t in sparse.point_types if t is not None]
    assert tuple(present) == full.point_types
    assert [i for i, t in enumerate(sparse.point_types) if t is None] == [0, 3, 7, 16]
    assert sparse.mean == full.mean
    assert sparse.variation == full.variation  # the last value present
    assert both([math.nan if v is None else float(v) for v in gappy], "high") is not None


def test_infinite_values_are_rejected():
    with pytest.raises(ValueError):
        spc([1.0] * 11 + [math.inf], "high")
    with pytest.raises(ValueError):
        spc_batch(np.array([[1.0] * 11 + [math.inf]]), ["high"])


# --- properties -----------------------------------------------------------------------

series = st.lists(st.integers(-20, 20).map(float), min_size=12, max_size=40)


@quiet
@given(series)
def test_negating_values_and_polarity_gives_the_same_types(values):
    # Negation is exact in floating point, so limits mirror exactly.
    high = spc(values, "high", 3.0)
    low = spc([-v for v in values], "low", -3.0)
    assert high.point_types == low.point_types
    assert high.assurance == low.assurance
    assert high.mean == -low.mean and high.upper_limit == -low.lower_limit


@quiet
@given(series)
def test_polarity_only_relabels_special_causes(values):
    high = spc(values, "high").point_types
    low = spc(values, "low").point_types
    none = spc(values, "none").point_types
    swap = {IMPROVEMENT: CONCERN, CONCERN: IMPROVEMENT, COMMON: COMMON}
    assert tuple(swap[t] for t in high) == low
    neutral = {IMPROVEMENT: HIGH, CONCERN: LOW, COMMON: COMMON}
    assert tuple(neutral[t] for t in high) == none
    assert spc(values, "maintain").point_types == none


@quiet
@given(series)
def test_points_outside_the_limits_are_always_special(values):
    result = spc(values, "high")
    for value, kind in zip(values, result.point_types, strict=True):
        if value > result.upper_limit or value < result.lower_limit:
            assert kind != COMMON
        assert result.lower_limit <= result.mean <= result.upper_limit
