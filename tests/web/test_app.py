"""The ASGI app, in-process."""

from __future__ import annotations

import asyncio

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nrgraph import KnowledgeGraph
from nrgraph.web.app import create_app


def test_healthz_reports_the_loaded_data(fixture_kg: KnowledgeGraph) -> None:
    with TestClient(create_app(kg=fixture_kg)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["data"] == fixture_kg.version
    assert body["quads"] == len(fixture_kg.store) > 0



class _Recorder:
    """A middleware that notes the path of each HTTP request it passes on."""

    def __init__(self, app: ASGIApp, seen: list[str]) -> None:
        self.app, self.seen = app, seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.seen.append(scope["path"])
        await self.app(scope, receive, send)


def test_a_middleware_added_later_sees_graphql_requests_too(fixture_kg: KnowledgeGraph) -> None:
    """``/graphql`` skips Starlette's layers only while the app has no middleware added later."""
    seen: list[str] = []
    app = create_app(kg=fixture_kg)
    app.add_middleware(_Recorder, seen=seen)
    with TestClient(app) as client:
        assert client.post("/graphql", json={"query": "{ __typename }"}).json() == {"data": {"__typename": "Query"}}
        assert client.get("/healthz").status_code == 200
    assert seen == ["/graphql", "/healthz"]


def test_graphql_answers_alike_before_and_through_starlettes_layers(fixture_kg: KnowledgeGraph) -> None:
    query = {"query": '{ resource(ref: "nato") { ... on Actor { label } } }'}
    direct = create_app(kg=fixture_kg)
    layered = create_app(kg=fixture_kg)
    layered.add_middleware(_Recorder, seen=[])
    answers = []
    for app in (direct, layered):
        with TestClient(app) as client:
            response = client.post("/graphql", json=query)
            answers.append((response.status_code, response.json(), response.headers["etag"]))
    assert answers[0] == answers[1]
    assert answers[0][1] == {"data": {"resource": {"label": "NATO"}}}


@pytest.mark.parametrize(
    ("path", "media"), [("/graphql", b"application/json"), ("/sparql", b"application/sparql-query")]
)
def test_a_client_gone_before_its_body_arrived_is_no_server_error(
    fixture_kg: KnowledgeGraph, path: str, media: bytes
) -> None:
    """As when ``http_body_timeout`` sends a slow client away: the endpoint stops, nothing raises."""
    app = create_app(kg=fixture_kg)
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", media), (b"content-length", b"100")],
        "client": ("127.0.0.1", 5000), "server": ("testserver", 80),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    async def request() -> None:
        async with app.router.lifespan_context(app):
            await app(scope, receive, send)

    asyncio.run(request())
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] in ([], [400])
