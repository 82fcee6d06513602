"""The request's loaders: every read of a query level goes to the store as ONE query.

:class:`Records` remembers, for one request, what the store said about each IRI (its
statements, who refers to it through a predicate, its citations) and fetches whatever is
missing in one batch — a ``VALUES`` block of IRIs, see :mod:`nrgraph.catalogue`. The
resolvers in :mod:`nrgraph.graphql.resolve` hand it a whole level at once (every sibling of
the object being resolved), so a list of 50 channels with their endpoints costs one query
for the channels and one for all their endpoints, never one per channel.

The loaders are synchronous: the embedded store answers in-process, so there is nothing to
wait for, and synchronous resolvers keep graphql-core off the asyncio machinery.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from nrgraph.catalogue import Catalogue, CitationRecord, Resource

__all__ = ["Records"]


class Records:
    """What one request has read from the store, by IRI; misses are fetched in one batch."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._resources: dict[str, Resource | None] = {}
        self._referrers: dict[tuple[str, str], tuple[str, ...]] = {}
        self._citations: dict[str, tuple[CitationRecord, ...]] = {}

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
