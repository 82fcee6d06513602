"""Relay connections with keyset cursors; ``totalCount`` is counted only when selected."""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

import strawberry

from nrgraph.catalogue.listing import Filter
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct

__all__ = ["Connection", "Edge", "PageInfo"]

T = TypeVar("T")


@strawberry.type(description="Where a page stands in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether a page follows; pass endCursor as after to get it.")
    has_previous_page: bool = strawberry.field(description="Whether this page was asked for with after.")
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="A keyset cursor: pass it as after to continue from this item.")
    node: T


@strawberry.type(description="A page of a list (a Relay connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    root: strawberry.Private[str]
    where: strawberry.Private[Filter | None]
    as_of_day: dt.date | None = strawberry.field(
        default=None,
        description="The day a status filter was evaluated on (asOf's first day, or today); null for lists "
        "without asOf.",
    )

    @strawberry.field(description="The items of the page, without cursors.")
    @direct
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many items the filtered list holds (one more query, made only when asked).")
    @direct
    def total_count(self, info: Info) -> int:
        return info.context.records.count(self.root, self.where)
