"""The ``Connected`` enum: which statuses count as connected in the network fields."""

from __future__ import annotations

import enum

import strawberry

from nrgraph.status import Family

__all__ = ["Connected"]


@strawberry.enum(
    description=(
        "Which statuses join two actors in path, neighbours, centrality and components: ACTIVE (the default) "
        "counts Active, Restricted and Dormant links; ACTIVE_PROPER counts Active links alone."
    )
)
class Connected(enum.Enum):
    ACTIVE = "connected"
    ACTIVE_PROPER = "active proper"

    @property
    def family(self) -> Family:
        """The status family of :mod:`nrgraph.status` this stands for."""
        return Family(self.value)
