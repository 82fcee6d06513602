"""The ``Event`` type: a dated happening that may cause status changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.catalogue import Resource
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import register, related
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.cited import Cited
from nrgraph.graphql.types.kinds import EventKind, classes, kind_of
from nrgraph.graphql.types.node import Node, global_id
from nrgraph.graphql.vocabulary import N

if TYPE_CHECKING:
    from nrgraph.graphql.types.actor import Actor
    from nrgraph.graphql.types.link import Link

__all__ = ["Event"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]


@strawberry.type(description="A summit, meeting, war, expulsion, decision or incident.")
class Event(Node, Cited):
    iri: str = strawberry.field(description="The IRI of the event.")
    slug: str = strawberry.field(description="The readable last segment of the IRI.")
    label: str
    description: str | None
    kind: EventKind
    date: FuzzyDate | None = strawberry.field(description="When it happened (or began), with its precision.")
    end_date: FuzzyDate | None = strawberry.field(description="When it ended, if it lasted.")
    participant_iris: strawberry.Private[tuple[str, ...]]
    about_iris: strawberry.Private[tuple[str, ...]]
    cause_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The actors that took part.")
    def participants(self, info: Info) -> list[ActorRef]:
        from nrgraph.graphql.types.actor import Actor

        return related(info, self, "participant_iris", Actor)

    @strawberry.field(description="The channels or agreements the event concerns.")
    def about(self, info: Info) -> list[LinkRef]:
        from nrgraph.graphql.types.link import Link

        return related(info, self, "about_iris", Link)

    @strawberry.field(description="The events that caused this one.")
    def causes(self, info: Info) -> list[Event]:
        return related(info, self, "cause_iris", Event)

    @classmethod
    def from_resource(cls, resource: Resource) -> Event:
        return cls(
            id=global_id("Event", resource.iri),
            iri=resource.iri,
            slug=resource.slug,
            label=resource.label,
            description=resource.description,
            kind=kind_of(EventKind, resource.types),
            date=resource.date(N.date),
            end_date=resource.date(N.endDate),
            participant_iris=resource.iris(N.participant),
            about_iris=resource.iris(N.about),
            cause_iris=resource.iris(N.cause),
        )


register(classes(EventKind), Event.from_resource)
