"""Stores: every kind answers the same; loads are idempotent, atomic, and reopen when unchanged."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pyoxigraph as ox
import pytest

from nrgraph import KnowledgeGraph, open_graph
from nrgraph.errors import InvalidInput, InvalidQuery, LoadError, StoreError
from nrgraph.loading.files import load
from nrgraph.loading.manifest import load_into, with_manifest
from nrgraph.queries import names, query_text
from nrgraph.sparql.examples import examples
from nrgraph.store import MemoryStore, OxigraphStore, SparqlStore, Store, open_store
from nrgraph.store.manifest import recorded_graphs
from nrgraph.store.sparql import _relabel_blank_nodes
from nrgraph.store.table import key

from ..conftest import ENGINES, FIXTURES, ONTOLOGY, graph_on, store_url
from ..servers import Servers, free_port

VALID = FIXTURES / "valid.ttl"
OFFICE = ox.NamedNode("https://w3id.org/nrgraph/id/office")
Opener = Callable[[str | Store], Store]
REMOTE = ("sparql", pytest.param("virtuoso", marks=pytest.mark.slow))

# Each query, run on every store, must give what the embedded store gives.
QUERIES = {
    "labels": ("SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label", {}),
    "bound": ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?o)) } ORDER BY ?p ?o", {"s": OFFICE}),
    "dates": ("SELECT ?c ?e ?l WHERE { ?c nrg:effectiveEarliest ?e ; nrg:effectiveLatest ?l } ORDER BY ?c", {}),
    "citations": (
        "SELECT ?x ?source ?locator WHERE { ?x nrg:citation ?c . ?c nrg:source ?source ; nrg:locator ?locator } "
        "ORDER BY ?x ?locator",
        {},
    ),
    "literal binding": (
        "SELECT ?s ?label WHERE { ?s rdfs:label ?label }",
        {"label": ox.Literal("Test Office", language="en")},
    ),
    "graphs": ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", {}),
    # "not after" a day, as the named queries write <= (Virtuoso 7.2 answers this one with no rows
    # when written ?start <= ?day)
    "periods begun by a day": (
        "SELECT ?day ?period WHERE { ?period nrg:startLatest ?start FILTER(!(?start > ?day)) } ORDER BY ?period",
        {"day": ox.Literal("2000-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))},
    ),
    "class_counts": (query_text("class_counts"), {}),
    "date_range": (query_text("date_range"), {}),
    "triple_count": (query_text("triple_count"), {}),
}


@pytest.fixture
def opened() -> Iterator[Opener]:
    """Opens stores (or takes opened ones) for a test and closes them after it, pass or fail."""
    stores: list[Store] = []

    def opener(store: str | Store) -> Store:
        stores.append(open_store(store) if isinstance(store, str) else store)
        return stores[-1]

    yield opener
    for store in stores:
        store.close()


@pytest.fixture(scope="module", params=ENGINES)
def any_kg(
    request: pytest.FixtureRequest, servers: Servers, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KnowledgeGraph]:
    """The ontology plus tests/fixtures/valid.ttl in each kind of store, Virtuoso included."""
    graph = graph_on(request.param, [ONTOLOGY, VALID], servers, tmp_path_factory)
    yield graph
    graph.store.close()


@pytest.fixture(scope="module")
def reference() -> Iterator[KnowledgeGraph]:
    graph = open_graph([ONTOLOGY, VALID])
    yield graph
    graph.store.close()


@pytest.mark.parametrize("name", QUERIES)
def test_every_store_answers_as_the_embedded_one(
    any_kg: KnowledgeGraph, reference: KnowledgeGraph, name: str
) -> None:
    query, bindings = QUERIES[name]
    expected = reference.store.select(query, bindings)
    assert expected, "the reference answer must not be empty"
    assert any_kg.store.select(query, bindings) == expected


def test_no_named_query_or_gallery_example_compares_with_less_or_equal() -> None:
    """Virtuoso 7.2 loses rows on ``?a <= ?b`` over dates: the named queries and the SPARQL
    gallery write ``!(?a > ?b)`` (or ``<`` the next day)."""
    texts = {name: query_text(name) for name in names()} | {item.name: item.text for item in examples()}
    offending = [
        name for name, text in texts.items()
        if "<=" in "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    ]
    assert offending == []


def test_every_store_asks_and_constructs(any_kg: KnowledgeGraph, reference: KnowledgeGraph) -> None:
    assert any_kg.store.ask("ASK { ?s a nrg:DiplomaticMission }", {"s": OFFICE})
    assert not any_kg.store.ask("ASK { ?s a nrg:Treaty }", {"s": OFFICE})
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(!isBlank(?o)) }"
    got = any_kg.store.construct(query, {"s": OFFICE})
    assert sorted(map(str, got)) == sorted(map(str, reference.store.construct(query, {"s": OFFICE})))
    assert len(got) > 5


def test_every_store_knows_the_version_and_size(any_kg: KnowledgeGraph, reference: KnowledgeGraph) -> None:
    assert any_kg.version == reference.version == load([ONTOLOGY, VALID]).digest
    assert len(any_kg.store) == len(reference.store)
    assert any_kg.stats() == reference.stats()


def test_every_store_counts_its_queries(any_kg: KnowledgeGraph) -> None:
    before = any_kg.store.query_count
    any_kg.store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert any_kg.store.query_count == before + 1


def test_a_malformed_query_is_invalid_on_every_store(any_kg: KnowledgeGraph) -> None:
    with pytest.raises(InvalidQuery):
        any_kg.store.select("SELECT ?s WHERE { ?s ?p }")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://x", "store 'postgres://x' is not known; valid: memory, oxigraph:PATH or sparql:"),
        ("oxigraph:", "is not known"),
        ("sparql:", "is not known"),
        ("sparql:ftp://example.org/sparql", "'ftp://example.org/sparql' is not an http(s) URL"),
        ("sparql:http://127.0.0.1:1/q,update", "'update' is not an http(s) URL"),
    ],
)
def test_unknown_store_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        open_store(url)


@pytest.mark.parametrize(
    ("url", "kind"),
    [("memory", MemoryStore), ("oxigraph:{tmp}", OxigraphStore), ("sparql:http://127.0.0.1:1/q", SparqlStore)],
)
def test_store_urls_open_their_kind(url: str, kind: type[Store], tmp_path: Path) -> None:
    store = open_store(url.format(tmp=tmp_path))
    assert type(store) is kind
    store.close()


# -- the persistent Oxigraph store --------------------------------------------------------------


def _copy_fixture(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    copy = folder / "valid.ttl"
    shutil.copy(VALID, copy)
    return copy


def test_oxigraph_store_reopens_without_parsing(tmp_path: Path, opened: Opener) -> None:
    data = _copy_fixture(tmp_path / "data")
    url = f"oxigraph:{tmp_path / 'store'}"
    first = open_graph([ONTOLOGY, data], store=url)
    opened(first.store)
    assert first.data is not None
    stats, generation = first.stats(), os.readlink(tmp_path / "store" / "current")
    first.store.close()
    again = open_graph([ONTOLOGY, data], store=url)
    opened(again.store)
    assert again.data is None, "an unchanged store is reopened, not loaded"
    assert os.readlink(tmp_path / "store" / "current") == generation
    assert again.stats() == stats
    assert again.version == first.version


def test_oxigraph_store_is_rebuilt_when_a_file_changes(tmp_path: Path, opened: Opener) -> None:
    data = _copy_fixture(tmp_path / "data")
    url = f"oxigraph:{tmp_path / 'store'}"
    first = open_graph([ONTOLOGY, data], store=url)
    opened(first.store)
    version = first.version
    first.store.close()
    data.write_text(data.read_text().replace('"Test Office"@en', '"Renamed Office"@en'), encoding="utf-8")
    again = open_graph([ONTOLOGY, data], store=url)
    opened(again.store)
    assert again.data is not None
    assert again.version != version
    assert again.store.ask("ASK { ?s rdfs:label 'Renamed Office'@en }", {"s": OFFICE})
    assert not again.store.ask("ASK { ?s rdfs:label 'Test Office'@en }", {"s": OFFICE})


def test_a_broken_file_leaves_the_oxigraph_store_as_it_was(tmp_path: Path, opened: Opener) -> None:
    data = _copy_fixture(tmp_path / "data")
    store = opened(OxigraphStore(tmp_path / "store"))
    load_into(store, [ONTOLOGY, data])
    before = (len(store), store.digest())
    data.write_text(data.read_text() + "\nthis is not turtle\n", encoding="utf-8")
    with pytest.raises(LoadError):
        open_graph([ONTOLOGY, data], store=f"oxigraph:{tmp_path / 'store'}")
    assert (len(store), store.digest()) == before


def test_a_write_that_fails_midway_leaves_the_oxigraph_store_as_it_was(tmp_path: Path, opened: Opener) -> None:
    store = opened(OxigraphStore(tmp_path / "store"))
    load_into(store, [ONTOLOGY, VALID])
    before = (len(store), store.digest())
    generations = sorted(p.name for p in (tmp_path / "store").iterdir())

    def failing() -> Iterator[ox.Quad]:
        yield from list(with_manifest(load([ONTOLOGY, VALID])))[:100]
        raise RuntimeError("the source failed")

    with pytest.raises(RuntimeError, match="the source failed"):
        store.replace(failing())
    assert (len(store), store.digest()) == before
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == generations, "no half-built generation is left"
    reopened = opened(OxigraphStore(tmp_path / "store"))
    assert (len(reopened), reopened.digest()) == before


def test_several_processes_can_read_one_oxigraph_store(tmp_path: Path, opened: Opener) -> None:
    load_into(opened(OxigraphStore(tmp_path / "store")), [ONTOLOGY, VALID])
    readers = [opened(OxigraphStore(tmp_path / "store")) for _ in range(3)]
    assert {len(r) for r in readers} == {len(readers[0])}
    assert len(readers[0]) > 0


def test_oxigraph_store_keeps_only_the_current_and_previous_generations(tmp_path: Path, opened: Opener) -> None:
    store = opened(OxigraphStore(tmp_path / "store"))
    for _ in range(4):
        load_into(store, [ONTOLOGY, VALID])
    generations = [p for p in (tmp_path / "store").iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 2
    assert (tmp_path / "store" / "current").resolve() in {g.resolve() for g in generations}


def test_oxigraph_store_in_an_unwritable_place_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot create the store folder"):
        OxigraphStore(blocker / "store")


# -- remote stores over the SPARQL protocol ----------------------------------------------------


@pytest.fixture(params=REMOTE)
def remote(request: pytest.FixtureRequest, servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, empty remote store's URL."""
    return store_url(request.param, servers, tmp_path_factory)


