"""``nrgraph status``, ``survived`` and ``timeline``: output, JSON and one-line errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nrgraph.cli.main import cli

from ..conftest import FIXTURES, ONTOLOGY

ENV = {"NRGRAPH_DATA_DIR": str(FIXTURES / "temporal.ttl"), "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY)}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=ENV, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_status_names_the_pending_change() -> None:
    code, out, _ = run("status", "russia-mission-to-nato", "--at", "2021-10-20")
    assert code == 0
    first = "Russia's Permanent Mission to NATO (russia-mission-to-nato) at 2021-10-20: active (definite)"
    assert out.splitlines()[0] == first
    assert "pending:   terminated from 2021-11-01, announced 2021-10-18 (sc-rmn-2021)" in out


def test_status_for_a_party_as_json() -> None:
    code, out, _ = run("status", "cfe-treaty", "--at", "2024", "--party", "usa", "--json")
    assert code == 0
    answer = json.loads(out)
    assert (answer["status"], answer["certainty"]) == ("suspended", "possible")
    assert answer["uncertain_because"]["iri"].endswith("sc-cfe-2023-allies")
    assert answer["uncertain_because"]["confidence"] == 0.8


def test_survived_lists_the_groups() -> None:
    code, out, _ = run("survived", "2021-10", "--kind", "DiplomaticMission")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2021-10-01/2021-10-31: 2 casualties, 0 uncertain, 0 survivors"
    assert lines[1] == "casualties:"
    assert lines[2].startswith(
        "  NATO Information Office in Moscow (nato-information-office-moscow): "
        "terminated from 2021-11-01, announced 2021-10-18"
    )


def test_survived_as_json() -> None:
    code, out, _ = run("survived", "2021-10", "--json", "--limit", "1")
    assert code == 0
    report = json.loads(out)
    assert report["period"] == {"start": "2021-10-01", "end": "2021-10-31"}
    assert [len(report[g]) for g in ("survivors", "casualties", "uncertain")] == [1, 1, 1]
    (casualty,) = report["casualties"]
    assert casualty["reason"] == "announced"
    assert casualty["change"]["citations"][0]["locator"] == "C6"


def test_timeline_lists_changes_and_periods() -> None:
    code, out, _ = run("timeline", "arctic-line")
    assert code == 0
    assert out.splitlines() == [
        "Arctic line (arctic-line): 2 changes",
        "  active from 2010-06-01 (sc-arctic-2010) [src-t]",
        "  suspended from 2021 (sc-arctic-2021) [src-t]",
        "periods:",
        "  active from 2010-06-01, until 2021",
        "  suspended from 2021, open",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "nowhere", "--at", "2021"), "channel or agreement 'nowhere' not found"),
        (("status", "arctic-line", "--at", "21-10-2021"), "'21-10-2021' is not a date"),
        (("survived", "2021-11/2021-10"), "ends before it starts"),
        (("survived", "2021", "--kind", "boat"), "kind 'boat' is not known"),
        (("timeline", "russia"), "'russia' not found"),
    ],
)
def test_errors_are_one_line(args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_status_of_an_agreement_says_how_the_parties_stand() -> None:
    code, out, _ = run("status", "cfe-treaty", "--at", "2021-10")
    assert code == 0
    lines = out.splitlines()
    standing = "in force; suspended by russia since 2007-12-12"
    assert lines[0] == f"A conventional forces treaty (cfe-treaty) at 2021-10 (as of 2021-10-01): {standing} (definite)"
    party = "suspended from 2007-12-12, announced 2007-07-14 (sc-cfe-2007-russia)"
    assert lines[-1] == f"  party russia: {party} (definite)"
    code, out, _ = run("status", "cfe-treaty", "--at", "2021-10", "--json")
    answer = json.loads(out)
    assert answer["as_of_day"] == "2021-10-01"
    assert answer["standing"] == "in force; suspended by russia since 2007-12-12"
    assert [p["party"].rsplit("/", 1)[-1] for p in answer["parties"]] == ["russia"]


def test_survived_shows_the_parties_of_an_entry() -> None:
    code, out, _ = run("survived", "2021-10", "--kind", "treaty")
    assert code == 0
    lines = out.splitlines()
    assert lines[2].startswith("  A conventional forces treaty (cfe-treaty) [Russia (russia)]: active from 1992-11-09")
    assert lines[2].endswith("active as a whole, but a party had suspended or left it before the period began")
    assert lines[3] == ("    party russia: not active at the start, suspended from 2007-12-12, announced 2007-07-14 "
                        "(sc-cfe-2007-russia); not active when the period began")


def test_changes_can_include_those_announced_in_the_period_and_say_which_date_matched() -> None:
    code, out, _ = run("changes", "2021-10", "--kind", "DiplomaticMission")
    assert code == 0
    assert out.splitlines() == ["2021-10-01/2021-10-31: 0 changes"]
    code, out, _ = run("changes", "2021-10", "--kind", "DiplomaticMission", "--announced")
    lines = out.splitlines()
    assert lines[0] == "2021-10-01/2021-10-31: 2 changes"
    assert lines[1].endswith("(sc-nio-2021) [announced in the period]")
    code, out, _ = run("changes", "2021", "--announced", "--json", "--kind", "DiplomaticMission")
    assert {tuple(c["matched"]) for c in json.loads(out)} == {("effective", "announced")}
