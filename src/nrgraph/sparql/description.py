"""The SPARQL 1.1 Service Description of the endpoint, as RDF.

It names the endpoint, the language (SPARQL 1.1 Query, no update), the result formats, the
features (the default graph is the union of the named graphs; basic federated query only
when federation is enabled) and the dataset: every named graph (one per data file, the
ontology and ``graph:derived``) with its triple count, from the named query
``named_graphs.rq``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from nrgraph.config import Settings
from nrgraph.namespaces import DCTERMS, FORMATS, PREFIXES, RDF, RDFS, SD, VOID, XSD
from nrgraph.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS, Format
from nrgraph.store import Row

__all__ = ["DESCRIPTION_PREFIXES", "describe", "serialize_description"]

DESCRIPTION_PREFIXES: dict[str, str] = {**PREFIXES, "sd": str(SD), "formats": str(FORMATS), "void": str(VOID)}


def _iri(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(XSD.integer))


def describe(endpoint: str, graphs: Sequence[Row], settings: Settings) -> list[ox.Triple]:
    """The description of the endpoint at ``endpoint`` serving ``graphs`` (rows of named_graphs.rq)."""
    service = ox.NamedNode(endpoint)
    a = _iri(RDF.type)
    triples = [
        ox.Triple(service, a, _iri(SD.Service)),
        ox.Triple(service, _iri(SD.endpoint), service),
        ox.Triple(service, _iri(SD.supportedLanguage), _iri(SD.SPARQL11Query)),
        ox.Triple(service, _iri(SD.feature), _iri(SD.UnionDefaultGraph)),
        ox.Triple(service, _iri(DCTERMS.title), ox.Literal("nrgraph: the NATO–Russia relationship", language="en")),
        ox.Triple(
            service,
            _iri(RDFS.comment),
            ox.Literal(
                f"Read-only SPARQL 1.1 Query endpoint. Queries run at most {settings.sparql_timeout:g} s and return "
                f"at most {settings.sparql_max_rows} rows (a cut answer carries X-Nrgraph-Truncated: true); "
                f"queries longer than {settings.sparql_max_query_bytes} bytes are refused. The default graph is the "
                f"union of the named graphs. SERVICE and FROM of other graphs are "
                f"{'allowed' if settings.sparql_federation else 'refused: the endpoint never reaches the network'}.",
                language="en",
            ),
        ),
    ]
    if settings.sparql_federation:
        triples.append(ox.Triple(service, _iri(SD.feature), _iri(SD.BasicFederatedQuery)))
    formats: list[Format] = [f for f in (*RESULT_FORMATS, *GRAPH_FORMATS) if f.iri is not None]
    triples.extend(ox.Triple(service, _iri(SD.resultFormat), ox.NamedNode(f.iri or "")) for f in formats)
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("defaultGraph")
    total = sum(int(row["triples"].value) for row in graphs)
    triples += [
        ox.Triple(service, _iri(SD.defaultDataset), dataset),
        ox.Triple(dataset, a, _iri(SD.Dataset)),
        ox.Triple(dataset, _iri(SD.defaultGraph), default),
        ox.Triple(default, a, _iri(SD.Graph)),
        ox.Triple(default, _iri(VOID.triples), _integer(total)),
    ]
    for index, row in enumerate(graphs):
        named = ox.BlankNode(f"named{index}")
        graph = ox.BlankNode(f"graph{index}")
        triples += [
            ox.Triple(dataset, _iri(SD.namedGraph), named),
            ox.Triple(named, a, _iri(SD.NamedGraph)),
            ox.Triple(named, _iri(SD.name), row["graph"]),
            ox.Triple(named, _iri(SD.graph), graph),
            ox.Triple(graph, a, _iri(SD.Graph)),
            ox.Triple(graph, _iri(VOID.triples), _integer(int(row["triples"].value))),
        ]
    return triples


def serialize_description(triples: Sequence[ox.Triple], fmt: Format) -> bytes:
    """The description in one of the RDF formats."""
    if fmt.rdf is None:
        raise ValueError(f"{fmt.name} is not an RDF format")
    return ox.serialize(triples, format=fmt.rdf, prefixes=DESCRIPTION_PREFIXES) or b""
