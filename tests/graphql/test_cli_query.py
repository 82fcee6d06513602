"""``nrgraph query`` runs GraphQL in-process and prints JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrgraph.cli.main import cli

from ..conftest import FIXTURES, ONTOLOGY

ENV: dict[str, str] = {}


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> None:
    """A data folder holding only tests/fixtures/valid.ttl."""
    shutil.copy(FIXTURES / "valid.ttl", tmp_path / "valid.ttl")
    ENV.update(NRGRAPH_DATA_DIR=str(tmp_path), NRGRAPH_ONTOLOGY_DIR=str(ONTOLOGY))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=ENV, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_query_with_variables_prints_json() -> None:
    code, out, _ = run("query", "query($n: Int!, $q: String!) { actors(first: $n) { nodes { slug } } "
                       "search(text: $q) { matched } }", "--var", "n=1", "--var", "q=russia")
    assert code == 0
    assert json.loads(out)["data"] == {"actors": {"nodes": [{"slug": "nato"}]}, "search": [{"matched": "Russia"}]}


def test_query_errors_exit_1_with_the_errors_in_the_json() -> None:
    code, out, err = run("query", "{ nope }")
    assert code == 1
    assert json.loads(out)["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Traceback" not in err


def test_a_malformed_var_is_a_one_line_error() -> None:
    code, _, err = run("query", "{ stats { sources } }", "--var", "novalue")
    assert code == 1
    assert "--var 'novalue' is not NAME=VALUE" in err
