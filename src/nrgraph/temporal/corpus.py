"""What the temporal engine reads from the store: status changes, links and the facts filters need.

:meth:`Corpus.from_store` reads them with four named queries (the ontology included, for
the class hierarchy; most rows as text, see :mod:`nrgraph.store.table`), the same on the
embedded store right after a load, on a reopened one and on a remote one, and groups every
subject's changes into histories:

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
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import pyoxigraph as ox

from nrgraph.errors import InvalidDate, InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DATA, NATO, NRG, RDFS, RUSSIA
from nrgraph.queries import query_text
from nrgraph.status import Status
from nrgraph.store.base import Store
from nrgraph.store.memory import MemoryStore
from nrgraph.store.table import Table, key, literal
from nrgraph.temporal.model import Change, Citation

__all__ = ["SCOPES", "Corpus", "SubjectFacts", "citation_key", "collection_paused", "scope_of"]

SCOPES = ("nato-russia", "bilateral")
"""The values of the ``scope`` filter."""

# the property cells of temporal_corpus_facts, as TSV writes them
_SUBCLASS = f"<{RDFS.subClassOf}>"
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
_DATA = str(DATA)
_CITATION_FIELDS = (2, 5, 6, 7)  # source, locator, wording, note in temporal_corpus_citations
_LINK = str(NRG.Link)
_ACTOR = str(NRG.Actor)
_NATO = str(NATO)
_RUSSIA = str(RUSSIA)


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


def scope_of(sides: Iterable[frozenset[str]]) -> str:
    """``nato-russia`` when one side is NATO or a NATO body and another Russia or a Russian body."""
    sides = list(sides)
    for i, one in enumerate(sides):
        for j, other in enumerate(sides):
            if i != j and _NATO in one and _RUSSIA in other:
                return "nato-russia"
    return "bilateral"


class Corpus:
    """Status changes grouped into histories, and the facts about every link."""

    def __init__(
        self,
        changes: Mapping[str, Change],
        subjects: Mapping[str, SubjectFacts],
        link_classes: Mapping[str, str],
        actors: Iterable[str],
    ) -> None:
        self.changes = dict(changes)
        self.subjects = dict(subjects)
        self.link_classes = dict(link_classes)
        """Local name -> IRI of nrg:Link and each of its subclasses."""
        self.actors = frozenset(actors)
        """Every node typed as nrg:Actor or one of its subclasses."""
        by_subject: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes.values():
            by_subject[change.subject].append(change)
        sort_key = Change.sort_key
        self.ordered: dict[str, tuple[Change, ...]] = {
            subject: tuple(sorted(listed, key=sort_key)) if len(listed) > 1 else tuple(listed)
            for subject, listed in by_subject.items()
        }
        """Every subject's changes (whatever party they concern), in history order."""
        self.histories: dict[str, dict[str | None, tuple[Change, ...]]] = {}
        for subject in self.subjects:
            self.histories[subject] = _histories(self.ordered.get(subject, ()))
        for subject, ordered in self.ordered.items():
            if subject not in self.histories:  # a change whose subject is not typed as a link
                self.histories[subject] = _histories(ordered)

    def history(self, subject: str, party: str | None) -> tuple[Change, ...]:
        """The changes of ``subject`` for ``party`` (None: the link as a whole), in history order."""
        groups = self.histories.get(subject, {})
        if party in groups:
            return groups[party]
        whole = groups.get(None, ())
        return whole

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> Corpus:
        """Read the changes, citations, link classes and actors of curated quads (see :meth:`from_store`)."""
        store = MemoryStore()
        store.replace(quads)
        return cls.from_store(store)

    @classmethod
    def from_store(cls, store: Store) -> Corpus:
        """Read the changes, citations, link classes and actors from a store, in four concurrent queries.

        The changes and the facts about links come as text (``temporal_corpus_changes``,
        ``_types``, ``_facts`` and ``_citations``, read by :meth:`Store.table`):
        at 100k links that is a quarter of a million changes, which as term objects would
        cost more than everything else. Derived periods and the manifest are ignored, so a
        loaded store reads back as the files it was loaded from.
        """
        names = ("types", "facts", "changes", "citations")
        # pyoxigraph (and a remote store) answers without the GIL: the four queries run at once,
        # and the facts are read while the store still works on the changes and citations.
        with collection_paused(), ThreadPoolExecutor(len(names), thread_name_prefix="corpus") as pool:
            types_table, facts_table, changes_table, citations_table = (
                pool.submit(store.table, query_text(f"temporal_corpus_{n}")) for n in names
            )
            facts = _Facts(types_table.result(), facts_table.result())
            citations = _read_citations(citations_table.result())
            changes = facts.changes(changes_table.result(), citations)
            link_classes = _subclasses_of(_LINK, facts.superclasses)
            actor_classes = _subclasses_of(_ACTOR, facts.superclasses)
            return cls(
                changes,
                facts.subjects(link_classes),
                {_local(c): c for c in link_classes},
                (node for node, node_types in facts.types.items() if not node_types.isdisjoint(actor_classes)),
            )


