"""What the loader derives from the curated data, into the named graph ``graph:derived``.

- the first and last day of every fuzzy date (``nrg:effectiveEarliest``/``Latest`` for
  ``nrg:effective``, likewise ``announced`` and ``date``), typed ``xsd:date``, so that any
  SPARQL 1.1 engine compares dates with plain range filters;
- the readable slug of every curated resource (``nrg:slug``);
- the status periods of every link's histories (``nrg:StatusPeriod``, see
  :mod:`nrgraph.temporal.periods`).

Derived triples are never curated: :func:`derive` reports any that a data file states.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from nrgraph.errors import InvalidDate, Problem
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DATA, DERIVED_GRAPH, NRG, RDF, XSD
from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.periods import derive_periods, period_quads

__all__ = ["DATE_BOUNDS", "DERIVED_PROPERTIES", "derive", "file_of"]

DATE_BOUNDS: dict[str, tuple[ox.NamedNode, ox.NamedNode]] = {
    str(NRG.effective): (ox.NamedNode(str(NRG.effectiveEarliest)), ox.NamedNode(str(NRG.effectiveLatest))),
    str(NRG.announced): (ox.NamedNode(str(NRG.announcedEarliest)), ox.NamedNode(str(NRG.announcedLatest))),
    str(NRG.date): (ox.NamedNode(str(NRG.dateEarliest)), ox.NamedNode(str(NRG.dateLatest))),
}
"""A fuzzy-date property's IRI -> the properties of its earliest and latest day."""

_FUZZY_PROPERTIES = {*DATE_BOUNDS, str(NRG.endDate), str(NRG.roleStart), str(NRG.roleEnd)}
_PERIOD_PROPERTIES = (
    NRG.startEarliest, NRG.startLatest, NRG.endEarliest, NRG.endLatest, NRG.openedBy, NRG.closedBy
)
DERIVED_PROPERTIES = frozenset(
    {str(p) for pair in DATE_BOUNDS.values() for p in (pair[0].value, pair[1].value)}
    | {str(NRG.slug)}
    | {str(p) for p in _PERIOD_PROPERTIES}
)
"""Properties only the loader may state."""
_GRAPH = ox.NamedNode(str(DERIVED_GRAPH))
_XSD_DATE = ox.NamedNode(str(XSD.date))
_TYPE = str(RDF.type)
_SLUG = ox.NamedNode(str(NRG.slug))
_DATA = str(DATA)


def file_of(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str | None:
    """The data file a named graph was loaded from (``graph:data/channels`` -> data/channels.ttl)."""
    if not isinstance(graph, ox.NamedNode):
        return None
    name = graph.value.rsplit("/graph/", 1)[-1]
    return f"{name}.ttl"


def derive(quads: Sequence[ox.Quad], *, corpus: Corpus | None = None) -> tuple[list[ox.Quad], list[Problem]]:
    """The derived quads of ``quads``, and a problem for every unreadable date.

    ``corpus`` is the status changes of ``quads`` if the caller has read them already.
    """
    derived: list[ox.Quad] = []
    problems: list[Problem] = []
    slugged: set[str] = set()
    for quad in quads:
        predicate = quad.predicate.value
        subject = quad.subject
        if predicate in DERIVED_PROPERTIES:
            name = predicate.rsplit("#", 1)[-1]
            problems.append(
                Problem(
                    f"nrg:{name} is derived at load time and must not be written in data files; remove it",
                    node=_node(subject),
                    file=file_of(quad.graph_name),
                )
            )
        elif predicate in _FUZZY_PROPERTIES:
            value = quad.object
            datatype = value.datatype.value if isinstance(value, ox.Literal) else None
            lexical = value.value if isinstance(value, ox.Literal | ox.NamedNode) else str(value)
            try:
                date = FuzzyDate.from_literal(lexical, datatype)
            except InvalidDate as error:
                name = predicate.rsplit("#", 1)[-1]
                problems.append(
                    Problem(f"nrg:{name}: {error}", node=_node(subject), file=file_of(quad.graph_name))
                )
                continue
            bounds = DATE_BOUNDS.get(predicate)
            if bounds is not None:
                derived.append(ox.Quad(subject, bounds[0], _day(date.earliest.isoformat()), _GRAPH))
                derived.append(ox.Quad(subject, bounds[1], _day(date.latest.isoformat()), _GRAPH))
        elif predicate == _TYPE and isinstance(subject, ox.NamedNode):
            iri = subject.value
            if iri.startswith(_DATA) and iri not in slugged:
                slugged.add(iri)
                derived.append(ox.Quad(subject, _SLUG, ox.Literal(iri[len(_DATA):]), _GRAPH))
    derived.extend(period_quads(derive_periods(corpus if corpus is not None else Corpus.from_quads(quads))))
    return derived, problems


def _day(text: str) -> ox.Literal:
    return ox.Literal(text, datatype=_XSD_DATE)


def _node(term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)
