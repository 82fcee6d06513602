"""GraphQL over HTTP: the ASGI app mounted at ``/graphql``.

It follows the GraphQL-over-HTTP specification: ``GET`` for queries (``?query=…&variables=…``),
``POST`` with ``application/json``; responses in ``application/graphql-response+json``
when the client names it in ``Accept`` (else, ``*/*`` or no ``Accept`` included,
``application/json``); a document with several operations and no ``operationName`` is a
request error (400). With the new media type, a request
that fails before execution (parse, validation, limits) is answered ``400`` without a
``data`` entry; with ``application/json`` it is ``200``, as legacy clients expect.
Mutations over ``GET`` get ``405``; bodies over ``graphql_max_body`` bytes get ``413``;
bodies that are not ``application/json`` (forms, so no cross-site form can post) ``415``.
A mutation needs ``Authorization: Bearer <token>`` (:mod:`nrgraph.web.tokens`): none
gets ``401``, a wrong token or a read-only API ``403``, two ``Authorization`` headers
``400``, before anything runs. Requests are executed in worker threads (see
``GraphQLApp._execute``), so that ``/healthz`` and other requests are served while a query
runs or an edit is written; answers to mutations, and to requests that carry a token, are
never cached. An answer over ``graphql_max_response_bytes`` is refused
(``RESPONSE_TOO_LARGE``); JSON nested over :data:`MAX_JSON_DEPTH` levels, or holding a lone
surrogate, gets a ``400`` that says so.

What is kept across requests belongs to the generation of the current data version
(:mod:`nrgraph.graphql.generation`), so a reload forgets all of it at once: what the
resolvers read from the store (``graphql_record_cache``), and the responses to repeated
identical queries, keyed by the query, the variables, the operation name, the media type and
the day; they are bounded in bytes by ``graphql_cache_bytes``, as are the operation types and
the quick queries kept here (:class:`~nrgraph.graphql.generation.Budget`). Every response carries an
``ETag`` (named by the data version and the key); a matching ``If-None-Match`` gets
``304 Not Modified``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import anyio.to_thread
import orjson
from starlette.types import Message, Receive, Scope, Send
from strawberry.types.graphql import OperationType as StrawberryOperationType

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from nrgraph.config import Settings
from nrgraph.editing.audit import is_request_id
from nrgraph.errors import AccessDenied, AuthenticationRequired, EditingDisabled
from nrgraph.graphql.context import Context
from nrgraph.graphql.errors import format_error
from nrgraph.graphql.fast.compiler import QueryCompiler
from nrgraph.graphql.generation import ByteLRU, Entry, Generation, Generations
from nrgraph.web.graphiql import graphiql_html
from nrgraph.web.network_workers import NetworkWorkers
from nrgraph.web.tokens import EditTokens

if TYPE_CHECKING:
    from nrgraph.graphql.schema import Schema
    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["GRAPHQL_RESPONSE", "GraphQLApp"]

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


class _RequestError(Exception):
    def __init__(
        self, status: int, message: str, headers: dict[str, str] | None = None, code: str = "BAD_REQUEST"
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.code = code


class _ClientGone(Exception):
    """The client disconnected before its request body was complete: nobody to answer."""


class GraphQLApp:
    """The ``/graphql`` endpoint over a strawberry schema and the graph ``graph()`` returns."""

    def __init__(self, schema: Schema, settings: Settings, graph: Callable[[], KnowledgeGraph]) -> None:
        self.schema = schema
        self.settings = settings
        self.graph = graph
        self.generations = Generations(settings)
        self.network = NetworkWorkers(settings)
        budget = self.generations.budget
        self.compiler = QueryCompiler(
            schema, settings.graphql_max_cost, budget.plans if settings.graphql_compile else 0
        )
        self._operations: ByteLRU[str | None] = ByteLRU(budget.documents // 8)
        self._quick: ByteLRU[bool] = ByteLRU(budget.documents // 8)
        self._threads: anyio.CapacityLimiter | None = None
        self._ide = graphiql_html() if settings.graphql_ide else None
        self.tokens = EditTokens.from_settings(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # pragma: no cover - lifespan is handled by Starlette
            return
        headers: dict[bytes, bytes] = dict(scope["headers"])  # ASGI header names are lower case
        try:
            status, body, etag, raw = await self._handle(scope, receive, headers)
        except _ClientGone:
            return
        except _RequestError as error:
            body = _encode({"errors": [{"message": error.message, "extensions": {"code": error.code}}]})
            status, etag, raw = error.status, "", _encoded_headers(body, JSON, "", error.headers)
        if etag and etag in headers.get(b"if-none-match", b"").decode("latin-1"):
            await _send(send, 304, b"", [(b"etag", etag.encode())])
            return
        await _send(send, status, body, raw)

    async def _handle(self, scope: Scope, receive: Receive, headers: dict[bytes, bytes]) -> Entry:
        method = scope["method"]
        if method not in {"GET", "POST"}:
            raise _RequestError(405, f"{method} is not supported; use GET or POST", {"allow": "GET, POST"})
        if b"authorization" in headers:
            _one_authorization(scope["headers"])
        accept = headers.get(b"accept", b"").decode("latin-1")
        if method == "GET":
            raw: bytes = scope.get("query_string", b"")
            if "text/html" in accept and "query" not in _query_params(raw):
                if self._ide is None:
                    raise _RequestError(404, "GraphiQL is switched off (NRGRAPH_GRAPHQL_IDE)")
                return 200, self._ide, "", _encoded_headers(self._ide, "text/html; charset=utf-8", "")
        else:
            raw = await self._read_body(receive, headers)
        media = _negotiate(accept)
        graph = self.graph()
        generation = self.generations.of(graph)
        responses = generation.responses
        today = dt.date.today()
        request = _from_query_params(_query_params(raw)) if method == "GET" else _from_body(raw)
        query, variables, operation_name = request
        operation = self._operation_type(query, operation_name)
        if method == "GET" and operation == "mutation":
            raise _RequestError(405, "mutations are not allowed over GET; send them with POST", {"allow": "POST"})
        editor = self._authenticate(operation, headers.get(b"authorization"))
        if operation == "mutation" or editor is not None:  # side effects, or answers for editors only: no cache
            request_id = _request_id(headers.get(b"x-request-id", b"").decode("latin-1"))
            status, body, _cacheable = await self._execute(
                graph, generation, query, variables, operation_name, method, media, editor=editor,
                request_id=request_id, mutation=operation == "mutation",
            )
            return status, body, "", _encoded_headers(body, media, "", {"x-request-id": request_id})
        key = (query, _variables_key(variables), operation_name, media, today)
        cached = responses.get(key)
        if cached is not None:
            return cached
        status, body, cacheable = await self._execute(
            graph, generation, query, variables, operation_name, method, media
        )
        etag = _etag(generation.version, key)
        entry = (status, body, etag, _encoded_headers(body, media, etag))
        if cacheable:
            responses.put(key, entry)
        return entry

    def _authenticate(self, operation: str | None, authorization: bytes | None) -> str | None:
        """The editor a request authenticates as; a mutation must, with a valid edit token.

        A missing or malformed ``Authorization`` header gets 401, a wrong token or a
        read-only API 403, before anything runs. A query may carry a token (to read the
        audit log); if it does, the token must be valid.
        """
        if operation != "mutation" and (authorization is None or not self.tokens.enabled):
            return None
        try:
            return self.tokens.authenticate(None if authorization is None else authorization.decode("latin-1"))
        except AuthenticationRequired as error:
            raise _RequestError(401, str(error), {"www-authenticate": 'Bearer realm="nrgraph"'}, error.code) from None
        except EditingDisabled as error:
            raise _RequestError(403, str(error), code=error.code) from None
        except AccessDenied as error:
            challenge = 'Bearer realm="nrgraph", error="invalid_token"'
            raise _RequestError(403, str(error), {"www-authenticate": challenge}, error.code) from None

    async def _read_body(self, receive: Receive, headers: dict[bytes, bytes]) -> bytes:
        limit = self.settings.graphql_max_body
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _RequestError(413, f"the request body is {declared.decode()} bytes; the limit is {limit}")
        content_type = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        if content_type != JSON:
            raise _RequestError(
                415, f"content type {content_type or '(none)'!r} is not supported; POST application/json"
            )
        message = await _received(receive)
        body: bytes = message.get("body", b"")
        if len(body) > limit:
            raise _RequestError(413, f"the request body is over the limit of {limit} bytes")
        if not message.get("more_body", False):
            return body
        chunks = [body]
        size = len(body)
        more = True
        while more:
            message = await _received(receive)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _RequestError(413, f"the request body is over the limit of {limit} bytes")
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    def _operation_type(self, query: str, operation_name: str | None) -> str | None:
        """The type of the operation a request would run (None if the query does not parse)."""
        key = (query, operation_name)
        if key in self._operations:
            return self._operations.get(key)
        found = _operation_type(query, operation_name)
        self._operations.put(key, found, len(query) + 256)
        return found

    async def _execute(
        self,
        graph: KnowledgeGraph,
        generation: Generation,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        method: str,
        media: str,
        *,
        editor: str | None = None,
        request_id: str | None = None,
        mutation: bool = False,
    ) -> tuple[int, bytes, bool]:
        """The status, encoded body and cacheability of the answer, worked out in a worker thread
        (at most :data:`THREADS_PER_CPU` per CPU), so that ``/healthz``, cached answers and
        other requests are served while a query runs (and an edit writes and fsyncs files) —
        unless the same query with the same variables took under :data:`QUICK_SECONDS` of CPU
        last time: then on the event loop, where a thread hop would cost more than the answer.
        """
        quick = (query, _variables_key(variables), operation_name)
        run = functools.partial(
            self._execute_sync, graph, generation, query, variables, operation_name, method, media,
            editor=editor, request_id=request_id, mutation=mutation,
        )
        if not mutation and editor is None and self._quick.get(quick):
            start = time.perf_counter()
            try:
                return run()
            finally:
                if time.perf_counter() - start > QUICK_SECONDS:
                    self._quick.pop(quick)
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(THREADS_PER_CPU * (os.cpu_count() or 1))
            sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_SECONDS))
        answer, seconds = await anyio.to_thread.run_sync(_timed, run, self.network, limiter=self._threads)
        if not mutation and editor is None and seconds <= QUICK_SECONDS:
            self._quick.put(quick, True, len(quick[0]) + len(quick[1]) + 256)
        return answer

    def _execute_sync(
        self,
        graph: KnowledgeGraph,
        generation: Generation,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        method: str,
        media: str,
        *,
        editor: str | None,
        request_id: str | None,
        mutation: bool,
    ) -> tuple[int, bytes, bool]:
        settings = self.settings
        bounds = functools.partial(generation.bounds, graph, self.schema._schema, settings)
        new_context = functools.partial(
            Context, graph, settings, generation.records, editor=editor, request_id=request_id, list_bounds=bounds,
            network=self.network.asker(graph),
        )
        context = new_context()
        if not mutation:  # a query: from its compiled plan if it has one that can answer
            data = self.compiler.run(query, operation_name, variables, context)
            if data is not None:
                return self._within_cap(200, {"data": data}, True, media)
            context = new_context()  # the plan's levels and answers stay out of the ordinary path
        allowed = {StrawberryOperationType.QUERY}
        if method == "POST":
            allowed.add(StrawberryOperationType.MUTATION)
        try:
            result = self.schema.execute_sync(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=operation_name,
                allowed_operation_types=allowed,
            )
        except Exception as error:  # strawberry's own request errors: unknown operation and the like
            reason = getattr(error, "as_http_error_reason", None)
            if reason is None:
                raise
            message = reason(method) if error.__class__.__name__ == "InvalidOperationTypeError" else reason()
            raise _RequestError(400, message) from None
        errors: list[GraphQLError] = list(result.errors or [])
        formatted = [format_error(e, production=settings.production) for e in errors]
        if errors and result.data is None and all(e.path is None for e in errors):
            # refused before execution (parse, validation, limits): no data entry at all
            return _refused(media), _encode({"errors": formatted}), False
        payload: dict[str, Any] = {"data": result.data}
        if formatted:
            payload["errors"] = formatted
        elif not mutation:
            # answered without errors: planned for next time, from the document strawberry parsed
            self.compiler.learn(query, operation_name, self.schema.parsed(query))
        return self._within_cap(200, payload, not errors, media)

    def _within_cap(self, status: int, payload: dict[str, Any], cacheable: bool, media: str) -> tuple[int, bytes, bool]:
        """The answer encoded, or a refusal if it is over ``graphql_max_response_bytes``."""
        body = _encode(payload)
        cap = self.settings.graphql_max_response_bytes
        if len(body) <= cap:
            return status, body, cacheable
        error = {
            "message": f"The response is {len(body)} bytes, over the limit of {cap} bytes "
            "(graphql_max_response_bytes). Ask for smaller pages (first), fewer fields or fewer nested lists.",
            "extensions": {"code": "RESPONSE_TOO_LARGE", "size": len(body), "maxSize": cap},
        }
        return _refused(media), _encode({"errors": [error]}), False


def _timed(
    run: Callable[[], tuple[int, bytes, bool]], network: NetworkWorkers
) -> tuple[tuple[int, bytes, bool], float]:
    """``run()`` and the CPU time this thread spent on it (waiting for the GIL not counted), plus
    the time it waited for the network workers (their work is the request's too)."""
    start, waited = time.thread_time(), network.waited()
    answer = run()
    return answer, time.thread_time() - start + network.waited() - waited


THREADS_PER_CPU = 4
"""Worker threads per CPU that execute GraphQL requests: more than one, so that a cheap query
is not queued behind heavy ones but shares the interpreter with them, a slice each."""

SWITCH_SECONDS = 0.0005
"""How long a thread running Python keeps the interpreter while another waits for it (the
interpreter's default is 5 ms): the event loop, woken by a request while a worker thread
runs a heavy query, waits at most this long to serve it."""

QUICK_SECONDS = 0.003
"""A query answered within this time is answered on the event loop next time (see ``GraphQLApp._execute``)."""


def _refused(media: str) -> int:
    """The status of a request refused before it gives data: 400 in the new media type, 200 in the old."""
    return 400 if media == GRAPHQL_RESPONSE else 200


def _one_authorization(raw: list[tuple[bytes, bytes]]) -> None:
    """Refuse (400) a request with several ``Authorization`` headers: which one counts would be a guess."""
    count = sum(1 for name, _ in raw if name == b"authorization")
    if count > 1:
        raise _RequestError(400, f"the request has {count} Authorization headers; send exactly one")


def _request_id(given: str) -> str:
    """The client's ``X-Request-Id`` if it is a plain token (:func:`is_request_id`), else a new one."""
    return given if is_request_id(given) else uuid.uuid4().hex


async def _received(receive: Receive) -> Message:
    """The next part of the request body; :class:`_ClientGone` if the client went away instead
    (or was sent away by the server's body timeout, ``http_body_timeout``)."""
    message = await receive()
    if message["type"] == "http.disconnect":
        raise _ClientGone
    return message


def _query_params(query_string: bytes) -> dict[str, str]:
    return dict(parse_qsl(query_string.decode("latin-1")))


def _from_body(body: bytes) -> tuple[str, dict[str, Any] | None, str | None]:
    data = _json(body, "the request body")
    if not isinstance(data, dict):
        raise _RequestError(400, "the request body must be a JSON object with a query")
    return _parameters(data.get("query"), data.get("variables"), data.get("operationName"))


MAX_JSON_DEPTH = 64
"""The deepest nesting of arrays and objects a request's JSON may have (the deepest input
type, a filter of ``and``/``or``/``not``, needs a few levels per condition)."""


def _json(text: bytes | str, what: str) -> Any:
    """``text`` read as JSON, or a 400 that says why not (never a RecursionError or a 500)."""
    try:
        data = orjson.loads(text)
        fallback = False
    except orjson.JSONDecodeError:
        try:  # what orjson refuses and the json module reads (NaN, integers over 64 bits, lone surrogates)
            data = json.loads(text)
            fallback = True
        except RecursionError:
            raise _RequestError(
                400, f"{what} nests arrays or objects too deeply; at most {MAX_JSON_DEPTH} levels are accepted"
            ) from None
        except (ValueError, UnicodeDecodeError):
            raise _RequestError(400, f"{what} is not valid JSON") from None
    _check_json(data, what, surrogates=fallback)
    return data


def _check_json(data: Any, what: str, *, surrogates: bool) -> None:
    """Refuse JSON nested over :data:`MAX_JSON_DEPTH` levels, and (if ``surrogates``) strings
    holding a lone surrogate, which no UTF-8 answer can carry."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise _RequestError(
                    400, f"{what} nests arrays or objects more than {MAX_JSON_DEPTH} levels deep; send flatter input"
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((item, depth + 1) for pair in items for item in pair)
        elif surrogates and isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _RequestError(
                    400,
                    f"{what} holds a lone surrogate escape (\\uD800 to \\uDFFF without its pair) in a string, "
                    "which is not a Unicode character; send the character itself, or both halves of its pair",
                    code="BAD_USER_INPUT",
                ) from None


def _variables_key(variables: dict[str, Any] | None) -> str:
    return json.dumps(variables, sort_keys=True) if variables else "null" if variables is None else "{}"


def _etag(version: str, key: tuple[Any, ...]) -> str:
    """The ETag of an answer, named by what determines it (the cache key and the data version).

    Cheaper than hashing the body (40 µs for 38 kB), and as stable across workers; worked
    out once per response kept (a cached answer carries its ETag).
    """
    return 'W/"' + hashlib.sha1(repr((version, key)).encode(), usedforsecurity=False).hexdigest() + '"'


def _negotiate(accept: str) -> str:
    """The response media type: the new one when the client names it, else ``application/json``
    (no ``Accept``, ``*/*``, ``application/*`` or ``application/json``), as the specification
    asks for clients that do not know the new type."""
    if GRAPHQL_RESPONSE in accept:
        return GRAPHQL_RESPONSE
    if not accept.strip() or JSON in accept or "*/*" in accept or "application/*" in accept:
        return JSON
    raise _RequestError(406, f"cannot answer in {accept!r}; accept {GRAPHQL_RESPONSE} or {JSON}")


def _from_query_params(params: dict[str, str]) -> tuple[str, dict[str, Any] | None, str | None]:
    raw = params.get("variables")
    variables: object = None
    if raw:
        variables = _json(raw, "the variables parameter")
    return _parameters(params.get("query"), variables, params.get("operationName"))


def _parameters(
    query: object, variables: object, operation_name: object
) -> tuple[str, dict[str, Any] | None, str | None]:
    if not isinstance(query, str) or not query.strip():
        raise _RequestError(400, "no GraphQL query: give query as a string")
    if variables is not None and not isinstance(variables, dict):
        raise _RequestError(400, "variables must be a JSON object")
    if operation_name is not None and not isinstance(operation_name, str):
        raise _RequestError(400, "operationName must be a string")
    return query, variables, operation_name


def _operation_type(query: str, operation_name: str | None) -> str | None:
    """The type of the operation the request runs (None if the query does not parse).

    A document with several operations needs ``operationName`` naming one of them: without
    it, or with a name none has, the request is refused (400) before anything runs.
    """
    operations = _operations(query)
    if operations is None:
        return None
    if operation_name is None:
        if len(operations) > 1:
            names = ", ".join(name or "(anonymous)" for name, _ in operations)
            raise _RequestError(
                400, f"the document defines {len(operations)} operations ({names}); give operationName to choose one",
            )
        return operations[0][1] if operations else None
    for name, kind in operations:
        if name == operation_name:
            return kind
    names = ", ".join(name for name, _ in operations if name) or "none is named"
    raise _RequestError(400, f"operationName {operation_name!r} is not an operation of the document; valid: {names}")


@functools.lru_cache(maxsize=256)
def _operations(query: str) -> tuple[tuple[str | None, str], ...] | None:
    """The operations of a document, as (name, type), in order (None if it does not parse)."""
    try:
        document = parse(query, max_tokens=10_000)
    except GraphQLError:
        return None
    return tuple(
        (definition.name.value if definition.name else None,
         "mutation" if definition.operation is OperationType.MUTATION else definition.operation.value)
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    )


def _encode(payload: object) -> bytes:
    return orjson.dumps(payload)


_CONTENT_TYPES = {media: f"{media}; charset=utf-8".encode() for media in (JSON, GRAPHQL_RESPONSE)}


def _encoded_headers(
    body: bytes, media: str, etag: str, extra: dict[str, str] | None = None
) -> list[tuple[bytes, bytes]]:
    """The response headers of ``body``: length, type (``media``, with its charset), ETag, ``extra``."""
    content_type = _CONTENT_TYPES.get(media) or media.encode()
    raw = [(b"content-length", str(len(body)).encode()), (b"content-type", content_type)]
    if etag:
        raw.append((b"etag", etag.encode()))
    if extra:
        raw.extend((k.encode(), v.encode()) for k, v in extra.items())
    return raw


async def _send(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
