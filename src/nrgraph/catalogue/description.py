"""One resource as a Linked Data document: its statements, its family, what points to it.

The page of a resource (``/id/{slug}``) is built from these three named queries and the
batch reads of :mod:`~nrgraph.catalogue.resources`:

- :func:`describe` — the resource's concise bounded description (``resource_description.rq``):
  every statement about it and the statements of its blank nodes (its citations); this is the
  RDF its page serves as Turtle, JSON-LD, N-Triples or RDF/XML;
- :func:`family` — which family of the model it belongs to (``resource_family.rq``);
- :func:`inbound` — the resources that point to it, with the predicate (``resource_inbound.rq``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from nrgraph.queries import query_text
from nrgraph.store import Store
from nrgraph.store.values import iri_node

__all__ = ["FAMILIES", "Family", "describe", "family", "inbound"]

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


def family(store: Store, iri: str) -> Family | None:
    """The family of ``iri`` (the first of :data:`FAMILIES` it belongs to), or None."""
    rows = store.select(query_text("resource_family"), {"resource": iri_node(iri)})
    found: dict[str, Family] = {}
    for row in rows:
        name = row["family"].value.rsplit("#", 1)[-1]
        kind = row["type"].value
        label = row["typeLabel"].value if "typeLabel" in row else kind.rsplit("#", 1)[-1]
        # the most specific type: a subclass is preferred to the family's own class
        if name not in found or found[name].type.endswith(f"#{name}"):
            found[name] = Family(name, kind, label)
    for name in FAMILIES:
        if name in found:
            return found[name]
    return None


def inbound(store: Store, iri: str) -> list[tuple[str, str]]:
    """The (resource, predicate) pairs that point to ``iri``, citations of it included."""
    rows = store.select(query_text("resource_inbound"), {"resource": iri_node(iri)})
    return [(row["s"].value, row["p"].value) for row in rows]
