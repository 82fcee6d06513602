"""The stretch of time a projection or an export looks at: one day, a period, or everything.

A :class:`Window` is a closed range of days. ``Window.parse(as_of=…)`` gives a one-day window,
``Window.parse(period=…)`` a period, and neither gives :meth:`Window.everything`.

- ``as_of`` is a fuzzy date; a month or a year means its **last** day ("as of 2021-11" is
  the end of November 2021, once everything that happened in it has happened).
- ``period`` is read by :meth:`nrgraph.temporal.Period.parse`: a fuzzy date (``2021-10``:
  every day of October 2021) or two joined by a slash (``2021-09-15/2021-11-15``,
  ``2021-10/2021-11``), from the first day of the first to the last day of the second.

>>> Window.parse(as_of="2021-11")
Window(start=datetime.date(2021, 11, 30), end=datetime.date(2021, 11, 30))
>>> str(Window.parse(period="2021-10/2021-11"))
'2021-10-01/2021-11-30'
>>> Window.parse(period="2021-11/2021-10")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
nrgraph.errors.InvalidPeriod: '2021-11/2021-10' is not a period: it ends before it starts; ...
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nrgraph.errors import InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.temporal import Period

__all__ = ["Window"]


@dataclass(frozen=True)
class Window:
    """A closed range of days, ``start`` to ``end`` inclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def at(cls, day: FuzzyDate | dt.date | str) -> Window:
        """The one-day window of ``day``; a month or a year means its last day."""
        last = FuzzyDate.of(day).latest
        return cls(last, last)

    @classmethod
    def of_period(cls, text: str) -> Window:
        """The window of a period such as ``2021-10`` or ``2021-09-15/2021-11-15``."""
        period = Period.parse(text)
        return cls(period.start, period.end)

    @classmethod
    def everything(cls) -> Window:
        """Every day there is: the whole history, with statuses as they stand at its end."""
        return cls(dt.date.min, dt.date.max)

    @classmethod
    def parse(
        cls, as_of: FuzzyDate | dt.date | str | None = None, period: str | None = None
    ) -> Window:
        """The window of ``as_of`` or ``period`` (at most one), or everything if neither is given."""
        if as_of is not None and period is not None:
            raise InvalidInput(f"give a date (as_of={str(as_of)!r}) or a period (period={period!r}), not both")
        if as_of is not None:
            return cls.at(as_of)
        if period is not None:
            return cls.of_period(period)
        return cls.everything()

    @property
    def is_day(self) -> bool:
        """Whether the window is a single day."""
        return self.start == self.end

    @property
    def is_everything(self) -> bool:
        """Whether the window covers every day."""
        return self == Window.everything()

    def __str__(self) -> str:
        if self.is_everything:
            return "all"
        if self.is_day:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"
