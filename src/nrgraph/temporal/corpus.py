"""What the temporal engine reads from the store: status changes, links and the facts filters need.

:meth:`Corpus.from_store` reads them with seven named queries run at once (the ontology
included, for the class hierarchy; rows as text, see :mod:`nrgraph.store.table`), the same
on the embedded store right after a load, on a reopened one and on a remote one. The
changes are kept as columns (pyarrow and NumPy: a quarter of a million changes at 100k
links are grouped, checked and sorted in C, without a Python object per cell), sorted
subject by subject into history order; a subject's :class:`Change` objects, its histories
and a link's facts are made the first time they are asked for, and kept:

- the history of the link as a whole (party ``None``) holds the changes that name no
  ``nrg:concernsParty``;
- the history of a party P holds those changes plus the changes naming P;
- each history is in history order: effective date (FuzzyDate order: earliest day, then
  latest day), then ``nrg:sequence`` (absent = 0), then the change's IRI.

Incomplete changes (no subject, status or readable effective date) are left out: the
shapes and the derivation report them.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyoxigraph as ox

from nrgraph.errors import InvalidDate, InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DATA, NRG
from nrgraph.queries import query_text
from nrgraph.status import Status
from nrgraph.store.base import Store
from nrgraph.store.memory import MemoryStore
from nrgraph.store.table import Table, key, literal
from nrgraph.temporal.model import Change, Citation
from nrgraph.temporal.sides import PartOf, ancestors, scope_of

__all__ = ["Corpus", "SubjectFacts", "citation_key", "collection_paused"]

# the property cells of temporal_corpus_sides and _change_facts, as TSV writes them
_SIDES = (f"<{NRG.endpoint}>", f"<{NRG.party}>")
_PART_OF = f"<{NRG.partOf}>"
_PARTY = f"<{NRG.concernsParty}>"
_CONFLICTS = f"<{NRG.conflictsWith}>"
_ACTOR_OF = f"<{NRG.actor}>"
_CAUSE = f"<{NRG.cause}>"
_ANNOUNCED = f"<{NRG.announced}>"
_SEQUENCE = f"<{NRG.sequence}>"
_CONFIDENCE = f"<{NRG.confidence}>"
_CHANGE_FACTS = (_PARTY, _CONFLICTS, _ACTOR_OF, _CAUSE, _ANNOUNCED, _SEQUENCE, _CONFIDENCE)
_N = TypeVar("_N", int, float)
_V = TypeVar("_V")
_DATA = str(DATA)
_CITATION_FIELDS = (2, 5, 6, 7)  # source, locator, wording, note in temporal_corpus_citations
_LINK = str(NRG.Link)
_ACTOR = str(NRG.Actor)


@dataclass(frozen=True)
class SubjectFacts:
    """A link's classes (with every superclass), actors (with their ``partOf`` ancestors) and scope."""

    iri: str
    classes: frozenset[str]
    actors: frozenset[str]
    scope: str


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a bulk build, then as it was.

    Reading a quarter of a million changes makes millions of small objects, none of them in
    a cycle; each full collection on the way walks all of them again, which more than
    doubled the corpus's and the index's build at 100k links.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def citation_key(citation: Citation) -> tuple[str, str, str, str]:
    """Citations are listed by source IRI, locator, wording and note."""
    return (citation.source, citation.locator or "", citation.wording or "", citation.note or "")


