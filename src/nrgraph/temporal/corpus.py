"""What the temporal engine reads from the quads: status changes, links and the facts filters need.

:meth:`Corpus.from_quads` makes one pass over the curated quads (the ontology included, for
the class hierarchy) and groups every subject's changes into histories:

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
from nrgraph.status import Status
from nrgraph.temporal.model import Change, Citation

__all__ = ["SCOPES", "Corpus", "SubjectFacts", "citation_key", "scope_of"]

SCOPES = ("nato-russia", "bilateral")
"""The values of the ``scope`` filter."""

_P = {
    name: str(getattr(NRG, name))
    for name in (
        "subject", "status", "effective", "announced", "concernsParty", "sequence", "confidence",
        "conflictsWith", "actor", "cause", "citation", "source", "locator", "wording", "note",
        "endpoint", "party", "partOf",
    )
}
_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)
_LABEL = str(RDFS.label)
_LINK = str(NRG.Link)
_ACTOR = str(NRG.Actor)
_STATUS_CHANGE = str(NRG.StatusChange)
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
    citations: list[str] = field(default_factory=list)


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
        labels: Mapping[str, str] | None = None,
    ) -> None:
        self.changes = dict(changes)
        self.subjects = dict(subjects)
        self.link_classes = dict(link_classes)
        """Local name -> IRI of nrg:Link and each of its subclasses."""
        self.actors = frozenset(actors)
        """Every node typed as nrg:Actor or one of its subclasses."""
        self.labels = dict(labels or {})
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
        """Read the changes, citations, link classes and actors of curated quads in one pass."""
        raw: dict[str, _Raw] = defaultdict(_Raw)
        change_nodes: set[str] = set()
        cites: dict[str, dict[str, str]] = defaultdict(dict)
        types: dict[str, set[str]] = defaultdict(set)
        superclasses: dict[str, set[str]] = defaultdict(set)
        sides: dict[str, set[str]] = defaultdict(set)
        part_of: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, str] = {}
        p = _P
        for quad in quads:
            predicate = quad.predicate.value
            if predicate == _TYPE:
                node = _key(quad.subject)
                kind = _key(quad.object)
                types[node].add(kind)
                if kind == _STATUS_CHANGE:
                    change_nodes.add(node)
                continue
            if predicate == _SUBCLASS:
                superclasses[_key(quad.subject)].add(_key(quad.object))
                continue
            if predicate == _LABEL:
                node = _key(quad.subject)
                if node not in labels or (isinstance(quad.object, ox.Literal) and quad.object.language == "en"):
                    labels[node] = _key(quad.object)
                continue
            node = _key(quad.subject)
            value = quad.object
            if predicate == p["subject"]:
                raw[node].subject = _key(value)
            elif predicate == p["status"]:
                try:
                    raw[node].status = Status.from_iri(_key(value))
                except InvalidInput:
                    pass  # the shapes report a status outside the scheme
            elif predicate in (p["effective"], p["announced"]):
                if not isinstance(value, ox.Literal):
                    continue
                date = _fuzzy(value.value, value.datatype.value)
                if date is None:
                    continue  # the derivation reports unreadable dates
                if predicate == p["effective"]:
                    raw[node].effective = date
                else:
                    raw[node].announced = date
            elif predicate == p["concernsParty"]:
                raw[node].parties.append(_key(value))
            elif predicate == p["sequence"]:
                try:
                    raw[node].sequence = int(_key(value))
                except ValueError:
                    pass  # the shapes report a non-integer sequence
            elif predicate == p["confidence"]:
                try:
                    raw[node].confidence = float(_key(value))
                except ValueError:
                    pass  # the shapes report a confidence that is not a decimal
            elif predicate == p["conflictsWith"]:
                raw[node].conflicts.append(_key(value))
                raw[_key(value)].conflicts.append(node)  # symmetric
            elif predicate == p["actor"]:
                raw[node].actors.append(_key(value))
            elif predicate == p["cause"]:
                raw[node].causes.append(_key(value))
            elif predicate == p["citation"]:
                raw[node].citations.append(_key(value))
            elif predicate in (p["source"], p["locator"], p["wording"], p["note"]):
                cites[node][predicate] = _key(value)
            elif predicate in (p["endpoint"], p["party"]):
                sides[node].add(_key(value))
            elif predicate == p["partOf"]:
                part_of[node].add(_key(value))

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
        for node in change_nodes:
            r = raw.get(node)
            if r is None or r.subject is None or r.status is None or r.effective is None:
                continue
            citations = tuple(
                Citation(
                    source=cites[c].get(p["source"], ""),
                    source_label=labels.get(cites[c].get(p["source"], "")),
                    locator=cites[c].get(p["locator"]),
                    wording=cites[c].get(p["wording"]),
                    note=cites[c].get(p["note"]),
                )
                for c in r.citations
                if c in cites
            )
            citations = tuple(sorted(set(citations), key=citation_key))
            changes[node] = Change(
                iri=node,
                subject=r.subject,
                status=r.status,
                effective=r.effective,
                announced=r.announced,
                parties=tuple(sorted(set(r.parties))),
                sequence=r.sequence,
                confidence=r.confidence,
                conflicts_with=tuple(sorted(set(r.conflicts))),
                actors=tuple(sorted(set(r.actors))),
                causes=tuple(sorted(set(r.causes))),
                citations=citations,
            )
        actor_classes = _subclasses_of(_ACTOR, superclasses)
        return cls(
            changes,
            subjects,
            {_local(c): c for c in link_classes},
            (node for node, node_types in types.items() if node_types & actor_classes.keys()),
            {k: v for k, v in labels.items() if k.startswith(str(DATA))},
        )


@lru_cache(maxsize=1 << 16)
def _fuzzy(lexical: str, datatype: str) -> FuzzyDate | None:
    """A date literal read once: data repeats the same dates over and over."""
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
