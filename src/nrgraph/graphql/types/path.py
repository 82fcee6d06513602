"""The ``Path`` and ``Hop`` types: a chain of actors joined by active channels at a date."""

from __future__ import annotations

from typing import Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import by_level, direct, related_level, related_one
from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.at_day import AtDay
from nrgraph.graphql.types.link import Link

__all__ = ["Hop", "Path"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]

_LINKS = related_level("link_iris", Link)
_ACTORS = related_level("actor_iris", Actor)


@strawberry.type(description="One step of a path: two actors and the active links between them.")
class Hop:
    source_iri: strawberry.Private[str]
    target_iri: strawberry.Private[str]
    link_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(name="from", description="Where the step starts.")
    @direct
    def from_(self, info: Info) -> ActorRef | None:
        return related_one(info, self, "source_iri", Actor)

    @strawberry.field(description="Where the step ends.")
    @direct
    def to(self, info: Info) -> ActorRef | None:
        return related_one(info, self, "target_iri", Actor)

    @strawberry.field(description="The active links joining the two actors.")
    @by_level(_LINKS)
    def links(self, info: Info) -> list[LinkRef]:
        return _LINKS(self, info)[id(self)]


@strawberry.type(description="The shortest chain of actors between two actors through channels active at a date.")
class Path(AtDay):
    length: int = strawberry.field(description="The number of hops.")
    hops: list[Hop]
    actor_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The actors along the path, from start to end.")
    @by_level(_ACTORS)
    def actors(self, info: Info) -> list[ActorRef]:
        return _ACTORS(self, info)[id(self)]
