"""``/sparql``: the SPARQL 1.1 Protocol endpoint (queries only) and the browser explorer.

- ``GET /sparql?query=…``, ``POST`` form-encoded (``query=…``) and ``POST`` with
  ``Content-Type: application/sparql-query``, with ``default-graph-uri`` and
  ``named-graph-uri``; the format by ``Accept`` or a ``format`` parameter
  (:mod:`nrgraph.sparql.formats`).
- ``GET /sparql`` without a query: the explorer page for a browser (``Accept: text/html``),
  else the service description (Turtle by default).
- Updates, ``SERVICE`` and graphs the server does not hold are refused before evaluation
  (:mod:`nrgraph.sparql.guard`); evaluation runs in worker processes killed at the time
  limit (:mod:`nrgraph.sparql.worker`), or on a ``sparql:`` store by that store, asked with
  the same time limit; rows are capped and a cut answer says so.
- Relative IRIs in a query resolve against the endpoint's URL as the request reached it
  (``sparql_base_iri`` overrides it behind a proxy).
- A query waits at most ``sparql_queue_wait`` s for a worker and a client may have
  ``sparql_client_queries`` in progress; beyond, 429 with ``Retry-After``.

Errors share one JSON shape: ``{"error": {"code": …, "message": …}}`` plus ``line`` and
``column`` for a syntax error or a query nested too deeply. Malformed: 400; refused by
design (update, ``SERVICE``, a graph not held here): 403; over the memory a query may take:
422; busy: 429.

"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import parse_qs, quote

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from nrgraph.config import STATIC_DIR, TEMPLATES_DIR, Settings
from nrgraph.errors import (
    InvalidInput,
    NotAcceptable,
    NrgraphError,
    QueryOverMemory,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooLarge,
    RefusedQuery,
    StoreError,
    TooManyRequests,
)
from nrgraph.inline_json import script_json
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.namespaces import PREFIXES
from nrgraph.sparql.description import describe, serialize_description
from nrgraph.sparql.examples import examples
from nrgraph.sparql.formats import choose, parse_accept
from nrgraph.sparql.query import QueryAnswer, QueryRequest, execute_remote
from nrgraph.sparql.worker import WorkerPool
from nrgraph.store.sparql import SparqlStore

__all__ = ["STATIC_DIR", "YASGUI_DIR", "SparqlService", "sparql", "sparql_routes"]

YASGUI_DIR = STATIC_DIR / "yasgui"
"""Where ``make assets`` copies YASGUI from the npm package (build output, not in git)."""
TEMPLATE = TEMPLATES_DIR / "sparql_explorer.html"

TRUNCATED_HEADER = "X-Nrgraph-Truncated"
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_HTML = ("text/html", "application/xhtml+xml")
_STATUS: tuple[tuple[type[NrgraphError], int], ...] = (
    (QuerySyntaxError, 400),
    (RefusedQuery, 403),
    (NotAcceptable, 406),
    (QueryTooLarge, 413),
    (QueryOverMemory, 422),
    (InvalidInput, 400),
    (TooManyRequests, 429),
    (QueryTimeout, 503),
)
_IRI_UNSAFE = '<>"{}|^`\\ '


class SparqlService:
    """What the endpoint keeps between requests: the graph, the settings and the worker pool."""

    def __init__(self, kg: KnowledgeGraph, settings: Settings) -> None:
        self.kg = kg
        self.settings = settings
        self._pool: WorkerPool | None = None
        self._graphs: tuple[str, list[Any]] | None = None
        self._in_progress: Counter[str] = Counter()

    def pool(self) -> WorkerPool:
        """The worker pool over the store's current content, forked anew when the data changed."""
        store = getattr(self.kg.store, "oxigraph", None)
        if store is None:
            raise StoreError(
                f"/sparql evaluates queries on an Oxigraph store, and {type(self.kg.store).__name__} has none; "
                f"serve with NRGRAPH_STORE=memory, or query the remote store's own endpoint"
            )
        if self._pool is None or self._pool.store is not store:
            if self._pool is not None:  # a query in flight still gets its answer, of the data it began on
                self._pool.close(finish=True)
            self._pool = WorkerPool(
                store,
                size=self.settings.sparql_workers,
                memory_mb=self.settings.sparql_worker_memory_mb,
                offline=not self.settings.sparql_federation,
            )
        return self._pool

    async def run(self, job: QueryRequest, client: str = "") -> QueryAnswer:
        """The answer to ``job``: from the worker pool on an embedded store, else from the remote store.

        :class:`TooManyRequests` if ``client`` (an address) already has its share of queries in progress.
        """
        share = self.settings.sparql_client_queries
        if share > 0 and self._in_progress[client] >= share:
            raise TooManyRequests(
                f"this client already has {self._in_progress[client]} SPARQL queries in progress, the most one "
                f"client may have (setting sparql_client_queries); wait for an answer before sending more"
            )
        self._in_progress[client] += 1
        try:
            timeout = self.settings.sparql_timeout
            if isinstance(self.kg.store, SparqlStore):
                return await anyio.to_thread.run_sync(execute_remote, self.kg.store, job, timeout)
            wait = self.settings.sparql_queue_wait
            answer: QueryAnswer = await self.pool().run(job, timeout=timeout, queue_wait=wait)
            return answer
        finally:
            self._in_progress[client] -= 1
            if self._in_progress[client] <= 0:
                del self._in_progress[client]

    def start(self) -> None:
        """Fork the warm workers now, after the store is loaded (embedded store only)."""
        if getattr(self.kg.store, "oxigraph", None) is not None:
            self.pool().start()

    def graphs(self) -> list[Any]:
        """The rows of ``named_graphs.rq`` for the current data (cached per data version)."""
        if self._graphs is None or self._graphs[0] != self.kg.version:
            self._graphs = (self.kg.version, self.kg.select("named_graphs"))
        return self._graphs[1]

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def error_response(error: NrgraphError, *, production: bool = False) -> JSONResponse:
    """The JSON error envelope and status for ``error``; in production a server fault says no more."""
    status = next((code for kind, code in _STATUS if isinstance(error, kind)), 500)
    message = "the query could not be answered" if production and status >= 500 and status != 503 else str(error)
    body: dict[str, Any] = {"code": error.code, "message": message}
    if isinstance(error, QuerySyntaxError) and error.line is not None:
        body["line"] = error.line
        body["column"] = error.column
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, TooManyRequests) else None
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _plain_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise QueryTooLarge(f"the request body has {declared} bytes; this endpoint accepts at most {limit}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise QueryTooLarge(f"the request body is longer than {limit} bytes, the most this endpoint accepts")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"the request body is not UTF-8 (byte {error.start}); send the query as UTF-8") from None


async def _parameters(request: Request, settings: Settings) -> tuple[dict[str, list[str]], str | None] | Response:
    """The protocol parameters and the query text, or an error response (415)."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    query: str | None = None
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        # Form encoding can triple a query's length; the query itself is checked below.
        limit = settings.sparql_max_query_bytes * 3 + 65536
        if media == _FORM:
            form = parse_qs(_decode(await _body(request, limit)), keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == _QUERY:
            query = _decode(await _body(request, settings.sparql_max_query_bytes))
        elif media == _UPDATE:
            raise RefusedQuery("this endpoint is read-only: SPARQL updates are refused")
        else:
            return _plain_error(
                415,
                "UNSUPPORTED_MEDIA_TYPE",
                f"cannot read a request body of type {media or '(none)'!r}; send {_FORM} or {_QUERY}",
            )
    if "update" in params:
        raise RefusedQuery("this endpoint is read-only: SPARQL updates are refused")
    queries = params.get("query", [])
    if query is not None and queries:
        raise InvalidInput("the query is given both in the body and as a 'query' parameter; give it once")
    if len(queries) > 1:
        raise InvalidInput(f"{len(queries)} 'query' parameters given; give exactly one")
    if queries:
        query = queries[0]
    if query is not None and len(query.encode("utf-8")) > settings.sparql_max_query_bytes:
        raise QueryTooLarge(
            f"the query has {len(query.encode('utf-8'))} bytes; this endpoint accepts at most "
            f"{settings.sparql_max_query_bytes} (setting sparql_max_query_bytes)"
        )
    return params, query


def _wants_html(request: Request, params: dict[str, list[str]]) -> bool:
    ranges = parse_accept(request.headers.get("accept"))
    return request.method == "GET" and "format" not in params and bool(ranges) and ranges[0][0] in _HTML


def explorer_page(endpoint: str) -> str:
    """The explorer's HTML: YASGUI set up with the project's prefixes and the gallery."""
    config = {
        "endpoint": endpoint,
        "prefixes": PREFIXES,
        "examples": [
            {"name": e.name, "title": e.title, "description": e.description, "query": e.text} for e in examples()
        ],
    }
    return TEMPLATE.read_text(encoding="utf-8").replace("{{ config }}", script_json(config))


def _explorer(request: Request) -> Response:
    if not (YASGUI_DIR / "yasgui.min.js").is_file():
        return HTMLResponse(
            "<!doctype html><title>nrgraph SPARQL explorer</title><p>The explorer's editor (YASGUI) is not "
            "installed: run <code>make assets</code>. The endpoint itself works: send a query with "
            "<code>?query=</code>.</p>",
            status_code=503,
        )
    return HTMLResponse(explorer_page(request.url.path))


def base_iri(request: Request, settings: Settings) -> str:
    """The IRI relative IRIs of a query resolve against: ``sparql_base_iri``, else the URL requested."""
    url = settings.sparql_base_iri or str(request.url.replace(query="", fragment=""))
    return quote(url, safe="".join(chr(c) for c in range(33, 127) if chr(c) not in _IRI_UNSAFE))


def _description(request: Request, service: SparqlService, params: dict[str, list[str]]) -> Response:
    fmt = choose("CONSTRUCT", request.headers.get("accept"), params.get("format", []))
    endpoint = str(request.url.replace(query=""))
    body = serialize_description(describe(endpoint, service.graphs(), service.settings), fmt)
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


async def sparql(request: Request) -> Response:
    """The ``/sparql`` endpoint (GET and POST)."""
    service: SparqlService = request.app.state.sparql
    settings = service.settings
    try:
        parsed = await _parameters(request, settings)
        if isinstance(parsed, Response):
            return parsed
        params, query = parsed
        if query is None:
            if request.method == "POST":
                raise InvalidInput(
                    "no query given; send it as the 'query' parameter or as an application/sparql-query body"
                )
            if _wants_html(request, params):
                return _explorer(request)
            return _description(request, service, params)
        if _wants_html(request, params):
            return _explorer(request)
        job = QueryRequest(
            query=query,
            accept=request.headers.get("accept"),
            formats=tuple(params.get("format", [])),
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
            max_rows=settings.sparql_max_rows,
            federation=settings.sparql_federation,
            base_iri=base_iri(request, settings),
            max_depth=settings.sparql_max_depth,
        )
        answer = await service.run(job, request.client.host if request.client else "")
    except NrgraphError as error:
        return error_response(error, production=settings.production)
    headers = {
        "Vary": "Accept",
        TRUNCATED_HEADER: "true" if answer.truncated else "false",
        "X-Nrgraph-Rows": str(answer.rows),
    }
    return Response(answer.body, headers=headers, media_type=answer.media_type)


def sparql_routes() -> list[BaseRoute]:
    """The routes to mount: ``/sparql`` and YASGUI's static files under ``/static/yasgui``."""
    return [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Mount("/static/yasgui", app=StaticFiles(directory=YASGUI_DIR, check_dir=False), name="yasgui"),
    ]
