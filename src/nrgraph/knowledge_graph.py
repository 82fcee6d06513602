"""The KnowledgeGraph facade: methods that say what they answer.

>>> kg = open_graph()                                   # doctest: +SKIP
>>> kg.stats().classes["Channel"]                        # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from nrgraph.config import Settings
from nrgraph.loading import LoadedData, load
from nrgraph.namespaces import NRG
from nrgraph.queries import query_text
from nrgraph.store import Row, Store, Term, open_store

__all__ = ["KnowledgeGraph", "Stats", "open_graph"]


@dataclass(frozen=True)
class Stats:
    """What the graph holds."""

    classes: Mapping[str, int]
    triples: int
    sources: int
    first_date: dt.date | None
    last_date: dt.date | None


class KnowledgeGraph:
    """The curated graph in a store, with the questions nrgraph answers about it."""

    def __init__(self, store: Store, data: LoadedData | None = None, paths: Sequence[Path] = ()) -> None:
        self.store = store
        self.data = data
        self.paths = tuple(paths)

    @property
    def version(self) -> str:
        """A content hash of the loaded files; it changes whenever the data changes."""
        return self.data.digest if self.data is not None else ""

    def select(self, name: str, **bindings: Term) -> list[Row]:
        """Run the named SELECT query ``queries/<name>.rq`` with variables bound."""
        return self.store.select(query_text(name), bindings)

    def reload(self) -> None:
        """Load the files again, validate them and swap them in; on error nothing changes."""
        data = load(self.paths)
        self.store.replace(data.all_quads())
        self.data = data

    def stats(self) -> Stats:
        """Counts per class (by local name), the triples, the sources and the dates covered."""
        classes = {
            _local(row["class"].value): int(row["count"].value)
            for row in self.select("class_counts")
            if row["class"].value.startswith(str(NRG))
        }
        (span,) = self.select("date_range") or [{}]
        (count,) = self.select("triple_count")
        return Stats(
            classes=classes,
            triples=int(count["count"].value),
            sources=classes.get("Source", 0),
            first_date=dt.date.fromisoformat(span["first"].value) if "first" in span else None,
            last_date=dt.date.fromisoformat(span["last"].value) if "last" in span else None,
        )


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def open_graph(
    paths: Sequence[Path | str] | None = None,
    *,
    settings: Settings | None = None,
    store: str | None = None,
) -> KnowledgeGraph:
    """Load, validate and store the ontology and data; return the KnowledgeGraph over them.

    ``paths`` defaults to the configured ontology and data folders. Raises
    :class:`~nrgraph.errors.LoadError` (or its subclass ``ValidationFailed``) listing every
    problem; nothing is stored then.
    """
    settings = settings or Settings.from_env()
    chosen = [Path(p) for p in paths] if paths is not None else list(settings.source_paths)
    data = load(chosen)
    backend = open_store(store or settings.store)
    backend.replace(data.all_quads())
    return KnowledgeGraph(backend, data, chosen)
