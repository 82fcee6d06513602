"""What a public, read-only and offline SPARQL endpoint refuses, decided before evaluation.

Both rdflib and pyoxigraph fetch from any URL that a query names in ``SERVICE`` (and an
update's ``LOAD``), and neither can switch that off from Python. So a query is parsed with
rdflib's SPARQL grammar and refused when it is:

- an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``CREATE``, ``DROP``, …): the
  endpoint is read-only;
- a query with a ``SERVICE`` clause anywhere, unless federation is enabled;
- a query whose ``FROM`` / ``FROM NAMED`` (or protocol ``default-graph-uri`` /
  ``named-graph-uri``) names a graph this server does not hold, unless federation is
  enabled;
- nested deeper than ``max_depth`` groups, parentheses and brackets (:func:`check_depth`):
  Oxigraph's recursive parser overflows its stack (a segfault) a few thousand levels down.

A query rdflib cannot parse is never evaluated: it is reported with the parser's message and
position. :func:`vet` returns the query form and its dataset clause, which decide the
result formats and the default graph.

rdflib's parser takes 20 to 90 ms on a gallery-sized query, against about 10 ms for Oxigraph
to answer it, so the full parse is skipped when it cannot matter. :func:`needs_vetting`
decides that on the raw text, without a tokeniser of its own (one that reads a query
differently from Oxigraph's is how a guard gets bypassed: ``FILTER(1<2)SERVICE#>`` is a
comparison, a keyword and a comment, not an IRI): the parse is skipped only for a query in
which the letters ``service`` and ``from`` appear nowhere in any case, which has no backslash
(SPARQL expands ``\\u`` escapes before parsing) and fewer opening brackets in all than the
depth limit. Such a query cannot name a remote resource, nor nest too deeply, however it is read.

Every other query is parsed in full, and refused if rdflib cannot parse it. The depth is
counted lexically (:func:`check_depth`, for a message with a position), and the full parse
runs with a recursion budget sized for ``max_depth``, so a query whose brackets the lexical
count misreads still fails in rdflib (``QUERY_TOO_DEEP``) long before Oxigraph could crash.
Relative IRIs resolve against ``base_iri``, as Oxigraph resolves them in evaluation.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any
from urllib.parse import urljoin

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from nrgraph.errors import QuerySyntaxError, QueryTooDeep, RefusedQuery

__all__ = ["MAX_DEPTH_CEILING", "VettedQuery", "check_depth", "check_graphs", "depth_limit", "needs_vetting", "vet"]

MAX_DEPTH_CEILING = 256
"""The deepest nesting honoured whatever ``sparql_max_depth`` says. rdflib's parser needs up
to about 55 Python frames per level (nested parentheses, with pyparsing's packrat cache on,
as importing matplotlib turns it on), and Oxigraph's parser overflows its stack from about
600 nested ``FILTER(EXISTS {…})`` or 2,500 nested groups on; a recursion budget for 256
levels lets rdflib read at most about 230 of the former and 630 of the latter."""
_FRAMES_PER_LEVEL = 60
_FRAMES_BASE = 1000
_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE", "AskQuery": "ASK"}


@dataclass(frozen=True)
class VettedQuery:
    """A query that may run: its form and the graphs its ``FROM`` / ``FROM NAMED`` name."""

    form: str
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        """True if the query names its own dataset (then the default graph is not the union)."""
        return bool(self.from_graphs or self.from_named_graphs)


_REMOTE = re.compile(r"service|from", re.IGNORECASE)
_OPENING = "{(["
_CLOSING = "})]"


def depth_limit(max_depth: int) -> int:
    """The nesting limit in force for the setting ``max_depth``: at least 1, at most :data:`MAX_DEPTH_CEILING`."""
    return max(1, min(max_depth, MAX_DEPTH_CEILING))


def _openings(query: str) -> int:
    return sum(query.count(bracket) for bracket in _OPENING)


def needs_vetting(query: str, max_depth: int = 64) -> bool:
    r"""False only if ``query`` certainly names no remote resource and nests no deeper than ``max_depth``.

    Decided on the raw text, with no tokeniser: true if the letters ``service`` or ``from``
    appear anywhere in any case (in an IRI, a string, a comment, ``ex:fromDate``: false
    alarms only cost the full parse), for a backslash anywhere (SPARQL expands ``\u``
    escapes before parsing), and for more opening brackets in all than ``max_depth``.

    >>> needs_vetting("SELECT * WHERE { ?s ?p ?o }")
    False
    >>> needs_vetting("SELECT * WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1/x> { ?s ?p ?o } }")
    True
    """
    if "\\" in query or _REMOTE.search(query) is not None:
        return True
    return _openings(query) > depth_limit(max_depth)


# Parts of a query in which a bracket does not nest: strings, IRIs and comments. Used only to
# place the message of check_depth; what may run never depends on this reading.
_OPAQUE = re.compile(
    r"<[^<>\"{}|^`\\\x00-\x20]*>"  # an IRI
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"  # long strings
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"  # strings
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|#[^\n\r]*",  # a comment
    re.DOTALL,
)


def _position(query: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``query[index]``."""
    line = query.count("\n", 0, index) + 1
    return line, index - (query.rfind("\n", 0, index) + 1) + 1


