"""The interactive explore page: the graph over time in the browser, served at ``/explore``.

One self-contained HTML document: the template ``templates/explore.html``, Cytoscape.js
inlined from ``static/cytoscape/cytoscape.min.js`` (copied from the npm package by
``make assets``; never a CDN), and the data inlined as JSON: the actors with fixed positions
in three columns, NATO and its bodies, third parties, Russia and its bodies
(:func:`nrgraph.network.sides.sides_layout`), every edge with its spells (the
status periods), the events behind them and the sources. A date slider re-colours the edges
by the status in force on the first day of the chosen month (a month used as a point in time
stands for its first day: :attr:`nrgraph.fuzzydate.FuzzyDate.as_of_day`; the status rule of
:mod:`nrgraph.network.projection`); clicking an edge, or a row of the list below the graph, shows the
link's timeline and sources. The page works saved to a file, offline.

Dates are shown as recorded (``2020``, ``2021-10``, ``2021-10-18``: each spell's ``since`` and
``until``); the days the status rule derives from them (``start``, ``end``) only place the
slider. The page is built once per data version and kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from nrgraph.config import STATIC_DIR, TEMPLATES_DIR
from nrgraph.errors import NrgraphError
from nrgraph.inline_json import script_json
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.network.palette import STATUS_COLOURS, status_style
from nrgraph.network.projection import link_events, to_dynamic_networkx
from nrgraph.network.sides import actor_sides, sides_layout
from nrgraph.status import Family, Status
from nrgraph.temporal.model import Period
from nrgraph.web.html import document, page_attributes, site_header, text

__all__ = ["CYTOSCAPE_JS", "AssetsMissing", "explore_data", "explore_page", "routes"]

TEMPLATE = TEMPLATES_DIR / "explore.html"
CYTOSCAPE_JS = STATIC_DIR / "cytoscape" / "cytoscape.min.js"
_PIXELS = 130.0
"""Layout units to screen pixels."""


class AssetsMissing(NrgraphError):
    """A browser asset that the build copies from npm is not there."""

    code = "ASSETS_MISSING"


def explore_data(kg: KnowledgeGraph, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (every link kind; the page filters)."""
    D = to_dynamic_networkx(kg)
    sides = actor_sides(kg)
    channels = nx.Graph(
        D.edge_subgraph([(u, v, k) for u, v, k, d in D.edges(keys=True, data=True) if d["family"] == "channel"])
    )
    positions = sides_layout(channels, sides)
    if positions:  # the actors of agreements only go below, shown when the page includes agreements
        rest = nx.Graph(D.subgraph(set(D) - set(channels)).to_undirected())
        others = sides_layout(rest, sides, third_columns=max(2, min(6, round((len(rest) / 3) ** 0.5))))
        bottom = min(y for _, y in positions.values())
        top = max((y for _, y in others.values()), default=0.0)
        positions.update({n: (x, y - top + bottom - 1.0) for n, (x, y) in others.items()})
    else:
        positions = sides_layout(nx.Graph(D.to_undirected()), sides)
    nodes = [
        {"id": node, "label": data.get("label", node), "kind": data.get("kind", ""), "side": sides.get(node, "third"),
         "x": round(positions[node][0] * _PIXELS, 1), "y": round(-positions[node][1] * _PIXELS, 1)}
        for node, data in sorted(D.nodes(data=True))
    ]
    edges = []
    first = today or dt.date.today()
    for u, v, key, data in sorted(D.edges(keys=True, data=True), key=lambda e: e[:3]):
        spells = [
            {"start": s.start.isoformat(), "end": s.end.isoformat() if s.end else None, "status": s.status.value,
             "top": s.status.top.value.lower(), "party": s.party, "change": s.change, "sources": list(s.sources),
             "since": s.since or s.start.isoformat(), "until": s.until or (s.end.isoformat() if s.end else None)}
            for s in data["spells"]
        ]
        first = min(first, data["spells"][0].start)
        edges.append({"id": f"{key}|{u}|{v}", "source": u, "target": v, "link": key, "label": data["label"],
                      "kind": data["kind"], "family": data["family"], "sources": data["sources"].split(),
                      "spells": spells})
    events: dict[str, list[dict[str, str]]] = {}
    for event in link_events(kg):
        events.setdefault(event.link, []).append({"label": event.label, "date": event.date.isoformat()})
    sources = {
        row["source"].value: {
            "title": (row.get("title") or row.get("label") or row["source"]).value,
            "url": row["url"].value if "url" in row else None,
        }
        for row in kg.select("explore_sources")
    }
    last = today or dt.date.today()
    return {
        "nodes": nodes,
        "edges": edges,
        "events": events,
        "sources": sources,
        "colours": STATUS_COLOURS,
        "styles": {s.value: status_style(s.value, s.top.value.lower()) for s in Status},
        "families": {"inForce": sorted(s.value for s in Family.IN_FORCE.statuses)},
        "range": {"start": f"{first.year:04d}-01", "end": f"{last.year:04d}-{last.month:02d}"},
    }


