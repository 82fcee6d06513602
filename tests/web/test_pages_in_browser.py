"""Every page of the site in a real browser (Debian's Chromium, driven by Playwright).

Nothing may leave the origin: every request to another host is blocked and fails the test
(it would have caught GraphiQL's CDN). axe-core (from npm) checks each page for serious or
critical accessibility violations. A screenshot of each page is saved for review under
``tmp/screenshots/`` (or ``$NRGRAPH_SCREENSHOTS``), which git ignores.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nrgraph import KnowledgeGraph, Settings, open_graph
from nrgraph.web.explore import CYTOSCAPE_JS
from nrgraph.web.graphiql import GRAPHIQL_DIR

from ..conftest import ROOT
from ..live_server import live_server

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("NRGRAPH_SCREENSHOTS", ROOT / "tmp" / "screenshots"))

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    # name: (path, a CSS selector that is there once the page is drawn, a text a person must see)
    "home": ("/", "#headline", "Which channels survived October 2021?"),
    "graphql": ("/graphql", ".graphiql-container .graphiql-tab", "SurvivedOctober2021"),
    "sparql": ("/sparql", "#examples button", "Which channels survived October 2021?"),
    "explore": ("/explore", "body[data-ready=true]", "NATO"),
    "export": ("/export", "table", "graphml"),
    "search": ("/search?q=council", "table", "NATO-Russia Council"),
    "actor": ("/id/russia", "h1", "Russia"),
    "channel": ("/id/nato-information-office-moscow", "h1", "Terminated"),
    "agreement": ("/id/cfe-treaty", "h1", "Treaty on Conventional Armed Forces in Europe"),
    "status-change": ("/id/sc-cfe-treaty-2023-11-07-withdrawn", "h1", "Withdrawn"),
    "event": ("/id/ev-allies-cfe-statement-2023", "h1", "2023-11-07"),
    "source": ("/id/src-tass-cfe-2023", "h1", "tass.com"),
    "not-found": ("/id/nato-russia-counsil", "h1", "NATO-Russia Council"),
    "review": ("/review", "header", "Review proposals"),
}


def _require(condition: bool, what: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing in CI: `make test` installs it")
    pytest.skip(f"{what} is missing: run `make browser assets`")


@pytest.fixture(scope="module")
def site(settings: Settings) -> Iterator[str]:
    """The app on the bundled data (one in-memory store: the pages, not the stores, are under test)."""
    _require((GRAPHIQL_DIR / "graphiql.min.js").is_file() and CYTOSCAPE_JS.is_file(), "the npm assets")
    graph: KnowledgeGraph = open_graph(list(settings.source_paths), store="memory")
    with live_server(graph, Settings(sparql_timeout=60, sparql_workers=1)) as base:
        yield base
    graph.store.close()


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[Any]:
    _require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    """A fresh tab that refuses (and records) every request that is not to ``site``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    errors: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith((site + "/", "data:", "blob:")) or url == site:
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.outside = outside
    tab.errors = errors
    yield tab
    context.close()


