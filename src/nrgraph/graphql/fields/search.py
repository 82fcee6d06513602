"""Root fields ``search(text:)`` and ``stats``."""

from __future__ import annotations

from typing import Annotated

import strawberry

from nrgraph.catalogue.resources import Catalogue
from nrgraph.fuzzydate import FuzzyDate as _FuzzyDate
from nrgraph.graphql.builders import build
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, roots
from nrgraph.graphql.types.search_hit import SearchHit, SearchMatch
from nrgraph.graphql.types.stats import ClassCount, Stats

__all__ = ["SearchQuery"]


@strawberry.type
class SearchQuery:
    @strawberry.field(description=(
            "Resources whose label or alias contains the text (case-insensitive), best first: exact label or "
            "alias, then prefix, then substring."
        ))
    @direct
    def search(
        self, info: Info, text: str, first: Annotated[int, strawberry.argument(description="At most 50.")] = 20
    ) -> list[SearchHit]:
        hits = Catalogue(info.context.kg.store).search(text, limit=max(0, min(first, 50)))
        records = info.context.records.resources(hit.iri for hit in hits)
        found = []
        for hit in hits:
            node = build(records[hit.iri])
            if node is not None:
                found.append(SearchHit(matched=hit.matched, match=SearchMatch(hit.match), node=node))
        roots(info, [hit.node for hit in found])
        return found

    @strawberry.field(description="What the graph holds: counts per class, triples, sources and dates covered.")
    @direct
    def stats(self, info: Info) -> Stats:
        kg = info.context.kg
        figures = kg.stats()
        return Stats(
            classes=[
                ClassCount(name=name, count=n, direct=figures.direct.get(name, 0), parent=figures.parents.get(name))
                for name, n in sorted(figures.classes.items())
            ],
            triples=figures.triples,
            sources=figures.sources,
            first_date=_FuzzyDate.of(figures.first_date) if figures.first_date else None,
            last_date=_FuzzyDate.of(figures.last_date) if figures.last_date else None,
            version=kg.version,
        )
