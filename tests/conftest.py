"""Shared fixtures: the project's paths, a small valid dataset, and the bundled graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrgraph import KnowledgeGraph, Settings, open_graph

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(ontology_dir=str(ONTOLOGY), data_dir=str(DATA))


@pytest.fixture(scope="session")
def fixture_kg() -> KnowledgeGraph:
    """The ontology plus tests/fixtures/valid.ttl, in the embedded store."""
    return open_graph([ONTOLOGY, FIXTURES / "valid.ttl"])


@pytest.fixture(scope="session")
def kg(settings: Settings) -> KnowledgeGraph:
    """The bundled ontology and data, in the embedded store."""
    return open_graph(settings=settings)


@pytest.fixture(scope="session")
def network_kg() -> KnowledgeGraph:
    """The ontology plus tests/fixtures/network.ttl, with the status periods the temporal
    engine derives for it (tests/fixtures/network-periods.ttl) in graph:derived."""
    return open_network_graph()


def open_network_graph() -> KnowledgeGraph:
    import pyoxigraph as ox

    from nrgraph.loading import load
    from nrgraph.namespaces import DERIVED_GRAPH
    from nrgraph.store import MemoryStore

    data = load([ONTOLOGY, FIXTURES / "network.ttl"])
    derived = ox.NamedNode(str(DERIVED_GRAPH))
    has_periods = any(q.object.value.endswith("#StatusPeriod") for q in data.derived)
    periods = [] if has_periods else [
        ox.Quad(t.subject, t.predicate, t.object, derived)
        for t in ox.parse(path=str(FIXTURES / "network-periods.ttl"), format=ox.RdfFormat.TURTLE)
    ]
    store = MemoryStore()
    store.replace([*data.all_quads(), *periods])
    return KnowledgeGraph(store, data, [ONTOLOGY, FIXTURES / "network.ttl"])
