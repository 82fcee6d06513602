"""A real uvicorn server on a free loopback port, run in a thread, for protocol and browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import uvicorn

from nrgraph import KnowledgeGraph, Settings
from nrgraph.web.app import create_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def live_server(kg: KnowledgeGraph, settings: Settings | None = None) -> Iterator[str]:
    """Serve ``kg`` with uvicorn on 127.0.0.1; yield the base URL; stop the server afterwards."""
    port = free_port()
    app = create_app(settings or Settings(), kg=kg)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the test server on port {port} did not start")
        time.sleep(0.02)
    assert httpx2.get(f"{base}/healthz", timeout=5).status_code == 200
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)
