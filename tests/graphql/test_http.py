"""GraphQL over HTTP, in-process: media types, status codes, errors, caching, CORS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from nrgraph import KnowledgeGraph, Settings
from nrgraph.web.app import create_app

from ..editing_support import make_workspace

GQL = "application/graphql-response+json"
QUERY = "{ channels { nodes { slug } } }"


def app_client(kg: KnowledgeGraph, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(**settings), kg=kg))  # type: ignore[arg-type]


def test_post_json_answers_in_the_graphql_response_media_type(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": QUERY}, headers={"accept": GQL})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GQL)
    assert response.json() == {"data": {"channels": {"nodes": [{"slug": "office"}]}}}


def test_graphql_is_served_at_its_path_without_a_redirect(fixture_kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(), kg=fixture_kg), follow_redirects=False) as client:
        response = client.post("/graphql", json={"query": QUERY})
    assert response.status_code == 200


def test_get_with_variables_and_operation_name(client: TestClient) -> None:
    query = "query A($n: Int!) { actors(first: $n) { nodes { slug } } } query B { stats { sources } }"
    response = client.get(
        "/graphql", params={"query": query, "variables": json.dumps({"n": 1}), "operationName": "A"},
        headers={"accept": GQL},
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"actors": {"nodes": [{"slug": "nato"}]}}


def test_without_accept_the_legacy_json_media_type_is_used(client: TestClient) -> None:
    headers = {"content-type": "application/json", "accept": ""}
    response = client.post("/graphql", content=json.dumps({"query": QUERY}), headers=headers)
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ channels { nodes { slug }", "GRAPHQL_PARSE_FAILED"),
        ("{ channels { nodes { nope } } }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_parse_and_validation_errors_are_400_without_data(client: TestClient, query: str, code: str) -> None:
    response = client.post("/graphql", json={"query": query}, headers={"accept": GQL})
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == code
    legacy = client.post("/graphql", json={"query": query}, headers={"accept": "application/json"})
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["extensions"]["code"] == code


def test_a_field_error_is_200_with_data_and_a_path(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": '{ a: search(text: "") { matched } b: stats { sources } }'},
                           headers={"accept": GQL})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None or body["data"].get("b") == {"sources": 1}
    (error,) = body["errors"]
    assert error["path"] == ["a"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"method": "PUT", "json": {"query": QUERY}}, 405),
        ({"method": "POST", "content": b"query=1", "headers": {"content-type": "text/plain"}}, 415),
        ({"method": "POST", "content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
        ({"method": "POST", "json": ["a"]}, 400),
        ({"method": "POST", "json": {"query": 3}}, 400),
        ({"method": "POST", "json": {"query": QUERY, "variables": [1]}}, 400),
        ({"method": "GET", "params": {"query": QUERY, "variables": "{bad"}}, 400),
        ({"method": "GET", "params": {}}, 400),
        ({"method": "POST", "json": {"query": QUERY}, "headers": {"accept": "text/csv"}}, 406),
    ],
)
def test_malformed_requests_get_the_right_status(client: TestClient, kwargs: dict[str, object], status: int) -> None:
    kwargs = dict(kwargs)  # the parametrised dict is shared by every store's run
    method = kwargs.pop("method")
    response = client.request(method, "/graphql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_mutations_over_get_are_refused_with_405(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "mutation { x }"}, headers={"accept": GQL})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_the_body_size_is_capped(fixture_kg: KnowledgeGraph) -> None:
    with app_client(fixture_kg, graphql_max_body=200) as client:
        big = {"query": QUERY + " " * 300}
        response = client.post("/graphql", json=big)
        assert response.status_code == 413
        assert "limit is 200" in response.json()["errors"][0]["message"]
        assert client.post("/graphql", json={"query": QUERY}).status_code == 200


def test_responses_carry_an_etag_and_if_none_match_gets_304(client: TestClient) -> None:
    first = client.post("/graphql", json={"query": QUERY})
    etag = first.headers["etag"]
    again = client.post("/graphql", json={"query": QUERY}, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.post("/graphql", json={"query": "{ stats { sources } }"}, headers={"if-none-match": etag})
    assert other.status_code == 200


def test_the_response_cache_answers_repeats_and_is_invalidated_by_a_new_data_version(
    fixture_kg: KnowledgeGraph,
) -> None:
    app = create_app(Settings(), kg=fixture_kg)
    with TestClient(app) as client:
        graphql = next(r.app for r in app.routes if getattr(r, "path", "") == "/graphql")  # the GraphQLApp
        client.post("/graphql", json={"query": "{ stats { sources } }"})  # the version's list bounds are read
        before = fixture_kg.store.query_count
        client.post("/graphql", json={"query": QUERY})
        sent = fixture_kg.store.query_count - before
        assert sent > 0
        client.post("/graphql", json={"query": QUERY})
        assert fixture_kg.store.query_count - before == sent  # answered from the cache
        assert graphql.generations.of(fixture_kg).responses.hits == 1
        # what a reload (here or, on a shared store, by another process) does to the version
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(KnowledgeGraph, "version", property(lambda _: "changed"))
            client.post("/graphql", json={"query": "{ stats { sources } }"})
            before = fixture_kg.store.query_count
            client.post("/graphql", json={"query": QUERY})
            assert fixture_kg.store.query_count - before == sent


def test_graphiql_is_served_to_browsers_with_the_examples(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
    assert "channels(filter" in response.text


def test_graphiql_and_introspection_can_be_switched_off(fixture_kg: KnowledgeGraph) -> None:
    with app_client(fixture_kg, graphql_ide=False, graphql_introspection=False) as client:
        assert client.get("/graphql", headers={"accept": "text/html"}).status_code == 404
        response = client.post("/graphql", json={"query": "{ __schema { types { name } } }"}, headers={"accept": GQL})
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    with app_client(fixture_kg) as client:
        response = client.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
        assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


def test_production_masks_suggestions(fixture_kg: KnowledgeGraph) -> None:
    query = {"query": "{ channels { nodes { slg } } }"}
    with app_client(fixture_kg) as client:
        assert "Did you mean" in client.post("/graphql", json=query).json()["errors"][0]["message"]
    with app_client(fixture_kg, production=True) as client:
        message = client.post("/graphql", json=query).json()["errors"][0]["message"]
        assert "Did you mean" not in message
        assert "slg" in message


@pytest.fixture
def cors_client(fixture_kg: KnowledgeGraph) -> Iterator[TestClient]:
    with app_client(fixture_kg, cors_origins="https://app.example.org, https://other.example.org") as client:
        yield client


def test_cors_allows_the_configured_origins_only(cors_client: TestClient) -> None:
    allowed = cors_client.post("/graphql", json={"query": QUERY}, headers={"origin": "https://app.example.org"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "etag" in allowed.headers["access-control-expose-headers"].lower()
    refused = cors_client.post("/graphql", json={"query": QUERY}, headers={"origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in refused.headers
    preflight = cors_client.options(
        "/graphql",
        headers={"origin": "https://other.example.org", "access-control-request-method": "POST",
                 "access-control-request-headers": "content-type"},
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_without_cors_origins_no_cors_headers_are_sent(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": QUERY}, headers={"origin": "https://app.example.org"})
    assert "access-control-allow-origin" not in response.headers


def test_the_record_cache_spares_the_store_until_the_data_changes(fixture_kg: KnowledgeGraph) -> None:
    query = {"query": "{ channels { nodes { label endpoints { label } sources { title } } } }"}
    with app_client(fixture_kg, graphql_response_cache=False) as client:
        client.post("/graphql", json={"query": "{ stats { sources } }"})  # the version's list bounds are read
        before = fixture_kg.store.query_count
        first = client.post("/graphql", json=query).json()
        cold = fixture_kg.store.query_count - before
        second = client.post("/graphql", json=query).json()
        warm = fixture_kg.store.query_count - before - cold
        assert first == second
        assert warm == 0 < cold  # the page, the records, the citations: all known
    with app_client(fixture_kg, graphql_response_cache=False, graphql_record_cache=False) as client:
        client.post("/graphql", json={"query": "{ stats { sources } }"})
        before = fixture_kg.store.query_count
        client.post("/graphql", json=query)
        client.post("/graphql", json=query)
        assert fixture_kg.store.query_count - before == 2 * cold


ROOT_FIELDS = {
    "node": '{ node(id: "QWN0b3I6aHR0cHM6Ly93M2lkLm9yZy9ucmdyYXBoL2lkL25hdG8") { id } }',
    "resource": '{ resource(ref: "nato") { id } }',
    "actors": "{ actors { totalCount } }",
    "channels": "{ channels { totalCount } }",
    "agreements": "{ agreements { totalCount } }",
    "events": "{ events { totalCount } }",
    "survived": '{ survived(period: "2021-10") { period } }',
    "timeline": '{ timeline(id: "office") { changes { status } } }',
    "changes": '{ changes(between: "2021") { status } }',
    "activeOn": '{ activeOn(date: "2021-10") { id } }',
    "path": '{ path(from: "nato", to: "russia", asOf: "2021-10") { length } }',
    "neighbours": '{ neighbours(id: "nato", asOf: "2021-10") { actor { id } } }',
    "centrality": '{ centrality(asOf: "2021-10") { degree betweenness actor { id } } }',
    "components": '{ components(asOf: "2021-10") { size actors { id } } }',
    "search": '{ search(text: "nato") { matched } }',
    "stats": "{ stats { triples } }",
}


EDITOR_FIELDS = {"auditLog", "proposals", "proposalDocuments"}
"""Root fields that need an edit token: tested over HTTP, with and without one, in test_mutations.py
(the audit log) and test_proposals.py (the proposals of ingestion)."""


def test_every_root_field_is_tested_over_http() -> None:
    from nrgraph.graphql.schema import schema

    assert set(ROOT_FIELDS) | EDITOR_FIELDS == set(schema._schema.query_type.fields)  # type: ignore[union-attr]


@pytest.mark.parametrize("field", sorted(ROOT_FIELDS))
def test_root_field_over_http(client: TestClient, field: str) -> None:
    for response in (
        client.post("/graphql", json={"query": ROOT_FIELDS[field]}, headers={"accept": GQL}),
        client.get("/graphql", params={"query": ROOT_FIELDS[field]}, headers={"accept": GQL}),
    ):
        assert response.status_code == 200
        body = response.json()
        assert "errors" not in body, body
        assert body["data"][field] not in (None, [], {})


def test_unexpected_errors_are_masked_in_production(
    fixture_kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nrgraph.catalogue.resources import Catalogue

    def broken(self: Catalogue, text: str, limit: int = 50) -> list[object]:
        raise RuntimeError("disk on fire at /srv/nrgraph/secret.db")

    monkeypatch.setattr(Catalogue, "search", broken)
    query = {"query": '{ search(text: "x") { matched } }'}
    with app_client(fixture_kg) as client:
        (error,) = client.post("/graphql", json=query).json()["errors"]
        assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        assert "disk on fire" in error["message"]
    with app_client(fixture_kg, production=True) as client:
        response = client.post("/graphql", json=query)
        (error,) = response.json()["errors"]
        assert error == {"message": "Internal server error.", "locations": [{"line": 1, "column": 3}],
                         "path": ["search"], "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
        assert "secret" not in response.text
        assert "Traceback" not in response.text


def test_a_repeat_is_found_as_sent_and_a_reworded_one_by_its_parameters(fixture_kg: KnowledgeGraph) -> None:
    app = create_app(Settings(), kg=fixture_kg)
    with TestClient(app) as client:
        graphql = next(r.app for r in app.routes if getattr(r, "path", "") == "/graphql")
        body = json.dumps({"query": QUERY, "variables": {}}).encode()
        first = client.post("/graphql", content=body, headers={"content-type": "application/json"})
        before = fixture_kg.store.query_count
        again = client.post("/graphql", content=body, headers={"content-type": "application/json"})
        reworded = client.post("/graphql", json={"variables": {}, "query": QUERY})
        by_get = client.get("/graphql", params={"query": QUERY, "variables": "{}"})
        assert fixture_kg.store.query_count == before
        assert graphql.generations.of(fixture_kg).responses.hits == 3
        for answer in (again, reworded, by_get):
            assert answer.content == first.content
            assert answer.headers["etag"] == first.headers["etag"]
            assert answer.headers["content-type"] == first.headers["content-type"]
        # the same request in another media type or content type is not that answer
        legacy = client.post("/graphql", content=body, headers={"content-type": "application/json",
                                                                 "accept": "application/json"})
        assert legacy.headers["content-type"] == "application/json; charset=utf-8"
        form = client.post("/graphql", content=body, headers={"content-type": "text/plain"})
        assert form.status_code == 415


def test_a_cached_answer_is_not_given_to_a_request_with_a_wrong_token(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    token = "alice-token-0123456789abcdef"
    settings = workspace.settings.replace(edit_token=f"alice:{token}")
    with TestClient(create_app(settings, kg=workspace.graph())) as client:
        assert client.post("/graphql", json={"query": QUERY}).status_code == 200
        assert client.post("/graphql", json={"query": QUERY}).status_code == 200  # from the cache
        wrong = client.post("/graphql", json={"query": QUERY}, headers={"authorization": "Bearer wrong-0123456789abc"})
        assert wrong.status_code == 403
        right = client.post("/graphql", json={"query": QUERY}, headers={"authorization": f"Bearer {token}"})
        assert right.status_code == 200
        assert "etag" not in right.headers  # an editor's answer is never cached


def test_a_cors_request_to_graphql_gets_the_cors_headers_and_the_cached_answer(fixture_kg: KnowledgeGraph) -> None:
    with app_client(fixture_kg, cors_origins="https://app.example") as client:
        plain = client.post("/graphql", json={"query": QUERY})
        assert "access-control-allow-origin" not in plain.headers
        cross = client.post("/graphql", json={"query": QUERY}, headers={"origin": "https://app.example"})
        assert cross.headers["access-control-allow-origin"] == "https://app.example"
        assert cross.headers["access-control-expose-headers"] == "ETag"
        assert cross.content == plain.content
        assert cross.headers["etag"] == plain.headers["etag"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_two_operations_without_an_operation_name_are_a_request_error(client: TestClient, method: str) -> None:
    query = " ".join(["query A { stats { sources } }", "query B { stats { triples } }"])  # two operations
    if method == "GET":
        response = client.get("/graphql", params={"query": query}, headers={"accept": GQL})
    else:
        response = client.post("/graphql", json={"query": query}, headers={"accept": GQL})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert "defines 2 operations (A, B); give operationName" in error["message"]
    assert "data" not in response.json()


def test_an_operation_name_that_names_no_operation_is_a_request_error(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "query A { stats { sources } }", "operationName": "B"})
    assert response.status_code == 400
    assert "operationName 'B' is not an operation of the document; valid: A" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("accept", ["*/*", "", "application/*", "application/json"])
def test_without_the_new_media_type_in_accept_the_answer_is_application_json(client: TestClient, accept: str) -> None:
    response = client.post("/graphql", content=json.dumps({"query": QUERY}),
                           headers={"content-type": "application/json", "accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")


def test_naming_the_new_media_type_gets_it(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": QUERY}, headers={"accept": f"{GQL}, */*;q=0.5"})
    assert response.headers["content-type"].startswith(GQL)
