"""Benchmark of the projection and the exports at 1k and 10k synthetic channels.

Run from the repository root::

    .venv/bin/python bench/exports.py                  # 1k and 10k channels
    .venv/bin/python bench/exports.py --sizes 1000     # quicker

For each size it writes synthetic actors and channels with random histories (one to three
status changes, dates known to the day, month or year) as Turtle, loads them as the loader
does (status periods derived, SHACL skipped), and measures, on the same data:

- the **baseline**: the one SPARQL query the projection sends (``projection_edges.rq`` for
  the date), on pyoxigraph, rows fetched;
- ``to_networkx(kg, as_of=...)`` and ``to_dynamic_networkx(kg)``, whole;
- every export format at that date (GEXF: the whole history);
- the graph picture and the timeline (1k only: a picture of 10k channels is not one to read).

Figures are medians of three runs, in milliseconds; ratios are against the baseline measured
in the same run. Nothing is asserted: the figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from nrgraph.exports import FORMATS, export
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.loading.files import load
from nrgraph.network.pictures import graph_picture, timeline_picture
from nrgraph.network.projection import to_dynamic_networkx, to_networkx
from nrgraph.store import MemoryStore
from nrgraph.temporal.model import Period

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2021-11"
KINDS = ["Hotline", "Forum", "DiplomaticMission", "MilitaryLiaisonMission", "DeconflictionLine", "BackChannel"]
STATUSES = ["Suspended", "Terminated", "Restricted", "Dormant", "Active"]
PREFIXES = """@prefix nrg: <https://w3id.org/nrgraph/ontology#> .
@prefix id: <https://w3id.org/nrgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def fuzzy(rng: random.Random, year: int) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    form = rng.random()
    if form < 0.6:
        return f'"{year:04d}-{month:02d}-{day:02d}"^^xsd:date'
    if form < 0.9:
        return f'"{year:04d}-{month:02d}"^^xsd:gYearMonth'
    return f'"{year:04d}"^^xsd:gYear'


def synthetic(channels: int, seed: int = 1) -> str:
    """Turtle for ``channels`` channels between ``channels // 10`` actors (at least 20)."""
    rng = random.Random(seed)
    actors = max(20, channels // 10)
    cite = 'nrg:citation [ nrg:source id:src ; nrg:locator "x" ]'
    source = 'id:src a nrg:Source ; rdfs:label "Bench" ; dcterms:title "Bench" ; dcterms:publisher "nrgraph" .'
    lines = [PREFIXES, source]
    for a in range(actors):
        lines.append(f'id:actor-{a} a nrg:State ; rdfs:label "Actor {a}" ; {cite} .')
    for c in range(channels):
        u, v = rng.sample(range(actors), 2)
        kind = rng.choice(KINDS)
        lines.append(
            f'id:ch-{c} a nrg:{kind} ; rdfs:label "Channel {c}" ; dcterms:description "bench" ; '
            f'nrg:endpoint id:actor-{u}, id:actor-{v} ; nrg:citation [ nrg:source id:src ; nrg:locator "c" ] .'
        )
        year = rng.randint(1960, 2020)
        status = "Active"
        for change in range(rng.randint(1, 3)):
            lines.append(
                f'id:sc-{c}-{change} a nrg:StatusChange ; nrg:subject id:ch-{c} ; nrg:status nrg:{status} ; '
                f'nrg:effective {fuzzy(rng, year)} ; nrg:citation [ nrg:source id:src ; nrg:locator "s" ] .'
            )
            year += rng.randint(1, 8)
            status = rng.choice(STATUSES)
    return "\n".join(lines) + "\n"


def median_ms(action: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def open_synthetic(channels: int, folder: Path) -> KnowledgeGraph:
    path = folder / f"bench-{channels}.ttl"
    path.write_text(synthetic(channels), encoding="utf-8")
    paths = [ROOT / "ontology" / "nrgraph.ttl", path]
    data = load(paths, check=False)
    store = MemoryStore()
    store.replace(data.all_quads())
    return KnowledgeGraph(store, data, paths)


def run(channels: int, folder: Path) -> None:
    started = time.perf_counter()
    kg = open_synthetic(channels, folder)
    load_ms = (time.perf_counter() - started) * 1000
    window = Period.window(as_of=AS_OF)
    day = ox.Literal(window.end.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    link = ox.NamedNode("https://w3id.org/nrgraph/ontology#Link")
    baseline = median_ms(lambda: kg.select("projection_edges", kindClass=link, **{"from": day, "to": day}))
    G = to_networkx(kg, as_of=AS_OF)
    print(f"\n## {channels} channels: {len(kg.store)} quads, loaded in {load_ms:.0f} ms; "
          f"graph at {AS_OF}: {G.number_of_nodes()} actors, {G.number_of_edges()} edges")
    print(f"{'what':<34} {'ms':>9} {'x baseline':>11}")
    print(f"{'baseline: projection_edges.rq':<34} {baseline:>9.1f} {1.0:>11.1f}")
    figures: list[tuple[str, Callable[[], object]]] = [
        (f"to_networkx(as_of={AS_OF})", lambda: to_networkx(kg, as_of=AS_OF)),
        ("to_dynamic_networkx()", lambda: to_dynamic_networkx(kg)),
        *[(f"export {name}", lambda name=name: export(kg, name, as_of=AS_OF)) for name in FORMATS],  # type: ignore[misc]
    ]
    if channels <= 1000:
        figures += [
            ("picture graph (svg)", lambda: graph_picture(kg, window, None, "svg")),
            ("picture timeline (png)", lambda: timeline_picture(kg, None, None, "png")),
        ]
    for label, action in figures:
        ms = median_ms(action)
        print(f"{label:<34} {ms:>9.1f} {ms / baseline:>11.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of channels")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, pyoxigraph {ox.__version__}")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            run(size, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
