"""The limits on a GraphQL document: depth, aliases and cost, each measured in one linear pass.

A fragment may be spread many times (``fragment F0 on Query { ...F1 ...F1 }`` doubles the
work per level), so a walker that re-enters every spread does 2^k work for a document of k
fragments. Every measure here is computed once per fragment and reused (a spread counts
as its fragment's measure, scaled by the multiplier where one applies), so each limit costs
time linear in the document's size, whatever the fan-out.

- Depth (:func:`depth_rule`): the deepest nesting of fields, as strawberry's
  ``QueryDepthLimiter`` counts it (introspection fields are not counted);
  ``extensions.code = QUERY_TOO_DEEP``.
- Aliases (:func:`alias_rule`): the aliases of the operation with every spread expanded (a
  fragment spread twice counts twice); ``TOO_MANY_ALIASES``.
- Cost (:class:`CostLimiter`, :func:`query_cost`): the number of objects the query may
  return, the way GitHub's GraphQL API counts nodes. Every list field multiplies what is
  under it: a field with a ``first`` argument by its value (the variable's value when it is
  a variable, the variable's default when the request does not give it, the argument's
  default when absent); any other list by the largest list of that field in the data
  (:class:`ListBounds`, worked out once per data version by
  :mod:`nrgraph.graphql.bounds`). A field that computes its answer from more objects than
  it returns adds those too, wherever it is asked (``ListBounds.work``: a network analysis
  projects every edge of the graph at its date, so ``centrality`` costs the edges of the
  whole graph besides the actors it ranks). So the estimate is an upper bound of what the
  data can return and of what answering reads; a query costing more than ``max_cost`` is refused with
  ``extensions.code = QUERY_TOO_COSTLY`` before any resolver runs.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql.type.definition import GraphQLInterfaceType, GraphQLUnionType
from graphql.validation import ValidationContext, ValidationRule
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
    value_from_ast_untyped,
)

__all__ = ["DEFAULT_FIRST", "CostLimiter", "ListBounds", "alias_rule", "depth_rule", "query_cost"]

DEFAULT_FIRST = 20
"""The page size a ``first`` argument without a default of its own is taken to ask for."""


@dataclass(frozen=True)
class ListBounds:
    """The most items each list field holds in the data, by (type name, field name);
    ``default`` for a list field the data says nothing about.

    ``partitions`` maps a list field to a list field of its items whose items, over all of
    them, number at most that field's bound (the actors of the components of a graph: each
    actor is in one component): under it, each item's list is counted at its share.
    """

    fields: Mapping[tuple[str, str], int] = field(default_factory=dict)
    default: int = 5
    partitions: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    work: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """The objects a field reads to compute its answer, counted each time it is asked, besides
    those it returns (the edges a network analysis projects)."""

    def of(self, type_name: str, field_name: str) -> int:
        """The most items ``type_name.field_name`` holds."""
        return self.fields.get((type_name, field_name), self.default)


class _Fragments:
    """A document's fragments, each measured once per measure (see the module docstring).

    Before a measure is used, :meth:`measure_all` computes it for every fragment, those a
    fragment spreads first (found without recursion), so that the walk of one fragment finds
    the measures of the fragments it spreads ready: the recursion then goes no deeper than
    the nesting within one definition, which graphql-core's parser bounds, however long a
    chain of fragments spreading fragments is.
    """

    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self._memo: dict[tuple[Hashable, str], Any] = {}
        self._order: list[str] | None = None

    def measure(self, kind: Hashable, name: str, compute: Any, empty: Any) -> Any:
        """``compute(fragment)`` once per fragment (and ``kind`` of measure); ``empty`` for an
        unknown one or a cycle (both are refused by graphql-core's own rules)."""
        key = (kind, name)
        if key in self._memo:
            found = self._memo[key]
            return empty if found is _PENDING else found
        fragment = self.fragments.get(name)
        if fragment is None:
            return empty
        self._memo[key] = _PENDING
        found = self._memo[key] = compute(fragment)
        return found

    def measure_all(self, kind: Hashable, compute: Any, empty: Any) -> None:
        """Compute the measure ``kind`` of every fragment, the spread ones first."""
        if self._order is None:
            self._order = _spread_first(self.fragments)
        for name in self._order:
            self.measure(kind, name, compute, empty)


def _spreads(selection_set: SelectionSetNode | None) -> list[str]:
    """The names of the fragments spread anywhere in ``selection_set``."""
    found: list[str] = []
    stack = [selection_set]
    while stack:
        current = stack.pop()
        for selection in current.selections if current else ():
            if isinstance(selection, FragmentSpreadNode):
                found.append(selection.name.value)
            else:
                stack.append(selection.selection_set)  # type: ignore[attr-defined]
    return found


def _spread_first(fragments: Mapping[str, FragmentDefinitionNode]) -> list[str]:
    """The fragments' names, each after every fragment it spreads (cycles broken anywhere)."""
    spreads = {name: _spreads(fragment.selection_set) for name, fragment in fragments.items()}
    order: list[str] = []
    done: set[str] = set()
    for root in spreads:
        if root in done:
            continue
        path = [(root, iter(spreads[root]))]
        done.add(root)
        while path:
            name, pending = path[-1]
            following = next((s for s in pending if s in spreads and s not in done), None)
            if following is None:
                path.pop()
                order.append(name)
            else:
                done.add(following)
                path.append((following, iter(spreads[following])))
    return order


_PENDING = object()


def _fragments_of(context: ValidationContext) -> _Fragments:
    definitions = context.document.definitions
    return _Fragments({d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)})


