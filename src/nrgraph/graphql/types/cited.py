"""The ``Cited`` interface: anything curated that carries citations, and so its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

import nrgraph.graphql.resolve as resolve
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct
from nrgraph.graphql.types.certainty import Certainty
from nrgraph.graphql.vocabulary import N
from nrgraph.temporal.model import Certainty as _Certainty

if TYPE_CHECKING:
    from nrgraph.graphql.types.citation import Citation
    from nrgraph.graphql.types.source import Source

__all__ = ["Cited"]

CitationRef = Annotated["Citation", strawberry.lazy("nrgraph.graphql.types.citation")]
SourceRef = Annotated["Source", strawberry.lazy("nrgraph.graphql.types.source")]

_CITATIONS = resolve.citations_level()
_SOURCES = resolve.sources_level()


@strawberry.interface(
    description="A curated fact with its provenance: the citations and sources behind it, and how sure it is."
)
class Cited:
    iri: str = strawberry.field(description="The IRI of the resource.")

    @strawberry.field(description="How sure the curators are of this fact, 0 to 1 (1 unless nrg:confidence says less).")
    @direct
    def confidence(self, info: Info) -> float:
        record = resolve.resource_of(info, self)
        value = record.number(N.confidence) if record is not None else None
        return 1.0 if value is None else value

    @strawberry.field(description="DEFINITE, or POSSIBLE when the confidence is below 1 or another claim conflicts.")
    @direct
    def certainty(self, info: Info) -> Certainty:
        record = resolve.resource_of(info, self)
        if record is None:
            return _Certainty.DEFINITE
        confidence = record.number(N.confidence)
        doubtful = (confidence is not None and confidence < 1) or bool(record.iris(N.conflictsWith))
        return _Certainty.POSSIBLE if doubtful else _Certainty.DEFINITE

    @strawberry.field(description="Where in which sources this fact stands.")
    @resolve.by_level(_CITATIONS)
    def citations(self, info: Info) -> list[CitationRef]:
        return _CITATIONS(self, info)[id(self)]

    @strawberry.field(description="The distinct sources cited for this fact.")
    @resolve.by_level(_SOURCES)
    def sources(self, info: Info) -> list[SourceRef]:
        return _SOURCES(self, info)[id(self)]
