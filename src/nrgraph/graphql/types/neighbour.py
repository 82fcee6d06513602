"""The ``Neighbour`` type: an actor joined to another by links active at a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import related, related_one

if TYPE_CHECKING:
    from nrgraph.graphql.types.actor import Actor
    from nrgraph.graphql.types.link import Link

__all__ = ["Neighbour"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]


@strawberry.type(description="An actor adjacent to another through active links, and those links.")
class Neighbour:
    actor_iri: strawberry.Private[str]
    link_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The neighbouring actor.")
    def actor(self, info: Info) -> ActorRef | None:
        from nrgraph.graphql.types.actor import Actor

        return related_one(info, self, "actor_iri", Actor)

    @strawberry.field(description="The active links between the two actors.")
    def links(self, info: Info) -> list[LinkRef]:
        from nrgraph.graphql.types.link import Link

        return related(info, self, "link_iris", Link)
