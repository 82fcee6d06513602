"""Binding values into query text for remote stores: a VALUES block in the right place."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nrgraph.errors import InvalidQuery
from nrgraph.store.values import bind

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
