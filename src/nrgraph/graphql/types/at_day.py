"""The ``AtDay`` interface: an answer about the network at a date says the day it used."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from nrgraph.graphql.types.certainty import Certainty
from nrgraph.network.questions import Answer
from nrgraph.temporal.model import Certainty as _Certainty

__all__ = ["AtDay", "at_day"]


@strawberry.interface(
    description="An answer about the network at a date: the day the date stands for (its first day) and how sure "
    "the answer is (POSSIBLE when a link's status changes on a later day of a month or year)."
)
class AtDay:
    as_of_day: dt.date = strawberry.field(description="The day the date stands for: its first day.")
    certainty: Certainty = strawberry.field(
        description="POSSIBLE when a link's status changes on a later day of the date (a month or a year)."
    )


def at_day(answer: Answer[Any]) -> dict[str, Any]:
    """The ``AtDay`` fields of answers to a network question (:func:`nrgraph.network.questions.ask`)."""
    return {"as_of_day": dt.date.fromisoformat(answer.as_of_day), "certainty": _Certainty(answer.certainty)}
