"""The ``Channel`` type: a means by which two or more actors communicate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import by_level, direct, related, related_level, related_one
from nrgraph.graphql.types.actor import Actor  # at import time: a channel's endpoints are resolved often
from nrgraph.graphql.types.kinds import ChannelKind, kind_of
from nrgraph.graphql.types.link import Link
from nrgraph.graphql.types.node import global_id
from nrgraph.graphql.vocabulary import N

if TYPE_CHECKING:
    from nrgraph.graphql.types.agreement import Agreement

__all__ = ["Channel"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
AgreementRef = Annotated["Agreement", strawberry.lazy("nrgraph.graphql.types.agreement")]

_ENDPOINTS = related_level("endpoint_iris", Actor)


@strawberry.type(description="A hotline, council, mission, liaison, deconfliction line or back channel.")
class Channel(Link):
    kind: ChannelKind
    endpoint_iris: strawberry.Private[tuple[str, ...]]
    hosted_by_iri: strawberry.Private[str | None]
    established_by_iri: strawberry.Private[str | None]
    fallback_for_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The actors at the ends of the channel (two or more).")
    @by_level(_ENDPOINTS)
    def endpoints(self, info: Info) -> list[ActorRef]:
        return _ENDPOINTS(self, info)[id(self)]

    @strawberry.field(description="The actor hosting the channel, such as the state where a mission sits.")
    @direct
    def hosted_by(self, info: Info) -> ActorRef | None:
        return related_one(info, self, "hosted_by_iri", Actor)

    @strawberry.field(description="The agreement that set up the channel.")
    @direct
    def established_by(self, info: Info) -> AgreementRef | None:
        from nrgraph.graphql.types.agreement import Agreement

        return related_one(info, self, "established_by_iri", Agreement)

    @strawberry.field(description="The channels whose traffic this one carries when they are not active.")
    @direct
    def fallback_for(self, info: Info) -> list[Channel]:
        return related(info, self, "fallback_for_iris", Channel)

    @classmethod
    def from_resource(cls, resource: Resource) -> Channel:
        return cls(
            id=global_id("Channel", resource.iri),
            iri=resource.iri,
            slug=resource.slug,
            label=resource.label,
            aliases=list(resource.aliases),
            description=resource.description,
            replaced_by_iri=resource.text(N.replacedBy),
            kind=kind_of(ChannelKind, resource.types),
            endpoint_iris=resource.iris(N.endpoint),
            hosted_by_iri=resource.text(N.hostedBy),
            established_by_iri=resource.text(N.establishedBy),
            fallback_for_iris=resource.iris(N.fallbackFor),
        )

