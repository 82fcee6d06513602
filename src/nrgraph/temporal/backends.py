"""Choosing what answers the temporal questions: the interval index or SPARQL over the store."""

from __future__ import annotations

from nrgraph.errors import InvalidInput
from nrgraph.store import Store
from nrgraph.store.memory import MemoryStore
from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.engine import TemporalEngine
from nrgraph.temporal.index import IndexEngine
from nrgraph.temporal.sparql import SparqlEngine

__all__ = ["BACKENDS", "temporal_engine"]

BACKENDS = ("auto", "index", "sparql")
"""``index``: the in-memory interval index, built from the loaded data; ``sparql``: named
queries over the periods materialised in the store; ``auto``: the index on the embedded
store when the data was loaded in this process, SPARQL otherwise."""


def temporal_engine(store: Store, corpus: Corpus | None, choice: str = "auto") -> TemporalEngine:
    """The engine for ``choice``; the index needs the status changes (the loaded or stored ``corpus``)."""
    if choice not in BACKENDS:
        raise InvalidInput(f"temporal backend {choice!r} is not known; valid: {', '.join(BACKENDS)}")
    if choice == "sparql" or (choice == "auto" and (corpus is None or not isinstance(store, MemoryStore))):
        return SparqlEngine(store)
    if corpus is None:
        raise InvalidInput("the temporal index is built from loaded data; open the graph with open_graph()")
    return IndexEngine(corpus)
