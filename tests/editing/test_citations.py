"""One more citation of an existing status change or event: added to the record's own block,
validated, atomic and audited like every edit; the same citation never twice."""

from __future__ import annotations

import difflib
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from nrgraph.editing import AddCitation, AuditLog, CitationInput
from nrgraph.editing.turtle_writer import Block, Nested, amend_block
from nrgraph.errors import AlreadyCited, EditRejected, InvalidInput, NotFound, NrgraphError
from nrgraph.namespaces import DATA, NRG, RDFS

from ..editing_support import Workspace, make_workspace

CHANGE = "sc-treaty-2007-suspended"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def _diff(before: bytes, after: bytes) -> list[str]:
    return [
        line for line in difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
        if line.startswith(("- ", "+ "))
    ]


def test_a_citation_joins_the_records_block_and_nothing_else_changes(workspace: Workspace) -> None:
    before = workspace.snapshot()
    result = workspace.editor().apply(
        AddCitation(CHANGE, CitationInput("src-test", "P2", wording="was suspended", note="A second reading.")),
        who="alice", request_id="req-7",
    )
    after = workspace.snapshot()
    assert (result.iri, result.file.name) == (str(DATA[CHANGE]), "status-changes.ttl")
    assert {name for name in after if after[name] != before[name]} == {"status-changes.ttl"}
    assert _diff(before["status-changes.ttl"], after["status-changes.ttl"]) == [
        '-     nrg:citation [ nrg:source id:src-test ; nrg:locator "P9" ] .',
        '+     nrg:citation [ nrg:source id:src-test ; nrg:locator "P9" ], [',
        "+         nrg:source id:src-test ;",
        '+         nrg:locator "P2" ;',
        '+         nrg:wording "was suspended" ;',
        '+         nrg:note "A second reading."',
        "+     ] .",
    ]
    (record,) = AuditLog(workspace.audit).records()
    assert (record.action, record.who, record.iri, record.request_id) == ("addCitation", "alice", result.iri, "req-7")
    assert record.refers_to == (str(DATA["src-test"]),)
    assert dict(record.fields)["citation"]["locator"] == "P2"


def test_the_graph_shows_the_new_citation_at_once(workspace: Workspace) -> None:
    kg = workspace.graph()
    workspace.editor(kg).apply(AddCitation("ev-expulsion", CitationInput("https://example.org/test", "para. 3")),
                               who="t")
    event, source = ox.NamedNode(str(DATA["ev-expulsion"])), ox.NamedNode(str(DATA["src-test"]))
    for locator in ("P5", "para. 3"):
        assert kg.ask("edit_cited", record=event, source=source, locator=ox.Literal(locator))


def test_the_same_citation_twice_is_already_cited_and_writes_nothing(workspace: Workspace) -> None:
    editor = workspace.editor()
    editor.apply(AddCitation(CHANGE, CitationInput("src-test", "P2")), who="t")
    before = workspace.snapshot()
    for locator in ("P2", " P2 "):
        with pytest.raises(AlreadyCited, match=r"sc-treaty-2007-suspended\) already cites src-test at 'P2'"):
            editor.apply(AddCitation(CHANGE, CitationInput("id:src-test", locator, wording="other")), who="t")
    with pytest.raises(AlreadyCited):  # the curated citation counts too
        editor.apply(AddCitation(CHANGE, CitationInput("src-test", "P9")), who="t")
    assert workspace.snapshot() == before
    assert len(AuditLog(workspace.audit).records()) == 1


def test_a_retried_request_returns_the_first_receipt(workspace: Workspace) -> None:
    editor = workspace.editor()
    edit = AddCitation(CHANGE, CitationInput("src-test", "P2"))
    first = editor.apply(edit, who="t", request_id="again")
    before = workspace.snapshot()
    second = editor.apply(edit, who="t", request_id="again")
    assert second.already_applied
    assert second.record == first.record
    assert workspace.snapshot() == before


