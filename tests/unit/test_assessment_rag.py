"""Calculated RAG, direction of travel and input parsing (scalar API)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wellboard.indicators.assessment import (
    DEFAULT_TOLERANCE,
    AssessmentError,
    Polarity,
    Rating,
    TargetWord,
    Tolerance,
    calculated_rag,
    direction,
    parse_number,
    parse_polarity,
    parse_target,
    parse_tolerance,
    previous_values,
)

quiet = settings(database=None)


def status(*args, **kwargs):
    return calculated_rag(*args, **kwargs).status


# --- numeric targets: every boundary ----------------------------------------------------
# Target 80 with the default 5% gives a band of exactly 4.0 (80 * 5 / 100).


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (92.3, "green"),
        (80.0, "green"),  # exactly at target
        (79.99, "amber"),  # just below target
        (76.0, "amber"),  # exactly target - tol
        (75.99, "red"),  # just beyond
        (0.0, "red"),
    ],
)
def test_high_polarity_relative_tolerance(value, expected):
    assert status(value, 80.0, "high") == expected
    assert status(value, 80.0, "high", "5%") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (50.0, "green"),
        (80.0, "green"),  # exactly at target
        (80.01, "amber"),
        (84.0, "amber"),  # exactly target + tol
        (84.01, "red"),
    ],
)
def test_low_polarity_relative_tolerance(value, expected):
    assert status(value, 80.0, "low") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (80.0, "green"),
        (84.0, "green"),  # |value - target| == tol
        (76.0, "green"),
        (84.01, "red"),
        (75.99, "red"),
    ],
)
def test_maintain_polarity(value, expected):
    assert status(value, 80.0, "maintain") == expected


@pytest.mark.parametrize(
    ("value", "polarity", "expected"),
    [
        (78.0, "high", "amber"),  # target - 2 units
        (77.99, "high", "red"),
        (76.5, "high", "red"),  # inside the 5% band, outside the 2-unit one
        (82.0, "low", "amber"),
        (82.01, "low", "red"),
        (82.0, "maintain", "green"),
        (77.99, "maintain", "red"),
    ],
)
def test_absolute_tolerance(value, polarity, expected):
    assert status(value, 80.0, polarity, "2") == expected
    assert status(value, 80.0, polarity, Tolerance(2.0, relative=False)) == expected


def test_relative_tolerance_scales_with_the_target():
    # 10% of 200 is 20: 180 is within, 179.9 beyond.
    assert status(180.0, 200.0, "high", "10%") == "amber"
    assert status(179.9, 200.0, "high", "10%") == "red"


def test_relative_tolerance_of_a_negative_target_is_a_positive_band():
    # A target of -80 still has a band of 4.
    assert status(-84.0, -80.0, "high") == "amber"
    assert status(-84.01, -80.0, "high") == "red"
    assert status(-76.0, -80.0, "low") == "amber"


def test_zero_tolerance_leaves_no_amber():
    assert status(79.99, 80.0, "high", "0%") == "red"
    assert status(80.0, 80.0, "high", "0") == "green"
    assert status(80.0, 80.0, "maintain", "0") == "green"
    assert status(80.01, 80.0, "maintain", "0") == "red"


def test_zero_target_relative_tolerance():
    assert status(0.0, 0.0, "high") == "green"
    assert status(-0.001, 0.0, "high") == "red"


# --- no data / no target --------------------------------------------------------------


@pytest.mark.parametrize("value", [None, math.nan])
def test_no_value_is_no_data(value):
    assert status(value, 80.0, "high") == "no-data"
    assert status(value, None, "none") == "no-data"
    assert status(value, "Increase", "high", previous=3.0) == "no-data"


@pytest.mark.parametrize(
    ("target", "polarity"),
    [
        (None, "high"),
        ("", "low"),
        ("TBC", "high"),
        ("tbc", "maintain"),
        (TargetWord.TBC, "low"),
        (80.0, "none"),
        ("Increase", "none"),
        ("Maintain", "none"),
    ],
)
def test_no_target(target, polarity):
    assert status(50.0, target, polarity, previous=40.0) == "no-target"


# --- target words ---------------------------------------------------------------------
# Previous value 100 with 5% gives a band of exactly 5.


@pytest.mark.parametrize(
    ("value", "increase", "reduce"),
    [
        (110.0, "green", "red"),
        (105.01, "green", "red"),  # just beyond tol
        (105.0, "amber", "amber"),  # exactly +tol: within either way
        (100.0, "amber", "amber"),  # no change
        (95.0, "amber", "amber"),  # exactly -tol: within
        (94.99, "red", "green"),
        (104.99, "amber", "amber"),
        (95.01, "amber", "amber"),
        (90.0, "red", "green"),
    ],
)
def test_increase_and_reduce(value, increase, reduce):
    assert status(value, "Increase", "high", previous=100.0) == increase
    assert status(value, "Reduce", "low", previous=100.0) == reduce
    assert status(value, TargetWord.INCREASE, "high", previous=100.0) == increase


def test_reduce_boundaries_are_symmetric():
    assert status(95.0, "Reduce", "low", previous=100.0) == "amber"
    assert status(94.99, "Reduce", "low", previous=100.0) == "green"
    assert status(105.0, "Reduce", "low", previous=100.0) == "amber"
    assert status(105.01, "Reduce", "low", previous=100.0) == "red"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100.0, "green"), (105.0, "green"), (95.0, "green"), (105.01, "red"), (94.99, "red")],
)
def test_maintain_word(value, expected):
    assert status(value, "Maintain", "high", previous=100.0) == expected
    assert status(value, "maintain", "maintain", previous=100.0) == expected


def test_target_word_decides_direction_whatever_the_polarity():
    assert status(110.0, "Increase", "low", previous=100.0) == "green"
    assert status(110.0, "Reduce", "high", previous=100.0) == "red"
    assert status(110.0, "Increase", "maintain", previous=100.0) == "green"


def test_target_word_tolerance_is_relative_to_the_previous_value():
    # 5% of the previous 200 is 10, so +8 is within; an absolute 2 makes it beyond.
    assert status(208.0, "Increase", "high", previous=200.0) == "amber"
    assert status(208.0, "Increase", "high", "2", previous=200.0) == "green"
    assert status(-95.0, "Increase", "high", previous=-100.0) == "amber"  # band 5, gain 5


@pytest.mark.parametrize("word", ["Increase", "Reduce", "Maintain"])
def test_target_word_without_previous_is_no_data(word):
    rating = calculated_rag(50.0, word, "high")
    assert rating.status == "no-data"
    assert "no previous value" in rating.explanation


# --- explanations ---------------------------------------------------------------------


def test_explanation_matches_the_specification_example():
    assert calculated_rag(92.3, 80.0, "high", unit="%") == Rating(
        "green", "92.3% against a target of 80.0%, higher is better: met"
    )


@pytest.mark.parametrize(
    ("args", "kwargs", "fragments"),
    [
        ((78.0, 80.0, "high"), {}, ["higher is better", "missed by 2.0", "within", "4.0"]),
        ((70.0, 80.0, "high"), {}, ["missed by 10.0", "beyond the tolerance of 4.0 (5% of 80.0)"]),
        ((90.0, 80.0, "low"), {}, ["lower is better", "missed by 10.0", "beyond"]),
        ((82.0, 80.0, "maintain"), {}, ["to be maintained", "off by 2.0", "within"]),
        ((78.0, 80.0, "high", "2"), {}, ["within the tolerance of 2.0"]),
        ((110.0, "Increase", "high"), {"previous": 100.0}, ["previous value 100.0", "up by 10.0"]),
        ((100.0, "Reduce", "high"), {"previous": 100.0}, ["target Reduce", "no change"]),
        ((50.0, None, "high"), {}, ["no target"]),
        ((50.0, "TBC", "high"), {}, ["TBC"]),
        ((50.0, 40.0, "none"), {}, ["polarity none"]),
        ((None, 40.0, "high"), {}, ["no value"]),
    ],
)
def test_explanations_say_why(args, kwargs, fragments):
    explanation = calculated_rag(*args, **kwargs).explanation
    assert "\n" not in explanation
    for fragment in fragments:
        assert fragment in explanation


def test_explanation_hides_binary_noise():
    # 92.3 - 80.2 is 12.099999999999994 in binary floating point.
    assert "missed by 12.1" in calculated_rag(80.2, 92.3, "high", "20%").explanation


# --- bad arguments --------------------------------------------------------------------


def test_scalar_api_rejects_bad_input():
    with pytest.raises(AssessmentError, match="'sideways'"):
        calculated_rag(1.0, 2.0, "sideways")
    with pytest.raises(AssessmentError, match="'More'"):
        calculated_rag(1.0, "More", "high")
    with pytest.raises(AssessmentError, match="'5%%'"):
        calculated_rag(1.0, 2.0, "high", "5%%")
    with pytest.raises(AssessmentError):
        calculated_rag(math.inf, 2.0, "high")
    with pytest.raises(AssessmentError):
        calculated_rag(1.0, math.inf, "high")


# --- parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5%", Tolerance(5.0, True)),
        ("2", Tolerance(2.0, False)),
        ("2.5", Tolerance(2.5, False)),
        (" 10 % ", Tolerance(10.0, True)),
        ("0%", Tolerance(0.0, True)),
        ("0", Tolerance(0.0, False)),
        ("", DEFAULT_TOLERANCE),
        ("   ", DEFAULT_TOLERANCE),
        (None, DEFAULT_TOLERANCE),
    ],
)
def test_parse_tolerance(text, expected):
    assert parse_tolerance(text) == expected


def test_default_tolerance_is_five_percent_relative():
    assert DEFAULT_TOLERANCE.amount == 5.0 and DEFAULT_TOLERANCE.relative
    assert str(DEFAULT_TOLERANCE) == "5%" and str(Tolerance(2.0, False)) == "2"


@pytest.mark.parametrize(
    "text", ["-1", "-5%", "abc", "5%%", "%", "five", "nan", "inf", "1e999", "5 pc"]
)
def test_bad_tolerance_names_the_text(text):
    with pytest.raises(AssessmentError) as caught:
        parse_tolerance(text)
    assert repr(text) in str(caught.value)


def test_tolerance_must_be_non_negative():
    with pytest.raises(AssessmentError):
        Tolerance(-1.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1.0),
        ("-2.5", -2.5),
        ("+3", 3.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        (" 7 ", 7.0),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_parse_number_empty_is_none():
    assert parse_number("") is None and parse_number("  ") is None


@pytest.mark.parametrize(
    "text", ["abc", "1,000", "1_000", "nan", "inf", "-inf", "92.3%", "1e999", "--1", "0x10"]
)
def test_parse_number_rejects(text):
    with pytest.raises(AssessmentError) as caught:
        parse_number(text)
    assert repr(text) in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80", 80.0),
        ("Increase", TargetWord.INCREASE),
        ("REDUCE", TargetWord.REDUCE),
        ("maintain", TargetWord.MAINTAIN),
        ("TBC", TargetWord.TBC),
        ("", None),
        (None, None),
        (12, 12.0),
    ],
)
def test_parse_target(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["More", "80%", "t.b.c.", "nan"])
def test_parse_target_rejects(text):
    with pytest.raises(AssessmentError, match=repr(text)):
        parse_target(text)


@pytest.mark.parametrize("text", ["high", "LOW", " maintain ", "None"])
def test_parse_polarity(text):
    assert parse_polarity(text) == Polarity(text.strip().lower())


@pytest.mark.parametrize("text", ["", "up", "higher", None])
def test_parse_polarity_rejects(text):
    with pytest.raises(AssessmentError):
        parse_polarity(text)


def test_previous_values_skip_gaps():
    assert previous_values([1.0, None, math.nan, 4.0, 5.0]) == [None, 1.0, 1.0, 1.0, 4.0]
    assert previous_values([]) == []


# --- direction of travel ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "previous", "polarity", "expected"),
    [
        (5.0, 4.0, "high", "improving"),
        (3.0, 4.0, "high", "worsening"),
        (4.0, 4.0, "high", "no-change"),
        (5.0, 4.0, "low", "worsening"),
        (3.0, 4.0, "low", "improving"),
        (4.0, 4.0, "low", "no-change"),
        (5.0, 4.0, "none", "increasing"),
        (3.0, 4.0, "none", "decreasing"),
        (4.0, 4.0, "none", "no-change"),
        (5.0, 4.0, "maintain", "increasing"),
        (3.0, 4.0, "maintain", "decreasing"),
        (4.0, 4.0, "maintain", "no-change"),
        (4.0, None, "high", "n/a"),
        (None, 4.0, "high", "n/a"),
        (math.nan, 4.0, "low", "n/a"),
        (None, None, "none", "n/a"),
    ],
)
def test_direction(value, previous, polarity, expected):
    assert direction(value, previous, polarity) == expected


# --- properties -----------------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False)
tolerances = st.builds(Tolerance, st.floats(0, 50), st.booleans())
RANK = {"red": 0, "amber": 1, "green": 2}


@quiet
@given(finite, finite, finite, tolerances)
def test_higher_value_never_rates_worse_for_high_polarity(a, b, target, tol):
    low, high = sorted((a, b))
    assert RANK[status(high, target, "high", tol)] >= RANK[status(low, target, "high", tol)]
    assert RANK[status(low, target, "low", tol)] >= RANK[status(high, target, "low", tol)]


@quiet
@given(finite, finite, tolerances)
def test_rating_is_always_one_of_the_statuses(value, target, tol):
    for polarity in Polarity:
        rating = calculated_rag(value, target, polarity, tol)
        assert rating.status in {"no-target", "red", "amber", "green"}
        assert rating.explanation


@quiet
@given(finite, finite)
def test_direction_mirrors_between_high_and_low(value, previous):
    high, low = direction(value, previous, "high"), direction(value, previous, "low")
    mirror = {"improving": "worsening", "worsening": "improving", "no-change": "no-change"}
    assert mirror[high] == low


@quiet
@given(finite, finite, tolerances)
def test_increase_mirrors_reduce(value, previous, tol):
    # Exact: negating both values negates the change without rounding.
    assert status(value, "Increase", "high", tol, previous) == status(
        -value, "Reduce", "high", tol, -previous
    )
