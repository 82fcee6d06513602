"""The sides of the relationship: NATO and its bodies, Russia and its bodies, everyone else.

:func:`actor_sides` reads them from the store by the one rule of :mod:`nrgraph.temporal.sides`
(an actor is on a side if it is that side or part of it, through ``nrg:partOf`` any number of
steps; a body of both sides stays in the middle);
:func:`sides_layout` places a graph's actors in three columns, NATO on the left, third parties
in the middle, Russia on the right, so that every NATO–Russia channel crosses the middle and
the names never sit on top of each other.

>>> import networkx as nx
>>> G = nx.MultiGraph([("nato", "russia"), ("nato", "usa")])
>>> layout = sides_layout(G, {"nato": "nato", "russia": "russia"})
>>> layout["nato"][0] < layout["usa"][0] < layout["russia"][0]
True
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.temporal.sides import NATO_SIDE, RUSSIA_SIDE, PartOf

__all__ = ["SIDES", "actor_sides", "sides_layout"]

SIDES = ("nato", "third", "russia")
"""The columns, left to right."""
_COLUMN_GAP = 4.0
_ROW_GAP = 0.55


def actor_sides(kg: KnowledgeGraph) -> dict[str, str]:
    """Actor IRI -> ``"nato"`` or ``"russia"`` for the actors on one side (the others are third parties).

    An actor on both sides (a body part of NATO and of Russia) has no column of its own and
    stays in the middle with the third parties.
    """
    names = {NATO_SIDE: "nato", RUSSIA_SIDE: "russia"}
    return {
        actor: names[next(iter(sides))]
        for actor, sides in PartOf.read(kg.store).on_a_side().items()
        if len(sides) == 1 and not actor.startswith("_:")
    }


def sides_layout(G: nx.Graph, sides: Mapping[str, str], third_columns: int = 2) -> dict[str, tuple[float, float]]:
    """Positions for the nodes of ``G``: a column per side, rows ordered to keep neighbours close.

    Within a column, nodes are ordered by the mean row of their neighbours in the other columns
    (two sweeps of the barycentre heuristic), then spaced evenly; the middle column has two
    sub-columns (``third_columns``), so that its many third parties stay short enough to read.
    """
    columns: dict[str, list[str]] = {side: [] for side in SIDES}
    for node in sorted(G, key=str):
        columns[sides.get(node, "third")].append(node)
    rank: dict[str, float] = {n: float(i) for nodes in columns.values() for i, n in enumerate(nodes)}
    for _ in range(2):
        for side in SIDES:
            def barycentre(node: str) -> float:
                near = [rank[m] for m in G.neighbors(node) if m in rank and m != node] if node in G else []
                return sum(near) / len(near) if near else rank[node]

            columns[side].sort(key=lambda n: (barycentre(n), str(n)))
            rank.update({n: float(i) for i, n in enumerate(columns[side])})
    positions: dict[str, tuple[float, float]] = {}
    for index, side in enumerate(SIDES):
        nodes = columns[side]
        split = third_columns if side == "third" else 1
        rows = (len(nodes) + split - 1) // split
        for i, node in enumerate(nodes):
            sub = i % split
            width = _COLUMN_GAP * (0.5 if split <= 2 else 1.6 / (split - 1))
            x = (index - 1) * _COLUMN_GAP + (sub - (split - 1) / 2) * width
            y = -((i // split) - (rows - 1) / 2) * _ROW_GAP * min(split, 2)
            positions[node] = (x, y)
    return positions
