"""A network question at a date: project the graph then, ask one analysis, keep plain data.

:func:`ask` is what the GraphQL network fields (``path``, ``neighbours``, ``centrality``,
``components``) call, through whoever answers network questions for the request: the
process itself, or a worker process of the server (:mod:`nrgraph.web.network_workers`),
where a heavy analysis does not share the server's interpreter. So the question is a
module-level function of :mod:`nrgraph.network.analysis` and the answer plain data, both
sent through a pipe as they are.

>>> from nrgraph.network.analysis import connected_components
>>> answer = ask(kg, "2021-10", connected_components)  # doctest: +SKIP
>>> answer.as_of_day, answer.certainty  # doctest: +SKIP
('2021-10-01', 'possible')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import networkx as nx

from nrgraph.network.analysis import Connection, neighbours, path_hops, shortest_path
from nrgraph.network.projection import to_networkx
from nrgraph.status import Family

if TYPE_CHECKING:
    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["Answer", "Asker", "ask", "neighbours_of", "path"]

T = TypeVar("T")


@dataclass(frozen=True)
class Answer(Generic[T]):
    """What an analysis of the graph at a date found, and the day it used (see ``to_networkx``)."""

    as_of_day: str
    certainty: str
    actors: int
    """How many actors the graph at the date holds."""
    value: T


Asker = Callable[..., Answer[Any]]
"""``asker(as_of, question, *args, **kwargs)``: :func:`ask` on a graph, wherever it runs."""


def ask(kg: KnowledgeGraph, as_of: str, question: Callable[..., T], *args: Any, **kwargs: Any) -> Answer[T]:
    """``question(graph, *args, **kwargs)`` on the graph of ``kg`` at ``as_of``."""
    graph = to_networkx(kg, as_of=as_of)
    return Answer(graph.graph["as_of_day"], graph.graph["certainty"], len(graph), question(graph, *args, **kwargs))


def path(
    G: nx.MultiDiGraph, source: str, target: str, *, family: Family = Family.CONNECTED
) -> tuple[list[str], list[Connection]] | None:
    """The actors of the shortest path from ``source`` to ``target`` and its hops; None if there is none."""
    actors = shortest_path(G, source, target, family=family)
    return (actors, path_hops(G, actors, family=family)) if actors else None


def neighbours_of(
    G: nx.MultiDiGraph, actor: str, *, channels_only: bool = False, family: Family = Family.CONNECTED
) -> list[Connection] | None:
    """The actors joined to ``actor`` (see :func:`~nrgraph.network.analysis.neighbours`); None if it is not in ``G``."""
    return neighbours(G, actor, channels_only=channels_only, family=family) if actor in G else None
