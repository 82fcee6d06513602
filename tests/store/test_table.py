"""Query results as text (Store.table): free text never mis-splits, on every store, and the
temporal corpus read that way from a remote or reopened store is the one read at load."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrgraph.errors import StoreError
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.loading.files import load
from nrgraph.store import MemoryStore
from nrgraph.store.table import key, literal, read_table
from nrgraph.temporal.corpus import Corpus

from ..conftest import ENGINES, FIXTURES, ONTOLOGY, graph_on
from ..servers import Servers

VALID = FIXTURES / "valid.ttl"
TRICKY = [
    'a "quoted" word',
    "a\ttab",
    "two\nlines",
    "carriage\rreturn",
    "back\\slash and \\t not a tab",
    "line\u2028separator and \u0085 next line",
    "tab at the end\t",
    "\n",
    "",
    "é ü 日本語 🙂",
    'ends with a quote"',
]
LABELS = "SELECT ?s ?label (LANG(?label) AS ?language) WHERE { ?s <http://example.org/label> ?label } ORDER BY ?s"


def _store_with(texts: list[str], language: str | None = None) -> MemoryStore:
    store = MemoryStore()
    store.replace(
        ox.Quad(
            ox.NamedNode(f"http://example.org/n{i:03d}"),
            ox.NamedNode("http://example.org/label"),
            ox.Literal(text, language=language) if language else ox.Literal(text),
        )
        for i, text in enumerate(texts)
    )
    return store


@pytest.mark.parametrize("language", [None, "en", "fr-CA"])
def test_tricky_literals_come_back_as_they_were(language: str | None) -> None:
    table = _store_with(TRICKY, language).table(LABELS)
    assert table.columns == ("s", "label", "language")
    assert [key(row[1]) for row in table.rows] == TRICKY
    assert [key(row[0]) for row in table.rows] == [f"http://example.org/n{i:03d}" for i in range(len(TRICKY))]
    assert {key(row[2]) for row in table.rows} == {(language or "").lower()}  # Oxigraph lowercases tags


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=5))
def test_any_text_comes_back_as_it_was(texts: list[str]) -> None:
    table = _store_with(texts).table(LABELS)
    assert [key(row[1]) for row in table.rows] == texts


def test_unbound_cells_are_none_and_numbers_keep_their_lexical_form() -> None:
    store = _store_with(["x"])
    table = store.table(
        "SELECT ?s ?missing (1 AS ?one) (0.5 AS ?half) (true AS ?yes) "
        "WHERE { ?s ?p ?o OPTIONAL { ?s <http://example.org/none> ?missing } }"
    )
    ((s, missing, one, half, yes),) = table.rows
    assert (key(s), key(missing)) == ("http://example.org/n000", None)
    assert (key(one), key(half), key(yes)) == ("1", "0.5", "true")


@pytest.mark.parametrize(
    ("tsv", "problem"),
    [
        (b"s\tlabel\n", "not a list of [?]variables"),
        (b"", "no header line"),
    ],
)
def test_a_table_without_a_header_is_refused(tsv: bytes, problem: str) -> None:
    with pytest.raises(StoreError, match=problem):
        read_table(tsv, "the test store")


@pytest.mark.parametrize(
    ("tsv", "problem"),
    [
        (b'?s\t?label\n<http://a>\t"raw\ttab"\n', "line 2\\) with 3 cells for 2 columns"),
        (b"?s\n<http://a>\n<http://b>\textra\n", "line 3\\) with 2 cells for 1 columns"),
    ],
)
@pytest.mark.parametrize("read", ["rows", "arrow"])
def test_a_malformed_row_is_refused_not_misread(tsv: bytes, problem: str, read: str) -> None:
    table = read_table(tsv, "the test store")
    with pytest.raises(StoreError, match=f"the test store sent a TSV row \\({problem}"):
        table.rows if read == "rows" else table.arrow()


def test_rows_and_arrow_agree_on_unbound_and_escaped_cells() -> None:
    tsv = '?s\t?label\n<http://a>\t"tab\\there"@en\n_:b1\t\n<http://c>\t"\u00e9t\u00e9"\n'.encode()
    table = read_table(tsv)
    assert table.arrow().to_pylist() == [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    assert table.arrow().column("label").to_pylist() == ['"tab\\there"@en', "", '"\u00e9t\u00e9"']
    one = read_table(b"?s\n<http://a>\n\n<http://c>\n")
    assert one.arrow().column("s").to_pylist() == ["<http://a>", "", "<http://c>"] == [r[0] for r in one.rows]
    assert read_table(b"?s\t?o\n").arrow().num_rows == 0


def test_rows_split_on_newlines_only() -> None:
    table = read_table('?label\n"a\u2028b\u0085c"\n'.encode())
    assert [key(row[0]) for row in table.rows] == ["a\u2028b\u0085c"]


def _tricky_data(tmp_path: Path) -> Path:
    """valid.ttl with a citation whose wording and note hold tabs, newlines and quotes, and a
    source label with a tab."""
    text = VALID.read_text(encoding="utf-8")
    text = text.replace(
        'nrg:wording "closed" ; nrg:note "The source says closed."',
        'nrg:wording "closed\\t(\\"for good\\")" ; nrg:note """Two\nlines,\ta tab."""',
    )
    text = text.replace('rdfs:label "Test source"@en ;', 'rdfs:label "Test\\tsource"@en ;')
    path = tmp_path / "tricky.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=ENGINES)
def tricky_kg(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[KnowledgeGraph, Path]]:
    running = Servers(tmp_path_factory.mktemp("servers"))
    data = _tricky_data(tmp_path_factory.mktemp("tricky"))
    graph = graph_on(request.param, [ONTOLOGY, data], running, tmp_path_factory)
    yield graph, data
    graph.store.close()
    running.stop()


def test_free_text_of_citations_reads_back_from_every_store(tricky_kg: tuple[KnowledgeGraph, Path]) -> None:
    kg, _data = tricky_kg
    (change,) = [c for c in kg.timeline("office").changes if c.iri.endswith("sc-office-2021-terminated")]
    (citation,) = change.citations
    assert citation.wording == 'closed\t("for good")'
    assert citation.note == "Two\nlines,\ta tab."
    assert citation.source_label == "Test\tsource"


def test_the_corpus_read_back_from_a_store_is_the_corpus_read_at_load(
    tricky_kg: tuple[KnowledgeGraph, Path],
) -> None:
    kg, data = tricky_kg
    loaded = load([ONTOLOGY, data])
    stored = Corpus.from_store(kg.store)
    assert loaded.corpus is not None
    assert stored.changes == loaded.corpus.changes
    assert stored.histories == loaded.corpus.histories
    assert stored.subjects == loaded.corpus.subjects
    assert (stored.link_classes, stored.actors) == (loaded.corpus.link_classes, loaded.corpus.actors)


XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (ox.Literal("2021-10", datatype=ox.NamedNode(f"{XSD}gYearMonth")), ("2021-10", f"{XSD}gYearMonth")),
        (ox.Literal("7", datatype=ox.NamedNode(f"{XSD}integer")), ("7", f"{XSD}integer")),
        (ox.Literal("-0.5", datatype=ox.NamedNode(f"{XSD}decimal")), ("-0.5", f"{XSD}decimal")),
        (ox.Literal("true", datatype=ox.NamedNode(f"{XSD}boolean")), ("true", f"{XSD}boolean")),
        (ox.Literal("2021\t10", datatype=ox.NamedNode(f"{XSD}date")), ("2021\t10", f"{XSD}date")),
        (ox.Literal("plain"), ("plain", f"{XSD}string")),
        (ox.Literal("Wort", language="de"), ("Wort", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")),
        (ox.NamedNode("https://w3id.org/nrgraph/id/nato"), ("https://w3id.org/nrgraph/id/nato", None)),
    ],
)
def test_a_literal_cell_gives_its_lexical_form_and_datatype(term: ox.NamedNode | ox.Literal, expected: object) -> None:
    store = MemoryStore()
    store.replace([ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), term)])
    ((cell,),) = store.table("SELECT ?o WHERE { ?s ?p ?o }").rows
    assert literal(cell) == expected
