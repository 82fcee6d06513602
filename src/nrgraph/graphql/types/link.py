"""The ``Link`` interface: a channel or an agreement, anything with a status over time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import node_of, referrers_of
from nrgraph.graphql.types.cited import Cited
from nrgraph.graphql.types.node import Node
from nrgraph.namespaces import NRG

if TYPE_CHECKING:
    from nrgraph.graphql.types.status_change import StatusChange

__all__ = ["Link"]

StatusChangeRef = Annotated["StatusChange", strawberry.lazy("nrgraph.graphql.types.status_change")]


@strawberry.interface(description="A channel or an agreement: it ties actors together and has a status over time.")
class Link(Node, Cited):
    iri: str = strawberry.field(description="The IRI of the link.")
    slug: str = strawberry.field(description="The readable last segment of the IRI.")
    label: str
    aliases: list[str]
    description: str | None
    replaced_by_iri: strawberry.Private[str | None]

    @strawberry.field(description="Every status change of this link, in order (for all parties).")
    async def changes(self, info: Info) -> list[StatusChangeRef]:
        from nrgraph.graphql.types.status_change import StatusChange

        found = await referrers_of(info, str(NRG.subject), self.iri, StatusChange)
        return sorted(found, key=StatusChange.order_key)

    @strawberry.field(description="The successor of this link, if it was replaced.")
    async def replaced_by(self, info: Info) -> Link | None:
        return await node_of(info, self.replaced_by_iri, Link)
