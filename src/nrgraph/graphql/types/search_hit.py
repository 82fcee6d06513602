"""The ``SearchHit`` type: a resource found by its label or alias, and how it matched."""

from __future__ import annotations

import enum

import strawberry

from nrgraph.graphql.types.node import Node

__all__ = ["SearchHit", "SearchMatch"]


@strawberry.enum(description="How a label or alias matched the text; search lists EXACT, then PREFIX, then SUBSTRING.")
class SearchMatch(enum.Enum):
    EXACT = "exact"
    PREFIX = "prefix"
    SUBSTRING = "substring"


@strawberry.type(description="A resource whose label or alias contains the text searched for.")
class SearchHit:
    matched: str = strawberry.field(description="The label or alias that matched (the best one of the resource).")
    match: SearchMatch = strawberry.field(description="Whether it is the text itself, starts with it or contains it.")
    node: Node
