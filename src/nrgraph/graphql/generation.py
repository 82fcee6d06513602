"""What the GraphQL API keeps for one version of the data, forgotten all at once when it changes.

A :class:`Generation` owns everything kept across requests that depends on the data: the
records read from the store (with what is kept with them: pages, the answers of levels, the
objects built, the per-object memo) and the encoded responses. :class:`Generations` hands
out the generation of the graph's current :attr:`~nrgraph.knowledge_graph.KnowledgeGraph.version`
and starts a new one when the version changes, so nothing from older data is ever served.
A graph without a version (a shared store that does not say which data it holds) gets a
fresh generation for every request: nothing is kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nrgraph.catalogue.resources import Catalogue
from nrgraph.config import Settings
from nrgraph.graphql.loaders import Records

if TYPE_CHECKING:
    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["Entry", "Generation", "Generations", "ResponseCache"]

Entry = tuple[int, bytes, str, list[tuple[bytes, bytes]]]
"""A response: status, body, ETag and its encoded headers (content length and type, ETag)."""


class ResponseCache:
    """An LRU of up to ``size`` encoded responses, each found by the request's parameters
    (query, variables, operation name, media type, day) or by the raw request as it came
    (method, body or query string, media type, day), so that a repeat is found before its
    JSON is parsed. A raw request is an alias of the parameters it was read as (up to
    ``size`` of them are kept too); the responses alone count towards ``size``."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._aliases: OrderedDict[Hashable, Hashable] = OrderedDict()
        self.hits = 0

    def get(self, key: Hashable) -> Entry | None:
        """The response kept under the request's parameters, if any."""
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            self.hits += 1
        return found

    def get_raw(self, raw: Hashable) -> Entry | None:
        """The response kept under the raw request, if any."""
        key = self._aliases.get(raw)
        if key is None:
            return None
        found = self.get(key)
        if found is None:  # the response was forgotten: so is its alias
            del self._aliases[raw]
        else:
            self._aliases.move_to_end(raw)
        return found

    def put(self, key: Hashable, entry: Entry, raw: Hashable | None = None) -> None:
        """Keep ``entry`` under the request's parameters and, if given, its raw request."""
        if self.size <= 0:
            return
        self._entries[key] = entry
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        if raw is not None:
            self._aliases[raw] = key
            if len(self._aliases) > self.size:
                self._aliases.popitem(last=False)

    def __len__(self) -> int:
        """How many responses are kept."""
        return len(self._entries)


@dataclass(eq=False)
class Generation:
    """What is kept for one version of the data."""

    version: str
    records: Records | None
    """The records kept across requests (None when ``graphql_record_cache`` is off: each request reads its own)."""
    responses: ResponseCache


class Generations:
    """The generation of the graph's current data version, started anew when it changes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._current: Generation | None = None

    def of(self, graph: KnowledgeGraph) -> Generation:
        version = graph.version
        current = self._current
        if current is None or current.version != version or not version:
            settings = self.settings
            current = Generation(
                version,
                Records(Catalogue(graph.store)) if settings.graphql_record_cache else None,
                ResponseCache(settings.graphql_cache_size if version else 0),
            )
            self._current = current
        return current
