"""The ``SearchHit`` type: a resource found by its label or alias."""

from __future__ import annotations

import strawberry

from nrgraph.graphql.types.node import Node

__all__ = ["SearchHit"]


@strawberry.type(description="A resource whose label or alias contains the text searched for.")
class SearchHit:
    matched: str = strawberry.field(description="The label or alias that matched.")
    node: Node
