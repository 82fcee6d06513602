"""The ``Component`` type: a group of actors joined by links active at a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import related

if TYPE_CHECKING:
    from nrgraph.graphql.types.actor import Actor

__all__ = ["Component"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]


@strawberry.type(description="A connected component: actors that can reach each other through active links.")
class Component:
    actor_iris: strawberry.Private[tuple[str, ...]]
    size: int = strawberry.field(description="How many actors it holds.")

    @strawberry.field(description="Its actors, in IRI order.")
    def actors(self, info: Info) -> list[ActorRef]:
        from nrgraph.graphql.types.actor import Actor

        return related(info, self, "actor_iris", Actor)