def _all_graphs(url: str) -> list[str]:
    """Every named graph the server holds, asked directly (not through nrgraph's dataset)."""
    query_url = url.removeprefix("sparql:").split(",")[0]
    response = httpx2.post(
        query_url,
        data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    graphs = (b["g"]["value"] for b in response.json()["results"]["bindings"])
    return sorted(g for g in graphs if g.startswith("https://w3id.org/nrgraph/"))


def test_loading_twice_replaces_instead_of_appending(remote: str, reference: KnowledgeGraph, opened: Opener) -> None:
    store = opened(remote)
    load_into(store, [ONTOLOGY, VALID])
    once = (len(store), _all_graphs(remote))
    load_into(store, [ONTOLOGY, VALID])
    assert (len(store), _all_graphs(remote)) == once
    assert len(store) == len(reference.store)


def test_blank_nodes_stay_whole_across_batches(remote: str, reference: KnowledgeGraph, opened: Opener) -> None:
    store = opened(SparqlStore(*remote.removeprefix("sparql:").split(","), batch_size=7))
    load_into(store, [ONTOLOGY, VALID])
    query, bindings = QUERIES["citations"]
    assert store.select(query, bindings) == reference.store.select(query, bindings)


def test_a_load_that_fails_midway_leaves_the_previous_content(remote: str, opened: Opener) -> None:
    store = opened(SparqlStore(*remote.removeprefix("sparql:").split(","), batch_size=50))
    load_into(store, [ONTOLOGY, VALID])
    before = (len(store), opened(remote).digest(), _all_graphs(remote))
    sent: list[int] = []

    def failing() -> Iterator[ox.Quad]:
        yield from list(with_manifest(load([ONTOLOGY])))
        raise StoreError("the connection dropped")

    with pytest.raises(StoreError, match="connection dropped"):
        store.replace(failing(), sent.append)
    assert sum(sent) > 0, "some batches were sent before the failure"
    assert (len(store), opened(remote).digest(), _all_graphs(remote)) == before


def test_a_first_load_that_fails_midway_leaves_nothing(remote: str, opened: Opener) -> None:
    store = opened(SparqlStore(*remote.removeprefix("sparql:").split(","), batch_size=50))

    def failing() -> Iterator[ox.Quad]:
        yield from list(with_manifest(load([ONTOLOGY, VALID])))[:300]
        raise StoreError("the connection dropped")

    with pytest.raises(StoreError, match="connection dropped"):
        store.replace(failing())
    assert _all_graphs(remote) == []
    assert store.digest() is None


def test_readers_never_see_a_load_in_progress(remote: str, opened: Opener) -> None:
    writer = opened(SparqlStore(*remote.removeprefix("sparql:").split(","), batch_size=100))
    reader = opened(remote)
    load_into(writer, [ONTOLOGY, VALID])
    before = len(reader)
    seen: list[int] = []
    writer.replace(with_manifest(load([ONTOLOGY, VALID])), lambda _: seen.append(len(reader)))
    assert len(seen) > 2
    assert set(seen) == {before}
    assert len(reader) == before


def test_graphs_of_removed_files_are_dropped(remote: str, tmp_path: Path, opened: Opener) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix id: <https://w3id.org/nrgraph/id/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'id:office rdfs:comment "extra" .\n',
        encoding="utf-8",
    )
    store = opened(remote)
    load_into(store, [ONTOLOGY, VALID, extra])
    extra_graph = "https://w3id.org/nrgraph/graph/" + f"{tmp_path.name}/extra"
    assert extra_graph in [g.value for g in recorded_graphs(store)]
    load_into(store, [ONTOLOGY, VALID])
    assert extra_graph not in _all_graphs(remote)
    assert not store.ask("ASK { ?s rdfs:comment 'extra' }")


