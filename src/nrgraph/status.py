"""The status scheme: Proposed, Active, Suspended and Closed, with their narrower statuses.

``tests/test_status.py`` holds this enum against the SKOS scheme in ``ontology/nrgraph.ttl``.
"""

from __future__ import annotations

import enum

from rdflib import URIRef

from nrgraph.errors import InvalidInput
from nrgraph.namespaces import NRG

__all__ = ["Status"]


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
        """Active, restricted or dormant: the link exists and can be used."""
        return self.top is Status.ACTIVE

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
