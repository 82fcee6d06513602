"""Benchmark of the GraphQL API against the HTTP floor, with wrk on loopback.

    .venv/bin/python bench/graphql.py [--duration 10] [--connections 16] [--workers 1 2] [--queries nested ...]
        [--no-in-process]

For each worker count it starts, on free loopback ports, the floor (``bench/floor_app.py``:
constant JSON from a bare ASGI app under the same uvicorn stack) and nrgraph servers
(``nrgraph serve``), checks that every query answers without errors, runs a bounded wrk
load per query and prints requests per second and the ratio to the floor measured in the
same run. The queries:

- ``survived``: the survived-October-2021 query on the curated data, repeated (answered
  from the response cache after the first request); target: at least 1/3 of the floor.
- ``nested``: 50 channels with their endpoints and sources (a generated dataset of 50
  channels), response cache off, answered by the query's plan
  (:mod:`nrgraph.graphql.fast`); target: at least 1/10 of the floor.
- ``nested-interp``: the same with the plans off (``graphql_compile``): strawberry and
  graphql-core's own execution.
- ``nested-cold``: the same with the record cache off too, so every request reads the
  store (one query per level).
- ``typename``: ``{ __typename }`` with the response cache off: the fixed cost of a request.

Then, in-process, it reports the CPU time per request of the nested query (CPU time
rather than wall time, so that other load on the machine matters less): through
graphql-core's own execution path and through the query's plan, with the records read in an
earlier request (warm) or fresh (cold).

Run as a script, this file's folder comes first on ``sys.path`` and its name would shadow
the ``graphql`` package, so :func:`main` takes the folder off before importing nrgraph.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
GQL = "application/graphql-response+json"

SURVIVED = """{ survived(period: "2021-10", filter: { kind: "channel" }) {
  survivors { subject { label } reason change { status effective sources { title url } } }
  casualties { subject { label } reason change { status effective announced causes { label }
               citations { locator wording source { title url } } } }
  uncertain { subject { label } party { label } reason change { status effective certainty sources { title } } } } }"""
NESTED = """{ channels(first: 50) { edges { cursor node { id iri slug label kind
  endpoints { id iri slug label kind } sources { id title url } } } } }"""
TYPENAME = "{ __typename }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def synthetic_data(folder: Path, channels: int = 50) -> Path:
    """A data folder with ``channels`` hotlines between NATO and as many states, each cited."""
    lines = [
        "@prefix nrg: <https://w3id.org/nrgraph/ontology#> .",
        "@prefix id:  <https://w3id.org/nrgraph/id/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        'id:src a nrg:Source ; rdfs:label "Source"@en ; dcterms:title "A record" ; dcterms:publisher "P" ;'
        ' nrg:url "https://example.org/"^^xsd:anyURI .',
        'id:nato a nrg:InternationalOrganization ; rdfs:label "NATO"@en ;'
        ' nrg:citation [ nrg:source id:src ; nrg:locator "1" ] .',
    ]
    for n in range(channels):
        lines += [
            f'id:state-{n} a nrg:State ; rdfs:label "State {n}"@en ;'
            f' nrg:citation [ nrg:source id:src ; nrg:locator "s{n}" ] .',
            f'id:channel-{n:03d} a nrg:Hotline ; rdfs:label "Channel {n:03d}"@en ; dcterms:description "d"@en ;'
            f' nrg:endpoint id:nato, id:state-{n} ; nrg:citation [ nrg:source id:src ; nrg:locator "c{n}" ] .',
            f"id:sc-{n} a nrg:StatusChange ; nrg:subject id:channel-{n:03d} ; nrg:status nrg:Active ;"
            f' nrg:effective "2000"^^xsd:gYear ; nrg:citation [ nrg:source id:src ; nrg:locator "x{n}" ] .',
        ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "channels.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@contextlib.contextmanager
def server(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """Run a server until the block ends; yield its base URL and process id once it answers."""
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode()[-2000:] if process.stderr else ""
                raise RuntimeError(f"server {command} exited: {error}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server {command} did not start in 60 s") from None
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def floor(port: int, workers: int) -> list[str]:
    return [
        str(VENV_BIN / "python"), "-m", "uvicorn", "floor_app:app", "--app-dir", str(ROOT / "bench"),
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
    ]


def nrgraph(port: int, workers: int) -> list[str]:
    return [str(VENV_BIN / "nrgraph"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]


def check(url: str, query: str) -> int:
    """POST the query once; fail on errors; return the response size."""
    request = urllib.request.Request(
        f"{url}/graphql", data=json.dumps({"query": query}).encode(),
        headers={"content-type": "application/json", "accept": GQL},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    payload = json.loads(body)
    if payload.get("errors") or not payload.get("data"):
        raise RuntimeError(f"query failed: {payload.get('errors')}")
    return len(body)


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) of a process and its children, from ``/proc``."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # the process, or a worker it forked
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wrk(
    url: str, query: str | None, duration: int, connections: int, scripts: Path, pid: int = 0
) -> tuple[float, float]:
    """Requests per second of a bounded wrk run (POST of ``query``, or GET / for the floor), and
    the server's CPU microseconds per request (process ``pid`` and its workers): the CPU figure
    depends less on what else runs on the machine."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    target = url + "/"
    if query is not None:
        script = scripts / f"q{abs(hash(query))}.lua"
        body = json.dumps({"query": query})
        script.write_text(
            'wrk.method = "POST"\n'
            f"wrk.body = {json.dumps(body)}\n"
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.headers["Accept"] = "{GQL}"\n',
            encoding="utf-8",
        )
        command += ["-s", str(script)]
        target = url + "/graphql"
    before = cpu_seconds(pid) if pid else 0.0
    output = subprocess.run([*command, target], capture_output=True, text=True, check=True).stdout
    spent = cpu_seconds(pid) - before if pid else 0.0
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw errors:\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    count = re.search(r"(\d+) requests in", output)
    if match is None or count is None:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    return float(match.group(1)), spent / max(int(count.group(1)), 1) * 1e6


