"""The ``TemporalFilter`` input of ``survived``, ``changes`` and ``activeOn``."""

from __future__ import annotations

import enum
from typing import Any

import strawberry

from nrgraph.graphql.types.filters import resolve_ref
from nrgraph.graphql.types.status import Status

__all__ = ["Scope", "TemporalFilter"]


@strawberry.enum(description="Which relationship: NATO–Russia links or bilateral ones (a member state and Russia).")
class Scope(enum.Enum):
    NATO_RUSSIA = "nato-russia"
    BILATERAL = "bilateral"


@strawberry.input(description="Which links a temporal question is about: every given key must hold.")
class TemporalFilter:
    kind: str | None = strawberry.field(
        default=None, description="channel, agreement or a subclass: hotline, forum, treaty… (case-insensitive)."
    )
    actor: str | None = strawberry.field(default=None, description="An actor at an end of the link (IRI or slug).")
    scope: Scope | None = None
    status: Status | None = strawberry.field(default=None, description="Only links with this status.")

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of the KnowledgeGraph's temporal methods."""
        return {
            "kind": self.kind,
            "actor": resolve_ref(self.actor) if self.actor else None,
            "scope": self.scope.value if self.scope else None,
            "status": self.status,
        }
