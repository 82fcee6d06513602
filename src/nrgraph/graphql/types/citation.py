"""The ``Citation`` type: a pointer from a fact to a place in a source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.catalogue.resources import CitationRecord
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, related_one
from nrgraph.graphql.types.node import Node, global_id

if TYPE_CHECKING:
    from nrgraph.graphql.types.source import Source

__all__ = ["Citation"]

SourceRef = Annotated["Source", strawberry.lazy("nrgraph.graphql.types.source")]


@strawberry.type(
    description=(
        "Where a fact stands in a source: the source, a locator (paragraph, section, page), "
        "the source's own wording and a curator's note. Citations are usually blank nodes, so "
        "iri and slug are null unless the data names the citation."
    )
)
class Citation(Node):
    iri: str | None = strawberry.field(description="The citation's IRI, if the data names it.")
    slug: str | None
    locator: str | None
    wording: str | None = strawberry.field(description="The word the source itself uses for the fact.")
    note: str | None = strawberry.field(description="A curator's note on this citation.")
    source_iri: strawberry.Private[str]

    @strawberry.field(description="The source cited.")
    @direct
    def source(self, info: Info) -> SourceRef | None:
        from nrgraph.graphql.types.source import Source

        return related_one(info, self, "source_iri", Source)

    @classmethod
    def from_record(cls, record: CitationRecord) -> Citation:
        return cls(
            id=global_id("Citation", record.key),
            iri=record.iri,
            slug=record.iri.rsplit("/", 1)[-1] if record.iri else None,
            locator=record.locator,
            wording=record.wording,
            note=record.note,
            source_iri=record.source,
        )
