"""Fuzzy dates: parsing, bounds, ordering and the errors for bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrgraph.errors import InvalidDate
from nrgraph.fuzzydate import FuzzyDate, Precision
from nrgraph.namespaces import XSD


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("1997-05-27", Precision.DAY, "1997-05-27", "1997-05-27"),
        ("2021-10", Precision.MONTH, "2021-10-01", "2021-10-31"),
        ("2024-02", Precision.MONTH, "2024-02-01", "2024-02-29"),
        ("2023-02", Precision.MONTH, "2023-02-01", "2023-02-28"),
        ("2007", Precision.YEAR, "2007-01-01", "2007-12-31"),
    ],
)
def test_parse_gives_precision_and_bounds(text: str, precision: Precision, earliest: str, latest: str) -> None:
    date = FuzzyDate.parse(text)
    assert date.precision is precision
    assert date.earliest == dt.date.fromisoformat(earliest)
    assert date.latest == dt.date.fromisoformat(latest)
    assert str(date) == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2021-13", "month must be 01 to 12"),
        ("21-10-2021", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("October", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2023-02-29", "day 29 does not exist in 2023-02"),
        ("", "use YYYY"),
        ("2021-1", "use YYYY"),
        ("0000", "year must be 0001"),
    ],
)
def test_bad_input_says_what_would_be_valid(text: str, reason: str) -> None:
    with pytest.raises(InvalidDate, match=reason):
        FuzzyDate.parse(text)


def test_literal_round_trip_and_datatype_check() -> None:
    for text, datatype in [("2021-10-18", XSD.date), ("2021-10", XSD.gYearMonth), ("2021", XSD.gYear)]:
        literal = FuzzyDate.parse(text).to_literal()
        assert literal.datatype == datatype
        assert FuzzyDate.from_literal(str(literal), str(datatype)) == FuzzyDate.parse(text)
    with pytest.raises(InvalidDate, match="typed"):
        FuzzyDate.from_literal("2021-10", str(XSD.date))


def test_ordering_puts_the_more_precise_first_on_a_shared_start() -> None:
    dates = [FuzzyDate.parse(t) for t in ["2021", "2021-01", "2021-01-01", "2020-12-31"]]
    assert [str(d) for d in sorted(dates)] == ["2020-12-31", "2021-01-01", "2021-01", "2021"]


days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    day = draw(days)
    precision = draw(st.sampled_from(list(Precision)))
    text = {Precision.DAY: day.isoformat(), Precision.MONTH: day.isoformat()[:7], Precision.YEAR: day.isoformat()[:4]}
    return FuzzyDate.parse(text[precision])


@given(fuzzy_dates())
def test_bounds_contain_exactly_the_days_of_the_date(date: FuzzyDate) -> None:
    assert date.earliest <= date.latest
    assert date.earliest in date
    assert date.latest in date
    assert date.earliest - dt.timedelta(days=1) not in date
    assert date.latest + dt.timedelta(days=1) not in date
    assert FuzzyDate.parse(str(date)) == date


@given(fuzzy_dates(), fuzzy_dates())
def test_order_is_total_and_consistent_with_bounds(a: FuzzyDate, b: FuzzyDate) -> None:
    assert (a < b) + (a == b) + (a > b) == 1
    if a.latest < b.earliest:
        assert a < b
    if a == b:
        assert (a.earliest, a.latest, a.precision) == (b.earliest, b.precision and b.latest, b.precision)


@given(fuzzy_dates(), days)
def test_wholly_before_and_after_are_exclusive(date: FuzzyDate, day: dt.date) -> None:
    assert not (date.wholly_before(day) and date.wholly_after(day))
    assert (day in date) or date.wholly_before(day) or date.wholly_after(day) or date.latest == day