class Corpus:
    """Status changes in history order, subject by subject, and the facts about every link.

    Built by :meth:`from_store`. The objects (a subject's changes and histories, a link's
    facts) are made on first use and kept; :attr:`changes`, :attr:`ordered`,
    :attr:`histories` and :attr:`subjects` make all of them at once.
    """

    def __init__(
        self,
        table: ChangeTable,
        links: Iterable[str],
        link_classes: Mapping[str, str],
        actors: Iterable[str],
        facts: LinkFacts,
    ) -> None:
        self.table = table
        self.links: list[str] = sorted(links)
        """The IRI of every link (a node typed nrg:Link or a subclass), sorted."""
        self.link_set = frozenset(self.links)
        self.link_classes = dict(link_classes)
        """Local name -> IRI of nrg:Link and each of its subclasses."""
        self.actors = frozenset(actors)
        """Every node typed as nrg:Actor or one of its subclasses."""
        self._facts = facts
        self._changes_of: dict[str, tuple[Change, ...]] = {}
        self._histories_of: dict[str, dict[str | None, tuple[Change, ...]]] = {}

    def changes_of(self, subject: str) -> tuple[Change, ...]:
        """The changes of ``subject`` (whatever party they concern), in history order."""
        found = self._changes_of.get(subject)
        if found is None:
            found = self._changes_of[subject] = self.table.changes_of(subject)
        return found

    def histories_of(self, subject: str) -> dict[str | None, tuple[Change, ...]]:
        """The histories of ``subject``: the link as a whole (None) and each party its changes name."""
        found = self._histories_of.get(subject)
        if found is None:
            found = self._histories_of[subject] = _histories(self.changes_of(subject))
        return found

    def history(self, subject: str, party: str | None) -> tuple[Change, ...]:
        """The changes of ``subject`` for ``party`` (None: the link as a whole), in history order."""
        groups = self.histories_of(subject)
        return groups[party] if party in groups else groups.get(None, ())

    def facts_of(self, link: str) -> SubjectFacts | None:
        """The classes, actors and scope of ``link`` (None if it is not a link)."""
        return self._facts.of(link) if link in self.link_set else None

    @cached_property
    def subjects(self) -> dict[str, SubjectFacts]:
        """The facts of every link, by IRI."""
        return {link: self._facts.of(link) for link in self.links}

    @cached_property
    def ordered(self) -> dict[str, tuple[Change, ...]]:
        """Every subject's changes (whatever party they concern), in history order."""
        return {subject: self.changes_of(subject) for subject in self.table.subjects}

    @cached_property
    def histories(self) -> dict[str, dict[str | None, tuple[Change, ...]]]:
        """Every link's and every subject's histories."""
        return {subject: self.histories_of(subject) for subject in sorted({*self.links, *self.table.subjects})}

    @cached_property
    def changes(self) -> dict[str, Change]:
        """Every change, by IRI."""
        return {change.iri: change for ordered in self.ordered.values() for change in ordered}

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> Corpus:
        """Read the changes, citations, link classes and actors of curated quads (see :meth:`from_store`)."""
        store = MemoryStore()
        store.replace(quads)
        return cls.from_store(store)

    @classmethod
    def from_store(cls, store: Store) -> Corpus:
        """Read the changes, citations, link classes and actors from a store, in seven concurrent queries.

        Everything comes as text (the ``temporal_corpus_*`` queries, read by
        :meth:`Store.table`). Derived periods and the manifest are ignored, so a loaded store
        reads back as the files it was loaded from.
        """
        # pyoxigraph (and a remote store) answers without the GIL: the queries run at once, and
        # the small tables are read while the store still works on the changes.
        with collection_paused(), ThreadPoolExecutor(len(_QUERIES), thread_name_prefix="corpus") as pool:
            tables = {name: pool.submit(store.table, query_text(f"temporal_corpus_{name}")) for name in _QUERIES}
            superclasses = _superclasses(tables["hierarchy"].result())
            link_classes = _subclasses_of(_LINK, superclasses)
            extras = ChangeFacts(tables["change_facts"].result(), tables["citations"].result())
            types = tables["types"].result()
            typed = types.arrow()
            links = frozenset(_typed(typed, link_classes, _IRI_PREFIXES))
            actors = _typed(typed, _subclasses_of(_ACTOR, superclasses), ("<", "_:"))
            table = ChangeTable.read(tables["change_kinds"].result(), tables["changes"].result(), extras)
            facts = LinkFacts(links, types, tables["sides"].result(), superclasses)
            return cls(table, links, {_local(c): c for c in link_classes}, actors, facts)


_QUERIES = ("changes", "change_kinds", "change_facts", "citations", "types", "sides", "hierarchy")
_IRI_PREFIXES = ("<http:", "<https:", "<urn:")
_new = object.__new__
"""Makes a frozen dataclass without its ``__init__`` (one ``object.__setattr__`` a field): the
fields given are then written into its ``__dict__`` at once, and the others keep their
defaults (the class attributes), so the result equals the one ``__init__`` would make."""


