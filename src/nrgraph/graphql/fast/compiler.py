"""A query compiler: a validated query becomes Python code specialised to the schema's types.

graphql-core interprets a query anew for every request: it collects the fields of every
object, builds a resolve info for every field, calls a resolver (strawberry wraps even a
plain attribute in one) and completes the value by looking at its type. For a list of 50
channels with their endpoints and sources that is about 1,100 fields, each paying that
machinery. This module does what graphql-jit does for graphql-js: once a query has been
parsed, validated, limited and executed without errors by the ordinary path, its selection
sets are compiled, per concrete object type, into one generated Python function each —

- a field that is a plain attribute (no arguments, no resolver) becomes ``o.name``;
- a field resolved by a ``(self, info)`` or ``(self)`` resolver marked
  :func:`~nrgraph.graphql.resolve.direct` is a direct call with a light ``info`` that carries
  the request's ``context`` (the only thing such resolvers read) — or, for a resolver marked
  :func:`~nrgraph.graphql.resolve.by_level`
  (a relation answered for a whole level at once), a look-up in the answers its level got
  for the first object of the list, with no call per object;
- any other field (arguments, strawberry's own resolvers) is called through its
  graphql-core resolver with a real :class:`~graphql.GraphQLResolveInfo` and the arguments
  coerced from the variables once per request;
- leaves are serialised inline for the built-in scalars (a ``str`` stays a ``str``)
  and through the type's own ``serialize`` otherwise — a String or ID attribute that its
  object checked to hold a string when it was made (``checked_strings()``, see
  :class:`~nrgraph.graphql.types.node.Node`) is given out as it is, and an object whose
  class did not check the attributes the plan gives out so aborts the run; enums by the
  member's own name when each member serialises to it, else through a per-value memo;
  objects and lists are completed by their sub-selections' code, written into the
  parent's function (a loop per list, no call per object) down to a bound on the
  indentation, then by generated functions of their own;
  ``__typename`` is a constant; fragments, inline fragments and ``@skip``/``@include``
  are resolved at compile time by graphql-core's own field collection, with the values of
  the variables the directives use as part of the plan's key;
- an interface or union is resolved at run time by its own ``resolve_type``, then
  completed by the function compiled for that concrete type.

The generated functions build plain dicts in the order graphql-core would. Anything they do
not handle the way graphql-core would — a resolver that raises or returns an awaitable, a
null where the schema says non-null, a value a scalar cannot serialise, an object whose
``is_type_of`` refuses it — aborts the whole compiled run, and the caller runs the request
again through the ordinary path, which produces the answer and its errors. Mutations,
subscriptions and introspection (``__schema``, ``__type``) are never compiled. So an answer
from a compiled plan is always one without errors, equal to graphql-core's (tested on a
corpus of queries, ``tests/graphql/test_compiler.py``). Every private strawberry or
graphql-core API this uses is reached through :mod:`nrgraph.graphql.fast.adapter`.

The limits (depth, aliases, tokens) are properties of the document, checked when it was
first validated; the cost limit depends on the variables (``first: $n``), so a plan whose
operation takes variables is run only if the cost with this request's variables is within
the limit — otherwise the ordinary path refuses it, before any resolver runs.
"""

from __future__ import annotations

import enum
import functools
import inspect
import keyword
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from graphql.pyutils import Undefined, is_iterable

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FragmentDefinitionNode,
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
    OperationType,
    VariableNode,
    Visitor,
    parse,
    visit,
)
from nrgraph.graphql.fast import adapter
from nrgraph.graphql.fast.adapter import FieldDetails
from nrgraph.graphql.generation import DOCUMENT_BYTES_PER_CHARACTER, ByteLRU
from nrgraph.graphql.limits import query_cost

if TYPE_CHECKING:
    import strawberry

__all__ = ["Compiled", "QueryCompiler"]


class _Abort(Exception):
    """The compiled run cannot answer as graphql-core would: run the ordinary path."""


class _Unsupported(Exception):
    """The query uses something the compiler does not compile (introspection, …)."""


_MISS = object()
"""What a look-up of a level's answers finds for an object of another level."""

