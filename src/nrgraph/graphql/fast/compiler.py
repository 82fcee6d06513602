"""Compiled plans: a query's selections written out as one Python function.

graphql-core interprets a query anew for every request: for each of the 1,100 fields of the
benchmark's nested query it builds a resolve info, calls a resolver and completes the value by
its type. Once the ordinary path has answered a query without errors, :class:`QueryCompiler`
writes its selections into one function instead (as graphql-jit does for graphql-js): an
attribute is ``o.name``; a resolver marked :func:`~nrgraph.graphql.resolve.direct` is called
with a light ``info`` carrying the context (arguments converted once per plan from literals,
once per request from variables), one marked :func:`~nrgraph.graphql.resolve.by_level` is read
from its level's answers, any other through graphql-core with a real resolve info; scalars,
enums, objects and lists are completed inline, and graphql-core collects the fields.

Declined, and left to the ordinary path: a document with a directive (or any "@"), a field of
an interface or union type, introspection, mutations, and selections nested past Python's
limits. A run that meets what graphql-core would answer otherwise (an error, an awaitable, a
null where the schema says non-null, a value its type refuses, an object whose class did not
check the strings given out as they are, see :class:`~nrgraph.graphql.types.node.Node`) aborts,
and the ordinary path answers: a plan's answer is graphql-core's (``tests/graphql/test_compiler.py``).
A plan whose operation has variables runs only within the cost limit. Private strawberry and
graphql-core APIs are reached only through :mod:`nrgraph.graphql.fast.adapter`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType, SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from graphql.pyutils import Undefined, is_iterable

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from nrgraph.graphql.fast import adapter
from nrgraph.graphql.generation import DOCUMENT_BYTES_PER_CHARACTER, ByteLRU
from nrgraph.graphql.limits import chosen_operation, query_cost

if TYPE_CHECKING:
    import strawberry

__all__ = ["QueryCompiler"]

Plan = Callable[[Any, "_Run"], Any]


class _Abort(Exception):
    """The run cannot answer as graphql-core would: the ordinary path answers."""


class _Unsupported(Exception):
    """The query is outside what is compiled: the ordinary path answers it."""


_MISS = object()
_NO_ANSWERS: Mapping[int, Any] = MappingProxyType({})


def _abort() -> Any:
    raise _Abort


def _as_list(value: Any) -> list[Any]:
    return list(value) if is_iterable(value) else _abort()


def _leaf(serialize: Callable[[Any], Any], nullable: bool) -> Callable[[Any], Any]:
    """The completion of a scalar or enum value by its type's ``serialize``, as graphql-core does."""

    def complete(value: Any) -> Any:
        if value is None and nullable:
            return None
        serialized = None if value is None else serialize(value)
        if serialized is None or serialized is Undefined:
            raise _Abort
        return serialized

    return complete


def _checked_strings(cls: Any) -> frozenset[str]:
    """The attributes objects of ``cls`` check to hold strings when made (``Node.checked_strings``)."""
    names = getattr(cls, "checked_strings", None)
    return names() if callable(names) else frozenset()


def _attribute(field_def: GraphQLField) -> str | None:
    """The Python name of a field read as a plain attribute of its object, else None."""
    if field_def.args or not adapter.plain_resolver(field_def) or adapter.resolver(field_def):
        return None
    return cast("str", adapter.definition(field_def).python_name)


def _marked(field_def: GraphQLField) -> Callable[..., Any] | None:
    """The field's resolver if marked :func:`~nrgraph.graphql.resolve.direct`, synchronous and
    called by strawberry as it is; else None."""
    function = adapter.resolver(field_def)
    marked = inspect.isfunction(function) and getattr(function, "direct", False) and adapter.plain_resolver(field_def)
    return function if marked and not inspect.iscoroutinefunction(function) else None


class _Run:
    """One run's context, light ``info`` and arguments, and graphql-core's execution context,
    built only when a field needs it (or before the run, when the operation has variables)."""

    __slots__ = ("_build", "_executor", "args", "info")

    def __init__(self, executor: Any, context: Any, build: Callable[[], Any]) -> None:
        self._executor, self._build = executor, build
        self.info = SimpleNamespace(context=context)
        self.args: dict[_Call, dict[str, Any]] = {}

    @property
    def executor(self) -> Any:
        if self._executor is None:  # built with variables already coerced once, or none
            self._executor = self._build()
        return self._executor


