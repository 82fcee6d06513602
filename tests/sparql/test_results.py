"""The SELECT result writers: what they write parses back, term for term, with Oxigraph's parsers."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrgraph.sparql.formats import choose, parse_accept
from nrgraph.sparql.results import write_solutions, write_table

XSD = "http://www.w3.org/2001/XMLSchema#"
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
iris = st.sampled_from(["http://example.org/a", "https://w3id.org/nrgraph/id/nato", "urn:x:1", "http://e/a?b=c&d=%3C&e='x'"])
terms = st.one_of(
    st.none(),
    iris.map(ox.NamedNode),
    st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True).map(ox.BlankNode),
    text.map(ox.Literal),
    st.tuples(text, st.sampled_from(["en", "ru", "fr-be"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.integers().map(lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))),
    st.dates().map(lambda d: ox.Literal(d.isoformat(), datatype=ox.NamedNode(XSD + "date"))),
)
VARIABLES = ["s", "label", "n"]
rows = st.lists(st.tuples(terms, terms, terms), max_size=8)


def solutions(data: bytes, fmt: ox.QueryResultsFormat) -> list[tuple[object, ...]]:
    parsed = ox.parse_query_results(data, format=fmt)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [v.value for v in parsed.variables] == VARIABLES
    return [tuple(solution) for solution in parsed]


@settings(max_examples=150, deadline=None)
@given(rows)
@pytest.mark.parametrize(
    ("name", "fmt"),
    [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML), ("tsv", ox.QueryResultsFormat.TSV)],
)
def test_written_results_parse_back_to_the_same_terms(
    name: str, fmt: ox.QueryResultsFormat, data: list[tuple[object, ...]]
) -> None:
    written = write_solutions(name, VARIABLES, data, truncated=False)  # type: ignore[arg-type]
    assert solutions(written, fmt) == data


@settings(max_examples=100, deadline=None)
@given(rows)
def test_csv_has_one_record_per_row_with_plain_values(data: list[tuple[object, ...]]) -> None:
    written = write_solutions("csv", VARIABLES, data, truncated=False)  # type: ignore[arg-type]
    records = list(csv.reader(io.StringIO(written.decode("utf-8"), newline="")))
    assert records[0] == VARIABLES
    expected = [
        ["" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value for t in row]  # type: ignore[attr-defined]
        for row in data
    ]
    assert records[1:] == expected


def test_json_marks_truncation_and_stays_parseable() -> None:
    row = (ox.NamedNode("http://e/a"), None, ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")))
    written = write_solutions("json", VARIABLES, [row], truncated=True)
    assert json.loads(written)["truncated"] is True
    assert solutions(written, ox.QueryResultsFormat.JSON) == [row]


def test_the_table_shortens_iris_with_the_prefixes() -> None:
    row = (ox.NamedNode("https://w3id.org/nrgraph/id/nato"), ox.Literal("NATO", language="en"), None)
    table = write_table(VARIABLES, [row], truncated=False, prefixes={"id": "https://w3id.org/nrgraph/id/"})
    assert table.splitlines() == ["s        label    n", "-------  -------  -", "id:nato  NATO@en", "(1 row)"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/csv;q=0.5, application/json", [("application/json", 1.0), ("text/csv", 0.5)]),
        ("*/*;q=0.1, text/*, text/csv", [("text/csv", 1.0), ("text/*", 1.0), ("*/*", 0.1)]),
        ("text/csv;q=0, text/tab-separated-values", [("text/tab-separated-values", 1.0)]),
        ("text/csv;q=oops", []),
        ("", []),
    ],
)
def test_accept_headers_are_ordered_by_weight_then_specificity(header: str, expected: list[tuple[str, float]]) -> None:
    assert parse_accept(header) == expected


@pytest.mark.parametrize(
    ("form", "accept", "formats", "chosen"),
    [
        ("SELECT", None, (), "json"),
        ("SELECT", "text/plain", (), "table"),
        ("CONSTRUCT", "text/plain", (), "ntriples"),
        ("DESCRIBE", None, (), "turtle"),
        ("CONSTRUCT", "application/sparql-results+xml", (), "rdfxml"),
        ("SELECT", "text/turtle", ("tsv", "text/tab-separated-values"), "tsv"),
        ("SELECT", None, ("nonsense", "csv"), "csv"),
        ("ASK", "application/*", (), "json"),
    ],
)
def test_format_choice(form: str, accept: str | None, formats: tuple[str, ...], chosen: str) -> None:
    assert choose(form, accept, formats).name == chosen
