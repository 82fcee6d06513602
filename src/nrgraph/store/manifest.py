"""What a store records about its own content, in the named graph ``graph:meta``.

Every load writes, next to the data, a small manifest::

    graph:meta dcterms:hasVersion "<sha256 of the ontology, shapes and data files>" ;
               dcterms:hasPart graph:ontology/nrgraph, graph:data/channels, … .

The digest lets a persistent store reopen without parsing or validating anything while the
files are unchanged, and tells every process reading a shared store which data it serves;
the parts let a load into a remote store drop the graphs of files that were removed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from nrgraph.loading import LoadedData, digest, find_files, load
from nrgraph.namespaces import DCTERMS, META_GRAPH
from nrgraph.queries import query_text
from nrgraph.store.base import Progress, Store

__all__ = [
    "files_digest",
    "load_into",
    "manifest_quads",
    "recorded_graphs",
    "stored_data",
    "with_manifest",
]

_META = ox.NamedNode(str(META_GRAPH))
_HAS_VERSION = ox.NamedNode(str(DCTERMS.hasVersion))
_HAS_PART = ox.NamedNode(str(DCTERMS.hasPart))


def manifest_quads(data_digest: str, graphs: Sequence[ox.NamedNode]) -> list[ox.Quad]:
    """The manifest of a load: its digest and the graphs it filled."""
    quads = [ox.Quad(_META, _HAS_VERSION, ox.Literal(data_digest), _META)]
    quads.extend(ox.Quad(_META, _HAS_PART, graph, _META) for graph in graphs)
    return quads


def with_manifest(data: LoadedData) -> Iterator[ox.Quad]:
    """Every quad of ``data`` (curated, then derived), then its manifest."""
    graphs: dict[str, ox.NamedNode] = {}
    for quad in data.all_quads():
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value not in graphs:
            graphs[graph.value] = graph
        yield quad
    yield from manifest_quads(data.digest, sorted(graphs.values(), key=lambda g: g.value))


def recorded_graphs(store: Store) -> list[ox.NamedNode]:
    """The named graphs the store's last load filled, from its manifest."""
    return [row["graph"] for row in store.select(query_text("store_graphs")) if isinstance(row["graph"], ox.NamedNode)]


def files_digest(paths: Sequence[Path | str]) -> str:
    """The digest :func:`~nrgraph.loading.load` would give ``paths``, without parsing them."""
    data_files, shape_files = find_files(paths)
    return digest([*data_files, *shape_files])


def load_into(store: Store, paths: Sequence[Path | str], progress: Progress | None = None) -> LoadedData:
    """Parse, derive and validate ``paths``, then replace the store's content with them.

    Raises :class:`~nrgraph.errors.LoadError` before the store is touched if the files do not
    load, and :class:`~nrgraph.errors.StoreError` if the store cannot be written; either
    way the store keeps its previous content.
    """
    data = load(paths)
    store.replace(with_manifest(data), progress)
    return data


def stored_data(store: Store) -> LoadedData:
    """What the store holds, read back: its curated quads (ontology and data) and its digest.

    For what needs the loaded data (the temporal index) when the store was reopened, or
    loaded by another process. The quads come without their graph names, and nothing
    derived: ``derived`` and ``files`` are empty.
    """
    triples = store.construct(query_text("curated_triples"))
    quads = tuple(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return LoadedData(quads=quads, derived=(), files=(), digest=store.digest() or "")
