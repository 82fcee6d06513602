"""Binding variables in query text, for stores that take no substitutions: a ``VALUES`` block.

Remote SPARQL 1.1 stores receive the query as text. :func:`bind` puts the values into a
``VALUES`` block at the start of the query's ``WHERE`` group and of every subquery's, which
binds them in every scope before anything else is evaluated, as Oxigraph's substitutions do
in the embedded store. The values
are pyoxigraph terms, which are valid by construction and serialise with the escaping of
N-Triples, so no value can change the query around it.

>>> import pyoxigraph as ox
>>> bind("SELECT ?x WHERE { ?x ?p ?o }", {"p": ox.NamedNode("http://example.org/p")})
'SELECT ?x WHERE { VALUES (?p) { (<http://example.org/p>) } ?x ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from nrgraph.errors import InvalidQuery

__all__ = ["bind", "mask"]

_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_WORD = r"(?<![\w:?$-]){}(?![\w:-])"
_WHERE = re.compile(_WORD.format("WHERE"), re.IGNORECASE)
_CONSTRUCT_WHERE = re.compile(r"(?<![\w:?$-])CONSTRUCT\s+WHERE(?![\w:-])", re.IGNORECASE)
_FORM = re.compile(_WORD.format("(SELECT|ASK|CONSTRUCT|DESCRIBE)"), re.IGNORECASE)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def mask(query: str) -> str:
    """``query`` with strings, IRIs and comments blanked out, keeping every position."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), query)


def bind(query: str, bindings: Mapping[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> str:
    """``query`` with ``bindings`` as a ``VALUES`` block; unchanged if there are none."""
    if not bindings:
        return query
    names = []
    terms = []
    for name, term in bindings.items():
        if not _VARIABLE.fullmatch(name):
            raise InvalidQuery(f"cannot bind {name!r}: not a SPARQL variable name (letters, digits, _)")
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise InvalidQuery(f"cannot bind ?{name} to {term}: only IRIs and literals can be bound on a remote store")
        names.append(f"?{name}")
        terms.append(str(term))
    block = f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    masked = mask(query)
    openings = _where_groups(masked)
    if not openings:
        return f"{query.rstrip()}\n{block}\n"  # trailing VALUES clause: joined with the WHERE result
    for opening in reversed(openings):
        query = f"{query[: opening + 1]} {block}{query[opening + 1 :]}"
    return query


def _where_groups(masked: str) -> list[int]:
    """The positions of the ``{`` opening the WHERE group of the query and of each subquery.

    Oxigraph's substitutions replace a variable everywhere, subqueries included; a VALUES
    block at the start of every WHERE group binds it in every scope alike.
    """
    if _CONSTRUCT_WHERE.search(masked):
        return []  # the short form's WHERE group is also its template: no VALUES inside
    openings = []
    for form in _FORM.finditer(masked):
        opening = _where_group(masked, form.end(), form.group(1).upper() in {"SELECT", "ASK"})
        if opening is not None:
            openings.append(opening)
    return openings


def _where_group(masked: str, position: int, braced: bool) -> int | None:
    """The ``{`` opening the WHERE group of the query form that ends at ``position``.

    ``braced``: the form (SELECT, ASK) has no template, so its first ``{`` opens the group.
    """
    depth = 0
    after_where = braced
    while position < len(masked):
        char = masked[position]
        if char == "{":
            if depth == 0 and after_where:
                return position
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None  # the end of an enclosing group: this form has no WHERE group
        elif depth == 0 and _WHERE.match(masked, position):
            after_where = True
        position += 1
    return None
