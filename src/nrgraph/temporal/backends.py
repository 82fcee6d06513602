"""Choosing what answers the temporal questions: the interval index or SPARQL over the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nrgraph.errors import InvalidInput
from nrgraph.store import Store
from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.engine import TemporalEngine
from nrgraph.temporal.index import IndexEngine

if TYPE_CHECKING:
    from nrgraph.loading import LoadedData

__all__ = ["BACKENDS", "temporal_engine"]

BACKENDS = ("auto", "index")
"""``index``: the in-memory interval index, built from the loaded data; ``auto``: the index
on the embedded store when the data was loaded in this process."""


def temporal_engine(store: Store, data: LoadedData | None, choice: str = "auto") -> TemporalEngine:
    """The engine for ``choice``; the index needs the loaded data."""
    if choice not in BACKENDS:
        raise InvalidInput(f"temporal backend {choice!r} is not known; valid: {', '.join(BACKENDS)}")
    if data is None:
        raise InvalidInput("the temporal index is built from loaded data; open the graph with open_graph()")
    return IndexEngine(Corpus.from_quads(data.quads))
