"""The ASGI application: ``create_app(settings)``; nothing is loaded at import time.

The store opens in the lifespan, so a worker loads the data once, when it starts.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from nrgraph import __version__
from nrgraph.config import Settings
from nrgraph.exports.routes import routes as export_routes
from nrgraph.knowledge_graph import KnowledgeGraph, open_graph

__all__ = ["create_app", "create_app_from_env"]


def create_app(settings: Settings | None = None, kg: KnowledgeGraph | None = None) -> Starlette:
    """The nrgraph web application. Pass ``kg`` to serve an already opened graph (tests)."""
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.kg = kg if kg is not None else open_graph(settings=settings)
        yield
        app.state.kg.store.close()

    async def healthz(request: Request) -> JSONResponse:
        graph: KnowledgeGraph = request.app.state.kg
        return JSONResponse(
            {"status": "ok", "version": __version__, "data": graph.version, "quads": len(graph.store)}
        )

    routes = [Route("/healthz", healthz)]
    routes += export_routes()  # /export/{format}
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    return app


def create_app_from_env() -> Starlette:
    """Factory for uvicorn workers: the settings come from ``NRGRAPH_*`` variables."""
    return create_app(Settings.from_env())
