"""The query compiler answers exactly as graphql-core does, or not at all.

A corpus of queries — the README's and GraphiQL's examples, every query written in the
GraphQL tests, the benchmark's, and selection sets that hypothesis draws over the schema —
runs through graphql-core's own execution path and through the compiled plan; where
graphql-core answers without errors the plan's ``data`` must be equal (same keys, order and
nulls), and where graphql-core reports errors the plan must decline (so the ordinary path
answers, with its errors). The plan declines the shapes outside its core (directives, fields
of interface or union types, introspection, selections nested past Python's limits), and
only those: over HTTP each declined shape gets graphql-core's answer. A repeated query is
answered by its plan, and the limits still refuse a costly one before any resolver runs.
"""

from __future__ import annotations

import ast
import enum
import inspect
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import strawberry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graphql import (
    DirectiveNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    parse,
    visit,
)
from nrgraph import KnowledgeGraph, Settings, open_graph
from nrgraph.catalogue.resources import Catalogue
from nrgraph.graphql.context import Context
from nrgraph.graphql.examples import examples
from nrgraph.graphql.fast import adapter
from nrgraph.graphql.fast.adapter import named_enum
from nrgraph.graphql.fast.compiler import QueryCompiler
from nrgraph.graphql.loaders import Records
from nrgraph.graphql.schema import Schema, build_schema
from nrgraph.graphql.types.kinds import ChannelKind
from nrgraph.graphql.types.node import Node
from nrgraph.web.app import create_app

from ..conftest import FIXTURES, ONTOLOGY, ROOT
from .conftest import channel_fixture

SETTINGS = Settings()
REFERENCE = build_schema(SETTINGS)
REFERENCE.execution_context_class = StrawberryGraphQLCoreExecutionContext  # graphql-core's own path
COMPILED = build_schema(SETTINGS)


def _queries_in_tests() -> list[str]:
    """Every string in the GraphQL tests that parses as a document with a query operation."""
    found: list[str] = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "{" in node.value:
                text = node.value
                try:
                    document = parse(text)
                except GraphQLError:
                    continue
                if any(
                    isinstance(d, OperationDefinitionNode) and d.operation is OperationType.QUERY
                    for d in document.definitions
                ):
                    found.append(text)
    return list(dict.fromkeys(found))


def _bench_queries() -> list[str]:
    source = (ROOT / "bench" / "graphql.py").read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(r'^[A-Z]+ = """(.*?)"""', source, re.DOTALL | re.MULTILINE)]


DOCS = [
    block
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for block in re.findall(r"```graphql\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
]
CORPUS = list(dict.fromkeys([*DOCS, *(e.query for e in examples()), *_bench_queries(), *_queries_in_tests()]))


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, KnowledgeGraph]]:
    folder = tmp_path_factory.mktemp("compiler")
    built = {
        "curated": open_graph([ONTOLOGY, ROOT / "data"]),
        "fixture": open_graph([ONTOLOGY, FIXTURES / "valid.ttl"]),
        "channels": open_graph([ONTOLOGY, channel_fixture(folder, 12)]),
    }
    yield built
    for graph in built.values():
        graph.store.close()


def _compare(
    kg: KnowledgeGraph, query: str, variables: dict[str, Any] | None = None, compiler: QueryCompiler | None = None
) -> Any:
    """Run ``query`` both ways; assert the plan agrees; return the plan's data (None if it declined)."""
    expected = REFERENCE.execute_sync(query, variable_values=variables, context_value=Context(kg, SETTINGS))
    if expected.errors and expected.data is None:
        return None  # refused before execution: never compiled (the plan is learnt from answers)
    compiler = compiler or QueryCompiler(COMPILED, SETTINGS.graphql_max_cost)
    compiler.learn(query, None)
    data = compiler.run(query, None, variables, Context(kg, SETTINGS))
    if expected.errors:
        assert data is None, (query, expected.errors)
    elif data is not None:
        assert json.dumps(data) == json.dumps(expected.data)  # same keys, same order, same nulls
        assert data == expected.data
    return data


class _Shape(Visitor):
    """What in a document is outside the plans' core (see :mod:`nrgraph.graphql.fast.compiler`)."""

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        self.found.add("directive")

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if "@" in node.value:  # declined as a directive might be (the compiler looks for "@" in the text)
            self.found.add("at sign")

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.name.value in {"__schema", "__type"}:
            self.found.add("introspection")
        elif isinstance(get_named_type(self.type_info.get_type()), GraphQLInterfaceType | GraphQLUnionType):
            self.found.add("abstract")


