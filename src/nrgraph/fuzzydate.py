"""Dates known to the day, the month or the year.

A :class:`FuzzyDate` such as ``2021-10`` covers every day from its :attr:`~FuzzyDate.earliest`
(2021-10-01) to its :attr:`~FuzzyDate.latest` (2021-10-31). In RDF it is a literal typed
``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` by its precision; the loader materialises the
two bounds as ``xsd:date`` so that SPARQL compares dates with plain filters.

**A date used as a point in time** ("as of 2021-10": a status, a list, a path, an export, a
picture or the explore page at that date) stands for its **first day** (:attr:`FuzzyDate.as_of_day`,
1 October 2021), everywhere. The first day is the one day of a coarse date on which what was in
force at the date's start is known; what changes later within the date does not count yet, and
the answers that can tell (status, survival) say it is only POSSIBLE when something may have
changed within the date. It is also the day a period (``survived(2021-10)``) starts from, so
"as of 2021-10" and "during 2021-10" begin on the same day. Every answer at a date reports the
day it used (``as_of_day``, ``asOfDay`` in GraphQL).

Ordering sorts by earliest day, then by latest day: ``2021-01-01`` < ``2021-01`` < ``2021``
(all start on 1 January; the more precise one ends first). Two dates are equal when they
cover the same days, so equality implies equal precision. Use :meth:`~FuzzyDate.wholly_before`
and ``in`` to reason about what is certain.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from functools import total_ordering

from rdflib import Literal, URIRef

from nrgraph.errors import InvalidDate
from nrgraph.namespaces import XSD

__all__ = ["AS_OF_HELP", "FuzzyDate", "Precision"]

AS_OF_HELP = "YYYY, YYYY-MM or YYYY-MM-DD; a month or a year stands for its first day"
"""How every interface describes a date used as a point in time (help texts, schema descriptions)."""

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_VALID = "use YYYY, YYYY-MM or YYYY-MM-DD, for example 2007, 2021-10 or 1997-05-27"


class Precision(enum.Enum):
    """How precisely a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"

    @property
    def datatype(self) -> URIRef:
        """The XSD datatype of a literal with this precision."""
        return _DATATYPES[self]


_DATATYPES = {Precision.DAY: XSD.date, Precision.MONTH: XSD.gYearMonth, Precision.YEAR: XSD.gYear}
_BY_DATATYPE = {str(v): k for k, v in _DATATYPES.items()}


@total_ordering
@dataclass(frozen=True)
class FuzzyDate:
    """A calendar date with a precision of a day, a month or a year.

    >>> d = FuzzyDate.parse("2021-10")
    >>> d.precision, d.earliest, d.latest
    (<Precision.MONTH: 'month'>, datetime.date(2021, 10, 1), datetime.date(2021, 10, 31))
    >>> FuzzyDate.parse("2021-10-18") in d
    True
    """

    earliest: dt.date
    precision: Precision
    latest: dt.date = field(init=False, compare=False)

    def __post_init__(self) -> None:
        start = self.earliest
        if self.precision is Precision.DAY:
            end = start
        elif self.precision is Precision.MONTH:
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        else:
            end = start.replace(month=12, day=31)
        object.__setattr__(self, "latest", end)

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise :class:`InvalidDate` otherwise."""
        if not isinstance(text, str):
            raise InvalidDate(f"{text!r} is not a date: {_VALID}")
        match = _PATTERN.match(text.strip())
        if match is None:
            raise InvalidDate(f"{text!r} is not a date: {_VALID}")
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if year < 1:
            raise InvalidDate(f"{text!r} is not a date: the year must be 0001 or later")
        if month is not None and not 1 <= month <= 12:
            raise InvalidDate(f"{text!r} is not a date: the month must be 01 to 12; {_VALID}")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise InvalidDate(
                    f"{text!r} is not a date: day {day:02d} does not exist in "
                    f"{year:04d}-{month:02d} (it has {last} days)"
                )
            return cls(dt.date(year, month, day), Precision.DAY)
        if month is not None:
            return cls(dt.date(year, month, 1), Precision.MONTH)
        return cls(dt.date(year, 1, 1), Precision.YEAR)

    @classmethod
    def of(cls, value: FuzzyDate | dt.date | str) -> FuzzyDate:
        """Coerce a FuzzyDate, a ``datetime.date`` (day precision) or a string."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, dt.datetime):
            raise InvalidDate(f"{value!r} is a datetime; give a date without a time of day")
        if isinstance(value, dt.date):
            return cls(value, Precision.DAY)
        return cls.parse(value)

    @classmethod
    def from_literal(cls, literal: str, datatype: str | None) -> FuzzyDate:
        """Read a literal's lexical form, checking that its datatype matches its precision."""
        date = cls.parse(str(literal))
        if datatype is not None and _BY_DATATYPE.get(str(datatype)) is not date.precision:
            expected = date.precision.datatype.n3()
            raise InvalidDate(f"{literal!r} is typed <{datatype}>, but a date of that form is {expected}")
        return date

    def to_literal(self) -> Literal:
        """The RDF literal, typed by precision."""
        return Literal(str(self), datatype=self.precision.datatype)

    def __str__(self) -> str:
        if self.precision is Precision.DAY:
            return self.earliest.isoformat()
        if self.precision is Precision.MONTH:
            return f"{self.earliest.year:04d}-{self.earliest.month:02d}"
        return f"{self.earliest.year:04d}"

    def __repr__(self) -> str:
        return f"FuzzyDate({str(self)!r})"

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.earliest, self.latest)

    @property
    def days(self) -> tuple[int, int]:
        """The proleptic ordinals of the first and last day (the index compares them).

        >>> FuzzyDate.parse("2021-10").days
        (738064, 738094)
        """
        return (self.earliest.toordinal(), self.latest.toordinal())

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self._key() < other._key()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __contains__(self, other: object) -> bool:
        """Whether every day of ``other`` (a FuzzyDate or a date) lies within this date."""
        if isinstance(other, dt.date):
            return self.earliest <= other <= self.latest
        if isinstance(other, FuzzyDate):
            return self.earliest <= other.earliest and other.latest <= self.latest
        return False

    @property
    def as_of_day(self) -> dt.date:
        """The day this date stands for when used as a point in time: its first day (see the module docstring).

        >>> FuzzyDate.parse("2021-10").as_of_day, FuzzyDate.parse("2021-10-18").as_of_day
        (datetime.date(2021, 10, 1), datetime.date(2021, 10, 18))
        """
        return self.earliest

    @property
    def is_exact(self) -> bool:
        """Whether the date is a single day (its ``as_of_day`` is then the date itself)."""
        return self.precision is Precision.DAY

    def wholly_before(self, day: dt.date) -> bool:
        """Every day of this date is on or before ``day``."""
        return self.latest <= day

    def wholly_after(self, day: dt.date) -> bool:
        """Every day of this date is after ``day``."""
        return self.earliest > day
