"""One resource as a Linked Data document: its statements, its family, what points to it.

The page of a resource (``/id/{slug}``) is built from these three named queries and the
batch reads of :mod:`~nrgraph.catalogue.resources`:

- :func:`describe` — the resource's concise bounded description (``resource_description.rq``):
  every statement about it and the statements of its blank nodes (its citations); this is the
  RDF its page serves as Turtle, JSON-LD, N-Triples or RDF/XML;
- :func:`families` — which family of the model each of a batch belongs to (``resource_family.rq``);
- :func:`inbound` — the resources that point to it, with the predicate (``resource_inbound.rq``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from nrgraph.catalogue.resources import MAX_BATCH
from nrgraph.queries import query_text
from nrgraph.store import Store
from nrgraph.store.values import iri_node, with_values

__all__ = ["FAMILIES", "Family", "describe", "families", "family", "inbound"]

FAMILIES = ("Actor", "Channel", "Agreement", "StatusChange", "Event", "Source", "Role", "StatusPeriod")
"""The families of the model, by the local name of their class, in the order a page names them."""


@dataclass(frozen=True)
class Family:
    """A resource's family (a local name of :data:`FAMILIES`) and its most specific type."""

    name: str
    type: str
    type_label: str


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """The statements the store holds about ``iri`` and its blank nodes, sorted; [] if none."""
    triples = store.construct(query_text("resource_description"), {"resource": iri_node(iri)})
    return sorted(set(triples), key=str)


def families(store: Store, iris: Sequence[str]) -> dict[str, Family]:
    """The family of each of ``iris`` that has one (the first of :data:`FAMILIES` it belongs to).

    One query per batch of up to :data:`~nrgraph.catalogue.resources.MAX_BATCH` IRIs.
    """
    wanted = list(dict.fromkeys(iris))
    found: dict[str, dict[str, Family]] = defaultdict(dict)
    for start in range(0, len(wanted), MAX_BATCH):
        for row in store.select(with_values("resource_family", "resource", wanted[start:start + MAX_BATCH])):
            name = row["family"].value.rsplit("#", 1)[-1]
            kind = row["type"].value
            label = row["typeLabel"].value if "typeLabel" in row else kind.rsplit("#", 1)[-1]
            mine = found[row["resource"].value]
            # the most specific type: a subclass is preferred to the family's own class
            if name not in mine or mine[name].type.endswith(f"#{name}"):
                mine[name] = Family(name, kind, label)
    return {
        iri: next(mine[name] for name in FAMILIES if name in mine)
        for iri, mine in found.items()
        if any(name in mine for name in FAMILIES)
    }


def family(store: Store, iri: str) -> Family | None:
    """The family of ``iri``, or None."""
    return families(store, [iri]).get(iri)


def inbound(store: Store, iri: str) -> list[tuple[str, str]]:
    """The (resource, predicate) pairs that point to ``iri``, citations of it included."""
    rows = store.select(query_text("resource_inbound"), {"resource": iri_node(iri)})
    return [(row["s"].value, row["p"].value) for row in rows]
