"""The interface every store implements: a few methods that speak SPARQL."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

__all__ = ["Row", "Store", "Term"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]


class Store(abc.ABC):
    """Where the quads live. Queries see the union of all named graphs as the default graph.

    ``query_count`` counts the queries sent, so that tests can check batching.
    """

    query_count: int = 0

    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        """Run a SELECT query with variables bound; one dict per solution (unbound vars absent)."""

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query."""

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query."""

    @abc.abstractmethod
    def replace(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content with ``quads``, atomically: readers see old or new, never half."""

    @abc.abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    def close(self) -> None:  # noqa: B027 - optional hook, nothing to do by default
        """Release the store's resources."""