def _declined_shapes(query: str) -> set[str]:
    """The shapes of ``query`` the plans decline (empty: it must be compiled)."""
    type_info = TypeInfo(COMPILED._schema)
    shape = _Shape(type_info)
    visit(parse(query), TypeInfoVisitor(type_info, shape))
    return shape.found


def test_the_corpus_is_large() -> None:
    assert len(CORPUS) >= 60


@pytest.mark.parametrize("name", ["curated", "fixture", "channels"])
def test_every_query_of_the_corpus_gets_graphql_cores_answer(graphs: dict[str, KnowledgeGraph], name: str) -> None:
    compiled = declined = 0
    for query in CORPUS:
        expected_ok = not REFERENCE.execute_sync(query, context_value=Context(graphs[name], SETTINGS)).errors
        data = _compare(graphs[name], query)
        if expected_ok:
            if data is None:
                declined += 1
                assert _declined_shapes(query), f"the plan declined a query of its core:\n{query}"
            else:
                compiled += 1
    assert compiled >= 20, (compiled, declined)


def test_the_benchmark_query_is_compiled(graphs: dict[str, KnowledgeGraph]) -> None:
    nested = next(q for q in _bench_queries() if "endpoints" in q)
    data = _compare(graphs["channels"], nested)
    assert data is not None
    assert len(data["channels"]["edges"]) == 12


def test_variables_fragments_and_aliases(graphs: dict[str, KnowledgeGraph]) -> None:
    query = """
    query Q($n: Int!) {
      first: channels(first: $n) { edges { node { ...C  alias: label kind } } }
      second: channels(first: 2) { nodes { __typename ... on Channel { slug } sources { title } } }
    }
    fragment C on Channel { id label endpoints { __typename label ... on Actor { slug } } }
    """
    compiler = QueryCompiler(COMPILED, SETTINGS.graphql_max_cost)
    for n in (3, 2, 5):
        data = _compare(graphs["channels"], query, {"n": n}, compiler)
        assert data is not None
        assert len(data["first"]["edges"]) == n
        assert data["first"]["edges"][0]["node"]["alias"] == data["first"]["edges"][0]["node"]["label"]
    assert compiler.runs == 3


_DECLINED = {
    "directive": (
        "query Q($skip: Boolean!) { channels(first: 3) { nodes { slug kind @skip(if: $skip) "
        "sources @include(if: true) { title } } } }",
        {"skip": True},
    ),
    "at sign": ('{ channels(first: 3, filter: { label: { _lt: "z@" } }) { nodes { slug label } } }', None),
    "abstract": ('{ resource(ref: "SLUG") { __typename id ... on Channel { kind endpoints { label } } } }', None),
    "introspection": ("{ __type(name: \"Channel\") { name } channels(first: 1) { nodes { slug } } }", None),
}


@pytest.mark.parametrize("shape", sorted(_DECLINED))
def test_a_shape_outside_the_core_is_declined_and_answered_by_graphql_core(
    graphs: dict[str, KnowledgeGraph], shape: str
) -> None:
    kg = graphs["curated"]
    slug = COMPILED.execute_sync("{ channels(first: 1) { nodes { slug } } }", context_value=Context(kg, SETTINGS))
    query, variables = _DECLINED[shape]
    query = query.replace("SLUG", slug.data["channels"]["nodes"][0]["slug"])  # type: ignore[index]
    assert _declined_shapes(query) == {shape}
    expected = REFERENCE.execute_sync(query, variable_values=variables, context_value=Context(kg, SETTINGS))
    assert not expected.errors
    assert _compare(kg, query, variables) is None
    with TestClient(create_app(Settings(graphql_response_cache=False), kg=kg)) as client:
        app = _graphql_app(client)
        bodies = [client.post("/graphql", json={"query": query, "variables": variables}).content for _ in range(2)]
        assert bodies[0] == bodies[1] == json.dumps({"data": expected.data}, separators=(",", ":")).encode()
        assert app.compiler.runs == 0


@strawberry.type
class Tree:
    name: str

    @strawberry.field
    def children(self) -> list[Tree]:
        return [Tree(name=self.name + "/c")]