@pytest.mark.parametrize(
    ("edit", "error", "text"),
    [
        (AddCitation("sc-treaty-2007-suspendd", CitationInput("src-test", "P2")), NotFound,
         "status change or event 'sc-treaty-2007-suspendd' not found; did you mean sc-treaty-2007-suspended?"),
        (AddCitation("treaty", CitationInput("src-test", "P2")), NotFound, "status change or event 'treaty'"),
        (AddCitation(CHANGE, CitationInput("src-nothing", "P2")), NotFound, "source 'src-nothing' not found"),
        (AddCitation(CHANGE, CitationInput("https://nowhere.test/x", "P2")), NotFound,
         "source with URL 'https://nowhere.test/x' not found; add it first"),
        (AddCitation(CHANGE, CitationInput("http://x/a>b", "P2")), NotFound, "'http://x/a>b'"),
        (AddCitation(CHANGE, CitationInput("src-test", "  ")), InvalidInput, "a citation needs a locator"),
        (AddCitation(CHANGE, CitationInput("src-test", "P\x002")), InvalidInput, "control character U+0000"),
        (AddCitation(CHANGE, CitationInput("src-test", "P2", wording=" ".join(["word"] * 13))), InvalidInput,
         "has 13 words; a wording is the source's own word or short phrase, at most 12 words"),
        (AddCitation(CHANGE, CitationInput("src-test", "P2", wording="x" * 81)), EditRejected,
         "at most 80 characters"),
    ],
    ids=["unknown-record", "not-a-record", "unknown-source", "unknown-url", "bad-url", "empty-locator",
         "control-character", "long-wording", "wording-over-80-characters"],
)
def test_bad_citations_are_refused_naming_the_value_and_nothing_is_written(
    workspace: Workspace, edit: AddCitation, error: type[NrgraphError], text: str,
) -> None:
    before = workspace.snapshot()
    with pytest.raises(error) as raised:
        workspace.editor().apply(edit, who="t")
    assert text in str(raised.value)
    assert workspace.snapshot() == before
    assert not (workspace.audit / "edits.jsonl").exists()


PREFIXES = "@prefix nrg: <https://w3id.org/nrgraph/ontology#> .\n@prefix id: <https://w3id.org/nrgraph/id/> .\n"
CITE = Nested(((NRG.source, DATA["src-b"]), (NRG.locator, Literal("P2"))))


@pytest.mark.parametrize(
    "block",
    [
        'id:x a nrg:Event ;\n    nrg:citation [\n        nrg:source id:src-a ;\n        nrg:locator "P1"\n    ] .',
        'id:x a nrg:Event ;\n    nrg:citation [ nrg:source id:src-a ; nrg:locator "P1" ], [ nrg:source id:a ;'
        ' nrg:locator "P. 3; s. 2" ] .',
        'id:x a nrg:Event ;\n    nrg:citation [ nrg:source id:src-a ; nrg:locator "P1" ] ;\n    nrg:confidence 0.5 .',
        'id:x a nrg:Event ; nrg:confidence 0.5 ; nrg:note """a . b ; "c" . """ .',
        'id:x a nrg:Event ;\n    <https://w3id.org/nrgraph/ontology#citation> [ nrg:source id:src-a ;'
        ' nrg:locator "P1" ]  # a comment . ; [\n    .',
        'id:x nrg:citation [ nrg:source <https://w3id.org/nrgraph/id/a;b> ; nrg:locator "p.1" ] .',
    ],
    ids=["data-layout", "one-line-with-semicolon-in-a-string", "citation-not-last", "decimal-and-dots-in-a-string",
         "full-iri-and-a-comment", "no-semicolon-and-an-iri-with-one"],
)
def test_amend_block_adds_exactly_the_citation_whatever_the_layout(block: str) -> None:
    text = f'# test\n{PREFIXES}\nid:w a nrg:Event ; nrg:note "w" .\n\n{block}\n\nid:y a nrg:Event ; nrg:note "y" .\n'
    amended = amend_block(text, Block(DATA["x"], ((NRG.citation, (CITE,)),), NRG.Event))
    expected = Graph().parse(data=text, format="turtle")
    citation = Graph().parse(data=f'{PREFIXES}id:x nrg:citation [ nrg:source id:src-b ; nrg:locator "P2" ] .',
                             format="turtle")
    assert isomorphic(Graph().parse(data=amended, format="turtle"), expected + citation)
    assert amended.startswith(text.split(block)[0])  # nothing before the block moved
    assert amended.endswith(text.split(block)[1])  # nor after it


def test_amend_block_declares_a_missing_prefix_and_refuses_an_absent_subject() -> None:
    text = "@prefix nrg: <https://w3id.org/nrgraph/ontology#> .\n\n<https://w3id.org/nrgraph/id/x> a nrg:Event ;\n" \
           '    nrg:citation [ nrg:source <https://w3id.org/nrgraph/id/a> ; nrg:locator "P1" ] .\n'
    amended = amend_block(text, Block(DATA["x"], ((NRG.citation, (CITE,)),), NRG.Event))
    assert "@prefix id: <https://w3id.org/nrgraph/id/> ." in amended
    assert "        nrg:source id:src-b ;" in amended
    with pytest.raises(EditRejected, match=r"holds no block of <https://w3id\.org/nrgraph/id/z>"):
        amend_block(text, Block(DATA["z"], ((RDFS.label, (Literal("z"),)),), NRG.Event))
