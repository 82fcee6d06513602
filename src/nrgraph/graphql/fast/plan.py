"""Query plans: a validated query becomes a tree of steps specialised to the schema's types.

graphql-core interprets a query anew for every request: it collects the fields of every
object, builds a resolve info for every field, calls a resolver (strawberry wraps even a
plain attribute in one) and completes the value by looking at its type. For a list of 50
channels with their endpoints and sources that is about 1,100 fields, each paying that
machinery. Once a query has been answered without errors by the ordinary path, its
selection sets are planned once, per concrete object type (:class:`Selection`), and the
plan is run for its repeats:

- the String and ID attributes an object checked to hold strings when it was made
  (``checked_strings()``, see :class:`~nrgraph.graphql.types.node.Node`) are read together,
  by one ``attrgetter``, into a copy of the answer's template (its keys in order, its
  ``__typename`` filled in); an object whose class did not check them aborts the run;
- any other attribute is read and completed by the field's step;
- a resolver marked :func:`~nrgraph.graphql.resolve.direct` is called with a light
  ``info`` that carries only the request's ``context``, its arguments converted once per
  request (once per plan when they are constants); one marked
  :func:`~nrgraph.graphql.resolve.by_level` is read from the answers its object's whole
  level got, one look-up per object;
- any other field (strawberry's own resolvers) is called through its graphql-core resolver
  with a real resolve info and arguments coerced from the variables once per request;
- leaves are completed inline for the built-in scalars and enums whose members serialise
  to their names, else by the type's own ``serialize``; interfaces and unions by their own
  ``resolve_type``, then by the plan of the concrete type; fragments, inline fragments and
  ``@skip``/``@include`` are resolved when planning, by graphql-core's own field collection,
  with the values of the directive variables in the plan's key.

Anything a plan would not answer as graphql-core does — a resolver that raises or returns an
awaitable, a null where the schema says non-null, a value a scalar refuses, an object its
type's ``is_type_of`` refuses — aborts the run, and the caller answers through the ordinary
path, which gives the errors. Mutations, subscriptions and introspection are never planned.
So an answer from a plan is always one without errors, equal to graphql-core's (tested on a
corpus of queries, ``tests/graphql/test_compiler.py``). Every private strawberry or
graphql-core API this uses is reached through :mod:`nrgraph.graphql.fast.adapter`.
"""

from __future__ import annotations

import enum
import functools
import inspect
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from graphql.pyutils import Undefined, is_iterable

from graphql import (
    GraphQLAbstractType,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    VariableNode,
)
from nrgraph.graphql.fast import adapter
from nrgraph.graphql.fast.adapter import FieldDetails, Fields

if TYPE_CHECKING:
    import strawberry

__all__ = ["Abort", "Run", "Selection", "Unsupported", "plan_operation"]

Column = Callable[[Any, "Run"], Any]
"""Reads or completes a field's values for all the objects of a level at once, in order."""


class Abort(Exception):
    """The plan cannot answer as graphql-core would: run the ordinary path."""


class Unsupported(Exception):
    """The query uses something that is not planned (introspection, @defer, …)."""


_MISS = object()


def _abort(*_: Any) -> Any:
    raise Abort


class Run:
    """What one run of a plan needs: the request's context, its executor (variables, resolve
    infos: built when a field first needs one) and what the steps keep for the request."""

    __slots__ = ("_build", "_executor", "args", "context", "info", "levels")

    def __init__(self, context: Any, executor: Any, build: Callable[[], Any]) -> None:
        self.context = context
        self.info = SimpleNamespace(context=context)
        self._executor = executor
        self._build = build
        self.args: dict[int, dict[str, Any]] = {}
        self.levels: dict[int, Mapping[int, Any]] = {}

    @property
    def executor(self) -> Any:
        if self._executor is None:
            executor = self._build()
            if isinstance(executor, list):  # pragma: no cover - the operation was validated with these variables
                raise Abort
            self._executor = executor
        return self._executor


