"""Attacks on the HTTP server itself, against the real ``nrgraph serve`` in a subprocess.

- slowloris: a client that trickles its headers, one line at a time, is answered 408 and
  dropped at ``http_header_timeout``, however long it keeps trickling; one that sends
  nothing is closed;
- a slow body: a client that trickles its body is answered 408 and dropped at
  ``http_body_timeout``, on ``/graphql`` and on ``/sparql``; a body sent in parts within the
  time is answered;
- a request line plus headers over ``http_max_header_bytes`` gets 431, sent whole or
  trickled without ever ending the head;
- more connections than ``http_max_connections`` get uvicorn's 503.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx2
import pytest
from click.testing import CliRunner

from nrgraph.cli.main import cli

from ..conftest import FIXTURES
from ..servers import nrgraph_serve

pytestmark = pytest.mark.slow

HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"


def serve(**settings: object) -> Iterator[str]:
    """``nrgraph serve`` on the small editing fixture, with ``NRGRAPH_*`` settings; yields its URL."""
    env = {
        "NRGRAPH_DATA_DIR": str(FIXTURES / "editing"),
        "NRGRAPH_SPARQL_WORKERS": "1",
        **{f"NRGRAPH_{name.upper()}": str(value) for name, value in settings.items()},
    }
    with nrgraph_serve(env) as base:
        yield base


@pytest.fixture(scope="module")
def quick_timeout() -> Iterator[str]:
    yield from serve(http_header_timeout=1, http_body_timeout=1, http_max_header_bytes=8192)


@pytest.fixture(scope="module")
def four_connections() -> Iterator[str]:
    yield from serve(http_max_connections=4, http_header_timeout=60)


def connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def status_and_error(answer: bytes) -> tuple[int, dict[str, str]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    error: dict[str, str] = json.loads(body)["error"]
    return status, error


def closed(sock: socket.socket) -> bool:
    """Whether the server has closed (or answered and closed) the connection, without waiting."""
    sock.setblocking(False)
    try:
        return sock.recv(65536, socket.MSG_PEEK) is not None
    except BlockingIOError:
        return False
    finally:
        sock.setblocking(True)


def test_slowloris_trickling_headers_is_answered_408_and_dropped(quick_timeout: str) -> None:
    with connect(quick_timeout) as sock:
        sock.sendall(HEAD)
        sent = 0
        while not closed(sock) and sent < 200:  # a header every 0.1 s, for 20 s if nobody stops it
            try:
                sock.sendall(b"X-Trickle-%d: x\r\n" % sent)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
            time.sleep(0.1)
            assert httpx2.get(f"{quick_timeout}/healthz", timeout=5).status_code == 200  # others are served meanwhile
        assert sent < 200, "the server kept reading a trickled head"
        status, error = status_and_error(read_all(sock))
    assert status == 408
    assert error["code"] == "REQUEST_TIMEOUT"
    assert "http_header_timeout" in error["message"]


def test_a_connection_that_sends_nothing_is_closed(quick_timeout: str) -> None:
    with connect(quick_timeout) as sock:
        assert read_all(sock) == b""


def test_slowloris_on_a_kept_alive_connection_is_dropped_too(quick_timeout: str) -> None:
    with connect(quick_timeout) as sock:
        sock.sendall(HEAD + b"\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        sock.sendall(HEAD)  # the next request's head, never finished
        status, error = status_and_error(read_all(sock))
    assert (status, error["code"]) == (408, "REQUEST_TIMEOUT")


@pytest.mark.parametrize("size", [9000, 200_000])
def test_an_oversized_header_gets_431(quick_timeout: str, size: int) -> None:
    with connect(quick_timeout) as sock:
        sock.sendall(HEAD + b"X-Big: " + b"a" * size + b"\r\n\r\n")
        status, error = status_and_error(read_all(sock))
    assert status == 431
    assert error["code"] == "REQUEST_HEADERS_TOO_LARGE"
    assert "8192" in error["message"]
    assert "http_max_header_bytes" in error["message"]


def test_a_head_that_grows_without_end_gets_431_before_it_is_finished(quick_timeout: str) -> None:
    with connect(quick_timeout) as sock:
        sock.sendall(HEAD)
        sent = 0
        try:
            while sent < 10_000_000 and not closed(sock):
                sock.sendall(b"X-Endless: " + b"b" * 10_000)  # one header that never ends
                sent += 10_000
                time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, error = status_and_error(read_all(sock))
    assert sent < 10_000_000
    assert (status, error["code"]) == (431, "REQUEST_HEADERS_TOO_LARGE")


def test_a_head_under_the_cap_is_served(quick_timeout: str) -> None:
    response = httpx2.get(f"{quick_timeout}/healthz", headers={"X-Fits": "c" * 7000}, timeout=5)
    assert response.status_code == 200


def test_connections_over_the_cap_get_uvicorns_503(four_connections: str) -> None:
    idle = [connect(four_connections) for _ in range(3)]
    try:
        with connect(four_connections) as sock:
            sock.sendall(HEAD + b"Connection: close\r\n\r\n")
            answer = read_all(sock)
        assert answer.startswith(b"HTTP/1.1 503")
    finally:
        for sock in idle:
            sock.close()
    deadline = time.monotonic() + 10
    while httpx2.get(f"{four_connections}/healthz", timeout=5).status_code != 200:  # the server notices the closes
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_body_longer_than_the_header_cap_is_not_counted_as_head(quick_timeout: str) -> None:
    query = "ASK {}\n#" + "d" * 90_000
    response = httpx2.post(
        f"{quick_timeout}/sparql", content=query, headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert response.status_code == 200


POSTS = {
    "/graphql": (b"application/json", b'{"query": "{ __typename }"}'),
    "/sparql": (b"application/sparql-query", b"ASK {}"),
}


def post_head(path: str, length: int) -> bytes:
    media = POSTS[path][0]
    return b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (
        path.encode(), media, length,
    )


@pytest.mark.parametrize("path", sorted(POSTS))
def test_a_trickled_body_is_answered_408_and_dropped(quick_timeout: str, path: str) -> None:
    body = POSTS[path][1] + b" " * 200  # whitespace after the query: trickled a byte at a time
    with connect(quick_timeout) as sock:
        sock.sendall(post_head(path, len(body)) + body[:10])
        sent = 10
        while not closed(sock) and sent < len(body):  # a byte every 0.05 s: 10 s if nobody stops it
            try:
                sock.sendall(body[sent : sent + 1])
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
            time.sleep(0.05)
        assert sent < len(body), "the server kept reading a trickled body"
        status, error = status_and_error(read_all(sock))
    assert (status, error["code"]) == (408, "REQUEST_TIMEOUT")
    assert "http_body_timeout" in error["message"]
    assert httpx2.get(f"{quick_timeout}/healthz", timeout=5).status_code == 200


@pytest.mark.parametrize("path", sorted(POSTS))
def test_a_body_sent_in_parts_within_the_time_is_answered(quick_timeout: str, path: str) -> None:
    body = POSTS[path][1]
    with connect(quick_timeout) as sock:
        sock.sendall(post_head(path, len(body)) + body[:5])
        time.sleep(0.5)
        sock.sendall(body[5:])
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


@pytest.mark.parametrize(
    "name", ["http_header_timeout", "http_body_timeout", "http_max_header_bytes", "http_max_connections"]
)
def test_a_limit_of_zero_is_refused_before_serving(name: str) -> None:
    result = CliRunner().invoke(
        cli, ["serve"], env={"NRGRAPH_DATA_DIR": str(FIXTURES / "editing"), f"NRGRAPH_{name.upper()}": "0"}
    )
    assert result.exit_code == 1
    assert f"Setting '{name}' has value 0" in result.stderr
    assert "It must be above 0." in result.stderr
