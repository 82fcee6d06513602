"""Edits are validated first, land in the right file as one reviewable block, and are audited."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pyoxigraph as ox
import pytest

from nrgraph.editing import (
    AddActor,
    AddAgreement,
    AddChannel,
    AddEvent,
    AddSource,
    AuditLog,
    CitationInput,
    Edit,
    RecordStatusChange,
)
from nrgraph.editing.turtle_writer import Block, insert_block
from nrgraph.errors import AlreadyExists, EditRejected, InvalidDate, InvalidInput, NotFound, NrgraphError
from nrgraph.loading.files import load
from nrgraph.namespaces import DATA, NRG, RDFS

from ..editing_support import Workspace, make_workspace

CITE = CitationInput("src-test", "para. 10")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def _added_lines(before: bytes, after: bytes) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if it removes or changes any."""
    diff = list(difflib.ndiff(before.decode().splitlines(), after.decode().splitlines()))
    assert [line for line in diff if line.startswith("- ")] == []
    return [line[2:] for line in diff if line.startswith("+ ")]


def test_a_status_change_lands_as_one_block_in_the_subjects_history_file(workspace: Workspace) -> None:
    before = workspace.snapshot()
    kg = workspace.graph()
    result = workspace.editor(kg).apply(
        RecordStatusChange(
            "treaty", "withdrawn", "2023-11-07", CitationInput("src-test", "para. 10", wording="left"),
            announced="2023-05", parties=("russia",),
        ),
        who="alice",
        request_id="req-1",
    )
    after = workspace.snapshot()
    assert result.iri == str(DATA["sc-treaty-russia-2023-11-07-withdrawn"])
    assert result.file.name == "status-changes.ttl"
    assert {name for name in after if after[name] != before[name]} == {"status-changes.ttl"}
    assert _added_lines(before["status-changes.ttl"], after["status-changes.ttl"]) == [
        "",
        "id:sc-treaty-russia-2023-11-07-withdrawn",
        "    a nrg:StatusChange ;",
        "    nrg:subject id:treaty ;",
        "    nrg:status nrg:Withdrawn ;",
        '    nrg:effective "2023-11-07"^^xsd:date ;',
        '    nrg:announced "2023-05"^^xsd:gYearMonth ;',
        "    nrg:concernsParty id:russia ;",
        "    nrg:citation [",
        "        nrg:source id:src-test ;",
        '        nrg:locator "para. 10" ;',
        '        nrg:wording "left"',
        "    ] .",
    ]
    # sorted by IRI: after the treaty's 2007 change, the last block in the file
    assert after["status-changes.ttl"].decode().endswith('"left"\n    ] .\n')


def test_an_accepted_edit_is_in_the_graph_at_once_and_in_the_audit_log(workspace: Workspace) -> None:
    kg = workspace.graph()
    version = kg.version
    result = workspace.editor(kg).apply(
        RecordStatusChange("treaty", "suspended", "2023-11-30", CITE, parties=("usa",)), who="alice", request_id="r-7"
    )
    assert kg.version != version
    assert kg.ask("edit_instance_of", iri=ox.NamedNode(result.iri), **{"class": ox.NamedNode(str(NRG.StatusChange))})
    assert kg.version == load(kg.paths).digest
    (record,) = AuditLog(workspace.audit).records()
    assert (record.who, record.action, record.request_id) == ("alice", "recordStatusChange", "r-7")
    assert record.iri == result.iri
    assert record.file == "status-changes.ttl"
    assert record.fields["subject"] == "treaty"
    assert str(DATA["treaty"]) in record.refers_to
    assert dt.datetime.now(dt.UTC) - record.timestamp < dt.timedelta(minutes=1)


ADDITIONS: list[tuple[Edit, str, str]] = [
    (AddChannel("red-line", "hotline", "Red line", "A test hotline.", ("nato", "russia"), CITE,
                established_by="treaty"), "channels.ttl", "Hotline"),
    (AddAgreement("pact", "memorandum-of-understanding", "Pact", "A test pact.", ("nato", "russia"), CITE),
     "agreements.ttl", "MemorandumOfUnderstanding"),
    (AddActor("france", "state", "France", CITE, member_of=("nato",)), "actors.ttl", "State"),
    (AddEvent("ev-summit", "Summit", "A summit", "A test summit.", "2024-07", CITE, participants=("nato",),
              about=("office",)), "events.ttl", "Summit"),
    (AddSource("src-new", "New source", "A new record", publisher="Someone", date="2025-03-02",
               url="https://example.org/new"), "sources.ttl", "Source"),
]


