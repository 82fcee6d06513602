"""What the GraphQL API keeps across requests: per data version, and within one byte budget.

A :class:`Generation` owns everything kept across requests that depends on the data: the
records read from the store (with what is kept with them: pages, the answers of levels, the
objects built, the per-object memo), the encoded responses and the list bounds of the cost
limit (:mod:`nrgraph.graphql.bounds`). :class:`Generations` hands out the generation of the
graph's current :attr:`~nrgraph.knowledge_graph.KnowledgeGraph.version` and starts a new one
when the version changes, so nothing from older data is ever served. A graph without a
version (a shared store that does not say which data it holds) gets a fresh generation for
every request: nothing is kept, except its list bounds, read again at most every
:data:`UNVERSIONED_BOUNDS_SECONDS`.

Every cache on the request path that requests can fill is bounded in bytes by one setting,
``graphql_cache_bytes`` (:class:`Budget`): half for the responses (an answer over 1/16 of
the budget is never kept), a quarter for the parsed and validated documents, a quarter for
the compiled plans (the last two counted at :data:`DOCUMENT_BYTES_PER_CHARACTER` bytes per
character of the query, over what ``tracemalloc`` measures for a parsed document). The
records hold what the data holds (they grow with the data, not with the requests), their
pages and level answers are bounded in count (:class:`~nrgraph.graphql.loaders.Records`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from nrgraph.catalogue.resources import Catalogue
from nrgraph.config import Settings
from nrgraph.graphql.limits import ListBounds
from nrgraph.graphql.loaders import Records

if TYPE_CHECKING:
    from graphql import GraphQLSchema
    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = [
    "DOCUMENT_BYTES_PER_CHARACTER",
    "Budget",
    "ByteLRU",
    "Entry",
    "Generation",
    "Generations",
    "ResponseCache",
]

Entry = tuple[int, bytes, str, list[tuple[bytes, bytes]]]
"""A response: status, body, ETag and its encoded headers (content length and type, ETag)."""

DOCUMENT_BYTES_PER_CHARACTER = 200
"""What a parsed document (or a compiled plan) is counted as, per character of its query."""

UNVERSIONED_BOUNDS_SECONDS = 60.0
"""How long the list bounds of a graph without a data version are used before being read again."""

V = TypeVar("V")


class ByteLRU(Generic[V]):
    """A least-recently-used map holding at most ``budget`` bytes, as counted by whoever puts;
    an entry over ``largest`` bytes is not kept at all."""

    def __init__(self, budget: int, largest: int | None = None) -> None:
        self.budget = max(budget, 0)
        self.largest = self.budget if largest is None else min(largest, self.budget)
        self.size = 0
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The value kept under ``key``, if any (now the most recently used)."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V, size: int) -> bool:
        """Keep ``value`` under ``key``, counted as ``size`` bytes; whether it was kept."""
        if size > self.largest:
            return False
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._entries[key] = (value, size)
            self.size += size
            while self.size > self.budget:
                _, (_, forgotten) = self._entries.popitem(last=False)
                self.size -= forgotten
        return True

    def pop(self, key: Hashable) -> None:
        """Forget ``key``."""
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[1]

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)


class ResponseCache:
    """Encoded responses, found by the request's parameters (query, variables, operation name,
    media type, day) and counted in bytes (the body, the key's text and :data:`OVERHEAD`)
    against ``budget``; a response over ``largest`` bytes is never kept."""

    OVERHEAD = 256
    """Bytes counted per entry on top of its body and key (the tuples, the headers)."""

    def __init__(self, budget: int, largest: int | None = None) -> None:
        self._entries: ByteLRU[Entry] = ByteLRU(budget, largest)
        self.hits = 0

    def get(self, key: Hashable) -> Entry | None:
        """The response kept under the request's parameters, if any (never, with no budget)."""
        if not self._entries.budget:
            return None
        found = self._entries.get(key)
        if found is not None:
            self.hits += 1
        return found

    def put(self, key: Hashable, entry: Entry) -> None:
        """Keep ``entry`` under the request's parameters (unless there is no budget)."""
        if self._entries.budget:
            self._entries.put(key, entry, len(entry[1]) + _text_bytes(key) + self.OVERHEAD)

    @property
    def size(self) -> int:
        """The bytes counted for the responses kept."""
        return self._entries.size

    def __len__(self) -> int:
        """How many responses are kept."""
        return len(self._entries)


def _text_bytes(key: Hashable) -> int:
    """The bytes of the strings and byte strings in a key (a tuple of them, or one)."""
    parts = key if isinstance(key, tuple) else (key,)
    return sum(len(part) for part in parts if isinstance(part, str | bytes))


@dataclass(frozen=True)
class Budget:
    """How ``graphql_cache_bytes`` is shared out (see the module docstring)."""

    total: int

    @property
    def responses(self) -> int:
        return self.total // 2

    @property
    def largest_response(self) -> int:
        return self.total // 16

    @property
    def documents(self) -> int:
        return self.total // 4

    @property
    def plans(self) -> int:
        return self.total // 4


class _Bounds:
    """The list bounds of one data version, worked out on first use (once, whatever the threads)."""

    def __init__(self) -> None:
        self.made = time.monotonic()
        self._value: ListBounds | None = None
        self._lock = threading.Lock()

    def get(self, graph: KnowledgeGraph, schema: GraphQLSchema, settings: Settings) -> ListBounds:
        with self._lock:
            if self._value is None:
                from nrgraph.graphql.bounds import list_bounds

                self._value = list_bounds(graph, schema, settings)
            return self._value


@dataclass(eq=False)
class Generation:
    """What is kept for one version of the data."""

    version: str
    records: Records | None
    """The records kept across requests (None when ``graphql_record_cache`` is off: each request reads its own)."""
    responses: ResponseCache
    _bounds: _Bounds = field(default_factory=_Bounds)

    def bounds(self, graph: KnowledgeGraph, schema: GraphQLSchema, settings: Settings) -> ListBounds:
        """The longest list of each field in this version's data (see :mod:`nrgraph.graphql.bounds`)."""
        return self._bounds.get(graph, schema, settings)


class Generations:
    """The generation of the graph's current data version, started anew when it changes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.budget = Budget(settings.graphql_cache_bytes)
        self._current: Generation | None = None
        self._unversioned = _Bounds()

    def of(self, graph: KnowledgeGraph) -> Generation:
        version = graph.version
        current = self._current
        if current is None or current.version != version or not version:
            settings = self.settings
            budget = self.budget
            current = Generation(
                version,
                Records(Catalogue(graph.store)) if settings.graphql_record_cache else None,
                ResponseCache(
                    budget.responses if version and settings.graphql_response_cache else 0, budget.largest_response
                ),
            )
            if not version:  # the bounds are read again once a minute, not for every request
                if time.monotonic() - self._unversioned.made > UNVERSIONED_BOUNDS_SECONDS:
                    self._unversioned = _Bounds()
                current._bounds = self._unversioned
            self._current = current
        return current