def explore_page(kg: KnowledgeGraph, as_of: str | None = None, today: dt.date | None = None) -> str:
    """The self-contained HTML page; ``as_of`` (a month or a day) sets the slider's start."""
    if not CYTOSCAPE_JS.is_file():
        raise AssetsMissing(
            f"the explore page needs Cytoscape.js at {CYTOSCAPE_JS}; run 'make assets' to copy it from npm"
        )
    start = None
    if as_of is not None:
        day = Period.at(as_of).start
        start = f"{day.year:04d}-{day.month:02d}"
    config = {"data": explore_data(kg, today), "start": start}
    script = CYTOSCAPE_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    payload = script_json(config)
    return (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("/*{{ cytoscape }}*/", script)
        .replace("{{ config }}", payload)
        .replace("/*{{ site_css }}*/", (STATIC_DIR / "site" / "site.css").read_text(encoding="utf-8"))
        .replace("{{ attributes }}", page_attributes(""))
        .replace("{{ site_header }}", site_header("", current="explore"))
    )


def _cache(request: Request) -> dict[tuple[str, str | None], str]:
    cache: dict[tuple[str, str | None], str] | None = getattr(request.app.state, "explore_pages", None)
    if cache is None:
        cache = {}
        request.app.state.explore_pages = cache
    return cache


async def explore_endpoint(request: Request) -> Response:
    """``GET /explore[?asOf=2021-11]``: the page, built once per data version and date."""
    kg: KnowledgeGraph = request.app.state.kg
    as_of = request.query_params.get("asOf")
    cache = _cache(request)
    key = (kg.version, as_of)
    try:
        if key not in cache:
            if len(cache) > 32:
                cache.clear()
            cache[key] = await run_in_threadpool(explore_page, kg, as_of)
    except AssetsMissing as error:
        return _error(request, error, 503)
    except NrgraphError as error:
        return _error(request, error, 400)
    return HTMLResponse(cache[key])


def _error(request: Request, error: NrgraphError, status: int) -> Response:
    """The error envelope for a program, a page saying what went wrong for a person (a browser)."""
    if "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": {"code": error.code, "message": str(error)}}, status_code=status)
    body = (
        f"<h1>The explore page cannot open</h1><p>{text(error)}</p>"
        f'<p class="muted">Error code <code>{text(error.code)}</code>. '
        + ('Try <a href="explore">the page without a date</a>, or give <code>?asOf=</code> a date such as '
           '<code>2021-11</code> or <code>2021-11-05</code>.</p>' if status == 400 else "</p>")
    )
    return HTMLResponse(document("Explore: error", body, base="", current="explore"), status_code=status)


def routes() -> list[Route]:
    """The explore route, for :func:`nrgraph.web.app.create_app`."""
    return [Route("/explore", explore_endpoint, methods=["GET"])]
