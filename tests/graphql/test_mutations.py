"""GraphQL mutations: authenticated, refused without side effects, typed errors, visible at once."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from nrgraph import Settings
from nrgraph.editing import AuditLog
from nrgraph.errors import AccessDenied, AuthenticationRequired, EditingDisabled, InvalidInput
from nrgraph.web.app import create_app
from nrgraph.web.tokens import EditTokens

from ..conftest import DATA, ROOT
from ..editing_support import Workspace, make_workspace, read_only
from ..live_server import live_server

ALICE = "alice-token-0123456789abcdef"
BOB = "bob-token-0123456789abcdef-xyz"
RECORD = """
mutation Record($input: RecordStatusChangeInput!) {
  recordStatusChange(input: $input) {
    __typename
    ... on StatusChangeRecorded {
      statusChange { iri status effective announced subject { label } citations { locator source { iri } } }
      receipt { iri file who requestId }
    }
    ... on EditError { code message problems { message node severity } }
  }
}
"""
SUSPEND_FOR_USA = {
    "subject": "treaty", "status": "SUSPENDED", "effective": "2023-11-30", "announced": "2023-11-07",
    "parties": ["usa"], "citation": {"source": "src-test", "locator": "para. 4", "wording": "paused"},
}
CHANGES = '{ resource(ref: "treaty") { ... on Agreement { changes { iri status } } } }'


def _settings(workspace: Workspace, **changes: Any) -> Settings:
    return workspace.settings.replace(**changes)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


@pytest.fixture
def client(workspace: Workspace, tmp_path: Path) -> Iterator[TestClient]:
    tokens = tmp_path / "tokens"
    tokens.write_text(f"# editors\nalice:{ALICE}\n")
    settings = _settings(workspace, edit_token_file=str(tokens), edit_token=f"bob:{BOB}")
    with TestClient(create_app(settings, kg=workspace.graph())) as test_client:
        yield test_client


def _post(client: TestClient, query: str, variables: dict[str, Any] | None = None, token: str | None = ALICE,
          **headers: str) -> httpx2.Response:
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)


def test_a_status_change_is_recorded_and_every_read_sees_it_at_once(client: TestClient, workspace: Workspace) -> None:
    before = client.post("/graphql", json={"query": CHANGES}).json()["data"]["resource"]["changes"]
    response = _post(client, RECORD, {"input": SUSPEND_FOR_USA}, **{"x-request-id": "req-42"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-42"
    result = response.json()["data"]["recordStatusChange"]
    assert result["__typename"] == "StatusChangeRecorded"
    change = result["statusChange"]
    assert change["iri"] == "https://w3id.org/nrgraph/id/sc-treaty-usa-2023-11-30-suspended"
    assert (change["status"], change["effective"], change["announced"]) == ("SUSPENDED", "2023-11-30", "2023-11-07")
    assert change["subject"] == {"label": "Test Treaty"}
    assert change["citations"] == [{"locator": "para. 4", "source": {"iri": "https://w3id.org/nrgraph/id/src-test"}}]
    assert result["receipt"] == {
        "iri": change["iri"], "file": "status-changes.ttl", "who": "alice", "requestId": "req-42"
    }
    after = client.post("/graphql", json={"query": CHANGES}).json()["data"]["resource"]["changes"]
    assert len(after) == len(before) + 1  # the response cache did not serve the old answer
    status = '{ resource(ref: "treaty") { ... on Agreement { status(asOf: "2024", party: "usa") { status } } } }'
    answer = client.post("/graphql", json={"query": status}).json()
    assert answer["data"]["resource"]["status"]["status"] == "SUSPENDED"  # the temporal index follows too
    (record,) = AuditLog(workspace.audit).records()
    assert (record.who, record.request_id, record.iri) == ("alice", "req-42", change["iri"])


def test_each_addition_returns_the_new_object(client: TestClient) -> None:
    query = """
    mutation($c: AddChannelInput!, $s: AddSourceInput!) {
      addSource(input: $s) { ... on SourceAdded { source { slug title } receipt { who file } } }
      addChannel(input: $c) { ... on ChannelAdded { channel { slug kind endpoints { slug } } receipt { who file } } }
    }"""
    variables = {
        "s": {"slug": "src-wire", "label": "Wire", "title": "A wire story", "publisher": "Wire", "url": "https://w.test/1"},
        "c": {"slug": "red-line", "kind": "HOTLINE", "label": "Red line", "description": "A line.",
              "endpoints": ["nato", "russia"], "citation": {"source": "https://w.test/1", "locator": "para. 1"}},
    }
    data = _post(client, query, variables, token=BOB).json()["data"]
    assert data["addSource"] == {"source": {"slug": "src-wire", "title": "A wire story"},
                                 "receipt": {"who": "bob", "file": "sources.ttl"}}
    assert data["addChannel"] == {
        "channel": {"slug": "red-line", "kind": "HOTLINE", "endpoints": [{"slug": "nato"}, {"slug": "russia"}]},
        "receipt": {"who": "bob", "file": "channels.ttl"},
    }


@pytest.mark.parametrize(
    ("variables", "code", "text"),
    [
        ({**SUSPEND_FOR_USA, "subject": "no-such-thing"}, "NOT_FOUND", "no-such-thing"),
        ({**SUSPEND_FOR_USA, "announced": "2024"}, "EDIT_REJECTED", "announced (2024) after it takes effect"),
        ({"subject": "office", "status": "ACTIVE", "effective": "2024", "citation": {"source": "src-test",
          "locator": "p"}}, "EDIT_REJECTED", "a closed link cannot change again"),
    ],
    ids=["unknown subject", "announced after effective", "contradicts the history"],
)
def test_a_refused_edit_is_a_typed_error_and_changes_nothing(
    client: TestClient, workspace: Workspace, variables: dict[str, Any], code: str, text: str
) -> None:
    before = workspace.snapshot()
    result = _post(client, RECORD, {"input": variables}).json()["data"]["recordStatusChange"]
    assert result["__typename"] == "EditError"
    assert result["code"] == code
    assert text in result["message"] + json.dumps(result["problems"])
    assert workspace.snapshot() == before
    assert list(AuditLog(workspace.audit)) == []


def test_a_status_outside_the_scheme_is_refused_by_the_schema(client: TestClient, workspace: Workspace) -> None:
    before = workspace.snapshot()
    response = _post(client, RECORD, {"input": {**SUSPEND_FOR_USA, "status": "FROZEN"}})
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert workspace.snapshot() == before


@pytest.mark.parametrize(
    ("token", "status", "code"),
    [(None, 401, "UNAUTHENTICATED"), ("wrong-token-0123456789", 403, "FORBIDDEN"), ("", 401, "UNAUTHENTICATED")],
    ids=["no header", "wrong token", "empty token"],
)
def test_a_mutation_without_a_valid_token_is_refused_before_anything_runs(
    client: TestClient, workspace: Workspace, token: str | None, status: int, code: str
) -> None:
    before = workspace.snapshot()
    response = _post(client, RECORD, {"input": SUSPEND_FOR_USA}, token=token)
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert "Bearer" in response.headers["www-authenticate"]
    assert workspace.snapshot() == before
    assert list(AuditLog(workspace.audit)) == []


def test_the_api_is_read_only_without_a_configured_token(workspace: Workspace) -> None:
    before = workspace.snapshot()
    with TestClient(create_app(workspace.settings, kg=workspace.graph())) as client:
        response = _post(client, RECORD, {"input": SUSPEND_FOR_USA}, token=ALICE)
        assert response.status_code == 403
        assert response.json()["errors"][0]["extensions"]["code"] == "EDITING_DISABLED"
        assert client.post("/graphql", json={"query": CHANGES}).status_code == 200  # reads go on
    assert workspace.snapshot() == before


def test_mutations_over_get_and_form_posts_are_refused(client: TestClient, workspace: Workspace) -> None:
    before = workspace.snapshot()
    auth = {"authorization": f"Bearer {ALICE}"}
    query = (
        'mutation { addActor(input: {slug: "x-state", kind: STATE, label: "X", '
        'citation: {source: "src-test", locator: "p"}}) { __typename } }'
    )
    response = client.get("/graphql", params={"query": query}, headers=auth)
    assert response.status_code == 405
    for content_type in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"):
        body = json.dumps({"query": query})
        response = client.post("/graphql", content=body, headers={**auth, "content-type": content_type})
        assert response.status_code == 415, content_type
    assert workspace.snapshot() == before


def test_the_audit_log_is_readable_with_a_token_only(client: TestClient) -> None:
    _post(client, RECORD, {"input": SUSPEND_FOR_USA}, **{"x-request-id": "r1"})
    query = '{ auditLog(subject: "treaty") { who action iri requestId refersTo fields } }'
    (entry,) = _post(client, query).json()["data"]["auditLog"]
    assert (entry["who"], entry["action"], entry["requestId"]) == ("alice", "recordStatusChange", "r1")
    assert "https://w3id.org/nrgraph/id/treaty" in entry["refersTo"]
    assert json.loads(entry["fields"])["subject"] == "treaty"
    anonymous = client.post("/graphql", json={"query": query}).json()
    assert anonymous["data"] is None
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert _post(client, query, token="wrong-token-0123456789").status_code == 403


def test_parallel_mutations_on_two_servers_over_one_folder_lose_nothing(workspace: Workspace) -> None:
    settings = _settings(workspace, edit_token=f"alice:{ALICE}")
    query = "mutation($i: AddActorInput!) { addActor(input: $i) { __typename ... on ActorAdded { actor { iri } } } }"

    def add(base: str, n: int) -> tuple[int, Any]:
        variables = {"i": {"slug": f"state-{n}", "kind": "STATE", "label": f"State {n}",
                           "citation": {"source": "src-test", "locator": f"p. {n}"}}}
        response = httpx2.post(f"{base}/graphql", json={"query": query, "variables": variables},
                               headers={"authorization": f"Bearer {ALICE}"}, timeout=60)
        return response.status_code, response.json()

    with live_server(workspace.graph(), settings) as one, live_server(workspace.graph(), settings) as two:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda n: add(one if n % 2 else two, n), range(16)))
        for status, body in answers:
            assert status == 200
            assert body["data"]["addActor"]["__typename"] == "ActorAdded"
        # each server sees every edit, including those made through the other one
        labels = ", ".join(f'"State {n}"' for n in range(16))
        count = f"{{ actors(filter: {{ label: {{ _in: [{labels}] }} }}) {{ totalCount }} }}"
        for base in (one, two):
            total = httpx2.post(f"{base}/graphql", json={"query": count}).json()["data"]["actors"]["totalCount"]
            assert total == 16
    text = (workspace.data / "actors.ttl").read_text()
    assert all(f"id:state-{n}\n" in text for n in range(16))
    assert len(list(AuditLog(workspace.audit))) == 16


def test_tokens_are_parsed_strictly_and_compared_by_name(tmp_path: Path) -> None:
    tokens = EditTokens.parse(f"alice:{ALICE}\n# a comment\n\nbob:{BOB}")
    assert tokens.authenticate(f"Bearer {BOB}") == "bob"
    assert tokens.authenticate(f"bearer  {ALICE}") == "alice"
    with pytest.raises(AccessDenied):
        tokens.authenticate(f"Bearer {ALICE}x")
    with pytest.raises(AuthenticationRequired):
        tokens.authenticate(f"Basic {ALICE}")
    with pytest.raises(EditingDisabled):
        EditTokens().authenticate(f"Bearer {ALICE}")
    assert EditTokens.parse(ALICE).authenticate(f"Bearer {ALICE}") == "editor"
    with pytest.raises(InvalidInput, match="at least 16 characters"):
        EditTokens.parse("alice:short")
    with pytest.raises(InvalidInput, match="used twice"):
        EditTokens.parse(f"alice:{ALICE}\nalice:{BOB}")
    with pytest.raises(InvalidInput, match="cannot read it"):
        EditTokens.from_settings(Settings(edit_token_file=str(tmp_path / "missing")))
    assert not EditTokens.from_settings(Settings()).enabled  # never a default token


def test_an_edit_made_outside_the_server_is_served_by_the_next_request(workspace: Workspace) -> None:
    from nrgraph.editing import AddActor, CitationInput

    query = '{ resource(ref: "outsider") { ... on Actor { label } } }'
    with TestClient(create_app(workspace.settings, kg=workspace.graph())) as client:
        assert client.post("/graphql", json={"query": query}).json()["data"]["resource"] is None
        workspace.editor().apply(AddActor("outsider", "state", "Outsider", CitationInput("src-test", "p")), who="cli")
        assert client.post("/graphql", json={"query": query}).json()["data"]["resource"] == {"label": "Outsider"}


def test_a_read_only_data_folder_fails_the_mutation_and_reads_go_on(client: TestClient, workspace: Workspace) -> None:
    before = workspace.snapshot()
    with read_only(workspace.data):
        result = _post(client, RECORD, {"input": SUSPEND_FOR_USA}).json()["data"]["recordStatusChange"]
        assert (result["__typename"], result["code"]) == ("EditError", "WRITE_FAILED")
        assert "nothing was changed" in result["message"]
        reads = client.post("/graphql", json={"query": CHANGES})
        assert reads.status_code == 200
        assert len(reads.json()["data"]["resource"]["changes"]) == 2
    assert workspace.snapshot() == before
    assert list(AuditLog(workspace.audit)) == []


CITE = """
mutation($input: AddCitationInput!) {
  addCitation(input: $input) {
    __typename
    ... on CitationAdded {
      record { iri ... on StatusChange { status } citations { locator wording source { iri } } }
      receipt { iri file who requestId }
    }
    ... on EditError { code message }
  }
}
"""
CITATION = {"record": "sc-treaty-2007-suspended",
            "citation": {"source": "src-test", "locator": "P2", "wording": "was suspended"}}
SRC_TEST = {"iri": "https://w3id.org/nrgraph/id/src-test"}


def test_a_citation_is_added_and_the_record_comes_back_with_all_its_citations(
    client: TestClient, workspace: Workspace,
) -> None:
    response = _post(client, CITE, {"input": CITATION}, **{"x-request-id": "cite-1"})
    assert response.status_code == 200
    result = response.json()["data"]["addCitation"]
    iri = "https://w3id.org/nrgraph/id/sc-treaty-2007-suspended"
    assert result == {
        "__typename": "CitationAdded",
        "record": {"iri": iri, "status": "SUSPENDED", "citations": [
            {"locator": "P2", "wording": "was suspended", "source": SRC_TEST},
            {"locator": "P9", "wording": None, "source": SRC_TEST},
        ]},
        "receipt": {"iri": iri, "file": "status-changes.ttl", "who": "alice", "requestId": "cite-1"},
    }
    (record,) = AuditLog(workspace.audit).records()
    assert (record.action, record.iri, record.who) == ("addCitation", iri, "alice")


@pytest.mark.parametrize(
    ("record", "code", "text"),
    [
        ("sc-treaty-2007-suspended", "ALREADY_CITED", "(sc-treaty-2007-suspended) already cites src-test at 'P2'"),
        ("sc-treaty-2007-suspendd", "NOT_FOUND", "did you mean sc-treaty-2007-suspended?"),
        ("treaty", "NOT_FOUND", "status change or event 'treaty' not found"),
    ],
    ids=["the same citation twice", "unknown record", "not a status change or event"],
)
def test_a_refused_citation_is_a_typed_error_and_writes_nothing(
    client: TestClient, workspace: Workspace, record: str, code: str, text: str,
) -> None:
    _post(client, CITE, {"input": CITATION})
    before = workspace.snapshot()
    result = _post(client, CITE, {"input": {**CITATION, "record": record}}).json()["data"]["addCitation"]
    assert (result["__typename"], result["code"]) == ("EditError", code)
    assert text in result["message"]
    assert workspace.snapshot() == before
    assert len(AuditLog(workspace.audit).records()) == 1


def test_a_citation_without_a_token_is_refused_before_anything_runs(client: TestClient, workspace: Workspace) -> None:
    before = workspace.snapshot()
    response = _post(client, CITE, {"input": CITATION}, token=None)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert workspace.snapshot() == before
    assert list(AuditLog(workspace.audit)) == []


def test_the_documented_citation_mutation_runs_on_a_copy_of_the_data(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "graphql.md").read_text(encoding="utf-8")
    (mutation,) = [block for block in re.findall(r"```graphql\n(.*?)```", page, re.DOTALL) if "addCitation" in block]
    shutil.copytree(DATA, tmp_path / "data")
    workspace = Workspace(tmp_path)
    settings = _settings(workspace, edit_token=f"alice:{ALICE}")
    with TestClient(create_app(settings, kg=workspace.graph())) as client:
        first = _post(client, mutation).json()["data"]["addCitation"]
        again = _post(client, mutation).json()["data"]["addCitation"]
    assert first["__typename"] == "CitationAdded"
    assert {"locator": "P1", "source": {"iri": "https://w3id.org/nrgraph/id/src-nbc-nato-suspends-2014"}} in (
        first["record"]["citations"]
    )
    assert first["receipt"] == {"file": "status-changes-2014-2026.ttl", "who": "alice"}
    assert (again["__typename"], again["code"]) == ("EditError", "ALREADY_CITED")  # as the page says
