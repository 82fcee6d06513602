"""Benchmark of the SPARQL endpoint: what the guard, the worker processes and HTTP add to Oxigraph.

    .venv/bin/python bench/sparql.py [--repeat 30] [--timeout 1]

On the bundled data, for each gallery query (``nrgraph/sparql/examples/*.rq``) it measures the median time
of ``--repeat`` runs of:

- ``oxigraph``: ``Store.query`` in-process, results iterated (the baseline: the engine);
- ``first``: ``nrgraph.sparql.query.execute`` in-process, as a query's first run: the guard
  (rdflib's full parse when the raw text has ``service``, ``from``, a backslash or many
  brackets; see ``sparql.guard.needs_vetting``), the row cap and the serialisation to SPARQL JSON;
- ``execute``: the same, repeated: a worker remembers the queries it vetted;
- ``parse``: rdflib's full parse alone (``sparql.guard.vet``), which the screen saves
  for queries that cannot name a remote resource;
- ``http``: ``POST /sparql`` to ``nrgraph serve`` on a free loopback port, over one
  keep-alive connection: the above plus HTTP and the hop to a worker process;

and prints them with their ratio to the baseline, measured in the same run. It then times
``GET /healthz`` (the fixed cost of a request) and a runaway query against a server whose
time limit is ``--timeout`` seconds: the answer's delay past the limit is what killing the
worker costs, and the next query shows how soon the replacement worker answers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from nrgraph import open_graph
from nrgraph.namespaces import PREFIXES
from nrgraph.sparql.examples import examples
from nrgraph.sparql.guard import needs_vetting, vet
from nrgraph.sparql.query import QueryRequest, _vet_remembered, execute, graph_names

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


@contextmanager
def server(env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    nrgraph = shutil.which("nrgraph", path=str(Path(sys.executable).parent)) or "nrgraph"
    process = subprocess.Popen(
        [nrgraph, "serve", "--port", str(port)],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx2.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("nrgraph serve did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="runs per measurement (median reported)")
    parser.add_argument("--timeout", type=float, default=1.0, help="time limit of the runaway-query server (s)")
    args = parser.parse_args()

    kg = open_graph()
    store = kg.store.oxigraph  # type: ignore[attr-defined]
    graphs = graph_names(store)
    print(f"data: {len(kg.store)} quads; {os.cpu_count()} cores; median of {args.repeat} runs\n")
    header = (f"{'query':<30} {'screen':<7} {'oxigraph':>9} {'first':>9} {'execute':>9} {'parse':>9} {'http':>9} "
              f"{'first/ox':>9} {'execute/ox':>11} {'http/ox':>8}")
    print(header)
    print("-" * len(header))
    with server({"NRGRAPH_SPARQL_WORKERS": "2"}) as base, httpx2.Client(timeout=60) as client:
        for item in examples():
            def direct(text: str = item.text) -> object:
                return list(store.query(text, use_default_graph_as_union=True))

            def guarded(text: str = item.text) -> object:
                return execute(store, QueryRequest(text), graphs)

            def first(text: str = item.text) -> object:
                _vet_remembered.cache_clear()
                return execute(store, QueryRequest(text), graphs)

            def http(text: str = item.text) -> object:
                response = client.post(f"{base}/sparql", data={"query": text})
                assert response.status_code == 200, response.text
                return response.content

            def parse(text: str = item.text) -> object:
                return vet(text, local_graphs=graphs, prefixes=PREFIXES)

            ox_ms = median_ms(direct, args.repeat)
            first_ms = median_ms(first, args.repeat)
            ex_ms = median_ms(guarded, args.repeat)
            parse_ms = median_ms(parse, args.repeat)
            http_ms = median_ms(http, args.repeat)
            screen = "parse" if needs_vetting(item.text) else "skip"
            print(f"{item.name:<30} {screen:<7} {ox_ms:>7.1f}ms {first_ms:>7.1f}ms {ex_ms:>7.1f}ms {parse_ms:>7.1f}ms "
                  f"{http_ms:>7.1f}ms {first_ms / ox_ms:>8.1f}x {ex_ms / ox_ms:>10.1f}x {http_ms / ox_ms:>7.1f}x")
        health_ms = median_ms(lambda: client.get(f"{base}/healthz"), args.repeat)
        ask_ms = median_ms(lambda: client.post(f"{base}/sparql", data={"query": "ASK {}"}), args.repeat)
        print(f"\nGET /healthz: {health_ms:.1f} ms; POST /sparql ASK {{}}: {ask_ms:.1f} ms (fixed cost of a query)")

    env = {"NRGRAPH_SPARQL_TIMEOUT": str(args.timeout), "NRGRAPH_SPARQL_WORKERS": "1"}
    with server(env) as base, httpx2.Client(timeout=60) as client:
        started = time.perf_counter()
        stopped = client.post(f"{base}/sparql", data={"query": RUNAWAY})
        stop_s = time.perf_counter() - started
        started = time.perf_counter()
        after = client.post(f"{base}/sparql", data={"query": "ASK {}"})
        after_ms = (time.perf_counter() - started) * 1000
    print(f"runaway query, limit {args.timeout:g} s: answered {stopped.status_code} after {stop_s:.3f} s "
          f"({(stop_s - args.timeout) * 1000:.0f} ms past the limit); "
          f"next query on the replacement worker: {after.status_code} in {after_ms:.1f} ms")


if __name__ == "__main__":
    main()
