"""Linked Data: a page for every resource at /id/{slug}, for people (HTML) and machines (RDF)."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from nrgraph import KnowledgeGraph, Settings
from nrgraph.namespaces import DATA
from nrgraph.web.app import create_app
from nrgraph.web.html import site_header
from nrgraph.web.resource import REPRESENTATIONS, negotiate

KINDS = {
    # kind: (slug, what a reader must find on its page)
    "actor": ("russia", ["Russian Federation", "Related"]),
    "channel": ("nato-information-office-moscow", ["Terminated", "2021-11-01", "2021-10-18", "Citations"]),
    "agreement": ("cfe-treaty", ["Treaty on Conventional Armed Forces in Europe", "For ", "Withdrawn", "Timeline"]),
    "status change": ("sc-cfe-treaty-2023-11-07-withdrawn", ["Withdrawn", "2023-05-29", "recorded to the day"]),
    "event": ("ev-allies-cfe-statement-2023", ["2023-11-07", "North Atlantic Council"]),
    "source": ("src-tass-cfe-2023", ["https://tass.com/world/1702695", "cited by"]),
}
RDF = [r for r in REPRESENTATIONS if r.rdf is not None]
# The store's own answer, independent of the page's named query: the resource's statements and
# those of its blank nodes (its citations).
OWN = (
    "CONSTRUCT { ?s ?p ?o } WHERE { { <IRI> ?p ?o BIND(<IRI> AS ?s) } "
    "UNION { <IRI> ?q ?s FILTER isBlank(?s) ?s ?p ?o } }"
)


@pytest.fixture(scope="module")
def client(kg: KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), kg=kg)) as test_client:
        yield test_client


def _graph(triples: list[ox.Triple]) -> Graph:
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_browser_gets_the_html_page_of_each_kind(client: TestClient, kind: str) -> None:
    slug, expected = KINDS[kind]
    response = client.get(f"/id/{slug}", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["vary"] == "Accept"
    assert response.headers["content-location"] == f"{slug}.html"
    for text in expected:
        assert text in response.text, f"{text!r} is not on the page of {slug}"
    assert 'action="../search"' in response.text  # the search box is on every page


@pytest.mark.parametrize("representation", RDF, ids=lambda r: r.suffix)
@pytest.mark.parametrize("kind", list(KINDS))
def test_the_rdf_of_each_kind_parses_back_to_the_triples_the_store_holds(
    client: TestClient, kg: KnowledgeGraph, kind: str, representation: object
) -> None:
    slug = KINDS[kind][0]
    iri = f"{DATA}{slug}"
    expected = _graph(kg.store.construct(OWN.replace("IRI", iri)))
    assert len(expected) > 3
    by_accept = client.get(f"/id/{slug}", headers={"accept": representation.media_type})  # type: ignore[attr-defined]
    by_suffix = client.get(f"/id/{slug}.{representation.suffix}")  # type: ignore[attr-defined]
    for response in (by_accept, by_suffix):
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == representation.media_type  # type: ignore[attr-defined]
        parsed = list(ox.parse(response.content, format=representation.rdf))  # type: ignore[attr-defined]
        assert isomorphic(_graph([q if isinstance(q, ox.Triple) else q.triple for q in parsed]), expected)
    assert by_accept.headers["vary"] == "Accept"
    assert by_accept.headers["content-location"] == f"{slug}.{representation.suffix}"  # type: ignore[attr-defined]
    assert f'<{slug}.ttl>; rel="alternate"; type="text/turtle"' in by_suffix.headers["link"]


def test_an_unknown_slug_is_a_404_with_suggestions_or_the_json_envelope(client: TestClient, store_kind: str) -> None:
    if store_kind == "virtuoso":
        pytest.skip("Virtuoso answers the substring search behind the suggestions after the time limit")
    page = client.get("/id/nato-russia-counsil", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert '<a href="../id/nato-russia-council">NATO-Russia Council</a>' in page.text
    data = client.get("/id/nato-russia-counsil.ttl")
    assert data.status_code == 404
    assert data.json()["error"]["code"] == "NOT_FOUND"
    assert client.get("/id/a b<c", headers={"accept": "text/turtle"}).json()["error"]["code"] == "NOT_FOUND"


def test_a_client_that_accepts_no_representation_gets_406_naming_them(client: TestClient) -> None:
    response = client.get("/id/nato", headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        (None, "html"), ("*/*", "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"), ("application/n-triples", "nt"), ("application/rdf+xml", "rdf"),
        ("text/html;q=0.5, text/turtle", "ttl"), ("text/turtle;q=0.2, */*;q=0.1", "ttl"),
    ],
)
def test_content_negotiation_picks_the_preferred_representation(accept: str | None, suffix: str) -> None:
    chosen = negotiate(accept)
    assert chosen is not None
    assert chosen.suffix == suffix


def test_home_page_answers_the_headline_question_live_with_links(client: TestClient) -> None:
    html = client.get("/").text
    assert "Which channels survived October 2021?" in html
    assert '<a href="id/nato-information-office-moscow">NATO Information Office in Moscow</a>' in html
    for path in ("graphql", "sparql", "explore", "export", "schema.graphql", "docs"):
        assert f'href="{path}"' in html
    assert client.get("/favicon.ico").headers["content-type"] == "image/svg+xml"
    listing = client.get("/export").text
    assert 'href="export/graphml"' in listing
    assert 'href="export/jsonld"' in listing
    assert "type Query" in client.get("/schema.graphql").text


def test_search_lists_matches_with_links(client: TestClient) -> None:
    html = client.get("/search", params={"q": "NRC"}).text
    assert '<a href="id/nato-russia-council">NATO-Russia Council</a>' in html


def test_every_page_carries_the_same_site_header(client: TestClient) -> None:
    for path, current in (("/sparql", "sparql"), ("/explore", "explore"), ("/graphql", "graphql")):
        html = client.get(path, headers={"accept": "text/html"}).text
        if path == "/explore" and "ASSETS_MISSING" in html:
            continue
        assert site_header("", current) in html, path


def test_a_contested_change_shows_the_conflicting_claims_side_by_side(client: TestClient) -> None:
    html = client.get("/id/sc-russian-military-liaison-shape-2021-06-dormant", headers={"accept": "text/html"}).text
    assert "Conflicting claims, side by side" in html
    assert 'href="../id/sc-russian-military-liaison-shape-2021-11-01-suspended"' in html
    assert "confidence 0.5" in html
    assert 'class="badge dotted" data-status="Dormant"' in html  # Dormant drawn apart from Active
