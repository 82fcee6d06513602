"""Loading files into a store with their manifest, and reading back what a store holds.

The manifest itself (the digest and the graphs of a load, in ``graph:meta``) is
:mod:`nrgraph.store.manifest`; this module writes it with the data and reads the corpus back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from nrgraph.loading.files import LoadedData, digest, find_files, load
from nrgraph.store.base import Progress, Store
from nrgraph.store.manifest import META, manifest_quads
from nrgraph.temporal.corpus import Corpus

__all__ = ["cache_store_url", "files_digest", "load_into", "stored_corpus", "with_manifest"]


def with_manifest(data: LoadedData) -> ox.Store:
    """``data``'s store (curated and derived quads) with its manifest added.

    Writing the manifest into the loaded store is idempotent (the same quads each time), so
    the store can be handed to :meth:`Store.replace` as it is, without a Python object per quad.
    """
    graphs = sorted(
        (g for g in data.dataset.named_graphs() if isinstance(g, ox.NamedNode) and g.value != META.value),
        key=lambda g: g.value,
    )
    data.dataset.extend(manifest_quads(data.digest, graphs))
    return data.dataset


def cache_store_url(paths: Sequence[Path | str], folder: Path | str) -> str:
    """The ``oxigraph:`` store that caches ``paths`` under ``folder``: one per set of paths.

    Its content is keyed by the files' digest: :func:`nrgraph.knowledge_graph.open_graph`
    reopens it as it is while :func:`files_digest` matches the digest it holds, and rebuilds
    it otherwise. Rebuilding writes a new generation and switches to it atomically under a
    lock (:class:`~nrgraph.store.oxigraph.OxigraphStore`), so concurrent commands are safe.
    """
    key = hashlib.sha256("\0".join(sorted(str(Path(p).resolve()) for p in paths)).encode()).hexdigest()[:16]
    return f"oxigraph:{Path(folder).expanduser() / key}"


def files_digest(paths: Sequence[Path | str]) -> str:
    """The digest :func:`~nrgraph.loading.files.load` would give ``paths``, without parsing them."""
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
