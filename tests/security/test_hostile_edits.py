"""Attacks on editing: malformed references and values, doubled credentials, retried requests.

Each hostile edit is refused with a 4xx-class error naming the value (never a 500 or a
traceback) and leaves the data folder and the audit log untouched; the library, GraphQL and
the CLI apply the same checks (one implementation, :meth:`nrgraph.editing.Editor.apply`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from nrgraph import Settings
from nrgraph.editing import AddActor, AddCitation, AddSource, AuditLog, CitationInput, Edit, RecordStatusChange
from nrgraph.errors import EditRejected, InvalidInput, NotFound, NrgraphError
from nrgraph.loading.files import load
from nrgraph.namespaces import DATA, RDFS
from nrgraph.web.app import create_app

from ..cli.test_editing_cli import run
from ..editing_support import Workspace, make_workspace

CITE = CitationInput("src-test", "para. 10")
TOKEN = "alice-token-0123456789abcdef"
RECORD = """
mutation Record($input: RecordStatusChangeInput!) {
  recordStatusChange(input: $input) {
    __typename
    ... on StatusChangeRecorded { statusChange { iri } receipt { iri file who time requestId alreadyApplied } }
    ... on EditError { code message }
  }
}
"""
SUSPEND = {"subject": "treaty", "status": "SUSPENDED", "effective": "2023-11-30", "parties": ["usa"],
           "citation": {"source": "src-test", "locator": "para. 4"}}


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def refused(workspace: Workspace, edit: Edit, error: type[NrgraphError]) -> str:
    """Apply ``edit``, expect ``error``; check nothing changed; return the message."""
    before = workspace.snapshot()
    with pytest.raises(error) as raised:
        workspace.editor().apply(edit, who="mallory")
    assert workspace.snapshot() == before
    assert list(AuditLog(workspace.audit)) == []
    return str(raised.value)


HOSTILE: list[tuple[str, Edit, type[NrgraphError], str]] = [
    ("subject IRI with >", RecordStatusChange("http://x.test/a>b", "suspended", "2025-03", CITE), InvalidInput,
     "not a valid IRI"),
    ("party IRI with >", RecordStatusChange("treaty", "suspended", "2025-03", CITE, parties=("urn:x>y",)),
     InvalidInput, "'urn:x>y' is not a valid IRI"),
    ("source URL with space and >",
     RecordStatusChange("treaty", "suspended", "2025-03", CitationInput("https://x.test/a b>", "p. 1")), NotFound,
     "https://x.test/a b>"),
    ("slug of 300 characters", AddActor("a" * 300, "state", "X", CITE), InvalidInput, "has 300 characters"),
    ("negative sequence", RecordStatusChange("treaty", "suspended", "2025-03", CITE, sequence=-1), EditRejected,
     "nrg:sequence is at most one integer, 0 or more"),
    ("a change a millennium early", RecordStatusChange("treaty", "suspended", "1025-03", CITE), EditRejected,
     "more than 100 years before the subject's recorded history starts"),
    ("announced a millennium early",
     RecordStatusChange("treaty", "suspended", "2025-03", CITE, announced="1025"), EditRejected,
     "is announced in 1025"),
    ("a change in 2990", RecordStatusChange("treaty", "suspended", "2990-03", CITE), EditRejected,
     "more than a year after today"),
    ("URL with a space", AddSource("src-x", "X", "X", publisher="P", url="https://x.test/a b"), EditRejected,
     "nrg:url"),
    ("URL with >", AddSource("src-x", "X", "X", publisher="P", url="https://x.test/a>b"), EditRejected, "nrg:url"),
    ("URL not http", AddSource("src-x", "X", "X", publisher="P", url="javascript:alert(1)"), EditRejected,
     "nrg:url"),
    ("NUL in a label", AddActor("x-state", "state", "X\x00Y", CITE), InvalidInput, "U+0000"),
    ("escape in a locator", AddActor("x-state", "state", "X", CitationInput("src-test", "p\x1b[2J")), InvalidInput,
     "locator"),
    ("C1 control in a title", AddSource("src-x", "X", "T\x85T", publisher="P"), InvalidInput, "U+0085"),
    ("lone surrogate in a description",
     AddActor("x-state", "state", "X", CitationInput("src-test", "p", note="\ud800")), InvalidInput, "U+D800"),
    ("cited record IRI with >", AddCitation("http://x.test/a>b", CITE), InvalidInput, "not a valid IRI"),
    ("citation on an actor", AddCitation("nato", CITE), NotFound, "status change or event 'nato' not found"),
    ("citation on a source", AddCitation("src-test", CITE), NotFound, "status change or event 'src-test'"),
    ("cited source URL with >", AddCitation("ev-expulsion", CitationInput("https://x.test/a b>", "p. 1")), NotFound,
     "https://x.test/a b>"),
    ("escape in a cited locator", AddCitation("ev-expulsion", CitationInput("src-test", "p\x1b[2J")), InvalidInput,
     "locator"),
]


@pytest.mark.parametrize(("edit", "error", "fragment"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_a_hostile_edit_is_refused_by_name_and_changes_nothing(
    workspace: Workspace, edit: Edit, error: type[NrgraphError], fragment: str
) -> None:
    assert fragment in refused(workspace, edit, error)


def test_an_unusual_date_is_accepted_when_the_edit_says_so(workspace: Workspace) -> None:
    edit = RecordStatusChange("treaty", "suspended", "2990-03", CITE, allow_unusual_date=True)
    assert workspace.editor().apply(edit, who="a").iri.endswith("sc-treaty-2990-03-suspended")


def test_line_and_paragraph_separators_are_escaped_and_round_trip(workspace: Workspace) -> None:
    label = "one\u2028two\u2029three\ttab"
    workspace.editor().apply(AddActor("separators", "body", label, CITE, part_of="nato"), who="a")
    text = (workspace.data / "actors.ttl").read_text(encoding="utf-8")
    assert '"one\\u2028two\\u2029three\\ttab"@en' in text
    assert "\u2028" not in text
    labels = [q.object.value for q in load(workspace.settings.source_paths).quads
              if q.subject.value == str(DATA["separators"]) and q.predicate.value == str(RDFS.label)]
    assert labels == [label]


def test_a_citation_that_tries_to_close_the_block_stays_one_literal(workspace: Workspace) -> None:
    locator = 'P1" ] . id:evil a nrg:Hotline . id:ev-expulsion nrg:note "x'
    workspace.editor().apply(AddCitation("ev-expulsion", CitationInput("src-test", locator)), who="a")
    quads = load(workspace.settings.source_paths).quads
    assert not [q for q in quads if q.subject.value == str(DATA["evil"])]
    assert [q.object.value for q in quads if q.object.value == locator] == [locator]


# ---------------------------------------------------------------- over GraphQL ----


@pytest.fixture
def settings_with_token(workspace: Workspace) -> Settings:
    return workspace.settings.replace(edit_token=f"alice:{TOKEN}")


@pytest.fixture
def client(workspace: Workspace, settings_with_token: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings_with_token, kg=workspace.graph())) as test_client:
        yield test_client


def post(
    client: TestClient, variables: dict[str, Any], headers: list[tuple[str, str]] | None = None
) -> httpx2.Response:
    sent = headers if headers is not None else [("authorization", f"Bearer {TOKEN}")]
    return client.post("/graphql", content=json.dumps({"query": RECORD, "variables": {"input": variables}}),
                       headers=[("content-type", "application/json"), *sent])


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"subject": "http://x.test/a>b"}, "BAD_USER_INPUT"),
        ({"parties": ["urn:x>y"]}, "BAD_USER_INPUT"),
        ({"citation": {"source": "https://x.test/a b>", "locator": "p"}}, "NOT_FOUND"),
        ({"sequence": -1}, "EDIT_REJECTED"),
        ({"effective": "2990-03"}, "EDIT_REJECTED"),
        ({"citation": {"source": "src-test", "locator": "p\x07"}}, "BAD_USER_INPUT"),
    ],
    ids=["subject with >", "party with >", "source URL with >", "negative sequence", "far future", "bell"],
)
def test_a_hostile_mutation_is_a_typed_error_not_a_500(
    client: TestClient, workspace: Workspace, change: dict[str, Any], code: str
) -> None:
    before = workspace.snapshot()
    response = post(client, {**SUSPEND, **change})
    assert response.status_code == 200
    result = response.json()["data"]["recordStatusChange"]
    assert (result["__typename"], result["code"]) == ("EditError", code)
    assert workspace.snapshot() == before


def test_two_authorization_headers_are_refused_before_anything_runs(client: TestClient, workspace: Workspace) -> None:
    before = workspace.snapshot()
    response = post(client, SUSPEND, [("authorization", "Bearer wrong-token-0123456789"),
                                      ("authorization", f"Bearer {TOKEN}")])
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert "2 Authorization headers" in error["message"]
    assert workspace.snapshot() == before


def test_a_retried_edit_gets_its_first_receipt_even_after_a_restart(
    client: TestClient, workspace: Workspace, settings_with_token: Settings
) -> None:
    retry = [("authorization", f"Bearer {TOKEN}"), ("x-request-id", "edit-in-doubt-1")]
    first = post(client, SUSPEND, retry).json()["data"]["recordStatusChange"]
    assert first["receipt"]["alreadyApplied"] is False
    written = workspace.snapshot()

    again = post(client, SUSPEND, retry).json()["data"]["recordStatusChange"]
    assert again["receipt"] == {**first["receipt"], "alreadyApplied": True}
    assert again["statusChange"] == first["statusChange"]

    with TestClient(create_app(settings_with_token, kg=workspace.graph())) as restarted:
        after_restart = post(restarted, SUSPEND, retry).json()["data"]["recordStatusChange"]
    assert after_restart["receipt"] == again["receipt"]
    assert workspace.snapshot() == written
    assert [r.request_id for r in AuditLog(workspace.audit)] == ["edit-in-doubt-1"]

    other = post(client, SUSPEND, [("authorization", f"Bearer {TOKEN}"), ("x-request-id", "another-request")])
    assert other.json()["data"]["recordStatusChange"]["__typename"] == "EditError"  # a new request: a real repeat


# ------------------------------------------------------------------- the CLI ----


RECORD_ARGS = ("--status", "suspended", "--source", "src-test", "--locator", "p. 1")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("record", "http://x.test/a>b", "--effective", "2025-03", *RECORD_ARGS), "not a valid IRI"),
        (("record", "treaty", "--effective", "2025-03", "--sequence", "-1", *RECORD_ARGS), "0 or more"),
        (("record", "treaty", "--effective", "2990-03", *RECORD_ARGS), "--allow-unusual-date"),
        (("add", "source", "src-x", "--label", "X", "--title", "X", "--publisher", "P", "--url", "https://x.test/a b"),
         "nrg:url"),
        (("add", "actor", "a" * 101, "--kind", "state", "--label", "X", "--source", "src-test", "--locator", "p"),
         "at most 100"),
    ],
    ids=["IRI with >", "negative sequence", "far future", "URL with a space", "slug too long"],
)
def test_the_cli_refuses_the_same_edits(workspace: Workspace, args: tuple[str, ...], fragment: str) -> None:
    before = workspace.snapshot()
    code, _out, err = run(workspace, *args)
    assert code == 1
    assert fragment in err
    assert "Traceback" not in err
    assert workspace.snapshot() == before


def test_the_cli_accepts_an_unusual_date_when_told(workspace: Workspace) -> None:
    code, out, err = run(workspace, "record", "treaty", "--effective", "2990-03", "--allow-unusual-date", *RECORD_ARGS)
    assert (code, err) == (0, "")
    assert "sc-treaty-2990-03-suspended" in out
