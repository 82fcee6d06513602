"""Root fields for the network at a date: ``path``, ``neighbours``, ``centrality`` and ``components``.

Each asks one question of :mod:`nrgraph.network.analysis` about the graph at the date
(shortest path through connected channels; adjacency through any connected link) through
``info.context.ask`` (:mod:`nrgraph.network.questions`): on a server, a worker process
answers it. ``connected`` says which statuses count: the active family (Active,
Restricted, Dormant) by default, or Active alone.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from nrgraph.errors import InvalidInput, NotFound
from nrgraph.fuzzydate import AS_OF_HELP
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, roots
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.at_day import at_day
from nrgraph.graphql.types.centrality import ActorCentrality
from nrgraph.graphql.types.component import Component
from nrgraph.graphql.types.connected import Connected
from nrgraph.graphql.types.neighbour import Neighbour
from nrgraph.graphql.types.path import Hop, Path
from nrgraph.network.analysis import centrality, connected_components
from nrgraph.network.questions import neighbours_of, path

__all__ = ["NetworkQuery"]

_AS_OF = f"The date ({AS_OF_HELP}), as everywhere."


_CONNECTED = "Which statuses count as connected (default ACTIVE: Active, Restricted and Dormant)."


def _actor(info: Info, ref: str) -> str:
    """The IRI of an actor; NOT_FOUND with the closest slugs if there is none."""
    return info.context.kg.temporal.actor(ref) or ref


@strawberry.type
class NetworkQuery:
    @strawberry.field(
        description="The shortest chain of actors between two actors through channels connected at a date."
    )
    @direct
    def path(
        self,
        info: Info,
        from_: Annotated[str, strawberry.argument(name="from", description="An actor (IRI or slug).")],
        to: Annotated[str, strawberry.argument(description="An actor (IRI or slug).")],
        as_of: Annotated[FuzzyDate, strawberry.argument(description=_AS_OF)],
        connected: Annotated[Connected, strawberry.argument(description=_CONNECTED)] = Connected.ACTIVE,
    ) -> Path | None:
        source, target = _actor(info, from_), _actor(info, to)
        answer = info.context.ask(str(as_of), path, source, target, family=connected.family)
        if answer.value is None:
            return None
        actors, found = answer.value
        hops = [Hop(source_iri=h.source, target_iri=h.target, link_iris=tuple(k for k, _ in h.links)) for h in found]
        roots(info, hops)
        return roots(info, [Path(length=len(hops), hops=hops, actor_iris=tuple(actors), **at_day(answer))])[0]

    @strawberry.field(
        description="The actors joined to an actor by links (channels or agreements) connected at a date."
    )
    @direct
    def neighbours(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="An actor (IRI or slug).")],
        as_of: Annotated[FuzzyDate, strawberry.argument(description=_AS_OF)],
        channels_only: bool = False,
        connected: Annotated[Connected, strawberry.argument(description=_CONNECTED)] = Connected.ACTIVE,
    ) -> list[Neighbour] | None:
        actor = _actor(info, id)
        family = connected.family
        answer = info.context.ask(str(as_of), neighbours_of, actor, channels_only=channels_only, family=family)
        if answer.value is None:
            raise NotFound("actor", id, f"it has no link in the graph at {as_of} ({answer.actors} actors)")
        return roots(
            info,
            [
                Neighbour(actor_iri=n.target, link_iris=tuple(k for k, _ in n.links), **at_day(answer))
                for n in answer.value
            ],
        )

    @strawberry.field(
        description=(
            "Actors by degree, then betweenness centrality over links connected at a date, most central first "
            "(the ranking of nrgraph network centrality)."
        )
    )
    @direct
    def centrality(
        self,
        info: Info,
        as_of: Annotated[FuzzyDate, strawberry.argument(description=_AS_OF)],
        first: Annotated[int, strawberry.argument(description="How many actors, at most 100.")] = 20,
        connected: Annotated[Connected, strawberry.argument(description=_CONNECTED)] = Connected.ACTIVE,
    ) -> list[ActorCentrality]:
        if not 0 <= first <= 100:
            raise InvalidInput(f"first must be from 0 to 100, got {first}")
        answer = info.context.ask(str(as_of), centrality, top=first, family=connected.family)
        return roots(
            info,
            [
                ActorCentrality(actor_iri=c.actor, degree=c.degree, betweenness=c.betweenness, **at_day(answer))
                for c in answer.value
            ],
        )

    @strawberry.field(description="The groups of actors joined by links connected at a date, largest first.")
    @direct
    def components(
        self,
        info: Info,
        as_of: Annotated[FuzzyDate, strawberry.argument(description=_AS_OF)],
        connected: Annotated[Connected, strawberry.argument(description=_CONNECTED)] = Connected.ACTIVE,
    ) -> list[Component]:
        answer = info.context.ask(str(as_of), connected_components, family=connected.family)
        return roots(
            info, [Component(actor_iris=tuple(group), size=len(group), **at_day(answer)) for group in answer.value]
        )
