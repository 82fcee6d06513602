"""The temporal engine: the status of anything at any date, what survived a period, timelines.

Dates carry their precision (:class:`~nrgraph.fuzzydate.FuzzyDate`); answers carry a
:class:`Certainty`. The semantics are defined, and implemented naively, in
:mod:`nrgraph.temporal.oracle`; :mod:`nrgraph.temporal.index` (in memory) and
:mod:`nrgraph.temporal.sparql` (named queries over the periods materialised by
:mod:`nrgraph.temporal.periods`) answer identically, fast.
"""

from __future__ import annotations

from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.engine import Filters, TemporalEngine
from nrgraph.temporal.model import (
    Certainty,
    Change,
    Citation,
    Period,
    Reason,
    StatusAt,
    StatusPeriodRecord,
    Survival,
    SurvivalReport,
    Timeline,
    plain,
)
from nrgraph.temporal.sides import SCOPES

__all__ = [
    "SCOPES",
    "Certainty",
    "Change",
    "Citation",
    "Corpus",
    "Filters",
    "Period",
    "Reason",
    "StatusAt",
    "StatusPeriodRecord",
    "Survival",
    "SurvivalReport",
    "TemporalEngine",
    "Timeline",
    "plain",
]
