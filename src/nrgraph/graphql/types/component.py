"""The ``Component`` type: a group of actors joined by links active at a date."""

from __future__ import annotations

from typing import Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import by_level, related_level
from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.at_day import AtDay

__all__ = ["Component"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]

_ACTORS = related_level("actor_iris", Actor)


@strawberry.type(description="A connected component: actors that can reach each other through active links.")
class Component(AtDay):
    actor_iris: strawberry.Private[tuple[str, ...]]
    size: int = strawberry.field(description="How many actors it holds.")

    @strawberry.field(description="Its actors, in IRI order.")
    @by_level(_ACTORS)
    def actors(self, info: Info) -> list[ActorRef]:
        return _ACTORS(self, info)[id(self)]