class ChangeFacts:
    """The facts of status changes besides subject, status and effective date, by change IRI.

    Read from ``temporal_corpus_change_facts`` and ``_citations`` (the citations when a change
    is first made: every cited node has them, and only the changes asked about need them);
    most changes state none of them, so each is a small mapping, and :meth:`fill` writes what
    a change states into it.
    """

    def __init__(self, table: Table, citations: Table) -> None:
        self._citations = citations
        self._rows = rows = table.arrow()
        self.announced: dict[str, FuzzyDate | None] = _last_of(rows, _ANNOUNCED, _date)
        """Change IRI -> its announcement date (None: unreadable), read now: the index needs it."""
        self.sequence: dict[str, int] = _last_of(rows, _SEQUENCE, lambda cell: _number(cell, int, 0))
        """Change IRI -> its sequence number, read now: history order needs it."""

    @cached_property
    def _fields(self) -> dict[str, Mapping[str, Any]]:
        """Field name -> change IRI -> value, for every fact, read when the first change is made."""
        values: dict[str, dict[str, list[str]]] = {cell: defaultdict(list) for cell in _CHANGE_FACTS}
        rest = self._rows.filter(pc.invert(pc.is_in(self._rows["property"], pa.array([_ANNOUNCED, _SEQUENCE]))))
        for node_cell, property_cell, value_cell in zip(*(column.to_pylist() for column in rest.columns), strict=True):
            if node_cell and value_cell and property_cell in values:
                values[property_cell][node_cell].append(value_cell)

        def every(cells_of: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
            return {key(node) or "": _keys(cells) for node, cells in cells_of.items()}

        confidences = values[_CONFIDENCE]
        return {
            "announced": self.announced,
            "parties": every(values[_PARTY]),
            "sequence": self.sequence,
            "confidence": {key(node) or "": _number(cells[-1], float, 1.0) for node, cells in confidences.items()},
            "conflicts_with": every(_symmetric(values[_CONFLICTS])),
            "actors": every(values[_ACTOR_OF]),
            "causes": every(values[_CAUSE]),
        }

    @cached_property
    def _stating(self) -> tuple[frozenset[str], dict[str, tuple[Citation, ...]]]:
        """The changes that state any of the facts, and the citations by change."""
        cited = _read_citations(self._citations)
        return frozenset(cited.keys()).union(*self._fields.values()), cited

    def fill(self, change: Change) -> None:
        """Write the facts ``change`` states into it (before anything else has seen it)."""
        iri = change.iri
        stating, cited = self._stating
        if iri not in stating:
            return
        fields = change.__dict__
        for name, found in self._fields.items():
            if iri in found:
                fields[name] = found[iri]
        if iri in cited:
            fields["citations"] = cited[iri]


def _last_of(rows: pa.Table, property_cell: str, read: Callable[[str], _V]) -> dict[str, _V]:
    """Node -> the value of its last row with ``property_cell`` (as ``read`` reads the cell), from Arrow columns."""
    picked = rows.filter(pc.equal(rows["property"], property_cell))
    picked = picked.filter(pc.and_(pc.not_equal(picked["node"], ""), pc.not_equal(picked["value"], "")))
    if picked.num_rows == 0:
        return {}
    values = picked["value"].combine_chunks().dictionary_encode()
    read_values = [read(cell) for cell in values.dictionary.to_pylist()]
    nodes = _plain(picked["node"].combine_chunks()).to_pylist()
    return dict(zip(nodes, (read_values[code] for code in values.indices.to_pylist()), strict=True))


class ChangeTable:
    """The status changes as columns, sorted subject by subject into history order.

    Read by :meth:`read`; :meth:`changes_of` makes one subject's :class:`Change` objects.
    The columns the index needs for every change (:attr:`first`, :attr:`last`,
    :attr:`announced`, :attr:`subject_codes`) are NumPy arrays of day ordinals and codes.
    """

    def __init__(
        self,
        iris: pa.Array,
        subjects: list[str],
        subject_codes: npt.NDArray[np.int64],
        statuses: tuple[Sequence[Status | None], npt.NDArray[np.int64]],
        dates: tuple[Sequence[FuzzyDate | None], npt.NDArray[np.int64]],
        days: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
        extras: ChangeFacts,
    ) -> None:
        self.iris = iris
        self.subjects = subjects
        """The IRIs of the subjects, indexed by subject code."""
        self.subject_codes = subject_codes
        """Each change's subject code (ascending: the changes are sorted subject by subject)."""
        self._statuses, self._status_codes = statuses
        self._dates, self._date_codes = dates
        self._extras = extras
        self.first, self.last = days
        """Each change's first and last possible effective day (the last not capped)."""
        self.announced = self.first.copy()
        """Each change's first possible day of announcement, or of effect if that is earlier or none."""
        rows, announced = _values_at(iris, {iri: date.days[0] for iri, date in extras.announced.items() if date})
        self.announced[rows] = np.minimum(self.announced[rows], announced)
        self._code = {subject: code for code, subject in enumerate(subjects)}
        codes = np.arange(len(subjects))
        self._lo = np.searchsorted(subject_codes, codes, side="left")
        self._hi = np.searchsorted(subject_codes, codes, side="right")

    def __len__(self) -> int:
        return len(self.subject_codes)

    def changes_of(self, subject: str) -> tuple[Change, ...]:
        """The changes of ``subject`` in history order, made now."""
        code = self._code.get(subject)
        if code is None:
            return ()
        lo, hi = int(self._lo[code]), int(self._hi[code])
        statuses, dates, fill = self._statuses, self._dates, self._extras.fill
        made = []
        for iri, status, date in zip(
            self.iris.slice(lo, hi - lo).to_pylist(),
            self._status_codes[lo:hi].tolist(),
            self._date_codes[lo:hi].tolist(),
            strict=True,
        ):
            change = _new(Change)
            fields = change.__dict__
            fields["iri"] = iri
            fields["subject"] = subject
            fields["status"] = statuses[status]
            fields["effective"] = dates[date]
            fill(change)
            made.append(change)
        return tuple(made)

    @classmethod
    def read(cls, kinds: Table, table: Table, extras: ChangeFacts) -> ChangeTable:
        """The rows of ``temporal_corpus_changes`` that are changes, one per change, in history order.

        A change is a node typed ``nrg:StatusChange`` (``temporal_corpus_change_kinds``) with
        an IRI or blank node as subject, a status in the scheme and a readable effective
        date; a change stating one of them twice gives a row per value, and the last complete
        row wins. Incomplete changes are left out: the shapes and the derivation report them.
        History order: subject, then effective date (earliest day, then latest day), then
        ``nrg:sequence`` (absent = 0), then the change's IRI.
        """
        rows = table.arrow()
        statuses = rows["status"].dictionary_encode().combine_chunks()
        status_of = [_status(cell) for cell in statuses.dictionary.to_pylist()]
        dates = rows["effective"].dictionary_encode().combine_chunks()
        date_of = [_date(cell) for cell in dates.dictionary.to_pylist()]
        status_codes = statuses.indices.to_numpy()
        date_codes = dates.indices.to_numpy()
        complete = (
            np.array([s is not None for s in status_of] or [False])[status_codes]
            & np.array([d is not None for d in date_of] or [False])[date_codes]
            & _flags(pc.is_in(rows["change"], value_set=kinds.arrow()["change"]))
            & _flags(pc.or_(pc.starts_with(rows["subject"], "<"), pc.starts_with(rows["subject"], "_:")))
        )
        kept = np.flatnonzero(complete)
        iris = _plain(rows["change"].take(pa.array(kept, pa.int64())).combine_chunks())
        ranks = pc.rank(iris, sort_keys="ascending", tiebreaker="dense").to_numpy()  # equal IRIs, equal ranks
        _, last_first = np.unique(ranks[::-1], return_index=True)  # the last complete row of each change
        unique = np.sort(len(kept) - 1 - last_first)
        kept, ranks, iris = kept[unique], ranks[unique], iris.take(pa.array(unique))
        subjects = rows["subject"].take(pa.array(kept, pa.int64())).combine_chunks().dictionary_encode()
        subject_codes = subjects.indices.to_numpy().astype(np.int64)
        date_codes = date_codes[kept].astype(np.int64)
        bounds = np.array([d.days if d else (0, 0) for d in date_of], np.int64).reshape(-1, 2)
        first, last = bounds[date_codes, 0], bounds[date_codes, 1]
        sequence = np.zeros(len(kept), np.int64)
        stated, numbers = _values_at(iris, extras.sequence)
        sequence[stated] = numbers
        order = np.lexsort((ranks, sequence, last, first, subject_codes))
        return cls(
            iris.take(pa.array(order)),
            _plain(subjects.dictionary).to_pylist(),
            subject_codes[order],
            (status_of, status_codes[kept][order].astype(np.int64)),
            (date_of, date_codes[order]),
            (first[order], last[order]),
            extras,
        )


def _flags(mask: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.bool_]:
    """A boolean Arrow column as a NumPy mask (null: False)."""
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)  # type: ignore[no-any-return]