def _operations(context: ValidationContext) -> list[OperationDefinitionNode]:
    return [d for d in context.document.definitions if isinstance(d, OperationDefinitionNode)]


def _levels(selection_set: SelectionSetNode | None, fragments: _Fragments) -> int:
    """How many levels of fields ``selection_set`` nests (introspection fields not counted)."""
    deepest = 0
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue
            levels = 1 + (_levels(selection.selection_set, fragments) if selection.selection_set else 0)
        elif isinstance(selection, InlineFragmentNode):
            levels = _levels(selection.selection_set, fragments)
        else:
            assert isinstance(selection, FragmentSpreadNode)
            levels = fragments.measure(
                "levels", selection.name.value, lambda f: _levels(f.selection_set, fragments), 0
            )
        deepest = max(deepest, levels)
    return deepest


def depth_rule(max_depth: int) -> type[ValidationRule]:
    """A validation rule refusing an operation nested deeper than ``max_depth`` (counted from 0)."""

    class DepthLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            fragments = _fragments_of(context)
            fragments.measure_all("levels", lambda f: _levels(f.selection_set, fragments), 0)
            for operation in _operations(context):
                depth = _levels(operation.selection_set, fragments) - 1
                if depth > max_depth:
                    name = operation.name.value if operation.name else "anonymous"
                    context.report_error(
                        GraphQLError(
                            f"'{name}' exceeds maximum operation depth of {max_depth}: it nests fields "
                            f"{depth} levels deep. Ask for fewer nested levels.",
                            [operation],
                            extensions={"code": "QUERY_TOO_DEEP", "depth": depth, "maxDepth": max_depth},
                        )
                    )

    return DepthLimit


def _aliases(selection_set: SelectionSetNode | None, fragments: _Fragments) -> int:
    """The aliases in ``selection_set``, every fragment spread expanded."""
    total = 0
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            total += (selection.alias is not None) + _aliases(selection.selection_set, fragments)
        elif isinstance(selection, InlineFragmentNode):
            total += _aliases(selection.selection_set, fragments)
        else:
            assert isinstance(selection, FragmentSpreadNode)
            total += fragments.measure(
                "aliases", selection.name.value, lambda f: _aliases(f.selection_set, fragments), 0
            )
    return total


