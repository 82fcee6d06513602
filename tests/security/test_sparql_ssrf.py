"""No SPARQL request makes the server reach out (server-side request forgery).

A loopback listener records every connection, and each test fails if one arrives. The
requests are those an attacker tries: ``SERVICE`` hidden from a lexer behind a comparison
and a comment (``FILTER(1<2)SERVICE#>`` then the IRI on the next line), in subqueries,
``EXISTS``, ``CONSTRUCT``, ``DESCRIBE``, with ``SILENT``, ``SERVICE ?var``, escaped
keywords, relative IRIs, remote ``FROM``, updates and graph parameters; each over GET, form
POST and direct POST, on a real server, with ``NRGRAPH_PRODUCTION`` off and on, on every store.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import time
from collections.abc import Callable, Iterator

import httpx2
import pyoxigraph as ox
import pytest

from nrgraph import KnowledgeGraph, Settings
from nrgraph.errors import NrgraphError
from nrgraph.sparql.query import QueryRequest
from nrgraph.sparql.worker import WorkerPool

from ..listener import Listener
from ..live_server import live_server

pytestmark = pytest.mark.sparql_endpoint

Variant = tuple[str, dict[str, str | list[str]], str | None]
"""(method, form or URL parameters, a raw ``application/sparql-query`` body)."""


@pytest.fixture
def listener() -> Iterator[Listener]:
    probe = Listener()
    yield probe
    probe.close()


@pytest.fixture(scope="module", params=[False, True], ids=["debug", "production"])
def endpoint(request: pytest.FixtureRequest, fixture_kg: KnowledgeGraph) -> Iterator[str]:
    settings = Settings(sparql_timeout=60, sparql_workers=2, production=request.param, sparql_client_queries=0)
    with live_server(fixture_kg, settings) as base:
        yield f"{base}/sparql"


def test_the_listener_sees_an_unguarded_service_call(listener: Listener) -> None:
    """The control: Oxigraph itself does call out, also behind the comment trick; the guard is what stops it."""
    url = f"http://127.0.0.1:{listener.port}/x"
    list(ox.Store().query(f"SELECT * WHERE {{ FILTER(1<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }} }}"))  # type: ignore[arg-type]
    assert len(listener.connections) == 1
    assert listener.connections[0].startswith(b"POST /x ")


HIDDEN = "FILTER(1<2)SERVICE#>\n"
"""A lexer that takes ``<2)SERVICE#>`` for an IRI sees no SERVICE; Oxigraph reads a comparison,
the keyword and a comment, then the IRI on the next line."""



def escaped(url: str) -> str:
    """``url`` with its slashes written as SPARQL ``\\u`` escapes."""
    return url.replace("/", "\\u002F")


ATTACKS: dict[str, Callable[[str], str]] = {
    "service-hidden-behind-a-comparison-and-a-comment": lambda url: (
        f"SELECT * WHERE {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }}"
    ),
    "hidden-service-silent": lambda url: f"SELECT * WHERE {{ FILTER(1<2)SERVICE SILENT#>\n<{url}> {{ ?s ?p ?o }} }}",
    "hidden-service-in-a-subquery": lambda url: (
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }} }} }}"
    ),
    "hidden-service-in-exists": lambda url: f"ASK {{ FILTER EXISTS {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }} }}",
    "hidden-service-in-not-exists": lambda url: (
        f"SELECT * WHERE {{ ?a ?b ?c FILTER NOT EXISTS {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }} }}"
    ),
    "hidden-service-in-construct": lambda url: f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }}",
    "hidden-service-in-describe": lambda url: f"DESCRIBE ?s WHERE {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }}",
    "hidden-service-variable": lambda url: f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} {HIDDEN}?e {{ ?s ?p ?o }} }}",
    "hidden-service-in-optional": lambda url: (
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }} }}"
    ),
    "hidden-service-in-union": lambda url: (
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }} }}"
    ),
    "hidden-service-in-minus": lambda url: f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ {HIDDEN}<{url}> {{ ?s ?p ?o }} }} }}",
    "hidden-service-escaped": lambda url: f"SELECT * WHERE {{ FILTER(1<2)\\u0053ERVICE#>\n<{url}> {{ ?s ?p ?o }} }}",
    "service": lambda url: f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "service-silent": lambda url: f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "service-lower-case": lambda url: f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "service-escaped-keyword": lambda url: f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "service-escaped-iri": lambda url: f"SELECT * WHERE {{ SERVICE <{escaped(url)}> {{ ?s ?p ?o }} }}",
    "service-prefixed-name": lambda url: (
        f"PREFIX r: <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}"
    ),
    "service-relative-iri": lambda url: (
        f"BASE <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE <x> {{ ?s ?p ?o }} }}"
    ),
    "service-variable": lambda url: f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "service-silent-variable": lambda url: (
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE SILENT ?e {{ ?s ?p ?o }} }}"
    ),
    "service-unbound-variable": lambda url: "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }",
    "service-in-a-subquery": lambda url: (
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}"
    ),
    "service-in-exists": lambda url: f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "service-in-construct": lambda url: f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "service-in-describe": lambda url: f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "service-in-optional": lambda url: f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "remote-from": lambda url: f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "remote-from-named": lambda url: f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "remote-from-hidden": lambda url: f"SELECT * FROM#>\n<{url}> WHERE {{ ?s ?p ?o }}",
    "remote-from-prefixed-name": lambda url: (
        f"PREFIX r: <{url.rsplit('/', 1)[0]}/> SELECT * FROM r:x WHERE {{ ?s ?p ?o }}"
    ),
    "remote-from-relative-iri": lambda url: "SELECT * FROM <x> WHERE { ?s ?p ?o }",
    "load": lambda url: f"LOAD <{url}>",
    "load-silent": lambda url: f"LOAD SILENT <{url}> INTO GRAPH <urn:g>",
    "insert-from-service": lambda url: f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
}


def transports(query: str) -> list[Variant]:
    """``query`` over GET, form POST and direct POST."""
    return [("GET", {"query": query}, None), ("POST", {"query": query}, None), ("POST", {}, query)]


def send(client: httpx2.Client, endpoint: str, variant: Variant) -> httpx2.Response:
    method, params, body = variant
    if body is not None:
        return client.post(endpoint, content=body, headers={"content-type": "application/sparql-query"})
    if method == "GET":
        return client.get(endpoint, params=params)
    return client.post(endpoint, data=params)


def outcomes(endpoint: str, variants: list[Variant]) -> set[tuple[int, str]]:
    with httpx2.Client(timeout=30) as client:
        answers = [send(client, endpoint, variant) for variant in variants]
    time.sleep(0.2)  # anything sent would have arrived by now
    return {(answer.status_code, answer.json()["error"]["code"]) for answer in answers}


@pytest.mark.parametrize("attack", list(ATTACKS), ids=list(ATTACKS))
def test_no_attack_reaches_the_network(endpoint: str, listener: Listener, attack: str) -> None:
    query = ATTACKS[attack](f"http://127.0.0.1:{listener.port}/x")
    found = outcomes(endpoint, transports(query))
    assert listener.connections == []
    assert found == {(403, "REFUSED_QUERY")}, found


def test_no_update_or_graph_parameter_reaches_the_network(endpoint: str, listener: Listener) -> None:
    url = f"http://127.0.0.1:{listener.port}/x"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    updates = [f"LOAD <{url}>", f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"]
    variants: list[Variant] = [("POST", {"update": update}, None) for update in updates]
    variants += [("GET", {"update": update}, None) for update in updates]
    variants += [
        ("GET", {"query": count, "default-graph-uri": url}, None),
        ("GET", {"query": count, "named-graph-uri": url}, None),
        ("POST", {"query": count, "default-graph-uri": [url, url + "2"]}, None),
    ]
    found = outcomes(endpoint, variants)
    with httpx2.Client(timeout=30) as client:
        update = client.post(endpoint, content=f"LOAD <{url}>", headers={"content-type": "application/sparql-update"})
    time.sleep(0.2)
    assert listener.connections == []
    assert found | {(update.status_code, update.json()["error"]["code"])} == {(403, "REFUSED_QUERY")}, found


@pytest.mark.embedded_store
def test_with_federation_enabled_service_does_reach_out(fixture_kg: KnowledgeGraph, listener: Listener) -> None:
    """The control on the server: with federation on, the same listener does see the call."""
    url = f"http://127.0.0.1:{listener.port}/sparql"
    settings = Settings(sparql_federation=True, sparql_workers=1, sparql_timeout=60)
    with live_server(fixture_kg, settings) as base:
        query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
        response = httpx2.get(f"{base}/sparql", params={"query": query})
        unbound = httpx2.get(f"{base}/sparql", params={"query": "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }"})
        description = httpx2.get(f"{base}/sparql", headers={"accept": "text/turtle"}).text
    assert response.status_code == 200, response.text
    assert len(listener.connections) == 1
    assert "sd:BasicFederatedQuery" in description
    assert unbound.status_code == 400  # SERVICE ?e with ?e unbound: the query's fault, said in the envelope
    assert unbound.json()["error"]["code"] == "INVALID_QUERY"
    assert "unbound" in unbound.json()["error"]["message"]


def _user_namespaces_allowed() -> bool:
    pid = os.fork()
    if pid == 0:
        os._exit(0 if ctypes.CDLL(None, use_errno=True).unshare(0x10000000 | 0x40000000) == 0 else 1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def test_a_worker_off_the_network_cannot_connect_even_past_the_guard(
    fixture_kg: KnowledgeGraph, listener: Listener, store_kind: str
) -> None:
    """The second wall: a query the guard lets through (here by federation) still reaches nothing."""
    store = getattr(fixture_kg.store, "oxigraph", None)
    if store is None or not _user_namespaces_allowed():
        pytest.skip("needs the embedded store and a kernel that allows user namespaces")
    url = f"http://127.0.0.1:{listener.port}/x"
    request = QueryRequest(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", federation=True)

    async def ask() -> None:
        pool = WorkerPool(store, size=1, offline=True)
        try:
            with pytest.raises(NrgraphError, match="Network is unreachable"):
                await pool.run(request, timeout=30)
        finally:
            pool.close()

    asyncio.run(ask())
    time.sleep(0.2)
    assert listener.connections == []
