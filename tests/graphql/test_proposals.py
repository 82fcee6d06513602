"""GraphQL review of proposals: the `proposals` connection and `acceptProposal` /
`rejectProposal`, under the edit-token rules of the other mutations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from nrgraph.cli.main import cli
from nrgraph.ingest import Known, propose
from nrgraph.ingest.document import Document
from nrgraph.ingest.store import ProposalStore
from nrgraph.web.app import create_app

from ..editing_support import Workspace, make_workspace
from ..ingest.test_review import TEXT, env

TOKEN = "carol-token-0123456789abcdef"
LIST = """
query($after: String) {
  proposals(first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind locator relation wording passage subject status effective existingSummary how } }
  }
}"""
ACCEPT = """
mutation($id: String!, $changes: ProposalChanges) {
  acceptProposal(id: $id, changes: $changes) {
    __typename
    ... on ProposalAccepted { iri receipt { who file } }
    ... on EditError { code message }
  }
}"""
REJECT = 'mutation($id: String!) { rejectProposal(id: $id) { __typename ... on EditError { code } } }'


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = make_workspace(tmp_path)
    document = Document.from_text("note.txt", TEXT)
    proposals = propose(document, Known.from_graph(workspace.graph()), source="src-test")
    ProposalStore(tmp_path / "proposals").save(document, proposals, "src-test")
    return workspace


@pytest.fixture
def client(workspace: Workspace) -> Iterator[TestClient]:
    settings = workspace.settings.replace(edit_token=f"carol:{TOKEN}", proposals_dir=str(workspace.root / "proposals"))
    with TestClient(create_app(settings, kg=workspace.graph())) as test_client:
        yield test_client


def _post(client: TestClient, query: str, variables: dict[str, Any] | None = None,
          token: str | None = TOKEN) -> httpx2.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)


def _waiting(client: TestClient) -> list[dict[str, Any]]:
    nodes, after = [], None
    while True:
        page = _post(client, LIST, {"after": after}).json()["data"]["proposals"]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def test_proposals_need_an_edit_token(client: TestClient) -> None:
    response = _post(client, LIST, token=None)
    assert response.status_code in {200, 401}
    body = response.json()
    codes = [e["extensions"]["code"] for e in body.get("errors", [])] or [body.get("error", {}).get("code")]
    assert "UNAUTHENTICATED" in codes


def test_the_connection_pages_through_every_proposal_with_its_evidence(client: TestClient) -> None:
    nodes = _waiting(client)
    assert len(nodes) == len({n["id"] for n in nodes}) >= 3
    conflict = next(n for n in nodes if n["relation"] == "conflicts")
    assert conflict["passage"] == TEXT.splitlines()[2]
    assert "suspended for russia, effective 2007-12-12" in conflict["existingSummary"]
    assert conflict["wording"] in conflict["passage"]


def test_accept_writes_what_record_writes_and_reject_leaves_nothing(
    client: TestClient, workspace: Workspace, tmp_path: Path,
) -> None:
    nodes = _waiting(client)
    new = next(n for n in nodes if n["locator"] == "P4" and n["kind"] == "statusChange")
    twin = make_workspace(tmp_path / "twin")
    args = ["record", "treaty", "--status", "terminated", "--effective", "2023-05", "--source", "src-test",
            "--locator", "P4", "--wording", new["wording"]]
    assert CliRunner().invoke(cli, args, env=env(twin)).exit_code == 0
    result = _post(client, ACCEPT, {"id": new["id"]}).json()["data"]["acceptProposal"]
    assert result == {"__typename": "ProposalAccepted", "iri": "https://w3id.org/nrgraph/id/sc-treaty-2023-05-terminated",
                      "receipt": {"who": "carol", "file": "status-changes.ttl"}}
    assert workspace.snapshot() == twin.snapshot()
    before = workspace.snapshot()
    for node in _waiting(client):
        assert _post(client, REJECT, {"id": node["id"]}).json()["data"]["rejectProposal"] == {
            "__typename": "ProposalRejected"
        }
    assert workspace.snapshot() == before
    assert _waiting(client) == []
    gone = _post(client, REJECT, {"id": new["id"]}).json()["data"]["rejectProposal"]
    assert gone == {"__typename": "EditError", "code": "NOT_FOUND"}


def test_accepting_a_confirmation_writes_what_cite_writes(
    client: TestClient, workspace: Workspace, tmp_path: Path,
) -> None:
    confirms = next(n for n in _waiting(client) if n["relation"] == "confirms")
    twin = make_workspace(tmp_path / "twin")
    args = ["cite", "sc-treaty-2007-suspended", "--source", "src-test", "--locator", confirms["locator"],
            "--wording", confirms["wording"]]
    assert CliRunner().invoke(cli, args, env=env(twin)).exit_code == 0
    before = workspace.snapshot()
    assert _post(client, ACCEPT, {"id": confirms["id"]}, token=None).status_code == 401
    assert workspace.snapshot() == before
    result = _post(client, ACCEPT, {"id": confirms["id"]}).json()["data"]["acceptProposal"]
    assert result == {"__typename": "ProposalAccepted", "iri": "https://w3id.org/nrgraph/id/sc-treaty-2007-suspended",
                      "receipt": {"who": "carol", "file": "status-changes.ttl"}}
    assert workspace.snapshot() == twin.snapshot()
    assert confirms["id"] not in {n["id"] for n in _waiting(client)}
