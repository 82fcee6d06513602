"""`nrgraph load --store URL`: what users see when they load a store."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nrgraph.cli.main import cli

from ..conftest import FIXTURES, ONTOLOGY
from ..servers import Servers

VALID = FIXTURES / "valid.ttl"
ENV = {"NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY), "NRGRAPH_DATA_DIR": str(FIXTURES / "valid.ttl")}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={**ENV, **(env or {})}, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_load_then_stats_read_the_oxigraph_store(tmp_path: Path) -> None:
    url = f"oxigraph:{tmp_path / 'store'}"
    code, out, err = run("load", "--store", url)
    assert code == 0, err
    assert out.startswith("loaded 2 files, ")
    assert f"into {url}" in out
    assert "loading" not in err, "no progress bar when stderr is not a terminal"
    code, out, _ = run("stats", "--json", env={"NRGRAPH_STORE": url})
    assert code == 0
    assert json.loads(out)["classes"]["StatusChange"] == 4


def test_load_into_a_remote_store_twice_changes_nothing(servers: Servers) -> None:
    url = servers.oxigraph()
    assert run("load", "--store", url, str(VALID))[0] == 0
    first = run("stats", "--json", env={"NRGRAPH_STORE": url})
    assert run("load", "--store", url, str(VALID))[0] == 0
    second = run("stats", "--json", env={"NRGRAPH_STORE": url})
    assert first == second
    assert json.loads(first[1])["classes"]["DiplomaticMission"] == 1


def test_the_store_comes_from_the_environment_too(tmp_path: Path) -> None:
    code, out, _ = run("load", env={"NRGRAPH_STORE": f"oxigraph:{tmp_path}"})
    assert code == 0
    assert "loaded 2 files" in out


def test_invalid_data_loads_nothing(tmp_path: Path, servers: Servers) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(VALID.read_text().replace("nrg:endpoint id:nato, id:russia ;", "nrg:endpoint id:nato ;"))
    url = servers.oxigraph()
    code, _, err = run("load", "--store", url, str(bad))
    assert code == 1
    assert err.startswith("Error: nothing loaded: the files do not load.")
    assert "a channel needs at least two" in err
    code, _, err = run("stats", env={"NRGRAPH_STORE": url})
    assert code == 1
    assert "holds no nrgraph data; load it: nrgraph load --store" in err
    assert "Traceback" not in err


def test_bad_store_urls_are_one_line_errors() -> None:
    code, _, err = run("load", "--store", "postgres://db")
    assert code == 1
    assert err.strip() == (
        "Error: nothing loaded: store 'postgres://db' is not known; "
        "valid: memory, oxigraph:PATH or sparql:QUERY_URL[,UPDATE_URL]"
    )
    code, _, err = run("load", "--store", "memory")
    assert code == 1
    assert "the memory store keeps nothing" in err


def test_an_unreachable_store_is_a_one_line_error() -> None:
    code, _, err = run("load", "--store", "sparql:http://127.0.0.1:9/query,http://127.0.0.1:9/update")
    assert code == 1
    assert err.startswith("Error: nothing loaded: cannot reach the SPARQL store at http://127.0.0.1:9/")
    assert "Traceback" not in err
