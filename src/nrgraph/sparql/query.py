"""One SPARQL protocol query, run on a pyoxigraph store or a remote one: vet, evaluate, cut, serialise.

:func:`execute` is what a worker process of the endpoint runs (:mod:`nrgraph.sparql.worker`) and what
``nrgraph sparql`` runs in-process. It returns the response body already serialised, so a
worker hands back bytes and the server does no work per row. :func:`execute_remote` does the
same over a ``sparql:`` store: the remote store evaluates, this process cuts and serialises.

The default graph is the union of all named graphs, as everywhere in nrgraph, unless the
query names its dataset (``FROM`` / ``FROM NAMED``) or the request does
(``default-graph-uri`` / ``named-graph-uri``, which win over the query's, as the protocol
says). Relative IRIs resolve against the request's ``base_iri`` (the endpoint's URL), in the
guard, in Oxigraph and on a remote store alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

import pyoxigraph as ox

from nrgraph.errors import InvalidQuery, NrgraphError, QuerySyntaxError, StoreError
from nrgraph.namespaces import PREFIXES
from nrgraph.sparql.formats import GRAPH_FORMS, Format, choose
from nrgraph.sparql.guard import VettedQuery, check_graphs, needs_vetting, vet
from nrgraph.sparql.results import write_solutions
from nrgraph.store.sparql import SparqlStore

__all__ = ["QueryAnswer", "QueryRequest", "execute", "execute_remote", "graph_names"]

_DESCRIBE = re.compile(r"\bDESCRIBE\b", re.IGNORECASE)
_OXIGRAPH_POSITION = re.compile(r"^error at (\d+):(\d+): ", re.DOTALL)
_BOOLEAN_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class QueryRequest:
    """What a SPARQL protocol request asks: the query, its dataset and the wanted format."""

    query: str
    accept: str | None = None
    formats: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10000
    federation: bool = False
    base_iri: str | None = None
    max_depth: int = 64


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised answer: the body, its media type, the query form and the row count."""

    body: bytes
    media_type: str
    form: str
    rows: int
    truncated: bool
    format: str


def graph_names(store: ox.Store) -> frozenset[str]:
    """The IRIs of the named graphs ``store`` holds."""
    return frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def _dataset(request: QueryRequest, has_dataset: bool) -> dict[str, Any]:
    if request.default_graphs or request.named_graphs:
        return {
            "default_graph": [ox.NamedNode(g) for g in request.default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in request.named_graphs],
        }
    return {} if has_dataset else {"use_default_graph_as_union": True}


def _media_type(fmt: Format) -> str:
    textual = fmt.media_type.startswith("text/") or fmt.media_type.endswith(("json", "xml"))
    return f"{fmt.media_type}; charset=utf-8" if textual else fmt.media_type


def _evaluate(store: ox.Store, request: QueryRequest, dataset: dict[str, Any]) -> Any:
    try:
        return store.query(request.query, prefixes=PREFIXES, base_iri=request.base_iri or None, **dataset)
    except SyntaxError as error:
        text = str(error)
        found = _OXIGRAPH_POSITION.match(text)
        if found:
            raise QuerySyntaxError(text[found.end():], int(found.group(1)), int(found.group(2))) from None
        raise QuerySyntaxError(text) from None
    except (OSError, RuntimeError) as error:
        raise _failure(error) from None


def _failure(error: OSError | RuntimeError) -> NrgraphError:
    """What an error of Oxigraph's while evaluating means: the store's fault (OSError) or the query's."""
    if isinstance(error, OSError):
        return StoreError(f"the store failed to answer the query: {error}")
    return InvalidQuery(f"the query could not be evaluated: {error}")  # e.g. SERVICE ?var with ?var unbound


VETTED_CACHE_SIZE = 256
"""Vetted queries each process remembers, so that a repeated query pays rdflib's parse once."""
VETTED_CACHE_QUERY_CHARS = 8192
"""Only queries up to this length are remembered: the cache holds at most 256 × 8 KB of text."""


def _vet(request: QueryRequest, graphs: frozenset[str]) -> VettedQuery:
    arguments = (
        request.query,
        graphs,
        (*request.default_graphs, *request.named_graphs),
        request.federation,
        request.base_iri or None,
        request.max_depth,
    )
    if len(request.query) <= VETTED_CACHE_QUERY_CHARS:
        return _vet_remembered(*arguments)
    return _vet_text(*arguments)


def _vet_text(
    query: str,
    graphs: frozenset[str],
    protocol_graphs: tuple[str, ...],
    federation: bool,
    base_iri: str | None,
    max_depth: int,
) -> VettedQuery:
    return vet(
        query,
        local_graphs=graphs,
        protocol_graphs=protocol_graphs,
        federation=federation,
        prefixes=PREFIXES,
        base_iri=base_iri,
        max_depth=max_depth,
    )


_vet_remembered = lru_cache(maxsize=VETTED_CACHE_SIZE)(_vet_text)
""":func:`_vet_text`, remembered for queries that pass (a refusal is an exception, never kept)."""


