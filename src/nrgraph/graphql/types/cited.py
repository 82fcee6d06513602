"""The ``Cited`` interface: anything curated that carries citations, and so its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import citations_of, nodes_of

if TYPE_CHECKING:
    from nrgraph.graphql.types.citation import Citation
    from nrgraph.graphql.types.source import Source

__all__ = ["Cited"]

CitationRef = Annotated["Citation", strawberry.lazy("nrgraph.graphql.types.citation")]
SourceRef = Annotated["Source", strawberry.lazy("nrgraph.graphql.types.source")]


@strawberry.interface(description="A curated fact with its provenance: the citations and the sources behind it.")
class Cited:
    iri: str = strawberry.field(description="The IRI of the resource.")

    @strawberry.field(description="Where in which sources this fact stands.")
    async def citations(self, info: Info) -> list[CitationRef]:
        from nrgraph.graphql.types.citation import Citation

        return [Citation.from_record(record) for record in await citations_of(info, self.iri)]

    @strawberry.field(description="The distinct sources cited for this fact.")
    async def sources(self, info: Info) -> list[SourceRef]:
        from nrgraph.graphql.types.source import Source

        records = await citations_of(info, self.iri)
        return await nodes_of(info, list(dict.fromkeys(r.source for r in records)), Source)