@strawberry.type
class TreeQuery:
    @strawberry.field
    def tree(self) -> Tree:
        return Tree(name="root")


def test_a_selection_nested_past_pythons_limits_is_declined_and_answered_by_graphql_core() -> None:
    schema = strawberry.Schema(query=TreeQuery)
    compiler = QueryCompiler(schema, SETTINGS.graphql_max_cost)
    shallow = "{ tree { name children { name children { name } } } }"
    deep = "{ tree { " + "children { " * 30 + "name" + " }" * 30 + " } }"  # 30 nested loops; Python allows 20
    for query, compiled in ((shallow, True), (deep, False)):
        compiler.learn(query, None)
        data = compiler.run(query, None, None, None)
        assert (data is not None) is compiled
        assert data is None or data == schema.execute_sync(query).data
    assert compiler.runs == 1
    assert compiler.aborts == 0
    assert schema.execute_sync(deep).errors is None  # the ordinary path answers it


def test_a_query_with_errors_is_declined(graphs: dict[str, KnowledgeGraph]) -> None:
    query = '{ resource(ref: "no-such-thing") { id } node(id: "bad") { id } }'
    assert REFERENCE.execute_sync(query, context_value=Context(graphs["fixture"], SETTINGS)).errors
    assert _compare(graphs["fixture"], query) is None


# -- hypothesis: selection sets drawn over the schema ---------------------------------------------

GRAPHQL_SCHEMA = COMPILED._schema
ROOTS = ("channels", "actors", "agreements", "events")


def _usable(field: Any) -> bool:
    return not any(
        isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in field.args.values()
    ) and not (field.args and any(name in {"from", "to", "date", "period"} for name in field.args))


@st.composite
def _selection(draw: st.DrawFn, type_name: str, depth: int) -> str:
    named = GRAPHQL_SCHEMA.get_type(type_name)
    if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
        possible = GRAPHQL_SCHEMA.get_possible_types(named)
        chosen = draw(st.lists(st.sampled_from([t.name for t in possible]), min_size=1, max_size=2, unique=True))
        return "__typename " + " ".join(f"... on {t} {{ {draw(_selection(t, depth))} }}" for t in chosen)
    assert isinstance(named, GraphQLObjectType)
    names = sorted(n for n, f in named.fields.items() if _usable(f))
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    parts: list[str] = []
    for name in chosen:
        field_type = get_named_type(named.fields[name].type)
        alias = draw(st.sampled_from(["", f"{name}Alias: "]))
        directive = draw(st.sampled_from(["", "", "", "", " @skip(if: $flag)", " @include(if: $flag)"]))
        if isinstance(field_type, GraphQLScalarType | GraphQLEnumType):
            parts.append(f"{alias}{name}{directive}")
        elif depth > 0:
            parts.append(f"{alias}{name}{directive} {{ {draw(_selection(field_type.name, depth - 1))} }}")
    if not parts or draw(st.booleans()):
        parts.append("__typename")
    body = " ".join(parts)
    if draw(st.booleans()):
        body = f"... on {type_name} {{ {body} }}"
    return body


@st.composite
def _query(draw: st.DrawFn) -> str:
    root = draw(st.sampled_from(ROOTS))
    first = draw(st.integers(min_value=0, max_value=6))
    node_type = get_named_type(GRAPHQL_SCHEMA.query_type.fields[root].type)  # type: ignore[union-attr]
    assert isinstance(node_type, GraphQLObjectType)
    item = get_named_type(get_named_type(node_type.fields["nodes"].type))
    selection = draw(_selection(item.name, 2))
    page = f"{root}(first: {first}) {{ totalCount nodes {{ {selection} }} }}"
    return f"query Drawn($flag: Boolean!) {{ __typename {page} }}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_query(), flag=st.booleans())
def test_drawn_selection_sets_get_graphql_cores_answer(
    graphs: dict[str, KnowledgeGraph], query: str, flag: bool
) -> None:
    expected = REFERENCE.execute_sync(
        query, variable_values={"flag": flag}, context_value=Context(graphs["curated"], SETTINGS)
    )
    data = _compare(graphs["curated"], query, {"flag": flag})
    if not expected.errors and not _declined_shapes(query):
        assert data is not None, query


# -- over HTTP ------------------------------------------------------------------------------------


