"""Every private or internal strawberry and graphql-core API nrgraph touches, in one place.

The plans (:mod:`nrgraph.graphql.fast.compiler`) and the list bounds
(:mod:`nrgraph.graphql.bounds`) read strawberry's definitions behind graphql-core's types;
the plans also convert arguments as strawberry does, and collect fields and build resolve
infos as graphql-core does. None of that is public API of either library: an upgrade that
moves one of them breaks this module, and its tests, and nothing else. ``pyproject.toml``
pins the versions this is tested on (strawberry-graphql 0.341, graphql-core 3.3).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graphql.execution.collect_fields import FieldDetails, collect_fields, collect_subfields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_arguments

from graphql import (
    DocumentNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
)

if TYPE_CHECKING:
    import strawberry

__all__ = [
    "FieldDetails",
    "Fields",
    "arguments",
    "core_schema",
    "definition",
    "executor",
    "fields",
    "named_enum",
    "origin",
    "plain_resolver",
    "resolve_info",
    "resolver",
    "strawberry_arguments",
    "wraps_resolvers",
]

Fields = dict[str, list[FieldDetails]]
"""Collected fields: each response key and the field nodes that answer it."""


def core_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema strawberry built."""
    return schema._schema


def wraps_resolvers(schema: strawberry.Schema) -> bool:
    """Whether an extension wraps resolvers, or a default resolver other than ``getattr`` reads
    attributes: then a plan calling resolvers or reading attributes would bypass them."""
    extensions = schema.get_extensions(sync=True)
    return any(e._implements_resolve() for e in extensions) or schema.config.default_resolver is not getattr


def definition(graphql_type_or_field: GraphQLNamedType | GraphQLField) -> Any:
    """The strawberry definition behind a graphql-core type or field (None for others)."""
    return (graphql_type_or_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)


def origin(object_type: GraphQLObjectType) -> Any:
    """The Python class of a strawberry object type (None for others)."""
    return getattr(definition(object_type), "origin", None)


def named_enum(enum_type: GraphQLEnumType) -> type[enum.Enum] | None:
    """The Python enum behind a strawberry enum type if each member serialises to its own name
    (then ``member._name_`` is the answer), else None."""
    members = getattr(enum_type, "wrapped_cls", None)
    if not (isinstance(members, type) and issubclass(members, enum.Enum)):
        return None
    try:
        if all(enum_type.serialize(member) == member.name for member in members):
            return members
    except (ValueError, TypeError, AttributeError, GraphQLError):
        pass
    return None


def plain_resolver(field: GraphQLField) -> bool:
    """Whether strawberry calls the field's resolver, if any, as it is (no extensions or permissions)."""
    found = definition(field)
    return found is not None and not (getattr(found, "extensions", None) or getattr(found, "permission_classes", None))


def resolver(field: GraphQLField) -> Callable[..., Any] | None:
    """The function the field's strawberry resolver wraps (None for an attribute)."""
    return getattr(getattr(definition(field), "base_resolver", None), "wrapped_func", None)


def executor(
    schema: strawberry.Schema, document: DocumentNode, context: Any, variables: Any, operation_name: str | None
) -> Any:
    """graphql-core's execution context for one request (a list of errors if the variables cannot be coerced)."""
    return schema.execution_context_class.build(core_schema(schema), document, None, context, variables, operation_name)


def fields(
    schema: GraphQLSchema, run: Any, operation: OperationDefinitionNode, object_type: GraphQLObjectType,
    details: list[FieldDetails] | None = None,
) -> Fields:
    """The fields selected on ``object_type`` (the operation's root fields, or those under the
    field nodes ``details``), collected by graphql-core with the execution context ``run``."""
    fragments, values = run.fragments, run.variable_values
    if details is None:
        return dict(collect_fields(schema, fragments, values, object_type, operation).grouped_field_set)
    return dict(collect_subfields(schema, fragments, values, operation, object_type, details).grouped_field_set)


def resolve_info(
    run: Any, field: GraphQLField, details: list[FieldDetails], parent: GraphQLObjectType, key: str
) -> Any:
    """A real graphql-core resolve info for a field, from the execution context ``run``."""
    return run.build_resolve_info(field, [d.node for d in details], parent, Path(None, key, parent.name))


def arguments(run: Any, field: GraphQLField, details: list[FieldDetails]) -> dict[str, Any]:
    """The field's arguments, coerced from the request's variables, as graphql-core passes them."""
    return get_argument_values(field, details[0].node, run.variable_values) if field.args else {}


def strawberry_arguments(
    schema: strawberry.Schema, run: Any, field: GraphQLField, details: list[FieldDetails], info: Any
) -> dict[str, Any]:
    """The field's arguments converted into strawberry's Python values, as strawberry passes them."""
    found = definition(field)
    config = schema.config
    return convert_arguments(
        arguments(run, field, details),
        found.arguments,
        scalar_registry=schema.schema_converter.scalar_registry,
        config=config,
        info=config.info_class(_raw_info=info, _field=found),
    )
