"""The one writer of SPARQL ``VALUES`` blocks: terms written into query text, safely.

Values reach query text in a ``VALUES`` block in two ways:

- :func:`bind`, for stores that take no substitutions (remote SPARQL 1.1 stores receive
  the query as text): the bindings go into a one-row block at the start of the query's
  ``WHERE`` group and of every subquery's, which binds them in every scope before anything
  else is evaluated, as Oxigraph's substitutions do in the embedded store;
- :func:`block` (and :func:`with_values`, for a list of IRIs), for what substitutions
  cannot bind at all, a list of values or rows: the block is written at a ``#@marker``
  line of a named query (:func:`nrgraph.queries.fill`).

Every value is a pyoxigraph term, valid by construction and written by pyoxigraph's own
N-Triples serialisation (literals escaped: quotes, newlines, language tags, datatypes), or
an IRI given as a string, made a term by :func:`iri_node`, which refuses anything that is
not an IRI (spaces, ``>``, ``{``) with :class:`~nrgraph.errors.InvalidInput`. So no value
can change the query around it.

>>> import pyoxigraph as ox
>>> bind("SELECT ?x WHERE { ?x ?p ?o }", {"p": ox.NamedNode("http://example.org/p")})
'SELECT ?x WHERE { VALUES (?p) { (<http://example.org/p>) } ?x ?p ?o }'
>>> print(block(("s", "label"), [("urn:a", ox.Literal("A", language="en")), ("urn:b", None)]))
VALUES (?s ?label) {
  (<urn:a> "A"@en)
  (<urn:b> UNDEF)
}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox

from nrgraph.errors import InvalidInput, InvalidQuery
from nrgraph.namespaces import DATA
from nrgraph.queries import fill

__all__ = ["Value", "bind", "block", "iri_node", "mask", "with_values"]

Value = ox.NamedNode | ox.Literal | ox.BlankNode | str | None
"""A value for a ``VALUES`` block: an IRI or a literal term, an IRI as a string (validated), or
None for ``UNDEF``. A blank node is refused: SPARQL has no syntax for one in a ``VALUES`` block."""

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


def iri_node(iri: str) -> ox.NamedNode:
    """The IRI as a term; :class:`InvalidInput` naming it if it is not a valid IRI."""
    try:
        return ox.NamedNode(iri)
    except (ValueError, TypeError):
        raise InvalidInput(f"{iri!r} is not a valid IRI; expected an absolute IRI such as {DATA}nato") from None


def block(variables: Sequence[str], rows: Iterable[Sequence[Value]]) -> str:
    """A ``VALUES`` block of ``rows``, one value per variable in each (None: ``UNDEF``).

    One row is written on one line, several one per line. :class:`InvalidQuery` for a
    variable name that is not one, a row of the wrong length or a blank node;
    :class:`InvalidInput` for a string that is not an IRI.
    """
    for name in variables:
        if not _VARIABLE.fullmatch(name):
            raise InvalidQuery(f"cannot bind {name!r}: not a SPARQL variable name (letters, digits, _)")
    lines = [_row(variables, row) for row in rows]
    head = f"VALUES ({' '.join(f'?{name}' for name in variables)})"
    if len(lines) == 1:
        return f"{head} {{ {lines[0]} }}"
    return head + " {\n" + "".join(f"  {line}\n" for line in lines) + "}"


def _row(variables: Sequence[str], row: Sequence[Value]) -> str:
    if len(row) != len(variables):
        raise InvalidQuery(f"a VALUES row of {len(row)} values for {len(variables)} variables: {row!r}")
    return "(" + " ".join(_term(name, value) for name, value in zip(variables, row, strict=True)) + ")"


def _term(name: str, value: Value) -> str:
    if value is None:
        return "UNDEF"
    if isinstance(value, str):
        return str(iri_node(value))
    if not isinstance(value, ox.NamedNode | ox.Literal):
        raise InvalidQuery(f"cannot bind ?{name} to {value}: only IRIs and literals can be written into a query")
    return str(value)


def with_values(name: str, variable: str, iris: Iterable[str]) -> str:
    """The named query with ``VALUES (?variable) { (<iri>) … }`` written at its ``#@values`` line."""
    return fill(name, {"values": block((variable,), ((iri,) for iri in iris))})


def bind(query: str, bindings: Mapping[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> str:
    """``query`` with ``bindings`` as a one-row ``VALUES`` block; unchanged if there are none."""
    if not bindings:
        return query
    values = block(list(bindings), [list(bindings.values())])
    masked = mask(query)
    openings = _where_groups(masked)
    if not openings:
        return f"{query.rstrip()}\n{values}\n"  # trailing VALUES clause: joined with the WHERE result
    for opening in reversed(openings):
        query = f"{query[: opening + 1]} {values}{query[opening + 1 :]}"
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
