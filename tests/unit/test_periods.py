"""Periods: parsing every accepted form, ordering, printing and every error case."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wellboard.core.periods import (
    EN_DASH,
    Period,
    PeriodError,
    PeriodKind,
    academic_year,
    calendar_year,
    financial_year,
    financial_year_of,
    financial_years,
    month,
    parse_period,
    parse_value_with_period,
    period_range,
    quarter,
    year_to_date,
)

D = dt.date
quiet = settings(database=None)


@pytest.mark.parametrize(
    ("label", "kind", "start", "end", "canonical"),
    [
        ("2016/17", "financial_year", D(2016, 4, 1), D(2017, 3, 31), "2016/17"),
        ("16/17", "financial_year", D(2016, 4, 1), D(2017, 3, 31), "2016/17"),
        ("FY2016/17", "financial_year", D(2016, 4, 1), D(2017, 3, 31), "2016/17"),
        ("fy 16/17", "financial_year", D(2016, 4, 1), D(2017, 3, 31), "2016/17"),
        ("2016/2017", "financial_year", D(2016, 4, 1), D(2017, 3, 31), "2016/17"),
        ("1999/00", "financial_year", D(1999, 4, 1), D(2000, 3, 31), "1999/00"),
        ("99/00", "financial_year", D(2099, 4, 1), D(2100, 3, 31), "2099/00"),
        ("Q1 2018/19", "quarter", D(2018, 4, 1), D(2018, 6, 30), "Q1 2018/19"),
        ("Q2 2018/19", "quarter", D(2018, 7, 1), D(2018, 9, 30), "Q2 2018/19"),
        ("Q3 2018/19", "quarter", D(2018, 10, 1), D(2018, 12, 31), "Q3 2018/19"),
        ("Q4 2018/19", "quarter", D(2019, 1, 1), D(2019, 3, 31), "Q4 2018/19"),
        ("2014/15 Q1", "quarter", D(2014, 4, 1), D(2014, 6, 30), "Q1 2014/15"),
        ("q4 19/20", "quarter", D(2020, 1, 1), D(2020, 3, 31), "Q4 2019/20"),
        ("2019-02", "month", D(2019, 2, 1), D(2019, 2, 28), "Feb 2019"),
        ("2020-02", "month", D(2020, 2, 1), D(2020, 2, 29), "Feb 2020"),
        ("Feb 19", "month", D(2019, 2, 1), D(2019, 2, 28), "Feb 2019"),
        ("Feb-19", "month", D(2019, 2, 1), D(2019, 2, 28), "Feb 2019"),
        ("February 2019", "month", D(2019, 2, 1), D(2019, 2, 28), "Feb 2019"),
        ("SEPT 2019", "month", D(2019, 9, 1), D(2019, 9, 30), "Sep 2019"),
        ("dec 2018", "month", D(2018, 12, 1), D(2018, 12, 31), "Dec 2018"),
        ("2015", "calendar_year", D(2015, 1, 1), D(2015, 12, 31), "2015"),
        ("Academic 2017/18", "academic_year", D(2017, 9, 1), D(2018, 8, 31), "Academic 2017/18"),
        ("academic year 17/18", "academic_year", D(2017, 9, 1), D(2018, 8, 31), "Academic 2017/18"),
        (
            "2018/19 to Feb 2019",
            "year_to_date",
            D(2018, 4, 1),
            D(2019, 2, 28),
            "2018/19 to Feb 2019",
        ),
        ("YTD Feb 19", "year_to_date", D(2018, 4, 1), D(2019, 2, 28), "2018/19 to Feb 2019"),
        ("ytd 2018-04", "year_to_date", D(2018, 4, 1), D(2018, 4, 30), "2018/19 to Apr 2018"),
        (
            f"2014/15 Q1 {EN_DASH} 2018/19 Q1",
            "range",
            D(2014, 4, 1),
            D(2018, 6, 30),
            f"Q1 2014/15 {EN_DASH} Q1 2018/19",
        ),
        (
            "Q1 2014/15 - Q1 2018/19",
            "range",
            D(2014, 4, 1),
            D(2018, 6, 30),
            f"Q1 2014/15 {EN_DASH} Q1 2018/19",
        ),
        ("2016/17-2018/19", "range", D(2016, 4, 1), D(2019, 3, 31), f"2016/17 {EN_DASH} 2018/19"),
        (
            "2019-02 - 2019-05",
            "range",
            D(2019, 2, 1),
            D(2019, 5, 31),
            f"Feb 2019 {EN_DASH} May 2019",
        ),
        ("2014 – 2015", "range", D(2014, 1, 1), D(2015, 12, 31), f"2014 {EN_DASH} 2015"),
        ("  Q2   2018/19 ", "quarter", D(2018, 7, 1), D(2018, 9, 30), "Q2 2018/19"),
    ],
)
def test_parse_every_form(label, kind, start, end, canonical):
    period = parse_period(label)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, canonical)
    assert str(period) == canonical
    assert parse_period(canonical) == period


def test_both_quarter_orders_and_dashes_mean_the_same():
    assert parse_period("2014/15 Q1") == parse_period("Q1 2014/15")
    assert parse_period(f"2014/15 Q1 {EN_DASH} 2018/19 Q1") == parse_period("Q1 2014/15-Q1 2018/19")


def test_every_spelling_of_a_financial_year_is_equal():
    spellings = ["2016/17", "16/17", "FY2016/17", "FY16/17", "2016/2017", "fy 2016/17"]
    assert len({parse_period(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    "label",
    [
        "",
        "   ",
        "Q5 2018/19",
        "Q0 2018/19",
        "Q1",
        "2016/18",
        "2016/15",
        "16/18",
        "2016-17",
        "2019-13",
        "2019-00",
        "2019-2",
        "Febr 2019",
        "Feb",
        "Feb 2019 Q1",
        "0000",
        "9999/00",
        "201",
        "20155",
        "Academic 2017/19",
        "Academic",
        "2018/19 to Jun 2019",
        "2018/19 to Q1 2018/19",
        "YTD 2019",
        f"2018/19 {EN_DASH} 2014/15",
        f"Q1 2018/19 {EN_DASH} Q4 2017/18",
        f"2016/17 {EN_DASH} Q1 2016/17",
        f"YTD Feb 19 {EN_DASH} 2019/20",
        f"2014/15 {EN_DASH}",
        f"{EN_DASH} 2014/15",
        "2014/15 — 2015/16",
        "next year",
        "1 April 2019",
    ],
)
def test_unreadable_labels_are_errors_naming_the_label(label):
    with pytest.raises(PeriodError) as caught:
        parse_period(label)
    assert repr(label) in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_non_text_label_is_an_error():
    with pytest.raises(PeriodError):
        parse_period(2016)


def test_constructor_errors():
    with pytest.raises(PeriodError):
        quarter(2018, 5)
    with pytest.raises(PeriodError):
        month(2019, 13)
    with pytest.raises(PeriodError, match="ends before it starts"):
        Period(PeriodKind.MONTH, D(2019, 2, 1), D(2019, 1, 31), "backwards")
    with pytest.raises(PeriodError, match="'Q1 2018/19' is not a month"):
        year_to_date("Q1 2018/19")


def test_period_kind_is_coerced_from_text():
    period = Period("month", D(2019, 2, 1), D(2019, 2, 28), "Feb 2019")
    assert period.kind is PeriodKind.MONTH
    assert period == month(2019, 2)


def test_ordering_is_by_end_then_start():
    fy = parse_period("2018/19")
    q4 = parse_period("Q4 2018/19")
    mar = parse_period("Mar 2019")
    ytd = year_to_date("Feb 2019")
    q3 = parse_period("Q3 2018/19")
    # All of fy, q4 and mar end on 31 March 2019; the later start sorts later.
    assert sorted([mar, fy, q4, ytd, q3]) == [q3, ytd, fy, q4, mar]
    assert fy < q4 < mar
    assert mar > q4 >= q4
    assert fy <= fy


def test_ordering_is_total_and_agrees_with_equality():
    fy = parse_period("2016/17")
    same_dates = parse_period("Q1 2016/17 – Q4 2016/17")
    assert (fy.start, fy.end) == (same_dates.start, same_dates.end)
    assert fy != same_dates
    assert (fy < same_dates) != (same_dates < fy)


def test_comparing_with_other_types_is_not_supported():
    with pytest.raises(TypeError):
        _ = parse_period("2016/17") < "2017/18"
    assert parse_period("2016/17") != "2016/17"


def test_sorting_labels_of_mixed_kinds():
    labels = ["2019/20", "Q1 2018/19", "Feb 19", "2018", "Academic 2018/19", "Q3 2018/19"]
    ordered = [p.label for p in sorted(parse_period(x) for x in labels)]
    assert ordered == [
        "Q1 2018/19",  # ends 30 Jun 2018
        "2018",  # 31 Dec 2018, starts 1 Jan 2018
        "Q3 2018/19",  # 31 Dec 2018, starts 1 Oct 2018
        "Feb 2019",  # 28 Feb 2019
        "Academic 2018/19",  # 31 Aug 2019
        "2019/20",  # 31 Mar 2020
    ]


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2019, 3, 31), "2018/19"),
        (D(2019, 4, 1), "2019/20"),
        (D(2019, 1, 1), "2018/19"),
        (D(2019, 12, 31), "2019/20"),
        (D(2000, 2, 29), "1999/00"),
    ],
)
def test_financial_year_of(day, label):
    assert financial_year_of(day).label == label


def test_year_to_date():
    ytd = year_to_date("Feb 19")
    assert (ytd.kind, ytd.start, ytd.end) == ("year_to_date", D(2018, 4, 1), D(2019, 2, 28))
    april = year_to_date(month(2018, 4))
    assert (april.start, april.end) == (D(2018, 4, 1), D(2018, 4, 30))
    march = year_to_date("2019-03")
    assert (march.start, march.end) == (D(2018, 4, 1), D(2019, 3, 31))
    assert march != financial_year(2018)  # same dates, different kind


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("92.3% Feb 19", "92.3%", "2018/19 to Feb 2019"),
        ("92.3% February 2019", "92.3%", "2018/19 to Feb 2019"),
        ("92.3% (Feb 19)", "92.3%", "2018/19 to Feb 2019"),
        ("1,234 2019-02", "1,234", "2018/19 to Feb 2019"),
        ("  75.5%   Apr 18 ", "75.5%", "2018/19 to Apr 2018"),
        ("12 of 15 Mar-20", "12 of 15", "2019/20 to Mar 2020"),
    ],
)
def test_value_with_partial_period(text, value, label):
    got_value, period = parse_value_with_period(text)
    assert got_value == value
    assert period is not None and period.label == label
    assert period.kind is PeriodKind.YEAR_TO_DATE


@pytest.mark.parametrize(
    "text",
    ["92.3%", "92.3% 2018/19", "92.3% Q1 2018/19", "Feb 19", "", "92.3% Febr 19", "92.3% 2015"],
)
def test_value_without_partial_period(text):
    assert parse_value_with_period(text) == (text.strip(), None)


def test_financial_years_lists_inclusive():
    years = financial_years("16/17", "2019/20")
    assert [p.label for p in years] == ["2016/17", "2017/18", "2018/19", "2019/20"]
    assert all(p.kind is PeriodKind.FINANCIAL_YEAR for p in years)
    assert [p.label for p in financial_years("2016/17", "FY2016/17")] == ["2016/17"]


@pytest.mark.parametrize(
    ("start", "end", "named"),
    [
        ("2019/20", "2016/17", "'2019/20'"),
        ("Q1 2016/17", "2019/20", "'Q1 2016/17'"),
        ("2016/17", "2019", "'2019'"),
        ("2016/17", "soon", "'soon'"),
    ],
)
def test_financial_years_errors(start, end, named):
    with pytest.raises(PeriodError, match=named):
        financial_years(start, end)


def test_range_endpoint_rules():
    with pytest.raises(PeriodError, match="cannot be a range endpoint"):
        period_range(year_to_date("Feb 19"), financial_year(2019))
    nested = period_range(quarter(2014, 1), quarter(2018, 1))
    with pytest.raises(PeriodError):
        period_range(nested, financial_year(2019))


def test_contains_and_days():
    fy = financial_year(2019)  # includes 29 Feb 2020
    assert fy.days == 366
    assert fy.contains(D(2020, 3, 31)) and not fy.contains(D(2020, 4, 1))
    assert calendar_year(2015).days == 365
    assert academic_year(2017).contains(D(2018, 8, 31))


# --- properties -----------------------------------------------------------------------

days = st.dates(min_value=D(2000, 1, 1), max_value=D(2098, 12, 31))


@quiet
@given(days)
def test_financial_year_of_contains_the_day(day):
    fy = financial_year_of(day)
    assert fy.contains(day)
    assert fy.days in (365, 366)
    assert parse_period(fy.label) == fy
    assert fy.start.month == 4 and fy.start.day == 1


@quiet
@given(st.integers(2000, 2098))
def test_quarters_partition_the_financial_year(year):
    qs = [quarter(year, n) for n in (1, 2, 3, 4)]
    fy = financial_year(year)
    assert qs[0].start == fy.start and qs[-1].end == fy.end
    for a, b in zip(qs, qs[1:], strict=False):
        assert b.start - a.end == dt.timedelta(days=1)
    assert sum(q.days for q in qs) == fy.days
    assert sorted(reversed(qs)) == qs
    for q in qs:
        assert parse_period(q.label) == q


@quiet
@given(days)
def test_month_and_year_to_date_round_trip(day):
    m = month(day.year, day.month)
    assert m.contains(day) and parse_period(m.label) == m
    assert parse_period(f"{day.year}-{day.month:02d}") == m
    ytd = year_to_date(m)
    assert ytd.start == financial_year_of(day).start and ytd.end == m.end
    assert parse_period(ytd.label) == ytd
    value, period = parse_value_with_period(f"42 {m.label}")
    assert (value, period) == ("42", ytd)


@quiet
@given(days, days)
def test_ordering_matches_dates(a, b):
    ma, mb = month(a.year, a.month), month(b.year, b.month)
    assert (ma < mb) == ((ma.end, ma.start) < (mb.end, mb.start))
    fa, fb = financial_year_of(a), financial_year_of(b)
    assert (fa <= fb) == (fa.start <= fb.start)
    if fa <= fb:
        labels = [p.label for p in financial_years(fa.label, fb.label)]
        assert len(labels) == fb.start.year - fa.start.year + 1
        assert parse_period(f"{fa.label} – {fb.label}").end == fb.end
