"""An edit (a new record, a citation) reaches a persistent store at once, and a reopened store
serves it without re-loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from nrgraph import open_graph
from nrgraph.editing import AddCitation, CitationInput, RecordStatusChange
from nrgraph.namespaces import DATA

from ..conftest import FIXTURES
from ..editing_support import Workspace, make_workspace

_ASK = "ASK { ?change nrg:subject ?subject ; nrg:status nrg:Suspended ; nrg:effective ?date }"


def test_an_edit_on_an_oxigraph_store_is_stored_at_once_and_survives_a_reopen(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURES / "valid.ttl", tmp_path / "data" / "valid.ttl")
    workspace = Workspace(tmp_path)
    url = f"oxigraph:{tmp_path / 'store'}"
    kg = open_graph(settings=workspace.settings, store=url)
    bindings = {
        "subject": ox.NamedNode(str(DATA["treaty"])),
        "date": ox.Literal("2015-03", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")),
    }
    assert not kg.store.ask(_ASK, bindings)

    edit = RecordStatusChange("treaty", "suspended", "2015-03", CitationInput("src-test", "P9"))
    workspace.editor(kg).apply(edit, who="test")

    assert kg.store.ask(_ASK, bindings)  # the persistent store itself, not only the index
    assert kg.status_at("treaty", "2016").status.value == "Suspended"
    kg.store.close()
    reopened = open_graph(settings=workspace.settings, store=url)
    assert reopened.version == kg.version
    assert reopened.store.ask(_ASK, bindings)
    assert reopened.status_at("treaty", "2016").status.value == "Suspended"
    reopened.store.close()


def test_a_citation_on_an_oxigraph_store_is_stored_at_once_and_survives_a_reopen(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    url = f"oxigraph:{tmp_path / 'store'}"
    kg = open_graph(settings=workspace.settings, store=url)
    cited = {"record": ox.NamedNode(str(DATA["ev-expulsion"])), "source": ox.NamedNode(str(DATA["src-test"])),
             "locator": ox.Literal("P2")}
    assert not kg.ask("edit_cited", **cited)
    workspace.editor(kg).apply(AddCitation("ev-expulsion", CitationInput("src-test", "P2")), who="test")
    assert kg.ask("edit_cited", **cited)
    kg.store.close()
    reopened = open_graph(settings=workspace.settings, store=url)
    assert reopened.ask("edit_cited", **cited)
    reopened.store.close()
