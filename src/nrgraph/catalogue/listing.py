"""Pages of curated resources: Hasura-style filters, sort orders and keyset cursors.

A :class:`Filter` is a tree of :class:`Condition` (``field`` ``_eq``/``_in``/``_gt``/``_lt``
``value``) joined by :class:`AllOf` (``_and``), :class:`AnyOf` (``_or``) and :class:`Not`
(``_not``). :func:`page` compiles it into a SPARQL ``FILTER`` over the named query
``page`` (and ``page_count`` for totals), so that the store does the filtering, sorting and
limiting. The compiler only knows the fields of a closed table (:data:`FIELDS`), each a
small graph pattern, and writes values only as pyoxigraph terms (``NamedNode`` validates
IRIs, ``Literal`` escapes text), so user input cannot change the query's shape.

Cursors are keyset cursors: the sort key and the IRI of the last item seen, so a page is
``FILTER(?sort >= key && (?sort > key || STR(?s) > iri))`` and stays correct while data
before it changes, unlike offsets.

>>> page(store, NRG.Channel, AllOf((Condition("endpoint", "_eq", NATO),)), first=10)  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from nrgraph.errors import InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import NRG, XSD
from nrgraph.queries import fill
from nrgraph.store import Store, Term
from nrgraph.store.values import block, iri_node

if TYPE_CHECKING:
    from nrgraph.status import Status

__all__ = [
    "FIELDS",
    "MAX_PAGE",
    "AllOf",
    "AnyOf",
    "Condition",
    "Filter",
    "Not",
    "Order",
    "Page",
    "count",
    "page",
]

MAX_PAGE = 100
"""The most items one page may hold (``first <= 100``)."""
_XSD_DATE = ox.NamedNode(str(XSD.date))
_XSD_STRING = str(XSD.string)


@dataclass(frozen=True)
class Condition:
    """``field op value``: ``value`` is an IRI, a string, a :class:`FuzzyDate` or a Status,
    or a tuple of them for ``_in``."""

    field: str
    op: str
    value: object


@dataclass(frozen=True)
class AllOf:
    """Every part holds (``_and``; also what several keys of one filter object mean)."""

    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds (``_or``)."""

    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class Not:
    """The part does not hold (``_not``)."""

    part: Filter


Filter = Condition | AllOf | AnyOf | Not


class Order(enum.Enum):
    """What a page is sorted by; ties are broken by IRI."""

    LABEL = "label"
    SLUG = "slug"
    DATE = "date"


_SORTS: dict[Order, str] = {
    Order.LABEL: 'OPTIONAL { ?s rdfs:label ?sortLabel } BIND(COALESCE(LCASE(STR(?sortLabel)), "") AS ?sort)',
    Order.SLUG: "BIND(STR(?s) AS ?sort)",
    Order.DATE: 'OPTIONAL { ?s nrg:dateEarliest ?sortDate } BIND(COALESCE(?sortDate, "0001-01-01"^^xsd:date) AS ?sort)',
}


@dataclass(frozen=True)
class Page:
    """The IRIs of one page, a cursor for each, and whether more follow."""

    iris: tuple[str, ...]
    cursors: tuple[str, ...]
    has_next: bool

    @property
    def end_cursor(self) -> str | None:
        """The cursor of the last item, to pass as ``after`` for the next page."""
        return self.cursors[-1] if self.cursors else None


# ------------------------------------------------------------------ fields ----

Compiler = Callable[[str, object, str], str]
"""(op, value, fresh variable prefix) -> a SPARQL boolean expression about ?s."""


def _iris(value: object) -> list[ox.NamedNode]:
    items = value if isinstance(value, tuple | list) else (value,)
    return [iri_node(str(item)) for item in items]


def _relation(predicate: str) -> Compiler:
    path = str(iri_node(predicate))

    def compile_(op: str, value: object, var: str) -> str:
        nodes = _iris(value)
        if op == "_eq" and len(nodes) == 1:
            return f"EXISTS {{ ?s {path} {nodes[0]} }}"
        if op in {"_eq", "_in"}:
            return f"EXISTS {{ ?s {path} ?{var} . FILTER(?{var} IN ({', '.join(map(str, nodes))})) }}"
        raise InvalidInput(f"operator {op!r} does not apply to a relation; use _eq or _in")

    return compile_


