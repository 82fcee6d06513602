"""The site's front door: ``/`` (what the graph holds and the headline answer), ``/search``,
``/export`` (the export formats), the favicon and the site's own static files.

The home page answers its headline question live, from the facade
(:meth:`~nrgraph.knowledge_graph.KnowledgeGraph.survived`), so it always says what the data
says; every resource it names links to its page at ``/id/{slug}``.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from nrgraph import __version__
from nrgraph.config import STATIC_DIR
from nrgraph.exports import FORMATS
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.temporal.model import Survival
from nrgraph.web.graphiql import GRAPHIQL_DIR
from nrgraph.web.html import document, local_href, text

__all__ = ["HEADLINE_PERIOD", "SITE_DIR", "home_page", "routes", "search_page"]

SITE_DIR = STATIC_DIR / "site"
"""The site's own stylesheet, script and favicon (in git)."""
HEADLINE_PERIOD = "2021-10"
"""The month of the headline question: Russia's measures of 18 October 2021."""
SEARCH_LIMIT = 50


def link(iri: str, label: str, base: str) -> str:
    """An HTML link to the resource's page (plain text for an IRI outside the data namespace)."""
    href = local_href(iri, base)
    return f'<a href="{text(href)}">{text(label)}</a>' if href else text(label)


def _survival_rows(entries: Sequence[Survival], labels: dict[str, str], base: str) -> str:
    rows = []
    for entry in entries:
        change = entry.change
        party = f" (for {link(entry.party, labels.get(entry.party, entry.party), base)})" if entry.party else ""
        rows.append(
            f"<tr><td>{link(entry.subject, labels.get(entry.subject, entry.subject), base)}{party}</td>"
            f"<td>{text(entry.reason.value)}</td>"
            f"<td>{link(change.iri, change.status.value, base)} effective {text(change.effective)}"
            + (f", announced {text(change.announced)}" if change.announced else "")
            + "</td></tr>"
        )
    return "".join(rows)


def home_page(kg: KnowledgeGraph, base: str = "") -> str:
    """The HTML of ``/``."""
    stats = kg.stats()
    report = kg.survived(HEADLINE_PERIOD, kind="channel")
    entries = [*report.survivors, *report.casualties, *report.uncertain]
    iris = sorted({e.subject for e in entries} | {e.party for e in entries if e.party})
    labels = {r.iri: r.label for r in kg.resources(iris) if r is not None}
    span = (
        f"{stats.first_date.isoformat()} to {stats.last_date.isoformat()}"
        if stats.first_date and stats.last_date else "no dated facts"
    )
    groups = [("Survived", report.survivors), ("Did not survive", report.casualties), ("Uncertain", report.uncertain)]
    answer = "".join(
        f"<h3>{title} ({len(found)})</h3><table><thead><tr><th scope=col>Channel</th><th scope=col>Why</th>"
        f"<th scope=col>Deciding change</th></tr></thead><tbody>{_survival_rows(found, labels, base)}</tbody></table>"
        for title, found in groups if found
    )
    classes = "".join(
        f"<li><strong>{count}</strong>{text(name)}</li>" for name, count in sorted(stats.classes.items())
        if name not in {"StatusPeriod", "Role"}
    )
    tools = [
        ("graphql", "GraphiQL", "The GraphQL API in the browser, with worked examples in tabs and a schema explorer."),
        ("sparql", "SPARQL explorer", "Read-only SPARQL 1.1 with a gallery of questions (YASGUI)."),
        ("explore", "Explore", "The actors and the channels between them, month by month."),
        ("export", "Exports", "The graph as GraphML, GEXF, Cytoscape, DOT, CSV, Turtle, N-Quads or JSON-LD."),
        ("schema.graphql", "GraphQL schema", "The schema in SDL, for code generators and readers."),
        ("sparql?format=turtle", "SPARQL service description", "What the endpoint supports, as Turtle."),
        ("healthz", "Health", "The server's and the data's versions, as JSON."),
        ("docs", "Documentation", "The README: the model, the rules for dates and statuses, every interface."),
    ]
    cards = "".join(
        f'<li><a href="{text(base + path)}"><strong>{text(name)}</strong></a>{text(what)}</li>'
        for path, name, what in tools
    )
    body = f"""
<h1>The NATO–Russia relationship, as a knowledge graph</h1>
<p>Actors, the channels and agreements between them, and their status over time; every status change
dated as recorded and backed by sources.</p>
<ul class="numbers" aria-label="What the graph holds">
  <li><strong>{stats.triples}</strong>triples</li>
  <li><strong>{stats.sources}</strong>sources</li>
  <li><strong>{text(span)}</strong>dates covered</li>
  <li><strong><code title="{text(kg.version)}">{text(kg.version[:12])}</code></strong>data version</li>
</ul>
<h2 id="headline">Which channels survived October 2021?</h2>
<p>On 18 October 2021 Russia announced it would suspend its mission to NATO and close NATO's offices in
Moscow. Computed now from the data for <code>{text(report.period)}</code>:</p>
{answer or "<p>No channel was active at the start of the period.</p>"}
<h2>Use the graph</h2>
<ul class="cards">{cards}</ul>
<h2>Resources by class</h2>
<ul class="numbers">{classes}</ul>
<p class="muted">nrgraph {text(__version__)}. Every resource has a page at <code>/id/{{slug}}</code>, also as
Turtle, JSON-LD, N-Triples and RDF/XML; search from the box above.</p>
"""
    return document("Home", body, base=base, current="home")


