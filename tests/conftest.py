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
    """The ontology plus tests/fixtures/network.ttl: a small network for projection and exports."""
    return open_graph([ONTOLOGY, FIXTURES / "network.ttl"])