def _plain(cells: pa.Array) -> pa.Array:
    """TSV cells of IRIs and blank nodes as the plain strings the engine keys by: ``<iri>`` -> ``iri``."""
    return pc.if_else(pc.starts_with(cells, "<"), pc.utf8_slice_codeunits(cells, 1, -1), cells)


def _values_at(iris: pa.Array, wanted: Mapping[str, int]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """The rows of ``iris`` found in ``wanted``, and their values."""
    if not wanted:
        return np.zeros(0, np.intp), np.zeros(0, np.int64)
    found = pc.fill_null(pc.index_in(iris, value_set=pa.array(list(wanted), pa.string())), -1).to_numpy()
    rows = np.flatnonzero(found >= 0)
    return rows, np.fromiter(wanted.values(), np.int64, len(wanted))[found[rows]]


class LinkFacts:
    """The classes, actors and scope of links, from ``temporal_corpus_types`` and ``_sides``.

    Worked out for every link the first time a filter asks for one (its rows are kept as text
    until then): most questions filter nothing.
    """

    def __init__(self, links: frozenset[str], types: Table, sides: Table, superclasses: Mapping[str, set[str]]) -> None:
        self._links, self._types, self._sides, self._superclasses = links, types, sides, superclasses

    def of(self, link: str) -> SubjectFacts:
        return self._all[link]

    @cached_property
    def _all(self) -> dict[str, SubjectFacts]:
        with collection_paused():
            return self._build()

    def _build(self) -> dict[str, SubjectFacts]:
        type_cells: dict[str, set[str]] = defaultdict(set)
        for node_cell, class_cell in self._types.rows:
            if class_cell and node_cell[1:-1] in self._links:
                type_cells[node_cell].add(class_cell)
        sides: dict[str, set[str]] = defaultdict(set)
        part_of: list[tuple[str, str]] = []
        for node_cell, property_cell, value_cell in self._sides.rows:
            if node_cell and value_cell:
                if property_cell == _PART_OF:
                    part_of.append((node_cell, value_cell))
                else:
                    sides[node_cell].add(value_cell)
        hierarchy = PartOf.from_rows(part_of)
        closures: dict[frozenset[str], frozenset[str]] = {}
        scopes: dict[tuple[str, ...], tuple[frozenset[str], str]] = {}
        facts: dict[str, SubjectFacts] = {}
        for node_cell, cells in type_cells.items():
            kinds = frozenset(cells)
            if kinds not in closures:
                closures[kinds] = frozenset(c for t in kinds for c in ancestors(key(t) or "", self._superclasses))
            combination = tuple(sorted(sides.get(node_cell, ())))
            if combination not in scopes:
                named = [key(cell) or "" for cell in combination]
                scopes[combination] = (
                    frozenset().union(*(hierarchy.ancestors(actor) for actor in named)),
                    scope_of(hierarchy.sides(actor) for actor in named),
                )
            actors, scope = scopes[combination]
            iri = node_cell[1:-1]
            made = _new(SubjectFacts)
            made.__dict__.update(iri=iri, classes=closures[kinds], actors=actors, scope=scope)
            facts[iri] = made
        return facts


def _typed(rows: pa.Table, classes: Mapping[str, None], prefixes: tuple[str, ...]) -> list[str]:
    """The nodes of ``temporal_corpus_types`` rows typed with one of ``classes`` whose cells start with one
    of ``prefixes``, as plain strings."""
    typed = pc.and_(
        pc.is_in(rows["class"], value_set=pa.array([f"<{c}>" for c in classes], pa.string())),
        functools.reduce(pc.or_, (pc.starts_with(rows["node"], prefix) for prefix in prefixes)),
    )
    return _plain(pc.unique(rows["node"].filter(typed))).to_pylist()  # type: ignore[no-any-return]


def _superclasses(table: Table) -> dict[str, set[str]]:
    """The rows of ``temporal_corpus_hierarchy``: class -> its direct superclasses."""
    found: dict[str, set[str]] = defaultdict(set)
    for class_cell, superclass_cell in table.rows:
        if class_cell and superclass_cell:
            found[key(class_cell) or ""].add(key(superclass_cell) or "")
    return found


def _keys(cells: list[str]) -> tuple[str, ...]:
    """The plain strings of IRI cells, sorted, without repeats."""
    return tuple(sorted({key(cell) or "" for cell in cells}))


def _symmetric(pairs: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """``nrg:conflictsWith`` read both ways (node cell -> value cells)."""
    both: dict[str, list[str]] = defaultdict(list)
    for node_cell, cells in pairs.items():
        for cell in cells:
            both[node_cell].append(cell)
            both[cell].append(node_cell)
    return both


def _status(cell: str) -> Status | None:
    try:
        return Status.from_iri(key(cell) or "")
    except InvalidInput:
        return None  # the shapes report a status outside the scheme


def _number(cell: str, kind: Callable[[str], _N], default: _N) -> _N:
    try:
        return kind(key(cell) or "")
    except ValueError:
        return default  # the shapes report a sequence or confidence that is not a number


def _read_citations(table: Table) -> dict[str, tuple[Citation, ...]]:
    """The rows of ``temporal_corpus_citations`` as each change's citations, sorted, without repeats."""
    fields: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    labels: dict[str, str] = {}
    for row in table.rows:
        change, citation = key(row[0]), key(row[1])
        if change is None or citation is None:
            continue
        found = fields[(change, citation)]
        for column in _CITATION_FIELDS:
            if row[column]:
                found[column] = key(row[column]) or ""
        source, label = key(row[2]), key(row[3])
        if (
            source is not None
            and label is not None
            and row[2][0] == "<"
            and source.startswith(_DATA)
            and (source not in labels or (key(row[4]) or "").lower() == "en")
        ):
            labels[source] = label
    by_change: dict[str, set[Citation]] = defaultdict(set)
    for (change, _citation), found in fields.items():
        if not found:
            continue
        source = found.get(2, "")
        by_change[change].add(
            Citation(
                source=source,
                source_label=labels.get(source),
                locator=found.get(5),
                wording=found.get(6),
                note=found.get(7),
            )
        )
    return {change: tuple(sorted(cited, key=citation_key)) for change, cited in by_change.items()}


@lru_cache(maxsize=1 << 16)
def _date(cell: str) -> FuzzyDate | None:
    """A date literal's TSV cell read once (data repeats the same dates); None if it is unreadable."""
    lexical, datatype = literal(cell)
    if datatype is None:
        return None  # not a literal
    try:
        return FuzzyDate.from_literal(lexical, datatype)
    except InvalidDate:
        return None  # the derivation reports unreadable dates


def _histories(ordered: tuple[Change, ...]) -> dict[str | None, tuple[Change, ...]]:
    """The histories of one subject's changes (given in history order): as a whole and per party."""
    parties = {p for c in ordered for p in c.parties}
    if not parties:
        return {None: ordered}
    groups: dict[str | None, tuple[Change, ...]] = {None: tuple(c for c in ordered if not c.parties)}
    for party in sorted(parties):
        groups[party] = tuple(c for c in ordered if not c.parties or party in c.parties)
    return groups


def _subclasses_of(root: str, superclasses: Mapping[str, set[str]]) -> dict[str, None]:
    found = {c: None for c in superclasses if root in ancestors(c, superclasses)}
    found[root] = None
    return found


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
