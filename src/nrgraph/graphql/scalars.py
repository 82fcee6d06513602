"""Custom scalars: ``FuzzyDate`` (a date with its precision).

``FuzzyDate`` accepts ``2021``, ``2021-10`` and ``2021-10-18`` and serialises with the
precision it was known to; anything else is refused with the valid forms named.
"""

from __future__ import annotations

from typing import NewType

import strawberry

from nrgraph.fuzzydate import FuzzyDate as _FuzzyDate

__all__ = ["SCALAR_MAP", "FuzzyDate"]


def _serialize(value: _FuzzyDate) -> str:
    return str(value)


def _parse(value: object) -> _FuzzyDate:
    return _FuzzyDate.parse(value)  # type: ignore[arg-type]  # parse names non-strings in its error


FuzzyDate = NewType("FuzzyDate", _FuzzyDate)
"""Annotate fields and arguments with this; :data:`SCALAR_MAP` tells the schema how to (de)serialise it."""

SCALAR_MAP = {
    FuzzyDate: strawberry.scalar(
        name="FuzzyDate",
        description=(
            "A date known to the day, the month or the year: 2021-10-18, 2021-10 or 2021. "
            "It serialises with the precision it is known to."
        ),
        serialize=_serialize,
        parse_value=_parse,
    )
}
