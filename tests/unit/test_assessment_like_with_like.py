"""Direction of travel like with like (wellboard.indicators.like_with_like): pure engine, no database."""

from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.periods import financial_year, parse_period, quarter, year_to_date
from wellboard.indicators.assessment import direction, previous_values
from wellboard.indicators.like_with_like import compare_series, describe, is_partial


def test_seed_delayed_transfers_year_to_date_against_a_full_year_is_not_comparable():
    # Seed 000, indicator 2: 13,156 for April–February 2018/19 ("Feb 19") beside 15,342 for all of 2017/18.
    labels = ["15/16", "16/17", "17/18", "18/19"]
    periods = [parse_period("15/16"), parse_period("16/17"), parse_period("17/18"), year_to_date("Feb 19")]
    got = compare_series(labels, [13546, 14232, 15342, 13156], "low", periods)
    assert [c.direction for c in got] == ["n/a", "worsening", "worsening", "not-comparable"]
    assert got[3].explanation == "Not comparable: year to date Feb 19 against full year 2017/18"
    assert got[3].previous is None
    assert got[2].explanation == "17/18 compared with 16/17" and got[2].previous == 1


def test_a_partial_year_is_compared_with_the_same_months_a_year_earlier_wherever_they_lie():
    labels = ["YTD Feb 18", "17/18", "YTD Feb 19"]
    got = compare_series(labels, [15000, 15342, 13156], "low")
    assert got[2].direction == "improving" and got[2].previous == 0
    assert got[2].explanation == "Apr\u2013Feb 2018/19 compared with Apr\u2013Feb 2017/18"
    # The full year after a partial one: the only earlier value is partial.
    assert got[1].direction == "not-comparable"
    assert got[1].explanation == "Not comparable: full year 2017/18 against year to date Feb 18"


def test_a_full_year_skips_an_earlier_partial_year_to_the_previous_full_year():
    labels = ["16/17", "YTD Feb 18", "17/18"]
    got = compare_series(labels, [10, 99, 12], "high")
    assert (got[2].direction, got[2].previous, got[2].explanation) == ("improving", 0, "17/18 compared with 16/17")


def test_different_partial_spans_do_not_match():
    got = compare_series(["YTD Jan 18", "YTD Feb 19"], [1, 2], "high")
    assert got[1].direction == "not-comparable"
    assert got[1].explanation == "Not comparable: year to date Feb 19 against year to date Jan 18"


def test_a_leap_year_february_matches_the_february_before():
    # 2019/20 to Feb 2020 ends on the 29th; a year earlier ends on 28 February 2019.
    got = compare_series(["YTD Feb 19", "YTD Feb 20"], [5, 4], "low")
    assert (got[1].direction, got[1].previous) == ("improving", 0)


def test_a_year_to_march_is_the_whole_year():
    assert not is_partial(year_to_date("Mar 19")) and is_partial(year_to_date("Feb 19"))
    got = compare_series(["17/18", "YTD Mar 19"], [5, 6], "high")
    assert got[1].direction == "improving"
    assert describe(year_to_date("Mar 19"), "x") == "full year 2018/19"


def test_unreadable_labels_and_missing_values_compare_with_the_previous_present_value():
    got = compare_series(["Previous", "Latest"], [13.0, 12.1], "low")
    assert (got[1].direction, got[1].explanation) == ("improving", "Latest compared with Previous")
    got = compare_series(["Q1 2018/19", "Q2 2018/19", "Q3 2018/19"], [3, None, 2], "high")
    assert [c.direction for c in got] == ["n/a", "n/a", "worsening"]
    assert got[1].explanation == "no value" and got[0].explanation == "no earlier value to compare with"


def test_describe_spans():
    assert describe(year_to_date("Nov 18"), "18/19") == "Apr\u2013Nov 2018/19"
    assert describe(financial_year(2017), "17/18") == "full year 2017/18"
    assert describe(quarter(2018, 2), "Q2") == "Q2 2018/19"
    assert describe(None, "Latest") == "Latest"


LABELS = st.sampled_from(["2016/17", "Q1 2018/19", "Feb 19", "2015", "Latest", "YTD Mar 19", "anything"])
VALUES = st.one_of(st.none(), st.integers(-5, 5).map(float))


@given(st.lists(st.tuples(LABELS, VALUES), max_size=12), st.sampled_from(["high", "low", "maintain", "none"]))
def test_without_a_partial_period_it_is_the_plain_direction_of_travel(rows, polarity):
    labels, values = [r[0] for r in rows], [r[1] for r in rows]
    got = compare_series(labels, values, polarity)
    plain = [direction(v, p, polarity) for v, p in zip(values, previous_values(values), strict=True)]
    assert [c.direction for c in got] == plain
