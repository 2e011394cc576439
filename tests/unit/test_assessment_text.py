"""Yes/no actuals and "Good is" words that are not a direction (wellboard.indicators.text_assessment)."""

import pytest

from wellboard.indicators.text_assessment import (
    assess_number_without_direction,
    assess_text,
    polarity_of,
    yes_no,
)


@pytest.mark.parametrize("text, read", [
    ("Yes", "yes"), (" achieved. ", "yes"), ("MET", "yes"), ("In place", "yes"), ("No", "no"),
    ("Not  achieved", "no"), ("n/a", "n/a"), ("N/A", "n/a"), ("Not applicable", "n/a"),
    ("Partially", None), ("", None), (None, None),
])
def test_yes_no_words(text, read):
    assert yes_no(text) == read


@pytest.mark.parametrize("good_is, polarity", [
    ("High", "high"), ("Higher", "high"), ("low", "low"), ("Lower", "low"), ("Maintain", "maintain"),
    ("Yes", "none"), ("No", "none"), ("n/a", "none"), ("Upwards", None), ("", None),
])
def test_good_is_words(good_is, polarity):
    assert polarity_of(good_is) == polarity


@pytest.mark.parametrize("actual, target, good_is, status, explanation", [
    ("Yes", "Yes", "", "met", "\u201cYes\u201d against a target of Yes: met"),
    ("Achieved", None, "Yes", "met", "\u201cAchieved\u201d against Good is Yes: met"),
    ("No", None, "Yes", "not-met", "\u201cNo\u201d against Good is Yes: not met"),
    ("No", "No", "Yes", "met", "\u201cNo\u201d against a target of No: met"),  # a yes/no target decides
    ("Yes", "TBC", "No", "not-met", "\u201cYes\u201d against Good is No: not met"),
    ("n/a", "Yes", "Yes", "not-assessed", "\u201cn/a\u201d: not applicable, so not assessed"),
    ("Yes", "Yes", "n/a", "not-assessed", "\u201cYes\u201d: Good is n/a, so not assessed"),
    ("Partially", "Yes", "", "not-assessed", "\u201cPartially\u201d cannot be read as yes or no, so not assessed"),
    ("Yes", None, "High", "not-assessed", "\u201cYes\u201d: no yes/no target or Good is to assess it against"),
])
def test_text_actuals_are_met_not_met_or_not_assessed_never_a_rag(actual, target, good_is, status, explanation):
    rating = assess_text(actual, target, good_is)
    assert (rating.status, rating.explanation) == (status, explanation)
    assert rating.status not in {"red", "amber", "green"}


def test_a_number_whose_good_is_is_not_a_direction_is_not_rated():
    rating = assess_number_without_direction("54.0%", "n/a")
    assert (rating.status, rating.explanation) == ("not-assessed", "54.0%: Good is n/a, which is not a direction, "
                                                                   "so not rated")
