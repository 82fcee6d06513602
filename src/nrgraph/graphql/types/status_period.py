"""The ``StatusPeriod`` type: a span during which a link had one status (derived at load)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, related_one
from nrgraph.graphql.types.node import Node, global_id
from nrgraph.graphql.types.status import Status
from nrgraph.graphql.vocabulary import N
from nrgraph.temporal.model import StatusPeriodRecord

if TYPE_CHECKING:
    from nrgraph.graphql.types.actor import Actor
    from nrgraph.graphql.types.link import Link
    from nrgraph.graphql.types.status_change import StatusChange

__all__ = ["StatusPeriod"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]
StatusChangeRef = Annotated["StatusChange", strawberry.lazy("nrgraph.graphql.types.status_change")]


def _day(resource: Resource, predicate: str) -> dt.date | None:
    text = resource.text(predicate)
    return dt.date.fromisoformat(text) if text else None


@strawberry.type(
    description=(
        "Derived at load, never curated: the span during which a link (for a party, or as a whole) had "
        "one status, bounded by the changes that opened and closed it. The bounds are days: a period "
        "starts between startEarliest and startLatest and ends between endEarliest and endLatest."
    )
)
class StatusPeriod(Node):
    iri: str = strawberry.field(description="The IRI of the derived period.")
    slug: str = strawberry.field(description="The readable last segment of the IRI.")
    status: Status
    start_earliest: dt.date
    start_latest: dt.date
    end_earliest: dt.date | None = strawberry.field(description="Null while the period is open.")
    end_latest: dt.date | None
    subject_iri: strawberry.Private[str]
    party_iri: strawberry.Private[str | None]
    opened_by_iri: strawberry.Private[str]
    closed_by_iri: strawberry.Private[str | None]

    @strawberry.field(description="The link.")
    @direct
    def subject(self, info: Info) -> LinkRef | None:
        from nrgraph.graphql.types.link import Link

        return related_one(info, self, "subject_iri", Link)

    @strawberry.field(description="The party this period concerns; null for the link as a whole.")
    @direct
    def party(self, info: Info) -> ActorRef | None:
        from nrgraph.graphql.types.actor import Actor

        return related_one(info, self, "party_iri", Actor)

    @strawberry.field(description="The change that opened the period.")
    @direct
    def opened_by(self, info: Info) -> StatusChangeRef | None:
        from nrgraph.graphql.types.status_change import StatusChange

        return related_one(info, self, "opened_by_iri", StatusChange)

    @strawberry.field(description="The change that closed the period; null while it is open.")
    @direct
    def closed_by(self, info: Info) -> StatusChangeRef | None:
        from nrgraph.graphql.types.status_change import StatusChange

        return related_one(info, self, "closed_by_iri", StatusChange)

    @classmethod
    def from_record(cls, record: StatusPeriodRecord) -> StatusPeriod:
        return cls(
            id=global_id("StatusPeriod", record.iri),
            iri=record.iri,
            slug=record.iri.rsplit("/", 1)[-1],
            status=record.status,
            start_earliest=record.start_earliest,
            start_latest=record.start_latest,
            end_earliest=record.end_earliest,
            end_latest=record.end_latest,
            subject_iri=record.subject,
            party_iri=record.party,
            opened_by_iri=record.opened_by,
            closed_by_iri=record.closed_by,
        )

    @classmethod
    def from_resource(cls, resource: Resource) -> StatusPeriod:
        status = resource.text(N.status)
        return cls(
            id=global_id("StatusPeriod", resource.iri),
            iri=resource.iri,
            slug=resource.slug,
            status=Status.from_iri(status) if status else Status.ACTIVE,
            start_earliest=_day(resource, N.startEarliest) or dt.date.min,
            start_latest=_day(resource, N.startLatest) or dt.date.min,
            end_earliest=_day(resource, N.endEarliest),
            end_latest=_day(resource, N.endLatest),
            subject_iri=resource.text(N.subject) or "",
            party_iri=resource.text(N.concernsParty),
            opened_by_iri=resource.text(N.openedBy) or "",
            closed_by_iri=resource.text(N.closedBy),
        )

