"""Attack: a label or title that breaks out of a page's inline JSON and blanks the page.

Inside ``<script>``, ``<!--`` followed by ``<script`` puts the HTML parser in the "script
data double escaped" state, where the element's own ``</script>`` no longer ends it: one such
label used to leave ``/explore`` blank for everyone. Every page that inlines data writes it
with :func:`nrgraph.inline_json.script_json`; these tests load labels made to break out,
check the JSON in process, and render the pages in Debian's Chromium.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

import nrgraph.sparql.endpoint
import nrgraph.web.graphiql
from nrgraph import KnowledgeGraph, Settings, open_graph
from nrgraph.graphql.examples import Example as GraphQLExample
from nrgraph.inline_json import script_json
from nrgraph.sparql.endpoint import YASGUI_DIR, explorer_page
from nrgraph.sparql.examples import Example as SparqlExample
from nrgraph.web.explore import CYTOSCAPE_JS, explore_page
from nrgraph.web.graphiql import graphiql_html

from ..conftest import FIXTURES, ONTOLOGY
from ..live_server import live_server
from ..web.test_explore import CHROMIUM, CHROMIUM_ARGS, require

HOSTILE = [
    "<!--<script>",
    "</script><!--<script>alert(1)</script>",
    "<!-- <script>",
    "</SCRIPT >",
    "]]><![CDATA[",
    "&lt;&amp;",
    "line\u2028separator\u2029paragraph",
    "/*{{ cytoscape }}*/ {{ config }}",
]
HOTLINE = "<!--<script> hotline"


def inline_json(html: str, element: str) -> str:
    """The text of ``<script id=element type="application/json">`` as an HTML parser ends it."""
    match = re.search(rf'<script id="{element}" type="application/json">(.*?)</script', html, re.S | re.I)
    assert match is not None, f"no {element} script element"
    return match[1]


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_json_has_no_markup_and_reads_back_unchanged(text: str) -> None:
    value = {"label": text, "list": [text, {"nested": text}]}
    written = script_json(value)
    assert not set(written) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(written) == value


@pytest.fixture(scope="module")
def hostile_kg() -> Iterator[KnowledgeGraph]:
    graph = open_graph([ONTOLOGY, FIXTURES / "network.ttl", FIXTURES / "hostile-labels.ttl"], store="memory")
    yield graph
    graph.store.close()


def test_the_explore_page_carries_hostile_labels_as_data(hostile_kg: KnowledgeGraph) -> None:
    require(CYTOSCAPE_JS.is_file(), "Cytoscape.js is not built; run 'make assets'")
    config = inline_json(explore_page(hostile_kg), "nrgraph-config")
    assert "<" not in config
    data = json.loads(config)["data"]
    assert HOTLINE in [node["label"] for node in data["nodes"]] + [edge["label"] for edge in data["edges"]]
    assert any(source["title"].startswith("</script><!--<script>") for source in data["sources"].values())


def test_the_sparql_explorer_and_graphiql_inline_through_the_same_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    gallery = [SparqlExample(f"hostile-{n}", text, text, f"# {text}\nASK {{}}") for n, text in enumerate(HOSTILE)]
    monkeypatch.setattr(nrgraph.sparql.endpoint, "examples", lambda: gallery)
    config = inline_json(explorer_page("/sparql"), "nrgraph-config")
    assert "<" not in config
    assert [e["title"] for e in json.loads(config)["examples"]] == HOSTILE

    queries = [GraphQLExample("x", text, "{ stats { triples } }") for text in HOSTILE]
    monkeypatch.setattr(nrgraph.web.graphiql, "examples", lambda: queries)
    graphiql_html.cache_clear()
    try:
        examples = inline_json(graphiql_html().decode(), "examples")
    finally:
        graphiql_html.cache_clear()
    assert "<" not in examples
    assert [e["title"] for e in json.loads(examples)] == HOSTILE


# ------------------------------------------------------------------ in Chromium ----


@pytest.fixture(scope="module")
def hostile_server(hostile_kg: KnowledgeGraph) -> Iterator[str]:
    with live_server(hostile_kg, Settings(sparql_workers=1)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(CHROMIUM.exists(), "Debian's chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Any, url: str, problems: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.on("pageerror", lambda error: problems.append(str(error)))
    host = "/".join(url.split("/")[:3])
    page.on("request", lambda request: problems.append(f"off-site request {request.url}")
            if not request.url.startswith((host, "data:")) else None)
    page.goto(url)
    return page


@pytest.mark.browser
@pytest.mark.slow
def test_explore_renders_in_chromium_despite_a_label_that_opens_a_comment_and_a_script(
    browser: Any, hostile_server: str
) -> None:
    require(CYTOSCAPE_JS.is_file(), "Cytoscape.js is not built; run 'make assets'")
    problems: list[str] = []
    page = open_page(browser, f"{hostile_server}/explore?asOf=2010-01", problems)
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    row = page.locator("#list tbody tr", has_text=HOTLINE)
    assert row.count() == 1
    assert row.get_attribute("data-status-top") == "active"
    labels = page.evaluate("window.nrgraphExplore.cy.edges().map(e => e.data('label'))")
    assert HOTLINE in labels
    assert page.locator("script").count() == 3  # the config, Cytoscape and the page's own: nothing injected
    assert problems == []
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_the_sparql_explorer_renders_in_chromium_with_hostile_gallery_titles(
    browser: Any, hostile_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    require((YASGUI_DIR / "yasgui.min.js").is_file(), "YASGUI is not built; run 'make assets'")
    gallery = [SparqlExample(f"hostile-{n}", text, text, "ASK {}") for n, text in enumerate(HOSTILE)]
    monkeypatch.setattr(nrgraph.sparql.endpoint, "examples", lambda: gallery)
    problems: list[str] = []
    page = open_page(browser, f"{hostile_server}/sparql", problems)
    page.wait_for_function("document.querySelectorAll('#examples button').length > 0", timeout=20_000)
    assert page.locator("#examples button").all_inner_texts() == HOSTILE
    assert problems == []
    page.close()
