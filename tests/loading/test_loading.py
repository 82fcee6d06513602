"""Loading is all or nothing, and derives date bounds and slugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrgraph import KnowledgeGraph
from nrgraph.errors import LoadError
from nrgraph.knowledge_graph import open_graph
from nrgraph.namespaces import DATA, NRG

from ..conftest import FIXTURES, ONTOLOGY


def test_date_bounds_are_materialised(fixture_kg: KnowledgeGraph) -> None:
    rows = fixture_kg.store.select(
        "SELECT ?c ?e ?l WHERE { ?c nrg:effectiveEarliest ?e ; nrg:effectiveLatest ?l }",
        {"c": _node(DATA["sc-office-2001-active"])},
    )
    assert [(r["e"].value, r["l"].value) for r in rows] == [("2001-02-01", "2001-02-28")]


def test_slugs_are_derived(fixture_kg: KnowledgeGraph) -> None:
    assert fixture_kg.store.ask("ASK { ?x nrg:slug 'office' }", {"x": _node(DATA["office"])})


def test_a_failed_reload_leaves_the_previous_graph(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text((FIXTURES / "valid.ttl").read_text(), encoding="utf-8")
    kg = open_graph([ONTOLOGY, data])
    before = (len(kg.store), kg.version)
    data.write_text(data.read_text() + "\nthis is not turtle\n", encoding="utf-8")
    with pytest.raises(LoadError):
        kg.reload()
    assert (len(kg.store), kg.version) == before


def test_data_files_get_their_own_named_graphs(fixture_kg: KnowledgeGraph) -> None:
    rows = fixture_kg.store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a nrg:StatusChange } }")
    assert [r["g"].value for r in rows] == ["https://w3id.org/nrgraph/graph/fixtures/valid"]
    assert str(NRG.StatusChange)


def _node(iri: object):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.NamedNode(str(iri))
