"""Curated resources read in batches: the records behind the GraphQL API and the CLI.

A batch of IRIs is answered by **one** store query: the named query (``resources_by_iri``,
``referrers``, ``citations_of``) carries a ``#@values`` marker, and
:func:`nrgraph.store.values.with_values` (the project's one writer of ``VALUES`` blocks)
writes the batch there. pyoxigraph substitutions bind one term per variable and cannot bind
a list, so the block is written into the text — but only from ``pyoxigraph.NamedNode``
values, whose constructor rejects anything that is not an IRI (spaces, ``>``, ``{``), so no
user text can change the query. Everything else is bound with substitutions as usual.

>>> catalogue = Catalogue(kg.store)                                   # doctest: +SKIP
>>> catalogue.resources(["https://w3id.org/nrgraph/id/nato"])[0].label  # doctest: +SKIP
'NATO'
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from nrgraph.errors import InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DCTERMS, NRG, RDF, RDFS, SKOS
from nrgraph.queries import query_text
from nrgraph.store import Store, Term
from nrgraph.store.values import iri_node, with_values

__all__ = [
    "MATCHES",
    "Catalogue",
    "CitationRecord",
    "Resource",
    "SearchHit",
    "rank_hits",
]

_TYPE = str(RDF.type)
_LABEL = str(RDFS.label)
_SLUG = str(NRG.slug)
_ALT = str(SKOS.altLabel)
_DESCRIPTION = str(DCTERMS.description)
MAX_BATCH = 1000
"""The most IRIs one query may carry; bigger batches are split."""


@dataclass(frozen=True)
class Resource:
    """Everything stated about one resource: its types and its values per predicate IRI."""

    iri: str
    types: frozenset[str]
    values: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)

    def all(self, predicate: str) -> tuple[Term, ...]:
        """Every value of ``predicate``."""
        return self.values.get(predicate, ())

    def one(self, predicate: str) -> Term | None:
        """One value of ``predicate`` (the first in lexical order), or None."""
        found = self.values.get(predicate)
        return found[0] if found else None

    def text(self, predicate: str) -> str | None:
        """The lexical form of one value of ``predicate``, or None."""
        term = self.one(predicate)
        return term.value if term is not None else None

    def iris(self, predicate: str) -> tuple[str, ...]:
        """The IRIs among the values of ``predicate``."""
        return tuple(t.value for t in self.all(predicate) if isinstance(t, ox.NamedNode))

    def date(self, predicate: str) -> FuzzyDate | None:
        """A fuzzy date value of ``predicate``, or None."""
        term = self.one(predicate)
        if not isinstance(term, ox.Literal):
            return None
        return FuzzyDate.from_literal(term.value, term.datatype.value)

    def number(self, predicate: str) -> float | None:
        """A numeric value of ``predicate``, or None."""
        text = self.text(predicate)
        return float(text) if text is not None else None

    @property
    def label(self) -> str:
        """The English label (the slug if there is none)."""
        return self.text(_LABEL) or self.slug

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names (``skos:altLabel``), sorted."""
        return tuple(sorted(t.value for t in self.all(_ALT)))

    @property
    def description(self) -> str | None:
        """What it is, in the curators' words."""
        return self.text(_DESCRIPTION)

    @property
    def slug(self) -> str:
        """The readable last segment of the IRI."""
        derived = self.text(_SLUG)
        if derived:
            return derived
        return self.iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def is_a(self, *classes: str) -> bool:
        """Whether one of the resource's (direct) types is among ``classes``."""
        return not self.types.isdisjoint(classes)


@dataclass(frozen=True)
class CitationRecord:
    """A citation of a fact: the source, where in it, the source's wording and a note.

    Citations are blank nodes in the data, so their :attr:`key` is derived from what they
    say (fact, source, locator), which stays the same across loads and workers.
    """

    fact: str
    source: str
    locator: str | None
    wording: str | None
    note: str | None
    iri: str | None = None

    @functools.cached_property
    def key(self) -> str:
        """A stable identifier: the fact's IRI and a hash of source and locator."""
        digest = hashlib.sha1(f"{self.source}\0{self.locator or ''}".encode(), usedforsecurity=False)
        return f"{self.fact}#{digest.hexdigest()[:12]}"


@dataclass(frozen=True)
class SearchHit:
    """A resource whose label or alias matched, with the text that matched and how.

    ``match`` is ``exact`` (the whole label or alias, ignoring case), ``prefix`` (it starts
    with the text) or ``substring``; hits come in that order, then alphabetically.
    """

    iri: str
    matched: str
    match: str = "substring"


MATCHES = ("exact", "prefix", "substring")
"""How a search hit matched, best first."""