@dataclass(eq=False)
class _Call:
    """A field with arguments or strawberry's own resolver: called with a real resolve info and
    graphql-core's arguments, or, if its resolver is marked ``direct`` (``function``), directly
    with the light ``info`` and the arguments converted as strawberry converts them."""

    field_def: GraphQLField
    details: list[adapter.FieldDetails]
    parent: GraphQLObjectType
    key: str
    schema: strawberry.Schema
    function: Callable[..., Any] | None
    constant: bool
    kwargs: dict[str, Any] | None = None

    def __call__(self, source: Any, run: _Run) -> Any:
        kwargs = self.kwargs if self.kwargs is not None else run.args.get(self)
        if kwargs is None:
            kwargs = run.args[self] = self._arguments(run)
            if self.constant:
                self.kwargs = kwargs
        if self.function is not None:
            result = self.function(source, run.info, **kwargs)
        else:
            resolve = self.field_def.resolve or run.executor.field_resolver
            result = resolve(source, self._info(run), **kwargs)
        if inspect.isawaitable(result):
            if inspect.iscoroutine(result):
                result.close()
            raise _Abort
        return result

    def _info(self, run: _Run) -> Any:
        return adapter.resolve_info(run.executor, self.field_def, self.details, self.parent, self.key)

    def _arguments(self, run: _Run) -> dict[str, Any]:
        if self.function is None:
            return adapter.arguments(run.executor, self.field_def, self.details)
        return adapter.strawberry_arguments(self.schema, run.executor, self.field_def, self.details, self._info(run))