def check_depth(query: str, max_depth: int) -> None:
    """Raise :class:`QueryTooDeep` at the first bracket nested deeper than ``max_depth``.

    Groups ``{}``, parentheses ``()`` and brackets ``[]`` count alike, outside strings, IRIs
    and comments. A query with no more opening brackets in all than the limit passes at once.

    >>> check_depth("ASK { FILTER((1)) }", 3)
    >>> check_depth("ASK { FILTER(((1))) }", 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nrgraph.errors.QueryTooDeep: query nested too deeply at line 1, column 15: ...
    """
    limit = depth_limit(max_depth)
    if _openings(query) <= limit:
        return
    masked = _OPAQUE.sub(lambda found: " " * len(found.group()), query)
    depth = 0
    for index, char in enumerate(masked):
        if char in _OPENING:
            depth += 1
            if depth > limit:
                line, column = _position(query, index)
                raise QueryTooDeep(
                    f"this '{char}' opens level {depth}, and groups, parentheses and brackets may nest at most "
                    f"{limit} deep (setting sparql_max_depth); flatten the query",
                    line,
                    column,
                )
        elif char in _CLOSING:
            depth = max(depth - 1, 0)


_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})|\\u([0-9A-Fa-f]{4})")


def _check_escapes(query: str) -> None:
    r"""Refuse a ``\u`` / ``\U`` escape that names no Unicode scalar value (above U+10FFFF, a surrogate)."""
    for found in _ESCAPE.finditer(query):
        value = int(found.group(1) or found.group(2), 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            line, column = _position(query, found.start())
            raise QuerySyntaxError(
                f"the escape {found.group()} names no Unicode character; "
                f"use one from \\u0000 to \\U0010FFFF, surrogates (D800-DFFF) excluded",
                line,
                column,
            )


_BUDGET = threading.Lock()


@contextmanager
def _recursion_budget(max_depth: int) -> Iterator[None]:
    """Python's recursion limit set, for the block, to what parsing ``max_depth`` levels needs.

    The budget is what bounds the nesting of a query whose brackets the lexical count
    misreads: rdflib's parser recurses per level and fails (``RecursionError``) past it. The
    limit is process-wide, so parses take turns (they hold the GIL anyway).
    """
    with _BUDGET:
        before = sys.getrecursionlimit()
        frame: FrameType | None = sys._getframe()
        depth = 0
        while frame is not None:
            frame, depth = frame.f_back, depth + 1
        sys.setrecursionlimit(depth + _FRAMES_BASE + _FRAMES_PER_LEVEL * depth_limit(max_depth))
        try:
            yield
        finally:
            sys.setrecursionlimit(before)


def _walk(node: Any) -> Iterator[CompValue]:
    """Every CompValue in a parse tree, depth first."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, ParseResults | list | tuple):
        for item in node:
            yield from _walk(item)


def _syntax_error(error: ParseException, query: str) -> QuerySyntaxError:
    line_text = query.splitlines()[error.lineno - 1] if 0 < error.lineno <= len(query.splitlines()) else ""
    pointer = f"\n  {line_text}\n  {' ' * (error.col - 1)}^" if line_text.strip() else ""
    return QuerySyntaxError(f"{error.msg}{pointer}", error.lineno, error.col)


def _update_verb(query: str) -> str | None:
    """The first operation's name if ``query`` is a SPARQL update, else None."""
    try:
        update = parseUpdate(query)
    except ParseException:
        return None
    except Exception:  # rdflib's update grammar raises other errors on some inputs: not an update then
        return None
    requests = dict.get(update, "request") or []
    if not requests:
        return None
    name = str(requests[0].name)
    return "".join(" " + c if c.isupper() else c for c in name).strip().upper()


def _undeclared(prefix: str, query: str) -> QuerySyntaxError:
    """The error for a prefixed name whose prefix is not declared, at its first use."""
    message = f"the prefix '{prefix}:' is not declared; add PREFIX {prefix}: <…> at the top of the query"
    found = re.search(rf"(?<![\w\-.:]){re.escape(prefix)}:", query)
    if found is None:
        return QuerySyntaxError(message)
    line, column = _position(query, found.start())
    return QuerySyntaxError(message, line, column)


def _resolve(iri: str, base: str | None) -> str:
    """``iri`` resolved against ``base``, as Oxigraph resolves a relative IRI of the query."""
    return urljoin(base, iri) if base else iri


def _iri(term: Any, prefixes: Mapping[str, str], base: str | None) -> str:
    if isinstance(term, CompValue) and term.name == "pname":
        prefix = dict.get(term, "prefix") or ""
        if prefix in prefixes:
            return prefixes[prefix] + (dict.get(term, "localname") or "")
        raise QuerySyntaxError(f"the prefix {prefix!r} is not declared (in FROM {prefix}:…)")
    return _resolve(str(term), base)


def _term(term: Any) -> str:
    """A SERVICE's IRI or variable as a query writes it."""
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{dict.get(term, 'prefix') or ''}:{dict.get(term, 'localname') or ''}"
    return f"<{term}>"


def check_graphs(named: Iterable[tuple[str, Iterable[str]]], local_graphs: Collection[str]) -> None:
    """Refuse any graph that is not one of ``local_graphs``; ``named`` pairs a keyword with graphs."""
    known = set(local_graphs)
    for keyword, graphs in named:
        for graph in graphs:
            if graph not in known:
                raise RefusedQuery(
                    f"{keyword} <{graph}> is refused by design: it is not a graph of this endpoint, which never "
                    f"fetches remote data; its graphs are listed in the service description (GET /sparql)"
                )


def vet(
    query: str,
    *,
    local_graphs: Collection[str],
    protocol_graphs: Collection[str] = (),
    federation: bool = False,
    prefixes: Mapping[str, str] | None = None,
    base_iri: str | None = None,
    max_depth: int = 64,
) -> VettedQuery:
    """Parse ``query``, refuse what the endpoint must not run, and say what it is.

    ``local_graphs`` are the named graphs this server holds; ``protocol_graphs`` the graphs
    the request's ``default-graph-uri`` / ``named-graph-uri`` name; ``prefixes`` the
    prefixes the query may use without declaring them; ``base_iri`` the IRI relative IRIs
    resolve against; ``max_depth`` the deepest nesting allowed.

    Raises :class:`QuerySyntaxError` for a malformed query (message, line, column),
    :class:`QueryTooDeep` past ``max_depth`` and :class:`RefusedQuery` for an update, a
    ``SERVICE`` or a graph the server does not hold.
    """
    check_depth(query, max_depth)
    _check_escapes(query)
    try:
        with _recursion_budget(max_depth):
            return _vet_parsed(query, local_graphs, protocol_graphs, federation, prefixes, base_iri)
    except RecursionError:
        raise QueryTooDeep(
            f"the parser ran out of room for it; groups, parentheses and brackets may nest at most "
            f"{depth_limit(max_depth)} deep (setting sparql_max_depth); flatten the query"
        ) from None


def _vet_parsed(
    query: str,
    local_graphs: Collection[str],
    protocol_graphs: Collection[str],
    federation: bool,
    prefixes: Mapping[str, str] | None,
    base_iri: str | None,
) -> VettedQuery:
    """:func:`vet` once the depth and the escapes are checked: the parse and what follows from it."""
    try:
        parsed = parseQuery(query)
    except ParseException as error:
        verb = _update_verb(query)
        if verb is not None:
            raise RefusedQuery(
                f"this endpoint is read-only: the update {verb} is refused; send SELECT, ASK, CONSTRUCT or DESCRIBE"
            ) from None
        raise _syntax_error(error, query) from None
    except RecursionError:
        raise  # vet's: too deep
    except Exception as error:  # rdflib fails on some inputs with other errors: what it cannot read never runs
        raise QuerySyntaxError(f"the query cannot be read ({type(error).__name__}: {error})") from None
    prologue, body = parsed[0], parsed[1]
    form = _FORMS[body.name]
    if not federation:
        for node in _walk(body):
            if node.name == "ServiceGraphPattern":
                raise RefusedQuery(
                    f"SERVICE is refused by design: this endpoint never reaches the network "
                    f"(SERVICE {_term(dict.get(node, 'term'))})"
                )
    declared = dict(prefixes or {})
    base = base_iri
    for declaration in prologue:
        if isinstance(declaration, CompValue) and declaration.name == "Base":
            base = _resolve(str(declaration["iri"]), base)
        elif isinstance(declaration, CompValue) and declaration.name == "PrefixDecl":
            declared[dict.get(declaration, "prefix") or ""] = _resolve(str(declaration["iri"]), base)
    for node in _walk(parsed):
        if node.name == "pname" and (dict.get(node, "prefix") or "") not in declared:
            raise _undeclared(dict.get(node, "prefix") or "", query)
    from_graphs: list[str] = []
    from_named: list[str] = []
    # CompValue.get does not take a default (its second argument means something else): use dict.get.
    for clause in dict.get(body, "datasetClause") or []:
        if dict.get(clause, "default") is not None:
            from_graphs.append(_iri(clause["default"], declared, base))
        else:
            from_named.append(_iri(clause["named"], declared, base))
    if not federation:
        check_graphs(
            (("FROM", from_graphs), ("FROM NAMED", from_named), ("graph parameter", protocol_graphs)), local_graphs
        )
    return VettedQuery(form, tuple(from_graphs), tuple(from_named))