def _axe(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
          .map(v => v.impact + " " + v.id + ": " + v.help + " -- "
               + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
    }""")
    return list(result)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_only_from_its_origin_shows_what_it_should_and_passes_axe(page: Any, site: str, name: str) -> None:
    path, ready, expected = PAGES[name]
    _require(AXE.is_file(), "axe-core (npm ci)")
    page.goto(site + path, wait_until="load")
    page.wait_for_selector(ready, timeout=20_000)
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=name not in {"graphql", "sparql", "explore"})
    assert page.outside == [], f"{name} tried to load from elsewhere: {page.outside}"
    assert expected in page.locator("body").inner_text()
    assert page.errors == []
    violations = _axe(page)
    assert violations == [], "\n".join(violations)


def test_the_search_box_finds_a_resource_and_its_page_opens(page: Any, site: str) -> None:
    page.goto(site + "/id/nato")
    page.locator("#site-search").fill("NRC")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=NRC")
    page.get_by_role("link", name="NATO-Russia Council").first.click()
    page.wait_for_url("**/id/nato-russia-council")
    assert page.locator("h1").inner_text() == "NATO-Russia Council"
    assert page.outside == []


def test_graphiql_answers_link_iris_to_the_resource_pages(page: Any, site: str) -> None:
    page.goto(site + "/graphql")
    page.wait_for_selector(".graphiql-tab", timeout=20_000)
    titles = page.locator(".graphiql-tab").all_inner_texts()
    assert any("SurvivedOctober2021" in t for t in titles), titles
    assert len(titles) >= 6
    page.locator(".graphiql-execute-button").click()
    page.wait_for_selector(".result-window .cm-string", timeout=20_000)
    assert page.outside == []


def test_yasgui_knows_the_server_prefixes_and_shows_typed_literals_as_values(page: Any, site: str) -> None:
    page.goto(site + "/sparql")
    page.wait_for_function("window.nrgraphExplorer && document.querySelectorAll('#examples button').length >= 10")
    valid = page.evaluate("""() => { const yasqe = window.nrgraphExplorer.getTab().getYasqe();
        yasqe.setValue('SELECT ?c ?d WHERE { ?c a nrg:StatusChange ; nrg:effective ?d } LIMIT 3');
        return yasqe.queryValid; }""")
    assert valid is True
    page.locator("#examples button", has_text="What happened in 2021").click()
    cells = page.locator(".yasr table.dataTable tbody td")
    cells.first.wait_for(timeout=20_000)
    text = page.locator(".yasr table.dataTable").inner_text()
    assert "2021-10-18" in text
    assert "^^" not in text
    # the IRIs in the results open the resource pages on this server
    hrefs = page.eval_on_selector_all(".yasr table.dataTable a", "links => links.map(a => a.getAttribute('href'))")
    assert any(h.startswith(site + "/id/ev-") for h in hrefs), hrefs[:5]
    assert page.outside == []


def test_the_explore_page_links_a_selected_channel_to_its_page(page: Any, site: str) -> None:
    page.goto(site + "/explore")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    page.locator("#list tbody tr").first.click()
    link = page.locator("#details a", has_text="Page of this link")
    assert (link.get_attribute("href") or "").startswith("id/")
    link.click()
    page.wait_for_selector("h1")
    assert "/id/" in page.url
    assert page.outside == []


def test_explore_works_from_the_keyboard_and_tells_parallel_links_apart(page: Any, site: str) -> None:
    page.goto(site + "/explore")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    slider = page.locator("#month")
    slider.focus()
    before = page.locator("#month-label").text_content()
    page.keyboard.press("ArrowLeft")
    assert page.locator("#month-label").text_content() != before
    row = page.locator("#list tbody tr", has_text="NATO-Russia Council")
    row.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#details h2")
    assert page.locator("#details h2").text_content() == "NATO-Russia Council"
    styles = page.evaluate("window.nrgraphExplore.cy.edges().map(e => e.data('line'))")
    assert "solid" in styles
    legend = page.locator("#legend").inner_text()
    assert "dormant" in legend
    assert "restricted" in legend
    on_screen = page.evaluate("""() => { const cy = window.nrgraphExplore.cy;
        return parseFloat(cy.nodes()[0].style('font-size')) * cy.zoom(); }""")
    assert on_screen >= 11.9
    sides = page.evaluate("""() => { const cy = window.nrgraphExplore.cy;
        const x = (id) => cy.getElementById(id).position('x');
        return [x('https://w3id.org/nrgraph/id/nato'), x('https://w3id.org/nrgraph/id/russia')]; }""")
    assert sides[0] < sides[1]  # NATO's column is left of Russia's


def test_a_bad_date_on_explore_is_a_page_saying_so(page: Any, site: str) -> None:
    response = page.goto(site + "/explore?asOf=2021-13")
    assert response.status == 400
    assert "2021-13" in page.locator("main").inner_text()
    assert page.locator("header.site").count() == 1


def test_explore_draws_agreements_one_line_per_pair_and_a_strip_for_the_selected_link(page: Any, site: str) -> None:
    page.goto(site + "/explore")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    page.locator("#agreements").check()
    shown = page.evaluate("""() => { const cy = window.nrgraphExplore.cy;
        return [cy.edges("[family = 'agreement']:visible").length,
                cy.edges("[family = 'agreement-pair']:visible").length]; }""")
    assert shown[0] == 0  # no clique: every agreement is counted on its pair's line
    assert shown[1] > 0
    page.evaluate("""() => { const cy = window.nrgraphExplore.cy;
        cy.edges("[family = 'agreement-pair']:visible")[0].emit('tap'); }""")
    page.wait_for_selector("#pair li button")
    page.locator("#pair li button").first.click()
    page.wait_for_selector("#strip .track .spell")
    assert page.locator("#strip h2").inner_text().startswith("Timeline of ")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "explore-agreements.png"))
    assert page.outside == []
    assert page.errors == []
