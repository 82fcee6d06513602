"""Stores at scale: load time and peak memory, and query latency, per store and size.

For each size (triples once loaded: curated + derived), a synthetic graph is generated
(``nrgraph.loading.synth``) and written as Turtle; then, each in a fresh child process so that its
peak memory (VmHWM) is its own:

- ``pyoxigraph``: the baseline, pyoxigraph's own bulk load of the same Turtle (nothing derived),
  in memory; ``pyoxigraph-disk``: the same into a RocksDB store on disk, the baseline of
  ``oxigraph`` (the ratio column divides by the matching baseline);
- ``memory``: parse into pyoxigraph + derive there (no SHACL, see the Notes), the store taken
  over by the embedded store, then the temporal index built (its time and the time to read the
  changes again from the store are reported);
- ``oxigraph``: the same into an ``oxigraph:PATH`` store on disk (a new generation);
- ``sparql``: the same sent as batched SPARQL Update to a fresh Oxigraph server on loopback
  (the server's own peak is reported too);
- ``rdflib``: rdflib parses the same Turtle into a Dataset (the comparison), up to
  ``--rdflib-max`` triples.

Then queries, median of ``--repeat`` runs after one warm-up:

- ``survived``: ``kg.survived(month, limit=100)`` for the month of October 2021;
- ``status_at``: ``kg.status_at(link, day)`` for 20 links;
- ``connections``: the channels of an actor with their other endpoints (one SPARQL query);

on the embedded store (the interval index, and the SPARQL engine), the reopened on-disk
store, and the Oxigraph server; rdflib's own SPARQL engine runs the connection query and
the query behind ``status_at`` (``temporal_start.rq``) as the comparison.

Run: ``.venv/bin/python bench/stores.py [--sizes 10000,100000,1000000] [--rdflib-max 100000]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
TRIPLES_PER_CHANNEL = 90  # curated + derived, measured: see docs/benchmarks.md
CONNECTIONS = """
SELECT ?actor ?channel ?label ?other WHERE {
  ?channel nrg:endpoint ?actor ; rdfs:label ?label ; nrg:endpoint ?other .
  FILTER(?other != ?actor)
} ORDER BY ?channel ?other LIMIT 100
"""


def _peak_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# ---- child processes ------------------------------------------------------------------------


def child_load(kind: str, data: Path, target: str) -> dict[str, Any]:
    """Load ``data`` (with the ontology) into ``kind``; the timings and this process's peak."""
    import pyoxigraph as ox
    from rdflib import Dataset, URIRef

    from nrgraph.loading.files import load
    from nrgraph.loading.manifest import with_manifest
    from nrgraph.store import open_store
    from nrgraph.temporal.corpus import Corpus
    from nrgraph.temporal.index import IndexEngine

    files = sorted(f for f in [*data.glob("*.ttl"), *(ROOT / "ontology").glob("*.ttl")] if f.name != "shapes.ttl")
    start = time.perf_counter()  # after the imports
    if kind == "rdflib":
        dataset = Dataset(default_union=True)
        for file in files:
            dataset.graph(URIRef(f"urn:file:{file.stem}")).parse(file, format="turtle")
        return {"parse_s": time.perf_counter() - start, "store_s": 0.0, "quads": len(dataset), "peak_mb": _peak_mb()}
    if kind in {"pyoxigraph", "pyoxigraph-disk"}:  # the baselines: pyoxigraph's own bulk load of the Turtle
        plain = ox.Store(target) if kind == "pyoxigraph-disk" else ox.Store()
        for file in files:
            plain.bulk_load(path=str(file), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:file:{file.stem}"))
        return {"parse_s": time.perf_counter() - start, "store_s": 0.0, "quads": len(plain), "peak_mb": _peak_mb()}
    loaded = load([ROOT / "ontology", data], check=False)
    parsed = time.perf_counter()
    store = open_store(target)
    store.replace(with_manifest(loaded))
    stored = time.perf_counter()
    index_s = corpus_s = 0.0
    if kind != "sparql":  # the temporal index, as KnowledgeGraph builds it from the changes read at load
        assert loaded.corpus is not None
        IndexEngine(loaded.corpus)
        index_s = time.perf_counter() - stored
        reading = time.perf_counter()  # and, for the record, the changes read again from the store
        Corpus.from_store(store)
        corpus_s = time.perf_counter() - reading
    quads = len(store)
    peak = _peak_mb()
    store.close()
    return {
        "parse_s": parsed - start, "store_s": stored - parsed, "index_s": index_s, "corpus_s": corpus_s,
        "quads": quads, "peak_mb": peak,
    }


def child_queries(kind: str, data: Path, target: str, repeat: int) -> dict[str, Any]:
    """Query latencies (ms) on one store; ``target`` is its URL (reopened, or loaded by the parent)."""
    import pyoxigraph as ox

    paths = [ROOT / "ontology", data]
    if kind == "rdflib":
        from rdflib import Dataset, Literal, URIRef
        from rdflib.namespace import XSD
        from rdflib.plugins.sparql import prepareQuery

        from nrgraph.namespaces import NRG, PREFIXES
        from nrgraph.queries import query_text

        dataset = Dataset(default_union=True)
        for file in sorted([*data.glob("*.ttl"), *(ROOT / "ontology").glob("*.ttl")]):
            dataset.graph(URIRef(f"urn:file:{file.stem}")).parse(file, format="turtle")
        # rdflib has no derived periods: load them as the loader derives them.
        from nrgraph.loading.files import load

        for quad in load(paths, check=False).derived:
            dataset.graph(URIRef(quad.graph_name.value)).add(_rdflib_triple(quad))
        connections = prepareQuery(CONNECTIONS, initNs=PREFIXES)
        in_force = prepareQuery(query_text("temporal_start"), initNs=PREFIXES)
        actor = URIRef("https://w3id.org/nrgraph/id/russia")
        bindings = {
            "day": Literal("2021-10-15", datatype=XSD.date), "anyKind": Literal(True), "kind": NRG.Link,
            "anyActor": Literal(True),
            "actor": actor, "anyScope": Literal(True), "scope": Literal("bilateral"),
            "nato": URIRef("https://w3id.org/nrgraph/id/nato"), "russia": actor,
        }
        return {
            "connections": _median_ms(lambda: list(dataset.query(connections, initBindings={"actor": actor})), repeat),
            "in_force": _median_ms(lambda: list(dataset.query(in_force, initBindings=bindings)), max(1, repeat // 5)),
        }
    from nrgraph.knowledge_graph import open_graph

    opening = time.perf_counter()
    if kind in {"memory", "memory-sparql"}:  # as open_graph, without SHACL (minutes at 1M triples)
        from nrgraph.knowledge_graph import KnowledgeGraph
        from nrgraph.loading.files import load
        from nrgraph.loading.manifest import with_manifest
        from nrgraph.store import MemoryStore

        loaded = load(paths, check=False)
        memory = MemoryStore()
        memory.replace(with_manifest(loaded))
        kg = KnowledgeGraph(memory, loaded, paths, temporal="sparql" if kind == "memory-sparql" else "auto")
    elif kind == "sparql-sparql":
        kg = open_graph(paths, store=target, temporal="sparql")
    else:
        kg = open_graph(paths, store=target)
    opened = time.perf_counter() - opening
    links = [row["s"].value for row in kg.store.select("SELECT ?s WHERE { ?s a nrg:Treaty } ORDER BY ?s LIMIT 20")]
    actor = {"actor": ox.NamedNode("https://w3id.org/nrgraph/id/russia")}
    figures = {
        "survived": _median_ms(lambda: kg.survived("2021-10", limit=100), repeat),
        "status_at": _median_ms(lambda: [kg.status_at(link, "2021-10-15") for link in links], repeat) / len(links),
        "connections": _median_ms(lambda: kg.store.select(CONNECTIONS, actor), repeat),
        "engine": type(kg.temporal).__name__,
        "opened_s": opened,
    }
    kg.store.close()
    return figures


def _rdflib_triple(quad: Any) -> tuple[Any, Any, Any]:
    from rdflib import BNode, Literal, URIRef

    def term(t: Any) -> Any:
        import pyoxigraph as ox

        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        return Literal(t.value, lang=t.language, datatype=None if t.language else URIRef(t.datatype.value))

    return term(quad.subject), term(quad.predicate), term(quad.object)


def _child(*args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False, timeout=3600
    )
    if result.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{result.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


# ---- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="triples once loaded, comma-separated")
    parser.add_argument("--rdflib-max", type=int, default=100_000, help="largest size rdflib is measured at")
    parser.add_argument("--repeat", type=int, default=20, help="runs per query (median reported)")
    parser.add_argument("--sparql-engine-max", type=int, default=100_000, help="largest size for the SPARQL engine")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, kind, data, target, *rest = args.child
        if what == "load":
            figures = child_load(kind, Path(data), target)
        else:
            figures = child_queries(kind, Path(data), target, int(rest[0]))
        print(json.dumps(figures))
        return

    from nrgraph.loading.synth import synthesize, write_files
    from servers import Servers

    print(f"# bench/stores.py on {os.cpu_count()} cores; sizes {args.sizes}; median of {args.repeat} runs\n")
    with tempfile.TemporaryDirectory(prefix="nrgraph-bench-") as tmp:
        root = Path(tmp)
        servers = Servers(root)
        try:
            for size in (int(s) for s in args.sizes.split(",")):
                data = root / f"data-{size}"
                start = time.perf_counter()
                world = synthesize(channels=max(1, size // TRIPLES_PER_CHANNEL), seed=1)
                write_files(world, data)
                print(f"## {size:,} triples ({sum(map(len, world.values())):,} curated, "
                      f"synthesised in {time.perf_counter() - start:.1f} s)\n")
                _run_size(size, data, root, servers, args)
        finally:
            servers.stop()


def _run_size(size: int, data: Path, root: Path, servers: Any, args: argparse.Namespace) -> None:
    disk = f"oxigraph:{root / f'store-{size}'}"
    remote = servers.oxigraph()
    server_pid = servers.processes[-1].pid
    print("| store | quads | parse + derive s | store s | index s (changes read again s) | total s "
          "| ÷ pyoxigraph | peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    loads = {}
    kinds = (
        ("pyoxigraph", ""), ("memory", "memory"), ("pyoxigraph-disk", str(root / f"plain-{size}")),
        ("oxigraph", disk), ("sparql", remote), ("rdflib", ""),
    )
    for kind, target in kinds:
        if kind == "rdflib" and size > args.rdflib_max:
            continue
        figures = _child("load", kind, str(data), target)
        loads[kind] = figures
        total = figures["parse_s"] + figures["store_s"] + figures.get("index_s", 0.0)
        figures["total_s"] = total
        peak = f"{figures['peak_mb']:.0f}"
        if kind == "sparql":
            peak += f" (+ server {_peak_mb(server_pid):.0f})"
        index = f"{figures['index_s']:.2f} ({figures['corpus_s']:.2f})" if figures.get("index_s") else "–"
        baseline = loads["pyoxigraph-disk" if kind == "oxigraph" else "pyoxigraph"]["total_s"]
        print(f"| {kind} | {figures['quads']:,} | {figures['parse_s']:.2f} | {figures['store_s']:.2f} | {index} "
              f"| {total:.2f} | {total / baseline:.1f}× | {peak} |")
    if "rdflib" in loads:
        ours = loads["memory"]["total_s"]
        print(f"\nrdflib / memory load time: {loads['rdflib']['parse_s'] / ours:.1f}x; "
              f"peak memory: {loads['rdflib']['peak_mb'] / loads['memory']['peak_mb']:.1f}x")
    print("\n| store (temporal engine) | survived ms | status_at ms | connections ms | open s |")
    print("|---|---:|---:|---:|---:|")
    stores = [("memory", "memory"), ("oxigraph", disk), ("sparql", remote)]
    if size <= args.sparql_engine_max:  # the SPARQL engine takes seconds a question beyond
        stores += [("memory-sparql", "memory"), ("sparql-sparql", remote)]
    for kind, target in stores:
        repeat = args.repeat if "-sparql" not in kind else 3
        q = _child("queries", kind, str(data), target, str(repeat))
        print(f"| {kind} ({q['engine']}) | {q['survived']:.2f} | {q['status_at']:.3f} | {q['connections']:.2f} "
              f"| {q['opened_s']:.1f} |")
    if size <= args.rdflib_max:
        q = _child("queries", "rdflib", str(data), "", str(args.repeat))
        print(f"| rdflib (its own SPARQL engine) | start query: {q['in_force']:.1f} | | {q['connections']:.2f} | |")
    print()


if __name__ == "__main__":
    main()
