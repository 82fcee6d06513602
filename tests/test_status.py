"""The Status enum mirrors the SKOS scheme of the ontology."""

from __future__ import annotations

import pytest
from rdflib import Graph

from nrgraph.errors import InvalidInput
from nrgraph.namespaces import NRG, SKOS
from nrgraph.status import Family, Status

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


@pytest.mark.parametrize(
    ("family", "members"),
    [
        (Family.ACTIVE, {Status.ACTIVE, Status.RESTRICTED, Status.DORMANT}),
        (Family.ACTIVE_PROPER, {Status.ACTIVE}),
        (Family.CONNECTED, {Status.ACTIVE, Status.RESTRICTED, Status.DORMANT}),
        (Family.IN_FORCE, {Status.ACTIVE, Status.RESTRICTED, Status.DORMANT, Status.SUSPENDED}),
    ],
)
def test_each_family_is_defined_once(family: Family, members: set[Status]) -> None:
    assert family.statuses == members
    assert {s for s in Status if family.counts(s)} == members
    assert not family.counts(None)


def test_in_force_leaves_out_proposed_and_closed_links() -> None:
    assert [s.value for s in Status if s.is_in_force] == ["Active", "Restricted", "Dormant", "Suspended"]
    assert Family.parse("in-force") is Family.IN_FORCE
    with pytest.raises(InvalidInput, match="valid: active, active proper, connected, in force"):
        Family.parse("alive")