@pytest.mark.parametrize(("edit", "file", "kind"), ADDITIONS, ids=[e.action for e, _f, _k in ADDITIONS])
def test_an_addition_goes_to_the_file_of_its_kind(workspace: Workspace, edit: Edit, file: str, kind: str) -> None:
    before = workspace.snapshot()
    result = workspace.editor().apply(edit, who="bob")
    after = workspace.snapshot()
    assert result.file.name == file
    assert {name for name in after if after[name] != before[name]} == {file}
    added = [line for line in _added_lines(before[file], after[file]) if line]
    assert added[:2] == [f"id:{edit.slug}", f"    a nrg:{kind} ;"]  # type: ignore[attr-defined]
    load(workspace.settings.source_paths)  # still valid


def test_a_new_kind_of_resource_gets_a_new_file_with_its_prefixes(workspace: Workspace) -> None:
    (workspace.data / "events.ttl").unlink()
    (workspace.data / "status-changes.ttl").unlink()
    result = workspace.editor().apply(
        AddEvent("ev-talks", "meeting", "Talks", "Some talks.", "2022-01-12", CITE), who="bob"
    )
    assert result.file == workspace.data / "events.ttl"
    text = result.file.read_text()
    assert text.startswith("# Event resources")
    assert "@prefix nrg: <https://w3id.org/nrgraph/ontology#> ." in text
    assert "\n\nid:ev-talks\n    a nrg:Meeting ;\n" in text


def test_a_prefix_the_file_lacks_is_declared(workspace: Workspace) -> None:
    path = workspace.data / "channels.ttl"
    path.write_text(path.read_text().replace("@prefix dcterms: <http://purl.org/dc/terms/> .\n", "").replace(
        'dcterms:description "An office for tests."@en ;\n    ', ""))
    workspace.editor().apply(AddChannel("line", "hotline", "Line", "A line.", ("nato", "russia"), CITE), who="bob")
    text = path.read_text()
    assert text.count("@prefix dcterms: <http://purl.org/dc/terms/> .") == 1
    assert 'dcterms:description "A line."@en' in text


def _repeat() -> RecordStatusChange:
    return RecordStatusChange("office", "active", "2010", CITE)


REJECTED: list[tuple[str, Edit, type[NrgraphError], str]] = [
    ("unknown subject", RecordStatusChange("no-such-link", "suspended", "2025-03", CITE), NotFound, "no-such-link"),
    ("an actor is not a link", RecordStatusChange("russia", "suspended", "2025-03", CITE), NotFound, "russia"),
    ("status outside the scheme", RecordStatusChange("treaty", "frozen", "2025-03", CITE), InvalidInput,
     "valid: proposed, active"),
    ("unparsable date", RecordStatusChange("treaty", "suspended", "March 2025", CITE), InvalidDate, "YYYY-MM"),
    ("effective before announced", RecordStatusChange("treaty", "suspended", "2025-03", CITE, announced="2025-04-02"),
     EditRejected, "announced (2025-04-02) after it takes effect (2025-03)"),
    ("change after closure", RecordStatusChange("office", "active", "2024-01-05", CITE), EditRejected,
     "a closed link cannot change again"),
    ("repeats the status in force", _repeat(), EditRejected, "repeats the status active"),
    ("unknown party", RecordStatusChange("treaty", "suspended", "2025-03", CITE, parties=("atlantis",)), NotFound,
     "atlantis"),
    ("unknown source URL",
     RecordStatusChange("treaty", "suspended", "2025-03", CitationInput("https://x.test/a", "p. 1")),
     NotFound, "nrgraph add source"),
    ("empty locator", RecordStatusChange("treaty", "suspended", "2025-03", CitationInput("src-test", " ")),
     InvalidInput, "locator"),
    ("confidence out of range", RecordStatusChange("treaty", "suspended", "2025-03", CITE, confidence="1.5"),
     InvalidInput, "0 to 1"),
    ("slug in use", AddChannel("office", "hotline", "X", "X.", ("nato", "russia"), CITE), AlreadyExists, "office"),
    ("bad slug", AddActor("Not A Slug", "state", "X", CITE), InvalidInput, "lower-case"),
    ("unknown kind", AddChannel("x-line", "hotlin", "X", "X.", ("nato", "russia"), CITE), InvalidInput,
     "valid: back-channel"),
    ("one endpoint", AddChannel("x-line", "hotline", "X", "X.", ("nato",), CITE), EditRejected,
     "at least two nrg:endpoint"),
    ("wording too long", AddActor("x-state", "state", "X", CitationInput("src-test", "p", wording="w" * 81)),
     EditRejected, "at most 80"),
    ("source without publisher", AddSource("src-x", "X", "X"), InvalidInput, "creator or a publisher"),
    ("event ends before it starts", AddEvent("ev-x", "war", "X", "X.", "2022", CITE, end_date="2021"), EditRejected,
     "ends (2021) before it starts (2022)"),
]