@dataclass(eq=False)
class _Planner:
    """Plans the selections of one operation (with given directive variables)."""

    schema: GraphQLSchema
    strawberry_schema: strawberry.Schema
    fragments: dict[str, Any]
    operation: OperationDefinitionNode
    variables: Any
    slots: int = 0
    checks: dict[str, Callable[[Any], None]] = field(default_factory=dict)

    def selection(self, object_type: GraphQLObjectType, fields: Fields, deferred: bool) -> Selection:
        if deferred:
            raise Unsupported("@defer")
        return Selection(self, object_type, fields)

    def subselection(self, object_type: GraphQLObjectType, details: list[FieldDetails]) -> Selection:
        return self.selection(
            object_type,
            *adapter.subfields_of(self.schema, self.fragments, self.variables, self.operation, object_type, details),
        )

    def check(self, object_type: GraphQLObjectType, accepted: set[type]) -> Callable[[Any], None]:
        """The test of an object of a class not yet seen: strawberry's ``is_type_of`` is an
        ``isinstance`` test (nrgraph uses no ``strawberry.cast``), so its answer for one
        class holds for every object of that class."""
        is_type_of = object_type.is_type_of
        assert is_type_of is not None
        trusted = _checked_strings(adapter.origin(object_type))

        def check(value: Any) -> None:
            if not is_type_of(value, None):  # type: ignore[arg-type]
                raise Abort
            if trusted and not trusted <= _checked_strings(value.__class__):
                raise Abort  # the plan gives out these fields unserialised: they must be checked
            accepted.add(value.__class__)

        return check

    # -- reading a field, for every object of a level at once ---------------------------------

    def read(self, parent: GraphQLObjectType, key: str, field_def: GraphQLField, details: list[FieldDetails]) -> Column:
        """The column reading the field's value of every object given."""
        self.slots += 1
        slot = self.slots
        node = details[0].node
        function = adapter.resolver(field_def)
        direct = (
            adapter.plain_resolver(field_def)
            and inspect.isfunction(function)
            and getattr(function, "direct", False)
            and not adapter.has_exception_handlers(self.strawberry_schema, field_def)
        )
        if not field_def.args and not node.arguments and adapter.plain_resolver(field_def):
            if function is None:
                get = operator.attrgetter(adapter.definition(field_def).python_name)
                return lambda objects, run: list(map(get, objects))
            if direct:
                answers = getattr(function, "by_level", None)
                if answers is not None:
                    return _by_level(answers)
                parameters = list(inspect.signature(function).parameters)
                if parameters == ["self", "info"]:
                    return lambda objects, run: [function(o, run.info) for o in objects]
                if parameters == ["self"]:
                    return lambda objects, run: list(map(function, objects))
        if direct and field_def.args:
            parameters = list(inspect.signature(function).parameters)
            arguments = sorted(adapter.argument_names(field_def))
            if parameters[:2] == ["self", "info"] and sorted(parameters[2:]) == arguments:
                constant = not any(_uses_variables(a.value) for d in details for a in d.node.arguments or ())
                return self._direct(slot, function, parent, key, field_def, details, constant)
        return self._generic(slot, parent, key, field_def, details)

    def _generic(
        self, slot: int, parent: GraphQLObjectType, key: str, field_def: GraphQLField, details: list[FieldDetails]
    ) -> Column:
        """A field called through its graphql-core resolver, with a real resolve info."""

        def read(objects: list[Any], run: Run) -> list[Any]:
            executor = run.executor
            info = adapter.resolve_info(executor, field_def, details, parent, key)
            args = run.args.get(slot)
            if args is None:
                args = run.args[slot] = adapter.arguments(executor, field_def, details)
            resolve = field_def.resolve or executor.field_resolver
            return [_sync(resolve(o, info, **args)) for o in objects]

        return read

    def _direct(
        self, slot: int, function: Callable[..., Any], parent: GraphQLObjectType, key: str,
        field_def: GraphQLField, details: list[FieldDetails], constant: bool,
    ) -> Column:
        """A field with arguments resolved by a resolver marked ``direct``: called with the light
        ``info``, its arguments converted (as strawberry does) once per request, or once per
        plan when they are constants. Such resolvers do not change their arguments."""
        kept: list[dict[str, Any]] = []
        schema = self.strawberry_schema

        def read(objects: list[Any], run: Run) -> list[Any]:
            kwargs = run.args.get(slot)
            if kwargs is None:
                if kept:
                    kwargs = kept[0]
                else:
                    executor = run.executor
                    info = adapter.resolve_info(executor, field_def, details, parent, key)
                    kwargs = adapter.strawberry_arguments(schema, executor, field_def, details, info)
                    if constant:
                        kept.append(kwargs)
                run.args[slot] = kwargs
            return [_sync(function(o, run.info, **kwargs)) for o in objects]

        return read

    # -- completing the values of a column ------------------------------------------------------

    def complete(
        self, field_type: GraphQLOutputType, parent: GraphQLObjectType, key: str, field_def: GraphQLField,
        details: list[FieldDetails],
    ) -> Column:
        """The column completing values of the field's ``field_type`` as graphql-core would."""
        required = isinstance(field_type, GraphQLNonNull)
        inner: Any = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        if isinstance(inner, GraphQLEnumType):
            return _enum(inner, required)
        if isinstance(inner, GraphQLScalarType):
            return _scalar(inner, required)
        if isinstance(inner, GraphQLObjectType):
            return _objects(self.subselection(inner, details), required)
        if isinstance(inner, GraphQLInterfaceType | GraphQLUnionType):
            abstract = _Abstract(self, inner, parent, key, field_def, details)
            return lambda values, run: [_required(required) if v is None else abstract(v, run) for v in values]
        assert isinstance(inner, GraphQLList)
        return _lists(self.complete(inner.of_type, parent, key, field_def, details), required)


