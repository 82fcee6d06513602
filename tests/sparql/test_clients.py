"""/sparql on a real uvicorn server: real SPARQL clients, the time limit (the network guard: tests/security/).

The server runs in a thread on a free loopback port (tests/live_server.py); `nrgraph serve`
is started once as a subprocess too, as a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from nrgraph import KnowledgeGraph, Settings
from nrgraph.namespaces import DATA, NRG

from ..conftest import FIXTURES, ONTOLOGY
from ..live_server import free_port, live_server

pytestmark = pytest.mark.sparql_endpoint

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def endpoint(fixture_kg: KnowledgeGraph) -> Iterator[str]:
    # A generous time limit: the machine may be busy; the time limit has tests of its own.
    settings = Settings(sparql_timeout=60, sparql_max_rows=1000, sparql_workers=2)
    with live_server(fixture_kg, settings) as base:
        yield f"{base}/sparql"


@pytest.fixture(scope="module")
def short_endpoint(fixture_kg: KnowledgeGraph) -> Iterator[str]:
    """A server whose queries may run 1.5 s."""
    with live_server(fixture_kg, Settings(sparql_timeout=1.5, sparql_workers=2)) as base:
        yield f"{base}/sparql"


# ---- SPARQLWrapper ------------------------------------------------------------------------

def wrapper(endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_in_json_xml_and_csv(endpoint: str, method: str) -> None:
    query = "PREFIX nrg: <https://w3id.org/nrgraph/ontology#> SELECT ?s WHERE { ?s a nrg:State } ORDER BY ?s"
    as_json = wrapper(endpoint, query, JSON, method).queryAndConvert()
    assert [b["s"]["value"] for b in as_json["results"]["bindings"]] == [str(DATA.russia), str(DATA.usa)]  # type: ignore[index]
    as_xml = wrapper(endpoint, query, XML, method).queryAndConvert()
    uris = [node.firstChild.data for node in as_xml.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == [str(DATA.russia), str(DATA.usa)]
    as_csv = wrapper(endpoint, query, CSV, method).queryAndConvert()
    assert as_csv.decode().splitlines() == ["s", str(DATA.russia), str(DATA.usa)]  # type: ignore[union-attr]


def test_sparqlwrapper_ask_and_construct(endpoint: str) -> None:
    ask = wrapper(endpoint, "ASK { <https://w3id.org/nrgraph/id/russia> a ?t }", JSON).queryAndConvert()
    assert ask["boolean"] is True  # type: ignore[index]
    construct = "CONSTRUCT WHERE { ?s a <https://w3id.org/nrgraph/ontology#State> }"
    # SPARQLWrapper asks for RDF/XML; its own convert() builds a deprecated ConjunctiveGraph, so parse here.
    answer = wrapper(endpoint, construct, XML).query()
    assert answer.response.headers["content-type"].startswith("application/rdf+xml")
    graph = Graph().parse(data=answer.response.read(), format="xml")
    assert set(graph.subjects(RDF.type, URIRef(str(NRG.State)))) == {URIRef(str(DATA.russia)), URIRef(str(DATA.usa))}
    turtle = wrapper(endpoint, construct, TURTLE).query().response.read()
    assert len(Graph().parse(data=turtle, format="turtle")) == 2


def test_sparqlwrapper_sees_a_malformed_query_as_bad_formed(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed, match="line 1, column"):
        wrapper(endpoint, "SELECT * WHERE { ?s ?p }", JSON).query()


def test_sparqlwrapper_update_is_refused(endpoint: str, fixture_kg: KnowledgeGraph) -> None:
    before = len(fixture_kg.store)
    client = SPARQLWrapper(endpoint)
    client.setMethod("POST")
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # SPARQLWrapper sends it as an update
    with pytest.raises(urllib.error.HTTPError) as refused:  # SPARQLWrapper has no exception of its own for 403
        client.query()
    assert refused.value.code == 403
    assert "read-only" in refused.value.read().decode()
    assert len(fixture_kg.store) == before


@pytest.mark.slow
def test_sparqlwrapper_gets_the_timeout_as_503(short_endpoint: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as stopped:
        wrapper(short_endpoint, RUNAWAY, JSON).query()
    assert stopped.value.code == 503
    assert "time limit" in stopped.value.read().decode()


# ---- rdflib's SPARQLStore -----------------------------------------------------------------

def test_rdflib_sparqlstore_reads_the_graph_through_the_endpoint(endpoint: str) -> None:
    graph = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    states = set(graph.subjects(RDF.type, URIRef(str(NRG.State))))
    assert states == {URIRef(str(DATA.russia)), URIRef(str(DATA.usa))}
    rows = list(graph.query("SELECT ?label WHERE { ?s a nrg:Treaty ; rdfs:label ?label }"))
    assert [str(row[0]) for row in rows] == ["Test Treaty"]  # type: ignore[index]
    assert bool(graph.query("ASK { ?s a nrg:DiplomaticMission }").askAnswer) is True


def test_rdflib_sparqlstore_with_xml_results_and_post(endpoint: str) -> None:
    store = SPARQLStore(endpoint, returnFormat="xml", method="POST_FORM")
    graph = Graph(store=store)
    rows = list(graph.query("SELECT ?s WHERE { ?s a nrg:State } ORDER BY ?s"))
    assert [str(row[0]) for row in rows] == [str(DATA.russia), str(DATA.usa)]  # type: ignore[index]
    constructed = graph.query("CONSTRUCT WHERE { ?s a nrg:State }").graph  # answered in RDF/XML
    assert constructed is not None
    assert set(constructed.subjects()) == {URIRef(str(DATA.russia)), URIRef(str(DATA.usa))}


# ---- the time limit, on a real server ---------------------------------------------------------

@pytest.mark.slow
def test_a_runaway_query_is_stopped_while_the_server_keeps_answering(short_endpoint: str) -> None:
    base = short_endpoint.rsplit("/", 1)[0]
    with httpx2.Client(timeout=60) as client, ThreadPoolExecutor(max_workers=2) as pool:
        started = time.monotonic()
        runaways = [pool.submit(client.get, short_endpoint, params={"query": RUNAWAY}) for _ in range(2)]
        time.sleep(0.3)
        # Both workers are busy; the server still answers at once.
        health = client.get(f"{base}/healthz")
        answered_while_running = not any(future.done() for future in runaways)
        stopped = [future.result() for future in runaways]
        elapsed = time.monotonic() - started
        # The killed workers were replaced.
        answered = client.get(short_endpoint, params={"query": "ASK { ?s ?p ?o }"})
    assert health.status_code == 200
    assert answered_while_running
    assert [r.status_code for r in stopped] == [503, 503]
    assert all(r.json()["error"]["code"] == "QUERY_TIMEOUT" for r in stopped)
    assert 1.5 <= elapsed < 10.0
    assert answered.status_code == 200
    assert answered.json()["boolean"] is True


# ---- `nrgraph serve`, as a user starts it -----------------------------------------------------

@pytest.mark.slow
def test_nrgraph_serve_answers_sparql(tmp_path: Path) -> None:
    (tmp_path / "valid.ttl").write_text((FIXTURES / "valid.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "NRGRAPH_DATA_DIR": str(tmp_path),
        "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY),
        "NRGRAPH_SPARQL_MAX_ROWS": "1",
        "NRGRAPH_SPARQL_WORKERS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "nrgraph", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx2.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "nrgraph serve did not start"
            time.sleep(0.1)
        response = httpx2.get(f"{base}/sparql", params={"query": "SELECT ?s WHERE { ?s a nrg:State }"})
        assert response.status_code == 200
        assert response.headers["x-nrgraph-truncated"] == "true"  # NRGRAPH_SPARQL_MAX_ROWS=1 reached the workers
        assert len(response.json()["results"]["bindings"]) == 1
        description = httpx2.get(f"{base}/sparql", headers={"accept": "text/turtle"})
        assert f"<{base}/sparql>" in description.text
    finally:
        server.terminate()
        server.wait(timeout=15)
        if server.stderr:
            server.stderr.close()
