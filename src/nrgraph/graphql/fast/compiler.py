"""The plans of the queries a schema has answered without errors, kept within a byte budget.

:meth:`QueryCompiler.learn` plans a query after the ordinary path answered it without errors
(so it is valid and within the limits); :meth:`QueryCompiler.run` answers a repeat from its
plan (:mod:`nrgraph.graphql.fast.plan`), or returns None when there is none or the plan
cannot answer as graphql-core would — the caller then takes the ordinary path.

The limits (depth, aliases, tokens) are properties of the document, checked when it was
first validated; the cost limit depends on the variables (``first: $n``), so a plan whose
operation takes variables is run only if the cost with this request's variables is within
the limit — otherwise the ordinary path refuses it, before any resolver runs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    Visitor,
    parse,
    visit,
)
from nrgraph.graphql.fast import adapter
from nrgraph.graphql.fast.plan import Run, Selection, Unsupported, plan_operation
from nrgraph.graphql.generation import DOCUMENT_BYTES_PER_CHARACTER, ByteLRU
from nrgraph.graphql.limits import query_cost

if TYPE_CHECKING:
    import strawberry

__all__ = ["Compiled", "QueryCompiler"]

class _DirectiveVariables(Visitor):
    """The variables that ``@skip``/``@include`` arguments use."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        if node.name.value in {"skip", "include"}:
            for argument in node.arguments or ():
                if isinstance(argument.value, VariableNode) and argument.value.name.value not in self.names:
                    self.names.append(argument.value.name.value)
                elif not isinstance(argument.value, VariableNode | BooleanValueNode):
                    raise Unsupported("unexpected @skip/@include argument")


@dataclass(eq=False)
class Compiled:
    """A validated document and its plans, one per set of values of the directive variables."""

    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    directive_variables: tuple[str, ...]
    plans: dict[tuple[Any, ...], Selection] = field(default_factory=dict)


class QueryCompiler:
    """Plans of the queries a schema has answered without errors, by query and operation name."""

    def __init__(self, schema: strawberry.Schema, max_cost: int, budget: int = 16_777_216) -> None:
        self.schema = schema
        self.max_cost = max_cost
        # an extension that wraps resolvers, or attributes read otherwise than by getattr,
        # would be bypassed by the plans: then nothing is planned
        self.budget = 0 if adapter.wraps_resolvers(schema) else budget
        self._compiled: ByteLRU[Compiled | None] = ByteLRU(self.budget)
        self.runs = 0
        self.aborts = 0

    def learn(self, query: str, operation_name: str | None, document: DocumentNode | None = None) -> None:
        """Plan ``query`` (which the ordinary path has just answered without errors), from the
        ``document`` that path parsed if given."""
        key = (query, operation_name)
        if self.budget <= 0 or key in self._compiled:
            return
        compiled = _compiled(document or parse(query), operation_name)
        self._compiled.put(key, compiled, DOCUMENT_BYTES_PER_CHARACTER * len(query))

    def run(self, query: str, operation_name: str | None, variables: dict[str, Any] | None, context: Any) -> Any:
        """The ``data`` of the answer from the query's plan, or None (no plan, or it could not answer)."""
        key = (query, operation_name)
        compiled = self._compiled.get(key)
        if compiled is None:
            return None
        build = functools.partial(adapter.executor, self.schema, compiled.document, context, variables, operation_name)
        operation = compiled.operation
        executor: Any = None
        plan_key: tuple[Any, ...] = ()  # without variables, no @skip/@include refers to any
        if operation.variable_definitions:
            executor = build()
            if isinstance(executor, list):  # variables that cannot be coerced: the ordinary path says why
                return None
            bounds = getattr(context, "bounds", None)
            core = adapter.core_schema(self.schema)
            if query_cost(core, operation, compiled.fragments, variables, bounds) > self.max_cost:
                return None
            coerced = executor.variable_values.coerced
            plan_key = tuple(coerced.get(name) for name in compiled.directive_variables)
        plan = compiled.plans.get(plan_key)
        if plan is None:
            if executor is None:
                executor = build()
                if isinstance(executor, list):  # pragma: no cover - it answered without errors before
                    return None
            try:
                plan = compiled.plans[plan_key] = plan_operation(
                    self.schema, executor.fragments, operation, executor.variable_values
                )
            except Unsupported:
                self._compiled.put(key, None, DOCUMENT_BYTES_PER_CHARACTER * len(query))
                return None
        self.runs += 1
        try:
            return plan.complete([None], Run(context, executor, build))[0]
        except Exception:
            self.aborts += 1
            self._compiled.pop(key)  # learnt again after the next answer without errors
            return None


def _compiled(document: DocumentNode, operation_name: str | None) -> Compiled | None:
    """The document's query operation to plan, or None (another operation, or unsupported)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        (op for op in operations if operation_name is None or (op.name and op.name.value == operation_name)), None
    )
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    finder = _DirectiveVariables()
    try:
        visit(document, finder)
    except Unsupported:
        return None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return Compiled(document, operation, fragments, tuple(finder.names))
