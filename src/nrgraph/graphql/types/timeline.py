"""The ``Timeline`` type: a link's status changes in order, and its status periods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, related_one
from nrgraph.temporal.model import Timeline as _Timeline

if TYPE_CHECKING:
    from nrgraph.graphql.types.link import Link
    from nrgraph.graphql.types.status_change import StatusChange
    from nrgraph.graphql.types.status_period import StatusPeriod

__all__ = ["Timeline"]

LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]
StatusChangeRef = Annotated["StatusChange", strawberry.lazy("nrgraph.graphql.types.status_change")]
StatusPeriodRef = Annotated["StatusPeriod", strawberry.lazy("nrgraph.graphql.types.status_period")]


@strawberry.type(description="A link's status changes in history order and its derived status periods.")
class Timeline:
    changes: list[StatusChangeRef]
    periods: list[StatusPeriodRef]
    subject_iri: strawberry.Private[str]

    @strawberry.field(description="The channel or agreement.")
    @direct
    def subject(self, info: Info) -> LinkRef | None:
        from nrgraph.graphql.types.link import Link

        return related_one(info, self, "subject_iri", Link)

    @classmethod
    def from_timeline(cls, timeline: _Timeline) -> Timeline:
        from nrgraph.graphql.types.status_change import StatusChange
        from nrgraph.graphql.types.status_period import StatusPeriod

        return cls(
            changes=[StatusChange.from_change(c) for c in timeline.changes],
            periods=[StatusPeriod.from_record(p) for p in timeline.periods],
            subject_iri=timeline.subject,
        )
