"""The ASGI app, in-process."""

from __future__ import annotations

from starlette.testclient import TestClient

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
