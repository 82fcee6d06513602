"""How a resource becomes a GraphQL object: a table from class IRIs to each type's ``from_resource``.

The table is written out here, once, instead of being filled by the type modules as they
are imported: what the API builds, and in which order a resource's classes are tried, is
read in one place. :mod:`nrgraph.graphql.resolve` asks :func:`build` for the object of each
resource it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.agreement import Agreement
from nrgraph.graphql.types.channel import Channel
from nrgraph.graphql.types.citation import Citation
from nrgraph.graphql.types.event import Event
from nrgraph.graphql.types.kinds import ActorKind, AgreementKind, ChannelKind, EventKind, classes
from nrgraph.graphql.types.source import Source
from nrgraph.graphql.types.status_change import StatusChange
from nrgraph.graphql.types.status_period import StatusPeriod
from nrgraph.graphql.vocabulary import N

__all__ = ["BUILDERS", "BUILT_CLASSES", "SHARED_CLASSES", "TYPES", "build"]

BUILDERS: tuple[tuple[frozenset[str], type, Callable[[Resource], Any]], ...] = (
    (frozenset(classes(ActorKind)), Actor, Actor.from_resource),
    (frozenset(classes(AgreementKind)), Agreement, Agreement.from_resource),
    (frozenset(classes(ChannelKind)), Channel, Channel.from_resource),
    (frozenset(classes(EventKind)), Event, Event.from_resource),
    (frozenset({N.Source}), Source, Source.from_resource),
    (frozenset({N.StatusChange}), StatusChange, StatusChange.from_resource),
    (frozenset({N.StatusPeriod}), StatusPeriod, StatusPeriod.from_resource),
)
"""(the IRIs of the classes, the GraphQL type, its builder) for every type built from a
resource; a resource is built by the first row one of whose classes it has."""

TYPES: tuple[type, ...] = (*(row[1] for row in BUILDERS), Citation)
"""The object types the schema names beside those its fields reach."""

BUILT_CLASSES: frozenset[str] = frozenset().union(*(row[0] for row in BUILDERS))
"""The IRIs of the classes :func:`build` makes GraphQL objects of."""

SHARED_CLASSES: frozenset[type] = frozenset(TYPES)
"""The classes whose objects are built once per set of records and shared by the requests
those records serve (everything :func:`build` makes, and citations)."""


def build(resource: Resource | None) -> Any:
    """The GraphQL object for a resource, or None if no GraphQL type covers its class."""
    if resource is None:
        return None
    for iris, _, builder in BUILDERS:
        if not resource.types.isdisjoint(iris):
            return builder(resource)
    return None
