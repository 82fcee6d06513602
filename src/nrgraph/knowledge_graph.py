"""The KnowledgeGraph facade: methods that say what they answer.

>>> kg = open_graph()                                   # doctest: +SKIP
>>> kg.stats().classes["Channel"]                        # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nrgraph.catalogue import description
from nrgraph.catalogue.description import Family
from nrgraph.catalogue.listing import Filter, Order, Page, page
from nrgraph.catalogue.resources import Catalogue, CitationRecord, Resource, SearchHit
from nrgraph.config import Settings
from nrgraph.errors import StoreError
from nrgraph.loading.files import LoadedData, digest, find_files, load
from nrgraph.loading.manifest import cache_store_url, files_digest, load_into, stored_corpus, with_manifest
from nrgraph.namespaces import NRG
from nrgraph.queries import query_text
from nrgraph.status import Status
from nrgraph.store import Row, Store, Term, open_store

if TYPE_CHECKING:
    import pyoxigraph as ox
from nrgraph.temporal.backends import temporal_engine
from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.engine import DateLike, PeriodLike, TemporalEngine
from nrgraph.temporal.model import Change, StatusAt, StatusPeriodRecord, SurvivalReport, Timeline

__all__ = ["KnowledgeGraph", "Stats", "open_graph"]


@dataclass(frozen=True)
class Stats:
    """What the graph holds.

    ``classes`` counts the curated resources of each class of the vocabulary *with* its
    subclasses (``classes["Channel"]`` counts hotlines too), ``direct`` those typed with the
    class itself, and ``parents`` names each class's superclass in the vocabulary (None at a
    root), from which :meth:`tree` draws the hierarchy.
    """

    classes: Mapping[str, int]
    triples: int
    sources: int
    first_date: dt.date | None
    last_date: dt.date | None
    direct: Mapping[str, int] = field(default_factory=dict)
    parents: Mapping[str, str | None] = field(default_factory=dict)

    def tree(self) -> list[tuple[int, str]]:
        """The counted classes depth first, each with its depth: roots at 0, alphabetically.

        >>> Stats({"Link": 3, "Channel": 2, "Hotline": 1, "Source": 4}, 0, 4, None, None,
        ...       parents={"Channel": "Link", "Hotline": "Channel"}).tree()
        [(0, 'Link'), (1, 'Channel'), (2, 'Hotline'), (0, 'Source')]
        """
        children: dict[str | None, list[str]] = {}
        for name in sorted(self.classes):
            parent = self.parents.get(name)
            children.setdefault(parent if parent in self.classes else None, []).append(name)
        ordered: list[tuple[int, str]] = []

        def visit(name: str, depth: int) -> None:
            ordered.append((depth, name))
            for child in children.get(name, []):
                visit(child, depth + 1)

        for root in children.get(None, []):
            visit(root, 0)
        return ordered


class KnowledgeGraph:
    """The curated graph in a store, with the questions nrgraph answers about it."""

    def __init__(
        self, store: Store, data: LoadedData | None = None, paths: Sequence[Path] = (), *, temporal: str = "auto"
    ) -> None:
        self.store = store
        self.data = data
        self.paths = tuple(paths)
        self.temporal_backend = temporal
        known = _corpus_for(store, data, temporal)
        self._temporal: TemporalEngine = temporal_engine(store, known, _engine_choice(store, temporal))
        self._version = data.digest if data is not None else store.digest() or ""
        self._temporal_version = self._version

    @property
    def temporal(self) -> TemporalEngine:
        """What answers the temporal questions (see :func:`nrgraph.temporal.backends.temporal_engine`).

        Over a shared store, which other processes may load, it is rebuilt from the store
        whenever the store's version changes.
        """
        if self.store.shared:
            version = self.version
            if version != self._temporal_version:
                known = _corpus_for(self.store, None, self.temporal_backend)
                self._temporal = temporal_engine(self.store, known, _engine_choice(self.store, self.temporal_backend))
                self._temporal_version = version
        return self._temporal

    @property
    def version(self) -> str:
        """A content hash of the loaded files; it changes whenever the data changes.

        A shared store, which other processes load, says which data it holds itself (its
        manifest, re-read every few seconds), so this is read from the store then.
        """
        if self.store.shared:
            return self.store.digest() or ""
        return self.data.digest if self.data is not None else self._version

    def select(self, name: str, **bindings: Term) -> list[Row]:
        """Run the named SELECT query ``queries/<name>.rq`` with variables bound."""
        return self.store.select(query_text(name), bindings)

    def ask(self, name: str, **bindings: Term) -> bool:
        """Run the named ASK query ``queries/<name>.rq`` with variables bound."""
        return self.store.ask(query_text(name), bindings)

    def reload(self) -> None:
        """Load the files again, validate them and swap them in; on error nothing changes."""
        self.install(load(self.paths))

    def install(self, data: LoadedData) -> None:
        """Swap in data that is already loaded and validated (an edit just written).

        The store, the temporal engine and everything derived from the data follow at once.
        """
        engine = temporal_engine(self.store, _corpus_for(self.store, data, self.temporal_backend),
                                 _engine_choice(self.store, self.temporal_backend))
        self.store.replace(with_manifest(data))
        self.data = data
        self._temporal = engine
        self._temporal_version = self._version = data.digest

    # ---- the temporal questions (see nrgraph.temporal.oracle for the semantics) ----------
    def status_at(self, subject: str, date: DateLike, party: str | None = None) -> StatusAt:
        """The status of ``subject`` (IRI or slug) at ``date``, for ``party`` or (None) the link as a whole."""
        return self.temporal.status_at(subject, date, party)

    def survived(
        self,
        period: PeriodLike,
        *,
        kind: str | None = None,
        actor: str | None = None,
        scope: str | None = None,
        status: Status | str | None = None,
        limit: int | None = None,
    ) -> SurvivalReport:
        """What was active at the start of ``period`` (``2021-10``, ``2021-09-15/2021-11-15``) and what became of it."""
        return self.temporal.survived(period, kind=kind, actor=actor, scope=scope, status=status, limit=limit)

    def timeline(self, subject: str) -> Timeline:
        """The ordered status changes of ``subject`` and its derived status periods."""
        return self.temporal.timeline(subject)

    def changes(
        self,
        between: PeriodLike,
        *,
        kind: str | None = None,
        actor: str | None = None,
        scope: str | None = None,
        status: Status | str | None = None,
        announced: bool = False,
    ) -> list[Change]:
        """What opened, closed, was suspended or resumed in a window: the changes effective in it
        (with ``announced``, also those announced in it; ``change.matched(Period.of(between))``
        says which date matched)."""
        return self.temporal.changes(between, kind=kind, actor=actor, scope=scope, status=status, announced=announced)

    def active_on(
        self,
        date: DateLike,
        *,
        kind: str | None = None,
        actor: str | None = None,
        scope: str | None = None,
        status: Status | str | None = None,
    ) -> list[str]:
        """The IRIs of the channels and agreements active on ``date``."""
        return self.temporal.active_on(date, kind=kind, actor=actor, scope=scope, status=status)

    def status_periods(self, subject: str | None = None) -> list[StatusPeriodRecord]:
        """The derived status periods of ``subject`` (or of every link)."""
        return self.temporal.status_periods(subject)

    # ---- the catalogue: batch reads and pages (see nrgraph.catalogue.resources, nrgraph.catalogue.listing) ----
    def resources(self, iris: Sequence[str]) -> list[Resource | None]:
        """Everything stated about each IRI (None for unknown ones), in one store query."""
        return Catalogue(self.store).resources(iris)

    def describe(self, iri: str) -> list[ox.Triple]:
        """The statements about ``iri`` and its blank nodes (its page's RDF); [] for an unknown IRI."""
        return description.describe(self.store, iri)

    def family(self, iri: str) -> Family | None:
        """Which family of the model ``iri`` belongs to (actor, channel, ...), with its most specific type."""
        return description.family(self.store, iri)

    def families(self, iris: Sequence[str]) -> dict[str, Family]:
        """The family of each of ``iris`` that has one, in one query per batch."""
        return description.families(self.store, iris)

    def inbound(self, iri: str) -> list[tuple[str, str]]:
        """The (resource, predicate) pairs pointing to ``iri``, the facts citing it included."""
        return description.inbound(self.store, iri)

    def citations(self, facts: Sequence[str]) -> list[tuple[CitationRecord, ...]]:
        """For each fact's IRI, its citations: source, locator, wording and note (one query)."""
        return Catalogue(self.store).citations(facts)

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Curated resources whose label or alias contains ``text``, case-insensitive, best first."""
        return Catalogue(self.store).search(text, limit)

    def page(
        self,
        root: str,
        where: Filter | None = None,
        *,
        order: Order = Order.LABEL,
        descending: bool = False,
        first: int = 20,
        after: str | None = None,
    ) -> Page:
        """One page of the resources of class ``root`` (an IRI), filtered, sorted, with keyset cursors."""
        return page(self.store, root, where, order=order, descending=descending, first=first, after=after)

    def refresh(self) -> bool:
        """Reload if the files changed since they were loaded (say, edited by another process).

        Returns whether it reloaded. Raises :class:`~nrgraph.errors.LoadError` if the files
        no longer load; the previous data is kept then.
        """
        data_files, shape_files = find_files(self.paths)
        if digest([*data_files, *shape_files]) == self.version:
            return False
        self.reload()
        return True

    def stats(self) -> Stats:
        """Counts per class of the vocabulary (by local name, subclasses included), the
        triples, the sources and the dates covered."""
        rows = [row for row in self.select("class_counts") if row["class"].value.startswith(str(NRG))]
        classes = {_local(row["class"].value): int(row["count"].value) for row in rows}
        direct = {_local(row["class"].value): int(row["direct"].value) for row in rows}
        parents: dict[str, str | None] = {}
        for row in self.select("class_tree"):
            child, parent = row["class"].value, row["parent"].value
            if child.startswith(str(NRG)) and parent.startswith(str(NRG)):
                parents.setdefault(_local(child), _local(parent))
        (span,) = self.select("date_range") or [{}]
        (count,) = self.select("triple_count")
        return Stats(
            classes=classes,
            triples=int(count["count"].value),
            sources=classes.get("Source", 0),
            first_date=dt.date.fromisoformat(span["first"].value) if "first" in span else None,
            last_date=dt.date.fromisoformat(span["last"].value) if "last" in span else None,
            direct=direct,
            parents=parents,
        )


def _engine_choice(store: Store, temporal: str) -> str:
    """``auto`` over a shared store means the index too, read back from the store and rebuilt
    when its version changes: the SPARQL engine is three orders of magnitude slower there
    (``docs/benchmarks.md``)."""
    return "index" if temporal == "auto" and store.shared else temporal


def _corpus_for(store: Store, data: LoadedData | None, temporal: str) -> Corpus | None:
    """What the temporal engine is built from: the changes read at load, or read back from
    the store (a reopened store, or a shared one unless the SPARQL engine was asked for)."""
    if data is not None:
        return data.corpus if data.corpus is not None else Corpus.from_quads(data.dataset)  # read in place
    if store.shared and temporal == "sparql":
        return None
    return stored_corpus(store)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def open_graph(
    paths: Sequence[Path | str] | None = None,
    *,
    settings: Settings | None = None,
    store: str | None = None,
    temporal: str = "auto",
    cached: bool = False,
) -> KnowledgeGraph:
    """Load, validate and store the ontology and data; return the KnowledgeGraph over them.

    ``paths`` defaults to the configured ontology and data folders. Raises
    :class:`~nrgraph.errors.LoadError` (or its subclass ``ValidationFailed``) listing every
    problem; nothing is stored then. ``temporal`` chooses what answers the temporal
    questions: ``index``, ``sparql`` or ``auto`` (the index on the embedded store).

    ``store`` (default: the ``store`` setting) says where: the embedded store is loaded now;
    a persistent ``oxigraph:PATH`` store is reopened as it is if it holds these very files
    (same digest), else rebuilt; a shared ``sparql:`` store is used as it is, loaded
    beforehand by ``nrgraph load`` (:class:`~nrgraph.errors.StoreError` if it holds no data).

    ``cached`` (what the CLI asks) keeps the embedded ``memory`` store between processes: an
    Oxigraph store under the ``cache_dir`` setting, reopened without parsing or validating
    while the files are unchanged (see :func:`~nrgraph.loading.manifest.cache_store_url`).
    """
    settings = settings or Settings.from_env()
    chosen = [Path(p) for p in paths] if paths is not None else list(settings.source_paths)
    url = store or settings.store
    if cached and store is None and url == "memory" and settings.cache_dir not in {"", "off"}:
        url = cache_store_url(chosen, settings.cache_dir)
    backend = open_store(url)
    try:
        recorded = backend.digest()
        if backend.shared:
            if recorded is None:
                raise StoreError(f"the store {url!r} holds no nrgraph data; load it: nrgraph load --store '{url}'")
            return KnowledgeGraph(backend, None, chosen, temporal=temporal)
        if recorded is not None and recorded == files_digest(chosen):
            # unchanged since it was loaded: nothing to parse or validate
            return KnowledgeGraph(backend, None, chosen, temporal=temporal)
        return KnowledgeGraph(backend, load_into(backend, chosen), chosen, temporal=temporal)
    except BaseException:
        backend.close()
        raise
