"""The status scheme: Proposed, Active, Suspended and Closed, with their narrower statuses,
and the families every interface counts by.

``tests/test_status.py`` holds this enum against the SKOS scheme in ``ontology/nrgraph.ttl``.

The families (:class:`Family`) are defined here once; the temporal engine, the network
analysis, the pictures, the exports and the explore page all ask them:

- **active**: Active, Restricted or Dormant (the Active top concept and its narrower
  statuses): the link exists and can be used, perhaps only in part or rarely.
- **connected**: what joins two actors in the network analysis (path, neighbours,
  centrality, components): the active family by default; :attr:`Family.ACTIVE_PROPER` (Active
  alone) when the caller asks to count Active proper only.
- **in force**: the active family or Suspended: the link exists, though perhaps suspended;
  a proposed link does not exist yet and a closed one no longer does.
"""

from __future__ import annotations

import enum

from rdflib import URIRef

from nrgraph.errors import InvalidInput
from nrgraph.namespaces import NRG

__all__ = ["Family", "Status"]


class Status(enum.Enum):
    """A concept of ``nrg:StatusScheme``; :attr:`top` gives its top concept."""

    PROPOSED = "Proposed"
    ACTIVE = "Active"
    RESTRICTED = "Restricted"
    DORMANT = "Dormant"
    SUSPENDED = "Suspended"
    CLOSED = "Closed"
    TERMINATED = "Terminated"
    WITHDRAWN = "Withdrawn"
    EXPIRED = "Expired"
    REPLACED = "Replaced"

    @property
    def iri(self) -> URIRef:
        """The concept's IRI."""
        return URIRef(str(NRG) + self.value)

    @property
    def top(self) -> Status:
        """The top concept this status falls under (itself for a top concept)."""
        return _BROADER.get(self, self)

    @property
    def is_active(self) -> bool:
        """Active, restricted or dormant (:attr:`Family.ACTIVE`): the link exists and can be used."""
        return Family.ACTIVE.counts(self)

    @property
    def is_in_force(self) -> bool:
        """Active (or narrower) or suspended: the link exists, neither proposed nor closed."""
        return Family.IN_FORCE.counts(self)

    @property
    def is_closed(self) -> bool:
        """Closed, terminated, withdrawn, expired or replaced: the link has ended."""
        return self.top is Status.CLOSED

    @classmethod
    def from_iri(cls, iri: str) -> Status:
        """The status of a concept IRI; :class:`InvalidInput` if it is not in the scheme."""
        prefix = str(NRG)
        if iri.startswith(prefix):
            try:
                return cls(iri[len(prefix):])
            except ValueError:
                pass
        raise InvalidInput(f"<{iri}> is not a status of nrg:StatusScheme; valid: {cls.names()}")

    @classmethod
    def parse(cls, text: str) -> Status:
        """A status by name, case-insensitive (``suspended``, ``SUSPENDED``, ``Suspended``)."""
        for status in cls:
            if status.value.lower() == text.strip().lower():
                return status
        raise InvalidInput(f"{text!r} is not a status; valid: {cls.names()}")

    @classmethod
    def names(cls) -> str:
        """The statuses as a comma-separated list, for messages."""
        return ", ".join(s.value.lower() for s in cls)


_BROADER = {
    Status.RESTRICTED: Status.ACTIVE,
    Status.DORMANT: Status.ACTIVE,
    Status.TERMINATED: Status.CLOSED,
    Status.WITHDRAWN: Status.CLOSED,
    Status.EXPIRED: Status.CLOSED,
    Status.REPLACED: Status.CLOSED,
}


class Family(enum.Enum):
    """A group of statuses that the interfaces count together (see the module docstring).

    >>> Family.IN_FORCE.counts(Status.SUSPENDED), Family.IN_FORCE.counts(Status.TERMINATED)
    (True, False)
    >>> sorted(s.value for s in Family.CONNECTED.statuses)
    ['Active', 'Dormant', 'Restricted']
    """

    ACTIVE = "active"
    ACTIVE_PROPER = "active proper"
    CONNECTED = "connected"
    IN_FORCE = "in force"

    @property
    def statuses(self) -> frozenset[Status]:
        """The statuses of the family."""
        return _FAMILIES[self]

    def counts(self, status: Status | None) -> bool:
        """Whether ``status`` belongs to the family (None, no status yet, never does)."""
        return status is not None and status in _FAMILIES[self]

    @classmethod
    def parse(cls, text: str) -> Family:
        """A family by name (``active``, ``active-proper``, ``connected``, ``in-force``), case-insensitive."""
        wanted = text.strip().lower().replace("_", " ").replace("-", " ")
        for family in cls:
            if family.value == wanted:
                return family
        raise InvalidInput(f"{text!r} is not a status family; valid: {', '.join(f.value for f in cls)}")


_ACTIVE = frozenset(s for s in Status if s.top is Status.ACTIVE)
_FAMILIES = {
    Family.ACTIVE: _ACTIVE,
    Family.ACTIVE_PROPER: frozenset({Status.ACTIVE}),
    Family.CONNECTED: _ACTIVE,
    Family.IN_FORCE: _ACTIVE | {Status.SUSPENDED},
}
