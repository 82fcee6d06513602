"""What a store records about its own content, in the named graph ``graph:meta``.

Every load writes, next to the data, a small manifest::

    graph:meta dcterms:hasVersion "<sha256 of the ontology, shapes and data files>" ;
               dcterms:hasPart graph:ontology/nrgraph, graph:data/channels, … .

The digest lets a persistent store reopen without parsing or validating anything while the
files are unchanged, and tells every process reading a shared store which data it serves;
the parts let a load into a remote store drop the graphs of files that were removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from nrgraph.loading import LoadedData, digest, find_files, load
from nrgraph.namespaces import DCTERMS, META_GRAPH
from nrgraph.queries import query_text
from nrgraph.store.base import Progress, Store
from nrgraph.temporal.corpus import Corpus

__all__ = [
    "files_digest",
    "load_into",
    "manifest_quads",
    "recorded_graphs",
    "stored_corpus",
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


def with_manifest(data: LoadedData) -> ox.Store:
    """``data``'s store (curated and derived quads) with its manifest added.

    Writing the manifest into the loaded store is idempotent (the same quads each time), so
    the store can be handed to :meth:`Store.replace` as it is, without a Python object per quad.
    """
    graphs = sorted(
        (g for g in data.dataset.named_graphs() if isinstance(g, ox.NamedNode) and g.value != _META.value),
        key=lambda g: g.value,
    )
    data.dataset.extend(manifest_quads(data.digest, graphs))
    return data.dataset


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


def stored_corpus(store: Store) -> Corpus:
    """The status changes and link facts the store holds, read back for the temporal index.

    For a store reopened or loaded by another process: three SELECTs whose rows come as
    text (see :meth:`Corpus.from_store`), not the curated triples.
    """
    return Corpus.from_store(store)