@pytest.mark.parametrize(("edit", "error", "message"), [r[1:] for r in REJECTED], ids=[r[0] for r in REJECTED])
def test_a_bad_edit_is_refused_and_nothing_changes(
    workspace: Workspace, edit: Edit, error: type[NrgraphError], message: str
) -> None:
    before = workspace.snapshot()
    kg = workspace.graph()
    version, size = kg.version, len(kg.store)
    with pytest.raises(error) as raised:
        workspace.editor(kg).apply(edit, who="mallory")
    assert message in str(raised.value)
    assert workspace.snapshot() == before
    assert (kg.version, len(kg.store)) == (version, size)
    assert list(AuditLog(workspace.audit)) == []


def test_an_edit_made_by_another_process_is_seen_before_the_next_one(workspace: Workspace) -> None:
    first, second = workspace.graph(), workspace.graph()
    workspace.editor(first).apply(RecordStatusChange("treaty", "suspended", "2023-11-30", CITE, parties=("usa",)),
                                  who="a")
    # `second` is stale; its edit must see the first one and keep both.
    workspace.editor(second).apply(RecordStatusChange("treaty", "withdrawn", "2024-02", CITE, parties=("usa",)),
                                   who="b")
    text = (workspace.data / "status-changes.ttl").read_text()
    assert "id:sc-treaty-usa-2023-11-30-suspended" in text
    assert "id:sc-treaty-usa-2024-02-withdrawn" in text
    assert first.refresh() is True
    assert first.refresh() is False
    assert first.version == second.version


def test_the_same_slug_twice_gets_a_numbered_iri(workspace: Workspace) -> None:
    editor = workspace.editor()
    one = editor.apply(RecordStatusChange("treaty", "suspended", "2024", CITE, parties=("usa",), sequence=1), who="a")
    two = editor.apply(RecordStatusChange("treaty", "suspended", "2024", CITE, parties=("nato",)), who="a")
    assert one.iri.endswith("sc-treaty-usa-2024-suspended")
    assert two.iri.endswith("sc-treaty-nato-2024-suspended")
    three = editor.apply(
        RecordStatusChange("treaty", "active", "2024", CITE, parties=("usa",), sequence=2), who="a"
    )
    assert three.iri.endswith("sc-treaty-usa-2024-active")


def test_the_audit_log_is_queried_by_who_subject_action_and_time(workspace: Workspace) -> None:
    editor = workspace.editor()
    editor.apply(AddActor("france", "state", "France", CITE), who="alice")
    editor.apply(RecordStatusChange("treaty", "suspended", "2023-11-30", CITE, parties=("usa",)), who="bob")
    editor.apply(AddSource("src-b", "B", "B record", creator="B"), who="alice")
    log = AuditLog(workspace.audit)
    assert [r.action for r in log.records()] == ["addSource", "recordStatusChange", "addActor"]
    assert [r.action for r in log.records(who="alice")] == ["addSource", "addActor"]
    assert [r.action for r in log.records(iri=str(DATA["treaty"]))] == ["recordStatusChange"]
    assert [r.action for r in log.records(action="addActor")] == ["addActor"]
    assert len(log.records(limit=2)) == 2
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert log.records(since=future) == []
    assert len(log.records(until=future)) == 3


def test_a_torn_last_audit_line_is_skipped(workspace: Workspace) -> None:
    workspace.editor().apply(AddActor("france", "state", "France", CITE), who="alice")
    log = AuditLog(workspace.audit)
    with log.path.open("a") as handle:
        handle.write('{"time": "2025-')
    assert [r.who for r in log.records()] == ["alice"]


def test_insert_block_keeps_every_other_line_and_sorts_the_block_in() -> None:
    text = (
        "# header\n@prefix id: <https://w3id.org/nrgraph/id/> .\n@prefix nrg: <https://w3id.org/nrgraph/ontology#> .\n"
        "\n# about a\nid:a a nrg:Hotline .\n\nid:c a nrg:Hotline .\n"
    )
    block = Block(DATA["b"], ((RDFS.label, (DATA["x"],)),), NRG.Forum)
    assert insert_block(text, block) == (
        "# header\n@prefix id: <https://w3id.org/nrgraph/id/> .\n@prefix nrg: <https://w3id.org/nrgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "\n# about a\nid:a a nrg:Hotline .\n\nid:b\n    a nrg:Forum ;\n    rdfs:label id:x .\n\nid:c a nrg:Hotline .\n"
    )
    last = Block(DATA["z"], (), NRG.Forum)
    assert insert_block(text + "\n\n", last).endswith("id:c a nrg:Hotline .\n\nid:z\n    a nrg:Forum .\n")


def test_literals_are_escaped_and_round_trip(workspace: Workspace) -> None:
    label = 'The "red" line\\ with\nnewline and ünïcode'
    workspace.editor().apply(AddActor("odd", "body", label, CITE, part_of="nato"), who="a")
    loaded = load(workspace.settings.source_paths)
    labels = [q.object.value for q in loaded.quads if q.subject == ox.NamedNode(str(DATA["odd"]))
              and q.predicate == ox.NamedNode(str(RDFS.label))]
    assert labels == [label]
