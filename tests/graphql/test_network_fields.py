"""The analysis functions reachable from GraphQL: centrality and components at a date."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from nrgraph import KnowledgeGraph
from nrgraph.network.analysis import betweenness_centrality, connected_components, degree_centrality
from nrgraph.network.projection import to_networkx
from nrgraph.web.app import create_app


def _post(kg: KnowledgeGraph, query: str) -> dict[str, Any]:
    with TestClient(create_app(kg=kg)) as client:
        response = client.post("/graphql", json={"query": query})
    body: dict[str, Any] = response.json()
    return body


def test_centrality_agrees_with_the_analysis_functions(kg: KnowledgeGraph) -> None:
    body = _post(kg, '{ centrality(asOf: "2021-12", first: 100) { degree betweenness actor { iri } } }')
    graph = to_networkx(kg, as_of="2021-12")
    degree, betweenness = degree_centrality(graph), betweenness_centrality(graph)
    rows = body["data"]["centrality"]
    assert len(rows) == min(100, len(degree))
    for row in rows:
        iri = row["actor"]["iri"]
        assert row["degree"] == degree[iri]
        assert row["betweenness"] == betweenness[iri]
    ranks = [(-r["degree"], -r["betweenness"]) for r in rows]  # the one ranking: degree, then betweenness
    assert ranks == sorted(ranks)


def test_components_agree_with_the_analysis_functions(kg: KnowledgeGraph) -> None:
    body = _post(kg, '{ components(asOf: "2021-12") { size actors { iri } } }')
    expected = connected_components(to_networkx(kg, as_of="2021-12"))
    assert [[a["iri"] for a in c["actors"]] for c in body["data"]["components"]] == expected
    assert [c["size"] for c in body["data"]["components"]] == [len(c) for c in expected]


def test_centrality_refuses_a_page_over_100(fixture_kg: KnowledgeGraph) -> None:
    body = _post(fixture_kg, '{ centrality(asOf: "2021-12", first: 101) { degree } }')
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first must be from 0 to 100" in error["message"]