class _Facts:
    """The rows of ``temporal_corpus_types`` and ``temporal_corpus_facts``, by property."""

    def __init__(self, types: Table, table: Table) -> None:
        self.types: dict[str, set[str]] = defaultdict(set)
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        self.sides: dict[str, set[str]] = defaultdict(set)
        self.part_of: dict[str, set[str]] = defaultdict(set)
        self.values: dict[str, dict[str, list[str]]] = {cell: defaultdict(list) for cell in _CHANGE_FACTS}
        """Property cell -> node -> value cells, for the changes' own facts."""
        for node_cell, class_cell in types.rows:
            node = key(node_cell)
            if node is not None and class_cell:
                self.types[node].add(key(class_cell) or "")
        sets = {_SUBCLASS: self.superclasses, _PART_OF: self.part_of}
        sets.update(dict.fromkeys(_SIDES, self.sides))
        for node_cell, property_cell, value_cell in table.rows:
            node = key(node_cell)
            if node is None or not value_cell:
                continue
            found = sets.get(property_cell)
            if found is not None:
                found[node].add(key(value_cell) or "")
            elif property_cell in self.values:
                self.values[property_cell][node].append(value_cell)

    def subjects(self, link_classes: Mapping[str, None]) -> dict[str, SubjectFacts]:
        """The facts of every link: its classes (with superclasses), actors (with partOf ancestors), scope."""
        closures: dict[frozenset[str], frozenset[str]] = {}
        ancestors: dict[str, frozenset[str]] = {}
        scopes: dict[tuple[frozenset[str], ...], tuple[frozenset[str], str]] = {}
        subjects: dict[str, SubjectFacts] = {}
        for node, node_types in self.types.items():
            if node_types.isdisjoint(link_classes) or not node.startswith(("http:", "https:", "urn:")):
                continue
            kinds = frozenset(node_types)
            if kinds not in closures:
                closures[kinds] = frozenset(c for t in kinds for c in _ancestors(t, self.superclasses))
            sides = []
            for side in sorted(self.sides.get(node, ())):
                if side not in ancestors:
                    ancestors[side] = frozenset(_ancestors(side, self.part_of))
                sides.append(ancestors[side])
            combination = tuple(sides)
            if combination not in scopes:
                scopes[combination] = (frozenset(a for s in sides for a in s), scope_of(sides))
            actors, scope = scopes[combination]
            subjects[node] = SubjectFacts(node, closures[kinds], actors, scope)
        return subjects

    def changes(self, table: Table, citations: Mapping[str, tuple[Citation, ...]]) -> dict[str, Change]:
        """The rows of ``temporal_corpus_changes`` as changes, with their facts and citations.

        A change stating its subject, status or date twice gives a row per value; the last
        complete row wins. Incomplete changes (a status outside the scheme, an unreadable
        date) are left out: the shapes and the derivation report them.
        """
        values = self.values
        parties, conflicts = values[_PARTY], _symmetric(values[_CONFLICTS])
        actors, causes = values[_ACTOR_OF], values[_CAUSE]
        announced, sequences, confidences = values[_ANNOUNCED], values[_SEQUENCE], values[_CONFIDENCE]
        statuses: dict[str, Status | None] = {}
        changes: dict[str, Change] = {}
        for change_cell, subject_cell, status_cell, effective_cell in table.rows:
            change, subject, effective = key(change_cell), key(subject_cell), _date(effective_cell)
            if status_cell not in statuses:
                statuses[status_cell] = _status(status_cell)
            status = statuses[status_cell]
            if change is None or subject is None or status is None or effective is None:
                continue
            changes[change] = _change(
                iri=change,
                subject=subject,
                status=status,
                effective=effective,
                announced=_date(announced[change][-1]) if change in announced else None,
                parties=_keys(parties[change]) if change in parties else (),
                sequence=_number(sequences[change][-1], int, 0) if change in sequences else 0,
                confidence=_number(confidences[change][-1], float, 1.0) if change in confidences else 1.0,
                conflicts_with=_keys(conflicts[change]) if change in conflicts else (),
                actors=_keys(actors[change]) if change in actors else (),
                causes=_keys(causes[change]) if change in causes else (),
                citations=citations.get(change, ()),
            )
        return changes


def _change(**fields: Any) -> Change:
    """A :class:`Change` made without its dataclass ``__init__``, in a quarter of the time.

    At 100k links the corpus makes a quarter of a million changes, and the frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field) was a third of the
    corpus's build. Every field is given, so the result equals ``Change(**fields)``.
    """
    change: Change = _new(Change)
    change.__dict__.update(fields)
    return change


_new = object.__new__


def _keys(cells: list[str]) -> tuple[str, ...]:
    """The plain strings of IRI cells, sorted, without repeats."""
    return tuple(sorted({key(cell) or "" for cell in cells}))


def _symmetric(pairs: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """``nrg:conflictsWith`` read both ways (as cells)."""
    both: dict[str, list[str]] = defaultdict(list)
    for node, cells in pairs.items():
        for cell in cells:
            both[node].append(cell)
            other = key(cell)
            if other is not None:
                both[other].append(node if node.startswith("_:") else f"<{node}>")
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


def _ancestors(node: str, parents: Mapping[str, set[str]]) -> set[str]:
    seen = {node}
    todo = [node]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _subclasses_of(root: str, superclasses: Mapping[str, set[str]]) -> dict[str, None]:
    found = {c: None for c in superclasses if root in _ancestors(c, superclasses)}
    found[root] = None
    return found


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