class Selection:
    """The plan of a selection set on one object type: a column per response key, which reads
    and completes that field for every object of a level at once; the answers are then
    zipped into one dict per object. The String and ID attributes its objects checked
    when they were made are read as they are."""

    def __init__(self, planner: _Planner, object_type: GraphQLObjectType, fields: Fields) -> None:
        self.keys = tuple(fields)
        self.accepted: set[type] = set()
        self.check = planner.check(object_type, self.accepted) if object_type.is_type_of is not None else None
        checked = _checked_strings(adapter.origin(object_type)) if self.check is not None else frozenset()
        self.columns: list[Column] = []
        for key, details in fields.items():
            if any(d.fragment_variable_values is not None for d in details):
                raise Unsupported("fragment arguments")
            field_name = details[0].node.name.value
            if field_name == "__typename":
                self.columns.append(_constant(object_type.name))
                continue
            if field_name.startswith("__"):
                raise Unsupported("introspection")
            field_def = object_type.fields.get(field_name)
            if field_def is None:
                raise Unsupported(f"unknown field {object_type.name}.{field_name}")
            read = planner.read(object_type, key, field_def, details)
            named = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
            if (
                (named is GraphQLString or named is GraphQLID)
                and getattr(adapter.definition(field_def), "python_name", None) in checked
                and adapter.resolver(field_def) is None
                and not field_def.args
            ):  # checked to hold a string (or None, where it may) when its object was made: as it is
                self.columns.append(read)
                continue
            complete = planner.complete(field_def.type, object_type, key, field_def, details)
            self.columns.append(functools.partial(_then, read, complete))

    def complete(self, objects: list[Any], run: Run) -> list[dict[str, Any]]:
        """The answers of the selection on ``objects`` (none of them None), in order."""
        if self.check is not None and not self.accepted.issuperset(map(type, objects)):
            for o in objects:
                if o.__class__ not in self.accepted:
                    self.check(o)
        columns = [column(objects, run) for column in self.columns]
        return list(map(dict, map(zip, repeat(self.keys), zip(*columns))))  # noqa: B905 (columns of one length)


@dataclass(eq=False)
class _Abstract:
    """An interface or union value: its concrete type by ``resolve_type``, then that type's plan."""

    planner: _Planner
    abstract_type: GraphQLAbstractType
    parent: GraphQLObjectType
    key: str
    field_def: GraphQLField
    details: list[FieldDetails]
    selections: dict[str, Selection] = field(default_factory=dict)

    def __call__(self, value: Any, run: Run) -> Any:
        executor = run.executor
        info = adapter.resolve_info(executor, self.field_def, self.details, self.parent, self.key)
        name = (self.abstract_type.resolve_type or executor.type_resolver)(value, info, self.abstract_type)
        if not isinstance(name, str):
            raise Abort
        selection = self.selections.get(name)
        if selection is None:
            runtime = self.planner.schema.get_type(name)
            if not isinstance(runtime, GraphQLObjectType) or not self.planner.schema.is_sub_type(
                self.abstract_type, runtime
            ):
                raise Abort
            selection = self.selections[name] = self.planner.subselection(runtime, self.details)
        return selection.complete([value], run)[0]


def plan_operation(
    schema: strawberry.Schema, fragments: dict[str, Any], operation: OperationDefinitionNode, variables: Any
) -> Selection:
    """The plan of a query operation (``variables``: graphql-core's coerced variable values)."""
    core = adapter.core_schema(schema)
    root = core.query_type
    if root is None or operation.operation.value != "query":
        raise Unsupported("only queries are planned")
    planner = _Planner(core, schema, fragments, operation, variables)
    return planner.selection(root, *adapter.fields_of(core, fragments, variables, root, operation))


# -- the columns ----------------------------------------------------------------------------------


def _constant(value: Any) -> Column:
    return lambda objects, run: repeat(value, len(objects))


def _then(read: Column, complete: Column, objects: list[Any], run: Run) -> list[Any]:
    return complete(read(objects, run), run)


