"""The /review page: a document beside its proposals, the passage highlighted, accept (a
confirmation as a citation) and reject through GraphQL with an edit token; a real browser on
a real server."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from nrgraph.ingest import Known, propose
from nrgraph.ingest.document import Document
from nrgraph.ingest.store import ProposalStore
from nrgraph.web.app import create_app

from ..editing_support import Workspace, make_workspace
from ..ingest.test_review import TEXT
from ..live_server import live_server
from .test_explore import CHROMIUM, CHROMIUM_ARGS, require

TOKEN = "dana-token-0123456789abcdef"
HOSTILE = "<img src=x onerror=\"document.body.dataset.owned='yes'\"> A note on the Test Treaty\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = make_workspace(tmp_path)
    document = Document.from_text("note.txt", HOSTILE + TEXT)
    proposals = propose(document, Known.from_graph(workspace.graph()), source="src-test")
    ProposalStore(tmp_path / "proposals").save(document, proposals, "src-test")
    return workspace


def _settings(workspace: Workspace):  # type: ignore[no-untyped-def]
    return workspace.settings.replace(edit_token=f"dana:{TOKEN}", proposals_dir=str(workspace.root / "proposals"))


def test_the_page_is_static_and_carries_no_document_text(workspace: Workspace) -> None:
    with TestClient(create_app(_settings(workspace), kg=workspace.graph())) as client:
        response = client.get("/review")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Test Treaty" not in response.text  # the text comes from GraphQL, with a token


@pytest.mark.browser
@pytest.mark.slow
def test_review_in_chromium_highlights_the_passage_and_accepts_and_rejects(workspace: Workspace) -> None:
    require(CHROMIUM.exists(), "Debian's chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with live_server(workspace.graph(), _settings(workspace)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.on("request", lambda request: problems.append(f"off-site request {request.url}")
                    if not request.url.startswith(base) else None)
            page.goto(f"{base}/review")
            page.fill("#token", TOKEN)
            page.click("#load")
            page.wait_for_selector("body[data-ready=true]", timeout=20_000)
            assert page.locator("#text img").count() == 0  # the document's markup stays text
            assert "<img src=x" in (page.locator("#text").text_content() or "")

            conflict = page.locator(".proposal.relation-conflicts")
            assert conflict.count() == 1
            conflict.click()
            assert page.locator("mark.current").text_content() == TEXT.splitlines()[2]
            assert "in the graph: suspended for russia, effective 2007-12-12" in (conflict.text_content() or "")

            before = workspace.snapshot()
            conflict.locator("button", has_text="Reject").click()
            page.wait_for_function("document.querySelectorAll('.proposal.relation-conflicts').length === 0")
            assert workspace.snapshot() == before

            new = page.locator(".proposal", has_text="terminated")
            new.locator("button", has_text="Accept").click()
            page.wait_for_selector("#message:has-text('accepted')")
            assert "sc-treaty-2023-05-terminated" in (page.locator("#message").text_content() or "")
            assert "id:sc-treaty-2023-05-terminated" in (workspace.data / "status-changes.ttl").read_text()

            confirms = page.locator(".proposal.relation-confirms")
            assert "Accept cites this passage on it" in (confirms.text_content() or "")
            confirms.locator("button", has_text="Accept").click()
            page.wait_for_selector("#message:has-text('sc-treaty-2007-suspended')")
            page.wait_for_function("document.querySelectorAll('.proposal.relation-confirms').length === 0")
            cited = (workspace.data / "status-changes.ttl").read_text()
            assert 'nrg:locator "P9" ], [\n        nrg:source id:src-test ;' in cited  # the curated fact, cited again
            assert page.evaluate("document.body.dataset.owned") is None
            assert problems == []
        finally:
            browser.close()
