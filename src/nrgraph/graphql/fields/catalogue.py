"""Root fields for the catalogue: ``node``, ``resource`` and the four lists."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypeVar, cast

import strawberry

from nrgraph.errors import InvalidInput, NotFound
from nrgraph.fuzzydate import AS_OF_HELP
from nrgraph.fuzzydate import FuzzyDate as _FuzzyDate
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, nodes, objects, roots
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.agreement import Agreement
from nrgraph.graphql.types.channel import Channel
from nrgraph.graphql.types.citation import Citation
from nrgraph.graphql.types.connection import Connection, Edge, PageInfo
from nrgraph.graphql.types.event import Event
from nrgraph.graphql.types.filters import (
    ActorFilter,
    AgreementFilter,
    AnyFilter,
    ChannelFilter,
    EventFilter,
    Ordering,
    SortKey,
    resolve_ref,
    to_filter,
)
from nrgraph.graphql.types.node import Node, parse_global_id
from nrgraph.graphql.vocabulary import N
from nrgraph.namespaces import did_you_mean

__all__ = ["CatalogueQuery"]

T = TypeVar("T")
_PAGE_HELP = "How many items to return, 0 to 100."
_AS_OF_HELP = f"The date a status filter is evaluated on ({AS_OF_HELP}); default today."


def _list(
    info: Info,
    kind: type[T],
    root: str,
    where: AnyFilter | None,
    order_by: Ordering | None,
    first: int,
    after: str | None,
    as_of: _FuzzyDate | None,
) -> Connection[T]:
    ordering = order_by or Ordering()
    if ordering.by is SortKey.DATE and kind is not Event:
        raise InvalidInput("orderBy DATE applies to events only; sort this list by LABEL or SLUG")
    day = as_of.as_of_day if as_of is not None else dt.date.today()
    condition = to_filter(where, day)
    said = day if root in (N.Channel, N.Agreement) else None
    order, descending = ordering.order(), ordering.direction.value == "desc"
    records = info.context.records

    def build() -> tuple[Connection[T], list[T]]:
        found = records.page(root, condition, order=order, descending=descending, first=first, after=after)
        found_nodes: list[T] = objects(info, found.iris)
        edges = [Edge(cursor=c, node=node) for c, node in zip(found.cursors, found_nodes, strict=True)]
        page_info = PageInfo(
            has_next_page=found.has_next,
            has_previous_page=after is not None,
            start_cursor=found.cursors[0] if found.cursors else None,
            end_cursor=found.end_cursor,
        )
        return Connection(edges=edges, page_info=page_info, root=root, where=condition, as_of_day=said), found_nodes

    # the page's objects are built from the records only: kept with them, like the page
    connection, members = records.kept(
        ("connection", root, condition, order, descending, first, after, said), build
    )
    roots(info, members)
    return cast("Connection[T]", connection)


@strawberry.type
class CatalogueQuery:
    @strawberry.field(description="Any object by its global ID.")
    @direct
    def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, key = parse_global_id(id)
        if type_name == "Citation":
            fact = key.split("#", 1)[0]
            records = info.context.records.citations([fact])[fact]
            return next((Citation.from_record(r) for r in records if r.key == key), None)
        found: list[Node] = nodes(info, [key], Node)
        return found[0] if found and type(found[0]).__name__ == type_name else None

    @strawberry.field(
        description=(
            "An actor, link, event, status change or source by IRI or slug; an unknown one is null with a "
            "NOT_FOUND error that suggests the closest slugs (as for timeline, neighbours and statusAt)."
        )
    )
    @direct
    def resource(self, info: Info, ref: str) -> Node | None:
        found: list[Node] = nodes(info, [resolve_ref(ref)], Node)
        if not found:
            known = (row["iri"].value for row in info.context.kg.select("curated"))
            raise NotFound("resource", ref, did_you_mean(ref, known, "give the IRI or slug of a curated resource"))
        return found[0]

    @strawberry.field(description="Actors: states, organisations, bodies and people.")
    @direct
    def actors(
        self,
        info: Info,
        filter: ActorFilter | None = None,
        order_by: Ordering | None = None,
        first: Annotated[int, strawberry.argument(description=_PAGE_HELP)] = 20,
        after: str | None = None,
    ) -> Connection[Actor]:
        return _list(info, Actor, N.Actor, filter, order_by, first, after, None)

    @strawberry.field(description="Channels: hotlines, councils, missions, liaisons, deconfliction lines.")
    @direct
    def channels(
        self,
        info: Info,
        filter: ChannelFilter | None = None,
        order_by: Ordering | None = None,
        first: Annotated[int, strawberry.argument(description=_PAGE_HELP)] = 20,
        after: str | None = None,
        as_of: Annotated[FuzzyDate | None, strawberry.argument(description=_AS_OF_HELP)] = None,
    ) -> Connection[Channel]:
        return _list(info, Channel, N.Channel, filter, order_by, first, after, as_of)

    @strawberry.field(description="Agreements: treaties, declarations and memoranda.")
    @direct
    def agreements(
        self,
        info: Info,
        filter: AgreementFilter | None = None,
        order_by: Ordering | None = None,
        first: Annotated[int, strawberry.argument(description=_PAGE_HELP)] = 20,
        after: str | None = None,
        as_of: Annotated[FuzzyDate | None, strawberry.argument(description=_AS_OF_HELP)] = None,
    ) -> Connection[Agreement]:
        return _list(info, Agreement, N.Agreement, filter, order_by, first, after, as_of)

    @strawberry.field(description="Events: summits, meetings, wars, expulsions, decisions, incidents.")
    @direct
    def events(
        self,
        info: Info,
        filter: EventFilter | None = None,
        order_by: Ordering | None = None,
        first: Annotated[int, strawberry.argument(description=_PAGE_HELP)] = 20,
        after: str | None = None,
    ) -> Connection[Event]:
        return _list(info, Event, N.Event, filter, order_by, first, after, None)
