"""What the loader derives from the curated data, into the named graph ``graph:derived``.

- the first and last day of every fuzzy date (``nrg:effectiveEarliest``/``Latest`` for
  ``nrg:effective``, likewise ``announced`` and ``date``), typed ``xsd:date``, so that any
  SPARQL 1.1 engine compares dates with plain range filters;
- the readable slug of every typed curated resource (``nrg:slug``);
- the status periods of every link's histories (``nrg:StatusPeriod``, see
  :mod:`nrgraph.temporal.periods`).

Derived triples are never curated: :func:`derive` reports any that a data file states.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from nrgraph.errors import InvalidDate, Problem
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DERIVED_GRAPH, NRG, PREFIXES, XSD
from nrgraph.queries import fill, query_text
from nrgraph.store.memory import MemoryStore
from nrgraph.store.values import Value, block, with_values
from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.periods import derive_periods, write_periods

__all__ = ["DATE_BOUNDS", "DERIVED_PROPERTIES", "derive", "derive_into", "file_of"]

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


def file_of(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str | None:
    """The data file a named graph was loaded from (``graph:data/channels`` -> data/channels.ttl)."""
    if not isinstance(graph, ox.NamedNode):
        return None
    name = graph.value.rsplit("/graph/", 1)[-1]
    return f"{name}.ttl"


def derive(quads: Sequence[ox.Quad], *, corpus: Corpus | None = None) -> tuple[list[ox.Quad], list[Problem]]:
    """The derived quads of ``quads``, and a problem for every unreadable date (see :func:`derive_into`)."""
    dataset = ox.Store()
    dataset.bulk_extend(quads)
    problems = derive_into(dataset, corpus)
    return list(dataset.quads_for_pattern(None, None, None, _GRAPH)), problems


def derive_into(dataset: ox.Store, corpus: Corpus | None = None) -> list[Problem]:
    """Derive into ``graph:derived`` of ``dataset`` (which holds the curated quads); return the problems.

    The store does the work: the slugs and the date bounds are SPARQL updates, the dates
    themselves are read once per distinct literal. Only the status periods are worked out
    in Python, from ``corpus`` (the status changes of ``dataset``, read from it if None).
    """
    view = MemoryStore()
    view.replace(dataset)
    problems = [
        Problem(
            f"nrg:{_local(row['property'].value)} is derived at load time "
            "and must not be written in data files; remove it",
            node=_node(row["node"]),
            file=file_of(row["graph"]),
        )
        for row in view.select(with_values("derivation_stated", "property", sorted(DERIVED_PROPERTIES)))
        if isinstance(row["node"], ox.NamedNode | ox.BlankNode) and isinstance(row["graph"], ox.NamedNode)
    ]
    bounds: list[tuple[Value, ...]] = []
    for row in view.select(with_values("derivation_dates", "property", sorted(_FUZZY_PROPERTIES))):
        predicate, value = row["property"].value, row["date"]
        datatype = value.datatype.value if isinstance(value, ox.Literal) else None
        lexical = value.value if isinstance(value, ox.Literal | ox.NamedNode) else str(value)
        try:
            date = FuzzyDate.from_literal(lexical, datatype)
        except InvalidDate as error:
            where = view.select(query_text("derivation_date_nodes"), {"property": row["property"], "date": value})
            problems.extend(
                Problem(f"nrg:{_local(predicate)}: {error}", node=_node(found["node"]), file=file_of(found["graph"]))
                for found in where
                if isinstance(found["node"], ox.NamedNode | ox.BlankNode) and isinstance(found["graph"], ox.NamedNode)
            )
            continue
        pair = DATE_BOUNDS.get(predicate)
        if pair is not None:
            earliest, latest = _day(date.earliest.isoformat()), _day(date.latest.isoformat())
            bounds.append((row["property"], value, pair[0], pair[1], earliest, latest))
    dataset.update(query_text("derivation_slugs"), prefixes=PREFIXES)
    if bounds:
        values = block(("property", "date", "first", "last", "earliest", "latest"), bounds)
        dataset.update(fill("derivation_date_bounds", {"bounds": values}), prefixes=PREFIXES)
    records = derive_periods(corpus if corpus is not None else Corpus.from_store(view))
    write_periods(dataset, records)
    problems.sort(key=lambda p: (p.file or "", p.node or "", p.message))
    return problems


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _day(text: str) -> ox.Literal:
    return ox.Literal(text, datatype=_XSD_DATE)


def _node(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)