def test_a_broken_file_never_reaches_the_remote_store(remote: str, tmp_path: Path, opened: Opener) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(VALID.read_text().replace("nrg:endpoint id:nato, id:russia ;", "nrg:endpoint id:nato ;"))
    store = opened(remote)
    with pytest.raises(LoadError):
        load_into(store, [ONTOLOGY, bad])
    assert _all_graphs(remote) == []


def test_an_empty_remote_store_says_to_load_it(remote: str) -> None:
    with pytest.raises(StoreError, match="holds no nrgraph data; load it: nrgraph load --store"):
        open_graph([ONTOLOGY, VALID], store=remote)


def test_a_remote_store_sees_loads_by_other_processes(remote: str, tmp_path: Path, opened: Opener) -> None:
    loader = opened(remote)
    load_into(loader, [ONTOLOGY, VALID])
    served = open_graph([ONTOLOGY, VALID], store=remote)
    opened(served.store)
    assert isinstance(served.store, SparqlStore)
    served.store.dataset_ttl = 0  # see loads at once (by default, within 5 s)
    first = served.version
    changed = tmp_path / "fixtures" / "valid.ttl"  # the same graph name, graph:fixtures/valid
    changed.parent.mkdir()
    changed.write_text(VALID.read_text().replace('"Test Office"@en', '"Renamed Office"@en'), encoding="utf-8")
    load_into(loader, [ONTOLOGY, changed])
    assert served.version != first
    assert served.store.ask("ASK { ?s rdfs:label 'Renamed Office'@en }", {"s": OFFICE})


