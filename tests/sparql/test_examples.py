"""The gallery of worked SPARQL examples (nrgraph/sparql/examples), run on the bundled data, and `nrgraph sparql`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import nrgraph.sparql.examples
from nrgraph import KnowledgeGraph
from nrgraph.cli.main import cli
from nrgraph.namespaces import DATA, NRG
from nrgraph.sparql.examples import EXAMPLES_DIR, Example, example, examples
from nrgraph.sparql.query import QueryRequest, execute, execute_remote
from nrgraph.store import SparqlStore

from ..conftest import DATA as DATA_DIR
from ..conftest import FIXTURES, ONTOLOGY

pytestmark = pytest.mark.sparql_endpoint

GALLERY = examples()


def run_example(kg: KnowledgeGraph, name: str) -> list[dict[str, str]]:
    request = QueryRequest(example(name).text, formats=("json",))
    if isinstance(kg.store, SparqlStore):
        answer = execute_remote(kg.store, request, timeout=60)
    else:
        answer = execute(kg.store.oxigraph, request)  # type: ignore[attr-defined]
    assert answer.truncated is False
    body = json.loads(answer.body)
    return [{k: v["value"] for k, v in row.items()} for row in body["results"]["bindings"]]


def test_the_gallery_opens_with_the_survived_october_2021_question() -> None:
    assert [e.name for e in GALLERY] == [
        "survived-october-2021",
        "channel-timeline",
        "treaties-by-party-status",
        "what-the-2014-suspension-cut",
        "sources-behind-a-fact",
        "bodies-on-each-side",
        "events-of-a-year",
        "what-russia-left",
        "changes-per-decade",
        "most-cited-sources",
    ]
    assert len(GALLERY) >= 10
    assert GALLERY[0].title == "Which channels survived October 2021?"


@pytest.mark.parametrize("item", GALLERY, ids=[e.name for e in GALLERY])
def test_every_example_has_a_title_and_a_description_and_returns_rows(item: Example, kg: KnowledgeGraph) -> None:
    assert item.title
    assert len(item.description) > 80
    assert item.text.lstrip().startswith("# ")
    assert run_example(kg, item.name), f"{item.name} returns no rows on the bundled data"


def test_survived_october_2021_agrees_with_the_temporal_engine(kg: KnowledgeGraph) -> None:
    rows = run_example(kg, "survived-october-2021")
    answered = {row["channel"] for row in rows}
    report = kg.survived("2021-10", kind="channel")
    survivors = {s.subject for s in report.survivors}
    assert survivors <= answered
    assert answered <= survivors | {s.subject for s in report.uncertain}
    assert not answered & {s.subject for s in report.casualties}
    assert str(DATA["moscow-washington-hotline"]) in answered
    for casualty in ("russian-mission-to-nato", "nato-military-liaison-mission-moscow",
                     "nato-information-office-moscow"):
        assert str(DATA[casualty]) not in answered


def test_channel_timeline_lists_the_changes_in_order(kg: KnowledgeGraph) -> None:
    rows = run_example(kg, "channel-timeline")
    expected = [c.iri for c in kg.timeline(str(DATA["nato-russia-council"])).changes]
    assert [row["change"] for row in rows] == expected
    assert all(int(row["sources"]) >= 1 for row in rows)


def test_the_2014_cut_includes_the_council_and_practical_cooperation(kg: KnowledgeGraph) -> None:
    rows = run_example(kg, "what-the-2014-suspension-cut")
    cut = {(row["link"], row["status"]) for row in rows}
    assert (str(DATA["nrc-practical-cooperation"]), str(NRG.Suspended)) in cut
    assert (str(DATA["nato-russia-council"]), str(NRG.Restricted)) in cut
    assert all(row["effective"].startswith("2014") for row in rows)


def test_treaties_by_party_status_gives_one_status_per_treaty_and_party(kg: KnowledgeGraph) -> None:
    rows = run_example(kg, "treaties-by-party-status")
    pairs = [(row["treaty"], row["party"]) for row in rows]
    assert len(pairs) == len(set(pairs))
    for treaty, party in pairs:
        status = kg.status_at(treaty, "2099-12-31", party=party)
        answered = next(r["status"] for r in rows if (r["treaty"], r["party"]) == (treaty, party))
        if status.status is not None and status.certainty.name == "DEFINITE":
            assert answered == str(status.status.iri), (treaty, party)


def test_sources_behind_a_fact_names_a_source_for_every_change(kg: KnowledgeGraph) -> None:
    rows = run_example(kg, "sources-behind-a-fact")
    changes = {c.iri for c in kg.timeline(str(DATA["nato-russia-council"])).changes}
    assert {row["change"] for row in rows} == changes
    assert all(row["title"] for row in rows)


def test_the_sides_hold_the_bodies_of_nato_and_of_russia(kg: KnowledgeGraph) -> None:
    rows = run_example(kg, "bodies-on-each-side")
    sides = {(row["side"], row["body"]) for row in rows}
    assert (str(DATA["nato"]), str(DATA["north-atlantic-council"])) in sides
    assert not {body for side, body in sides if side == str(DATA["nato"])} & {
        body for side, body in sides if side == str(DATA["russia"])
    }


def test_what_russia_left_includes_the_cfe_suspension_of_2007(kg: KnowledgeGraph) -> None:
    rows = run_example(kg, "what-russia-left")
    assert {"agreement": str(DATA["cfe-treaty"]), "status": str(NRG.Suspended), "effective": "2007-12-12"}.items() <= {
        k: v for row in rows if row["effective"] == "2007-12-12" for k, v in row.items()
    }.items()


def test_the_events_of_2021_are_dated_as_recorded_in_order(kg: KnowledgeGraph) -> None:
    dates = [row["date"] for row in run_example(kg, "events-of-a-year")]
    assert dates
    assert all(d.startswith("2021") for d in dates)
    assert "2021-10-18" in dates


def test_an_unknown_example_names_the_known_ones() -> None:
    with pytest.raises(LookupError, match="example 'nope' not found; known examples: survived-october-2021"):
        example("nope")


def test_examples_are_package_data_beside_their_module() -> None:
    assert Path(nrgraph.sparql.examples.__file__).resolve().parent == EXAMPLES_DIR
    assert len(list(EXAMPLES_DIR.glob("*.rq"))) == len(GALLERY)


# ---- the command line -------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A data folder with tests/fixtures/valid.ttl alone: the CLI loads it in a blink."""
    folder = tmp_path_factory.mktemp("data")
    (folder / "valid.ttl").write_text((FIXTURES / "valid.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    return str(folder)


def run(*args: str, data: str = str(DATA_DIR), env: dict[str, str] | None = None) -> tuple[int, str, str]:
    environment = {"NRGRAPH_DATA_DIR": data, "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY), **(env or {})}
    result = CliRunner().invoke(cli, ["sparql", *args], env=environment, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_prints_a_table_by_default(small_data: str) -> None:
    code, out, _ = run("SELECT ?s WHERE { ?s a nrg:State } ORDER BY ?s", data=small_data)
    assert code == 0
    assert out.splitlines() == ["s", "---------", "id:russia", "id:usa", "(2 rows)"]


def test_cli_formats(small_data: str) -> None:
    code, out, _ = run("SELECT ?s WHERE { ?s a nrg:State } ORDER BY ?s", "--format", "csv", data=small_data)
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [["s"], [str(DATA["russia"])], [str(DATA["usa"])]]
    code, out, _ = run("ASK { id:office a nrg:DiplomaticMission }", "--format", "json", data=small_data)
    assert json.loads(out)["boolean"] is True
    code, out, _ = run("CONSTRUCT WHERE { id:office a ?type }", data=small_data)
    assert code == 0
    assert "id:office a nrg:DiplomaticMission" in out


def test_cli_marks_a_cut_answer(small_data: str) -> None:
    code, out, err = run("SELECT * WHERE { ?s ?p ?o }", data=small_data, env={"NRGRAPH_SPARQL_MAX_ROWS": "3"})
    assert code == 0
    assert out.splitlines()[-1] == "(3 rows; more were cut at the row limit)"
    assert "the answer was cut at 3 rows" in err


def test_cli_runs_and_lists_examples() -> None:
    code, out, _ = run("--list-examples")
    assert code == 0
    assert out.splitlines()[0].split()[0] == "survived-october-2021"
    code, out, _ = run("--example", "survived-october-2021", "--format", "tsv")
    assert code == 0
    assert out.splitlines()[0] == "?channel\t?label\t?status\t?since"
    assert f"<{DATA['moscow-washington-hotline']}>" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELECT * WHERE { ?s ?p }"], "Error: SPARQL syntax error at line 1, column 18: Expected SelectQuery"),
        (["INSERT DATA { <urn:a> <urn:b> <urn:c> }"], "Error: this endpoint is read-only"),
        (["SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "Error: SERVICE is refused"),
        (["--example", "nope"], "Error: example 'nope' not found"),
        (["SELECT * WHERE { ?s ?p ?o }", "--example", "channel-timeline"], "give either a QUERY or --example"),
        ([], "give either a QUERY or --example"),
        (["CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"], "format 'csv' is not available for a CONSTRUCT"),
    ],
)
def test_cli_errors_are_one_line_messages(args: list[str], message: str, small_data: str) -> None:
    code, _, err = run(*args, data=small_data)
    assert code != 0
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("env", "iri"),
    [
        ({}, "http://127.0.0.1:8000/s"),  # the URL `nrgraph serve` answers /sparql at
        ({"NRGRAPH_PORT": "9001"}, "http://127.0.0.1:9001/s"),
        ({"NRGRAPH_SPARQL_BASE_IRI": "https://nrgraph.example.org/api/sparql"}, "https://nrgraph.example.org/api/s"),
    ],
)
def test_cli_resolves_relative_iris_as_the_endpoint_does(small_data: str, env: dict[str, str], iri: str) -> None:
    code, out, _ = run("SELECT ?o WHERE { VALUES ?o { <s> } }", "--format", "csv", data=small_data, env=env)
    assert code == 0
    assert out.splitlines() == ["o", iri]


def test_cli_refuses_deep_nesting_in_one_line(small_data: str) -> None:
    code, _, err = run("SELECT * WHERE " + "{" * 100 + "}" * 100, data=small_data)
    assert code != 0
    assert "query nested too deeply at line 1, column 80" in err