def _kind(op: str, value: object, var: str) -> str:
    nodes = _iris(value)
    if op in {"_eq", "_in"}:
        return f"EXISTS {{ ?s a ?{var} . FILTER(?{var} IN ({', '.join(map(str, nodes))})) }}"
    raise InvalidInput(f"operator {op!r} does not apply to kind; use _eq or _in")


def _label(op: str, value: object, var: str) -> str:
    items = value if isinstance(value, tuple | list) else (value,)
    literals = [str(ox.Literal(str(item))) for item in items]
    compare = {"_eq": "=", "_gt": ">", "_lt": "<"}
    if op == "_in":
        test = f"STR(?{var}) IN ({', '.join(literals)})"
    elif op in compare:
        test = f"STR(?{var}) {compare[op]} {literals[0]}"
    else:
        raise InvalidInput(f"operator {op!r} does not apply to label; use _eq, _in, _gt or _lt")
    return f"EXISTS {{ ?s rdfs:label ?{var} . FILTER({test}) }}"


def _day(day: dt.date) -> str:
    return str(ox.Literal(day.isoformat(), datatype=_XSD_DATE))


def _date(op: str, value: object, var: str) -> str:
    """Dates are fuzzy: ``_eq`` means within the given date, ``_gt`` wholly after it and
    ``_lt`` wholly before it. "Not after" stands for <= (Virtuoso 7.2 loses rows on <=)."""
    items = value if isinstance(value, tuple | list) else (value,)
    dates = [item if isinstance(item, FuzzyDate) else FuzzyDate.of(str(item)) for item in items]
    first, last = f"?{var}a", f"?{var}b"
    tests: list[str] = []
    for date in dates:
        if op in {"_eq", "_in"}:
            tests.append(f"({first} >= {_day(date.earliest)} && !({last} > {_day(date.latest)}))")
        elif op == "_gt":
            tests.append(f"{first} > {_day(date.latest)}")
        elif op == "_lt":
            tests.append(f"{last} < {_day(date.earliest)}")
        else:
            raise InvalidInput(f"operator {op!r} does not apply to a date; use _eq, _in, _gt or _lt")
    return f"EXISTS {{ ?s nrg:dateEarliest {first} ; nrg:dateLatest {last} . FILTER({' || '.join(tests)}) }}"


def _status(op: str, value: object, var: str) -> str:
    """The status in force for the link as a whole on the ``asOf`` day, read from the status
    periods derived at load (:mod:`nrgraph.temporal.periods`): the period with
    ``startLatest <= day < endLatest`` (or no end), as the temporal engine decides it.
    Narrower statuses match too (``ACTIVE`` matches ``RESTRICTED``).

    ``value`` is ``(as_of, (Status, …))``.
    """
    as_of, statuses = cast("tuple[dt.date, tuple[Status, ...]]", value)
    if op not in {"_eq", "_in"}:
        raise InvalidInput(f"operator {op!r} does not apply to status; use _eq or _in")
    day = _day(as_of)
    p, st, start, end = (f"?{var}{n}" for n in ("p", "st", "s", "e"))
    # The statuses first, in a subquery with a LIMIT, each path with a constant end: Virtuoso 7
    # gets a transitive path, and a date filter joined after it, wrong otherwise; and "not after" for
    # <=, which Virtuoso 7.2 answers with too few rows (docs/deployment.md, Stores).
    wanted = " UNION ".join(f"{{ {st} skos:broader* {iri_node(str(s.iri))} }}" for s in statuses)
    return (
        f"EXISTS {{ {{ SELECT DISTINCT {st} WHERE {{ {wanted} }} LIMIT 10000 }} "
        f"{p} a nrg:StatusPeriod ; nrg:subject ?s ; nrg:status {st} ; nrg:startLatest {start} . "
        f"FILTER NOT EXISTS {{ {p} nrg:concernsParty ?{var}x }} FILTER(!({start} > {day})) "
        f"OPTIONAL {{ {p} nrg:endLatest {end} }} FILTER(!BOUND({end}) || {end} > {day}) }}"
    )


FIELDS: dict[str, Compiler] = {
    "kind": _kind,
    "label": _label,
    "date": _date,
    "status": _status,
    "endpoint": _relation(str(NRG.endpoint)),
    "party": _relation(str(NRG.party)),
    "participant": _relation(str(NRG.participant)),
    "about": _relation(str(NRG.about)),
    "memberOf": _relation(str(NRG.memberOf)),
    "partOf": _relation(str(NRG.partOf)),
    "hostedBy": _relation(str(NRG.hostedBy)),
}
"""Every field a filter may name, with its compiler."""


