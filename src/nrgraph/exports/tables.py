"""CSV node and edge lists: ``write_nodes_csv`` / ``write_edges_csv`` and ``read_csv_tables``.

The node list has an ``id`` column then one column per attribute; the edge list has
``source``, ``target`` and ``key`` (the link IRI) then one column per attribute. Columns are
sorted, values are strings (a missing attribute is an empty cell), so the pair round-trips a
graph whose attributes are strings, as the projection's are. Graph attributes are not kept.
"""

from __future__ import annotations

import csv
import io

import networkx as nx

__all__ = ["read_csv_tables", "write_edges_csv", "write_nodes_csv"]


def write_nodes_csv(G: nx.MultiDiGraph) -> bytes:
    """The node list of ``G`` as CSV (UTF-8)."""
    columns = sorted({name for _, attrs in G.nodes(data=True) for name in attrs})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", *columns])
    for node, attrs in sorted(G.nodes(data=True)):
        writer.writerow([node, *(_cell(attrs.get(c)) for c in columns)])
    return buffer.getvalue().encode("utf-8")


def write_edges_csv(G: nx.MultiDiGraph) -> bytes:
    """The edge list of ``G`` as CSV (UTF-8)."""
    columns = sorted({name for *_, attrs in G.edges(keys=True, data=True) for name in attrs})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "target", "key", *columns])
    for source, target, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        writer.writerow([source, target, key, *(_cell(attrs.get(c)) for c in columns)])
    return buffer.getvalue().encode("utf-8")


def read_csv_tables(nodes: bytes | str, edges: bytes | str) -> nx.MultiDiGraph:
    """The graph of a node list and an edge list written by the functions above.

    Every cell is read as a string; an empty cell gives an empty string.
    """
    graph = nx.MultiDiGraph()
    for row in csv.DictReader(io.StringIO(_text(nodes))):
        node = row.pop("id")
        graph.add_node(node, **row)
    for row in csv.DictReader(io.StringIO(_text(edges))):
        source, target, key = row.pop("source"), row.pop("target"), row.pop("key")
        graph.add_edge(source, target, key=key, **row)
    return graph


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _text(data: bytes | str) -> str:
    return data.decode("utf-8") if isinstance(data, bytes) else data
