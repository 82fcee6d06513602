"""Benchmark of the temporal engine: survived() and status_at() at 1k, 10k and 100k synthetic channels.

Run from the repository root::

    .venv/bin/python bench/temporal.py                       # 1k, 10k, 100k; rdflib up to 10k
    .venv/bin/python bench/temporal.py --sizes 1000 --rdflib-max 1000

For each size it generates synthetic channels and agreements with random histories (dates known
to the day, the month or the year; announcements; party-specific changes), derives the status
periods as the loader does, and measures, on the same data:

- the index build: reading the changes from the store (``Corpus.from_store``: seven SELECTs
  run at once, their rows as TSV text parsed into Arrow columns), then building the interval
  index; and the first ``survived()`` after it, which makes the objects of the links it touches;
- the derivation into ``graph:derived`` (date bounds, slugs, status periods), as the loader;
- ``survived("2021-10", limit=100)`` and ``status_at(subject, day)`` on the interval index, on
  the SPARQL path over pyoxigraph, and on the same named queries run by rdflib's own SPARQL
  engine (the comparison baseline);

and checks that the paths return the same answers. Figures are medians; ratios are against
the SPARQL path on pyoxigraph measured in the same run. Nothing here is asserted: the figures
go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from nrgraph.loading.derivation import derive_into
from nrgraph.loading.files import find_files, parse_files
from nrgraph.namespaces import DATA, NRG, PREFIXES, RDF, XSD
from nrgraph.status import Status
from nrgraph.store import MemoryStore, Row, Store, Term
from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.engine import TemporalEngine
from nrgraph.temporal.index import IndexEngine
from nrgraph.temporal.sparql import SparqlEngine
from nrgraph.terms import from_rdflib, to_rdflib, to_rdflib_dataset

ROOT = Path(__file__).resolve().parents[1]
CHANNEL_KINDS = ["Hotline", "Forum", "DiplomaticMission", "MilitaryLiaisonMission", "DeconflictionLine", "BackChannel"]
ACTORS = {"nato": "InternationalOrganization", "russia": "State", "usa": "State", "germany": "State",
          "shape-hq": "Body", "russian-mfa": "Body"}
PARENTS = {"shape-hq": "nato", "russian-mfa": "russia"}
DEPARTURES = [Status.SUSPENDED, Status.TERMINATED, Status.CLOSED, Status.DORMANT, Status.RESTRICTED, Status.ACTIVE]


class RdflibStore(Store):
    """The same named queries, run by rdflib's SPARQL engine over a Dataset (union default graph)."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.dataset: Dataset = to_rdflib_dataset(quads)
        self.dataset.default_union = True

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        init = {k: to_rdflib(v) for k, v in (bindings or {}).items()}
        result = self.dataset.query(query, initNs=PREFIXES, initBindings=init)  # type: ignore[arg-type]
        rows = []
        for solution in result:
            row: Row = {}
            for name, value in solution.asdict().items():  # type: ignore[union-attr]
                if value is not None:
                    row[name] = from_rdflib(value)
            rows.append(row)
        return rows

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        raise NotImplementedError("the temporal engine only sends SELECT queries")

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        raise NotImplementedError("the temporal engine only sends SELECT queries")

    def replace(self, quads: Iterable[ox.Quad] | ox.Store, progress: object = None) -> None:
        self.dataset = to_rdflib_dataset(quads)
        self.dataset.default_union = True

    def __len__(self) -> int:
        return len(self.dataset)


def _date(rng: random.Random, day: dt.date) -> ox.Literal:
    roll = rng.random()
    if roll < 0.6:
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(str(XSD.date)))
    if roll < 0.85:
        return ox.Literal(f"{day.year:04d}-{day.month:02d}", datatype=ox.NamedNode(str(XSD.gYearMonth)))
    return ox.Literal(f"{day.year:04d}", datatype=ox.NamedNode(str(XSD.gYear)))


