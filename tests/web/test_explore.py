"""The /explore page: in-process checks of what is served, and a real browser on a real server."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import nrgraph.web.explore
from nrgraph import KnowledgeGraph
from nrgraph.namespaces import DATA
from nrgraph.web.app import create_app
from nrgraph.web.explore import CYTOSCAPE_JS, explore_data

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
NIO_LABEL = "NATO Information Office in Moscow"


def require(condition: bool, reason: str) -> None:
    """Skip locally when something the build installs is missing; in CI, fail instead."""
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must have it: make test installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def client(network_kg: KnowledgeGraph) -> Iterator[TestClient]:
    require(CYTOSCAPE_JS.is_file(), "Cytoscape.js is not built; run 'make assets'")
    with TestClient(create_app(kg=network_kg)) as client:
        yield client


def page_config(html: str) -> dict[str, object]:
    match = re.search(r'<script id="nrgraph-config" type="application/json">(.*?)</script>', html, re.S)
    assert match is not None
    config: dict[str, object] = json.loads(match.group(1))
    return config


def test_the_page_is_self_contained(client: TestClient) -> None:
    response = client.get("/explore")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "cytoscape" in html
    assert len(html) > 300_000
    assert not re.search(r"<script[^>]+src=", html)  # no external script, no CDN
    assert not re.search(r"<link[^>]+href=\"https?:", html)
    config = page_config(html)
    assert config["start"] is None


def test_the_page_carries_every_edge_with_its_spells_and_sources(network_kg: KnowledgeGraph) -> None:
    import datetime as dt

    data = explore_data(network_kg, today=dt.date(2025, 1, 1))
    (nio,) = [e for e in data["edges"] if e["link"] == str(DATA["nio"])]
    assert [(s["start"], s["end"], s["top"]) for s in nio["spells"]] == [
        ("2001-02-28", "2021-10-31", "active"),
        ("2021-11-01", None, "closed"),
    ]
    # what people read: the dates as recorded, not the days derived from them
    assert [(s["since"], s["until"]) for s in nio["spells"]] == [("2001-02", "2021-11-01"), ("2021-11-01", None)]
    assert str(DATA["src-net-2"]) in nio["spells"][1]["sources"]
    assert data["sources"][str(DATA["src-net"])]["url"] == "https://example.org/network"
    assert data["events"][str(DATA["nio"])] == [{"label": "Expulsion of eight Russian officials", "date": "2021-10-06"}]
    assert data["range"] == {"start": "1963-01", "end": "2025-01"}
    endpoints = {e["source"] for e in data["edges"]} | {e["target"] for e in data["edges"]}
    assert {n["id"] for n in data["nodes"]} == endpoints
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_as_of_sets_the_slider_and_a_bad_date_is_a_json_error(client: TestClient) -> None:
    assert page_config(client.get("/explore", params={"asOf": "2021-11-05"}).text)["start"] == "2021-11"
    response = client.get("/explore", params={"asOf": "2021-13"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_DATE"


def test_missing_assets_are_a_clear_503(network_kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nrgraph.web.explore, "CYTOSCAPE_JS", Path("/nonexistent/cytoscape.min.js"))
    with TestClient(create_app(kg=network_kg)) as client:
        response = client.get("/explore")
    assert response.status_code == 503
    assert "run 'make assets'" in response.json()["error"]["message"]


# ------------------------------------------------- a real browser, a real server ----


@pytest.fixture(scope="module")
def live_url(kg: KnowledgeGraph) -> Iterator[str]:
    """The app on the bundled data, served by uvicorn on a free loopback port."""
    import uvicorn

    require(CYTOSCAPE_JS.is_file(), "Cytoscape.js is not built; run 'make assets'")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(kg=kg), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start within 30 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.browser
@pytest.mark.slow
def test_explore_in_chromium_shows_the_information_office_closed_in_november_2021(live_url: str) -> None:
    require(CHROMIUM.exists(), "Debian's chromium is not installed (make browser)")
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.on("request", lambda request: problems.append(f"off-site request {request.url}")
                    if not request.url.startswith((live_url, "data:")) else None)
            page.goto(f"{live_url}/explore")
            page.wait_for_selector("body[data-ready=true]", timeout=20_000)

            months: list[str] = page.evaluate("window.nrgraphExplore.months")
            page.locator("#month").fill(str(months.index("2021-11")))
            assert page.locator("#month-label").text_content() == "2021-11"
            row = page.locator("#list tbody tr", has_text=NIO_LABEL)
            assert row.count() == 1
            assert row.get_attribute("data-status-top") == "closed"
            assert "closed (Terminated)" in (row.text_content() or "")

            # The edge in the graph is red, and selecting it shows the channel's timeline and sources.
            colours = page.evaluate(
                """(label) => window.nrgraphExplore.cy.edges().filter(e => e.data('label') === label)
                     .map(e => [e.data('top'), e.data('colour'), e.visible()])""",
                NIO_LABEL,
            )
            assert colours
            assert all(c == ["closed", "#d73027", True] for c in colours)
            row.click()  # its row in the list (the lines of parallel links fan out; the row is unambiguous)
            page.wait_for_selector("#details h2")
            assert page.locator("#details h2").text_content() == NIO_LABEL
            timeline = page.locator("#timeline li")
            assert timeline.last.get_attribute("data-status-top") == "closed"
            assert "Terminated 2021-11-01" in (timeline.last.text_content() or "")
            assert page.locator("#sources li").count() >= 1

            # Earlier, the same office was active.
            page.locator("#month").fill(str(months.index("2021-10")))
            assert row.get_attribute("data-status-top") == "active"
            page.locator("#month").fill(str(months.index("2021-11")))

            # The screenshot is not blank: the graph is drawn, with red (closed) lines in it.
            shot = Image.open(io.BytesIO(page.locator("#cy").screenshot())).convert("RGB")
            counts = shot.getcolors(maxcolors=1 << 24) or []
            total = shot.width * shot.height
            drawn = sum(n for n, colour in counts if colour != (255, 255, 255))
            red = sum(n for n, (r, g, b) in counts if abs(r - 0xD7) < 40 and abs(g - 0x30) < 40 and abs(b - 0x27) < 40)
            assert drawn > 0.01 * total, f"only {drawn} of {total} pixels drawn"
            assert red > 20, "no closed (red) edge drawn"
            assert problems == []
        finally:
            browser.close()


def test_cli_writes_the_page_to_a_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nrgraph.cli.main import cli

    from ..conftest import FIXTURES, ONTOLOGY

    require(CYTOSCAPE_JS.is_file(), "Cytoscape.js is not built; run 'make assets'")
    data = tmp_path / "data"
    data.mkdir()
    (data / "network.ttl").write_bytes((FIXTURES / "network.ttl").read_bytes())
    env = {"NRGRAPH_DATA_DIR": str(data), "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY)}
    out = tmp_path / "explore.html"
    result = CliRunner().invoke(cli, ["explore", "--as-of", "2021-11", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    config = page_config(out.read_text(encoding="utf-8"))
    assert config["start"] == "2021-11"
    bad = CliRunner().invoke(cli, ["explore", "--as-of", "2021-13", "--out", str(out)], env=env)
    assert bad.exit_code == 1
    assert "'2021-13' is not a date" in bad.output
