"""The ``ActorCentrality`` type: how central an actor is in the network at a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, related_one
from nrgraph.graphql.types.at_day import AtDay

if TYPE_CHECKING:
    from nrgraph.graphql.types.actor import Actor

__all__ = ["ActorCentrality"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]


@strawberry.type(description="An actor's degree and betweenness centrality over the links active at a date.")
class ActorCentrality(AtDay):
    actor_iri: strawberry.Private[str]
    degree: float = strawberry.field(description="Share of the other actors it has an active link with (0 to 1).")
    betweenness: float = strawberry.field(
        description="How often it lies on the shortest active paths between two others (normalised, 0 to 1)."
    )

    @strawberry.field(description="The actor.")
    @direct
    def actor(self, info: Info) -> ActorRef | None:
        from nrgraph.graphql.types.actor import Actor

        return related_one(info, self, "actor_iri", Actor)
