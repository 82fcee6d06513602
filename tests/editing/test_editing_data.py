"""Edits on a copy of the curated data/: the right file of its layout, and data/ stays valid."""

from __future__ import annotations

import shlex
import shutil

import pytest
from click.testing import CliRunner

from nrgraph.cli.main import cli
from nrgraph.editing import AddActor, AddCitation, CitationInput, RecordStatusChange
from nrgraph.loading.files import load

from ..conftest import DATA, ROOT
from ..editing_support import Workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("data-copy")
    shutil.copytree(DATA, root / "data")
    return Workspace(root)


def _cite() -> CitationInput:
    return CitationInput("src-bommarito-rome-2002", "page")


@pytest.mark.parametrize(
    ("effective", "status", "later"),
    [("2025-03", "restricted", "2025-06"), ("2027", "dormant", "2028")],
)
def test_a_status_change_goes_to_the_file_of_its_era_and_counts_at_once(
    workspace: Workspace, effective: str, status: str, later: str
) -> None:
    kg = workspace.graph()
    assert kg.status_at("nato-russia-council", later).status.value.lower() != status
    result = workspace.editor(kg).apply(RecordStatusChange("nato-russia-council", status, effective, _cite()), who="t")
    assert result.file == workspace.data / "status-changes-2014-2026.ttl"  # 2027: the nearest era
    assert kg.status_at("nato-russia-council", later).status.value.lower() == status


def test_a_person_goes_to_the_people_file(workspace: Workspace) -> None:
    result = workspace.editor().apply(AddActor("jane-doe", "person", "Jane Doe", _cite()), who="t")
    assert result.file == workspace.data / "people.ttl"


def test_a_citation_joins_a_curated_events_citations_in_the_layout_of_data(workspace: Workspace) -> None:
    before = (workspace.data / "events.ttl").read_text(encoding="utf-8")
    workspace.editor().apply(AddCitation("ev-allies-cfe-statement-2023", _cite()), who="t")
    after = (workspace.data / "events.ttl").read_text(encoding="utf-8")
    old = '        nrg:locator "P2, P6"\n    ] .\n'
    assert old in before
    new = '    ], [\n        nrg:source id:src-bommarito-rome-2002 ;\n        nrg:locator "page"\n    ] .\n'
    assert after == before.replace(old, '        nrg:locator "P2, P6"\n' + new, 1)


def test_the_documented_cite_command_runs(workspace: Workspace) -> None:
    text = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8").replace("\\\n", " ")
    (line,) = [line.strip() for line in text.splitlines() if line.strip().startswith("nrgraph cite ")]
    env = {"NRGRAPH_ONTOLOGY_DIR": workspace.settings.ontology_dir, "NRGRAPH_DATA_DIR": str(workspace.data),
           "NRGRAPH_AUDIT_DIR": str(workspace.audit), "NRGRAPH_EDITOR": ""}
    result = CliRunner().invoke(cli, shlex.split(line)[1:], env=env)
    assert result.exit_code == 0, result.output
    assert "addCitation: wrote <https://w3id.org/nrgraph/id/sc-nrc-practical-cooperation-2014-04-01-suspended>" in (
        result.output
    )
    again = CliRunner().invoke(cli, shlex.split(line)[1:], env=env)
    assert again.exit_code == 1
    assert "already cites src-nbc-nato-suspends-2014 at 'P1'" in again.output


def test_the_edited_data_still_passes_the_full_validation_without_warnings(workspace: Workspace) -> None:
    loaded = load(workspace.settings.source_paths)
    assert loaded.warnings == ()
    changed = [p.name for p in sorted(workspace.data.iterdir()) if p.read_bytes() != (DATA / p.name).read_bytes()]
    assert changed == ["events.ttl", "people.ttl", "status-changes-2014-2026.ttl"]
