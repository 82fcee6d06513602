"""`nrgraph record`, `nrgraph add KIND` and `nrgraph log`: one line per outcome, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrgraph.cli.main import cli

from ..editing_support import Workspace, make_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def run(workspace: Workspace, *args: str) -> tuple[int, str, str]:
    env = {
        "NRGRAPH_ONTOLOGY_DIR": workspace.settings.ontology_dir,
        "NRGRAPH_DATA_DIR": str(workspace.data),
        "NRGRAPH_AUDIT_DIR": str(workspace.audit),
        "NRGRAPH_EDITOR": "",
    }
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_record_writes_the_change_and_log_shows_it(workspace: Workspace) -> None:
    code, out, err = run(
        workspace, "record", "treaty", "--status", "suspended", "--effective", "2023-11-30",
        "--announced", "2023-11-07", "--party", "usa", "--source", "https://example.org/test",
        "--locator", "para. 3", "--wording", "paused", "--note", "Allies' response", "--who", "alice",
    )
    assert (code, err) == (0, "")
    assert out.startswith("recordStatusChange: wrote <https://w3id.org/nrgraph/id/sc-treaty-usa-2023-11-30-suspended>")
    text = (workspace.data / "status-changes.ttl").read_text()
    assert 'nrg:note "Allies\' response"' in text
    code, out, err = run(workspace, "log", "--subject", "treaty", "--json")
    assert code == 0
    (entry,) = [json.loads(line) for line in out.splitlines()]
    assert entry["who"] == "alice"
    assert entry["fields"]["announced"] == "2023-11-07"


def test_a_refused_record_is_one_message_and_exit_1(workspace: Workspace) -> None:
    before = workspace.snapshot()
    code, out, err = run(
        workspace, "record", "office", "--status", "active", "--effective", "2024", "--source", "src-test",
        "--locator", "p. 1",
    )
    assert code == 1
    assert out == ""
    assert "a closed link cannot change again" in err
    assert "Traceback" not in err
    assert workspace.snapshot() == before


def test_record_names_an_unknown_subject_and_suggests(workspace: Workspace) -> None:
    code, _, err = run(
        workspace, "record", "ofice", "--status", "suspended", "--effective", "2024", "--source", "src-test",
        "--locator", "p. 1",
    )
    assert code == 1
    assert "channel or agreement 'ofice' not found; did you mean office?" in err


@pytest.mark.parametrize(
    ("args", "file"),
    [
        (["channel", "red-line", "--kind", "hotline", "--label", "Red line", "--description", "A line.",
          "--endpoint", "nato", "--endpoint", "russia", "--hosted-by", "russia"], "channels.ttl"),
        (["agreement", "pact", "--kind", "treaty", "--label", "Pact", "--description", "A pact.",
          "--party", "nato", "--party", "russia"], "agreements.ttl"),
        (["actor", "france", "--kind", "state", "--label", "France", "--member-of", "nato"], "actors.ttl"),
        (["event", "ev-x", "--kind", "incident", "--label", "X", "--description", "An incident.",
          "--date", "2023-03-14", "--participant", "russia", "--about", "office"], "events.ttl"),
    ],
    ids=["channel", "agreement", "actor", "event"],
)
def test_add_writes_each_kind_to_its_file(workspace: Workspace, args: list[str], file: str) -> None:
    before = workspace.snapshot()
    code, out, err = run(workspace, "add", *args, "--source", "src-test", "--locator", "s. 2")
    assert (code, err) == (0, "")
    assert f"wrote <https://w3id.org/nrgraph/id/{args[1]}> to {workspace.data / file}" in out
    after = workspace.snapshot()
    assert [name for name in after if after[name] != before[name]] == [file]


def test_add_source_then_cite_it_by_url(workspace: Workspace) -> None:
    code, _, err = run(
        workspace, "add", "source", "src-news", "--label", "News", "--title", "A news story", "--publisher", "A paper",
        "--date", "2025-03-02", "--url", "https://news.example/story",
    )
    assert (code, err) == (0, "")
    code, _, err = run(
        workspace, "record", "treaty", "--status", "suspended", "--effective", "2025-03", "--party", "nato",
        "--source", "https://news.example/story", "--locator", "para. 1",
    )
    assert (code, err) == (0, "")
    assert "nrg:source id:src-news" in (workspace.data / "status-changes.ttl").read_text()


def test_log_filters_and_counts(workspace: Workspace) -> None:
    run(workspace, "add", "actor", "france", "--kind", "state", "--label", "France", "--source", "src-test",
        "--locator", "p", "--who", "alice")
    run(workspace, "add", "actor", "spain", "--kind", "state", "--label", "Spain", "--source", "src-test",
        "--locator", "p", "--who", "bob")
    code, out, err = run(workspace, "log", "--who", "bob")
    assert code == 0
    assert len(out.splitlines()) == 1
    assert "bob  addActor  <https://w3id.org/nrgraph/id/spain>" in out
    assert err == "1 edit\n"
    code, out, err = run(workspace, "log", "--since", "2999")
    assert (code, out, err) == (0, "", "0 edits\n")
    code, _, err = run(workspace, "log", "--since", "yesterday")
    assert code == 2
    assert "'yesterday' is not a date" in err


def test_an_unwritable_audit_folder_refuses_the_edit(workspace: Workspace) -> None:
    workspace.audit.parent.mkdir(exist_ok=True)
    workspace.audit.write_text("a file where the audit folder should be")
    before = workspace.snapshot()
    code, _, err = run(workspace, "add", "actor", "france", "--kind", "state", "--label", "France",
                       "--source", "src-test", "--locator", "p")
    assert code == 1
    assert "cannot open the audit log" in err
    assert workspace.snapshot() == before


def test_cite_adds_a_citation_to_a_record_and_log_shows_it(workspace: Workspace) -> None:
    code, out, err = run(
        workspace, "cite", "sc-treaty-2007-suspended", "--source", "https://example.org/test", "--locator", "P2",
        "--wording", "was suspended", "--who", "alice",
    )
    assert (code, err) == (0, "")
    assert out.startswith("addCitation: wrote <https://w3id.org/nrgraph/id/sc-treaty-2007-suspended> to ")
    assert '        nrg:wording "was suspended"\n    ] .' in (workspace.data / "status-changes.ttl").read_text()
    code, out, _ = run(workspace, "log", "--subject", "sc-treaty-2007-suspended", "--json")
    (entry,) = [json.loads(line) for line in out.splitlines()]
    assert (entry["action"], entry["who"], entry["fields"]["citation"]["source"]) == (
        "addCitation", "alice", "https://example.org/test",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sc-treaty-2007-suspended", "--source", "src-test", "--locator", "P9"],
         "(sc-treaty-2007-suspended) already cites src-test at 'P9': the citation is there once; nothing was written"),
        (["sc-treaty-2007-suspendd", "--source", "src-test", "--locator", "P2"],
         "status change or event 'sc-treaty-2007-suspendd' not found; did you mean sc-treaty-2007-suspended?"),
        (["office", "--source", "src-test", "--locator", "P2"], "status change or event 'office' not found"),
        (["ev-expulsion", "--source", "https://example.org/other", "--locator", "P2"],
         "source with URL 'https://example.org/other' not found"),
        (["ev-expulsion", "--source", "src-test", "--locator", " "], "a citation needs a locator"),
    ],
    ids=["already-cited", "unknown-record", "not-a-record", "unknown-url", "empty-locator"],
)
def test_a_refused_cite_is_one_message_exit_1_and_writes_nothing(
    workspace: Workspace, args: list[str], message: str,
) -> None:
    before = workspace.snapshot()
    code, out, err = run(workspace, "cite", *args)
    assert (code, out) == (1, "")
    assert message in err
    assert "Traceback" not in err
    assert workspace.snapshot() == before
    assert not (workspace.audit / "edits.jsonl").exists()


def test_an_edit_run_again_with_its_request_id_is_not_made_twice(workspace: Workspace) -> None:
    """A script that does not know whether its edit was made runs it again with the same id."""
    edit = (
        "record", "treaty", "--status", "suspended", "--effective", "2023-11-30", "--source", "https://example.org/test",
        "--locator", "para. 3", "--who", "alice", "--request-id", "cfe-2023-11",
    )
    code, first, err = run(workspace, *edit)
    assert (code, err) == (0, "")
    assert first.endswith("(request cfe-2023-11)\n")
    written = workspace.snapshot()
    code, again, err = run(workspace, *edit)
    assert (code, err) == (0, "")
    assert again.startswith("recordStatusChange: already made by request cfe-2023-11 at ")
    assert again.rstrip().endswith("nothing written")
    assert workspace.snapshot() == written
    code, out, _ = run(workspace, "log", "--subject", "treaty", "--json")
    assert [json.loads(line)["request_id"] for line in out.splitlines()] == ["cfe-2023-11"]


def test_a_request_id_that_is_not_a_plain_token_is_refused(workspace: Workspace) -> None:
    before = workspace.snapshot()
    code, out, err = run(
        workspace, "add", "source", "src-new", "--label", "New", "--title", "A new source", "--publisher", "P",
        "--request-id", "two words",
    )
    assert (code, out) == (1, "")
    assert "request id 'two words' is not valid; give 1 to 128 letters, digits" in err
    assert workspace.snapshot() == before
