"""Throughput of the deployment over one shared SPARQL store, with 1 and 2 uvicorn workers.

Starts an Oxigraph server on loopback, loads a synthetic graph into it with ``nrgraph load``,
then for each worker count starts ``nrgraph serve --workers N --store sparql:…`` (read-only
URL) on a free loopback port and drives it with ``wrk`` for ``--seconds``: GraphQL queries
for the channels in force on a day, the day varying per request so that the response cache
rarely answers, and ``/healthz``. Every request stays on this machine; ``wrk`` stops by itself.

Run: ``.venv/bin/python bench/deployment.py [--channels 1000] [--seconds 10] [--connections 16]``
(``wrk`` from Debian: ``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
NRGRAPH = Path(sys.executable).parent / "nrgraph"
LUA = r"""
local n = 0
request = function()
  n = n + 1
  local day = string.format("20%02d-%02d-%02d", 1 + (n %% 24), 1 + (n %% 12), 1 + (n %% 28))
  local body = '{"query": "{ channels(first: 20, asOf: \\"' .. day .. '\\") { nodes { label endpoints { label } } } }"}'
  return wrk.format("POST", "/graphql", {["Content-Type"] = "application/json"}, body)
end
"""


def _wrk(url: str, seconds: int, connections: int, script: Path | None) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{errors.group(1)} failed requests:\n{output}")
    return float(match.group(1)) if match else float("nan")


def _serve(store: str, workers: int, port: int, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NRGRAPH_DATA_DIR": str(data)}
    process = subprocess.Popen(
        [str(NRGRAPH), "serve", "--store", store, "--workers", str(workers), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return process
        except httpx2.TransportError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    from nrgraph.loading.synth import synthesize, write_files
    from servers import Servers, free_port

    with tempfile.TemporaryDirectory(prefix="nrgraph-deploy-") as tmp:
        root = Path(tmp)
        data = root / "data"
        write_files(synthesize(args.channels, seed=1), data)
        servers = Servers(root)
        try:
            url = servers.oxigraph()
            subprocess.run([str(NRGRAPH), "load", "--store", url, str(data)], check=True, capture_output=True)
            reader = url.split(",")[0]
            script = root / "graphql.lua"
            script.write_text(LUA.replace("%%", "%"), encoding="utf-8")
            print(f"# bench/deployment.py: {args.channels} channels, wrk -t2 -c{args.connections} "
                  f"-d{args.seconds}s, {os.cpu_count()} cores shared by wrk, nrgraph and the store\n")
            print("| workers | GraphQL req/s | /healthz req/s |")
            print("|---:|---:|---:|")
            rates = {}
            for workers in (1, 2):
                port = free_port()
                server = _serve(reader, workers, port, data)
                try:
                    graphql = _wrk(f"http://127.0.0.1:{port}", args.seconds, args.connections, script)
                    health = _wrk(f"http://127.0.0.1:{port}/healthz", args.seconds, args.connections, None)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
                rates[workers] = graphql
                print(f"| {workers} | {graphql:.0f} | {health:.0f} |")
            print(f"\n2 workers / 1 worker (GraphQL): {rates[2] / rates[1]:.2f}x")
        finally:
            servers.stop()


if __name__ == "__main__":
    main()
