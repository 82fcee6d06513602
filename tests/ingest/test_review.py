"""Proposals against the graph (confirms / new / conflicts), kept for review, accepted
through the editor exactly as `nrgraph record` (or, for a confirmation, `nrgraph cite`)
writes, or rejected leaving nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nrgraph.cli.main import cli
from nrgraph.editing import AuditLog
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest import Known, propose
from nrgraph.ingest.document import Document
from nrgraph.ingest.proposals import Proposal
from nrgraph.ingest.store import ProposalStore, StoredDocument

from ..editing_support import Workspace, make_workspace

TEXT = (
    "Relations of the Test Treaty\n"
    "The Test Treaty's parties were told that the Test Treaty was suspended on 12 December 2007.\n"
    "Russia suspended the Test Treaty in March 2007, a commentator wrote.\n"
    "The Test Treaty was terminated in May 2023 after long delays.\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def env(workspace: Workspace) -> dict[str, str]:
    return {
        "NRGRAPH_ONTOLOGY_DIR": workspace.settings.ontology_dir,
        "NRGRAPH_DATA_DIR": str(workspace.data),
        "NRGRAPH_AUDIT_DIR": str(workspace.audit),
        "NRGRAPH_PROPOSALS_DIR": str(workspace.root / "proposals"),
        "NRGRAPH_EDITOR": "",
    }


def test_the_three_relations_to_the_graph(workspace: Workspace) -> None:
    known = Known.from_graph(workspace.graph())
    proposals = propose(Document.from_text("note.txt", TEXT), known, source="src-test")
    by_locator = {p.locator: p for p in proposals if p.kind == "statusChange"}
    confirms, conflicts, new = by_locator["P2"], by_locator["P3"], by_locator["P4"]
    assert (confirms.relation, confirms.effective, confirms.status) == ("confirms", "2007-12-12", "Suspended")
    assert confirms.existing == ("https://w3id.org/nrgraph/id/sc-treaty-2007-suspended",)
    assert (conflicts.relation, conflicts.effective) == ("conflicts", "2007-03")
    assert "suspended for russia, effective 2007-12-12" in conflicts.existing_summary
    assert (new.relation, new.status, new.effective) == ("new", "Terminated", "2023-05")
    for proposal in proposals:
        assert len(proposal.wording.split()) <= 12
        assert proposal.wording in TEXT[proposal.start:proposal.end]
        assert proposal.how
        assert 0 < proposal.confidence <= 1


def test_proposals_survive_the_store_unchanged(workspace: Workspace, tmp_path: Path) -> None:
    known = Known.from_graph(workspace.graph())
    document = Document.from_text("note.txt", TEXT, FuzzyDate.parse("2023-06"))
    proposals = propose(document, known, source="src-test")
    store = ProposalStore(tmp_path / "proposals")
    store.save(document, proposals, "src-test")
    (stored,) = store.documents()
    assert stored.proposals == tuple(proposals)
    assert (stored.document.text, str(stored.document.date), stored.source) == (TEXT, "2023-06", "src-test")


def _ingest(workspace: Workspace, tmp_path: Path) -> None:
    document = tmp_path / "note.txt"
    document.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(document), "--source", "src-test"], env=env(workspace))
    assert result.exit_code == 0, result.output
    assert "note.txt: 4 paragraphs" in result.output


def test_an_accepted_proposal_is_the_turtle_record_writes(workspace: Workspace, tmp_path: Path) -> None:
    _ingest(workspace, tmp_path)
    store = ProposalStore(workspace.root / "proposals")
    (stored,) = store.documents()
    new = next(p for p in stored.proposals if p.locator == "P4" and p.kind == "statusChange")
    twin = make_workspace(tmp_path / "twin")
    args = ["record", "treaty", "--status", "terminated", "--effective", "2023-05", "--source", "src-test",
            "--locator", "P4", "--wording", new.wording]
    recorded = CliRunner().invoke(cli, args, env=env(twin))
    assert recorded.exit_code == 0, recorded.output
    answers = "".join("k\n" if p.id != new.id else "a\n" for p in stored.proposals)
    reviewed = CliRunner().invoke(cli, ["review"], input=answers, env=env(workspace))
    assert reviewed.exit_code == 0, reviewed.output
    assert f"accepted {new.id}" in reviewed.output
    assert workspace.snapshot() == twin.snapshot()
    assert new.id not in {p.id for p in store.documents()[0].proposals}


def test_a_rejected_proposal_leaves_nothing_behind(workspace: Workspace, tmp_path: Path) -> None:
    before = workspace.snapshot()
    _ingest(workspace, tmp_path)
    store = ProposalStore(workspace.root / "proposals")
    (stored,) = store.documents()
    reviewed = CliRunner().invoke(cli, ["review"], input="r\n" * len(stored.proposals), env=env(workspace))
    assert reviewed.exit_code == 0, reviewed.output
    assert workspace.snapshot() == before
    assert store.documents() == []
    assert not (workspace.audit / "edits.jsonl").exists()


def test_review_can_change_the_date_before_accepting(workspace: Workspace, tmp_path: Path) -> None:
    _ingest(workspace, tmp_path)
    (stored,) = ProposalStore(workspace.root / "proposals").documents()
    new = next(p for p in stored.proposals if p.locator == "P4" and p.kind == "statusChange")
    answers = "".join("k\n" if p.id != new.id else "d\n2023-05-17\na\n" for p in stored.proposals)
    reviewed = CliRunner().invoke(cli, ["review"], input=answers, env=env(workspace))
    assert "sc-treaty-2023-05-17-terminated" in reviewed.output


def _huge(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)


@pytest.mark.parametrize(("name", "make", "message"), [
    ("empty.txt", lambda p: p.write_bytes(b""), "the file is empty"),
    ("binary.txt", lambda p: p.write_bytes(b"\x00\x01\x02 not text"), "a binary file"),
    ("huge.txt", _huge, "more than the limit of 20,000,000 (NRGRAPH_INGEST_MAX_BYTES)"),
    ("scan.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n%%EOF\n"), "PDF"),
])
def test_bad_input_writes_no_proposals(
    workspace: Workspace, tmp_path: Path, name: str, make: object, message: str,
) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / name
    good.write_text(TEXT, encoding="utf-8")
    make(bad)  # type: ignore[operator]
    result = CliRunner().invoke(cli, ["ingest", str(good), str(bad)], env=env(workspace))
    assert result.exit_code == 1
    assert f"{bad}: " in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (workspace.root / "proposals").exists()


def _answer(stored: StoredDocument, chosen: str, answer: str) -> str:
    """Terminal input that gives ``answer`` to the proposal ``chosen`` and skips the others."""
    return "".join(answer if p.id == chosen else "k\n" for p in stored.proposals)


def _cite(workspace: Workspace, proposal: Proposal) -> None:
    args = ["cite", "sc-treaty-2007-suspended", "--source", "src-test", "--locator", proposal.locator,
            "--wording", proposal.wording, *(["--note", proposal.note] if proposal.note else [])]
    cited = CliRunner().invoke(cli, args, env=env(workspace))
    assert cited.exit_code == 0, cited.output


def test_an_accepted_confirmation_is_the_turtle_cite_writes(workspace: Workspace, tmp_path: Path) -> None:
    _ingest(workspace, tmp_path)
    store = ProposalStore(workspace.root / "proposals")
    (stored,) = store.documents()
    confirms = next(p for p in stored.proposals if p.relation == "confirms")
    assert confirms.existing == ("https://w3id.org/nrgraph/id/sc-treaty-2007-suspended",)
    twin = make_workspace(tmp_path / "twin")
    _cite(twin, confirms)
    reviewed = CliRunner().invoke(cli, ["review"], input=_answer(stored, confirms.id, "a\n"), env=env(workspace))
    assert reviewed.exit_code == 0, reviewed.output
    assert f"accepted {confirms.id}: wrote <https://w3id.org/nrgraph/id/sc-treaty-2007-suspended>" in reviewed.output
    assert workspace.snapshot() == twin.snapshot()
    assert confirms.id not in {p.id for p in store.documents()[0].proposals}
    (record,) = AuditLog(workspace.audit).records()
    assert (record.action, dict(record.fields)["citation"]["locator"]) == ("addCitation", "P2")


def test_a_confirmation_already_cited_is_not_accepted_and_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    _ingest(workspace, tmp_path)
    store = ProposalStore(workspace.root / "proposals")
    (stored,) = store.documents()
    confirms = next(p for p in stored.proposals if p.relation == "confirms")
    _cite(workspace, confirms)
    before = workspace.snapshot()
    reviewed = CliRunner().invoke(cli, ["review"], input=_answer(stored, confirms.id, "a\n"), env=env(workspace))
    assert "not accepted: proposal note-txt-1 adds nothing: <https://w3id.org/nrgraph/id/sc-treaty-2007-suspended> " \
           "(sc-treaty-2007-suspended) already cites src-test at 'P2'" in reviewed.output
    assert "Reject the proposal to clear it" in reviewed.output
    assert workspace.snapshot() == before
    assert confirms.id in {p.id for p in store.documents()[0].proposals}
    assert len(AuditLog(workspace.audit).records()) == 1  # the cite, not the acceptance


def test_an_accepted_conflict_is_recorded_beside_the_fact_it_conflicts_with(
    workspace: Workspace, tmp_path: Path,
) -> None:
    _ingest(workspace, tmp_path)
    (stored,) = ProposalStore(workspace.root / "proposals").documents()
    conflict = next(p for p in stored.proposals if p.relation == "conflicts")
    reviewed = CliRunner().invoke(cli, ["review"], input=_answer(stored, conflict.id, "a\n"), env=env(workspace))
    assert f"accepted {conflict.id}: wrote <https://w3id.org/nrgraph/id/sc-treaty-2007-03-suspended>" in reviewed.output
    text = (workspace.data / "status-changes.ttl").read_text()
    assert "id:sc-treaty-2007-suspended a nrg:StatusChange" in text  # the curated fact stays as it was
