"""The ``Event`` type: a dated happening that may cause status changes."""

from __future__ import annotations

from typing import Annotated

import strawberry

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import by_level, direct, related, related_level
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.cited import Cited
from nrgraph.graphql.types.kinds import EventKind, kind_of
from nrgraph.graphql.types.link import Link
from nrgraph.graphql.types.node import Node, global_id
from nrgraph.graphql.vocabulary import N

__all__ = ["Event"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]

_PARTICIPANTS = related_level("participant_iris", Actor)
_ABOUT = related_level("about_iris", Link)


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
    @by_level(_PARTICIPANTS)
    def participants(self, info: Info) -> list[ActorRef]:
        return _PARTICIPANTS(self, info)[id(self)]

    @strawberry.field(description="The channels or agreements the event concerns.")
    @by_level(_ABOUT)
    def about(self, info: Info) -> list[LinkRef]:
        return _ABOUT(self, info)[id(self)]

    @strawberry.field(description="The events that caused this one.")
    @direct
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

