"""The ASGI application: ``create_app(settings)``; nothing is loaded at import time.

The store opens in the lifespan, so a worker loads the data once, when it starts. ``/graphql``,
the hot path, is answered before Starlette's middleware and routing (see :class:`Application`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from nrgraph import __version__
from nrgraph.config import PROJECT_ROOT, Settings
from nrgraph.knowledge_graph import KnowledgeGraph, open_graph
from nrgraph.sparql.endpoint import SparqlService, sparql_routes
from nrgraph.web.explore import routes as explore_routes
from nrgraph.web.exports import routes as export_routes
from nrgraph.web.freshness import Freshness, FreshnessMiddleware
from nrgraph.web.home import routes as home_routes
from nrgraph.web.resource import routes as resource_routes
from nrgraph.web.review import routes as review_routes

__all__ = ["ENDPOINTS", "Application", "create_app", "create_app_from_env"]

ENDPOINTS = (
    ("/", "home: what the graph holds, the October 2021 answer, search"),
    ("/graphql", "GraphQL (GraphiQL in a browser)"),
    ("/sparql", "SPARQL 1.1 protocol (YASGUI in a browser)"),
    ("/explore", "the interactive explore page"),
    ("/export/{format}", "graph exports (graphml, gexf, cytoscape, dot, ...; listed at /export)"),
    ("/id/{slug}", "a page for every resource: HTML, Turtle, JSON-LD, N-Triples, RDF/XML"),
    ("/schema.graphql", "the GraphQL schema (SDL)"),
    ("/docs", "the README"),
    ("/healthz", "health check"),
)
"""The endpoints the app serves, with a phrase each: what ``nrgraph serve`` announces."""


class Application(Starlette):
    """Starlette, with HTTP requests to ``/graphql`` handed to :attr:`graphql_direct` (the
    freshness check, then the GraphQL app) ahead of its middleware and routing: 8 µs a request,
    which the nested target needs (docs/benchmarks.md). None with CORS on or a middleware added."""

    graphql_direct: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.graphql_direct is not None and scope["type"] == "http" and scope["path"] == "/graphql":
            return await self.graphql_direct(scope, receive, send)
        await super().__call__(scope, receive, send)

    def add_middleware(self, *args: Any, **kwargs: Any) -> None:
        self.graphql_direct = None  # a middleware added later sees every request
        super().add_middleware(*args, **kwargs)


def create_app(settings: Settings | None = None, kg: KnowledgeGraph | None = None) -> Application:
    """The nrgraph web application. Pass ``kg`` to serve an already opened graph (tests)."""
    settings = settings or Settings.from_env()
    app: Application  # built below; the closures read its state at request time
    # edits made by other processes (workers, the CLI) are picked up before the next request
    freshness = Freshness(graph=lambda: getattr(app.state, "kg", None))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.kg = kg if kg is not None else open_graph(settings=settings)
        app.state.sparql = SparqlService(app.state.kg, settings)
        app.state.sparql.start()  # fork the SPARQL workers once the store is loaded
        graphql.network.start(app.state.kg)  # and the network analyses' workers
        if kg is None:
            # what a worker loaded lives as long as it: keep it out of the cyclic collector's
            # full passes, which otherwise rescan it while requests wait (about 15% of the
            # throughput of a compiled GraphQL query, docs/benchmarks.md)
            gc.collect()
            gc.freeze()
        yield
        freshness.close()
        app.state.sparql.close()
        graphql.network.close()
        if kg is None:  # a graph passed in belongs to the caller, who closes it
            app.state.kg.store.close()

    async def healthz(request: Request) -> JSONResponse:
        graph: KnowledgeGraph = request.app.state.kg
        return JSONResponse(
            {"status": "ok", "version": __version__, "data": graph.version, "quads": len(graph.store)}
        )

    from nrgraph.graphql import build_schema
    from nrgraph.web.graphql import GraphQLApp

    schema = build_schema(settings)
    graphql = GraphQLApp(schema, settings, graph=lambda: app.state.kg)

    async def sdl(request: Request) -> Response:
        if not settings.graphql_introspection:
            return JSONResponse({"error": {"code": "NOT_FOUND", "message": "the schema is not published here "
                                           "(graphql_introspection is off)"}}, status_code=404)
        return PlainTextResponse(schema.as_str() + "\n")

    async def docs(request: Request) -> Response:
        readme = PROJECT_ROOT / "README.md"
        if not readme.is_file():
            return JSONResponse({"error": {"code": "NOT_FOUND", "message": f"no README at {readme}"}}, status_code=404)
        return PlainTextResponse(readme.read_text(encoding="utf-8"), media_type="text/markdown; charset=utf-8")
    middleware = []
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept", "If-None-Match", "Authorization"],
                expose_headers=["ETag"],
                max_age=600,
            )
        )
    middleware.append(Middleware(FreshnessMiddleware, freshness=freshness))
    # /graphql first (Starlette tries the routes in order, about 0.6 µs each); an ASGI app as
    # endpoint: every method reaches it, no redirect
    routes: list[BaseRoute] = [Route("/graphql", graphql), Route("/healthz", healthz), Route("/schema.graphql", sdl)]
    routes.append(Route("/docs", docs))
    routes += home_routes()  # /, /search, /export (the listing), /favicon.ico, /static/site, /static/graphiql
    routes += resource_routes()  # /id/{slug}[.ttl|.jsonld|.nt|.rdf]
    routes += export_routes()  # /export/{format}
    routes += explore_routes()  # /explore
    routes += review_routes()  # /review
    routes += sparql_routes()  # /sparql, /static/yasgui
    gone = {ClientDisconnect: _client_gone}
    app = Application(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=gone)
    app.graphql_direct = None if origins else FreshnessMiddleware(graphql, freshness=freshness)
    app.state.settings = settings
    app.state.graphql = graphql
    return app


async def _client_gone(request: Request, error: Exception) -> Response:
    """A client that went away while sending its request (or was sent away by the server's
    ``http_body_timeout``): no server error to log, and nobody to read an answer."""
    return Response(status_code=400)


def create_app_from_env() -> Application:
    """Factory for uvicorn workers: the settings come from ``NRGRAPH_*`` variables."""
    return create_app(Settings.from_env())