def _by_level(answers: Callable[[Any, Any], Mapping[int, Any]]) -> Column:
    """The answers of a resolver marked :func:`~nrgraph.graphql.resolve.by_level`, read from
    the answers of the objects' level (by object id) that the first object gets; an object of
    another level (its id is no key of the mapping: the keys are ids of living objects) gets
    its own level's answers."""

    def read(objects: list[Any], run: Run) -> list[Any]:
        if not objects:
            return []
        found = answers(objects[0], run.info)
        values = list(map(found.get, map(id, objects), repeat(_MISS)))
        if any(map(operator.is_, values, repeat(_MISS))):
            values = [answers(o, run.info)[id(o)] if v is _MISS else v for o, v in zip(objects, values, strict=True)]
        return values

    return read


def _sync(result: Any) -> Any:
    if inspect.isawaitable(result):
        if inspect.iscoroutine(result):
            result.close()
        raise Abort
    return result


def _required(required: bool) -> None:
    """The answer for a null: None where the schema allows it, else the run is abandoned."""
    if required:
        raise Abort


def _objects(selection: Selection, required: bool) -> Column:
    def complete(values: list[Any], run: Run) -> list[Any]:
        if not any(map(operator.is_, values, repeat(None))):  # by identity: no __eq__ called
            return selection.complete(values, run)
        _required(required)
        answers = iter(selection.complete([v for v in values if v is not None], run))
        return [None if v is None else next(answers) for v in values]

    return complete


def _lists(items: Column, required: bool) -> Column:
    """Lists, their items completed together as one column, then cut back into lists."""

    def complete(values: list[Any], run: Run) -> list[Any]:
        lists = [_as_list(v) if v is not None else _required(required) for v in values]
        done = items([x for found in lists if found is not None for x in found], run)
        answers: list[Any] = []
        start = 0
        for found in lists:
            if found is None:
                answers.append(None)
            else:
                end = start + len(found)
                answers.append(done[start:end])
                start = end
        return answers

    return complete


def _as_list(value: Any) -> Any:
    if value.__class__ is list or value.__class__ is tuple:
        return value
    if not is_iterable(value):
        raise Abort
    return list(value)


def _serializer(serialize: Callable[[Any], Any], required: bool) -> Callable[[Any], Any]:
    def complete(value: Any) -> Any:
        if value is None:
            return _required(required)
        serialized = serialize(value)
        if serialized is None or serialized is Undefined:
            raise Abort
        return serialized

    return complete


def _scalar(scalar: GraphQLScalarType, required: bool) -> Column:
    serialize = _serializer(scalar.serialize, required)
    if scalar is GraphQLString or scalar is GraphQLID:
        return lambda values, run: [v if v.__class__ is str else serialize(v) for v in values]
    if scalar is GraphQLBoolean:
        return lambda values, run: [v if v.__class__ is bool else serialize(v) for v in values]
    if scalar is GraphQLInt:
        return lambda values, run: [
            v if v.__class__ is int and -2147483648 <= v <= 2147483647 else serialize(v) for v in values
        ]
    return lambda values, run: list(map(serialize, values))


def _enum(enum_type: GraphQLEnumType, required: bool) -> Column:
    serialize = _serializer(enum_type.serialize, required)
    members = _named_members(enum_type)
    if members is not None:  # every member serialises to its own name
        return lambda values, run: [v._name_ if v.__class__ is members else serialize(v) for v in values]
    return lambda values, run: list(map(serialize, values))


def _named_members(enum_type: GraphQLEnumType) -> type[enum.Enum] | None:
    """The Python enum behind a strawberry enum type if each of its members serialises to the
    member's own name (then ``member._name_`` is the answer), else None."""
    members = adapter.wrapped_enum(enum_type)
    if not isinstance(members, type) or not issubclass(members, enum.Enum):
        return None
    try:
        if all(enum_type.serialize(member) == member._name_ for member in members):
            return members
    except (ValueError, TypeError, GraphQLError):
        pass
    return None


def _checked_strings(cls: Any) -> frozenset[str]:
    """The attributes objects of ``cls`` check to hold strings when they are made
    (``cls.checked_strings()``, see :class:`nrgraph.graphql.types.node.Node`)."""
    names = getattr(cls, "checked_strings", None)
    return names() if callable(names) else frozenset()


def _uses_variables(node: Any) -> bool:
    """Whether an argument's value (a value node) refers to a variable anywhere inside."""
    if isinstance(node, VariableNode):
        return True
    if isinstance(node, ObjectValueNode):
        return any(_uses_variables(item.value) for item in node.fields)
    if isinstance(node, ListValueNode):
        return any(_uses_variables(item) for item in node.values)
    return False