def search_page(kg: KnowledgeGraph, query: str, base: str = "") -> str:
    """The HTML of ``/search?q=...``: resources whose label or alias matches, best first."""
    query = query.strip()
    if not query:
        return document("Search", "<h1>Search</h1><p>Type a name, an alias or part of one.</p>", base=base)
    hits = kg.search(query, limit=SEARCH_LIMIT)
    found = kg.resources([hit.iri for hit in hits])
    rows = "".join(
        f"<tr><td>{link(hit.iri, resource.label if resource else hit.matched, base)}</td>"
        f"<td>{text(hit.matched)}</td><td>{text(resource.description or '') if resource else ''}</td></tr>"
        for hit, resource in zip(hits, found, strict=True)
    )
    body = (
        f"<h1>Search: {text(query)}</h1><p>{len(hits)} resource{'s' if len(hits) != 1 else ''} "
        f"whose label or alias contains “{text(query)}”"
        + (f" (the first {SEARCH_LIMIT})" if len(hits) == SEARCH_LIMIT else "")
        + ".</p>"
        + (f"<table><thead><tr><th scope=col>Resource</th><th scope=col>Matched</th><th scope=col>Description</th>"
           f"</tr></thead><tbody>{rows}</tbody></table>" if hits else "")
    )
    return document(f"Search: {query}", body, base=base, query=query)


def export_listing(base: str = "") -> str:
    """The HTML of ``/export``: every export format with its link and what it holds."""
    rows = "".join(
        f'<tr><td><a href="{text(base)}export/{text(f.name)}">{text(f.name)}</a></td><td>{text(f.description)}</td>'
        f"<td><code>{text(f.media_type)}</code></td><td><code>.{text(f.extension)}</code></td></tr>"
        for f in FORMATS.values()
    )
    body = f"""
<h1>Exports</h1>
<p><code>GET /export/{{format}}</code> renders the graph in one format: over all time by default, at a date with
<code>?asOf=2021-11</code>, or over a period with <code>?period=2021</code>; <code>&amp;kind=channel</code> (repeatable)
narrows the kinds of link. For example
<a href="{text(base)}export/graphml?asOf=2021-11">GraphML at November 2021</a>.</p>
<table><thead><tr><th scope=col>Format</th><th scope=col>What it holds</th><th scope=col>Media type</th>
<th scope=col>File</th></tr></thead><tbody>{rows}</tbody></table>
"""
    return document("Exports", body, base=base, current="export")


async def home_endpoint(request: Request) -> Response:
    """``GET /``."""
    return HTMLResponse(await run_in_threadpool(home_page, request.app.state.kg))


async def search_endpoint(request: Request) -> Response:
    """``GET /search?q=TEXT``."""
    query = request.query_params.get("q", "")
    return HTMLResponse(await run_in_threadpool(search_page, request.app.state.kg, query))


async def export_listing_endpoint(request: Request) -> Response:
    """``GET /export``."""
    return HTMLResponse(export_listing())


async def favicon(request: Request) -> Response:
    """``GET /favicon.ico``: browsers ask for it whatever the page says; the SVG answers."""
    return FileResponse(SITE_DIR / "favicon.svg", media_type="image/svg+xml")


async def export_slash(request: Request) -> Response:
    return RedirectResponse(request.url.replace(path="/export"), status_code=308)


def routes() -> list[BaseRoute]:
    """The front door's routes, for :func:`nrgraph.web.app.create_app`."""
    return [
        Route("/", home_endpoint, methods=["GET"]),
        Route("/search", search_endpoint, methods=["GET"]),
        Route("/export", export_listing_endpoint, methods=["GET"]),
        Route("/export/", export_slash, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
        Mount("/static/site", app=StaticFiles(directory=SITE_DIR), name="site"),
        Mount("/static/graphiql", app=StaticFiles(directory=GRAPHIQL_DIR, check_dir=False), name="graphiql"),
    ]
