"""The ``Stats`` type: what the graph holds."""

from __future__ import annotations

import strawberry

from nrgraph.graphql.scalars import FuzzyDate

__all__ = ["ClassCount", "Stats"]


@strawberry.type(description="How many curated resources a class of the vocabulary has.")
class ClassCount:
    name: str
    count: int = strawberry.field(description="Its resources, those of its subclasses included.")
    direct: int = strawberry.field(description="Its resources typed with the class itself.")
    parent: str | None = strawberry.field(description="Its superclass in the vocabulary (null at a root).")


@strawberry.type(description="What the graph holds.")
class Stats:
    classes: list[ClassCount] = strawberry.field(description="Counts per class (subclasses included), by local name.")
    triples: int
    sources: int
    first_date: FuzzyDate | None = strawberry.field(description="The first day any dated fact covers.")
    last_date: FuzzyDate | None = strawberry.field(description="The last day any dated fact covers.")
    version: str = strawberry.field(description="A content hash of the loaded data; it changes on reload.")