class _Codegen:
    """Writes the function of one plan."""

    def __init__(self, schema: strawberry.Schema, executor: Any, operation: OperationDefinitionNode) -> None:
        self.schema = schema
        self.core = adapter.core_schema(schema)
        self.executor = executor
        self.operation = operation
        self.namespace: dict[str, Any] = {
            "_abort": _abort, "_as_list": _as_list, "list": list, "str": str, "id": id,
            "_miss": _MISS, "_no_answers": _NO_ANSWERS,
        }
        self._counter = 0
        self._checked: dict[str, tuple[str, str]] = {}
        self._kept: list[str] = []
        """The locals keeping a level's answers (see :meth:`_by_level`)."""

    def _name(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def constant(self, value: Any, prefix: str = "_k") -> str:
        name = self._name(prefix)
        self.namespace[name] = value
        return name

    def plan(self) -> Plan:
        root = self.core.query_type
        assert root is not None
        fields = adapter.fields(self.core, self.executor, self.operation, root)
        body: list[str] = []
        answer = self._selection(body, "    ", "o", root, fields)
        lines = ["def _plan(o, run):", "    info = run.info", *(f"    {kept} = _no_answers" for kept in self._kept)]
        try:
            exec("\n".join([*lines, *body, f"    return {answer}"]), self.namespace)
        except (SyntaxError, RecursionError, MemoryError) as error:  # Python's limits on nested blocks
            raise _Unsupported(f"generated code does not compile: {error}") from None
        return cast("Plan", self.namespace["_plan"])

    def _selection(
        self, lines: list[str], indent: str, source: str, object_type: GraphQLObjectType, fields: adapter.Fields
    ) -> str:
        """Statements answering the selection on ``source`` (a local); the expression of the answer."""
        if object_type.is_type_of is not None:
            ok, check = self._type_check(object_type)
            lines += [f"{indent}if {source}.__class__ not in {ok}:", f"{indent}    {check}({source})"]
        entries = []
        for key, details in fields.items():
            target = self._name("r")
            self._field(lines, indent, source, object_type, key, details, target)
            entries.append(f"{key!r}: {target}")
        return "{" + ", ".join(entries) + "}"

    def _type_check(self, object_type: GraphQLObjectType) -> tuple[str, str]:
        """The names of the set of classes ``is_type_of`` accepted, and of the check of a new one.

        strawberry's ``is_type_of`` is an ``isinstance`` test (nrgraph uses no ``strawberry.cast``),
        so its answer for one object holds for every object of its class."""
        found = self._checked.get(object_type.name)
        if found is None:
            accepted: set[type] = set()
            is_type_of = cast("Callable[[Any, Any], bool]", object_type.is_type_of)
            trusted = _checked_strings(adapter.origin(object_type))

            def check(value: Any) -> None:
                if not is_type_of(value, None) or not trusted <= _checked_strings(value.__class__):
                    raise _Abort  # refused, or does not check the strings the plan gives out as they are
                accepted.add(value.__class__)

            found = self._checked[object_type.name] = (self.constant(accepted, "_ok"), self.constant(check, "_check"))
        return found

    def _field(
        self, lines: list[str], indent: str, source: str, parent: GraphQLObjectType, key: str,
        details: list[adapter.FieldDetails], target: str,
    ) -> None:
        name = details[0].node.name.value
        if name == "__typename":
            lines.append(f"{indent}{target} = {parent.name!r}")
            return
        field_def = parent.fields.get(name)
        if field_def is None or name.startswith("__"):
            raise _Unsupported(f"introspection: {name}")
        attribute = _attribute(field_def)
        named = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
        checked = _checked_strings(adapter.origin(parent)) if parent.is_type_of else frozenset()
        if attribute in checked and named in (GraphQLString, GraphQLID):
            lines.append(f"{indent}{target} = {source}.{attribute}")  # checked when its object was made
            return
        value, read = self._name("v"), f"{source}.{attribute}"
        if attribute is None:
            read = self._call(lines, indent, source, field_def, details, parent, key)
        lines.append(f"{indent}{value} = {read}")
        self._complete(lines, indent, field_def.type, value, target, details)

    def _call(
        self, lines: list[str], indent: str, source: str, field_def: GraphQLField,
        details: list[adapter.FieldDetails], parent: GraphQLObjectType, key: str,
    ) -> str:
        """The expression calling the field's resolver on ``source``, after any statements it needs."""
        function = _marked(field_def)
        parameters = list(inspect.signature(function).parameters) if function else []
        if parameters == ["self", "info"] and not field_def.args:  # reads only info.context
            answers = getattr(function, "by_level", None)
            if answers is not None:
                return self._by_level(lines, indent, answers, source)
            return f"{self.constant(function, '_res')}({source}, info)"
        if parameters == ["self"]:
            return f"{self.constant(function, '_res')}({source})"
        direct = function if parameters[:2] == ["self", "info"] else None  # (self, info, <its arguments>)
        call = _Call(field_def, details, parent, key, self.schema, direct, not self.operation.variable_definitions)
        return f"{self.constant(call, '_call')}({source}, run)"

    def _by_level(self, lines: list[str], indent: str, answers: Callable[..., Any], source: str) -> str:
        """Statements reading the answer of a resolver marked :func:`~nrgraph.graphql.resolve.by_level`
        from the answers of its object's level (by object id), kept in a local: the first object
        of a list asks for its level's answers, the others find theirs. An object of another level
        (whose id is no key of the mapping, whose keys are ids of living objects) asks for its own."""
        kept, found, level = self._name("b"), self._name("a"), self.constant(answers, "_lvl")
        self._kept.append(kept)
        lines.append(f"{indent}{found} = {kept}.get(id({source}), _miss)")
        lines.append(f"{indent}if {found} is _miss:")
        lines.append(f"{indent}    {kept} = {level}({source}, info)")
        lines.append(f"{indent}    {found} = {kept}[id({source})]")
        return found

    def _complete(
        self, lines: list[str], indent: str, field_type: GraphQLOutputType, value: str, target: str,
        details: list[adapter.FieldDetails],
    ) -> None:
        """Statements completing ``value`` (a local) into ``target`` (a local) as graphql-core would."""
        required = isinstance(field_type, GraphQLNonNull)
        inner: Any = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            serialize = self.constant(_leaf(inner.serialize, not required), "_ser")
            members = adapter.named_enum(inner) if isinstance(inner, GraphQLEnumType) else None
            tests: dict[Any, str] = {
                GraphQLString: "is str", GraphQLID: "is str", GraphQLBoolean: "is bool",
                GraphQLInt: f"is int and -2147483648 <= {value} <= 2147483647",
            }
            answer, test = value, tests.get(inner)
            if members is not None:  # each member serialises to its own name
                answer, test = f"{value}._name_", f"is {self.constant(members)}"
            otherwise = f"{serialize}({value})"
            lines.append(f"{indent}{target} = {answer} if {value}.__class__ {test} else {otherwise}" if test
                         else f"{indent}{target} = {otherwise}")
            return
        if not isinstance(inner, GraphQLList | GraphQLObjectType):
            raise _Unsupported(f"abstract type {inner}")  # an interface or a union
        body = indent if required else indent + "    "
        if not required:
            lines += [f"{indent}if {value} is None:", f"{indent}    {target} = None", f"{indent}else:"]
        elif isinstance(inner, GraphQLList) or inner.is_type_of is None:  # else None fails the type check
            lines += [f"{indent}if {value} is None:", f"{indent}    _abort()"]
        if isinstance(inner, GraphQLList):
            item, completed = self._name("x"), self._name("y")
            lines += [f"{body}if {value}.__class__ is not list:", f"{body}    {value} = _as_list({value})"]
            lines += [f"{body}{target} = []", f"{body}for {item} in {value}:"]
            self._complete(lines, body + "    ", inner.of_type, item, completed, details)
            lines.append(f"{body}    {target}.append({completed})")
            return
        fields = adapter.fields(self.core, self.executor, self.operation, inner, details)
        lines.append(f"{body}{target} = {self._selection(lines, body, value, inner, fields)}")


@dataclass(eq=False)
class _Compiled:
    """A query document learnt, and its plan once written."""

    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    plan: Plan | None = None


class QueryCompiler:
    """Plans of the queries a schema answered without errors, by query text and operation name.

    :meth:`learn` takes a query after the ordinary path answered it without errors (so it is
    valid and within the limits); :meth:`run` answers a request from its plan, or returns None
    (no plan, declined, or the run could not answer as graphql-core would).
    """

    def __init__(self, schema: strawberry.Schema, max_cost: int, budget: int = 16_777_216) -> None:
        self.schema = schema
        self.max_cost = max_cost
        # an extension that wraps resolvers would be bypassed by the plans: then nothing is compiled
        self.budget = 0 if adapter.wraps_resolvers(schema) else budget
        self._compiled: ByteLRU[_Compiled | None] = ByteLRU(self.budget)
        self.runs = 0
        self.aborts = 0

    def learn(self, query: str, operation_name: str | None, document: DocumentNode | None = None) -> None:
        """Take ``query`` (just answered without errors), from the ``document`` that path parsed if given."""
        key = (query, operation_name)
        if self.budget <= 0 or key in self._compiled:
            return
        document = document or parse(query)
        operation, fragments = chosen_operation(document, operation_name)
        compiled = None  # nor a directive ("@", in a string too): a plan would fix what @skip/@include chose
        if operation is not None and operation.operation is OperationType.QUERY and "@" not in query:
            compiled = _Compiled(document, operation, fragments)
        self._compiled.put(key, compiled, DOCUMENT_BYTES_PER_CHARACTER * len(query))

    def run(self, query: str, operation_name: str | None, variables: dict[str, Any] | None, context: Any) -> Any:
        """The ``data`` of the answer from the query's plan, or None."""
        key = (query, operation_name)
        compiled = self._compiled.get(key)
        if compiled is None:
            return None
        build = functools.partial(adapter.executor, self.schema, compiled.document, context, variables, operation_name)
        executor: Any = None
        if compiled.operation.variable_definitions:
            executor = build()
            if isinstance(executor, list):  # variables that cannot be coerced: the ordinary path says why
                return None
            core, bounds = adapter.core_schema(self.schema), getattr(context, "bounds", None)
            if query_cost(core, compiled.operation, compiled.fragments, variables, bounds) > self.max_cost:
                return None
        if compiled.plan is None:
            try:
                compiled.plan = _Codegen(self.schema, executor or build(), compiled.operation).plan()
            except _Unsupported:
                self._compiled.put(key, None, DOCUMENT_BYTES_PER_CHARACTER * len(query))
                return None
        self.runs += 1
        try:
            return compiled.plan(None, _Run(executor, context, build))
        except Exception:
            self.aborts += 1
            self._compiled.pop(key)  # learnt again after the next answer without errors
            return None
