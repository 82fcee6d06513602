"""What the temporal engine reads from the store: status changes, links and the facts filters need.

:meth:`Corpus.from_store` reads them with three named queries (the ontology included, for
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

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from nrgraph.errors import InvalidDate, InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DATA, NATO, NRG, RDF, RDFS, RUSSIA
from nrgraph.queries import query_text
from nrgraph.status import Status
from nrgraph.store.base import Store
from nrgraph.store.memory import MemoryStore
from nrgraph.store.table import Table, key
from nrgraph.temporal.model import Change, Citation

__all__ = ["SCOPES", "Corpus", "SubjectFacts", "citation_key", "scope_of"]

SCOPES = ("nato-russia", "bilateral")
"""The values of the ``scope`` filter."""

_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)
_SIDES = {str(NRG.endpoint), str(NRG.party)}
_PART_OF = str(NRG.partOf)
_PARTY = str(NRG.concernsParty)
_CONFLICTS = str(NRG.conflictsWith)
_ACTOR_OF = str(NRG.actor)
_CAUSE = str(NRG.cause)
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


@dataclass
class _Raw:
    subject: str | None = None
    status: Status | None = None
    effective: FuzzyDate | None = None
    announced: FuzzyDate | None = None
    parties: list[str] = field(default_factory=list)
    sequence: int = 0
    confidence: float = 1.0
    conflicts: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


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
        self.histories: dict[str, dict[str | None, tuple[Change, ...]]] = {}
        for subject in self.subjects:
            self.histories[subject] = _histories(by_subject.get(subject, []))
        for subject, listed in by_subject.items():
            if subject not in self.histories:  # a change whose subject is not typed as a link
                self.histories[subject] = _histories(listed)

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
        """Read the changes, citations, link classes and actors from a store, in three queries.

        The changes and the facts about links come as text (``temporal_corpus_changes``,
        ``temporal_corpus_facts``, read by :meth:`Store.table`), the citations, which hold free
        text, as terms (``temporal_corpus_citations``). Derived periods and the manifest are
        ignored, so a loaded store reads back as the files it was loaded from.
        """
        raw: dict[str, _Raw] = defaultdict(_Raw)
        types: dict[str, set[str]] = defaultdict(set)
        superclasses: dict[str, set[str]] = defaultdict(set)
        sides: dict[str, set[str]] = defaultdict(set)
        part_of: dict[str, set[str]] = defaultdict(set)
        facts = store.table(query_text("temporal_corpus_facts"))
        for node_cell, property_cell, value_cell in facts.rows:
            node, predicate, value = key(node_cell), property_cell[1:-1], key(value_cell)
            if node is None or value is None:
                continue
            if predicate == _TYPE:
                types[node].add(value)
            elif predicate == _SUBCLASS:
                superclasses[node].add(value)
            elif predicate in _SIDES:
                sides[node].add(value)
            elif predicate == _PART_OF:
                part_of[node].add(value)
            elif predicate == _PARTY:
                raw[node].parties.append(value)
            elif predicate == _CONFLICTS:
                raw[node].conflicts.append(value)
                raw[value].conflicts.append(node)  # symmetric
            elif predicate == _ACTOR_OF:
                raw[node].actors.append(value)
            elif predicate == _CAUSE:
                raw[node].causes.append(value)
        _read_changes(store.table(query_text("temporal_corpus_changes")), raw)
        citations = _read_citations(store.table(query_text("temporal_corpus_citations")))

        link_classes = _subclasses_of(_LINK, superclasses)
        closure = {c: _ancestors(c, superclasses) for c in {t for ts in types.values() for t in ts}}
        subjects: dict[str, SubjectFacts] = {}
        for node, node_types in types.items():
            if not node_types & link_classes.keys() or not node.startswith(("http:", "https:", "urn:")):
                continue
            classes = frozenset(c for t in node_types for c in closure[t])
            side_sets = [frozenset(_ancestors(e, part_of)) for e in sorted(sides.get(node, ()))]
            actors = frozenset(a for s in side_sets for a in s)
            subjects[node] = SubjectFacts(node, classes, actors, scope_of(side_sets))

        changes: dict[str, Change] = {}
        no_citations: tuple[Citation, ...] = ()
        for node, r in raw.items():
            if r.subject is None or r.status is None or r.effective is None:
                continue
            changes[node] = Change(
                iri=node,
                subject=r.subject,
                status=r.status,
                effective=r.effective,
                announced=r.announced,
                parties=tuple(sorted(set(r.parties))) if r.parties else (),
                sequence=r.sequence,
                confidence=r.confidence,
                conflicts_with=tuple(sorted(set(r.conflicts))) if r.conflicts else (),
                actors=tuple(sorted(set(r.actors))) if r.actors else (),
                causes=tuple(sorted(set(r.causes))) if r.causes else (),
                citations=citations.get(node, no_citations),
            )
        actor_classes = _subclasses_of(_ACTOR, superclasses)
        return cls(
            changes,
            subjects,
            {_local(c): c for c in link_classes},
            (node for node, node_types in types.items() if node_types & actor_classes.keys()),
        )


def _read_changes(table: Table, raw: dict[str, _Raw]) -> None:
    """The rows of ``temporal_corpus_changes`` into ``raw`` (a later row of a change wins)."""
    statuses: dict[str, Status | None] = {}
    for row in table.rows:
        change_cell, subject_cell, status_cell, effective, effective_type = row[:5]
        announced, announced_type, sequence, confidence = row[5:]
        change = key(change_cell)
        subject = key(subject_cell)
        if change is None or subject is None:
            continue
        if status_cell not in statuses:
            try:
                statuses[status_cell] = Status.from_iri(key(status_cell) or "")
            except InvalidInput:
                statuses[status_cell] = None  # the shapes report a status outside the scheme
        date = _fuzzy(effective, effective_type)
        if date is None or statuses[status_cell] is None:
            continue  # the derivation reports unreadable dates
        r = raw[change]
        r.subject = subject
        r.status = statuses[status_cell]
        r.effective = date
        if announced:
            r.announced = _fuzzy(announced, announced_type)
        if sequence:
            try:
                r.sequence = int(key(sequence) or "")
            except ValueError:
                pass  # the shapes report a non-integer sequence
        if confidence:
            try:
                r.confidence = float(key(confidence) or "")
            except ValueError:
                pass  # the shapes report a confidence that is not a decimal


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
def _fuzzy(text_cell: str, type_cell: str) -> FuzzyDate | None:
    """A date read once from its TSV cells (lexical form, datatype): data repeats the same dates."""
    lexical, datatype = key(text_cell), key(type_cell)
    if lexical is None or datatype is None:
        return None  # not a literal
    try:
        return FuzzyDate.from_literal(lexical, datatype)
    except InvalidDate:
        return None


def _histories(changes: list[Change]) -> dict[str | None, tuple[Change, ...]]:
    ordered = sorted(changes, key=Change.sort_key)
    whole = tuple(c for c in ordered if not c.parties)
    groups: dict[str | None, tuple[Change, ...]] = {None: whole}
    for party in sorted({p for c in ordered for p in c.parties}):
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