def rank_hits(text: str, labels: Iterable[tuple[str, str]], limit: int) -> list[SearchHit]:
    """The resources of ``(iri, label)`` pairs whose label contains ``text``, best first.

    Each resource is reported once, by its best label: an exact label or alias (ignoring
    case) first, then one that starts with the text, then one that contains it; ties by
    label (ignoring case), then IRI.

    >>> rank_hits("nrc", [("a", "Lisbon NRC statement"), ("b", "NATO-Russia Council"), ("b", "NRC"),
    ...                   ("c", "NRC meetings")], 10)  # doctest: +NORMALIZE_WHITESPACE
    [SearchHit(iri='b', matched='NRC', match='exact'), SearchHit(iri='c', matched='NRC meetings', match='prefix'),
     SearchHit(iri='a', matched='Lisbon NRC statement', match='substring')]
    """
    wanted = text.casefold()
    best: dict[str, tuple[int, str, str]] = {}
    for iri, label in labels:
        folded = label.casefold()
        if wanted not in folded:
            continue
        key = (0 if folded == wanted else 1 if folded.startswith(wanted) else 2, folded, label)
        if iri not in best or key < best[iri]:
            best[iri] = key
    ranked = sorted(best.items(), key=lambda item: (item[1][0], item[1][1], item[0]))
    return [SearchHit(iri, label, MATCHES[rank]) for iri, (rank, _, label) in ranked[:limit]]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), MAX_BATCH):
        yield items[start : start + MAX_BATCH]


class Catalogue:
    """Batch reads over a store: each method sends one query per batch of IRIs."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def resources(self, iris: Sequence[str]) -> list[Resource | None]:
        """The resources with these IRIs, in the same order; None for an IRI nothing describes."""
        wanted = list(dict.fromkeys(iris))
        types: dict[str, set[str]] = defaultdict(set)
        values: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for chunk in _chunks(wanted):
            for row in self.store.select(with_values("resources_by_iri", "s", chunk)):
                subject, predicate, value = row["s"].value, row["p"].value, row["o"]
                if predicate == _TYPE:
                    types[subject].add(value.value)
                else:
                    values[subject][predicate].append(value)
        found: dict[str, Resource] = {}
        for iri in wanted:
            if iri in types or iri in values:
                found[iri] = Resource(
                    iri=iri,
                    types=frozenset(types.get(iri, ())),
                    values={p: tuple(sorted(v, key=_term_key)) for p, v in values.get(iri, {}).items()},
                )
        return [found.get(iri) for iri in iris]

    def referrers(self, predicate: str, iris: Sequence[str]) -> list[tuple[str, ...]]:
        """For each IRI, the resources that point to it through ``predicate`` (sorted)."""
        wanted = list(dict.fromkeys(iris))
        found: dict[str, list[str]] = defaultdict(list)
        bindings = {"predicate": iri_node(predicate)}
        for chunk in _chunks(wanted):
            for row in self.store.select(with_values("referrers", "o", chunk), bindings):
                found[row["o"].value].append(row["s"].value)
        return [tuple(found.get(iri, ())) for iri in iris]

    def citations(self, facts: Sequence[str]) -> list[tuple[CitationRecord, ...]]:
        """For each fact's IRI, its citations (sorted by source and locator)."""
        wanted = list(dict.fromkeys(facts))
        found: dict[str, list[CitationRecord]] = defaultdict(list)
        for chunk in _chunks(wanted):
            for row in self.store.select(with_values("citations_of", "s", chunk)):
                citation = row["citation"]
                fact = row["s"].value
                found[fact].append(
                    CitationRecord(
                        fact=fact,
                        source=row["source"].value,
                        locator=row["locator"].value if "locator" in row else None,
                        wording=row["wording"].value if "wording" in row else None,
                        note=row["note"].value if "note" in row else None,
                        iri=citation.value if isinstance(citation, ox.NamedNode) else None,
                    )
                )
        return [tuple(found.get(fact, ())) for fact in facts]

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Curated resources whose label or alias contains ``text`` (case-insensitive), best first.

        Exact label or alias first, then prefix, then substring (see :class:`SearchHit`).
        """
        cleaned = text.strip()
        if not cleaned:
            raise InvalidInput("search text is empty; give at least one character, for example 'council'")
        rows = self.store.select(query_text("search"), {"text": ox.Literal(cleaned)})
        return rank_hits(cleaned, ((row["s"].value, row["label"].value) for row in rows), limit)


def _term_key(term: Term) -> tuple[int, str]:
    return (0 if isinstance(term, ox.NamedNode) else 1, term.value)
