"""A loopback listener for the tests that prove the server never reaches out (tests/security/)."""

from __future__ import annotations

import socket
import threading

from .live_server import free_port

__all__ = ["Listener"]


class Listener:
    """A loopback HTTP listener that records every connection and answers an empty SPARQL result."""

    def __init__(self) -> None:
        self.port = free_port()
        self.connections: list[bytes] = []
        self._socket = socket.create_server(("127.0.0.1", self.port))
        self._socket.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    request = conn.recv(65536)
                except OSError:
                    request = b""
                self.connections.append(request)
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                    + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body
                )

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()
