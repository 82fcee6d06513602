"""The ``Certainty`` enum: DEFINITE, or POSSIBLE when precision, confidence or a conflict leaves it open."""

from __future__ import annotations

import strawberry

from nrgraph.temporal.model import Certainty

__all__ = ["Certainty"]

strawberry.enum(
    Certainty,
    name="Certainty",
    description=(
        "How sure an answer is: DEFINITE, or POSSIBLE when the precision of a date, a confidence "
        "below 1 or a conflicting claim leaves it open."
    ),
)
