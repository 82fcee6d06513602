"""The query cost limit, estimated the way GitHub's GraphQL API counts nodes.

Every list field multiplies what is under it: a connection by its ``first`` argument (the
variable's value when it is a variable; 20 when absent), any other list by
:data:`LIST_ESTIMATE`. The cost is the number of objects the query may return, summed
over the lists; a query costing more than ``max_cost`` is refused with
``extensions.code = QUERY_TOO_COSTLY`` before any resolver runs. Depth, aliases and tokens
are limited by strawberry's own extensions (see :mod:`nrgraph.graphql.schema`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql.type.definition import GraphQLInterfaceType, GraphQLUnionType
from strawberry.extensions import SchemaExtension

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

__all__ = ["DEFAULT_FIRST", "LIST_ESTIMATE", "CostLimiter", "query_cost"]

DEFAULT_FIRST = 20
LIST_ESTIMATE = 5
"""How many items a plain list (endpoints, changes, sources) is assumed to hold."""


def query_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The estimated number of objects the operation may return."""
    root = schema.query_type
    if root is None or operation.operation.value != "query":
        return 0
    return _selection_cost(schema, root, operation.selection_set, 1, fragments, variables or {}, set())


def _selection_cost(
    schema: GraphQLSchema,
    parent: Any,
    selection_set: SelectionSetNode | None,
    multiplier: int,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    seen: set[str],
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(schema, parent, selection, multiplier, fragments, variables, seen)
        elif isinstance(selection, InlineFragmentNode):
            target = schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
            total += _selection_cost(schema, target, selection.selection_set, multiplier, fragments, variables, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:
                continue
            target = schema.get_type(fragment.type_condition.name.value)
            total += _selection_cost(
                schema, target, fragment.selection_set, multiplier, fragments, variables, seen | {name}
            )
    return total


def _field_cost(
    schema: GraphQLSchema,
    parent: Any,
    node: FieldNode,
    multiplier: int,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    seen: set[str],
) -> int:
    if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return 0
    definition = parent.fields.get(node.name.value)
    if definition is None:
        return 0
    field_type: GraphQLOutputType = definition.type
    named = get_named_type(field_type)
    if parent.name.endswith("Connection") and node.name.value in {"edges", "nodes"}:
        # the connection field already counted its page
        return _selection_cost(schema, named, node.selection_set, multiplier, fragments, variables, seen)
    size = 1
    if "first" in definition.args:
        size = _int_argument(node, "first", variables, DEFAULT_FIRST)
    elif _is_list(field_type):
        size = LIST_ESTIMATE
    count = multiplier * size
    own = count if (size != 1 or _is_list(field_type)) else 0
    if isinstance(named, GraphQLUnionType):
        return own
    return own + _selection_cost(schema, named, node.selection_set, count, fragments, variables, seen)


def _is_list(field_type: GraphQLOutputType) -> bool:
    inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    return isinstance(inner, GraphQLList)


def _int_argument(node: FieldNode, name: str, variables: Mapping[str, Any], default: int) -> int:
    for argument in node.arguments or ():
        if argument.name.value != name:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return max(int(value.value), 0)
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            return max(int(given), 0) if isinstance(given, int) else default
    return default


class CostLimiter(SchemaExtension):
    """Refuse queries whose estimated cost exceeds ``max_cost``, before execution."""

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            wanted = context.operation_name
            chosen = next(
                (op for op in operations if wanted is None or (op.name and op.name.value == wanted)), None
            )
            if chosen is not None:
                cost = query_cost(context.schema._schema, chosen, fragments, context.variables)
                if cost > self.max_cost:
                    error = GraphQLError(
                        f"Query cost {cost} exceeds the limit of {self.max_cost}: it may return {cost} "
                        "objects. Ask for smaller pages (first) or fewer nested lists.",
                        nodes=[chosen],
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maxCost": self.max_cost},
                    )
                    context.result = ExecutionResult(data=None, errors=[error])
        yield
