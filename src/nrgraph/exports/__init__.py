"""Exports of the relationship graph, one module per format family, each a write/read pair.

:data:`FORMATS` names every format with its media type and file extension; :func:`export`
renders one for a window (``as_of`` or ``period``, everything if neither) and is what the
CLI (``nrgraph export FORMAT``) and HTTP (``/export/FORMAT``) call.

=============  ==========================  ================================================
format         module                      what it holds
=============  ==========================  ================================================
graphml        :mod:`.graphml`             the graph at the window's end (yEd, Gephi, igraph)
gexf           :mod:`.gexf`                the whole history of the window's links, dynamic
cytoscape      :mod:`.cytoscape`           Cytoscape.js elements JSON, string ids
dot            :mod:`.dot`                 Graphviz, edges coloured by status
node-link      :mod:`.node_link`           D3 node-link JSON
nodes-csv      :mod:`.tables`              the node list
edges-csv      :mod:`.tables`              the edge list
turtle         :mod:`.rdf`                 the RDF behind the window, graphs merged
nquads         :mod:`.rdf`                 the same, each quad in its named graph
jsonld         :mod:`.rdf`                 the same as JSON-LD, with named graphs
=============  ==========================  ================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import networkx as nx

from nrgraph.errors import UnknownFormat
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.network.projection import to_dynamic_networkx, window_graph
from nrgraph.temporal.model import Period

from .cytoscape import write_cytoscape
from .dot import write_dot
from .gexf import write_gexf
from .graphml import write_graphml
from .node_link import write_node_link
from .rdf import rdf_quads, write_rdf
from .tables import write_edges_csv, write_nodes_csv

__all__ = ["FORMATS", "ExportFormat", "export", "get_format"]

Renderer = Callable[[KnowledgeGraph, Period, Sequence[str] | None], bytes]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, media type, file extension, a sentence, and its renderer."""

    name: str
    media_type: str
    extension: str
    description: str
    render: Renderer

    def file_name(self, window: str) -> str:
        """The name a download of the window gets; no two formats share one.

        >>> FORMATS["nodes-csv"].file_name("2021-10-31"), FORMATS["edges-csv"].file_name("2021-10-31")
        ('nrgraph-nodes-2021-10-31.csv', 'nrgraph-edges-2021-10-31.csv')
        >>> FORMATS["gexf"].file_name("2021-10-01/2021-10-31")
        'nrgraph-2021-10-01_2021-10-31.gexf'
        """
        stem = self.name.removesuffix(f"-{self.extension}")
        prefix = "nrgraph" if stem == self.name else f"nrgraph-{stem}"
        return f"{prefix}-{window.replace('/', '_')}.{self.extension}"


def _static(write: Callable[[nx.MultiDiGraph], bytes]) -> Renderer:
    def render(kg: KnowledgeGraph, window: Period, kinds: Sequence[str] | None) -> bytes:
        return write(window_graph(kg, window, kinds))

    return render


def _gexf(kg: KnowledgeGraph, window: Period, kinds: Sequence[str] | None) -> bytes:
    period = None if window.is_everything else str(window)
    return write_gexf(to_dynamic_networkx(kg, period=period, kinds=kinds))


def _rdf(name: str) -> Renderer:
    def render(kg: KnowledgeGraph, window: Period, kinds: Sequence[str] | None) -> bytes:
        return write_rdf(rdf_quads(kg, window, kinds), name)

    return render


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("graphml", "application/graphml+xml", "graphml",
                     "GraphML of the graph at the window's end", _static(write_graphml)),
        ExportFormat("gexf", "application/gexf+xml", "gexf",
                     "dynamic GEXF 1.3 for Gephi: the window's links with their whole history as spells", _gexf),
        ExportFormat("cytoscape", "application/json", "cyjs",
                     "Cytoscape.js elements JSON with string ids", _static(write_cytoscape)),
        ExportFormat("dot", "text/vnd.graphviz; charset=utf-8", "dot",
                     "Graphviz DOT, edges coloured by status", _static(write_dot)),
        ExportFormat("node-link", "application/json", "json",
                     "node-link JSON for D3", _static(write_node_link)),
        ExportFormat("nodes-csv", "text/csv; charset=utf-8", "csv",
                     "CSV node list: id, kind, label", _static(write_nodes_csv)),
        ExportFormat("edges-csv", "text/csv; charset=utf-8", "csv",
                     "CSV edge list: source, target, key (link IRI) and the edge attributes", _static(write_edges_csv)),
        ExportFormat("turtle", "text/turtle; charset=utf-8", "ttl",
                     "the RDF behind the window as Turtle (graphs merged)", _rdf("turtle")),
        ExportFormat("nquads", "application/n-quads", "nq",
                     "the RDF behind the window as N-Quads, with named graphs", _rdf("nquads")),
        ExportFormat("jsonld", "application/ld+json", "jsonld",
                     "the RDF behind the window as JSON-LD, with named graphs", _rdf("jsonld")),
    )
}
"""Every export format by name, in the order ``nrgraph export --list`` shows them."""


def get_format(name: str) -> ExportFormat:
    """The format called ``name`` (case-insensitive); :class:`~nrgraph.errors.UnknownFormat` lists the valid ones."""
    found = FORMATS.get(name.strip().lower()) if isinstance(name, str) else None
    if found is None:
        raise UnknownFormat(str(name), list(FORMATS))
    return found


def export(
    kg: KnowledgeGraph,
    format: str,
    *,
    as_of: FuzzyDate | dt.date | str | None = None,
    period: str | None = None,
    kinds: Sequence[str] | None = None,
) -> bytes:
    """``kg`` rendered in ``format`` for a date, a period or (neither given) everything.

    Raises :class:`~nrgraph.errors.UnknownFormat`, :class:`~nrgraph.errors.InvalidDate`,
    :class:`~nrgraph.errors.InvalidPeriod` or :class:`~nrgraph.errors.InvalidInput` (an unknown
    kind, or both a date and a period) with a message saying what would be valid.
    """
    chosen = get_format(format)
    window = Period.window(as_of, period)
    return chosen.render(kg, window, kinds)
