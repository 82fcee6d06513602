"""Root fields ``search(text:)`` and ``stats``."""

from __future__ import annotations

from typing import Annotated

import strawberry

from nrgraph.catalogue import Catalogue
from nrgraph.fuzzydate import FuzzyDate as _FuzzyDate
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import build
from nrgraph.graphql.types.search_hit import SearchHit
from nrgraph.graphql.types.stats import ClassCount, Stats

__all__ = ["SearchQuery"]


@strawberry.type
class SearchQuery:
    @strawberry.field(description="Resources whose label or alias contains the text (case-insensitive), best first.")
    async def search(
        self, info: Info, text: str, first: Annotated[int, strawberry.argument(description="At most 50.")] = 20
    ) -> list[SearchHit]:
        hits = Catalogue(info.context.kg.store).search(text, limit=max(0, min(first, 50)))
        resources = await info.context.loaders.resource.load_many([hit.iri for hit in hits])
        found = []
        for hit, resource in zip(hits, resources, strict=True):
            node = build(resource)
            if node is not None:
                found.append(SearchHit(matched=hit.matched, node=node))
        return found

    @strawberry.field(description="What the graph holds: counts per class, triples, sources and dates covered.")
    def stats(self, info: Info) -> Stats:
        kg = info.context.kg
        figures = kg.stats()
        return Stats(
            classes=[ClassCount(name=name, count=n) for name, n in sorted(figures.classes.items())],
            triples=figures.triples,
            sources=figures.sources,
            first_date=_FuzzyDate.of(figures.first_date) if figures.first_date else None,
            last_date=_FuzzyDate.of(figures.last_date) if figures.last_date else None,
            version=kg.version,
        )
