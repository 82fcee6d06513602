"""Any SPARQL 1.1 store, over the SPARQL 1.1 Protocol: ``sparql:QUERY_URL[,UPDATE_URL]``.

The application keeps no state of its own here: every question is a request to the store,
so any number of workers and replicas can share one store.

**Which graphs a query sees.** nrgraph's queries read the union of its named graphs as the
default graph. This store sends the graphs listed in the store's manifest (``graph:meta``,
written by every load) as the protocol's ``default-graph-uri`` and ``named-graph-uri``
parameters, so the queries work on any store, whatever its own default graph is (Oxigraph
with or without ``--union-default-graph``, Fuseki without ``unionDefaultGraph``, Virtuoso,
GraphDB), ignore anything else the store holds, and never see a load in progress. The list
is re-read after this process loads, and otherwise at most ``dataset_ttl`` seconds after it was
last read: a load by another process is seen at once, except that the graph of a newly added
data file joins the queries up to ``dataset_ttl`` seconds later.

**Loading** (:meth:`SparqlStore.replace`) sends batched ``INSERT`` requests into temporary
graphs, then one update request that moves them over the live graphs and drops the graphs of
removed files. Until that last request nothing a reader sees has changed; a failed load drops
its temporary graphs and leaves the previous content in place. A store that holds nothing of
nrgraph's yet is written in place, the manifest last (readers see no data until it is
there), which spares the copy: ``MOVE`` costs about as much as the load itself on Oxigraph. Triples that share a blank
node always travel in the same request, since blank-node labels are scoped to one request.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlencode

import httpx2
import pyoxigraph as ox

from nrgraph.errors import InvalidQuery, QueryTimeout, StoreError
from nrgraph.namespaces import GRAPH, META_GRAPH, PREFIXES
from nrgraph.queries import query_text
from nrgraph.store.base import Progress, Row, Store, Term
from nrgraph.store.table import Table, read_table
from nrgraph.store.values import bind

__all__ = ["Solutions", "SparqlStore"]

log = logging.getLogger(__name__)

_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPHS = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_TEMPLATE_BATCH = 500
"""At most this many quads in one ``INSERT {…} WHERE {}`` (the form blank nodes need): Virtuoso
7 compiles the template to SQL and refuses one of about 2,000 triples ("generated SQL text has
exceeded 10000 lines")."""
_META = str(META_GRAPH)
_LOADING = str(GRAPH["loading-"])


class SparqlStore(Store):
    """A remote SPARQL 1.1 store; ``update_url`` is needed only to load it."""

    shared = True

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        timeout: float = 120.0,
        batch_size: int = 20_000,
        dataset_ttl: float = 5.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.batch_size = batch_size
        self.dataset_ttl = dataset_ttl
        self._client = httpx2.Client(timeout=timeout, headers={"User-Agent": "nrgraph"})
        self._prologue = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
        self._graphs: list[str] = []
        self._digest: str | None = None
        self._count: tuple[str | None, int] | None = None
        self._manifest_read = -float("inf")

    def __repr__(self) -> str:
        update = f",{self.update_url}" if self.update_url else ""
        return f"SparqlStore('sparql:{self.query_url}{update}')"

    # -- reading ---------------------------------------------------------------------------

    def _manifest(self) -> None:
        """Re-read the manifest if it is older than ``dataset_ttl`` (or there was none)."""
        if self._digest is None or time.monotonic() - self._manifest_read > self.dataset_ttl:
            self._read_manifest()

    def _read_manifest(self) -> None:
        """The graphs and digest of the last load; these bookkeeping queries are not counted."""
        graphs = self._rows(self._post(self.query_url, [("query", self._prologue + query_text("store_graphs"))]))
        digest = self._rows(self._post(self.query_url, [("query", self._prologue + query_text("store_digest"))]))
        listed = [row["graph"].value for row in graphs if "graph" in row]
        self._graphs = [*listed, _META] if listed else []
        self._digest = digest[0]["digest"].value if digest and "digest" in digest[0] else None
        self._manifest_read = time.monotonic()

    def digest(self) -> str | None:
        """The digest of the last load, as read at most ``dataset_ttl`` seconds ago."""
        self._manifest()
        return self._digest

    def _query(self, query: str, bindings: Mapping[str, Term] | None, accept: str) -> httpx2.Response:
        self._manifest()
        dataset = [(key, graph) for graph in self._graphs for key in ("default-graph-uri", "named-graph-uri")]
        self.query_count += 1
        return self._post(self.query_url, [("query", self._prologue + bind(query, bindings or {})), *dataset], accept)

    def graphs(self) -> list[str]:
        """The named graphs nrgraph's queries read (those of the last load, and ``graph:meta``)."""
        self._manifest()
        return list(self._graphs)

    def protocol_query(
        self,
        query: str,
        *,
        form: str,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        own_dataset: bool = False,
        timeout: float | None = None,
        max_rows: int = 10_000,
        base_iri: str | None = None,
    ) -> Solutions | bool | list[ox.Triple]:
        """Run a query from the ``/sparql`` endpoint (already vetted) on the store, as it is.

        The dataset is the request's graphs if it names any, the query's own ``FROM`` if it has
        one (``own_dataset``), else the union of nrgraph's graphs, as on the embedded store.
        ``form``: SELECT, ASK, CONSTRUCT or DESCRIBE, as the guard found it. A SELECT is read
        up to ``max_rows + 1`` rows (so the caller can tell it was cut). Relative IRIs resolve
        against ``base_iri`` (a ``BASE`` declared first; the query's own ``BASE`` still wins).
        Raises :class:`QueryTimeout` after ``timeout`` seconds.
        """
        if default_graphs or named_graphs:
            dataset = [("default-graph-uri", g) for g in default_graphs]
            dataset += [("named-graph-uri", g) for g in named_graphs]
        elif own_dataset:
            dataset = []
        else:
            self._manifest()
            dataset = [(key, graph) for graph in self._graphs for key in ("default-graph-uri", "named-graph-uri")]
        self.query_count += 1
        graph_form = form in {"CONSTRUCT", "DESCRIBE"}
        base = f"BASE <{base_iri}>\n" if base_iri else ""
        request = [("query", base + self._prologue + query), *dataset]
        response = self._post(self.query_url, request, _GRAPHS if graph_form else _RESULTS, timeout)
        if graph_form:
            return self._triples(response)
        return _read_fully(_parse_results(response), form, max_rows, self.query_url)

    def _post(
        self, url: str, form: list[tuple[str, str]], accept: str = _RESULTS, timeout: float | None = None
    ) -> httpx2.Response:
        try:
            response = self._client.post(
                url,
                content=urlencode(form),
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                timeout=httpx2.USE_CLIENT_DEFAULT if timeout is None else timeout,
            )
        except httpx2.TimeoutException:
            raise QueryTimeout(
                f"the SPARQL store at {url} did not answer within the time limit; narrow the query and try again"
            ) from None
        except httpx2.HTTPError as error:
            raise StoreError(f"cannot reach the SPARQL store at {url}: {error}") from None
        if response.status_code == 400:
            raise InvalidQuery(f"the SPARQL store at {url} rejected the request: {_excerpt(response)}")
        if response.status_code >= 300:
            raise StoreError(f"the SPARQL store at {url} answered HTTP {response.status_code}: {_excerpt(response)}")
        return response

    def _rows(self, response: httpx2.Response) -> list[Row]:
        results = _read_results(response)
        if isinstance(results, bool):
            raise InvalidQuery("expected a SELECT query")
        names, solutions = results
        rows = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None and not isinstance(value, ox.Triple):
                    row[name] = value
            rows.append(row)
        return rows

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        return self._rows(self._query(query, bindings, _RESULTS))

    def table(self, query: str, bindings: Mapping[str, Term] | None = None) -> Table:
        """The rows as text: the store's JSON or XML results rewritten as TSV by pyoxigraph, in Rust."""
        content, format = _results(self._query(query, bindings, _RESULTS))
        source = f"the SPARQL store at {self.query_url}"
        try:
            return read_table(_as_tsv(content, format), source)
        except (SyntaxError, ValueError) as error:
            raise StoreError(f"{source} sent unreadable results: {error}") from None

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        results = _read_results(self._query(query, bindings, _RESULTS))
        if isinstance(results, bool):
            return results
        # Virtuoso 7 answers ASK with solutions binding ?__ASK_RETVAL to 1 (true), or none (false).
        names, solutions = results
        if names == ["__ASK_RETVAL"]:
            return any(_ask_retval(solution["__ASK_RETVAL"]) for solution in solutions)
        raise InvalidQuery("expected an ASK query")

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        return self._triples(self._query(query, bindings, _GRAPHS))

    def _triples(self, response: httpx2.Response) -> list[ox.Triple]:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        format = _GRAPH_FORMATS.get(media)
        if format is None:
            raise StoreError(f"the SPARQL store at {self.query_url} answered a CONSTRUCT with {media!r}")
        try:
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=format)]
        except SyntaxError as error:
            raise StoreError(f"the SPARQL store at {self.query_url} sent unreadable RDF: {error}") from None

    def __len__(self) -> int:
        """The quads in nrgraph's graphs, counted again only when the store's version changed."""
        digest = self.digest()
        if self._count is None or self._count[0] != digest:
            (row,) = self.select(query_text("triple_count"))
            self._count = (digest, int(row["count"].value))
        return self._count[1]

    # -- writing ---------------------------------------------------------------------------

    def update(self, update: str) -> None:
        """Send one SPARQL Update request (with nrgraph's prefixes declared)."""
        if self.update_url is None:
            raise StoreError(
                f"the SPARQL store at {self.query_url} has no update URL; "
                "give one to load it: sparql:QUERY_URL,UPDATE_URL"
            )
        self._post(self.update_url, [("update", self._prologue + update)], "*/*")

    def replace(self, quads: Iterable[ox.Quad] | ox.Store, progress: Progress | None = None) -> None:
        self._read_manifest()
        previous = list(self._graphs)
        fresh = not previous  # nothing of nrgraph's there yet: write in place, the manifest last
        token = uuid.uuid4().hex[:12]
        staging: dict[str, str] = {}
        manifest: list[ox.Quad] = []

        def staged(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
            if not isinstance(graph, ox.NamedNode):
                raise StoreError(f"cannot load a quad outside a named graph ({graph}) into a remote store")
            if graph.value not in staging:
                staging[graph.value] = graph.value if fresh else f"{_LOADING}{token}/{len(staging)}"
            return staging[graph.value]

        def data() -> Iterable[ox.Quad]:
            for quad in quads:
                if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == _META:
                    manifest.append(quad)  # written last: readers find the data complete when it appears
                else:
                    yield quad

        try:
            for batch in _batches(data(), self.batch_size, min(self.batch_size, _TEMPLATE_BATCH)):
                self.update(_insert(batch, staged))
                if progress is not None:
                    progress(len(batch))
            if manifest:
                self.update(_insert(manifest, staged))
            if not fresh:
                swap = [f"DROP SILENT GRAPH <{g}>" for g in previous if g not in staging]
                swap += [f"MOVE SILENT GRAPH <{tmp}> TO <{g}>" for g, tmp in staging.items() if g != _META]
                swap += [f"MOVE SILENT GRAPH <{tmp}> TO <{g}>" for g, tmp in staging.items() if g == _META]
                self.update(";\n".join(swap))
        except BaseException:
            self._drop_staging(staging.values())
            raise
        self._read_manifest()

    def _drop_staging(self, graphs: Iterable[str]) -> None:
        drops = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        if not drops:
            return
        try:
            self.update(";\n".join(drops))
        except StoreError as error:  # the load's own error matters more; say what is left behind
            log.warning("could not drop the temporary graphs of a failed load (%s): %s", ", ".join(graphs), error)

    def close(self) -> None:
        self._client.close()


def _batches(quads: Iterable[ox.Quad], size: int, linked_size: int) -> Iterable[list[ox.Quad]]:
    """Quads in batches of about ``size``; quads linked by blank nodes stay in one batch, of about ``linked_size``."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    plain: list[ox.Quad] = []
    linked: list[tuple[str, ox.Quad]] = []
    for quad in quads:
        labels = [t.value for t in (quad.subject, quad.object) if isinstance(t, ox.BlankNode)]
        if not labels:
            plain.append(quad)
            if len(plain) >= size:
                yield plain
                plain = []
            continue
        first = root(labels[0])
        for other in labels[1:]:
            parent[root(other)] = first
        linked.append((labels[0], quad))
    if plain:
        yield plain
    groups: dict[str, list[ox.Quad]] = {}
    for label, quad in linked:
        groups.setdefault(root(label), []).append(quad)
    batch: list[ox.Quad] = []
    for group in groups.values():
        batch.extend(group)
        if len(batch) >= linked_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(batch: Sequence[ox.Quad], staged: Callable[[ox.NamedNode | ox.BlankNode | ox.DefaultGraph], str]) -> str:
    """One INSERT request for ``batch`` into the staging graphs.

    ``INSERT DATA`` where there are no blank nodes; otherwise ``INSERT {…} WHERE {}``, which
    every store accepts with blank nodes (Virtuoso refuses them in ``INSERT DATA``), one
    operation per graph (Virtuoso 7 fails on a template with blank nodes in two ``GRAPH``
    blocks). A blank node never spans graphs: each graph is one file, and labels are per file.
    """
    by_graph: dict[str, list[str]] = {}
    blank = False
    for quad in batch:
        blank = blank or isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
        by_graph.setdefault(staged(quad.graph_name), []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    blocks = [f"GRAPH <{g}> {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items()]
    if blank:
        return ";\n".join(f"INSERT {{\n{block}\n}} WHERE {{}}" for block in blocks)
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def _excerpt(response: httpx2.Response) -> str:
    text = " ".join(response.text.split())
    return text[:300] + ("…" if len(text) > 300 else "")


def _read_results(response: httpx2.Response) -> bool | tuple[list[str], list[ox.QuerySolution]]:
    """An ASK answer, or the variables and solutions of a SELECT."""
    content, format = _results(response)
    try:
        return _materialise(ox.parse_query_results(content, format))
    except (SyntaxError, ValueError) as error:
        raise StoreError(f"the SPARQL store at {response.request.url} sent unreadable results: {error}") from None


def _results(response: httpx2.Response) -> tuple[bytes, ox.QueryResultsFormat]:
    """The SPARQL results of ``response`` and their format, for pyoxigraph to parse once.

    Some stores (Virtuoso: ``nodeID://b10000``) label blank nodes with characters N-Triples
    forbids, which pyoxigraph refuses: those labels are made valid first, in the bytes
    (:func:`_relabel_blank_nodes`), so that the results are parsed once, by pyoxigraph.
    """
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    format = _RESULT_FORMATS.get(media)
    if format is None:
        raise StoreError(f"the SPARQL store at {response.request.url} answered with {media!r}, not SPARQL results")
    content = response.content
    if format == ox.QueryResultsFormat.JSON and b'"bnode"' in content:
        try:
            content = _relabel_blank_nodes(content)
        except ValueError as error:
            raise StoreError(f"the SPARQL store at {response.request.url} sent unreadable results: {error}") from None
    return content, format


def _as_tsv(content: bytes, format: ox.QueryResultsFormat) -> bytes:
    """SELECT results rewritten as SPARQL TSV, in Rust (parsed lazily: syntax errors surface here)."""
    results = ox.parse_query_results(content, format)
    if not isinstance(results, ox.QuerySolutions):
        raise InvalidQuery("expected a SELECT query")
    return results.serialize(format=ox.QueryResultsFormat.TSV) or b""


@dataclass(frozen=True)
class Solutions:
    """The solutions of a SELECT read off the wire: the variables and a tuple of terms per row."""

    variables: list[ox.Variable]
    rows: list[tuple[Term | ox.Triple | None, ...]]

    def __iter__(self) -> Iterator[tuple[Term | ox.Triple | None, ...]]:
        return iter(self.rows)


def _read_fully(
    results: ox.QuerySolutions | ox.QueryBoolean, form: str, max_rows: int, url: str
) -> Solutions | bool:
    """Plain values for ``results``, read here: pyoxigraph's readers stay on the thread that made them."""
    problem = None
    answer: Solutions | bool = False
    try:
        if isinstance(results, ox.QueryBoolean):
            answer = bool(results)
        elif form == "ASK":  # Virtuoso's one-row ASK
            answer = any(_ask_retval(solution["__ASK_RETVAL"]) for solution in results)
        else:
            answer = Solutions(list(results.variables), [tuple(s) for s in islice(results, max(max_rows, 0) + 1)])
    except (SyntaxError, ValueError) as error:
        problem = str(error)
    del results
    if problem is not None:
        raise StoreError(f"the SPARQL store at {url} sent unreadable results: {problem}")
    return answer


def _ask_retval(value: object) -> bool:
    """Virtuoso 7's ASK answer: a solution binding ``?__ASK_RETVAL`` to 1 for true."""
    return isinstance(value, ox.Literal) and value.value not in {"0", "false"}


def _parse_results(response: httpx2.Response) -> ox.QuerySolutions | ox.QueryBoolean:
    """The results of a SELECT or ASK as pyoxigraph reads them (lazily), blank-node labels made valid."""
    content, format = _results(response)
    try:
        return ox.parse_query_results(content, format)
    except (SyntaxError, ValueError) as error:
        raise StoreError(f"the SPARQL store at {response.request.url} sent unreadable results: {error}") from None


def _materialise(
    results: ox.QuerySolutions | ox.QueryBoolean,
) -> bool | tuple[list[str], list[ox.QuerySolution]]:
    if isinstance(results, ox.QueryBoolean):
        return bool(results)
    return [v.value for v in results.variables], list(results)


_STRING = rb'"(?:[^"\\]|\\.)*"'
_BLANK_NODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*)(' + _STRING + rb")()")
_BLANK_NODE_VALUE_FIRST = re.compile(rb'("value"\s*:\s*)(' + _STRING + rb')(\s*,\s*"type"\s*:\s*"bnode")')
"""A blank node's ``"type"`` and ``"value"`` in SPARQL JSON results (in either order), matched
outside strings only: inside a string every ``"`` is escaped, so ``"type"`` cannot match there."""
_ASCII_LABEL = re.compile(rb'"([ !#-\[\]-~]*)"')
"""A JSON string of printable ASCII without escapes (every label Virtuoso writes)."""
_VALID_ASCII_LABEL = re.compile(rb"[A-Za-z0-9_:](?:[A-Za-z0-9_:.-]*[A-Za-z0-9_:-])?")
"""An ASCII blank-node label as N-Triples (and pyoxigraph) accept it."""
_NOT_ALNUM = re.compile(rb"[^A-Za-z0-9]")


def _relabel_blank_nodes(content: bytes) -> bytes:
    """JSON results with every blank-node label N-Triples forbids made valid (``nodeID://b1`` ->
    ``nodeID___b1``), the rest of the bytes as they were; :class:`ValueError` for a bad string.

    Virtuoso writes ``"type"`` first; the other order is looked for only if some ``"bnode"``
    was not matched that way (a store that writes ``"value"`` first, or a variable named bnode).
    """
    relabelled, count = _BLANK_NODE.subn(_relabelled, content)
    if count < content.count(b'"bnode"'):
        relabelled = _BLANK_NODE_VALUE_FIRST.sub(_relabelled, relabelled)
    return relabelled


def _relabelled(match: re.Match[bytes]) -> bytes:
    before, quoted, after = match.groups()
    return before + _valid_label(quoted) + after


def _valid_label(quoted: bytes) -> bytes:
    """The blank-node label ``quoted`` (a JSON string) as it is if it is a valid one, else with
    each character that is not a letter or a digit made ``_``."""
    ascii_label = _ASCII_LABEL.fullmatch(quoted)
    if ascii_label is not None:  # decided without decoding, for the many labels of a large answer
        if _VALID_ASCII_LABEL.fullmatch(ascii_label[1]):
            return quoted
        return b'"' + _NOT_ALNUM.sub(b"_", ascii_label[1]) + b'"'
    label: str = json.loads(quoted)
    try:
        ox.BlankNode(label)
        return quoted
    except ValueError:
        return json.dumps("".join(c if c.isalnum() else "_" for c in label), ensure_ascii=False).encode()
