"""The interface every store implements: a few methods that speak SPARQL."""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator, Mapping

import pyoxigraph as ox

from nrgraph.queries import query_text
from nrgraph.store.table import Table

__all__ = ["Progress", "Row", "Store", "Term", "counted"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]
Progress = Callable[[int], None]
"""Called with the number of quads written since the last call (for a progress bar)."""


class Store(abc.ABC):
    """Where the quads live. Queries see the union of all named graphs as the default graph.

    ``query_count`` counts the queries sent, so that tests can check batching.
    """

    query_count: int = 0
    shared: bool = False
    """True for a store that other processes load and read (a remote SPARQL store): it is read
    as it is, never loaded from files on open, and its content can change under the process."""

    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        """Run a SELECT query with variables bound; one dict per solution (unbound vars absent)."""

    def table(self, query: str, bindings: Mapping[str, Term] | None = None) -> Table:
        """Run a SELECT and return its rows as text cells (see :mod:`nrgraph.store.table`).

        For reading many rows at once (the status changes for the temporal index): no term
        object is made per cell.
        """
        raise NotImplementedError(f"{type(self).__name__} cannot answer a SELECT as a table")

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query."""

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query."""

    @abc.abstractmethod
    def replace(self, quads: Iterable[ox.Quad] | ox.Store, progress: Progress | None = None) -> None:
        """Replace the whole content with ``quads``, atomically: readers see old or new, never half.

        ``quads`` may be a pyoxigraph store built by the loader, which a store can take over
        or copy without a Python object per quad. If it fails, the previous content stays.
        ``progress`` is told how many quads were written.
        """

    @abc.abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    def digest(self) -> str | None:
        """The digest of the files the store was loaded from (its manifest), or None if never loaded."""
        rows = self.select(query_text("store_digest"))
        return rows[0]["digest"].value if rows and "digest" in rows[0] else None

    def close(self) -> None:  # noqa: B027 - optional hook, nothing to do by default
        """Release the store's resources."""


def counted(quads: Iterable[ox.Quad], progress: Progress | None, every: int = 10_000) -> Iterator[ox.Quad]:
    """``quads``, telling ``progress`` every ``every`` quads (and at the end) how many went by."""
    if progress is None:
        yield from quads
        return
    pending = 0
    for quad in quads:
        yield quad
        pending += 1
        if pending == every:
            progress(pending)
            pending = 0
    if pending:
        progress(pending)
