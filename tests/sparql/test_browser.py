"""The SPARQL explorer in a real browser: Debian's Chromium, driven by Playwright.

`make test` installs Chromium (apt) and YASGUI (npm). In CI (CI=true) a missing browser or
missing assets fail the test; elsewhere they skip it with the command that installs them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nrgraph import KnowledgeGraph, Settings
from nrgraph.sparql.endpoint import YASGUI_DIR

from ..live_server import live_server

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.sparql_endpoint]


def _require(condition: bool, what: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing in CI: `make test` installs it")
    pytest.skip(f"{what} is missing: run `make test` (or `make browser assets`)")


@pytest.fixture(scope="module")
def explorer(kg: KnowledgeGraph) -> Iterator[str]:
    _require((YASGUI_DIR / "yasgui.min.js").is_file(), "YASGUI (make assets)")
    with live_server(kg, Settings(sparql_timeout=60, sparql_workers=2)) as base:
        yield f"{base}/sparql"


@pytest.fixture(scope="module")
def page(explorer: str) -> Iterator[Any]:
    _require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context()
        outside: list[str] = []
        # Everything the page loads must come from our server: record anything else and refuse it.
        host = explorer.split("/sparql")[0]
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(host)
            else (outside.append(route.request.url), route.abort())[1],
        )
        tab = context.new_page()
        tab.outside_requests = outside
        yield tab
        context.close()
        browser.close()


def test_the_explorer_runs_a_gallery_query_and_shows_rows(page: Any, explorer: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(explorer, wait_until="load")
    buttons = page.locator("#examples button")
    page.wait_for_function("document.querySelectorAll('#examples button').length > 0")
    assert buttons.first.inner_text() == "Which channels survived October 2021?"
    assert "PREFIX nrg: <https://w3id.org/nrgraph/ontology#>" in page.locator(".CodeMirror").first.inner_text()
    buttons.first.click()
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for(timeout=20000)
    assert rows.count() >= 3
    table = page.locator(".yasr table.dataTable").inner_text()
    assert "moscow-washington-hotline" in table
    assert "russian-mission-to-nato" not in table
    assert errors == []
    assert page.outside_requests == []


def test_another_gallery_query_replaces_the_results(page: Any, explorer: str) -> None:
    page.goto(explorer, wait_until="load")
    page.locator("#examples button[data-example='what-the-2014-suspension-cut']").click()
    page.wait_for_function(
        "document.querySelector('.yasr table.dataTable') &&"
        " document.querySelector('.yasr table.dataTable').innerText.includes('nrc-practical-cooperation')",
        timeout=20000,
    )
    assert page.locator(".yasr table.dataTable tbody tr").count() >= 3


def test_a_query_in_the_address_opens_in_the_editor(page: Any, explorer: str) -> None:
    page.goto(f"{explorer}?query=ASK%20%7B%20id%3Anato%20a%20nrg%3AInternationalOrganization%20%7D", wait_until="load")
    page.wait_for_function("document.querySelectorAll('#examples button').length > 0")
    assert "ASK { id:nato a nrg:InternationalOrganization }" in page.locator(".CodeMirror").first.inner_text()
