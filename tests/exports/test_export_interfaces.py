"""The exports from HTTP (in-process) and the CLI (CliRunner): media types, errors, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from nrgraph import KnowledgeGraph
from nrgraph.cli.main import cli
from nrgraph.exports import FORMATS
from nrgraph.exports.graphml import read_graphml
from nrgraph.namespaces import DATA
from nrgraph.web.app import create_app

from ..conftest import FIXTURES, ONTOLOGY

NIO = str(DATA["nio"])


@pytest.fixture(scope="module")
def client(network_kg: KnowledgeGraph) -> TestClient:
    with TestClient(create_app(kg=network_kg)) as client:
        yield client


RDF_FORMATS = {"turtle", "nquads", "jsonld"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.rdf_window_export) if n in RDF_FORMATS else n for n in FORMATS]
)
def test_every_format_is_served_with_its_media_type(client: TestClient, name: str) -> None:
    response = client.get(f"/export/{name}", params={"asOf": "2021-11"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == FORMATS[name].media_type.split(";")[0]
    assert f'filename="{FORMATS[name].file_name("2021-11-01")}"' in response.headers["content-disposition"]
    assert response.content


def test_the_served_graph_is_the_graph_at_that_date(client: TestClient) -> None:
    graph = read_graphml(client.get("/export/graphml", params={"asOf": "2021-10-31"}).content)
    nio = [d for *_, k, d in graph.edges(keys=True, data=True) if k == NIO]
    assert [d["status"] for d in nio] == ["Active"]
    later = json.loads(client.get("/export/cytoscape", params={"period": "2021-10/2021-11", "kind": "channel"}).content)
    (edge,) = [e["data"] for e in later["elements"]["edges"] if e["data"]["key"] == NIO]
    assert (edge["status_before"], edge["status"]) == ("Active", "Terminated")
    assert {e["data"]["family"] for e in later["elements"]["edges"]} == {"channel"}


@pytest.mark.parametrize(
    ("path", "params", "code", "fragment"),
    [
        ("/export/gml", {"asOf": "2021"}, "UNKNOWN_FORMAT", "export format 'gml' is not known; valid: graphml"),
        ("/export/graphml", {"asOf": "2021-13"}, "INVALID_DATE", "'2021-13' is not a date"),
        ("/export/graphml", {"period": "2021-11/2021-10"}, "INVALID_PERIOD", "ends before it starts"),
        ("/export/graphml", {"asOf": "2021", "period": "2021"}, "BAD_USER_INPUT", "not both"),
        ("/export/graphml", {"kind": "hotlines"}, "BAD_USER_INPUT", "kind 'hotlines' is not a kind of link"),
        ("/export/graphml", {"as_of": "2021"}, "BAD_USER_INPUT", "unknown parameter 'as_of'"),
    ],
)
def test_bad_requests_get_a_json_error_listing_the_formats(
    client: TestClient, path: str, params: dict[str, str], code: str, fragment: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert fragment in error["message"]
    assert error["valid_formats"] == list(FORMATS)


def test_an_empty_period_is_a_valid_empty_export(client: TestClient) -> None:
    response = client.get("/export/node-link", params={"period": "1900/1950"})
    assert response.status_code == 200
    assert response.json()["nodes"] == response.json()["edges"] == []


# ------------------------------------------------------------------- CLI ----


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def network_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("data")
    (data / "network.ttl").write_bytes((FIXTURES / "network.ttl").read_bytes())
    return {"NRGRAPH_DATA_DIR": str(data), "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY)}


def test_cli_lists_the_formats(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--list"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == list(FORMATS)


def test_cli_exports_to_stdout_and_to_a_file(runner: CliRunner, network_env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "edges-csv", "--as-of", "2021-11", "--kind", "hotline"], env=network_env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("source,target,key,")
    assert len(result.stdout.splitlines()) == 2
    out = tmp_path / "graph.gexf"
    result = runner.invoke(cli, ["export", "gexf", "--period", "2021", "--out", str(out)], env=network_env)
    assert result.exit_code == 0, result.output
    assert b'timeformat="date"' in out.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "gml"], "export format 'gml' is not known; valid: graphml, gexf"),
        (["export", "graphml", "--as-of", "2021-13"], "'2021-13' is not a date"),
        (["export", "graphml", "--period", "2021-11/2021-10"], "ends before it starts"),
        (["export", "graphml", "--as-of", "2021", "--period", "2021"], "not both"),
        (["export"], "give a FORMAT"),
    ],
)
def test_cli_errors_are_one_line_messages(
    runner: CliRunner, network_env: dict[str, str], args: list[str], message: str
) -> None:
    result = runner.invoke(cli, args, env=network_env)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_network_commands(runner: CliRunner, network_env: dict[str, str]) -> None:
    isolated = runner.invoke(cli, ["network", "isolated", "--period", "2021-10/2021-11"], env=network_env)
    assert isolated.exit_code == 0, isolated.output
    assert "2021-11-01  NATO - Russia: lost NATO Military Liaison Mission Moscow" in isolated.output
    path = runner.invoke(cli, ["network", "path", "nato", "russia", "--as-of", "2021-10"], env=network_env)
    assert path.output.splitlines()[:2] == ["as of 2021-10: 2021-10-01 (definite)", "NATO (nato) -> Russia (russia)"]
    cut = runner.invoke(cli, ["network", "path", "nato", "russia", "--as-of", "2021-11"], env=network_env)
    assert cut.exit_code == 1
    assert "no chain of active channels joins nato and russia" in cut.output
    central = runner.invoke(cli, ["network", "centrality", "--as-of", "2010"], env=network_env)
    assert central.output.splitlines()[0] == "as of 2010: 2010-01-01 (possible)"
    assert central.output.splitlines()[2].startswith("United States")
    groups = runner.invoke(cli, ["network", "components", "--as-of", "2021-11", "--kind", "channel"], env=network_env)
    assert groups.output.splitlines()[1:] == [
        "1. Finland (finland), Germany (germany)", "2. Russia (russia), United States (usa)", "3. NATO (nato)",
    ]
