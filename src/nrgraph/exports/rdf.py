"""The RDF behind a window of the projection, as Turtle, N-Quads or JSON-LD.

:func:`rdf_quads` asks the store (``queries/export_rdf.rq``) for the quads describing every
link in force during the window: the link, its actors, its status changes and periods, the
events that caused them, and the citations and sources of all of these, each in its named
graph. :func:`write_rdf` and :func:`read_rdf` are a pair: N-Quads and JSON-LD keep the named
graphs; Turtle gives their union.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from nrgraph.errors import InvalidInput
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.namespaces import PREFIXES, XSD
from nrgraph.network.projection import kind_classes
from nrgraph.temporal.model import Period

__all__ = ["RDF_FORMATS", "rdf_quads", "read_rdf", "write_rdf"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
"""Format name -> pyoxigraph format."""

_XSD_DATE = ox.NamedNode(str(XSD.date))


def rdf_quads(kg: KnowledgeGraph, window: Period | None = None, kinds: Sequence[str] | None = None) -> list[ox.Quad]:
    """The quads describing the links in force during ``window`` (everything if ``None``)."""
    window = window or Period.everything()
    quads: set[ox.Quad] = set()
    bounds = {
        "from": ox.Literal(window.start.isoformat(), datatype=_XSD_DATE),
        "to": ox.Literal(window.end.isoformat(), datatype=_XSD_DATE),
    }
    for iri in kind_classes(kg, kinds):
        for row in kg.select("export_rdf", kindClass=ox.NamedNode(iri), **bounds):
            subject, predicate, graph = row["s"], row["p"], row["g"]
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                continue
            if not isinstance(graph, ox.NamedNode | ox.BlankNode):
                continue
            quads.add(ox.Quad(subject, predicate, row["o"], graph))
    return sorted(quads, key=str)


def _format(name: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[name]
    except KeyError:
        raise InvalidInput(f"RDF format {name!r} is not known; valid: {', '.join(RDF_FORMATS)}") from None


def write_rdf(quads: Iterable[ox.Quad], format: str) -> bytes:
    """Serialise ``quads`` as ``turtle`` (their union), ``nquads`` or ``jsonld``."""
    rdf_format = _format(format)
    if rdf_format.supports_datasets:
        data = ox.serialize(list(quads), format=rdf_format)
    else:
        triples = sorted({q.triple for q in quads}, key=str)
        data = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
    if data is None:  # pyoxigraph returns None only when given an output file
        raise TypeError("pyoxigraph.serialize returned nothing")
    return data


def read_rdf(data: bytes, format: str) -> list[ox.Quad]:
    """Parse what :func:`write_rdf` wrote (Turtle gives quads in the default graph)."""
    rdf_format = _format(format)
    try:
        return list(ox.parse(data, format=rdf_format))
    except SyntaxError as error:
        raise InvalidInput(f"cannot read the {format} text: {error}") from None