def _form_of(result: object, query: str) -> str:
    """The form of an evaluated query, told by Oxigraph's result type."""
    if isinstance(result, ox.QuerySolutions):
        return "SELECT"
    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    return "DESCRIBE" if _DESCRIBE.search(query) else "CONSTRUCT"


def execute(store: ox.Store, request: QueryRequest, local_graphs: frozenset[str] | None = None) -> QueryAnswer:
    """Vet ``request.query``, run it on ``store`` and serialise at most ``max_rows`` rows.

    Raises :class:`~nrgraph.errors.QuerySyntaxError`, :class:`~nrgraph.errors.RefusedQuery`
    (update, SERVICE, a graph not held here), :class:`~nrgraph.errors.NotAcceptable` (no
    format fits) or :class:`~nrgraph.errors.StoreError`.
    """
    graphs = local_graphs if local_graphs is not None else graph_names(store)
    protocol_graphs = (*request.default_graphs, *request.named_graphs)
    form: str | None = None
    has_dataset = False
    if needs_vetting(request.query, request.max_depth):
        vetted = _vet(request, graphs)
        form, has_dataset = vetted.form, vetted.has_dataset
        choose(form, request.accept, request.formats)  # refuse an unacceptable format before evaluating
    elif not request.federation:
        check_graphs([("graph parameter", protocol_graphs)], graphs)
    try:
        result = _evaluate(store, request, _dataset(request, has_dataset))
    except QuerySyntaxError:
        if form is None:
            _vet(request, graphs)  # rdflib's message (or the undeclared prefix), where it finds a fault
        raise
    try:
        return _answer(result, request, form or _form_of(result, request.query))
    except (OSError, RuntimeError) as error:  # Oxigraph evaluates lazily, while the answer is read
        raise _failure(error) from None
    finally:
        # rdflib's parse above can leave garbage cycles (pyparsing's cached exceptions) that keep
        # this frame alive: Oxigraph's results must not stay in it (see _answer).
        del result


def execute_remote(store: SparqlStore, request: QueryRequest, timeout: float) -> QueryAnswer:
    """Vet ``request.query`` as :func:`execute` does, run it on the remote store, serialise.

    The store evaluates the query (with the same dataset as on the embedded store: the union
    of nrgraph's graphs unless the request or the query names one) and this process cuts the
    answer at ``max_rows`` and writes it in the negotiated format. Raises what :func:`execute`
    raises, and :class:`~nrgraph.errors.QueryTimeout` after ``timeout`` seconds.
    """
    vetted = _vet(request, frozenset(store.graphs()))
    choose(vetted.form, request.accept, request.formats)  # refuse an unacceptable format before evaluating
    result = store.protocol_query(
        request.query,
        form=vetted.form,
        default_graphs=request.default_graphs,
        named_graphs=request.named_graphs,
        own_dataset=vetted.has_dataset,
        timeout=timeout,
        max_rows=request.max_rows,
        base_iri=request.base_iri or None,
    )
    return _answer(result, request, vetted.form)


def _answer(result: Any, request: QueryRequest, form: str) -> QueryAnswer:
    """The evaluated ``result`` cut at ``max_rows`` and written in the negotiated format.

    An error leaves without its traceback: the frames in it would hold Oxigraph's lazy
    results, which pyoxigraph forbids to drop on another thread than the one that made them
    (a traceback in a garbage cycle is freed by whichever thread collects).
    """
    try:
        return _write(result, request, form)
    except Exception as error:
        raise error.with_traceback(None) from None
    finally:
        del result


def _write(result: Any, request: QueryRequest, form: str) -> QueryAnswer:
    fmt = choose(form, request.accept, request.formats)
    limit = max(request.max_rows, 0)
    if form in GRAPH_FORMS:
        triples = list(islice(result, limit + 1))
        truncated = len(triples) > limit
        triples = triples[:limit]
        assert fmt.rdf is not None  # every graph format has an RDF serialiser
        body = ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES)
        return QueryAnswer(body or b"", _media_type(fmt), form, len(triples), truncated, fmt.name)
    if form == "ASK":
        answer = bool(result)
        if isinstance(result, bool):  # a remote store's answer, as a plain value
            document = f'{{"head":{{}},"boolean":{str(answer).lower()}}}'.encode()
            result = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
        if fmt.name in _BOOLEAN_FORMATS:
            body = result.serialize(format=_BOOLEAN_FORMATS[fmt.name])
        else:
            body = f"{'true' if answer else 'false'}\n".encode()
        return QueryAnswer(body or b"", _media_type(fmt), "ASK", 1, False, fmt.name)
    variables = [v.value for v in result.variables]
    rows = [tuple(solution) for solution in islice(result, limit + 1)]
    truncated = len(rows) > limit
    rows = rows[:limit]
    body = write_solutions(fmt.name, variables, rows, truncated, PREFIXES)
    return QueryAnswer(body, _media_type(fmt), "SELECT", len(rows), truncated, fmt.name)
