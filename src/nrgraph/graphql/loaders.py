"""The request's loaders: every read of a query level goes to the store as ONE query.

:class:`Records` remembers, for one request, what the store said about each IRI (its
statements, who refers to it through a predicate, its citations) and fetches whatever is
missing in one batch — a ``VALUES`` block of IRIs, see :mod:`nrgraph.catalogue.resources`. The
resolvers in :mod:`nrgraph.graphql.resolve` hand it a whole level at once (every sibling of
the object being resolved), so a list of 50 channels with their endpoints costs one query
for the channels and one for all their endpoints, never one per channel.

The loaders are synchronous: the embedded store answers in-process, so there is nothing to
wait for, and synchronous resolvers keep graphql-core off the asyncio machinery. Pages and
counts of lists are remembered too (the last :attr:`Records.MAX_LISTS` of them).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from nrgraph.catalogue.listing import Filter, Order, Page, count, page
from nrgraph.catalogue.resources import Catalogue, CitationRecord, Resource

__all__ = ["Records"]


class Records:
    """What one request has read from the store, by IRI; misses are fetched in one batch."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._resources: dict[str, Resource | None] = {}
        self._referrers: dict[tuple[str, str], tuple[str, ...]] = {}
        self._citations: dict[str, tuple[CitationRecord, ...]] = {}
        self._lists: OrderedDict[Hashable, Page | int] = OrderedDict()
        self.objects: dict[Hashable, Any] = {}
        """The GraphQL objects built from these records, by IRI (or citation key): they are
        read-only values of what was read, so they serve every request these records serve."""
        self.levels: dict[Hashable, tuple[tuple[Any, ...], dict[int, Any], list[Any] | None]] = {}
        """The answers of relations resolved for levels of shared objects (see
        :data:`nrgraph.graphql.builders.SHARED_CLASSES`), by relation and the ids of the level's
        members, with the members (so those ids stay theirs) and the next level, if any."""

    MAX_LEVELS = 4096
    """How many level answers :attr:`levels` keeps (all are forgotten past that)."""

    def keep_level(self, key: Hashable, entry: tuple[tuple[Any, ...], dict[int, Any], list[Any] | None]) -> None:
        """Keep the answer of a relation for a level (see :attr:`levels`)."""
        if len(self.levels) >= self.MAX_LEVELS:
            self.levels.clear()
        self.levels[key] = entry

    def kept(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept under ``key`` with the pages and counts (as long as they are)."""
        return self._list(("kept", key), compute)

    MAX_LISTS = 1024
    """How many pages and counts are remembered (the oldest are forgotten first)."""

    def _list(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = compute()
            if len(self._lists) > self.MAX_LISTS:
                self._lists.popitem(last=False)
        return found

    def page(
        self, root: str, where: Filter | None, *, order: Order, descending: bool, first: int, after: str | None
    ) -> Page:
        """One page of a list (see :func:`nrgraph.catalogue.listing.page`), read once."""
        store = self.catalogue.store
        found = self._list(
            ("page", root, where, order, descending, first, after),
            lambda: page(store, root, where, order=order, descending=descending, first=first, after=after),
        )
        assert isinstance(found, Page)
        return found

    def count(self, root: str, where: Filter | None) -> int:
        """How many items a filtered list holds (see :func:`nrgraph.catalogue.listing.count`), counted once."""
        store = self.catalogue.store
        found = self._list(("count", root, where), lambda: count(store, root, where))
        assert isinstance(found, int)
        return found

    def resources(self, iris: Iterable[str]) -> Mapping[str, Resource | None]:
        """The resources with these IRIs (None for unknown ones): one store query for the misses."""
        wanted = list(dict.fromkeys(iris))
        missing = [iri for iri in wanted if iri not in self._resources]
        if missing:
            self._resources.update(zip(missing, self.catalogue.resources(missing), strict=True))
        return self._resources

    def referrers(self, predicate: str, iris: Iterable[str]) -> Mapping[tuple[str, str], tuple[str, ...]]:
        """Who points to each IRI through ``predicate``: one store query for the misses."""
        wanted = list(dict.fromkeys(iris))
        missing = [iri for iri in wanted if (predicate, iri) not in self._referrers]
        if missing:
            found = self.catalogue.referrers(predicate, missing)
            self._referrers.update(((predicate, iri), refs) for iri, refs in zip(missing, found, strict=True))
        return self._referrers

    def citations(self, iris: Iterable[str]) -> Mapping[str, tuple[CitationRecord, ...]]:
        """The citations of each fact: one store query for the misses."""
        wanted = list(dict.fromkeys(iris))
        missing = [iri for iri in wanted if iri not in self._citations]
        if missing:
            self._citations.update(zip(missing, self.catalogue.citations(missing), strict=True))
        return self._citations