def in_process(folder: Path, rounds: int = 8, repeat: int = 20) -> None:
    """CPU milliseconds per nested request, in-process, by execution path and record cache."""
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    from nrgraph import Settings, open_graph
    from nrgraph.catalogue.resources import Catalogue
    from nrgraph.graphql.context import Context
    from nrgraph.graphql.fast.compiler import QueryCompiler
    from nrgraph.graphql.loaders import Records
    from nrgraph.graphql.schema import build_schema

    kg = open_graph([ROOT / "ontology", folder])
    settings = Settings()
    schema = build_schema(settings)
    warm = Records(Catalogue(kg.store))
    compiled = QueryCompiler(schema, settings.graphql_max_cost)
    compiled.learn(NESTED, None)

    def interpreted(schema: Any, records: Any) -> Any:
        result = schema.execute_sync(NESTED, context_value=Context(kg, settings, records))
        assert not result.errors, result.errors
        return result.data

    def plan(compiler: Any, records: Any) -> Any:
        data = compiler.run(NESTED, None, None, Context(kg, settings, records))
        assert data is not None
        return data

    variants = {
        "graphql-core path, warm records": lambda: interpreted(schema, warm),
        "graphql-core path, cold records": lambda: interpreted(schema, None),
        "planned, warm records": lambda: plan(compiled, warm),
        "planned, cold records": lambda: plan(compiled, None),
    }
    timings: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            start = time.process_time()
            for _ in range(repeat):
                run()
            timings[name].append((time.process_time() - start) / repeat * 1000)
    print("\nin-process, CPU ms per nested request (median of rounds)")
    for name, values in timings.items():
        print(f"  {name:<34} {sorted(values)[len(values) // 2]:7.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="uvicorn worker counts")
    parser.add_argument("--in-process-only", action="store_true", help="skip the wrk runs")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process CPU times")
    parser.add_argument("--queries", nargs="+", metavar="NAME", help="only these queries (survived nested ...)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    scratch = Path(tempfile.mkdtemp(prefix="nrgraph-bench-"))
    synthetic = synthetic_data(scratch / "data")
    real = {"NRGRAPH_DATA_DIR": str(ROOT / "data")}
    no_cache = {"NRGRAPH_GRAPHQL_RESPONSE_CACHE": "false"}
    cold = {"NRGRAPH_GRAPHQL_RECORD_CACHE": "false"}
    interp = {"NRGRAPH_GRAPHQL_COMPILE": "false"}
    cases = [
        ("survived", SURVIVED, real, "1/3"),
        ("nested", NESTED, {**no_cache, "NRGRAPH_DATA_DIR": str(synthetic)}, "1/10"),
        ("nested-interp", NESTED, {**no_cache, "NRGRAPH_DATA_DIR": str(synthetic), **interp}, ""),
        ("nested-cold", NESTED, {**no_cache, "NRGRAPH_DATA_DIR": str(synthetic), **cold}, ""),
        ("typename", TYPENAME, {**no_cache, **real}, ""),
    ]
    if args.queries:
        known = [name for name, *_ in cases]
        if not set(args.queries) <= set(known):
            parser.error(f"unknown queries {sorted(set(args.queries) - set(known))}; known: {known}")
        cases = [case for case in cases if case[0] in args.queries]
    if args.in_process_only:
        in_process(synthetic)
        return
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s on 127.0.0.1; uvicorn with uvloop and httptools")
    for workers in args.workers:
        port = free_port()
        with server(floor(port, workers), port) as (url, pid):
            wrk(url, None, 2, args.connections, scratch)  # warm up
            base, base_cpu = wrk(url, None, args.duration, args.connections, scratch, pid)
        print(f"\nworkers={workers}; ratios to the floor: of requests per second, then of CPU per request")
        print(f"  {'floor':<12} {base:>9.0f} req/s   1.000   {base_cpu:6.0f} µs CPU/request")
        for name, query, env, target in cases:
            port = free_port()
            with server(nrgraph(port, workers), port, env) as (url, pid):
                size = check(url, query)
                wrk(url, query, 2, args.connections, scratch)  # warm up every worker
                rate, cpu = wrk(url, query, args.duration, args.connections, scratch, pid)
            goal = f"   target >= {target}" if target else ""
            print(
                f"  {name:<12} {rate:>9.0f} req/s   1/{base / rate:.1f}   {cpu:6.0f} µs CPU/request   "
                f"1/{cpu / base_cpu:.1f}, {size} bytes{goal}"
            )
    if not args.no_in_process:
        in_process(synthetic)
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
