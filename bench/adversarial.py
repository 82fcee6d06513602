"""Adversarial load: ordinary traffic's latency with and without a client looping the worst accepted query.

    .venv/bin/python bench/adversarial.py [--clients 50] [--seconds 10] [--think 0.05]

It starts ``nrgraph serve`` (default settings, the bundled data) on a free loopback port,
then runs ``--clients`` clients of mixed ordinary traffic for ``--seconds`` (each waits
``--think`` seconds between requests): ``/healthz``, the survived-October-2021 query
(answered from the response cache), a page of channels with their endpoints (a new page size
each time, so computed), an actor by slug with its channels, a link's timeline. It does so
twice: quiet, then while one more client loops the worst query the limits accept (three
network analyses, each the shortest path at another date, so no cached answer serves it: the
cost limit counts the edges each projects, and refuses a fourth). It
prints the median and p95 latency of the ordinary traffic in each phase and their ratio
(target: p95 with the attacker under 2x the quiet p95), and how many attack requests were
answered. Everything is bounded: the clients, the time, loopback only.

Run as a script, this file's folder comes first on ``sys.path``: :func:`main` takes it off
(``bench/graphql.py`` would shadow the ``graphql`` package).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

GQL = "application/graphql-response+json"
SURVIVED = """{ survived(period: "2021-10", filter: { kind: "channel" }) {
  survivors { subject { label } reason } casualties { subject { label } reason } } }"""
ACTOR = '{ resource(ref: "%s") { ... on Actor { label channels { label status { status } } } } }'
TIMELINE = '{ timeline(id: "%s") { changes { status effective } periods { status } } }'
PAGE = "{ channels(first: %d) { nodes { label endpoints { label } } } }"
ACTORS = ["russia", "nato", "united-states", "ukraine", "germany", "france", "nato-russia-council"]
LINKS = ["nato-russia-council", "founding-act", "cfe-treaty", "open-skies-treaty", "vienna-document"]


def worst_query(year: int, analyses: int = 3) -> str:
    """The worst query the limits accept: as many network analyses as the cost limit lets one query
    ask (three: each costs the edges of the whole graph), each the shortest path at another date."""
    return "{ " + " ".join(
        f'p{n}: path(from: "nato", to: "russia", asOf: "{year - n}") {{ length }}' for n in range(analyses)
    ) + " }"


def _sparql_bench() -> Any:
    """bench/sparql.py, whose ``server`` starts ``nrgraph serve`` (loaded by path: this folder is off sys.path)."""
    spec = importlib.util.spec_from_file_location("sparql_bench", Path(__file__).with_name("sparql.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ordinary(rng: random.Random) -> tuple[str, dict[str, Any] | None]:
    """One ordinary request: a path and a GraphQL body (None: a GET)."""
    pick = rng.randrange(5)
    if pick == 0:
        return "/healthz", None
    if pick == 1:
        return "/graphql", {"query": SURVIVED}
    if pick == 2:
        return "/graphql", {"query": PAGE % rng.randint(1, 30)}
    if pick == 3:
        return "/graphql", {"query": ACTOR % rng.choice(ACTORS)}
    return "/graphql", {"query": TIMELINE % rng.choice(LINKS)}


async def client(httpx2: Any, base: str, until: float, think: float, seed: int, times: list[float]) -> None:
    rng = random.Random(seed)
    async with httpx2.AsyncClient(base_url=base, timeout=30, headers={"accept": GQL}) as http:
        while time.monotonic() < until:
            path, body = ordinary(rng)
            start = time.perf_counter()
            response = await (http.get(path) if body is None else http.post(path, json=body))
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"{path} {body}: {response.status_code} {response.text[:300]}")
            await asyncio.sleep(think)


async def attacker(httpx2: Any, base: str, until: float, answered: list[float]) -> None:
    async with httpx2.AsyncClient(base_url=base, timeout=60, headers={"accept": GQL}) as http:
        year = 2025
        while time.monotonic() < until:
            start = time.perf_counter()
            response = await http.post("/graphql", json={"query": worst_query(year)})
            if response.status_code != 200 or "errors" in response.json():
                raise RuntimeError(f"the worst accepted query was not answered: {response.text[:300]}")
            answered.append(time.perf_counter() - start)
            year -= 1  # another date each time: no cached answer


async def phase(httpx2: Any, base: str, clients: int, seconds: float, think: float, attack: bool) -> dict[str, Any]:
    until = time.monotonic() + seconds
    times: list[float] = []
    attacks: list[float] = []
    tasks = [client(httpx2, base, until, think, seed, times) for seed in range(clients)]
    if attack:
        tasks.append(attacker(httpx2, base, until, attacks))
    await asyncio.gather(*tasks)
    cuts = statistics.quantiles(times, n=20)
    return {"requests": len(times), "median": statistics.median(times), "p95": cuts[18], "attacks": attacks}


def main() -> None:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    import httpx2

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="ordinary clients (at most 200)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per phase (at most 60)")
    parser.add_argument("--think", type=float, default=0.05, help="seconds each client waits between requests")
    args = parser.parse_args()
    clients, seconds = min(args.clients, 200), min(args.seconds, 60.0)
    server = _sparql_bench().server  # nrgraph serve on a free loopback port, until /healthz answers
    with server({"NRGRAPH_HOST": "127.0.0.1"}) as base:
        check = httpx2.post(f"{base}/graphql", json={"query": worst_query(2030)}, timeout=60)
        if check.status_code != 200 or "errors" in check.json():
            sys.exit(f"the worst query is not accepted: {check.text[:300]}")
        more = httpx2.post(f"{base}/graphql", json={"query": worst_query(2030, 4)}, timeout=60)
        if "errors" not in more.json():
            sys.exit("a fourth network analysis is accepted too: the worst query is not the worst accepted")
        asyncio.run(phase(httpx2, base, clients, 2, args.think, attack=False))  # warm up
        quiet = asyncio.run(phase(httpx2, base, clients, seconds, args.think, attack=False))
        loud = asyncio.run(phase(httpx2, base, clients, seconds, args.think, attack=True))
    print(f"{clients} clients of ordinary traffic ({args.think * 1000:.0f} ms think time), {seconds:.0f} s per phase, "
          "nrgraph serve with default settings on 127.0.0.1")
    for name, result in (("quiet", quiet), ("attacked", loud)):
        print(f"  {name:<9} {result['requests']:>6} requests   median {result['median'] * 1000:7.1f} ms"
              f"   p95 {result['p95'] * 1000:7.1f} ms")
    attacks = loud["attacks"]
    mean = statistics.mean(attacks) if attacks else float("nan")
    print(f"  attacker: {len(attacks)} worst accepted queries answered, {mean:.2f} s each on average")
    print(f"  p95 attacked / quiet: {loud['p95'] / quiet['p95']:.2f}   target < 2")


if __name__ == "__main__":
    main()