def alias_rule(max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing a document whose operations use more than ``max_aliases`` aliases."""

    class AliasLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            fragments = _fragments_of(context)
            fragments.measure_all("aliases", lambda f: _aliases(f.selection_set, fragments), 0)
            count = sum(_aliases(operation.selection_set, fragments) for operation in _operations(context))
            if count > max_aliases:
                context.report_error(
                    GraphQLError(
                        f"{count} aliases found. Allowed: {max_aliases} (fragment spreads counted each "
                        "time they are spread). Use fewer aliases, or send several requests.",
                        extensions={"code": "TOO_MANY_ALIASES", "aliases": count, "maxAliases": max_aliases},
                    )
                )

    return AliasLimit


def query_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None = None,
    bounds: ListBounds | None = None,
) -> int:
    """The estimated number of objects the operation may return (see the module docstring)."""
    root = schema.query_type
    if root is None or operation.operation.value != "query":
        return 0
    values = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    values.update(variables or {})
    cost = _Cost(schema, _Fragments(fragments), values, bounds or ListBounds())
    cost.fragments.measure_all(("cost",), cost.fragment, 0)
    return cost.selection(root, operation.selection_set)


class _Cost:
    """The cost of selections for one multiplier of 1 (a cost scales with its multiplier, so a
    fragment's is computed once and multiplied where it is spread)."""

    def __init__(
        self, schema: GraphQLSchema, fragments: _Fragments, variables: Mapping[str, Any], bounds: ListBounds
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.bounds = bounds
        self.shares: dict[tuple[str, str], int] = {}
        """The per-item bounds of the partitioned lists under the field being costed."""

    def selection(self, parent: Any, selection_set: SelectionSetNode | None) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection(target, selection.selection_set)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                kind = ("cost", *sorted(self.shares.items()))
                total += self.fragments.measure(kind, selection.name.value, self.fragment, 0)
        return total

    def fragment(self, fragment: FragmentDefinitionNode) -> int:
        """The cost of a fragment's selections, for a multiplier of 1."""
        return self.selection(self.schema.get_type(fragment.type_condition.name.value), fragment.selection_set)

    def field(self, parent: Any, node: FieldNode) -> int:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 0
        field_type: GraphQLOutputType = definition.type
        named = get_named_type(field_type)
        if parent.name.endswith("Connection") and node.name.value in {"edges", "nodes"}:
            return self.selection(named, node.selection_set)  # the connection field already counted its page
        size = 1
        if "first" in definition.args:
            default = definition.args["first"].default_value
            size = self._int_argument(node, "first", default if isinstance(default, int) else DEFAULT_FIRST)
        elif _is_list(field_type):
            key = (parent.name, node.name.value)
            size = self.shares[key] if key in self.shares else self.bounds.of(*key)
        own = size if (size != 1 or _is_list(field_type)) else 0
        own += self.bounds.work.get((parent.name, node.name.value), 0)
        if isinstance(named, GraphQLUnionType):
            return own
        part = self.bounds.partitions.get((parent.name, node.name.value))
        if part is None or part in self.shares:
            return own + size * self.selection(named, node.selection_set)
        self.shares[part] = math.ceil(self.bounds.of(*part) / size) if size else 0
        try:
            return own + size * self.selection(named, node.selection_set)
        finally:
            del self.shares[part]

    def _int_argument(self, node: FieldNode, name: str, default: int) -> int:
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 0)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                return max(int(given), 0) if isinstance(given, int) else default
        return default


def _is_list(field_type: GraphQLOutputType) -> bool:
    inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    return isinstance(inner, GraphQLList)


def chosen_operation(
    document: Any, operation_name: str | None
) -> tuple[OperationDefinitionNode | None, dict[str, FragmentDefinitionNode]]:
    """The operation a request runs (None if there is no such operation) and the document's fragments."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next(
        (op for op in operations if operation_name is None or (op.name and op.name.value == operation_name)), None
    )
    return chosen, fragments


def cost_error(cost: int, max_cost: int, operation: OperationDefinitionNode) -> GraphQLError:
    """The refusal of an operation whose cost is over the limit."""
    return GraphQLError(
        f"Query cost {cost} exceeds the limit of {max_cost}: it may return {cost} objects "
        "(each list counted at its page size, or at the longest such list in the data; a network "
        "analysis also counts the edges it projects). Ask for smaller pages (first), fewer nested "
        "lists or fewer network analyses.",
        nodes=[operation],
        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maxCost": max_cost},
    )


class CostLimiter(SchemaExtension):
    """Refuse queries whose estimated cost exceeds ``max_cost``, before execution.

    The list bounds are those of the request's data version (``context.bounds``), or the
    defaults of :class:`ListBounds` for a context without any.
    """

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            chosen, fragments = chosen_operation(document, context.operation_name)
            if chosen is not None:
                bounds = getattr(context.context, "bounds", None)
                cost = query_cost(context.schema._schema, chosen, fragments, context.variables, bounds)
                if cost > self.max_cost:
                    context.result = ExecutionResult(data=None, errors=[cost_error(cost, self.max_cost, chosen)])
        yield
