"""Custom scalars: ``FuzzyDate`` (a date with its precision) and ``Period`` (a span of days).

``FuzzyDate`` accepts ``2021``, ``2021-10`` and ``2021-10-18`` and serialises with the
precision it was known to; ``Period`` accepts one such date (the days it covers) or two
joined by ``/`` (``2021-09-15/2021-11``) and serialises as ``start/end``. Anything else is
refused with the valid forms named.
"""

from __future__ import annotations

import strawberry
from strawberry.types.scalar import ScalarDefinition

from nrgraph.fuzzydate import FuzzyDate as _FuzzyDate
from nrgraph.temporal.model import Period as _Period

__all__ = ["SCALAR_MAP", "FuzzyDate", "Period"]


def _serialize(value: _FuzzyDate) -> str:
    return str(value)


def _parse(value: object) -> _FuzzyDate:
    return _FuzzyDate.parse(value)  # type: ignore[arg-type]  # parse names non-strings in its error


def _parse_period(value: object) -> _Period:
    return _Period.parse(value)  # type: ignore[arg-type]  # parse names non-strings in its error


FuzzyDate = _FuzzyDate
"""Annotate fields and arguments with this (it is :class:`nrgraph.fuzzydate.FuzzyDate`);
:data:`SCALAR_MAP` tells the schema how to (de)serialise it."""
Period = _Period
"""Likewise :class:`nrgraph.temporal.model.Period`."""

SCALAR_MAP: dict[object, ScalarDefinition] = {
    FuzzyDate: strawberry.scalar(
        name="FuzzyDate",
        description=(
            "A date known to the day, the month or the year: 2021-10-18, 2021-10 or 2021. "
            "It serialises with the precision it is known to."
        ),
        serialize=_serialize,
        parse_value=_parse,
    ),
    Period: strawberry.scalar(
        name="Period",
        description=(
            "A span of whole days: one date for the days it covers (2021-10 is 1 to 31 October 2021) "
            "or two dates joined by '/' (2021-09-15/2021-11), the first not after the second."
        ),
        serialize=str,
        parse_value=_parse_period,
    ),
}
