"""The ``Source`` type: a bibliographic record."""

from __future__ import annotations

import strawberry

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.node import Node, global_id
from nrgraph.graphql.vocabulary import DC, N

__all__ = ["Source"]


@strawberry.type(description="A document a fact is taken from: title, author or publisher, date and URL.")
class Source(Node):
    iri: str = strawberry.field(description="The IRI of the source.")
    slug: str = strawberry.field(description="The readable last segment of the IRI.")
    label: str
    title: str | None
    creator: str | None = strawberry.field(description="Author(s), if named.")
    publisher: str | None
    date: FuzzyDate | None = strawberry.field(description="When it was published, with its precision.")
    url: str | None = strawberry.field(description="Where it can be read, if public.")

    @classmethod
    def from_resource(cls, resource: Resource) -> Source:
        return cls(
            id=global_id("Source", resource.iri),
            iri=resource.iri,
            slug=resource.slug,
            label=resource.label,
            title=resource.text(DC.title),
            creator=resource.text(DC.creator),
            publisher=resource.text(DC.publisher),
            date=resource.date(N.date),
            url=resource.text(N.url),
        )

