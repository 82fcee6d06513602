"""Conversions between pyoxigraph and rdflib terms.

The stores speak pyoxigraph; pySHACL and the serialisers speak rdflib. These pairs convert
one term, triple or quad at a time and round-trip exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["from_rdflib", "to_rdflib", "to_rdflib_dataset", "to_rdflib_graph"]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_rdflib(term: OxTerm | ox.DefaultGraph) -> Node:
    """One pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def from_rdflib(term: Node) -> OxTerm:
    """One rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to a pyoxigraph term")


def to_rdflib_graph(quads: Iterable[ox.Quad], graph: Graph | None = None) -> Graph:
    """Add the triples of ``quads`` (graph names dropped) to an rdflib Graph."""
    target = Graph() if graph is None else graph
    add = target.add
    for quad in quads:
        add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    return target


def to_rdflib_dataset(quads: Iterable[ox.Quad]) -> Dataset:
    """The quads as an rdflib Dataset, keeping their named graphs."""
    dataset = Dataset()
    for quad in quads:
        context = None if isinstance(quad.graph_name, ox.DefaultGraph) else to_rdflib(quad.graph_name)
        dataset.add(
            (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object), context)  # type: ignore[arg-type]
        )
    return dataset
