"""The ``Actor`` type: a state, an international organisation, a body or a person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, referrers, related
from nrgraph.graphql.types.cited import Cited
from nrgraph.graphql.types.kinds import ActorKind, kind_of
from nrgraph.graphql.types.node import Node, global_id
from nrgraph.graphql.vocabulary import N

if TYPE_CHECKING:
    from nrgraph.graphql.types.agreement import Agreement
    from nrgraph.graphql.types.channel import Channel

__all__ = ["Actor"]

ChannelRef = Annotated["Channel", strawberry.lazy("nrgraph.graphql.types.channel")]
AgreementRef = Annotated["Agreement", strawberry.lazy("nrgraph.graphql.types.agreement")]


@strawberry.type(description="Who acts: a state, an international organisation, one of their bodies, or a person.")
class Actor(Node, Cited):
    iri: str = strawberry.field(description="The IRI of the actor.")
    slug: str = strawberry.field(description="The readable last segment of the IRI.")
    label: str
    aliases: list[str] = strawberry.field(description="Other names the actor goes by.")
    description: str | None
    kind: ActorKind
    part_of_iris: strawberry.Private[tuple[str, ...]]
    member_of_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The state or organisation this body is part of.")
    @direct
    def part_of(self, info: Info) -> list[Actor]:
        return related(info, self, "part_of_iris", Actor)

    @strawberry.field(description="The organisations this state is a member of.")
    @direct
    def member_of(self, info: Info) -> list[Actor]:
        return related(info, self, "member_of_iris", Actor)

    @strawberry.field(description="The members of this organisation.")
    @direct
    def members(self, info: Info) -> list[Actor]:
        return referrers(info, self, N.memberOf, Actor)

    @strawberry.field(description="The bodies that are part of this actor.")
    @direct
    def parts(self, info: Info) -> list[Actor]:
        return referrers(info, self, N.partOf, Actor)

    @strawberry.field(description="The channels this actor is an endpoint of.")
    @direct
    def channels(self, info: Info) -> list[ChannelRef]:
        from nrgraph.graphql.types.channel import Channel

        return referrers(info, self, N.endpoint, Channel)

    @strawberry.field(description="The agreements this actor is a party to.")
    @direct
    def agreements(self, info: Info) -> list[AgreementRef]:
        from nrgraph.graphql.types.agreement import Agreement

        return referrers(info, self, N.party, Agreement)

    @classmethod
    def from_resource(cls, resource: Resource) -> Actor:
        return cls(
            id=global_id("Actor", resource.iri),
            iri=resource.iri,
            slug=resource.slug,
            label=resource.label,
            aliases=list(resource.aliases),
            description=resource.description,
            kind=kind_of(ActorKind, resource.types),
            part_of_iris=resource.iris(N.partOf),
            member_of_iris=resource.iris(N.memberOf),
        )

