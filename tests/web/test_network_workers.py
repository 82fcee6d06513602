"""The GraphQL network analyses are answered by worker processes, off the server's interpreter."""

from __future__ import annotations

import asyncio
import os
import time

import networkx as nx
import pytest
from starlette.testclient import TestClient

from nrgraph import KnowledgeGraph, Settings
from nrgraph.network.analysis import centrality
from nrgraph.network.questions import ask
from nrgraph.web.app import create_app
from nrgraph.web.network_workers import NetworkWorkers

pytestmark = pytest.mark.embedded_store

CENTRALITY = '{ centrality(asOf: "2015", first: 100) { actor { iri } degree betweenness asOfDay certainty } }'


def _workers(client: TestClient) -> list[int]:
    pool = client.app.state.graphql.network._pool  # type: ignore[attr-defined]
    return [] if pool is None else pool.pids


def test_an_analysis_is_answered_in_a_worker_process_as_in_python(network_kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(), kg=network_kg)) as client:
        body = client.post("/graphql", json={"query": CENTRALITY}).json()
        workers = _workers(client)
    assert workers
    assert os.getpid() not in workers
    expected = ask(network_kg, "2015", centrality, top=100)
    assert [(row["actor"]["iri"], row["degree"], row["betweenness"]) for row in body["data"]["centrality"]] == [
        (c.actor, c.degree, c.betweenness) for c in expected.value
    ]
    assert {row["asOfDay"] for row in body["data"]["centrality"]} <= {expected.as_of_day}


def test_without_workers_the_server_threads_answer_the_same(network_kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(), kg=network_kg)) as client:
        pooled = client.post("/graphql", json={"query": CENTRALITY}).json()
    with TestClient(create_app(Settings(graphql_network_workers=0), kg=network_kg)) as client:
        threaded = client.post("/graphql", json={"query": CENTRALITY}).json()
        assert _workers(client) == []
    assert pooled == threaded


def test_an_analysis_past_its_time_limit_is_stopped_with_a_clear_error(network_kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(graphql_network_timeout=0.000001), kg=network_kg)) as client:
        body = client.post("/graphql", json={"query": CENTRALITY}).json()
        health = client.get("/healthz")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] in {"QUERY_TIMEOUT", "TOO_MANY_REQUESTS"}
    assert "graphql_network_timeout" in body["errors"][0]["message"] or "time limit" in body["errors"][0]["message"]
    assert health.status_code == 200


def test_the_workers_answer_the_new_data_after_it_changed(network_kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(), kg=network_kg)) as client:
        client.post("/graphql", json={"query": CENTRALITY})
        network = client.app.state.graphql.network  # type: ignore[attr-defined]
        before = _workers(client)
        network._version = "an older data version"  # as after an edit: the next analysis forks anew
        again = client.post("/graphql", json={"query": CENTRALITY.replace("2015", "2014")}).json()
        after = _workers(client)
    assert "errors" not in again
    assert after
    assert not set(before) & set(after)


def _not_here(*_: object, **__: object) -> None:
    raise AssertionError("a network analysis was answered in the server process")


def test_an_analysis_asked_again_is_answered_by_a_worker_again(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Waiting for a worker counts as the request's time, so a repeat is never 'quick' (on the event loop)."""
    query = '{ path(from: "nato", to: "russia", asOf: "2012") { length actors { slug } } }'
    with TestClient(create_app(Settings(graphql_response_cache=False), kg=kg)) as client:
        monkeypatch.setattr("nrgraph.web.network_workers.ask", _not_here)  # the workers were forked before
        answers = [client.post("/graphql", json={"query": query}).json() for _ in range(3)]
    assert "errors" not in answers[0]
    assert answers[1] == answers[2] == answers[0]


def _slowly(G: nx.MultiDiGraph, seconds: float) -> int:
    """A network question that takes ``seconds`` (answered in a worker: named here, sent by reference)."""
    time.sleep(seconds)
    return len(G)


def test_an_analysis_in_flight_when_the_data_changes_gets_its_answer(network_kg: KnowledgeGraph) -> None:
    """New workers answer the new data; the one answering finishes first, then stops."""

    async def scenario() -> tuple[int, int, list[int], list[int]]:
        network = NetworkWorkers(Settings())
        network.start(network_kg)
        old = network._pool
        assert old is not None
        try:
            flight = asyncio.create_task(network._run(network_kg, ("2015", _slowly, (0.5,), {})))
            await asyncio.sleep(0.1)  # the slow question is with the only worker
            network._version = "an older data version"  # as after an edit: the next analysis forks anew
            later = await network._run(network_kg, ("2014", _slowly, (0.0,), {}))
            answer = await flight
            assert network._pool is not None
            return answer.value, later.value, old.pids, network._pool.pids
        finally:
            network.close()

    answered, later, old_workers, new_workers = asyncio.run(scenario())
    assert answered == ask(network_kg, "2015", _slowly, 0.0).value
    assert later == ask(network_kg, "2014", _slowly, 0.0).value
    assert old_workers == []  # stopped once it had answered
    assert new_workers
