"""Fixtures for the GraphQL API: the app in-process over the small fixture graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from nrgraph import KnowledgeGraph, Settings, open_graph
from nrgraph.graphql import execute
from nrgraph.web.app import create_app

from ..conftest import FIXTURES, ONTOLOGY

Run = Callable[..., dict[str, Any]]


@pytest.fixture
def client(fixture_kg: KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), kg=fixture_kg)) as test_client:
        yield test_client


@pytest.fixture
def run(fixture_kg: KnowledgeGraph) -> Run:
    """Run a query in-process and return the response, failing on errors unless told."""

    def run_(query: str, variables: dict[str, Any] | None = None, *, errors: bool = False) -> dict[str, Any]:
        response = execute(fixture_kg, query, variables)
        if not errors:
            assert "errors" not in response, response.get("errors")
        return response

    return run_


def channel_fixture(path: Path, channels: int) -> Path:
    """A dataset of ``channels`` channels, each between NATO and one of several states."""
    lines = [
        "@prefix nrg: <https://w3id.org/nrgraph/ontology#> .",
        "@prefix id:  <https://w3id.org/nrgraph/id/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        'id:src a nrg:Source ; rdfs:label "Source"@en ; dcterms:title "A record" ; dcterms:publisher "P" .',
        'id:nato a nrg:InternationalOrganization ; rdfs:label "NATO"@en ;'
        ' nrg:citation [ nrg:source id:src ; nrg:locator "1" ] .',
    ]
    for n in range(channels):
        lines += [
            f'id:state-{n} a nrg:State ; rdfs:label "State {n}"@en ; nrg:memberOf id:nato ;'
            f' nrg:citation [ nrg:source id:src ; nrg:locator "s{n}" ] .',
            f'id:channel-{n:03d} a nrg:Hotline ; rdfs:label "Channel {n:03d}"@en ; dcterms:description "d"@en ;'
            f" nrg:endpoint id:nato, id:state-{n} ;"
            f' nrg:citation [ nrg:source id:src ; nrg:locator "c{n}" ] .',
            f"id:sc-{n} a nrg:StatusChange ; nrg:subject id:channel-{n:03d} ; nrg:status nrg:Active ;"
            f' nrg:effective "2000"^^xsd:gYear ; nrg:citation [ nrg:source id:src ; nrg:locator "x{n}" ] .',
        ]
    target = path / f"channels-{channels}.ttl"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def channel_graphs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], KnowledgeGraph]:
    folder = tmp_path_factory.mktemp("channels")
    built: dict[int, KnowledgeGraph] = {}

    def graph(channels: int) -> KnowledgeGraph:
        if channels not in built:
            built[channels] = open_graph([ONTOLOGY, channel_fixture(folder, channels)])
        return built[channels]

    return graph


__all__ = ["FIXTURES", "Run", "channel_fixture"]
