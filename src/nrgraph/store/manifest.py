"""What a store records about its own content, in the named graph ``graph:meta``.

Every load writes, next to the data, a small manifest::

    graph:meta dcterms:hasVersion "<sha256 of the ontology, shapes and data files>" ;
               dcterms:hasPart graph:ontology/nrgraph, graph:data/channels, … .

The digest lets a persistent store reopen without parsing or validating anything while the
files are unchanged, and tells every process reading a shared store which data it serves;
the parts let a load into a remote store drop the graphs of files that were removed.
Writing a load with its manifest is :mod:`nrgraph.loading.manifest`'s work.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from nrgraph.namespaces import DCTERMS, META_GRAPH
from nrgraph.queries import query_text
from nrgraph.store.base import Store

__all__ = ["META", "manifest_quads", "recorded_graphs"]

META = ox.NamedNode(str(META_GRAPH))
_HAS_VERSION = ox.NamedNode(str(DCTERMS.hasVersion))
_HAS_PART = ox.NamedNode(str(DCTERMS.hasPart))


def manifest_quads(data_digest: str, graphs: Sequence[ox.NamedNode]) -> list[ox.Quad]:
    """The manifest of a load: its digest and the graphs it filled."""
    quads = [ox.Quad(META, _HAS_VERSION, ox.Literal(data_digest), META)]
    quads.extend(ox.Quad(META, _HAS_PART, graph, META) for graph in graphs)
    return quads


def recorded_graphs(store: Store) -> list[ox.NamedNode]:
    """The named graphs the store's last load filled, from its manifest."""
    return [row["graph"] for row in store.select(query_text("store_graphs")) if isinstance(row["graph"], ox.NamedNode)]
