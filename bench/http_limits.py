"""What the HTTP server's limits cost a request: server CPU per ``/healthz`` over keep-alive.

Starts two servers of the app on loopback, each in its own process: one with uvicorn's
stock httptools protocol, one with :class:`nrgraph.web.limits.LimitedHttpToolsProtocol`
(the head timer and byte count that ``nrgraph serve`` adds). Sends them the same
sequential requests, alternating request by request, each on one keep-alive connection, and
reads each server's CPU time (user + system, from ``/proc``) before and after: CPU time is
what the limits add, and unlike wall time it hardly depends on what else the machine runs.
Prints microseconds of server CPU per request and the ratio; every request stays on this
machine.

Run: ``.venv/bin/python bench/http_limits.py [--requests 5000]``
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
SERVER = """
import sys, uvicorn
from nrgraph import Settings, open_graph
from nrgraph.web.app import create_app
from nrgraph.web.limits import uvicorn_options
kg = open_graph([sys.argv[3] + "/ontology", sys.argv[3] + "/tests/fixtures/editing"], store="memory")
options = uvicorn_options(Settings()) if sys.argv[1] == "limited" else {"http": "httptools"}
app = create_app(Settings(sparql_workers=1), kg=kg)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", **options)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of the process ``pid`` (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def connect(port: int) -> socket.socket:
    deadline = time.monotonic() + 60
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port))
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def ask(sock: socket.socket) -> None:
    sock.sendall(REQUEST)
    answer = b""
    while not answer.endswith(b"}"):
        answer += sock.recv(4096)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args()
    servers = {}
    for name in ("stock", "limited"):
        port = free_port()
        process = subprocess.Popen([sys.executable, "-c", SERVER, name, str(port), str(ROOT)])
        servers[name] = (process, connect(port))
    try:
        for _, sock in servers.values():
            for _ in range(200):  # warm up
                ask(sock)
        before = {name: cpu_seconds(process.pid) for name, (process, _) in servers.items()}
        for _ in range(args.requests):
            for _, sock in servers.values():
                ask(sock)
        spent = {name: cpu_seconds(process.pid) - before[name] for name, (process, _) in servers.items()}
    finally:
        for process, sock in servers.values():
            sock.close()
            process.terminate()
            process.wait()
    for name, seconds in spent.items():
        print(f"{name:8} {seconds / args.requests * 1e6:7.1f} µs of server CPU per request")
    print(f"limited / stock: {spent['limited'] / spent['stock']:.3f}")


if __name__ == "__main__":
    main()
