"""The CLI: exit codes and messages users see."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nrgraph.cli.main import cli

from ..conftest import FIXTURES, ONTOLOGY

VALID = FIXTURES / "valid.ttl"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_accepts_valid_data() -> None:
    code, out, _ = run("validate", str(VALID))
    assert code == 0
    assert out.startswith("valid: 2 files")


def test_validate_names_file_and_line_of_a_syntax_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix id: <https://w3id.org/nrgraph/id/> .\nid:a id:b "open\n', encoding="utf-8")
    code, _, err = run("validate", str(bad))
    assert code == 1
    assert f"{bad}:2: Turtle syntax error" in err
    assert "nothing loaded" in err
    assert "Traceback" not in err


def test_validate_names_the_node_of_a_shape_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(VALID.read_text().replace("nrg:endpoint id:nato, id:russia ;", "nrg:endpoint id:nato ;"))
    code, _, err = run("validate", str(bad))
    assert code == 1
    assert f"<https://w3id.org/nrgraph/id/office> ({bad}): nrg:endpoint: a channel needs at least two" in err


def test_validate_a_missing_path_fails_cleanly(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "nope.ttl"))
    assert code == 1
    assert "no such file or folder" in err


def test_stats_counts_classes_and_dates() -> None:
    env = {"NRGRAPH_DATA_DIR": str(FIXTURES / "valid.ttl"), "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY)}
    code, out, _ = run("stats", "--json", env=env)
    assert code == 0
    figures = json.loads(out)
    assert figures["classes"]["StatusChange"] == 4
    assert figures["classes"]["DiplomaticMission"] == 1
    assert figures["sources"] == 1
    assert figures["first_date"] == "1990-01-01"
    assert figures["last_date"] == "2021-11-01"


def test_a_bad_setting_is_a_clear_error() -> None:
    code, _, err = run("stats", env={"NRGRAPH_PORT": "eighty"})
    assert code == 1
    assert "Setting 'port' has value 'eighty'. Not a valid integer." in err


def test_help_settings_lists_every_setting() -> None:
    code, out, _ = run("--help-settings")
    assert code == 0
    assert "NRGRAPH_STORE" in out
    assert "NRGRAPH_PORT" in out


def test_stats_shows_the_class_tree_with_subclasses_counted() -> None:
    env = {"NRGRAPH_DATA_DIR": str(VALID), "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY)}
    code, out, _ = run("stats", env=env)
    assert code == 0
    lines = out.splitlines()
    channel = next(line for line in lines if line.strip().startswith("Channel "))
    mission = next(line for line in lines if line.strip().startswith("DiplomaticMission "))
    assert len(mission) - len(mission.lstrip()) > len(channel) - len(channel.lstrip())
    assert int(channel.split()[-1]) >= int(mission.split()[-1]) == 1
    figures = json.loads(run("stats", "--json", env=env)[1])
    assert figures["classes"]["Channel"] >= 1
    assert figures["parents"]["DiplomaticMission"] == "Channel"


def test_search_lists_exact_matches_first_with_the_text_that_matched() -> None:
    env = {"NRGRAPH_DATA_DIR": str(VALID), "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY)}
    code, out, _ = run("search", "office", "--json", env=env)
    assert code == 0
    assert json.loads(out)[0] == {
        "iri": "https://w3id.org/nrgraph/id/office", "slug": "office", "matched": "Test Office", "match": "substring",
    }
    code, _, err = run("search", " ", env=env)
    assert code == 2
    assert "give a TEXT" in err


def test_network_path_prints_the_links_and_their_statuses() -> None:
    code, out, _ = run("network", "path", "nato", "russia", "--as-of", "2021-10")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "as of 2021-10: 2021-10-01 (definite)"
    assert lines[1] == "North Atlantic Treaty Organization (nato) -> Russian Federation (russia)"
    assert lines[2].startswith("  nato - russia: ")
    assert "NATO-Russia Council (nato-russia-council): Dormant" in lines[2]
    code, out, _ = run("network", "path", "nato", "russia", "--as-of", "2021-10", "--connected", "active-proper")
    assert "Dormant" not in out


def test_a_misspelt_slug_gets_the_closest_ones() -> None:
    code, _, err = run("network", "neighbours", "rusia", "--as-of", "2020")
    assert code == 1
    assert "actor 'rusia' not found; did you mean russia" in err
