"""The one writer of VALUES blocks: terms escaped, IRIs validated, rows written whole, and for
remote stores the bindings put in the right place."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from nrgraph.errors import InvalidInput, InvalidQuery
from nrgraph.store.values import Value, bind, block, with_values

X = {"x": ox.NamedNode("http://example.org/x")}
BLOCK = "VALUES (?x) { (<http://example.org/x>) }"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", f"SELECT ?x WHERE {{ {BLOCK} ?x ?p ?o }}"),
        ("select ?x { ?x ?p ?o }", f"select ?x {{ {BLOCK} ?x ?p ?o }}"),
        ("ASK { ?x ?p ?o }", f"ASK {{ {BLOCK} ?x ?p ?o }}"),
        (
            "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
            f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ {BLOCK} ?x ?p ?o }}",
        ),
        (  # strings, IRIs and comments that look like syntax are skipped
            "# WHERE { not here\nSELECT ?x ('WHERE {' AS ?s) (<urn:a#b> AS ?i) WHERE { ?x ?p \"}{\" }",
            f"# WHERE {{ not here\nSELECT ?x ('WHERE {{' AS ?s) (<urn:a#b> AS ?i) WHERE {{ {BLOCK} ?x ?p \"}}{{\" }}",
        ),
        (  # a subquery gets its own block, as substitutions reach into subqueries
            "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }",
            f"SELECT ?x WHERE {{ {BLOCK} {{ SELECT ?x WHERE {{ {BLOCK} ?x ?p ?o }} }} }}",
        ),
        ("CONSTRUCT WHERE { ?x ?p ?o }", f"CONSTRUCT WHERE {{ ?x ?p ?o }}\n{BLOCK}\n"),
        ("DESCRIBE ?x", f"DESCRIBE ?x\n{BLOCK}\n"),
        ("SELECT ?where WHERE { ?where ?p ?x }", f"SELECT ?where WHERE {{ {BLOCK} ?where ?p ?x }}"),
    ],
)
def test_values_go_at_the_start_of_each_where_group(query: str, expected: str) -> None:
    assert bind(query, X) == expected


def test_no_bindings_leave_the_query_alone() -> None:
    assert bind("SELECT * { ?s ?p ?o }", {}) == "SELECT * { ?s ?p ?o }"


def test_several_bindings_make_one_row() -> None:
    bound = bind("SELECT * { ?a ?b ?c }", {"a": ox.NamedNode("urn:a"), "b": ox.Literal("two", language="en")})
    assert 'VALUES (?a ?b) { (<urn:a> "two"@en) }' in bound


def test_literals_are_escaped() -> None:
    bound = bind("SELECT * { ?s ?p ?x }", {"x": ox.Literal('"} } ; DROP ALL ; #\n')})
    assert r'VALUES (?x) { ("\"} } ; DROP ALL ; #\n") }' in bound


@pytest.mark.parametrize(
    ("name", "term", "message"),
    [
        ("x y", ox.NamedNode("urn:a"), "not a SPARQL variable name"),
        ("?x", ox.NamedNode("urn:a"), "not a SPARQL variable name"),
        ("x", ox.BlankNode(), "only IRIs and literals"),
    ],
)
def test_what_cannot_be_bound_is_refused(name: str, term: ox.BlankNode | ox.NamedNode, message: str) -> None:
    with pytest.raises(InvalidQuery, match=message):
        bind("SELECT * { ?x ?p ?o }", {name: term})


def test_subqueries_get_the_values_too() -> None:
    query = "SELECT ?s ?x WHERE { { SELECT ?s ?x { ?s ?p ?o FILTER(?o = ?x) } } ?s ?q ?x }"
    bound = bind(query, X)
    assert bound == (
        f"SELECT ?s ?x WHERE {{ {BLOCK} {{ SELECT ?s ?x {{ {BLOCK} ?s ?p ?o FILTER(?o = ?x) }} }} ?s ?q ?x }}"
    )


# ---------------------------------------------------------------- the writer ----

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def test_a_block_of_several_rows_writes_one_row_a_line() -> None:
    written = block(
        ("s", "label", "day"),
        [
            ("urn:a", ox.Literal("A", language="en"), ox.Literal("2021-10-01", datatype=XSD_DATE)),
            (ox.NamedNode("urn:b"), None, ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        ],
    )
    assert written == (
        "VALUES (?s ?label ?day) {\n"
        '  (<urn:a> "A"@en "2021-10-01"^^<http://www.w3.org/2001/XMLSchema#date>)\n'
        '  (<urn:b> UNDEF "7"^^<http://www.w3.org/2001/XMLSchema#integer>)\n'
        "}"
    )


def test_one_row_is_written_on_one_line_and_no_rows_match_nothing() -> None:
    assert block(("root",), [("urn:a",)]) == "VALUES (?root) { (<urn:a>) }"
    assert block(("s",), []) == "VALUES (?s) {\n}"
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x")))
    solutions = store.query(f"SELECT ?s WHERE {{ {block(('s',), [])} ?s ?p ?o }}")
    assert isinstance(solutions, ox.QuerySolutions)
    assert list(solutions) == []


TRICKY_LITERALS = [
    ox.Literal('say "no"'),
    ox.Literal("two\nlines\r\nand a\ttab"),
    ox.Literal("back\\slash } ; DROP ALL ; # not a comment"),
    ox.Literal("'''single''' \"\"\"double\"\"\""),
    ox.Literal("Wort", language="de"),
    ox.Literal("colour", language="en-GB"),
    ox.Literal('"quoted"\n', language="fr"),
    ox.Literal("2021-10", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")),
    ox.Literal("0.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ox.Literal("a \"b\"\n", datatype=ox.NamedNode("http://example.org/type")),
    ox.Literal("é 日本語 🙂 \u2028"),
    ox.Literal(""),
]


def test_literals_are_escaped_and_read_back_as_they_were() -> None:
    """Every tricky literal, written into a query by the writer, is the literal the store binds."""
    rows = [(ox.NamedNode(f"urn:n{i}"), literal) for i, literal in enumerate(TRICKY_LITERALS)]
    query = f"SELECT ?s ?o WHERE {{ {block(('s', 'o'), rows)} }}"
    solutions = ox.Store().query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    assert sorted((s["s"], s["o"]) for s in solutions) == sorted(rows)


@pytest.mark.parametrize("literal", TRICKY_LITERALS)
def test_a_tricky_literal_stays_one_term_on_one_line(literal: ox.Literal) -> None:
    written = block(("o",), [(literal,)])
    assert "\n" not in written
    assert written == f"VALUES (?o) {{ ({literal}) }}"


@pytest.mark.parametrize(
    "iri",
    [
        "https://example.org/a> } ?s ?p ?o {",
        "https://example.org/a b",
        "nato",
        "<https://example.org/a>",
        "",
    ],
)
def test_an_invalid_iri_is_refused_naming_it(iri: str) -> None:
    with pytest.raises(InvalidInput, match=f"{re.escape(repr(iri))} is not a valid IRI; expected an absolute IRI"):
        block(("s",), [("urn:fine",), (iri,)])


@pytest.mark.parametrize(
    ("variables", "rows", "message"),
    [
        (("s",), [(ox.BlankNode("b1"),)], r"cannot bind \?s to _:b1: only IRIs and literals"),
        (("s", "o"), [("urn:a",)], "a VALUES row of 1 values for 2 variables"),
        (("s",), [("urn:a", "urn:b")], "a VALUES row of 2 values for 1 variables"),
        (("s o",), [("urn:a",)], "not a SPARQL variable name"),
        (("?s",), [("urn:a",)], "not a SPARQL variable name"),
        (("s) {} #",), [("urn:a",)], "not a SPARQL variable name"),
    ],
)
def test_what_a_block_cannot_hold_is_refused(
    variables: tuple[str, ...], rows: list[tuple[Value, ...]], message: str
) -> None:
    with pytest.raises(InvalidQuery, match=message):
        block(variables, rows)


def test_with_values_writes_the_block_at_the_marker_of_a_named_query() -> None:
    text = with_values("resources_by_iri", "s", ["urn:a", "urn:b"])
    assert not re.search(r"^\s*#@values\s*$", text, re.MULTILINE)
    assert "VALUES (?s) {\n  (<urn:a>)\n  (<urn:b>)\n}" in text
    assert text.index("VALUES") < text.index("?s ?p ?o")
    store = ox.Store()
    store.extend([ox.Quad(ox.NamedNode(f"urn:{n}"), ox.NamedNode("urn:p"), ox.Literal(n)) for n in "abc"])
    solutions = store.query(text)
    assert isinstance(solutions, ox.QuerySolutions)
    assert sorted(s["s"].value for s in solutions) == ["urn:a", "urn:b"]
