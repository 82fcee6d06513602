"""The ``Cited`` interface: anything curated that carries citations, and so its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

import nrgraph.graphql.resolve as resolve
from nrgraph.graphql.context import Info

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
    def citations(self, info: Info) -> list[CitationRef]:
        return resolve.citations(info, self)

    @strawberry.field(description="The distinct sources cited for this fact.")
    def sources(self, info: Info) -> list[SourceRef]:
        return resolve.sources(info, self)
