"""The HTTP server's own limits: slow headers and bodies, header size, connections, keep-alive.

``nrgraph serve`` runs the app on uvicorn with the options :func:`uvicorn_options` gives
for the settings (README, Deployment):

- **slow headers** (``http_header_timeout``, 10 s): a client has that long, from the first
  byte of a request (or from connecting), to send the request line and every header; then
  it gets ``408`` (or, if it sent nothing at all, the connection is just closed) and is
  dropped. uvicorn has no such timeout of its own: its keep-alive timer is reset by every
  byte, so a client trickling a header a second (slowloris) would hold a connection for ever.
- **slow bodies** (``http_body_timeout``, 30 s): once the headers are in, a client has that
  long to send the rest of the body; then it gets ``408`` (the app waiting for the body is
  told the client is gone) or, if it was answered already, the connection is closed. The
  timer only starts when a read ends inside a body, so a request that arrives whole (most
  do, in one packet) costs no timer. The endpoints cap a body's size; this caps its time,
  so a client trickling a byte at a time cannot hold a connection for ever.
- **header size** (``http_max_header_bytes``, 64 KiB): a longer request line plus headers
  gets ``431``. uvicorn's httptools parser has no cap (h11's
  ``h11_max_incomplete_event_size`` only applies to the h11 parser, which nrgraph does not
  use: httptools is faster).
- **connections** (``http_max_connections``, 256 per worker): uvicorn's
  ``limit_concurrency``. A request that arrives while that many connections are open (its
  own included) or that many requests are running is answered ``503 Service Unavailable``
  by uvicorn itself, in plain text: that is uvicorn's load shedding, the answer a proxy and
  a client expect from an overloaded server (retry later, elsewhere).
- **keep-alive** (``http_keep_alive_timeout``, 5 s): uvicorn's ``timeout_keep_alive``.

The first three are :class:`LimitedHttpToolsProtocol`, uvicorn's httptools protocol with a
timer and a byte count added; refusals carry the one JSON error envelope.
"""

from __future__ import annotations

import asyncio
import functools
import http
import json
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from nrgraph.config import Settings
from nrgraph.errors import HeadersTooLarge, InvalidInput, NrgraphError, SlowRequest

__all__ = ["LINGER", "LimitedHttpToolsProtocol", "uvicorn_options"]

LINGER = 2.0
"""Seconds a refused connection is still read (and dropped) before it is closed."""


_LIMITS = (
    "http_header_timeout", "http_body_timeout", "http_max_header_bytes", "http_max_connections",
    "http_keep_alive_timeout",
)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run`` / ``uvicorn.Config`` that apply the limits.

    :class:`InvalidInput` names a limit that is not positive (0 would refuse everything).
    """
    for name in _LIMITS:
        value = getattr(settings, name)
        if value <= 0:
            raise InvalidInput(f"Setting {name!r} has value {value!r}. It must be above 0.")
    protocol = functools.partial(
        LimitedHttpToolsProtocol,
        header_timeout=settings.http_header_timeout,
        body_timeout=settings.http_body_timeout,
        max_header_bytes=settings.http_max_header_bytes,
    )
    return {
        "http": protocol,
        "limit_concurrency": settings.http_max_connections,
        "timeout_keep_alive": settings.http_keep_alive_timeout,
    }


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing slow (408) and oversized (431) request heads, and
    slow bodies (408).

    A request's head is its request line and headers. The head timer runs from the connection's
    start and from the first byte of each later request until the head is complete; the size
    is counted from the parser's callbacks, and, while a head is incomplete, from the bytes
    received since the last complete one (so a head is never buffered far past the cap). The
    body timer runs from the end of a read that leaves a body incomplete until it is complete.
    """

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        header_timeout: float,
        body_timeout: float,
        max_header_bytes: int,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self._body_timer: asyncio.TimerHandle | None = None
        self._in_body = False  # the head of a request is in, the end of its body is not
        self.max_header_bytes = max_header_bytes
        self._head_timer: asyncio.TimerHandle | None = None
        self._awaiting_head = False
        self._head_started = False  # a byte of the awaited head has arrived
        self._head_size = 0  # bytes of the current head seen by the parser's callbacks
        self._unparsed = 0  # bytes received since the last complete head, while one is awaited
        self._refused = False

    # -- the head timer ------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        self._stop_body_timer()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._awaiting_head = True
        self._head_size = 0
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _stop_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self._awaiting_head or self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:  # answering an earlier request
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)
            return
        if not self._head_started:  # nothing sent at all: close, as for an idle keep-alive connection
            self.transport.close()
            return
        self._refuse(408, SlowRequest(
            f"the request line and headers did not arrive within {self.header_timeout:g} s "
            f"(setting http_header_timeout); send the whole head at once"
        ))

    # -- the body timer ------------------------------------------------------------------

    def _stop_body_timer(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    def _body_timed_out(self) -> None:
        self._body_timer = None
        if not self._in_body or self._refused or self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and cycle.response_started:  # answered without the rest of the body
            self.transport.close()
            return
        if cycle is not None:  # the app waiting for the body reads http.disconnect, and its answer goes nowhere
            cycle.disconnected = True
            cycle.message_event.set()
        self._refuse(408, SlowRequest(
            f"the request body did not arrive within {self.body_timeout:g} s of the headers "
            f"(setting http_body_timeout); send the whole body at once"
        ))

    # -- the head size -------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if self._refused:  # lingering after a refusal: what the client still sends is read and dropped
            return
        if self._awaiting_head:
            self._head_started = True
            self._unparsed += len(data)
        super().data_received(data)
        if self._refused:
            return
        if self._awaiting_head and max(self._unparsed, self._head_size) > self.max_header_bytes:
            self._too_large()
        elif self._in_body and self._body_timer is None:  # this read ended inside a body
            self._body_timer = self.loop.call_later(self.body_timeout, self._body_timed_out)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._await_head()
        self._head_started = True

    def on_url(self, url: bytes) -> None:
        self._head_size += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_size += len(name) + len(value) + 4  # ": " and CRLF
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._awaiting_head = False
        self._head_started = False
        self._unparsed = 0
        self._stop_timer()
        if self._refused:
            return
        if self._head_size > self.max_header_bytes:
            self._too_large()
            return
        self._in_body = True
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        self._in_body = False
        self._stop_body_timer()
        if not self._refused:
            super().on_message_complete()

    def _too_large(self) -> None:
        size = max(self._unparsed, self._head_size)
        self._refuse(431, HeadersTooLarge(
            f"the request line and headers are over {self.max_header_bytes} bytes ({size} so far; setting "
            f"http_max_header_bytes); send long queries in a POST body"
        ))

    # -- the answer ----------------------------------------------------------------------

    def _refuse(self, status: int, error: NrgraphError) -> None:
        """Answer ``status`` with the JSON error envelope and close the connection.

        The close lingers: the server stops writing, then reads and drops what the client is
        still sending, for at most :data:`LINGER` seconds or until the client closes. Closing
        at once, with unread bytes, would reset the connection, and the client would lose
        the answer (nginx's ``lingering_close`` does the same).
        """
        self._refused = True
        self._stop_timer()
        self._stop_body_timer()
        body = json.dumps({"error": {"code": error.code, "message": str(error)}}).encode()
        head = [f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}".encode()]
        head += [name + b": " + value for name, value in self.server_state.default_headers]
        head += [b"content-type: application/json", b"content-length: %d" % len(body), b"connection: close"]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER, self.transport.close)
        else:  # pragma: no cover - TLS transports cannot half-close
            self.transport.close()

    def eof_received(self) -> None:
        if self._refused:
            self.transport.close()
