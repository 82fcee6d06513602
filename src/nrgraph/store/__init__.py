"""Stores, chosen by one setting (``--store`` / ``NRGRAPH_STORE``).

- ``memory``: the embedded default, built at start from the files;
- ``oxigraph:PATH``: pyoxigraph on disk, reopened as it is while the files are unchanged;
- ``sparql:QUERY_URL[,UPDATE_URL]``: any SPARQL 1.1 store, loaded with ``nrgraph load``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from nrgraph.errors import InvalidInput
from nrgraph.store.base import Row, Store, Term
from nrgraph.store.memory import MemoryStore
from nrgraph.store.oxigraph import OxigraphStore
from nrgraph.store.sparql import SparqlStore

__all__ = ["MemoryStore", "OxigraphStore", "Row", "SparqlStore", "Store", "Term", "open_store"]

_VALID = "memory, oxigraph:PATH or sparql:QUERY_URL[,UPDATE_URL]"


def open_store(url: str = "memory") -> Store:
    """The store a ``--store`` value names; :class:`~nrgraph.errors.InvalidInput` if none."""
    kind, _, rest = url.partition(":")
    if url == "memory":
        return MemoryStore()
    if kind == "oxigraph" and rest:
        return OxigraphStore(rest)
    if kind == "sparql" and rest:
        query_url, _, update_url = rest.partition(",")
        for endpoint in filter(None, (query_url, update_url)):
            parts = urlsplit(endpoint)
            if parts.scheme not in {"http", "https"} or not parts.netloc:
                raise InvalidInput(f"store {url!r}: {endpoint!r} is not an http(s) URL; valid: {_VALID}")
        return SparqlStore(query_url, update_url or None)
    raise InvalidInput(f"store {url!r} is not known; valid: {_VALID}")