def _graphql_app(client: TestClient) -> Any:
    return next(r.app for r in client.app.routes if getattr(r, "path", "") == "/graphql")  # type: ignore[attr-defined]


def test_a_repeated_query_is_answered_by_its_plan_with_the_same_body(graphs: dict[str, KnowledgeGraph]) -> None:
    query = "query Q($n: Int!) { channels(first: $n) { edges { cursor node { id label endpoints { label } } } } }"
    with TestClient(create_app(Settings(graphql_response_cache=False), kg=graphs["channels"])) as client:
        app = _graphql_app(client)
        bodies = [client.post("/graphql", json={"query": query, "variables": {"n": 4}}).content for _ in range(3)]
        assert app.compiler.runs == 2
        assert app.compiler.aborts == 0
        assert bodies[0] == bodies[1] == bodies[2]
        costly = client.post("/graphql", json={"query": query, "variables": {"n": 100_000}},
                             headers={"accept": "application/graphql-response+json"})
        assert costly.status_code == 400
        assert costly.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
        assert app.compiler.runs == 2  # refused before the plan (or any resolver) ran


def test_a_query_answered_with_errors_is_not_compiled(graphs: dict[str, KnowledgeGraph]) -> None:
    query = '{ node(id: "not-a-global-id") { id } }'
    with TestClient(create_app(Settings(graphql_response_cache=False), kg=graphs["fixture"])) as client:
        app = _graphql_app(client)
        first, second = (client.post("/graphql", json={"query": query}).json() for _ in range(2))
        assert first == second
        assert first["errors"]
        assert app.compiler.runs == 0


def test_the_schema_used_is_the_apps(graphs: dict[str, KnowledgeGraph]) -> None:
    with TestClient(create_app(Settings(), kg=graphs["fixture"])) as client:
        assert isinstance(_graphql_app(client).compiler.schema, Schema)


