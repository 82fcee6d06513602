"""Queries over the limits are refused before any resolver runs (no store query is sent)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from graphql import OperationDefinitionNode, parse
from nrgraph import KnowledgeGraph, Settings
from nrgraph.graphql.limits import query_cost
from nrgraph.graphql.schema import schema
from nrgraph.web.app import create_app

GQL = "application/graphql-response+json"
DEEP = '{ resource(ref: "nato") { ... on Actor { ' + "memberOf { " * 10 + "label" + " }" * 10 + " } } }"
ALIASES = "{ " + " ".join(f"a{n}: stats {{ sources }}" for n in range(20)) + " }"
TOKENS = "{ " + " ".join("stats { sources }" for _ in range(800)) + " }"
COSTLY = "{ " + " ".join(
    f"c{n}: channels(first: 100) {{ nodes {{ endpoints {{ channels {{ endpoints {{ channels {{ label }} }} }} }} }} }}"
    for n in range(4)
) + " }"  # 4 x 1,300 on the fixture data, whose lists are short (two endpoints, one channel per actor)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (DEEP, "QUERY_TOO_DEEP"),
        (ALIASES, "TOO_MANY_ALIASES"),
        (TOKENS, "TOO_MANY_TOKENS"),
        (COSTLY, "QUERY_TOO_COSTLY"),
    ],
)
def test_a_query_over_a_limit_never_reaches_a_resolver(fixture_kg: KnowledgeGraph, query: str, code: str) -> None:
    with TestClient(create_app(Settings(), kg=fixture_kg)) as client:
        client.post("/graphql", json={"query": "{ stats { sources } }"})  # the list bounds are read once
        before = fixture_kg.store.query_count
        response = client.post("/graphql", json={"query": query}, headers={"accept": GQL})
        assert fixture_kg.store.query_count == before
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == code


def test_the_cost_uses_variables(fixture_kg: KnowledgeGraph) -> None:
    query = "query($n: Int!) { channels(first: $n) { nodes { endpoints { channels { endpoints { label } } } } } }"
    with TestClient(create_app(Settings(graphql_max_cost=500), kg=fixture_kg)) as client:
        small = client.post("/graphql", json={"query": query, "variables": {"n": 2}})
        big = client.post("/graphql", json={"query": query, "variables": {"n": 100}})
    assert "errors" not in small.json()
    assert big.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert big.json()["errors"][0]["extensions"]["cost"] > 500


def _cost(query: str, variables: dict[str, object] | None = None) -> int:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions if not isinstance(d, OperationDefinitionNode)}
    return query_cost(schema._schema, operation, fragments, variables)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        ("{ stats { sources } }", 0),
        ("{ channels(first: 10) { nodes { label } } }", 10),
        ("{ channels(first: 10) { edges { node { label } } totalCount } }", 10),
        ("{ channels(first: 10) { nodes { endpoints { label } } } }", 10 + 10 * 5),
        ("{ channels { nodes { sources { title } } } }", 20 + 20 * 5),
        ("{ channels(first: 2) { nodes { ...F } } } fragment F on Channel { endpoints { channels { label } } }",
         2 + 2 * 5 + 2 * 5 * 5),
    ],
)
def test_cost_estimates_nodes_like_github(query: str, cost: int) -> None:
    assert _cost(query) == cost


def test_an_answer_over_the_response_cap_is_refused_with_its_size(fixture_kg: KnowledgeGraph) -> None:
    query = "{ channels(first: 50) { nodes { label endpoints { label } } } }"
    with TestClient(create_app(Settings(graphql_max_response_bytes=100), kg=fixture_kg)) as client:
        for _ in range(2):  # the ordinary path, then the compiled plan
            response = client.post("/graphql", json={"query": query}, headers={"accept": GQL})
            assert response.status_code == 400
            error = response.json()["errors"][0]
            assert error["extensions"]["code"] == "RESPONSE_TOO_LARGE"
            assert error["extensions"]["size"] > error["extensions"]["maxSize"] == 100
        small = client.post("/graphql", json={"query": "{ stats { sources } }"})
    assert "errors" not in small.json()


def _fan_out(levels: int, leaf: str) -> str:
    fragments = " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels))
    return f"query {{ ...F0 }} {fragments} fragment F{levels} on Query {{ {leaf} }}"


def test_a_fragment_spread_counts_each_time_it_is_spread_measured_once_per_fragment() -> None:
    result = schema.execute_sync(_fan_out(30, "a: stats { sources }"))
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "TOO_MANY_ALIASES", "aliases": 2**30, "maxAliases": 15}
    assert _cost(_fan_out(30, "channels(first: 3) { nodes { label } }")) == 3 * 2**30
    deep = schema.execute_sync(_fan_out(20, "actors { nodes { memberOf { memberOf { label } } } }"))
    assert deep.errors is not None  # five levels deep however often spread, but costed at every spread
    assert [e.extensions["code"] for e in deep.errors if e.extensions] == ["QUERY_TOO_COSTLY"]


def test_a_long_chain_of_fragments_gets_a_clear_refusal_not_a_recursion_error(fixture_kg: KnowledgeGraph) -> None:
    chain = " ".join(f"fragment F{n} on Query {{ ...F{n + 1} }}" for n in range(1500))
    query = f"query {{ ...F0 }} {chain} fragment F1500 on Query {{ __typename }}"
    settings = Settings(graphql_max_tokens=100_000, graphql_max_body=1_000_000)
    with TestClient(create_app(settings, kg=fixture_kg)) as client:
        response = client.post("/graphql", json={"query": query}, headers={"accept": GQL})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "200 levels deep" in error["message"]
