"""The guard: what is refused, how syntax errors are reported, the depth limit, and the screen."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyparsing import ParseException, ParserElement
from rdflib.plugins.sparql.parser import parseQuery

from nrgraph.errors import QuerySyntaxError, QueryTooDeep, RefusedQuery
from nrgraph.namespaces import PREFIXES
from nrgraph.sparql.guard import _walk, needs_vetting, vet

LOCAL = {PREFIXES["graph"] + "derived", PREFIXES["graph"] + "data/channels"}


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <urn:x>", "DESCRIBE"),
        ("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p ?o }", "SELECT"),
        ("SELECT * WHERE { ?s a nrg:Channel }", "SELECT"),  # the project's prefixes need no declaration
    ],
)
def test_queries_pass_with_their_form(query: str, form: str) -> None:
    assert vet(query, local_graphs=LOCAL, prefixes=PREFIXES).form == form


def test_from_local_graphs_passes_and_is_reported() -> None:
    vetted = vet(
        "SELECT * FROM graph:derived FROM NAMED <https://w3id.org/nrgraph/graph/data/channels> WHERE { ?s ?p ?o }",
        local_graphs=LOCAL,
        prefixes=PREFIXES,
    )
    assert vetted.from_graphs == (PREFIXES["graph"] + "derived",)
    assert vetted.from_named_graphs == (PREFIXES["graph"] + "data/channels",)
    assert vetted.has_dataset


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "the update INSERT DATA is refused"),
        ("DELETE WHERE { ?s ?p ?o }", "the update DELETE WHERE is refused"),
        ("LOAD <http://example.org/x>", "the update LOAD is refused"),
        ("CLEAR DEFAULT", "the update CLEAR is refused"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
         "SERVICE is refused by design: this endpoint never reaches the network (SERVICE <http://example.org/sparql>)"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM <http://example.org/g> is refused"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
         "FROM NAMED <http://example.org/g> is refused"),
    ],
)
def test_refusals_name_what_is_refused(query: str, message: str) -> None:
    with pytest.raises(RefusedQuery) as refused:
        vet(query, local_graphs=LOCAL, prefixes=PREFIXES)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    ("query", "column"),
    [
        ("SELECT * WHERE " + "{" * 65 + " ?s ?p ?o " + "}" * 65, 16 + 64),
        ("SELECT * WHERE { FILTER(" + "(" * 64 + "1" + ")" * 64 + ") }", 24 + 63),
        ("SELECT * WHERE { ?s ?p " + "[ ?p " * 64 + "1" + " ]" * 64 + " }", 24 + 5 * 63),
    ],
    ids=["groups", "parentheses", "brackets"],
)
def test_nesting_past_the_depth_limit_is_refused_at_its_place(query: str, column: int) -> None:
    with pytest.raises(QueryTooDeep, match="may nest at most 64 deep") as refused:
        vet(query, local_graphs=LOCAL, max_depth=64)
    assert (refused.value.line, refused.value.column) == (1, column)


def test_nesting_up_to_the_depth_limit_passes() -> None:
    assert vet("SELECT * WHERE " + "{" * 64 + " ?s ?p ?o " + "}" * 64, local_graphs=LOCAL).form == "SELECT"
    deep = "SELECT * WHERE { FILTER(" + "(" * 254 + "1" + ")" * 254 + ") }"
    assert vet(deep, local_graphs=LOCAL, max_depth=256).form == "SELECT"


def test_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    noise = "'((((' , \"{{{{\" , <http://x/((((> , # [[[[\n"
    query = f"SELECT * WHERE {{ ?s ?p {noise * 20} 1 }}"
    assert vet(query, local_graphs=LOCAL, max_depth=4).form == "SELECT"


def test_nesting_hidden_from_the_lexical_count_still_stops_in_the_parser() -> None:
    # '<' then no space up to a '>' reads as one IRI to a lexer; the parser sees comparisons
    # nested ever deeper, each level opened after a string that holds its closers.
    query = "SELECT * WHERE { FILTER(?a<" + "(((((')))))'=" * 200 + "1>) }"
    with pytest.raises(QueryTooDeep, match="the parser ran out of room"):
        vet(query, local_graphs=LOCAL, max_depth=64)


@pytest.mark.parametrize("escape", ["\\U0011FFFF", "\\uD800", "\\UFFFFFFFF"])
def test_an_escape_of_no_unicode_character_is_a_syntax_error_at_its_place(escape: str) -> None:
    with pytest.raises(QuerySyntaxError, match="names no Unicode character") as error:
        vet(f"SELECT * WHERE {{\n  BIND('{escape}' AS ?x) }}", local_graphs=LOCAL)
    assert (error.value.line, error.value.column) == (2, 9)


@pytest.mark.parametrize(
    ("query", "graph"),
    [
        ("SELECT * FROM <g> WHERE {}", "http://host/sparql/g" if False else "http://host/g"),
        ("BASE <http://other/a/> SELECT * FROM <g> WHERE {}", "http://other/a/g"),
        ("BASE <sub/> SELECT * FROM NAMED <g> WHERE {}", "http://host/sub/g"),
    ],
)
def test_relative_iris_in_from_resolve_against_the_base(query: str, graph: str) -> None:
    vetted = vet(query, local_graphs=[graph], base_iri="http://host/sparql")
    assert graph in (*vetted.from_graphs, *vetted.from_named_graphs)


def test_relative_iris_parse_with_a_base() -> None:
    assert vet("CONSTRUCT { <s> <p> 1 } WHERE {}", local_graphs=LOCAL, base_iri="http://host/sparql").form == (
        "CONSTRUCT"
    )


def test_federation_lets_service_and_remote_from_through() -> None:
    query = "SELECT * FROM <http://example.org/g> WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"
    assert vet(query, local_graphs=LOCAL, federation=True).form == "SELECT"


def test_protocol_graphs_are_checked() -> None:
    with pytest.raises(RefusedQuery, match=r"graph parameter <http://example\.org/g> is refused"):
        vet("ASK {}", local_graphs=LOCAL, protocol_graphs=["http://example.org/g"])


@pytest.mark.parametrize(
    ("query", "line", "column"),
    [
        ("SELECT * WHERE { ?s ?p }", 1, 18),
        ("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }", 4, 3),
        ("SELECT * WHERE {\n  ?s a undeclared:Thing }", 2, 8),
    ],
)
def test_syntax_errors_carry_line_and_column(query: str, line: int, column: int) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        vet(query, local_graphs=LOCAL, prefixes=PREFIXES)
    assert (error.value.line, error.value.column) == (line, column)
    assert str(error.value).startswith(f"SPARQL syntax error at line {line}, column {column}: ")


@pytest.mark.parametrize(
    ("query", "screened"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT * WHERE { FILTER(?a<?b&&?c>1) }", False),
        ("SELECT * WHERE { SERVICE <x> {} }", True),
        ("select * where { sErViCe <x> {} }", True),
        ("SELECT * WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:9/x> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s <http://example.org/service> 'x' }", True),  # anywhere: a false alarm costs the parse
        ("SELECT * WHERE { ?s ?p 'x' } # from a comment", True),
        ("SELECT ?fromDate WHERE { ?s ?p ?fromDate }", True),
        ("\\u0053ERVICE <http://x/> {}", True),
        ("SELECT * WHERE " + "{" * 64 + "}" * 64, False),
        ("SELECT * WHERE " + "{" * 65 + "}" * 65, True),  # more openings than the depth limit: parsed
    ],
)
def test_the_screen_reads_the_raw_text(query: str, screened: bool) -> None:
    assert needs_vetting(query, max_depth=64) is screened


# Pieces that could trick a lexer: keywords inside and outside strings, IRIs, comments,
# prefixed names with escapes, comparison operators that look like IRIs.
PIECES = [
    "SERVICE", "service", "SeRvIcE", "SILENT", "FROM", "from", "NAMED", "<http://x/s>", "<s>", "ex:a", "ex:service",
    "ex:a\\#", "ex:b\\'", "?s", "?service", "$from", "'s'", "'SERVICE'", '"FROM"', "'''a\nSERVICE'''", '"""x"""',
    "# SERVICE <http://x/> {}\n", "#", "\n", " ", "{", "}", ".", "<", ">", "?a<?b", "1e5", "1", ";", ",", "(", ")",
    "FILTER", "OPTIONAL", "GRAPH", "a", "\\u0053ERVICE", "BIND", "AS",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.booleans())
def test_a_query_the_screen_passes_never_has_a_service_or_from(pieces: list[str], spaced: bool) -> None:
    body = (" " if spaced else "").join(pieces)
    query = f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?x ?y ?z {body} }}"
    if needs_vetting(query):
        return
    try:
        parsed = parseQuery(query)
    except (ParseException, RecursionError):
        return  # Oxigraph would reject it too, or the full parse runs then
    assert not any(node.name == "ServiceGraphPattern" for node in _walk(parsed))
    assert not dict.get(parsed[1], "datasetClause")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=10))
def test_a_query_with_service_is_always_screened(pieces: list[str]) -> None:
    query = f"SELECT * WHERE {{ {' '.join(pieces)} SERVICE <http://x/> {{ ?s ?p ?o }} }}"
    try:
        parsed = parseQuery(query)
    except (ParseException, RecursionError):
        return
    if any(node.name == "ServiceGraphPattern" for node in _walk(parsed)):
        assert needs_vetting(query)


def test_service_is_refused_by_its_iri_or_variable_whatever_hides_it() -> None:
    hidden = "SELECT * WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:9/x> { ?s ?p ?o } }"
    with pytest.raises(RefusedQuery, match=r"refused by design.*\(SERVICE <http://127\.0\.0\.1:9/x>\)$"):
        vet(hidden, local_graphs=LOCAL)
    with pytest.raises(RefusedQuery, match=r"\(SERVICE \?e\)$"):
        vet("SELECT * WHERE { SERVICE SILENT ?e { ?s ?p ?o } }", local_graphs=LOCAL)


def test_the_depth_limit_holds_with_pyparsings_packrat_cache_on() -> None:
    """Importing matplotlib turns packrat on for every pyparsing grammar, which deepens rdflib's recursion."""
    was_on = ParserElement._packratEnabled
    ParserElement.enable_packrat()
    try:
        deep = "SELECT * WHERE { FILTER(" + "(" * 254 + "1" + ")" * 254 + ") }"
        assert vet(deep, local_graphs=LOCAL, max_depth=256).form == "SELECT"
    finally:
        if not was_on:
            ParserElement.disable_memoization()
