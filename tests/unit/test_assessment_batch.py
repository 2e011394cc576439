"""The vectorised path gives exactly the scalar API's results (property tests)."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellboard.indicators.assessment import (
    ASSURANCES,
    DIRECTIONS,
    POLARITIES,
    RAG_STATUSES,
    SPC_POINT_TYPES,
    TARGET_WORDS,
    AssessmentError,
    Tolerance,
    calculated_rag,
    direction,
    previous_values,
    spc,
)
from wellboard.indicators.assessment_batch import (
    assess_batch,
    decode,
    direction_batch,
    encode_target,
    polarity_codes,
    previous_batch,
    rag_batch,
    spc_batch,
)

thorough = settings(
    database=None, max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Values on a coarse grid produce ties, runs, trends and values exactly on targets and
# tolerance bands; the float strategy covers everything in between.
grid_values = st.integers(-8, 8).map(lambda i: i / 2)
float_values = st.floats(-1e4, 1e4, allow_nan=False, allow_subnormal=False)
cell_targets = st.one_of(
    st.none(),
    st.integers(-8, 8).map(lambda i: i / 2),
    st.sampled_from(["Increase", "Reduce", "Maintain", "TBC"]),
)
tolerances = st.builds(
    Tolerance, st.sampled_from([0.0, 0.5, 1.0, 2.5, 5.0, 10.0, 50.0]), st.booleans()
)


@st.composite
def batches(draw, values=grid_values):
    rows = draw(st.integers(1, 5))
    cols = draw(st.integers(0, 30))
    cell = st.one_of(values, st.none()) if draw(st.booleans()) else values
    series = [draw(st.lists(cell, min_size=cols, max_size=cols)) for _ in range(rows)]
    targets = [draw(st.lists(cell_targets, min_size=cols, max_size=cols)) for _ in range(rows)]
    polarity = draw(st.lists(st.sampled_from(POLARITIES), min_size=rows, max_size=rows))
    per_point = draw(st.booleans())
    if per_point:
        tols = [draw(st.lists(tolerances, min_size=cols, max_size=cols)) for _ in range(rows)]
    else:
        tols = [[t] * cols for t in draw(st.lists(tolerances, min_size=rows, max_size=rows))]
    return series, targets, polarity, tols


def to_arrays(series, targets, polarity, tols):
    shape = (len(series), len(series[0]))
    values = np.array([[math.nan if v is None else v for v in row] for row in series]).reshape(
        shape
    )
    encoded = [[encode_target(t) for t in row] for row in targets]
    numeric = np.array([[n for n, _ in row] for row in encoded]).reshape(shape)
    words = np.array([[w for _, w in row] for row in encoded], dtype=np.int8).reshape(shape)
    amounts = np.array([[t.amount for t in row] for row in tols]).reshape(shape)
    relative = np.array([[t.relative for t in row] for row in tols], dtype=bool).reshape(shape)
    return values, numeric, polarity_codes(list(polarity)), amounts, relative, words


def last_numeric_target(series, targets):
    present = [j for j, v in enumerate(series) if v is not None]
    if not present:
        return None
    target = targets[present[-1]]
    return target if isinstance(target, float) else None


def check_equivalent(series, targets, polarity, tols):
    values, numeric, pol, amounts, relative, words = to_arrays(series, targets, polarity, tols)
    result = assess_batch(values, numeric, pol, amounts, relative, words)
    for i, row in enumerate(series):
        previous = previous_values(row)
        for j, value in enumerate(row):
            rating = calculated_rag(value, targets[i][j], polarity[i], tols[i][j], previous[j])
            assert RAG_STATUSES[result.rag[i, j]] == rating.status, (i, j)
            assert DIRECTIONS[result.direction[i, j]] == direction(
                value, previous[j], polarity[i]
            ), (i, j)
        expected = spc(row, polarity[i], last_numeric_target(row, targets[i]))
        if expected is None:
            assert math.isnan(result.spc.mean[i])
            assert math.isnan(result.spc.lower_limit[i]) and math.isnan(result.spc.upper_limit[i])
            assert not result.spc.point_types[i].any()
            assert result.spc.variation[i] == 0 and result.spc.assurance[i] == 0
        else:
            assert result.spc.mean[i] == expected.mean
            assert result.spc.lower_limit[i] == expected.lower_limit
            assert result.spc.upper_limit[i] == expected.upper_limit
            assert tuple(SPC_POINT_TYPES[c] for c in result.spc.point_types[i]) == (
                expected.point_types
            )
            assert SPC_POINT_TYPES[result.spc.variation[i]] == expected.variation
            assert ASSURANCES[result.spc.assurance[i]] == expected.assurance
    return result


@thorough
@given(batches())
def test_batch_matches_scalar_on_a_grid(batch):
    check_equivalent(*batch)


@thorough
@given(batches(values=float_values))
def test_batch_matches_scalar_on_floats(batch):
    check_equivalent(*batch)


@st.composite
def long_series(draw):
    """Series long enough for SPC, built from steps so that trends and runs are common."""
    rows = draw(st.integers(1, 4))
    cols = draw(st.integers(12, 45))
    series = []
    for _ in range(rows):
        steps = draw(st.lists(st.integers(-3, 3), min_size=cols, max_size=cols))
        level = draw(st.integers(-5, 5))
        row = []
        for step in steps:
            level += step
            row.append(float(level))
        gaps = draw(st.lists(st.integers(0, cols - 1), max_size=3))
        series.append([None if j in gaps else v for j, v in enumerate(row)])
    targets = [
        [draw(st.one_of(st.none(), st.integers(-20, 20).map(float)))] * cols for _ in range(rows)
    ]
    polarity = draw(st.lists(st.sampled_from(POLARITIES), min_size=rows, max_size=rows))
    tols = [[Tolerance(5.0)] * cols for _ in range(rows)]
    return series, targets, polarity, tols


@thorough
@given(long_series())
def test_batch_matches_scalar_spc_on_walks(batch):
    check_equivalent(*batch)


@thorough
@given(batches(), st.integers(1, 5))
def test_padding_with_missing_values_changes_nothing(batch, extra):
    values, numeric, pol, amounts, relative, words = to_arrays(*batch)
    plain = assess_batch(values, numeric, pol, amounts, relative, words)
    pad = ((0, 0), (0, extra))
    padded = assess_batch(
        np.pad(values, pad, constant_values=np.nan),
        np.pad(numeric, pad, constant_values=np.nan),
        pol,
        np.pad(amounts, pad, mode="edge") if amounts.size else np.full((len(pol), extra), 5.0),
        np.pad(relative, pad, mode="edge") if relative.size else np.ones((len(pol), extra), bool),
        np.pad(words, pad),
    )
    cols = values.shape[1]
    assert np.array_equal(padded.rag[:, :cols], plain.rag)
    assert (padded.rag[:, cols:] == RAG_STATUSES.index("no-data")).all()
    assert np.array_equal(padded.direction[:, :cols], plain.direction)
    assert np.array_equal(padded.spc.point_types[:, :cols], plain.spc.point_types)
    assert np.array_equal(padded.spc.mean, plain.spc.mean, equal_nan=True)
    assert np.array_equal(padded.spc.variation, plain.spc.variation)
    assert np.array_equal(padded.spc.assurance, plain.spc.assurance)


@thorough
@given(batches())
def test_rows_are_independent(batch):
    values, numeric, pol, amounts, relative, words = to_arrays(*batch)
    together = assess_batch(values, numeric, pol, amounts, relative, words)
    for i in range(values.shape[0]):
        alone = assess_batch(
            values[i : i + 1], numeric[i : i + 1], pol[i : i + 1], amounts[i : i + 1],
            relative[i : i + 1], words[i : i + 1],
        )  # fmt: skip
        assert np.array_equal(alone.rag[0], together.rag[i])
        assert np.array_equal(alone.spc.point_types[0], together.spc.point_types[i])


# --- the batch functions on their own -------------------------------------------------


def test_previous_batch_skips_gaps():
    nan = math.nan
    got = previous_batch(np.array([[1.0, nan, nan, 4.0, 5.0], [nan, 2.0, 3.0, nan, nan]]))
    expected = np.array([[nan, 1.0, 1.0, 1.0, 4.0], [nan, nan, 2.0, 3.0, 3.0]])
    assert np.array_equal(got, expected, equal_nan=True)


def test_direction_batch_codes():
    values = np.array([[1.0, 2.0, 2.0, 1.0], [1.0, 2.0, 2.0, 1.0]])
    got = decode(direction_batch(values, ["low", "none"]), DIRECTIONS)
    assert got.tolist() == [
        ["n/a", "worsening", "no-change", "improving"],
        ["n/a", "increasing", "no-change", "decreasing"],
    ]


def test_rag_batch_defaults_to_five_percent_relative():
    values = np.array([[80.0, 76.0, 75.9]])
    got = decode(rag_batch(values, np.full(values.shape, 80.0), ["high"]), RAG_STATUSES)
    assert got.tolist() == [["green", "amber", "red"]]


def test_rag_batch_absolute_tolerance_per_series():
    values = np.array([[78.0], [78.0]])
    got = rag_batch(
        values, np.full(values.shape, 80.0), ["high", "high"], [2.0, 1.0], [False, False]
    )
    assert decode(got, RAG_STATUSES).tolist() == [["amber"], ["red"]]


def test_spc_batch_without_targets_has_no_assurance():
    values = np.array([[9.0, 11.0] * 6])
    result = spc_batch(values, ["high"])
    assert result.assurance.tolist() == [0]
    assert result.mean.tolist() == [10.0]


def test_spc_batch_short_rows():
    result = spc_batch(np.ones((3, 5)), ["high"] * 3)
    assert np.isnan(result.mean).all() and not result.point_types.any()


def test_batch_labels():
    values = np.array([[9.0, 11.0] * 6])
    result = assess_batch(values, np.full(values.shape, 20.0), ["high"])
    assert result.rag_labels().tolist() == [["red"] * 12]
    assert result.direction_labels().tolist() == [
        ["n/a"] + ["improving", "worsening"] * 5 + ["improving"]
    ]
    assert result.spc_labels().tolist() == [["common_cause"] * 12]
    assert result.variation_labels().tolist() == ["common_cause"]
    assert result.assurance_labels().tolist() == ["consistent-fail"]


def test_encode_target():
    number, code = encode_target("Increase")
    assert math.isnan(number) and code == TARGET_WORDS.index("Increase")
    assert encode_target("12") == (12.0, 0)
    nan, code = encode_target(None)
    assert math.isnan(nan) and code == 0


def test_polarity_codes():
    assert polarity_codes(["none", "high", "low", "maintain"]).tolist() == [0, 1, 2, 3]
    assert polarity_codes("low", 3).tolist() == [2, 2, 2]
    assert polarity_codes(np.array([3, 1])).tolist() == [3, 1]
    with pytest.raises(AssessmentError):
        polarity_codes(np.array([4]))
    with pytest.raises(AssessmentError):
        polarity_codes(["sideways"])
    with pytest.raises(AssessmentError):
        polarity_codes(["high"], 2)
    with pytest.raises(AssessmentError):
        polarity_codes("high")


def test_batch_rejects_bad_shapes_and_values():
    with pytest.raises(AssessmentError):
        assess_batch(np.ones(5), np.ones(5), ["high"])
    with pytest.raises(AssessmentError):
        assess_batch(np.array([[1.0, math.inf]]), np.ones((1, 2)), ["high"])
    with pytest.raises(AssessmentError):
        rag_batch(np.ones((2, 3)), np.ones((2, 3)), ["high", "low"], np.ones((3, 3)))
