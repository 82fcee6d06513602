"""What a public, read-only and offline SPARQL endpoint refuses, decided before evaluation.

Both rdflib and pyoxigraph fetch from any URL that a query names in ``SERVICE`` (and an
update's ``LOAD``), and neither can switch that off from Python. So every query is parsed
with rdflib's SPARQL grammar first and refused when it is:

- an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``CREATE``, ``DROP``, …): the
  endpoint is read-only;
- a query with a ``SERVICE`` clause anywhere, unless federation is enabled;
- a query whose ``FROM`` / ``FROM NAMED`` (or protocol ``default-graph-uri`` /
  ``named-graph-uri``) names a graph this server does not hold, unless federation is
  enabled.

A query rdflib cannot parse is never evaluated: it is reported with the parser's message and
position. :func:`vet` returns the query form and its dataset clause, which decide the
result formats and the default graph.

rdflib's parser takes 50 to 200 ms on a gallery-sized query, against about 10 ms for
Oxigraph to answer it. :func:`needs_vetting` is a conservative lexical screen: a query in
which neither ``SERVICE`` nor ``FROM`` appears outside IRIs, strings and comments, and which
has no backslash (SPARQL expands escapes before parsing), cannot name a remote resource and
may skip the full parse; Oxigraph then tells its form. Every other query, and any query
Oxigraph finds malformed, is parsed in full.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from nrgraph.errors import QuerySyntaxError, RefusedQuery

__all__ = ["VettedQuery", "check_graphs", "needs_vetting", "vet"]

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


# Parts of a query in which SERVICE or FROM is no keyword (?from is a variable). The screen
# gives up on any backslash, so neither escapes in strings nor escaped characters in
# prefixed names (\#, \') need handling here. A variable name runs as far as \w does, which
# never stops short of where SPARQL's VARNAME stops before a character that could start a token.
_OPAQUE = re.compile(
    r"<[^<>\"{}|^`\\\x00-\x20]*>"  # an IRI
    r"|'''(?:[^']|'(?!''))*'''"  # long strings
    r'|"""(?:[^"]|"(?!""))*"""'
    r"|'[^'\n\r]*'"  # strings
    r'|"[^"\n\r]*"'
    r"|#[^\n\r]*"  # a comment
    r"|[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+"  # a variable: its whole name is one token
)
_REMOTE = re.compile(r"SERVICE|FROM", re.IGNORECASE)


def needs_vetting(query: str) -> bool:
    r"""False only if ``query`` certainly names no remote resource, so the full parse may be skipped.

    True for a backslash anywhere (SPARQL expands ``\u`` escapes before parsing) and for
    ``SERVICE`` or ``FROM`` anywhere outside IRIs, strings, comments and variable names,
    even inside a longer name (``ex:fromDate``): false alarms only cost the full parse.

    >>> needs_vetting("SELECT * WHERE { ?s <http://x/service> 'from' } # SERVICE")
    False
    >>> needs_vetting("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    True
    """
    if "\\" in query:
        return True
    return _REMOTE.search(_OPAQUE.sub(" ", query)) is not None


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
    line = query.count("\n", 0, found.start()) + 1
    column = found.start() - (query.rfind("\n", 0, found.start()) + 1) + 1
    return QuerySyntaxError(message, line, column)


def _iri(term: Any, prefixes: Mapping[str, str]) -> str:
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, CompValue) and term.name == "pname":
        prefix = dict.get(term, "prefix") or ""
        if prefix in prefixes:
            return prefixes[prefix] + (dict.get(term, "localname") or "")
        raise QuerySyntaxError(f"the prefix {prefix!r} is not declared (in FROM {prefix}:…)")
    return str(term)


def check_graphs(named: Iterable[tuple[str, Iterable[str]]], local_graphs: Collection[str]) -> None:
    """Refuse any graph that is not one of ``local_graphs``; ``named`` pairs a keyword with graphs."""
    known = set(local_graphs)
    for keyword, graphs in named:
        for graph in graphs:
            if graph not in known:
                raise RefusedQuery(
                    f"{keyword} <{graph}> is refused: it is not a graph of this endpoint, which never fetches "
                    f"remote data; its graphs are listed in the service description (GET /sparql)"
                )


def vet(
    query: str,
    *,
    local_graphs: Collection[str],
    protocol_graphs: Collection[str] = (),
    federation: bool = False,
    prefixes: Mapping[str, str] | None = None,
) -> VettedQuery:
    """Parse ``query``, refuse what the endpoint must not run, and say what it is.

    ``local_graphs`` are the named graphs this server holds; ``protocol_graphs`` the graphs
    the request's ``default-graph-uri`` / ``named-graph-uri`` name; ``prefixes`` the
    prefixes the query may use without declaring them.

    Raises :class:`QuerySyntaxError` for a malformed query (message, line, column) and
    :class:`RefusedQuery` for an update, a ``SERVICE`` or a graph the server does not hold.
    """
    try:
        parsed = parseQuery(query)
    except RecursionError:
        raise QuerySyntaxError("the query nests too deeply for the parser; flatten it") from None
    except ParseException as error:
        verb = _update_verb(query)
        if verb is not None:
            raise RefusedQuery(
                f"this endpoint is read-only: the update {verb} is refused; send SELECT, ASK, CONSTRUCT or DESCRIBE"
            ) from None
        raise _syntax_error(error, query) from None
    prologue, body = parsed[0], parsed[1]
    form = _FORMS[body.name]
    if not federation:
        for node in _walk(body):
            if node.name == "ServiceGraphPattern":
                raise RefusedQuery(
                    f"SERVICE is refused: this endpoint never reaches the network "
                    f"({str(dict.get(node, 'service_string', 'SERVICE')).split('{', 1)[0].strip()})"
                )
    declared = dict(prefixes or {})
    for declaration in prologue:
        if isinstance(declaration, CompValue) and declaration.name == "PrefixDecl":
            declared[dict.get(declaration, "prefix") or ""] = str(declaration["iri"])
    for node in _walk(parsed):
        if node.name == "pname" and (dict.get(node, "prefix") or "") not in declared:
            raise _undeclared(dict.get(node, "prefix") or "", query)
    from_graphs: list[str] = []
    from_named: list[str] = []
    # CompValue.get does not take a default (its second argument means something else): use dict.get.
    for clause in dict.get(body, "datasetClause") or []:
        if dict.get(clause, "default") is not None:
            from_graphs.append(_iri(clause["default"], declared))
        else:
            from_named.append(_iri(clause["named"], declared))
    if not federation:
        check_graphs(
            (("FROM", from_graphs), ("FROM NAMED", from_named), ("graph parameter", protocol_graphs)), local_graphs
        )
    return VettedQuery(form, tuple(from_graphs), tuple(from_named))
