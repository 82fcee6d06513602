"""Root fields for the network at a date: ``path``, ``neighbours``, ``centrality`` and ``components``.

They project the graph at the date with :func:`nrgraph.network.projection.to_networkx` and ask
:mod:`nrgraph.network.analysis` (shortest path through active channels; adjacency through any
active link).
"""

from __future__ import annotations

import itertools
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
from nrgraph.graphql.types.filters import resolve_ref
from nrgraph.graphql.types.neighbour import Neighbour
from nrgraph.graphql.types.path import Hop, Path
from nrgraph.network.analysis import (
    active_graph,
    betweenness_centrality,
    connected_components,
    degree_centrality,
    shortest_path,
)
from nrgraph.network.projection import to_networkx

__all__ = ["NetworkQuery"]

_AS_OF = f"The date ({AS_OF_HELP}), as everywhere."


@strawberry.type
class NetworkQuery:
    @strawberry.field(description="The shortest chain of actors between two actors through channels active at a date.")
    @direct
    def path(
        self,
        info: Info,
        from_: Annotated[str, strawberry.argument(name="from", description="An actor (IRI or slug).")],
        to: Annotated[str, strawberry.argument(description="An actor (IRI or slug).")],
        as_of: Annotated[FuzzyDate, strawberry.argument(description=_AS_OF)],
    ) -> Path | None:
        graph = to_networkx(info.context.kg, as_of=as_of)
        source, target = resolve_ref(from_), resolve_ref(to)
        actors = shortest_path(graph, source, target)
        if not actors:
            return None
        simple = active_graph(graph, channels_only=True)
        hops = [
            Hop(source_iri=a, target_iri=b, link_iris=tuple(simple[a][b]["links"]))
            for a, b in itertools.pairwise(actors)
        ]
        roots(info, hops)
        return roots(info, [Path(length=len(hops), hops=hops, actor_iris=tuple(actors), **at_day(graph))])[0]

    @strawberry.field(description="The actors joined to an actor by links (channels or agreements) active at a date.")
    @direct
    def neighbours(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="An actor (IRI or slug).")],
        as_of: Annotated[FuzzyDate, strawberry.argument(description=_AS_OF)],
        channels_only: bool = False,
    ) -> list[Neighbour]:
        actor = resolve_ref(id)
        projected = to_networkx(info.context.kg, as_of=as_of)
        graph = active_graph(projected, channels_only=channels_only)
        if actor not in graph:
            raise NotFound("actor", id, f"it has no link in the graph at {as_of} ({len(graph)} actors)")
        return roots(
            info,
            [
                Neighbour(actor_iri=other, link_iris=tuple(graph[actor][other]["links"]), **at_day(projected))
                for other in sorted(graph.neighbors(actor))
            ],
        )

    @strawberry.field(
        description="Actors by betweenness (then degree) centrality over links active at a date, most central first."
    )
    @direct
    def centrality(
        self,
        info: Info,
        as_of: Annotated[FuzzyDate, strawberry.argument(description=_AS_OF)],
        first: Annotated[int, strawberry.argument(description="How many actors, at most 100.")] = 20,
    ) -> list[ActorCentrality]:
        if not 0 <= first <= 100:
            raise InvalidInput(f"first must be from 0 to 100, got {first}")
        graph = to_networkx(info.context.kg, as_of=as_of)
        degree, betweenness = degree_centrality(graph), betweenness_centrality(graph)
        ranked = sorted(degree, key=lambda actor: (-betweenness[actor], -degree[actor], actor))[:first]
        return roots(
            info,
            [
                ActorCentrality(actor_iri=a, degree=degree[a], betweenness=betweenness[a], **at_day(graph))
                for a in ranked
            ],
        )

    @strawberry.field(description="The groups of actors joined by links active at a date, largest first.")
    @direct
    def components(
        self,
        info: Info,
        as_of: Annotated[FuzzyDate, strawberry.argument(description=_AS_OF)],
    ) -> list[Component]:
        graph = to_networkx(info.context.kg, as_of=as_of)
        groups = connected_components(graph)
        return roots(info, [Component(actor_iris=tuple(group), size=len(group), **at_day(graph)) for group in groups])