def compile_filter(where: Filter | None) -> str:
    """The filter as one SPARQL ``FILTER(…)`` line ('' for no filter)."""
    if where is None:
        return ""
    counter = itertools.count()
    return f"FILTER({_expression(where, counter)})"


def _expression(where: Filter, counter: itertools.count[int]) -> str:
    if isinstance(where, Condition):
        compiler = FIELDS.get(where.field)
        if compiler is None:
            raise InvalidInput(f"cannot filter on {where.field!r}; fields: {', '.join(sorted(FIELDS))}")
        return compiler(where.op, where.value, f"f{next(counter)}")
    if isinstance(where, Not):
        return f"!({_expression(where.part, counter)})"
    parts = [_expression(part, counter) for part in where.parts]
    if not parts:
        return "true"
    joiner = " && " if isinstance(where, AllOf) else " || "
    return "(" + joiner.join(parts) + ")"


# ---------------------------------------------------------------- cursors ----


def _encode_cursor(order: Order, key: Term, iri: str) -> str:
    datatype = key.datatype.value if isinstance(key, ox.Literal) and key.datatype.value != _XSD_STRING else ""
    raw = json.dumps([order.value, key.value, datatype, iri], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, order: Order) -> tuple[ox.Literal, ox.NamedNode]:
    problem = f"cursor {cursor!r} is not a cursor of this list; pass an endCursor or cursor the same list returned"
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, key, datatype, iri = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, TypeError):
        raise InvalidInput(problem) from None
    if kind != order.value or not isinstance(key, str) or not isinstance(datatype, str):
        raise InvalidInput(f"{problem} (it was made for orderBy {str(kind).upper()})")
    literal = ox.Literal(key, datatype=iri_node(datatype)) if datatype else ox.Literal(key)
    return literal, iri_node(str(iri))


def _keyset(after: str | None, order: Order, descending: bool) -> str:
    if after is None:
        return ""
    key, iri = _decode_cursor(after, order)
    beyond = "<" if descending else ">"
    iri_text = str(ox.Literal(iri.value))
    # Not "?sort > key || (?sort = key && …)": Virtuoso 7 loses every row on that shape.
    return f"FILTER(?sort {beyond}= {key} && (?sort {beyond} {key} || STR(?s) {beyond} {iri_text}))"


# ------------------------------------------------------------------ pages ----


def _root(root: str) -> str:
    """The class of a listing as a VALUES row (a bound variable inside subqueries, on every store)."""
    return block(("root",), [(root,)])


def page(
    store: Store,
    root: str,
    where: Filter | None = None,
    *,
    order: Order = Order.LABEL,
    descending: bool = False,
    first: int = 20,
    after: str | None = None,
) -> Page:
    """One page of the resources of class ``root``: the store filters, sorts and limits."""
    if not 0 <= first <= MAX_PAGE:
        raise InvalidInput(f"first={first} is out of range; ask for 0 to {MAX_PAGE} items per page")
    direction = "DESC" if descending else "ASC"
    # By slug the key is STR(?s) already: a second, equal sort key makes Virtuoso 7 pair the
    # rows with the keys of their neighbours under a LIMIT.
    text = fill(
        "page",
        {
            "sort": _SORTS[order],
            "root": _root(root),
            "filter": compile_filter(where),
            "keyset": _keyset(after, order, descending),
            "order": f"ORDER BY {direction}(?sort)" + ("" if order is Order.SLUG else f" {direction}(STR(?s))"),
            "limit": f"LIMIT {int(first) + 1}",
        },
    )
    rows = store.select(text)
    has_next = len(rows) > first
    rows = rows[:first]
    iris = tuple(row["s"].value for row in rows)
    cursors = tuple(_encode_cursor(order, row["sort"], row["s"].value) for row in rows)
    return Page(iris=iris, cursors=cursors, has_next=has_next)


def count(store: Store, root: str, where: Filter | None = None) -> int:
    """How many resources of class ``root`` pass the filter."""
    rows = store.select(fill("page_count", {"root": _root(root), "filter": compile_filter(where)}))
    return int(rows[0]["count"].value) if rows else 0

