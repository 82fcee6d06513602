"""The sides of the relationship: which actors are NATO's, which Russia's, and the scope of a link.

The rule, stated once here (docs/model.md): an actor is on **NATO's side** if it is NATO or
part of NATO, through ``nrg:partOf`` any number of steps (a body of a body of NATO), and on
**Russia's side** likewise; every other actor is a third party. Membership (``nrg:memberOf``)
does not count: a NATO member state is a state, not a body of NATO, so a US–Russia link is
bilateral. A body that is part of both (a joint body) is on both sides. A link's **scope** is
``nato-russia`` when one of its actors (endpoints or parties) is on NATO's side and another
one on Russia's, ``bilateral`` otherwise.

The temporal index's ``scope`` filter (:mod:`nrgraph.temporal.corpus`) and the layout of
pictures and ``/explore`` (:mod:`nrgraph.network.sides`) both use :class:`PartOf`; the
SPARQL engine's filter states the same rule in its queries (``temporal_start.rq`` and the
other ``temporal_*`` queries with ``?scope``), tested to agree.

>>> hierarchy = PartOf({"shape": {"nato-military-committee"}, "nato-military-committee": {NATO_SIDE}})
>>> hierarchy.sides("shape") == {NATO_SIDE}
True
>>> hierarchy.sides("united-states")
frozenset()
>>> scope_of([hierarchy.sides("shape"), frozenset({RUSSIA_SIDE})])
'nato-russia'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from nrgraph.namespaces import NATO, RUSSIA
from nrgraph.queries import query_text
from nrgraph.store.base import Store
from nrgraph.store.table import key

__all__ = ["NATO_SIDE", "RUSSIA_SIDE", "SCOPES", "PartOf", "ancestors", "scope_of"]

NATO_SIDE = str(NATO)
"""The IRI that names NATO's side: NATO itself."""
RUSSIA_SIDE = str(RUSSIA)
"""The IRI that names Russia's side: Russia itself."""
_SIDES = frozenset({NATO_SIDE, RUSSIA_SIDE})
SCOPES = ("nato-russia", "bilateral")
"""The values of the ``scope`` filter."""


def ancestors(node: str, parents: Mapping[str, Iterable[str]]) -> set[str]:
    """``node`` and everything above it in ``parents`` (node -> its direct parents), cycles allowed."""
    seen = {node}
    todo = [node]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def scope_of(sides: Iterable[frozenset[str]]) -> str:
    """``nato-russia`` if one of a link's actors is on NATO's side and another on Russia's.

    ``sides`` holds the sides of each of the link's actors (:meth:`PartOf.sides`), one
    entry per distinct actor.
    """
    sides = list(sides)
    for i, one in enumerate(sides):
        for j, other in enumerate(sides):
            if i != j and NATO_SIDE in one and RUSSIA_SIDE in other:
                return "nato-russia"
    return "bilateral"


class PartOf:
    """The ``nrg:partOf`` hierarchy of the actors: each one's ancestors and sides.

    Keys are plain strings (an IRI's value, a blank node as ``_:label``), as the temporal
    engine keys everything.
    """

    def __init__(self, parents: Mapping[str, Iterable[str]]) -> None:
        self._parents = {node: set(found) for node, found in parents.items()}
        self._ancestors: dict[str, frozenset[str]] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> PartOf:
        """The hierarchy of ``(node, parent)`` TSV cells (:mod:`nrgraph.store.table`); empty cells are skipped."""
        parents: dict[str, set[str]] = defaultdict(set)
        for node_cell, parent_cell in rows:
            if node_cell and parent_cell:
                parents[key(node_cell) or ""].add(key(parent_cell) or "")
        return cls(parents)

    @classmethod
    def read(cls, store: Store) -> PartOf:
        """The hierarchy as the store holds it (``queries/part_of.rq``)."""
        return cls.from_rows((node, parent) for node, parent in store.table(query_text("part_of")).rows)

    def ancestors(self, actor: str) -> frozenset[str]:
        """``actor`` and every actor it is part of, any number of steps up."""
        found = self._ancestors.get(actor)
        if found is None:
            found = self._ancestors[actor] = frozenset(ancestors(actor, self._parents))
        return found

    def sides(self, actor: str) -> frozenset[str]:
        """The sides ``actor`` is on (:data:`NATO_SIDE`, :data:`RUSSIA_SIDE`, both or none)."""
        return self.ancestors(actor) & _SIDES

    def on_a_side(self) -> dict[str, frozenset[str]]:
        """Every actor on a side (NATO and Russia included) -> its sides; the others are third parties."""
        nodes = {NATO_SIDE, RUSSIA_SIDE, *self._parents}
        return {node: found for node in sorted(nodes) if (found := self.sides(node))}