def test_nothing_is_compiled_under_an_extension_that_wraps_resolvers() -> None:
    class Wrapping(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            return _next(root, info, *args, **kwargs)

    wrapped = build_schema(SETTINGS)
    wrapped.extensions = [*wrapped.extensions, Wrapping]
    compiler = QueryCompiler(wrapped, SETTINGS.graphql_max_cost)
    compiler.learn("{ __typename }", None)
    assert compiler.budget == 0
    assert compiler.run("{ __typename }", None, None, None) is None
    assert QueryCompiler(COMPILED, SETTINGS.graphql_max_cost).budget > 0


# -- records shared across requests: the kept pages and level answers ------------------------------


@pytest.mark.parametrize("name", ["curated", "fixture", "channels"])
def test_with_records_shared_by_every_query_each_answer_is_graphql_cores(
    graphs: dict[str, KnowledgeGraph], name: str
) -> None:
    """One set of records serves the whole corpus twice (in order, then in reverse), so pages
    and level answers kept by one query are found by the next; every answer, compiled or
    interpreted, must still be the one graphql-core gives on fresh records."""
    kg = graphs[name]
    records = Records(Catalogue(kg.store))
    compiler = QueryCompiler(COMPILED, SETTINGS.graphql_max_cost)
    compared = 0
    for query in [*CORPUS, *reversed(CORPUS)]:
        expected = REFERENCE.execute_sync(query, context_value=Context(kg, SETTINGS))
        if expected.errors:
            continue
        interpreted = COMPILED.execute_sync(query, context_value=Context(kg, SETTINGS, records))
        assert not interpreted.errors, (query, interpreted.errors)
        assert json.dumps(interpreted.data) == json.dumps(expected.data), query
        compiler.learn(query, None)
        data = compiler.run(query, None, None, Context(kg, SETTINGS, records))
        if data is not None:
            compared += 1
            assert json.dumps(data) == json.dumps(expected.data), query
    assert compared >= 40
    assert records.levels  # level answers were kept


def test_a_page_and_its_level_answers_are_kept_with_the_records(graphs: dict[str, KnowledgeGraph]) -> None:
    kg = graphs["channels"]
    query = "{ channels(first: 5) { edges { node { label endpoints { label sources { title } } } } } }"
    records = Records(Catalogue(kg.store))
    first = COMPILED.execute_sync(query, context_value=Context(kg, SETTINGS, records))
    kept = dict(records.levels)
    assert len(kept) >= 3  # the channels' endpoints, the actors' citations and sources
    second_context = Context(kg, SETTINGS, records)
    second = COMPILED.execute_sync(query, context_value=second_context)
    assert second.data == first.data
    assert records.levels == kept  # found, not computed again
    # channels and actors indexed (asked for relations); the sources registered, never asked
    assert len({id(level) for level in second_context.levels.values()}) == 2
    assert len(second_context.pending) == 1


_ARGUMENTS = [
    ("query Q($n: Int!, $f: ChannelFilter) { channels(first: $n, filter: $f) { nodes { label kind } } }", True),
    (
        '{ channels(first: 3, filter: { label: { _gt: "B" } }, orderBy: { by: LABEL, direction: DESC })'
        " { nodes { label status { status } } } }",
        False,
    ),
    ("query Q($d: FuzzyDate) { channels(first: 4, asOf: $d) { nodes { label status(asOf: $d) { status } } } }", True),
]


@pytest.mark.parametrize(("query", "variable"), _ARGUMENTS)
def test_arguments_converted_once_per_request_or_plan_give_graphql_cores_answer(
    graphs: dict[str, KnowledgeGraph], query: str, variable: bool
) -> None:
    """Fields with arguments are called directly with arguments converted once (per request
    from variables, per plan from constants): every run, with changing variables, must still
    give graphql-core's answer."""
    kg = graphs["curated"]
    compiler = QueryCompiler(COMPILED, SETTINGS.graphql_max_cost)
    drawn: list[dict[str, Any] | None] = (
        [
            {"n": 2, "f": None, "d": "2021-10"},
            {"n": 5, "f": {"kind": {"_eq": "HOTLINE"}}, "d": "1990"},
            {"n": 3, "f": {"label": {"_in": ["Moscow–Washington hotline"]}}, "d": None},
        ]
        if variable
        else [None, None, None]
    )
    answered = 0
    for variables in drawn:
        used = None if variables is None else {k: v for k, v in variables.items() if f"${k}" in query}
        expected = REFERENCE.execute_sync(query, variable_values=used, context_value=Context(kg, SETTINGS))
        assert not expected.errors, expected.errors
        compiler.learn(query, None)
        data = compiler.run(query, None, used, Context(kg, SETTINGS))
        assert data is not None
        answered += 1
        assert json.dumps(data) == json.dumps(expected.data)
    assert answered == 3


# -- relations answered a level at a time, enums by their members' names ----------------------------


def _resolver(type_: type, name: str) -> Any:
    definition = type_.__strawberry_definition__  # type: ignore[attr-defined]
    return next(f for f in definition.fields if f.python_name == name).base_resolver.wrapped_func


@pytest.mark.parametrize("selection", ["endpoints { slug }", "sources { title } citations { locator }"])
def test_a_relation_answered_by_level_is_read_from_its_level_once_per_list(
    graphs: dict[str, KnowledgeGraph], monkeypatch: pytest.MonkeyPatch, selection: str
) -> None:
    from nrgraph.graphql.types.channel import Channel

    calls: list[str] = []
    for name in ("endpoints", "sources", "citations"):
        resolver = _resolver(Channel, name)
        answers = resolver.by_level

        def counted(obj: Any, info: Any, answers: Any = answers, name: str = name) -> Any:
            calls.append(name)
            return answers(obj, info)

        monkeypatch.setattr(resolver, "by_level", counted)
    query = f"{{ channels(first: 12) {{ nodes {{ slug {selection} }} }} }}"
    data = _compare(graphs["channels"], query)
    assert data is not None
    assert len(data["channels"]["nodes"]) == 12
    selected = sorted(name for name in ("endpoints", "sources", "citations") if name in selection)
    assert all(node[name] for node in data["channels"]["nodes"] for name in selected)
    # one call per relation for the 12 channels (graphql-core's path called the resolvers 12 times each)
    assert sorted(calls) == selected


def test_objects_of_several_levels_get_their_own_levels_answers(graphs: dict[str, KnowledgeGraph]) -> None:
    # the same channels appear at two levels, and the inner lists interleave with the outer one
    query = """{ channels(first: 5) { nodes { slug endpoints { slug channels { slug endpoints { slug }
                 sources { title } } } sources { title } } } }"""
    for name in ("fixture", "curated"):
        data = _compare(graphs[name], query)
        assert data is not None
        inner = [c for n in data["channels"]["nodes"] for a in n["endpoints"] for c in a["channels"]]
        assert inner
        assert all(c["endpoints"] for c in inner)


@strawberry.enum
class Renamed(enum.Enum):
    PLAIN = "plain"
    OLD = strawberry.enum_value("old", name="NEW")


@strawberry.type
class Item:
    kind: Renamed
    other: ChannelKind


@strawberry.type
class ItemQuery:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(kind=Renamed.OLD, other=ChannelKind.HOTLINE), Item(kind=Renamed.PLAIN, other=ChannelKind.FORUM)]