def synthetic(channels: int, seed: int = 1) -> tuple[list[ox.Quad], list[str]]:
    """Quads for ``channels`` links (one in ten an agreement with party-specific changes)."""
    rng = random.Random(seed)
    g = ox.NamedNode(str(DATA["graph-synthetic"]))
    n = {name: ox.NamedNode(str(getattr(NRG, name))) for name in (
        "StatusChange", "subject", "status", "effective", "announced", "concernsParty", "sequence",
        "endpoint", "party", "partOf", "Treaty")}
    type_ = ox.NamedNode(str(RDF.type))
    quads: list[ox.Quad] = []
    add = quads.append
    actor = {slug: ox.NamedNode(str(DATA[slug])) for slug in ACTORS}
    for slug, cls in ACTORS.items():
        add(ox.Quad(actor[slug], type_, ox.NamedNode(str(NRG) + cls), g))
    for slug, parent in PARENTS.items():
        add(ox.Quad(actor[slug], n["partOf"], actor[parent], g))
    subjects = []
    first = dt.date(1990, 1, 1).toordinal()
    for i in range(channels):
        link = ox.NamedNode(str(DATA[f"synth-{i:06d}"]))
        subjects.append(link.value)
        agreement = i % 10 == 9
        add(ox.Quad(link, type_, n["Treaty"] if agreement else ox.NamedNode(str(NRG) + rng.choice(CHANNEL_KINDS)), g))
        for side in rng.sample(sorted(ACTORS), 2):
            add(ox.Quad(link, n["party"] if agreement else n["endpoint"], actor[side], g))
        day = dt.date.fromordinal(first + rng.randrange(0, 31 * 365))
        statuses = [Status.ACTIVE] + [rng.choice(DEPARTURES) for _ in range(rng.choice([0, 1, 1, 2, 3]))]
        for j, status in enumerate(statuses):
            change = ox.NamedNode(str(DATA[f"sc-synth-{i:06d}-{j}"]))
            add(ox.Quad(change, type_, n["StatusChange"], g))
            add(ox.Quad(change, n["subject"], link, g))
            add(ox.Quad(change, n["status"], ox.NamedNode(str(status.iri)), g))
            add(ox.Quad(change, n["effective"], _date(rng, day), g))
            if j and rng.random() < 0.3:
                announced = day - dt.timedelta(days=rng.randrange(1, 120))
                add(ox.Quad(change, n["announced"], ox.Literal(announced.isoformat(),
                                                               datatype=ox.NamedNode(str(XSD.date))), g))
            if agreement and j and rng.random() < 0.5:
                add(ox.Quad(change, n["concernsParty"], actor["russia"], g))
            day = day + dt.timedelta(days=rng.randrange(400, 12 * 365))
    return quads, subjects


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _timed(call: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    value = call()
    return value, (time.perf_counter() - start) * 1000


def run(size: int, rdflib_max: int, repeat: int, ontology: list[ox.Quad]) -> dict[str, object]:
    synth, subjects = synthetic(size)
    dataset = ox.Store()
    start = time.perf_counter()
    dataset.bulk_extend([*ontology, *synth])
    store_ms = (time.perf_counter() - start) * 1000
    del synth  # from here on the data lives in the store only, as after a load
    store = MemoryStore()
    store.replace(dataset)
    # as the loader: the changes read from the store once, for the derivation and the index. The
    # loader derives first; here the index is built first, so that the first survived() pays
    # for the objects of the links it touches (as on a reopened store, which derives nothing)
    # and the derivation for making every other one.
    corpus, corpus_ms = _timed(lambda: Corpus.from_store(store))
    index, index_ms = _timed(lambda: IndexEngine(corpus))  # type: ignore[arg-type]
    _, first_ms = _timed(lambda: index.survived("2021-10", limit=100))  # type: ignore[attr-defined]
    _, derive_ms = _timed(lambda: derive_into(dataset, corpus))  # type: ignore[arg-type]
    engines: dict[str, TemporalEngine] = {"index": index, "sparql": SparqlEngine(store)}  # type: ignore[dict-item]
    if size <= rdflib_max:
        engines["rdflib"] = SparqlEngine(RdflibStore(dataset))
    rng = random.Random(7)
    probes = [(rng.choice(subjects), f"{rng.randrange(1991, 2024)}-{rng.randrange(1, 13):02d}-15") for _ in range(50)]
    figures: dict[str, object] = {
        "channels": size, "triples": len(dataset) - len(ontology), "derive_ms": derive_ms,
        "store_ms": store_ms, "corpus_ms": corpus_ms, "index_ms": index_ms, "first_ms": first_ms,
    }
    reports = {}
    for name, engine in engines.items():
        slow = name == "rdflib"
        reports[name] = engine.survived("2021-10", limit=100)
        figures[f"{name}_survived_ms"] = _median_ms(lambda e=engine: e.survived("2021-10", limit=100),
                                                    1 if slow else repeat)
        figures[f"{name}_survived_all_ms"] = _median_ms(lambda e=engine: e.survived("2021-10"), 1 if slow else 3)
        chosen = probes[:5] if slow else probes
        figures[f"{name}_status_at_ms"] = statistics.median(
            _median_ms(lambda e=engine, s=s, d=d: e.status_at(s, d), 1) for s, d in chosen
        )
        for subject, day in probes[:5]:
            if engine.status_at(subject, day) != index.status_at(subject, day):
                raise SystemExit(f"{name} and the index disagree on status_at({subject}, {day})")
    for name, report in reports.items():
        if report != reports["index"]:
            raise SystemExit(f"{name} and the index disagree on survived('2021-10')")
    report = reports["index"]
    figures["groups"] = f"{len(report.survivors)}/{len(report.casualties)}/{len(report.uncertain)}"
    return figures


def build_only(size: int, repeat: int, ontology: list[ox.Quad]) -> None:
    """The index build alone, ``repeat`` times (median wall and CPU of all threads), then the first survived().

    Only ``Corpus.from_store`` and ``IndexEngine`` are called, so an older checkout's code can
    be timed by this script too (``PYTHONPATH=OLD/src``), side by side in the same run.
    """
    synth, _ = synthetic(size)
    store = MemoryStore()
    store.replace([*ontology, *synth])
    del synth
    walls, cpus = [], []
    index = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        index = IndexEngine(Corpus.from_store(store))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    _, first_ms = _timed(lambda: index.survived("2021-10", limit=100))  # type: ignore[union-attr]
    print(f"{size:,} channels: index build {statistics.median(walls):.2f} s wall "
          f"({', '.join(f'{w:.2f}' for w in walls)}), {statistics.median(cpus):.2f} s CPU (medians of {repeat}); "
          f"first survived() {first_ms:.1f} ms; load {os.getloadavg()[0]:.1f}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="Comma-separated channel counts.")
    parser.add_argument("--rdflib-max", type=int, default=10000, help="Largest size run on rdflib's engine.")
    parser.add_argument("--repeat", type=int, default=20, help="Repetitions per timing (median).")
    parser.add_argument("--build-only", action="store_true",
                        help="Time only the index build (Corpus.from_store and IndexEngine), then one survived().")
    args = parser.parse_args(argv)
    files, _ = find_files([ROOT / "ontology"])
    ontology = parse_files(files)
    if args.build_only:
        for size in (int(s) for s in args.sizes.split(",")):
            build_only(size, args.repeat, ontology)
        return
    print(f"python {sys.version.split()[0]}, pyoxigraph {ox.__version__}")
    print("| channels | triples | derive | index build (read + index) | first survived() after the build "
          "| survived 2021-10, first 100: index / SPARQL / rdflib "
          "| survived, all | status_at: index / SPARQL / rdflib | SPARQL ÷ index | groups (first 100) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        f = run(size, args.rdflib_max, args.repeat, ontology)

        def rd(key: str, f: dict[str, object] = f) -> str:
            return f"{f[key]:.1f} ms" if key in f else "–"

        read, build = f["corpus_ms"] / 1000, f["index_ms"] / 1000  # type: ignore[operator]
        print(
            f"| {f['channels']:,} | {f['triples']:,} | {f['derive_ms'] / 1000:.2f} s "
            f"| {read + build:.2f} s ({read:.2f} + {build:.2f}) | {f['first_ms']:.1f} ms "
            f"| {rd('index_survived_ms')} / {rd('sparql_survived_ms')} / {rd('rdflib_survived_ms')} "
            f"| {rd('index_survived_all_ms')} / {rd('sparql_survived_all_ms')} / {rd('rdflib_survived_all_ms')} "
            f"| {f['index_status_at_ms']:.3f} / {f['sparql_status_at_ms']:.2f} / {rd('rdflib_status_at_ms')} "
            f"| {f['sparql_survived_ms'] / f['index_survived_ms']:.0f}× "
            f"| {f['groups']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
