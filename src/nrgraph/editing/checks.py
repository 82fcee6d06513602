"""Checking an edit against the shapes and the history rules, in a fraction of a full load.

The data in place was validated when it was loaded (and every edit since was checked), so an
edit only needs to show that what it adds is valid. An edit adds one new subject (with its
blank-node citations) and no triple about any existing resource, or (a citation added to a
record) statements about one existing subject and nothing else, so:

- **shapes**: only the new subject can newly violate a shape. Its shapes read its own
  triples, the date bounds derived from them, the ``rdf:type`` of the resources it refers
  to, the class hierarchy (``rdfs:subClassOf``) and the status scheme (``skos:inScheme``).
  :func:`check_addition` validates exactly that subgraph with pySHACL and keeps the results
  about the new subject (for an existing one, those it did not have before). (That every
  reference is defined is checked before, when the edit resolves its references.)
- **history**: a new status change can upset the order of its subject's whole history, so
  the rules run over every change, before and after; any error, and any warning that was
  not there before, refuses the edit.

The full validation (``nrgraph validate``, the test suite over ``data/``) stays the
reference; the editing tests check that data edited this way still passes it.

Before either, :func:`check_text` refuses a literal holding a raw control character (a tab,
a line feed and a carriage return are fine) or half of a surrogate pair: no curated text
needs one, and they break the readers of the data (a terminal, a JSON encoder, a diff).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from nrgraph.editing.turtle_writer import Block, literals
from nrgraph.errors import InvalidInput, Problem
from nrgraph.loading.history import check_histories
from nrgraph.loading.validation import shape_problems
from nrgraph.namespaces import RDF, RDFS, SKOS

__all__ = ["check_addition", "check_text"]

_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_TYPE = ox.NamedNode(str(RDF.type))
_CONTEXT = {ox.NamedNode(str(RDFS.subClassOf)), ox.NamedNode(str(SKOS.inScheme))}


def check_text(block: Block) -> None:
    """Refuse raw control characters and lone surrogates in the block's literals (:class:`InvalidInput`)."""
    for predicate, literal in literals(block):
        found = _RAW_CONTROL.search(str(literal))
        if found is not None:
            name = str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            raise InvalidInput(
                f"the {name} {str(literal)[:40]!r} holds the control character U+{ord(found[0]):04X} at position "
                f"{found.start()}; remove it (tabs and line breaks are allowed)"
            )


def _own(quads: Sequence[ox.Quad], subject: ox.NamedNode) -> set[ox.NamedNode | ox.BlankNode]:
    """The subject and the blank nodes it reaches (its citations)."""
    own: set[ox.NamedNode | ox.BlankNode] = {subject}
    frontier: list[ox.NamedNode | ox.BlankNode] = [subject]
    by_subject: dict[object, list[ox.Quad]] = {}
    for quad in quads:
        if quad.subject == subject or isinstance(quad.subject, ox.BlankNode):
            by_subject.setdefault(quad.subject, []).append(quad)
    while frontier:
        node = frontier.pop()
        for quad in by_subject.get(node, ()):
            if isinstance(quad.object, ox.BlankNode) and quad.object not in own:
                own.add(quad.object)
                frontier.append(quad.object)
    return own


def _subject_problems(
    quads: Sequence[ox.Quad], derived: Sequence[ox.Quad], shapes: Sequence[ox.Quad], node: ox.NamedNode
) -> list[Problem]:
    """The shape results about ``node``, validating just its own triples and their context."""
    own = _own(quads, node)
    block = [q for q in quads if q.subject in own]
    referenced = {q.object for q in block if isinstance(q.object, ox.NamedNode)}
    context = [
        q for q in quads
        if q.predicate in _CONTEXT or (q.predicate == _TYPE and q.subject in referenced)
    ]
    return [
        p for p in shape_problems([*block, *context], [q for q in derived if q.subject in own], shapes)
        if p.node == node.value
    ]


def check_addition(
    before: Sequence[ox.Quad],
    quads: Sequence[ox.Quad],
    derived: Sequence[ox.Quad],
    shapes: Sequence[ox.Quad],
    subject: str,
    before_derived: Sequence[ox.Quad] = (),
) -> list[Problem]:
    """The problems that adding ``subject`` (present in ``quads``, absent from ``before``), or
    adding to it (present in both), brings.

    Errors, and warnings about the subject or new in the history, are returned (for a
    subject already in ``before``, only those it did not have there); the caller refuses the
    edit if there is any.
    """
    node = ox.NamedNode(subject)
    problems = _subject_problems(quads, derived, shapes, node)
    if any(q.subject == node for q in before):
        had = {str(p) for p in _subject_problems(before, before_derived, shapes, node)}
        problems = [p for p in problems if str(p) not in had]
    already = {str(p) for p in check_histories(before)}
    problems += [
        p for p in check_histories(quads)
        if p.severity == "error" or p.node == subject or str(p) not in already
    ]
    return problems