def test_an_enum_is_completed_by_its_members_names_unless_the_schema_renames_them() -> None:
    schema = strawberry.Schema(query=ItemQuery)
    graphql_schema = schema._schema
    assert named_enum(cast("GraphQLEnumType", graphql_schema.get_type("Renamed"))) is None
    assert named_enum(cast("GraphQLEnumType", graphql_schema.get_type("ChannelKind"))) is ChannelKind
    compiler = QueryCompiler(schema, SETTINGS.graphql_max_cost)
    query = "{ items { kind other } }"
    compiler.learn(query, None)
    for _ in range(2):  # the second run finds the members already seen
        data = compiler.run(query, None, None, None)
        assert data == schema.execute_sync(query).data
        assert data == {"items": [{"kind": "NEW", "other": "HOTLINE"}, {"kind": "PLAIN", "other": "FORUM"}]}


@strawberry.type
class Named(Node):
    name: str
    note: str | None = None


@strawberry.type
class Unchecked(Node):
    name: strawberry.Private[str]  # no field of this type, so not checked when made


@strawberry.type
class NamedQuery:
    @strawberry.field
    def named(self) -> list[Named]:
        return [Named(id=strawberry.ID("1"), name="first"), Named(id=strawberry.ID("2"), name="second", note="n")]

    @strawberry.field
    def disguised(self) -> Named:
        # an object its type's is_type_of accepts (a Node), whose name was not checked when made
        return Unchecked(id=strawberry.ID("3"), name="private")  # type: ignore[return-value]


def test_a_node_checks_its_string_fields_when_it_is_made() -> None:
    assert Named.checked_strings() == {"id", "name", "note"}
    assert Unchecked.checked_strings() == {"id"}
    with pytest.raises(TypeError, match=r"Named\.name must be a string, not 5"):
        Named(id=strawberry.ID("1"), name=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Named\.note must be a string or None"):
        Named(id=strawberry.ID("1"), name="x", note=b"bytes")  # type: ignore[arg-type]
    from nrgraph.graphql.types.source import Source

    assert {"id", "iri", "slug", "title"} <= Source.checked_strings()


def test_checked_strings_are_given_out_as_they_are_and_an_unchecked_object_is_declined() -> None:
    schema = strawberry.Schema(query=NamedQuery, types=[Unchecked])
    compiler = QueryCompiler(schema, SETTINGS.graphql_max_cost)
    query = "{ named { id name note } }"
    compiler.learn(query, None)
    data = compiler.run(query, None, None, None)
    assert data == schema.execute_sync(query).data
    assert data == {"named": [{"id": "1", "name": "first", "note": None}, {"id": "2", "name": "second", "note": "n"}]}
    disguised = "{ disguised { id name } }"
    expected = schema.execute_sync(disguised)
    assert expected.data == {"disguised": {"id": "3", "name": "private"}}
    compiler.learn(disguised, None)
    assert compiler.run(disguised, None, None, None) is None  # the ordinary path answers it
    assert compiler.aborts == 1


def test_every_resolver_marked_direct_takes_self_info_and_its_arguments() -> None:
    # the plans call a marked resolver with exactly these (a mismatch would abort every run)
    marked = 0
    for graphql_type in GRAPHQL_SCHEMA.type_map.values():
        fields = graphql_type.fields if isinstance(graphql_type, GraphQLObjectType) else {}
        for field in fields.values():
            function = adapter.resolver(field)
            if function is None or not getattr(function, "direct", False):
                continue
            marked += 1
            parameters = list(inspect.signature(function).parameters)
            names = sorted(argument.python_name for argument in adapter.definition(field).arguments)
            assert parameters == ["self"] or (parameters[:2] == ["self", "info"] and sorted(parameters[2:]) == names)
    assert marked >= 50
