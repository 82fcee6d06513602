"""The ``Agreement`` type: a treaty, a political declaration or a memorandum."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import by_level, direct, referrers, related_level
from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.kinds import AgreementKind, kind_of
from nrgraph.graphql.types.link import Link
from nrgraph.graphql.types.node import global_id
from nrgraph.graphql.vocabulary import N

if TYPE_CHECKING:
    from nrgraph.graphql.types.channel import Channel

__all__ = ["Agreement"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
ChannelRef = Annotated["Channel", strawberry.lazy("nrgraph.graphql.types.channel")]

_PARTIES = related_level("party_iris", Actor)


@strawberry.type(description="An instrument agreed between parties: a treaty, a declaration or a memorandum.")
class Agreement(Link):
    kind: AgreementKind
    party_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The actors party to the agreement (two or more).")
    @by_level(_PARTIES)
    def parties(self, info: Info) -> list[ActorRef]:
        return _PARTIES(self, info)[id(self)]

    @strawberry.field(description="The channels this agreement set up.")
    @direct
    def channels(self, info: Info) -> list[ChannelRef]:
        from nrgraph.graphql.types.channel import Channel

        return referrers(info, self, N.establishedBy, Channel)

    @classmethod
    def from_resource(cls, resource: Resource) -> Agreement:
        return cls(
            id=global_id("Agreement", resource.iri),
            iri=resource.iri,
            slug=resource.slug,
            label=resource.label,
            aliases=list(resource.aliases),
            description=resource.description,
            replaced_by_iri=resource.text(N.replacedBy),
            kind=kind_of(AgreementKind, resource.types),
            party_iris=resource.iris(N.party),
        )

