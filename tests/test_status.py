"""The Status enum mirrors the SKOS scheme of the ontology."""

from __future__ import annotations

import pytest
from rdflib import Graph

from nrgraph.errors import InvalidInput
from nrgraph.namespaces import NRG, SKOS
from nrgraph.status import Status

from .conftest import ONTOLOGY


def test_enum_matches_the_scheme() -> None:
    graph = Graph().parse(ONTOLOGY / "nrgraph.ttl")
    concepts = set(graph.subjects(SKOS.inScheme, NRG.StatusScheme))
    assert concepts == {s.iri for s in Status}
    for status in Status:
        broader = graph.value(status.iri, SKOS.broader)
        assert status.top.iri == (broader or status.iri)
    assert set(graph.objects(NRG.StatusScheme, SKOS.hasTopConcept)) == {s.iri for s in Status if s.top is s}


@pytest.mark.parametrize(
    ("status", "active", "closed"),
    [
        (Status.ACTIVE, True, False),
        (Status.DORMANT, True, False),
        (Status.RESTRICTED, True, False),
        (Status.SUSPENDED, False, False),
        (Status.PROPOSED, False, False),
        (Status.TERMINATED, False, True),
        (Status.REPLACED, False, True),
    ],
)
def test_families(status: Status, active: bool, closed: bool) -> None:
    assert status.is_active is active
    assert status.is_closed is closed


def test_parse_names_the_valid_statuses() -> None:
    assert Status.parse("SUSPENDED") is Status.SUSPENDED
    with pytest.raises(InvalidInput, match="valid: proposed, active"):
        Status.parse("frozen")