def test_an_unreachable_store_is_a_store_error(opened: Opener) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    store = opened(f"sparql:{url}")
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL store at {url}"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_a_store_without_update_url_cannot_be_loaded(servers: Servers, opened: Opener) -> None:
    query_url = servers.oxigraph().removeprefix("sparql:").split(",")[0]
    store = opened(f"sparql:{query_url}")
    with pytest.raises(StoreError, match="has no update URL; give one to load it: sparql:QUERY_URL,UPDATE_URL"):
        load_into(store, [ONTOLOGY, VALID])


JSON_LOOKALIKE = '{ "type": "bnode", "value": "nodeID://b1" } and "type":"bnode","value":"x y"'


def test_blank_nodes_read_the_same_through_table_and_select(remote: str, opened: Opener) -> None:
    """Blank-node labels a store writes (Virtuoso's ``nodeID://…`` is no valid N-Triples label) are
    read as valid labels, the same by both readers, and a literal that looks like one is left alone."""
    store = opened(remote)
    text = JSON_LOOKALIKE.replace("\\", "\\\\").replace('"', '\\"')
    store.update(
        "INSERT { GRAPH <urn:test:g> { <urn:test:s> <urn:test:p> _:a . _:a <urn:test:p> _:b . "
        f'_:b <urn:test:p> "{text}" . }} }} WHERE {{}}'
    )
    query = "SELECT ?s ?o WHERE { GRAPH <urn:test:g> { ?s ?p ?o } }"
    cells = {(s, o) for s, o in store.table(query).rows}
    assert cells == {(str(row["s"]), str(row["o"])) for row in store.select(query)}
    (first,) = [o for s, o in cells if s == "<urn:test:s>"]
    (second,) = [o for s, o in cells if s == first]
    (literal,) = [o for s, o in cells if s == second]
    assert first != second
    assert [ox.BlankNode(label[2:]).value for label in (first, second)] == [first[2:], second[2:]]  # valid labels
    assert key(literal) == JSON_LOOKALIKE


@pytest.mark.parametrize(
    ("term", "relabelled"),
    [
        (b'{ "type": "bnode", "value": "nodeID://b10001" }', b'{ "type": "bnode", "value": "nodeID___b10001" }'),
        (b'{"value":"nodeID:\\/\\/b9" ,"type" :"bnode"}', b'{"value":"nodeID___b9" ,"type" :"bnode"}'),
        (b'{ "type": "bnode", "value": "b0" }', None),
        (b'{ "type": "bnode", "value": "a:b-c.d" }', None),
        (b'{ "type": "bnode", "value": "\\u00e9t\\u00e9" }', None),
        (b'{ "type": "bnode", "value": "\\u00e9/\\t" }', '{ "type": "bnode", "value": "\u00e9__" }'.encode()),
        (b'{ "type": "literal", "value": "\\"type\\": \\"bnode\\", \\"value\\": \\"a b\\"" }', None),
    ],
)
def test_only_invalid_blank_node_labels_are_rewritten(term: bytes, relabelled: bytes | None) -> None:
    """Either key order and JSON escapes are read; valid labels and literals stay byte for byte."""
    document = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": %s}]}}'
    assert _relabel_blank_nodes(document % term) == document % (relabelled or term)
