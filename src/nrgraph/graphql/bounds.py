"""The longest list of each GraphQL list field in the data, the bounds the cost limit multiplies by.

:func:`list_bounds` reads every resource the API builds objects for (actors, channels,
agreements, events, sources, status changes and periods), as one level per type, and
resolves each of their list fields without arguments: the longest answer is that field's
bound. It runs once per data version (:class:`~nrgraph.graphql.generation.Generation`
keeps the result), in a few store queries, since the resolvers batch a level. Lists of
objects that are not resources (a survival report's groups, a path's hops, a root list
without ``first``) are bounded by how many objects of their item type the data holds, and
an interface's field by the longest of its types'. The root lists without arguments are
read too (as :data:`BOUNDS_READER`, so the editors' proposals count), and the lists of the
objects they give. A field nothing here bounds (a list the data cannot tell about) is bounded
by the number of resources: a bound, if a loose one. The fields that project the whole
graph at a date (``path``, ``neighbours``, ``centrality``, ``components``) cost, besides
what they return, the edges of the projection over all time (``ListBounds.work``).
"""

from __future__ import annotations

import inspect
import logging
from collections import defaultdict
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
)
from nrgraph.catalogue.resources import Catalogue
from nrgraph.config import Settings
from nrgraph.graphql.builders import BUILT_CLASSES
from nrgraph.graphql.context import Context
from nrgraph.graphql.fast import adapter
from nrgraph.graphql.limits import ListBounds
from nrgraph.graphql.loaders import Records
from nrgraph.graphql.resolve import objects, roots
from nrgraph.store.values import with_values

if TYPE_CHECKING:
    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["BOUNDS_READER", "list_bounds"]

BOUNDS_READER = "(list bounds)"
"""The editor the bounds are read as: fields for editors only (the proposals) are bounded too."""

logger = logging.getLogger("nrgraph.graphql")

_COUNTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("Query", "changes"): ("StatusChange",),
    ("Query", "activeOn"): ("Channel", "Agreement"),
    ("Query", "neighbours"): ("Actor",),
    ("Query", "components"): ("Actor",),
    ("SurvivalReport", "survivors"): ("Channel", "Agreement"),
    ("SurvivalReport", "casualties"): ("Channel", "Agreement"),
    ("SurvivalReport", "uncertain"): ("Channel", "Agreement"),
    ("Path", "hops"): ("Actor",),
    ("Path", "actors"): ("Actor",),
    ("Component", "actors"): ("Actor",),
}
"""Lists of objects that are not resources' fields, bounded by how many objects of these types there are."""

_LONGEST: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("Timeline", "changes"): (("Channel", "changes"), ("Agreement", "changes")),
    ("Timeline", "periods"): (("Channel", "periods"), ("Agreement", "periods")),
    ("StatusAt", "sources"): (("StatusChange", "sources"),),
}
"""Lists bounded by the longest of these resources' fields (a link's timeline holds its changes…)."""


_PARTITIONS = {
    ("Query", "components"): ("Component", "actors"),
    ("Query", "neighbours"): ("Neighbour", "links"),
    ("Path", "hops"): ("Hop", "links"),
}
"""Lists whose items' lists hold, together, at most the bound of that field: each actor is in
one component; a link of k actors joins one actor to at most k - 1 neighbours, and lies
on at most k - 1 hops of a path (which visits each actor once)."""

_SIDES = (("Channel", "endpoints"), ("Agreement", "parties"))
"""The actors each link joins."""

_PROJECTING = (("Query", "path"), ("Query", "neighbours"), ("Query", "centrality"), ("Query", "components"))
"""Fields that project the whole graph at a date (:func:`nrgraph.network.projection.to_networkx`)
before they answer: each reads every edge (a link of k actors is k(k - 1)/2 edges)."""


def list_bounds(kg: KnowledgeGraph, schema: GraphQLSchema, settings: Settings | None = None) -> ListBounds:
    """The longest list of each list field of ``schema`` in ``kg``'s data (see the module docstring)."""
    context = Context(kg, settings or Settings(), Records(Catalogue(kg.store)), editor=BOUNDS_READER)
    info: Any = SimpleNamespace(context=context)
    rows = kg.store.select(with_values("graphql_instances", "class", sorted(BUILT_CLASSES)))
    by_type: defaultdict[str, list[Any]] = defaultdict(list)
    found: list[Any] = objects(info, [row["s"].value for row in rows])
    for obj in found:
        by_type[type(obj).__name__].append(obj)
    resources = sum(map(len, by_type.values()))
    built = set(by_type)
    pending = [*by_type, "Query"]
    by_type["Query"] = [None]
    fields: dict[tuple[str, str], int] = {}
    pairs = 0  # over every link of k actors, k - 1: the most links all the neighbours of an actor have
    edges = 0  # over every link of k actors, k(k - 1)/2: the edges of the projection over all time
    while pending:
        type_name = pending.pop()
        graphql_type = schema.type_map.get(type_name)
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        members = by_type[type_name]
        roots(info, members)
        for field_name, field in graphql_type.fields.items():
            read = _reader(field)
            if read is None:
                continue
            try:
                lists = [list(read(obj, info)) for obj in members]
            except Exception:  # a list the data cannot tell about: the default bound holds
                logger.debug("no list bound for %s.%s", type_name, field_name, exc_info=True)
                continue
            fields[type_name, field_name] = max(map(len, lists), default=0)
            if (type_name, field_name) in _SIDES:
                pairs += sum(max(len(items) - 1, 1) for items in lists)
                edges += sum(len(items) * (len(items) - 1) // 2 for items in lists)
            for item in (item for items in lists for item in items):  # objects that are not resources
                name = type(item).__name__
                if name not in built and isinstance(schema.type_map.get(name), GraphQLObjectType):
                    if name not in by_type:
                        pending.append(name)
                    by_type[name].append(item)
    for key, types in _COUNTED.items():
        fields[key] = sum(len(by_type[name]) for name in types)
    fields["Neighbour", "links"] = fields["Hop", "links"] = pairs
    for key, sources in _LONGEST.items():
        fields[key] = max((fields.get(source, resources) for source in sources), default=resources)
    for interface in schema.type_map.values():
        if not isinstance(interface, GraphQLInterfaceType):
            continue
        implementations = schema.get_possible_types(interface)
        for field_name, field in interface.fields.items():
            if _reader(field) is not None:
                fields[interface.name, field_name] = max(
                    (fields.get((each.name, field_name), resources) for each in implementations), default=resources
                )
    return ListBounds(fields, resources, _PARTITIONS, dict.fromkeys(_PROJECTING, edges))


def _reader(field: GraphQLField) -> Callable[[Any, Any], Any] | None:
    """How to read a list field without arguments off an object (None for other fields)."""
    outer = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    found = adapter.definition(field)
    if field.args or not isinstance(outer, GraphQLList) or found is None:
        return None
    function = adapter.resolver(field)
    if function is None:
        name = found.python_name
        return lambda obj, _info: getattr(obj, name)
    parameters = list(inspect.signature(function).parameters)
    if parameters == ["self", "info"]:
        return function
    if parameters == ["self"]:
        return lambda obj, _info: function(obj)
    return None
