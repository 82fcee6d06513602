"""The SPARQL 1.1 Protocol at /sparql, in-process: methods, formats, dataset, errors, limits."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from nrgraph import KnowledgeGraph, Settings, open_graph
from nrgraph.namespaces import PREFIXES
from nrgraph.web.app import create_app

from ..conftest import FIXTURES, ONTOLOGY

pytestmark = pytest.mark.sparql_endpoint

GRAPH = PREFIXES["graph"]
DERIVED = GRAPH + "derived"
CHANNELS = GRAPH + "fixtures/valid"
ONTOLOGY_GRAPH = GRAPH + "ontology/nrgraph"
META = GRAPH + "meta"  # the store's manifest (nrgraph.store.manifest)
STATES = "SELECT ?s WHERE { ?s a nrg:State } ORDER BY ?s"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def client(fixture_kg: KnowledgeGraph) -> Iterator[TestClient]:
    # A generous time limit: the machine may be busy; the time limit has a test of its own.
    settings = Settings(sparql_timeout=60, sparql_max_rows=50, sparql_max_query_bytes=4000, sparql_workers=2)
    with TestClient(create_app(settings, kg=fixture_kg)) as test_client:
        yield test_client


def bindings(response: object) -> list[dict[str, str]]:
    body = response.json()  # type: ignore[attr-defined]
    return [{k: v["value"] for k, v in row.items()} for row in body["results"]["bindings"]]


def test_get_with_a_query_answers_sparql_json_by_default(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": STATES})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert [row["s"] for row in bindings(response)] == [PREFIXES["id"] + "russia", PREFIXES["id"] + "usa"]
    assert response.headers["x-nrgraph-truncated"] == "false"


def test_the_store_evaluates_the_query(client: TestClient, fixture_kg: KnowledgeGraph, store_kind: str) -> None:
    """The embedded stores' queries run in worker processes; a remote store's in that store."""
    before = fixture_kg.store.query_count
    assert client.get("/sparql", params={"query": STATES}).status_code == 200
    assert fixture_kg.store.query_count == before + (store_kind == "sparql")


def test_post_form_encoded(client: TestClient) -> None:
    response = client.post("/sparql", data={"query": STATES})
    assert response.status_code == 200
    assert len(bindings(response)) == 2


def test_post_sparql_query_body(client: TestClient) -> None:
    response = client.post("/sparql", content=STATES, headers={"content-type": "application/sparql-query"})
    assert response.status_code == 200
    assert len(bindings(response)) == 2


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/html;q=0.5, text/csv", "text/csv"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
    ],
)
def test_select_formats_by_content_negotiation(client: TestClient, accept: str, media_type: str) -> None:
    response = client.get("/sparql", params={"query": STATES}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["vary"] == "Accept"
    if media_type == "text/csv":  # lossy: Oxigraph will not parse it back
        assert len(list(csv.reader(io.StringIO(response.text)))) == 3
        return
    parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media_type))
    assert isinstance(parsed, ox.QuerySolutions)
    assert len(list(parsed)) == 2


@pytest.mark.parametrize(
    ("name", "media_type"),
    [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
     ("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("table", "text/plain")],
)
def test_select_formats_by_format_parameter(client: TestClient, name: str, media_type: str) -> None:
    response = client.get("/sparql", params={"query": STATES, "format": name}, headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


def test_csv_has_plain_values_and_a_header(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": STATES, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [["s"], [PREFIXES["id"] + "russia"], [PREFIXES["id"] + "usa"]]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
@pytest.mark.parametrize(
    ("query", "expected"), [("ASK { id:russia a nrg:State }", True), ("ASK { id:russia a nrg:Treaty }", False)]
)
def test_ask(client: TestClient, accept: str, query: str, expected: bool) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert response.status_code == 200
    result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(accept))
    assert bool(result) is expected


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("*/*", ox.RdfFormat.TURTLE),
    ],
)
def test_construct_and_describe_formats(client: TestClient, accept: str, rdf_format: ox.RdfFormat) -> None:
    for query in ("CONSTRUCT WHERE { ?s a nrg:State }", "DESCRIBE id:russia"):
        response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == rdf_format.media_type
        triples = list(ox.parse(response.content, format=rdf_format))
        subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
        assert PREFIXES["id"] + "russia" in subjects


def test_an_unacceptable_format_is_406_naming_the_valid_ones(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": STATES}, headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["error"]["message"]
    response = client.get("/sparql", params={"query": STATES, "format": "turtle"})
    assert response.status_code == 406
    assert response.json()["error"] == {
        "code": "NOT_ACCEPTABLE",
        "message": "format 'turtle' is not available for a SELECT query; valid: json, xml, csv, tsv, table",
    }


COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(response: object) -> int:
    return int(bindings(response)[0]["n"])


def test_the_default_graph_is_the_union_of_all_graphs(client: TestClient, fixture_kg: KnowledgeGraph) -> None:
    assert count(client.get("/sparql", params={"query": COUNT_TRIPLES})) == len(fixture_kg.store)


def test_default_graph_uri_narrows_the_default_graph(client: TestClient, fixture_kg: KnowledgeGraph) -> None:
    derived = count(client.get("/sparql", params={"query": COUNT_TRIPLES, "default-graph-uri": DERIVED}))
    both = count(client.get("/sparql", params={"query": COUNT_TRIPLES, "default-graph-uri": [DERIVED, CHANNELS]}))
    expected = fixture_kg.store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:derived { ?s ?p ?o } }")
    assert derived == int(expected[0]["n"].value)
    assert 0 < derived < both < len(fixture_kg.store)


def test_named_graph_uri_limits_the_named_graphs(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query, "named-graph-uri": DERIVED})
    assert [row["g"] for row in bindings(response)] == [DERIVED]
    # With only named graphs given, the default graph is empty, as the protocol says.
    assert count(client.get("/sparql", params={"query": COUNT_TRIPLES, "named-graph-uri": DERIVED})) == 0


def test_post_form_carries_the_graph_parameters(client: TestClient) -> None:
    response = client.post("/sparql", data={"query": COUNT_TRIPLES, "default-graph-uri": ONTOLOGY_GRAPH})
    with_ontology = count(response)
    response = client.post(
        f"/sparql?default-graph-uri={ONTOLOGY_GRAPH}", content=COUNT_TRIPLES,
        headers={"content-type": "application/sparql-query"},
    )
    assert count(response) == with_ontology > 0


def test_from_a_local_graph_replaces_the_union(client: TestClient) -> None:
    local = f"SELECT (COUNT(*) AS ?n) FROM <{DERIVED}> WHERE {{ ?s ?p ?o }}"
    derived = count(client.get("/sparql", params={"query": COUNT_TRIPLES, "default-graph-uri": DERIVED}))
    assert count(client.get("/sparql", params={"query": local})) == derived


def test_a_malformed_query_is_400_with_the_parsers_message_and_position(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?s\nWHERE { ?s ?p }"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "QUERY_SYNTAX_ERROR"
    assert (error["line"], error["column"]) == (2, 9)
    assert error["message"].startswith("SPARQL syntax error at line 2, column 9: Expected")
    assert "WHERE { ?s ?p }" in error["message"]


def test_an_undeclared_prefix_is_400_at_its_place(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s a foaf:Person }"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["line"], error["column"]) == (2, 8)
    assert "the prefix 'foaf:' is not declared" in error["message"]


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/nrgraph/graph/derived>",
        "LOAD <http://127.0.0.1:9/data.ttl>",
    ],
)
def test_updates_are_refused_in_every_way_they_can_be_sent(
    client: TestClient, fixture_kg: KnowledgeGraph, update: str
) -> None:
    before = len(fixture_kg.store)
    attempts = [
        client.get("/sparql", params={"query": update}),
        client.post("/sparql", data={"query": update}),
        client.post("/sparql", data={"update": update}),
        client.get("/sparql", params={"update": update}),
        client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"}),
        client.post("/sparql", content=update, headers={"content-type": "application/sparql-query"}),
    ]
    for response in attempts:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "REFUSED_QUERY"
        assert "read-only" in response.json()["error"]["message"]
    assert len(fixture_kg.store) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?x ?y ?z OPTIONAL { service silent <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "PREFIX r: <http://127.0.0.1:9/> SELECT * WHERE { { SELECT ?s WHERE { SERVICE r:sparql { ?s ?p ?o } } } }",
        "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }",
        "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith("SERVICE is refused")


@pytest.mark.parametrize(
    "params",
    [
        {"query": "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }"},
        {"query": "SELECT * FROM NAMED <http://127.0.0.1:9/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }"},
        {"query": "PREFIX r: <http://127.0.0.1:9/> SELECT * FROM r:data WHERE { ?s ?p ?o }"},
        {"query": COUNT_TRIPLES, "default-graph-uri": "http://127.0.0.1:9/data.ttl"},
        {"query": COUNT_TRIPLES, "named-graph-uri": "http://127.0.0.1:9/data.ttl"},
    ],
)
def test_graphs_the_server_does_not_hold_are_refused(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/sparql", params=params)
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert "<http://127.0.0.1:9/data" in message
    assert "never fetches remote data" in message


@pytest.mark.embedded_store
@pytest.mark.parametrize("production", [False, True])
def test_federation_setting_lets_service_through_the_guard(fixture_kg: KnowledgeGraph, production: bool) -> None:
    settings = Settings(sparql_federation=True, sparql_workers=1, sparql_timeout=60, production=production)
    # A SERVICE to a port nobody listens on: the guard lets it through, the engine then fails to connect.
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with TestClient(create_app(settings, kg=fixture_kg)) as client:
        response = client.get("/sparql", params={"query": query})
        syntax = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "STORE_ERROR"
    # In production a server fault says nothing of its cause; a user's own mistake still does.
    assert ("port 9" in error["message"]) is not production
    assert syntax.json()["error"]["line"] == 1


def test_an_oversized_query_is_413(client: TestClient) -> None:
    big = STATES + " #" + "x" * 5000
    for response in (
        client.get("/sparql", params={"query": big}),
        client.post("/sparql", data={"query": big}),
        client.post("/sparql", content=big, headers={"content-type": "application/sparql-query"}),
    ):
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "QUERY_TOO_LARGE"
        assert "4000" in response.json()["error"]["message"]


def test_other_request_errors(client: TestClient) -> None:
    response = client.post("/sparql", content=STATES, headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    response = client.post("/sparql", data={"format": "json"})
    assert response.status_code == 400
    assert "no query given" in response.json()["error"]["message"]
    response = client.get("/sparql", params={"query": [STATES, STATES]})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "2 'query' parameters given; give exactly one"
    response = client.delete("/sparql")
    assert response.status_code == 405


def test_rows_beyond_the_limit_are_cut_and_marked(client: TestClient) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = client.get("/sparql", params={"query": query})
    assert response.headers["x-nrgraph-truncated"] == "true"
    assert response.headers["x-nrgraph-rows"] == "50"
    assert response.json()["truncated"] is True
    assert len(bindings(response)) == 50
    response = client.get("/sparql", params={"query": query, "format": "csv"})
    assert len(list(csv.reader(io.StringIO(response.text)))) == 51
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert response.headers["x-nrgraph-truncated"] == "true"
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))) == 50
    response = client.get("/sparql", params={"query": query + " LIMIT 50"})
    assert response.headers["x-nrgraph-truncated"] == "false"
    assert response.json()["truncated"] is False


@pytest.mark.slow
@pytest.mark.embedded_store
def test_a_runaway_query_is_stopped_at_the_deadline_while_other_requests_are_answered(
    fixture_kg: KnowledgeGraph,
) -> None:
    settings = Settings(sparql_timeout=2.0, sparql_workers=2)
    with TestClient(create_app(settings, kg=fixture_kg)) as client, ThreadPoolExecutor(max_workers=1) as executor:
        pool = client.app.state.sparql.pool()  # type: ignore[attr-defined]
        started = time.monotonic()
        runaway = executor.submit(client.get, "/sparql", params={"query": RUNAWAY})
        time.sleep(0.3)
        quick = client.get("/sparql", params={"query": STATES})
        answered_while_running = not runaway.done()
        health = client.get("/healthz")
        response = runaway.result(timeout=60)
        elapsed = time.monotonic() - started
        assert quick.status_code == 200
        assert len(bindings(quick)) == 2
        assert answered_while_running, "the other worker answered while the runaway query ran"
        assert health.status_code == 200
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "QUERY_TIMEOUT"
        assert 2.0 <= elapsed < 10.0
        assert pool.killed == 1
        # The killed worker was replaced: the pool answers again, with both workers.
        assert len(pool.pids) == 2
        assert client.get("/sparql", params={"query": STATES}).status_code == 200


def test_without_a_query_the_service_description_lists_the_graphs(
    client: TestClient, fixture_kg: KnowledgeGraph
) -> None:
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    store = ox.Store()
    store.load(response.content, format=ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = {
        row["g"].value
        for row in store.query(f"SELECT ?g WHERE {{ ?s <{sd}namedGraph>/<{sd}name> ?g }}")  # type: ignore[union-attr]
    }
    assert names == {DERIVED, CHANNELS, ONTOLOGY_GRAPH, META}
    endpoint = store.query(f"SELECT ?e WHERE {{ ?s a <{sd}Service> ; <{sd}endpoint> ?e }}")
    assert [row["e"].value for row in endpoint] == ["http://testserver/sparql"]  # type: ignore[union-attr]
    assert store.query(f"ASK {{ ?s <{sd}feature> <{sd}UnionDefaultGraph> }}")
    assert store.query(f"ASK {{ ?s <{sd}supportedLanguage> <{sd}SPARQL11Query> }}")
    assert not store.query(f"ASK {{ ?s <{sd}feature> <{sd}BasicFederatedQuery> }}")
    formats = store.query(f"SELECT ?f WHERE {{ ?s <{sd}resultFormat> ?f }}")
    assert {row["f"].value.rsplit("/", 1)[-1] for row in formats} >= {  # type: ignore[union-attr]
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
        "RDF_XML", "JSON-LD", "N-Triples",
    }


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/ld+json", ox.RdfFormat.JSON_LD),
     ("application/n-triples", ox.RdfFormat.N_TRIPLES)],
)
def test_the_service_description_is_content_negotiated(
    client: TestClient, accept: str, rdf_format: ox.RdfFormat
) -> None:
    response = client.get("/sparql", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert len(list(ox.parse(response.content, format=rdf_format))) > 20


def test_a_browser_gets_the_explorer_with_prefixes_and_the_gallery(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'src="static/yasgui/yasgui.min.js"' in page
    assert "cdn" not in page.lower()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)  # nothing fetched from elsewhere
    config = json.loads(page.split('<script id="nrgraph-config" type="application/json">', 1)[1].split("</script>")[0])
    assert config["prefixes"] == PREFIXES
    assert config["endpoint"] == "/sparql"
    assert config["examples"][0]["name"] == "survived-october-2021"
    assert config["examples"][0]["title"] == "Which channels survived October 2021?"
    assert client.get("/static/yasgui/yasgui.min.js").status_code == 200
    assert client.get("/static/yasgui/yasgui.min.css").status_code == 200


def test_after_a_reload_the_endpoint_answers_on_the_new_data(tmp_path: Path) -> None:
    data = tmp_path / "valid.ttl"
    data.write_text((FIXTURES / "valid.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    kg = open_graph([ONTOLOGY, data])
    ask = {"query": 'ASK { id:russia rdfs:label "Russian Federation"@en }'}
    with TestClient(create_app(Settings(sparql_workers=1, sparql_timeout=60), kg=kg)) as client:
        assert client.get("/sparql", params=ask).json()["boolean"] is False
        data.write_text(data.read_text(encoding="utf-8").replace('"Russia"@en', '"Russian Federation"@en'))
        kg.reload()
        assert client.get("/sparql", params=ask).json()["boolean"] is True
        graphs = client.get("/sparql", headers={"accept": "application/n-triples"}).text
        assert "void#triples" in graphs


# ---- relative IRIs resolve against the endpoint's URL ------------------------------------------

ENDPOINT = "http://testserver/sparql"  # the URL the test client's requests reach
RELATIVE = {
    "SELECT": "SELECT ?o WHERE { VALUES ?o { <s> } }",
    "ASK": "ASK { FILTER(<s> = <http://testserver/s>) }",
    "CONSTRUCT": "CONSTRUCT { <s> <p> 1 } WHERE {}",
    "DESCRIBE": "DESCRIBE <s>",
}


def relative_answer(form: str, response: Any) -> object:
    """What the relative-IRI query of ``form`` answered: its IRI, its boolean, or its triples."""
    if form == "SELECT":
        return [row["o"] for row in bindings(response)]
    if form == "ASK":
        return response.json()["boolean"]
    triples = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
    return [(t.subject.value, t.predicate.value, t.object.value) for t in triples]


@pytest.mark.parametrize("transport", ["GET", "form POST", "direct POST"])
@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("SELECT", ["http://testserver/s"]),
        ("ASK", True),
        ("CONSTRUCT", [("http://testserver/s", "http://testserver/p", "1")]),
        ("DESCRIBE", []),
    ],
)
def test_relative_iris_resolve_against_the_endpoints_url(
    client: TestClient, form: str, expected: object, transport: str
) -> None:
    query = RELATIVE[form]
    accept = {"accept": "application/n-triples, application/sparql-results+json"}
    if transport == "GET":
        response = client.get("/sparql", params={"query": query}, headers=accept)
    elif transport == "form POST":
        response = client.post("/sparql", data={"query": query}, headers=accept)
    else:
        response = client.post("/sparql", content=query, headers={**accept, "content-type": "application/sparql-query"})
    assert response.status_code == 200, response.text
    assert relative_answer(form, response) == expected


def test_a_query_base_wins_over_the_endpoints_url(client: TestClient) -> None:
    query = "BASE <http://example.org/a/> SELECT ?o WHERE { VALUES ?o { <s> } }"
    response = client.get("/sparql", params={"query": query})
    assert [row["o"] for row in bindings(response)] == ["http://example.org/a/s"]


def test_the_base_iri_setting_names_the_endpoint_behind_a_proxy(fixture_kg: KnowledgeGraph) -> None:
    settings = Settings(sparql_timeout=60, sparql_base_iri="https://nrgraph.example.org/api/sparql")
    with TestClient(create_app(settings, kg=fixture_kg)) as proxied:
        response = proxied.get("/sparql", params={"query": RELATIVE["SELECT"]})
    assert [row["o"] for row in bindings(response)] == ["https://nrgraph.example.org/api/s"]


def test_a_relative_from_names_a_graph_of_the_endpoints_site_and_is_refused_as_such(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * FROM <g> WHERE { ?s ?p ?o }"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "REFUSED_QUERY"
    assert "FROM <http://testserver/g> is refused by design" in response.json()["error"]["message"]
