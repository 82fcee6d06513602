"""Node-link JSON (D3): ``node_link_data`` and ``node_link_graph``, a round-tripping pair.

The networkx node-link shape with ``"edges"`` as the edge list's name and each multigraph
key kept as ``"key"`` (the link IRI). It says ``"directed": false``: links are symmetric.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

__all__ = ["node_link_data", "node_link_graph", "read_node_link", "write_node_link"]


def node_link_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """``G`` as a JSON-ready node-link dict."""
    data: dict[str, Any] = nx.node_link_data(G, edges="edges")
    data["directed"] = False
    return data


def node_link_graph(data: dict[str, Any]) -> nx.MultiDiGraph:
    """The MultiDiGraph of a node-link dict from :func:`node_link_data`."""
    # read as the projection's MultiDiGraph, each edge from the actor whose IRI sorts first, as written
    graph: nx.MultiDiGraph = nx.node_link_graph({**data, "directed": True}, multigraph=True, edges="edges")
    return graph


def write_node_link(G: nx.MultiDiGraph) -> bytes:
    """``G`` as node-link JSON text (UTF-8)."""
    return json.dumps(node_link_data(G), indent=1, ensure_ascii=False).encode("utf-8")


def read_node_link(text: bytes | str) -> nx.MultiDiGraph:
    """The graph of node-link JSON text from :func:`write_node_link`."""
    return node_link_graph(json.loads(text))
