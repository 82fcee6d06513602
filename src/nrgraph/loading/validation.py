"""Checking data against ``ontology/shapes.ttl`` and the rules SHACL cannot express.

:func:`validate` runs pySHACL (no inference; the ontology's class hierarchy is in the data
graph) over the curated and derived triples, then the status-history rules of
:mod:`nrgraph.loading.history`, and returns every problem, each naming its node and file.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from nrgraph.errors import Problem
from nrgraph.loading.derivation import file_of
from nrgraph.loading.history import check_histories
from nrgraph.namespaces import PREFIXES, RDF
from nrgraph.terms import to_rdflib_graph

__all__ = ["shape_problems", "validate"]

_SEVERITY = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}


def validate(quads: Sequence[ox.Quad], derived: Sequence[ox.Quad], shapes: Sequence[ox.Quad]) -> list[Problem]:
    """Every shape and history problem of the curated ``quads`` (with their ``derived`` quads)."""
    problems = shape_problems(quads, derived, shapes) if shapes else []
    problems.extend(check_histories(quads))
    return problems


def shape_problems(quads: Sequence[ox.Quad], derived: Sequence[ox.Quad], shapes: Sequence[ox.Quad]) -> list[Problem]:
    """The SHACL results as problems, sorted by file and node."""
    from pyshacl import validate as shacl_validate  # half a second to import: only when validating

    data = to_rdflib_graph(derived, to_rdflib_graph(quads))
    shapes_graph = to_rdflib_graph(shapes)
    _conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report, Graph)
    files = _files_by_node(quads)
    parents = _parents(data)
    problems = []
    for result in report.objects(None, SH.result):  # top-level results, not their sh:detail
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = str(report.value(result, SH.resultMessage) or "violates a shape")
        value = report.value(result, SH.value)
        severity = _SEVERITY.get(URIRef(str(report.value(result, SH.resultSeverity))), "error")
        node = focus
        if isinstance(focus, BNode) and focus in parents:
            node = parents[focus]
            message = f"in a citation: {message}"
        if path is not None and isinstance(path, URIRef):
            message = f"{_qname(path)}: {message}"
        if value is not None and value != focus and str(value) not in message:
            message = f"{message} (value: {_short(value)})"
        problems.append(
            Problem(message, node=str(node), file=files.get(str(node)), severity=severity)
        )
    problems.sort(key=lambda p: (p.file or "", p.node or "", p.message))
    return problems


def _files_by_node(quads: Sequence[ox.Quad]) -> dict[str, str]:
    """Which file defines each node: where it is typed, else where it first appears."""
    typed: dict[str, str] = {}
    seen: dict[str, str] = {}
    type_iri = str(RDF.type)
    for quad in quads:
        file = file_of(quad.graph_name)
        if file is None:
            continue
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else str(quad.subject)
        seen.setdefault(subject, file)
        if quad.predicate.value == type_iri:
            typed.setdefault(subject, file)
        if isinstance(quad.object, ox.NamedNode):
            seen.setdefault(quad.object.value, file)
    return {**seen, **typed}


def _parents(graph: Graph) -> dict[Node, Node]:
    """For blank nodes (citations): the node that points at them."""
    return {o: s for s, _p, o in graph if isinstance(o, BNode)}


def _qname(iri: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace):]}"
    return f"<{iri}>"


def _short(value: Node) -> str:
    return _qname(value) if isinstance(value, URIRef) else repr(str(value))
