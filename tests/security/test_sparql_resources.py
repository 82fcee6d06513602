"""No SPARQL request crashes a worker, exhausts memory, or starves the other clients; each gets a clear 4xx.

Each test sends the attack to a real server (tests/live_server.py) and checks the answer is
the JSON envelope with its code, then that an ordinary query is still answered.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import httpx2
import pytest

from nrgraph import KnowledgeGraph, Settings

from ..live_server import live_server

pytestmark = pytest.mark.sparql_endpoint

ORDINARY = "ASK { ?s a nrg:State }"
CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def endpoint(fixture_kg: KnowledgeGraph) -> Iterator[str]:
    with live_server(fixture_kg, Settings(sparql_timeout=60, sparql_workers=2)) as base:
        yield f"{base}/sparql"


def while_running(
    endpoint: str, runaway: Future[httpx2.Response], client: httpx2.Client | None = None
) -> httpx2.Response:
    """The first answer to an ordinary query that is not a 200, asked again while ``runaway`` runs."""
    while True:
        response = (client or httpx2).get(endpoint, params={"query": ORDINARY}, timeout=30)
        if response.status_code != 200 or runaway.done():
            return response
        time.sleep(0.05)


def assert_still_answers(endpoint: str) -> None:
    response = httpx2.get(endpoint, params={"query": ORDINARY}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True


NESTINGS = {
    "3000-nested-groups": "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "5000-nested-parentheses": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "1000-nested-exists": "SELECT * WHERE { FILTER(" + "EXISTS { FILTER(" * 1000 + "true" + ") }" * 1000 + ") }",
    "2000-nested-blank-node-brackets": "SELECT * WHERE { ?s ?p " + "[ ?p " * 2000 + "1" + " ]" * 2000 + " }",
    "2000-nested-collections": "SELECT * WHERE { ?s ?p " + "( " * 2000 + "1" + " )" * 2000 + " }",
    "nesting-hidden-in-what-reads-as-an-iri": "SELECT * WHERE { FILTER(?a<" + "(((((')))))'=" * 1000 + "1>) }",
}


@pytest.mark.parametrize("attack", list(NESTINGS), ids=list(NESTINGS))
def test_deep_nesting_is_refused_before_evaluation_and_crashes_no_worker(endpoint: str, attack: str) -> None:
    for transport in ("GET", "POST"):
        if transport == "GET":
            response = httpx2.post(endpoint, data={"query": NESTINGS[attack]}, timeout=30)
        else:
            response = httpx2.post(
                endpoint, content=NESTINGS[attack], headers={"content-type": "application/sparql-query"}, timeout=30
            )
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["code"] == "QUERY_TOO_DEEP"
        assert "may nest at most 64 deep (setting sparql_max_depth)" in error["message"]
    assert_still_answers(endpoint)


def test_the_depth_limit_is_a_setting(fixture_kg: KnowledgeGraph) -> None:
    query = "SELECT * WHERE { FILTER(" + "(" * 100 + "true" + ")" * 100 + ") }"
    with live_server(fixture_kg, Settings(sparql_timeout=60, sparql_max_depth=128)) as base:
        response = httpx2.get(f"{base}/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("attack", "query"),
    [
        ("escape-above-unicode", "SELECT * WHERE {\n  BIND('\\U0011FFFF' AS ?x) }"),
        ("escaped-lone-surrogate", "SELECT * WHERE {\n  BIND('\\uD800' AS ?x) }"),
    ],
)
def test_an_escape_of_no_character_is_a_syntax_error_in_the_envelope(endpoint: str, attack: str, query: str) -> None:
    response = httpx2.get(endpoint, params={"query": query}, timeout=30)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert (error["code"], error["line"], error["column"]) == ("QUERY_SYNTAX_ERROR", 2, 9)
    assert "names no Unicode character" in error["message"]


@pytest.mark.embedded_store
@pytest.mark.parametrize("production", [False, True], ids=["debug", "production"])
def test_an_order_by_over_a_cross_product_is_stopped_at_the_memory_cap(
    fixture_kg: KnowledgeGraph, production: bool
) -> None:
    settings = Settings(sparql_timeout=60, sparql_workers=1, sparql_worker_memory_mb=200, production=production)
    with live_server(fixture_kg, settings) as base:
        started = time.monotonic()
        response = httpx2.get(f"{base}/sparql", params={"query": CROSS_PRODUCT}, timeout=90)
        elapsed = time.monotonic() - started
        assert_still_answers(f"{base}/sparql")
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "QUERY_MEMORY_LIMIT"
    assert "more than the 200 MB of memory a query may take (setting sparql_worker_memory_mb)" in error["message"]
    assert elapsed < 60  # stopped by the cap, not by the time limit


@pytest.mark.embedded_store
def test_busy_workers_answer_429_with_retry_after_instead_of_a_long_wait(fixture_kg: KnowledgeGraph) -> None:
    settings = Settings(sparql_timeout=4, sparql_workers=1, sparql_queue_wait=0.5, sparql_client_queries=0)
    with live_server(fixture_kg, settings) as base, ThreadPoolExecutor(max_workers=1) as pool:
        endpoint = f"{base}/sparql"
        runaway = pool.submit(httpx2.get, endpoint, params={"query": RUNAWAY}, timeout=30)
        refused = while_running(endpoint, runaway)  # the runaway holds the only worker
        started = time.monotonic()
        refused = httpx2.get(endpoint, params={"query": ORDINARY}, timeout=30)
        waited = time.monotonic() - started
        health = httpx2.get(f"{base}/healthz", timeout=5)
        assert runaway.result().status_code == 503
        assert_still_answers(endpoint)
    assert refused.status_code == 429, refused.text
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["error"]["code"] == "TOO_MANY_REQUESTS"
    assert "(setting sparql_queue_wait)" in refused.json()["error"]["message"]
    assert waited < 3
    assert health.status_code == 200


@pytest.mark.embedded_store  # the other client tells the runaway is running by the embedded store's queue
def test_one_client_past_its_share_of_queries_gets_429_while_another_is_answered(fixture_kg: KnowledgeGraph) -> None:
    settings = Settings(sparql_timeout=3, sparql_workers=1, sparql_queue_wait=0.2, sparql_client_queries=1)
    other = httpx2.Client(transport=httpx2.HTTPTransport(local_address="127.0.0.2"), timeout=30)
    with live_server(fixture_kg, settings) as base, ThreadPoolExecutor(max_workers=1) as pool, other:
        endpoint = f"{base}/sparql"
        runaway = pool.submit(httpx2.get, endpoint, params={"query": RUNAWAY}, timeout=30)
        busy = while_running(endpoint, runaway, other)  # another client sees the only worker busy
        refused = httpx2.get(endpoint, params={"query": ORDINARY}, timeout=30)  # the runaway's client, again
        assert runaway.result().status_code == 503
        assert_still_answers(endpoint)  # its share is free again
    assert busy.status_code == 429
    assert "(setting sparql_queue_wait)" in busy.json()["error"]["message"]
    assert refused.status_code == 429, refused.text
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["error"]["code"] == "TOO_MANY_REQUESTS"
    assert "(setting sparql_client_queries)" in refused.json()["error"]["message"]
