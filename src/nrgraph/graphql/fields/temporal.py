"""Root fields for time: ``survived``, ``timeline``, ``changes`` and ``activeOn``.

They call the temporal engine (:mod:`nrgraph.temporal`) through the KnowledgeGraph, which
answers from its interval index without store queries; the objects they return load their
labels and sources through the request's loaders.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

import strawberry

from nrgraph.fuzzydate import FuzzyDate as _FuzzyDate
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, nodes, roots
from nrgraph.graphql.scalars import FuzzyDate, Period
from nrgraph.graphql.types.link import Link
from nrgraph.graphql.types.node import parse_global_id
from nrgraph.graphql.types.status_change import StatusChange
from nrgraph.graphql.types.survival import SurvivalReport
from nrgraph.graphql.types.temporal_filter import TemporalFilter
from nrgraph.graphql.types.timeline import Timeline

__all__ = ["TemporalQuery", "subject_ref"]


def subject_ref(value: str) -> str:
    """A link given as a global ID (decoded to its IRI), an IRI or a slug (as given, for the
    temporal engine to resolve, and to name in a not-found message)."""
    if ":" not in value and "/" not in value:
        try:
            _type, key = parse_global_id(value)
        except ValueError:
            return value
        return key if key.startswith(("http://", "https://")) else value
    return value


@strawberry.type
class TemporalQuery:
    @strawberry.field(
        description=(
            "What was active when the period began, and what became of it: survivors, casualties and "
            "uncertain links, each with the deciding change (ask it for its sources) and the reason."
        )
    )
    @direct
    def survived(
        self,
        info: Info,
        period: Period,
        filter: TemporalFilter | None = None,
        limit: Annotated[int | None, strawberry.argument(description="At most this many links per group.")] = None,
    ) -> SurvivalReport:
        arguments = filter.arguments() if filter else {}
        report = SurvivalReport.from_report(info.context.kg.survived(period, limit=limit, **arguments))
        groups = [*report.survivors, *report.casualties, *report.uncertain]
        roots(info, groups)
        roots(info, [s.deciding for s in groups])
        roots(info, [s.pending for s in groups if s.pending is not None])
        parties = [p for s in groups for p in s.parties]
        roots(info, parties)
        roots(info, [c for p in parties for c in p.changes()])
        return report

    @strawberry.field(
        description=(
            "A link's status changes in order and its status periods (global ID, IRI or slug); an unknown link is "
            "null with a NOT_FOUND error that suggests the closest slugs, and the other root fields still answer."
        )
    )
    @direct
    def timeline(self, info: Info, id: strawberry.ID) -> Timeline | None:
        timeline = Timeline.from_timeline(info.context.kg.timeline(subject_ref(id)))
        roots(info, timeline.changes)
        roots(info, timeline.periods)
        return timeline

    @strawberry.field(
        description="The status changes whose effective dates (with announced: true, also announced dates) "
        "overlap the period, in order; each says which of its dates matched."
    )
    @direct
    def changes(
        self,
        info: Info,
        between: Period,
        filter: TemporalFilter | None = None,
        announced: Annotated[
            bool, strawberry.argument(description="Also the changes announced in the period.")
        ] = False,
    ) -> list[StatusChange]:
        arguments = filter.arguments() if filter else {}
        found = info.context.kg.changes(between, announced=announced, **arguments)
        return roots(
            info,
            [dataclasses.replace(StatusChange.from_change(c), matched_dates=c.matched(between)) for c in found],
        )

    @strawberry.field(description="The channels and agreements active on a date (its first day).")
    @direct
    def active_on(self, info: Info, date: FuzzyDate, filter: TemporalFilter | None = None) -> list[Link]:
        arguments = filter.arguments() if filter else {}
        day: _FuzzyDate = date
        return nodes(info, info.context.kg.active_on(day, **arguments), Link)
