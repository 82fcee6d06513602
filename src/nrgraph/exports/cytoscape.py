"""Cytoscape.js JSON: ``cytoscape_data`` and ``cytoscape_graph``, a round-tripping pair.

The ``{"data": {...}, "elements": {"nodes": [...], "edges": [...]}}`` shape that
``cy.json()`` reads. Every id is a string: a node's id is its actor IRI, an edge's is
``LINK|SOURCE|TARGET`` (unique, since a link joins each pair of its actors once), and the link
IRI is kept as the edge's ``key``. Node labels are in ``name`` too, which Cytoscape styles use,
and the node's id in ``value`` too, which networkx's ``cytoscape_graph`` reads: the export is a
valid input to it (an undirected ``MultiGraph``, ``"directed": false``, since links are
symmetric).
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

__all__ = ["cytoscape_data", "cytoscape_graph", "edge_id", "read_cytoscape", "write_cytoscape"]

_EDGE_RESERVED = ("id", "source", "target", "key")
_NODE_RESERVED = ("id", "name", "value")


def edge_id(source: str, target: str, key: str) -> str:
    """The Cytoscape id of the edge ``key`` from ``source`` to ``target``."""
    return f"{key}|{source}|{target}"


def cytoscape_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """``G`` as Cytoscape.js elements JSON."""
    nodes = []
    for node, attrs in G.nodes(data=True):
        _check(attrs, _NODE_RESERVED, f"node {node!r}")
        data = {"id": str(node), "value": str(node), "name": str(attrs.get("label", node)), **attrs}
        nodes.append({"data": data})
    edges = []
    for source, target, key, attrs in G.edges(keys=True, data=True):
        _check(attrs, _EDGE_RESERVED, f"edge {key!r}")
        data = {"id": edge_id(source, target, key), "source": str(source), "target": str(target), "key": str(key)}
        edges.append({"data": {**data, **attrs}})
    return {"data": dict(G.graph), "directed": False, "multigraph": True, "elements": {"nodes": nodes, "edges": edges}}


def cytoscape_graph(data: dict[str, Any]) -> nx.MultiDiGraph:
    """The MultiDiGraph of Cytoscape.js JSON from :func:`cytoscape_data`."""
    graph = nx.MultiDiGraph(**data.get("data", {}))
    elements = data.get("elements", {})
    for node in elements.get("nodes", []):
        attrs = dict(node["data"])
        node_id = attrs.pop("id")
        attrs.pop("value", None)
        name = attrs.pop("name", None)
        if "label" not in attrs and name is not None:
            attrs["label"] = name
        graph.add_node(node_id, **attrs)
    for edge in elements.get("edges", []):
        attrs = dict(edge["data"])
        attrs.pop("id", None)
        source, target = attrs.pop("source"), attrs.pop("target")
        graph.add_edge(source, target, key=attrs.pop("key"), **attrs)
    return graph


def write_cytoscape(G: nx.MultiDiGraph) -> bytes:
    """``G`` as Cytoscape.js JSON text (UTF-8)."""
    return json.dumps(cytoscape_data(G), indent=1, ensure_ascii=False).encode("utf-8")


def read_cytoscape(text: bytes | str) -> nx.MultiDiGraph:
    """The graph of Cytoscape.js JSON text from :func:`write_cytoscape`."""
    return cytoscape_graph(json.loads(text))


def _check(attrs: dict[str, Any], reserved: tuple[str, ...], what: str) -> None:
    clash = [name for name in reserved if name in attrs]
    if clash:
        raise ValueError(f"{what} has attributes {clash} that Cytoscape reserves; rename them")
