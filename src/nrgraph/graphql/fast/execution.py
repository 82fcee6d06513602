"""A faster execution context: plain fields are resolved and serialised without per-field machinery.

graphql-core executes every field the same way: build a resolve info, call the resolver
(strawberry wraps even a plain attribute in one), complete the value. That costs about
10 µs per field, which for a list of 50 channels with their endpoints is most of the
request. :class:`FastExecutionContext` takes a shorter path for fields that are *plain*
in the strawberry schema — no arguments, no extensions or permissions, and either no
resolver or one of nrgraph's own resolvers taking ``(self, info)`` — and whose type is a
scalar or an enum, an object type, or a list of one of those: it reads the attribute (or
calls the resolver with an ``info`` that carries only ``context``, the one thing nrgraph's
resolvers read), serialises leaves with the type's own ``serialize`` and completes objects
by executing their sub-selection directly. Everything else (arguments, interfaces, nulls
where a value is required, values the type cannot serialise, a resolver that raises)
takes graphql-core's own path, which also produces the errors, so answers are identical.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, ClassVar, NamedTuple, cast

from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLType,
)

__all__ = ["FastExecutionContext", "fast_execution_context"]

_LEAF, _OBJECT, _LEAF_LIST, _OBJECT_LIST = range(4)


class _Plain(NamedTuple):
    attribute: str
    resolver: Callable[[Any, Any], Any] | None
    shape: int
    named: Any  # the leaf type (for serialize) or the object type
    required: bool  # the field itself is non-null
    items_required: bool  # list items are non-null


def _unwrap(field_type: GraphQLType) -> tuple[GraphQLType, bool]:
    if isinstance(field_type, GraphQLNonNull):
        return field_type.of_type, True
    return field_type, False


def _plain_fields(schema: GraphQLSchema) -> dict[str, dict[str, _Plain]]:
    """Per object type name, its plain fields by name."""
    found: dict[str, dict[str, _Plain]] = {}
    for type_name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        fields: dict[str, _Plain] = {}
        for field_name, field in graphql_type.fields.items():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if (
                definition is None
                or field.args
                or getattr(definition, "extensions", None)
                or getattr(definition, "permission_classes", None)
            ):
                continue
            resolver = _own_resolver(getattr(definition, "base_resolver", None))
            if resolver is False or resolver is True:
                continue
            outer, required = _unwrap(field.type)
            items_required = False
            is_list = isinstance(outer, GraphQLList)
            if isinstance(outer, GraphQLList):
                outer, items_required = _unwrap(outer.of_type)
            if isinstance(outer, GraphQLScalarType | GraphQLEnumType):
                shape = _LEAF_LIST if is_list else _LEAF
            elif isinstance(outer, GraphQLObjectType):
                shape = _OBJECT_LIST if is_list else _OBJECT
            else:
                continue  # interfaces, unions, nested lists: graphql-core's path
            fields[field_name] = _Plain(definition.python_name, resolver, shape, outer, required, items_required)
        found[type_name] = fields
    return found


def _own_resolver(base: Any) -> Callable[[Any, Any], Any] | bool | None:
    """None for no resolver; the function for an nrgraph resolver of ``(self, info)``; False otherwise."""
    if base is None:
        return None
    function = getattr(base, "wrapped_func", None)
    if not inspect.isfunction(function) or not function.__module__.startswith("nrgraph.graphql."):
        return False
    if list(inspect.signature(function).parameters) != ["self", "info"]:
        return False
    return cast("Callable[[Any, Any], Any]", function)


class _Fallback(Exception):
    """The fast path cannot complete this field; graphql-core's path will (with its errors)."""


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's execution, with a short path for plain fields (see the module docstring)."""

    plain: ClassVar[dict[str, dict[str, _Plain]]] = {}

    @property
    def _info(self) -> SimpleNamespace:
        info = self.__dict__.get("_fast_info")
        if info is None:
            info = self.__dict__["_fast_info"] = SimpleNamespace(context=self.context_value)
        return info

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        plain = self.plain.get(parent_type.name)
        if not plain:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable = False
        for response_name, field_details_list in grouped_field_set.items():
            spec = plain.get(field_details_list[0].node.name.value)
            if spec is not None:
                try:
                    results[response_name] = self._complete_plain(
                        spec, source_value, path, response_name, parent_type, field_details_list, position_context
                    )
                    continue
                except _Fallback:
                    pass
            result = self.execute_field(
                parent_type, source_value, field_details_list, Path(path, response_name, parent_type.name),
                position_context,
            )
            if result is not Undefined:
                results[response_name] = result
                awaitable = awaitable or is_awaitable(result)
        if awaitable:  # a resolver returned an awaitable: let graphql-core gather them
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        return results

    def _complete_plain(
        self,
        spec: _Plain,
        source: Any,
        path: Path | None,
        response_name: str,
        parent_type: GraphQLObjectType,
        field_details_list: Any,
        position_context: Any,
    ) -> Any:
        if spec.resolver is None:
            value = getattr(source, spec.attribute, None)
        else:
            try:
                value = spec.resolver(source, self._info)
            except Exception:  # graphql-core's path calls it again and reports the error
                raise _Fallback from None
        if value is None:
            if spec.required:
                raise _Fallback
            return None
        shape = spec.shape
        if shape == _LEAF:
            return self._leaf(spec.named, value)
        if shape == _LEAF_LIST:
            return [self._item(spec, item, self._leaf) for item in value]
        field_path = Path(path, response_name, parent_type.name)
        grouped = self.collect_subfields(spec.named, field_details_list)[0]
        if shape == _OBJECT:
            return self._object(spec.named, value, field_path, grouped, position_context)
        return [
            self._item(
                spec, item, lambda _t, obj, i=index: self._object(
                    spec.named, obj, Path(field_path, i, None), grouped, position_context
                )
            )
            for index, item in enumerate(value)
        ]

    @staticmethod
    def _item(spec: _Plain, item: Any, complete: Any) -> Any:
        if item is None:
            if spec.items_required:
                raise _Fallback
            return None
        return complete(spec.named, item)

    @staticmethod
    def _leaf(leaf_type: Any, value: Any) -> Any:
        serialized = leaf_type.serialize(value)
        if serialized is None or serialized is Undefined:
            raise _Fallback
        return serialized

    def _object(
        self, object_type: GraphQLObjectType, value: Any, path: Path, grouped: Any, position_context: Any
    ) -> Any:
        is_type_of = object_type.is_type_of
        if is_type_of is not None and not is_type_of(value, cast(Any, None)):  # strawberry's ignores info
            raise _Fallback
        result = self.execute_fields(object_type, value, path, grouped, position_context)
        if self.is_awaitable(result):
            raise _Fallback
        return result


def fast_execution_context(schema: GraphQLSchema) -> type[FastExecutionContext]:
    """An execution context class that knows the plain fields of ``schema``."""
    return type("FastExecutionContext", (FastExecutionContext,), {"plain": _plain_fields(schema)})
