"""The ``Neighbour`` type: an actor joined to another by links active at a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import by_level, direct, related_level, related_one
from nrgraph.graphql.types.at_day import AtDay
from nrgraph.graphql.types.link import Link

if TYPE_CHECKING:
    from nrgraph.graphql.types.actor import Actor

__all__ = ["Neighbour"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]

_LINKS = related_level("link_iris", Link)


@strawberry.type(description="An actor adjacent to another through active links, and those links.")
class Neighbour(AtDay):
    actor_iri: strawberry.Private[str]
    link_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The neighbouring actor.")
    @direct
    def actor(self, info: Info) -> ActorRef | None:
        from nrgraph.graphql.types.actor import Actor

        return related_one(info, self, "actor_iri", Actor)

    @strawberry.field(description="The active links between the two actors.")
    @by_level(_LINKS)
    def links(self, info: Info) -> list[LinkRef]:
        return _LINKS(self, info)[id(self)]