_NO_ANSWERS: Mapping[int, Any] = MappingProxyType({})
"""The answers kept before a function reads the first level's (see ``_Codegen._by_level``)."""


def _abort(*_: Any) -> Any:
    raise _Abort


def _as_list(value: Any) -> Any:
    if not is_iterable(value):
        raise _Abort
    return list(value)


def _leaf(serialize: Callable[[Any], Any], nullable: bool) -> Callable[[Any], Any]:
    def complete(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise _Abort
        serialized = serialize(value)
        if serialized is None or serialized is Undefined:
            raise _Abort
        return serialized

    return complete


def _enum(enum_type: GraphQLEnumType, nullable: bool) -> tuple[dict[int, str], Callable[[Any], Any]]:
    """A table of the names of the enum members seen, by ``id`` (each member is kept, so its id
    stays its own), and the function that serialises a value not in it."""
    names: dict[int, str] = {}
    kept: list[Any] = []

    def complete(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise _Abort
        serialized: Any = enum_type.serialize(value)
        if serialized is None or serialized is Undefined:
            raise _Abort
        if isinstance(value, enum.Enum):  # a singleton: remember it (others are served each time)
            kept.append(value)
            names[id(value)] = serialized
        return serialized

    return names, complete


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
    """The attributes that objects of ``cls`` check to hold strings when they are made
    (``cls.checked_strings()``, see :class:`nrgraph.graphql.types.node.Node`)."""
    names = getattr(cls, "checked_strings", None)
    return names() if callable(names) else frozenset()


def _plain(field_def: GraphQLField, arguments: Any, *, resolved: bool = False) -> str | None:
    """The Python name of a field read as an attribute of its object (no arguments,
    extensions or permissions and, unless ``resolved``, no resolver either), else None."""
    if field_def.args or arguments or not adapter.plain_resolver(field_def):
        return None
    if not resolved and adapter.resolver(field_def) is not None:
        return None
    return cast("str", adapter.definition(field_def).python_name)


def _marked(field_def: GraphQLField) -> Callable[..., Any] | None:
    """The field's resolver if a plan may call it directly: marked
    :func:`~nrgraph.graphql.resolve.direct`, synchronous, called by strawberry as it is."""
    function = adapter.resolver(field_def)
    if (
        inspect.isfunction(function)
        and getattr(function, "direct", False)
        and not inspect.iscoroutinefunction(function)
        and adapter.plain_resolver(field_def)
    ):
        return function
    return None


class _Run:
    """What one compiled run needs: the request's executor (variables, infos) and context.

    The executor is built when a field first needs it (strawberry's own resolvers, abstract
    types, arguments), or before the run when the operation has variables: a plan that
    reads only attributes and nrgraph's resolvers runs without one."""

    __slots__ = ("_build", "_executor", "args", "context", "info")

    def __init__(self, executor: Any, context: Any, build: Callable[[], Any] | None = None) -> None:
        self._executor = executor
        self._build = build
        self.context = context
        self.info = SimpleNamespace(context=context)
        self.args: dict[int, dict[str, Any]] = {}

    @property
    def executor(self) -> Any:
        if self._executor is None:
            assert self._build is not None
            executor = self._build()
            if isinstance(executor, list):  # pragma: no cover - the operation was validated with these variables
                raise _Abort
            self._executor = executor
        return self._executor


@dataclass(eq=False)
class _Generic:
    """A field called through its graphql-core resolver, with a real resolve info."""

    slot: int
    field_def: GraphQLField
    details: list[FieldDetails]
    parent_type: GraphQLObjectType
    key: str

    def __call__(self, source: Any, run: _Run) -> Any:
        executor = run.executor
        info = adapter.resolve_info(executor, self.field_def, self.details, self.parent_type, self.key)
        args = run.args.get(self.slot)
        if args is None:
            args = run.args[self.slot] = adapter.arguments(executor, self.field_def, self.details)
        resolve = self.field_def.resolve or executor.field_resolver
        result = resolve(source, info, **args)
        if inspect.isawaitable(result):
            if inspect.iscoroutine(result):
                result.close()
            raise _Abort
        return result


@dataclass(eq=False)
class _Direct(_Generic):
    """A field with arguments resolved by a ``(self, info, ...)`` resolver marked ``direct``:
    called directly with the light ``info``, its arguments coerced and converted (as strawberry
    does) once per request — once per plan when they are constants — instead of through
    strawberry's wrapper for every object. nrgraph's resolvers do not change their arguments."""

    function: Callable[..., Any] = _abort
    strawberry_schema: Any = None
    constant: bool = False
    kwargs: dict[str, Any] | None = None

    def __call__(self, source: Any, run: _Run) -> Any:
        kwargs = run.args.get(self.slot)
        if kwargs is None:
            kwargs = self.kwargs
            if kwargs is None:
                kwargs = self._convert(run)
                if self.constant:
                    self.kwargs = kwargs
            run.args[self.slot] = kwargs
        result = self.function(source, run.info, **kwargs)
        if inspect.isawaitable(result):  # pragma: no cover - nrgraph's resolvers answer at once
            if inspect.iscoroutine(result):
                result.close()
            raise _Abort
        return result

    def _convert(self, run: _Run) -> dict[str, Any]:
        executor = run.executor
        info = adapter.resolve_info(executor, self.field_def, self.details, self.parent_type, self.key)
        return adapter.strawberry_arguments(self.strawberry_schema, executor, self.field_def, self.details, info)


def _uses_variables(node: Any) -> bool:
    """Whether an argument's value (a value node) refers to a variable anywhere inside."""
    if isinstance(node, VariableNode):
        return True
    if isinstance(node, ObjectValueNode):
        return any(_uses_variables(item.value) for item in node.fields)
    if isinstance(node, ListValueNode):
        return any(_uses_variables(item) for item in node.values)
    return False


@dataclass(eq=False)
class _Abstract:
    """An interface or union value: its concrete type by ``resolve_type``, then that type's function."""

    compiler: _Codegen
    abstract_type: GraphQLAbstractType
    generic: _Generic
    functions: dict[str, Callable[[Any, _Run], Any]] = field(default_factory=dict)

    def __call__(self, value: Any, run: _Run) -> Any:
        executor = run.executor
        generic = self.generic
        info = adapter.resolve_info(executor, generic.field_def, generic.details, generic.parent_type, generic.key)
        resolve_type = self.abstract_type.resolve_type or executor.type_resolver
        name = resolve_type(value, info, self.abstract_type)
        if not isinstance(name, str):
            raise _Abort
        function = self.functions.get(name)
        if function is None:
            runtime = self.compiler.schema.get_type(name)
            if not isinstance(runtime, GraphQLObjectType) or not self.compiler.schema.is_sub_type(
                self.abstract_type, runtime
            ):
                raise _Abort
            function = self.functions[name] = self.compiler.object_function(runtime, self.generic.details)
        return function(value, run)


_INLINE_INDENT = 4 * 32
"""Selections are written into their parent's function (inlined) down to this indentation,
then called as functions of their own: Python allows 100 levels of indentation and 20
nested loops in one function."""


class _Codegen:
    """Generates the functions of one plan (an operation with given directive variables)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, Any],
        operation: OperationDefinitionNode,
        variable_values: Any,
        strawberry_schema: Any = None,
    ) -> None:
        self.schema = schema
        self.strawberry_schema = strawberry_schema
        self._kept: list[list[str]] = []
        """Per function being written: the locals keeping a level's answers (see :meth:`_by_level`)."""
        self.fragments = fragments
        self.operation = operation
        self.variable_values = variable_values
        self.namespace: dict[str, Any] = {
            "_abort": _abort, "_as_list": _as_list, "str": str, "list": list, "id": id,
            "_miss": _MISS, "_no_answers": _NO_ANSWERS,
        }
        self._counter = 0
        self._slots = 0
        self._checked: dict[str, tuple[str, str]] = {}

    def _name(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def constant(self, value: Any, prefix: str = "_k") -> str:
        name = self._name(prefix)
        self.namespace[name] = value
        return name

    def root_function(self) -> Callable[[Any, _Run], Any]:
        root = self.schema.query_type
        if root is None or self.operation.operation is not OperationType.QUERY:
            raise _Unsupported("only queries are compiled")
        fields, deferred = adapter.fields_of(self.schema, self.fragments, self.variable_values, root, self.operation)
        if deferred:
            raise _Unsupported("@defer")
        return cast("Callable[[Any, _Run], Any]", self._object(root, fields))

    def object_function(
        self, object_type: GraphQLObjectType, details: list[FieldDetails]
    ) -> Callable[[Any, _Run], Any]:
        return cast("Callable[[Any, _Run], Any]", self._object(object_type, self._subfields(object_type, details)))

    def _subfields(self, object_type: GraphQLObjectType, details: list[FieldDetails]) -> adapter.Fields:
        fields, deferred = adapter.subfields_of(
            self.schema, self.fragments, self.variable_values, self.operation, object_type, details
        )
        if deferred:
            raise _Unsupported("@defer")
        return fields

    def _object(self, object_type: GraphQLObjectType, grouped: Mapping[str, list[FieldDetails]]) -> Any:
        name = self._name(f"_{object_type.name}_")
        lines = [f"def {name}(o, run):"]
        if object_type.is_type_of is not None:
            ok, check = self._type_check(object_type)
            lines += [f"    if o.__class__ not in {ok}:", f"        {check}(o)"]
        prologue = len(lines)
        self._kept.append([])
        results = self._fields(lines, "    ", "o", object_type, grouped)
        lines[prologue:prologue] = [f"    {kept} = _no_answers" for kept in self._kept.pop()]
        if any("info" in line for line in lines[prologue:]):
            lines.insert(prologue, "    info = run.info")
        lines.append("    return {" + ", ".join(results) + "}")
        try:
            exec("\n".join(lines), self.namespace)
        except (SyntaxError, RecursionError, MemoryError) as error:  # pragma: no cover - bounded by _INLINE_INDENT
            raise _Unsupported(f"generated code does not compile: {error}") from None
        return cast("Callable[[Any, _Run], Any]", self.namespace[name])

    def _fields(
        self, lines: list[str], indent: str, source: str, object_type: GraphQLObjectType,
        grouped: Mapping[str, list[FieldDetails]],
    ) -> list[str]:
        """Statements reading the fields of ``source`` (a local); the entries of its answer."""
        results: list[str] = []
        for key, details in grouped.items():
            target = self._name("r")
            self._field(lines, indent, source, object_type, key, details, target)
            results.append(f"{key!r}: {target}")
        return results

    def _inline(
        self, lines: list[str], indent: str, source: str, object_type: GraphQLObjectType, generic: _Generic
    ) -> str:
        """Statements answering the selection on ``source`` (a local) in the caller's own body,
        instead of a call of the selection's function; the expression of the answer."""
        fields = self._subfields(object_type, generic.details)
        if object_type.is_type_of is not None:
            ok, check = self._type_check(object_type)
            lines += [f"{indent}if {source}.__class__ not in {ok}:", f"{indent}    {check}({source})"]
        return "{" + ", ".join(self._fields(lines, indent, source, object_type, fields)) + "}"

    def _type_check(self, object_type: GraphQLObjectType) -> tuple[str, str]:
        """Names of a set of classes ``is_type_of`` accepted and of the function checking a new one.

        strawberry's ``is_type_of`` is an ``isinstance`` test (nrgraph uses no ``strawberry.cast``),
        so its answer for one class holds for every object of that class."""
        found = self._checked.get(object_type.name)
        if found is None:
            accepted: set[type] = set()
            is_type_of = object_type.is_type_of
            assert is_type_of is not None
            trusted = _checked_strings(adapter.origin(object_type))

            def check(value: Any) -> None:
                if not is_type_of(value, cast("Any", None)):
                    raise _Abort
                if trusted and not trusted <= _checked_strings(value.__class__):
                    raise _Abort  # the plan gives out these fields unserialised: they must be checked
                accepted.add(value.__class__)

            found = self._checked[object_type.name] = (self.constant(accepted, "_ok"), self.constant(check, "_check"))
        return found

    def _field(
        self, lines: list[str], indent: str, source: str, parent: GraphQLObjectType, key: str,
        details: list[FieldDetails], target: str,
    ) -> None:
        node = details[0].node
        field_name = node.name.value
        if any(d.fragment_variable_values is not None for d in details):
            raise _Unsupported("fragment arguments")
        if field_name == "__typename":
            lines.append(f"{indent}{target} = {parent.name!r}")
            return
        if field_name.startswith("__"):
            raise _Unsupported("introspection")
        field_def = parent.fields.get(field_name)
        if field_def is None:
            raise _Unsupported(f"unknown field {parent.name}.{field_name}")
        value = self._name("v")
        generic = self._direct(field_def, details, parent, key) or _Generic(
            self._slots, field_def, details, parent, key
        )
        self._slots += 1
        named = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
        if (
            (named is GraphQLString or named is GraphQLID)
            and parent.is_type_of is not None
            and _plain(field_def, node.arguments) in _checked_strings(adapter.origin(parent))
        ):  # checked to hold a string (or None, where it may) when its object was made: as it is
            self._fetch(lines, indent, target, field_def, node.arguments, generic, source)
            return
        self._fetch(lines, indent, value, field_def, node.arguments, generic, source)
        self._complete(lines, indent, field_def.type, value, target, generic)

    def _direct(
        self, field_def: GraphQLField, details: list[FieldDetails], parent: GraphQLObjectType, key: str
    ) -> _Direct | None:
        """The direct call of a field with arguments resolved by a ``(self, info, <its arguments>)``
        resolver marked ``direct``, or None (then it goes through strawberry)."""
        function = _marked(field_def)
        strawberry_schema = self.strawberry_schema
        if (
            function is None
            or strawberry_schema is None
            or not field_def.args
            or adapter.has_exception_handlers(strawberry_schema, field_def)
        ):
            return None
        parameters = list(inspect.signature(function).parameters)
        if parameters[:2] != ["self", "info"] or sorted(parameters[2:]) != sorted(adapter.argument_names(field_def)):
            return None
        constant = not any(
            _uses_variables(argument.value) for detail in details for argument in detail.node.arguments or ()
        )
        return _Direct(self._slots, field_def, details, parent, key, function, strawberry_schema, constant)

    def _fetch(
        self, lines: list[str], indent: str, value: str, field_def: GraphQLField, arguments: Any,
        generic: _Generic, source: str,
    ) -> None:
        """Statements reading the field's value from ``source`` (a local) into ``value`` (a local)."""
        lines.append(f"{indent}{value} = {self._read(lines, indent, field_def, arguments, generic, source)}")

    def _read(
        self, lines: list[str], indent: str, field_def: GraphQLField, arguments: Any, generic: _Generic, source: str
    ) -> str:
        """The expression reading the field's value from ``source`` (a local), after any statements
        it needs first (written to ``lines``)."""
        python_name = _plain(field_def, arguments, resolved=True)
        if python_name is not None:
            attribute = python_name.isidentifier() and not keyword.iskeyword(python_name)
            if attribute and adapter.resolver(field_def) is None:
                return f"{source}.{python_name}"
            function = _marked(field_def)
            if function is not None:
                parameters = list(inspect.signature(function).parameters)
                if parameters == ["self", "info"]:  # reads only info.context (records, kg)
                    answers = getattr(function, "by_level", None)
                    if answers is not None:
                        return self._by_level(lines, indent, answers, source)
                    return f"{self.constant(function, '_res')}({source}, info)"
                if parameters == ["self"]:
                    return f"{self.constant(function, '_res')}({source})"
        return f"{self.constant(generic, '_gen')}({source}, run)"

    def _by_level(
        self, lines: list[str], indent: str, answers: Callable[[Any, Any], Mapping[int, Any]], source: str
    ) -> str:
        """Statements reading the answer of a resolver marked :func:`~nrgraph.graphql.resolve.by_level`
        from the answers of its object's whole level (by object id), kept in a local of the
        function: the first object of a list calls for its level's answers, the others read
        theirs from that mapping — one dictionary look-up instead of the resolver's calls. An
        object of another level (its id is no key of the mapping, since the mapping's keys are
        the ids of living objects) reads its own level's answers, which are then kept instead."""
        kept = self._name("b")
        self._kept[-1].append(kept)
        level = self.constant(answers, "_lvl")
        found = self._name("a")
        lines.append(f"{indent}{found} = {kept}.get(id({source}), _miss)")
        lines.append(f"{indent}if {found} is _miss:")
        lines.append(f"{indent}    {kept} = {level}({source}, info)")
        lines.append(f"{indent}    {found} = {kept}[id({source})]")
        return found

    def _complete(
        self,
        lines: list[str],
        indent: str,
        field_type: GraphQLOutputType,
        value: str,
        target: str,
        generic: _Generic,
    ) -> None:
        """Statements completing ``value`` (a local) into ``target`` (a local) as graphql-core would."""
        required = isinstance(field_type, GraphQLNonNull)
        inner: Any = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        if isinstance(inner, GraphQLEnumType):  # the completing functions deal with None too
            names, complete = _enum(inner, not required)
            fallback = self.constant(complete, "_enum")
            members = _named_members(inner)
            if members is not None:  # every member serialises to its own name
                lines.append(
                    f"{indent}{target} = {value}._name_ if {value}.__class__ is {self.constant(members)}"
                    f" else {fallback}({value})"
                )
            else:
                table = self.constant(names, "_names")
                lines.append(f"{indent}{target} = {table}.get(id({value})) or {fallback}({value})")
            return
        if isinstance(inner, GraphQLScalarType):
            serialize = self.constant(_leaf(inner.serialize, not required), "_ser")
            if inner is GraphQLString or inner is GraphQLID:
                test = f"{value}.__class__ is str"
            elif inner is GraphQLBoolean:
                test = f"{value}.__class__ is bool"
            elif inner is GraphQLInt:
                test = f"{value}.__class__ is int and -2147483648 <= {value} <= 2147483647"
            else:
                test = ""
            if test:
                lines.append(f"{indent}{target} = {value} if {test} else {serialize}({value})")
            else:
                lines.append(f"{indent}{target} = {serialize}({value})")
            return
        lines.append(f"{indent}if {value} is None:")
        lines.append(f"{indent}    {'_abort()' if required else target + ' = None'}")
        lines.append(f"{indent}else:")
        body = indent + "    "
        if isinstance(inner, GraphQLList):
            lines.append(f"{body}if {value}.__class__ is not list and {value}.__class__ is not tuple:")
            lines.append(f"{body}    {value} = _as_list({value})")
            item_type = inner.of_type
            item_required = isinstance(item_type, GraphQLNonNull)
            named = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
            if isinstance(named, GraphQLObjectType):
                # a loop rather than a comprehension, which costs a call of its own (Python 3.11)
                item = self._name("x")
                lines.append(f"{body}{target} = []")
                lines.append(f"{body}for {item} in {value}:")
                if len(body) > _INLINE_INDENT:
                    function = self._object_completer(named, generic)
                    otherwise = "_abort()" if item_required else "None"
                    lines.append(
                        f"{body}    {target}.append({function}({item}, run) if {item} is not None else {otherwise})"
                    )
                    return
                lines.append(f"{body}    if {item} is None:")
                lines.append(f"{body}        {'_abort()' if item_required else target + '.append(None)'}")
                lines.append(f"{body}    else:")
                answer = self._inline(lines, body + "        ", item, named, generic)
                lines.append(f"{body}        {target}.append({answer})")
                return
            item, completed = self._name("x"), self._name("y")
            lines.append(f"{body}{target} = []")
            lines.append(f"{body}for {item} in {value}:")
            self._complete(lines, body + "    ", item_type, item, completed, generic)
            lines.append(f"{body}    {target}.append({completed})")
            return
        if isinstance(inner, GraphQLObjectType):
            if len(body) > _INLINE_INDENT:
                lines.append(f"{body}{target} = {self._object_completer(inner, generic)}({value}, run)")
            else:
                answer = self._inline(lines, body, value, inner, generic)
                lines.append(f"{body}{target} = {answer}")
        elif isinstance(inner, GraphQLInterfaceType | GraphQLUnionType):
            abstract = _Abstract(self, inner, generic)
            lines.append(f"{body}{target} = {self.constant(abstract, '_abs')}({value}, run)")
        else:  # pragma: no cover - validation admits no other output type
            raise _Unsupported(f"type {inner}")

    def _object_completer(self, object_type: GraphQLObjectType, generic: _Generic) -> str:
        return self.constant(self.object_function(object_type, generic.details), "_obj")


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
            for argument in node.arguments or ():
                if not isinstance(argument.value, VariableNode | BooleanValueNode):
                    raise _Unsupported("unexpected @skip/@include argument")


@dataclass(eq=False)
class Compiled:
    """A validated document and its plans, one per set of values of the directive variables."""

    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    directive_variables: tuple[str, ...]
    plans: dict[tuple[Any, ...], Callable[[Any, _Run], Any]] = field(default_factory=dict)


class QueryCompiler:
    """Compiled plans of the queries a schema has answered without errors, by query and operation name.

    :meth:`learn` compiles a query after the ordinary path answered it without errors (so it
    is valid and within the limits); :meth:`run` answers a request from its plan, or returns
    None when there is none or the plan cannot answer as graphql-core would.
    """

    def __init__(
        self, schema: strawberry.Schema, max_cost: int, budget: int = 16_777_216
    ) -> None:
        self.schema = schema
        self.max_cost = max_cost
        # an extension that wraps resolvers, or attributes read otherwise than by getattr,
        # would be bypassed by the generated code: then nothing is compiled
        self.budget = 0 if adapter.wraps_resolvers(schema) else budget
        self._compiled: ByteLRU[Compiled | None] = ByteLRU(self.budget)
        self.runs = 0
        self.aborts = 0

    def learn(self, query: str, operation_name: str | None, document: DocumentNode | None = None) -> None:
        """Compile ``query`` (which the ordinary path has just answered without errors), from the
        ``document`` that path parsed if given."""
        key = (query, operation_name)
        if self.budget <= 0 or key in self._compiled:
            return
        compiled = self._prepare(document or parse(query), operation_name)
        self._compiled.put(key, compiled, DOCUMENT_BYTES_PER_CHARACTER * len(query))

    def _prepare(self, document: DocumentNode, operation_name: str | None) -> Compiled | None:
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        operation = next(
            (op for op in operations if operation_name is None or (op.name and op.name.value == operation_name)), None
        )
        if operation is None or operation.operation is not OperationType.QUERY:
            return None
        finder = _DirectiveVariables()
        try:
            visit(document, finder)
        except _Unsupported:
            return None
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        return Compiled(document, operation, fragments, tuple(finder.names))

    def run(self, query: str, operation_name: str | None, variables: dict[str, Any] | None, context: Any) -> Any:
        """The ``data`` of the answer from the query's plan, or None (no plan, or it could not answer)."""
        key = (query, operation_name)
        compiled = self._compiled.get(key)
        if compiled is None:
            return None
        graphql_schema = adapter.core_schema(self.schema)
        build = functools.partial(adapter.executor, self.schema, compiled.document, context, variables, operation_name)
        operation = compiled.operation
        executor: Any = None
        plan_key: tuple[Any, ...] = ()  # without variables, no @skip/@include refers to any
        if operation.variable_definitions:
            executor = build()
            if isinstance(executor, list):  # variables that cannot be coerced: the ordinary path says why
                return None
            bounds = getattr(context, "bounds", None)
            if query_cost(graphql_schema, operation, compiled.fragments, variables, bounds) > self.max_cost:
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
                plan = compiled.plans[plan_key] = _Codegen(
                    graphql_schema, executor.fragments, operation, executor.variable_values, self.schema
                ).root_function()
            except _Unsupported:
                self._compiled.put(key, None, DOCUMENT_BYTES_PER_CHARACTER * len(query))
                return None
        self.runs += 1
        try:
            return plan(None, _Run(executor, context, build))
        except Exception:
            self.aborts += 1
            self._compiled.pop(key)  # learnt again after the next answer without errors
            return None
