"""GraphML: ``write_graphml`` and ``read_graphml``, a round-tripping pair over networkx.

The graph is undirected (``edgedefault="undirected"``): a channel or an agreement joins its
actors symmetrically; reading orients each edge from the actor whose IRI sorts first, as the
projection does. Nodes keep their IRIs as ids, edges their link IRI as GraphML edge id (the multigraph key);
every attribute is a string (``attr.type="string"``), so reading gives back an equal graph.
"""

from __future__ import annotations

import io
from typing import BinaryIO

import networkx as nx

__all__ = ["read_graphml", "write_graphml"]


def write_graphml(G: nx.MultiDiGraph, target: BinaryIO | None = None) -> bytes:
    """Write ``G`` as GraphML to ``target`` (a binary file) and return the bytes written."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(nx.MultiGraph(G), buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    data = buffer.getvalue()
    if target is not None:
        target.write(data)
    return data


def read_graphml(source: bytes | BinaryIO) -> nx.MultiDiGraph:
    """Read GraphML written by :func:`write_graphml` (or any GraphML) as a MultiDiGraph."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    read = nx.read_graphml(stream, force_multigraph=True)
    graph = nx.MultiDiGraph(**read.graph)
    graph.add_nodes_from(read.nodes(data=True))
    for u, v, key, attrs in read.edges(keys=True, data=True):
        graph.add_edge(*(sorted((u, v)) if not read.is_directed() else (u, v)), key=key, **attrs)
    for default in ("node_default", "edge_default"):
        if not graph.graph.get(default):
            graph.graph.pop(default, None)
    return graph
