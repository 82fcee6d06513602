"""A bounded load test on loopback that mixes GraphQL reads with edits.

    .venv/bin/python bench/editing_load.py [--duration 30] [--readers 45] [--editors 5] [--workers 1]

It copies ``data/`` to a temporary folder, starts ``nrgraph serve`` on a free loopback port
with an edit token, and runs ``readers + editors`` concurrent clients for ``--duration``
seconds, after a baseline of the readers alone for ``--baseline`` seconds (the two at
most 60 together). Readers loop over three read queries (a link's status at a date, the
survived-October-2021 query, a page of channels with their endpoints); editors loop over
``addSource`` and ``addActor`` mutations with fresh slugs. Every response is checked
(HTTP 200, no ``errors``, the expected ``__typename``). Then it checks that every
acknowledged edit is in the files and in the audit log, and prints throughput, latency
percentiles and the error rate of reads and edits, with the ratio of read p95 to the
200 ms target.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
READS = [
    '{ resource(ref: "nato-russia-council") { ... on Channel { label '
    'status(asOf: "2021-11") { status certainty } } } }',
    '{ survived(period: "2021-10", filter: { kind: "channel" }) { survivors { subject { label } } '
    "casualties { subject { label } change { status effective } } } }",
    "{ channels(first: 20) { nodes { slug label kind endpoints { slug } } } }",
]
ADD_SOURCE = """mutation($i: AddSourceInput!) { addSource(input: $i) { __typename
  ... on SourceAdded { receipt { iri } } ... on EditError { code message } } }"""
ADD_ACTOR = """mutation($i: AddActorInput!) { addActor(input: $i) { __typename
  ... on ActorAdded { receipt { iri } } ... on EditError { code message } } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(root: Path, token: str, workers: int) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "NRGRAPH_DATA_DIR": str(root / "data"),
        "NRGRAPH_AUDIT_DIR": str(root / "audit"),
        "NRGRAPH_EDIT_TOKEN": f"loadtest:{token}",
        "NRGRAPH_GRAPHQL_MAX_COST": "100000",
    }
    command = [str(VENV_BIN / "nrgraph"), "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx2.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx2.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                errors = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the server did not start: {errors}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.acknowledged: list[str] = []

    def summary(self, seconds: float) -> dict[str, float]:
        done = len(self.latencies) + len(self.errors)
        ordered = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

        return {
            "requests": done,
            "per_second": done / seconds,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "mean_ms": statistics.fmean(ordered) * 1000,
            "error_rate": len(self.errors) / done if done else 0.0,
        }


async def reader(client: httpx2.AsyncClient, n: int, stop: float, tally: Tally) -> None:
    i = n
    while time.monotonic() < stop:
        query = READS[i % len(READS)]
        i += 1
        start = time.monotonic()
        try:
            response = await client.post("/graphql", json={"query": query})
            body = response.json()
            ok = response.status_code == 200 and not body.get("errors") and body.get("data")
        except (httpx2.HTTPError, ValueError) as error:
            ok, body = False, {"exception": repr(error)}
        if ok:
            tally.latencies.append(time.monotonic() - start)
        else:
            tally.errors.append(json.dumps(body)[:300])


async def editor(client: httpx2.AsyncClient, n: int, stop: float, tally: Tally, token: str) -> None:
    i = 0
    while time.monotonic() < stop:
        slug = f"load-{n}-{i}"
        if i % 2:
            query, field, kind = ADD_ACTOR, "addActor", "ActorAdded"
            variables = {"slug": slug, "kind": "STATE", "label": f"Load state {n}-{i}",
                         "citation": {"source": "src-bommarito-rome-2002", "locator": "page"}}
        else:
            query, field, kind = ADD_SOURCE, "addSource", "SourceAdded"
            variables = {"slug": f"src-{slug}", "label": f"Load {n}-{i}", "title": f"Load record {n}-{i}",
                         "publisher": "Load test"}
        i += 1
        start = time.monotonic()
        try:
            response = await client.post(
                "/graphql", json={"query": query, "variables": {"i": variables}},
                headers={"authorization": f"Bearer {token}", "x-request-id": slug},
            )
            body = response.json()
            result = (body.get("data") or {}).get(field) or {}
            ok = response.status_code == 200 and result.get("__typename") == kind
        except (httpx2.HTTPError, ValueError) as error:
            ok, body, result = False, {"exception": repr(error)}, {}
        if ok:
            tally.latencies.append(time.monotonic() - start)
            tally.acknowledged.append(result["receipt"]["iri"])
        else:
            tally.errors.append(json.dumps(body)[:300])


async def load(url: str, token: str, readers: int, editors: int, duration: float) -> tuple[Tally, Tally, float]:
    reads, edits = Tally(), Tally()
    limits = httpx2.Limits(max_connections=readers + editors, max_keepalive_connections=readers + editors)
    async with httpx2.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        start = time.monotonic()
        stop = start + duration
        await asyncio.gather(
            *(reader(client, n, stop, reads) for n in range(readers)),
            *(editor(client, n, stop, edits, token) for n in range(editors)),
        )
        elapsed = time.monotonic() - start
    return reads, edits, elapsed


def lost_edits(root: Path, acknowledged: list[str]) -> list[str]:
    """Acknowledged edits missing from the files or from the audit log."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in (root / "data").glob("*.ttl"))
    audited = {json.loads(line)["iri"] for line in (root / "audit" / "edits.jsonl").read_text().splitlines() if line}
    return [iri for iri in acknowledged if f"id:{iri.rsplit('/', 1)[1]}\n" not in text or iri not in audited]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="Seconds of mixed load.")
    parser.add_argument("--baseline", type=float, default=20, help="Seconds of reads alone, first.")
    parser.add_argument("--readers", type=int, default=45, help="Concurrent reading clients.")
    parser.add_argument("--editors", type=int, default=5, help="Concurrent editing clients.")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    args = parser.parse_args()
    baseline = max(0.0, min(args.baseline, 60.0))
    duration = max(1.0, min(args.duration, 60.0 - baseline))
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="nrgraph-load-") as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "data", root / "data")
        with server(root, token, args.workers) as url:
            for query in READS:  # warm up, and fail early on a broken query
                body = httpx2.post(f"{url}/graphql", json={"query": query}, timeout=60).json()
                if body.get("errors"):
                    raise SystemExit(f"read query failed: {body['errors']}")
            alone, _none, alone_elapsed = asyncio.run(load(url, token, args.readers, 0, baseline))
            reads, edits, elapsed = asyncio.run(load(url, token, args.readers, args.editors, duration))
        lost = lost_edits(root, edits.acknowledged)
    print(f"{args.workers} worker(s) on loopback; baseline: {args.readers} readers alone for {alone_elapsed:.1f} s; "
          f"then {args.readers} readers + {args.editors} editors for {elapsed:.1f} s")
    rows = (("reads alone", alone, alone_elapsed), ("reads", reads, elapsed), ("edits", edits, elapsed))
    for name, tally, seconds in rows:
        s = tally.summary(seconds)
        print(
            f"{name:11} {s['requests']:6d} requests  {s['per_second']:7.1f}/s  p50 {s['p50_ms']:7.1f} ms  "
            f"p95 {s['p95_ms']:7.1f} ms  p99 {s['p99_ms']:7.1f} ms  errors {s['error_rate']:.2%}"
        )
        for error in tally.errors[:3]:
            print(f"       error: {error}")
    read_p95 = reads.summary(elapsed)["p95_ms"]
    alone_p95 = alone.summary(alone_elapsed)["p95_ms"]
    print(f"read p95 with edits / 200 ms target: {read_p95 / 200:.2f}; / read p95 alone: {read_p95 / alone_p95:.2f}")
    print(f"acknowledged edits: {len(edits.acknowledged)}, lost: {len(lost)}")
    if lost or alone.errors or reads.errors or edits.errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
