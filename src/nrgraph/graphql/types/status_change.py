"""The ``StatusChange`` type: a dated change of a link's status, with cause and sources."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import by_level, direct, related, related_level, related_one
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.certainty import Certainty
from nrgraph.graphql.types.cited import Cited
from nrgraph.graphql.types.event import Event
from nrgraph.graphql.types.node import Node, global_id
from nrgraph.graphql.types.status import Status
from nrgraph.graphql.vocabulary import N
from nrgraph.temporal.model import Certainty as _Certainty
from nrgraph.temporal.model import Change

if TYPE_CHECKING:
    from nrgraph.graphql.types.link import Link

__all__ = ["ChangeDate", "StatusChange"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
EventRef = Annotated["Event", strawberry.lazy("nrgraph.graphql.types.event")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]

_PARTIES = related_level("party_iris", Actor)
_CAUSES = related_level("cause_iris", Event)


@strawberry.enum(description="A date of a status change.")
class ChangeDate(enum.Enum):
    EFFECTIVE = "effective"
    ANNOUNCED = "announced"


@strawberry.type(description="A dated event that gives a link a new status, possibly for one party only.")
class StatusChange(Node, Cited):
    iri: str = strawberry.field(description="The IRI of the change.")
    slug: str = strawberry.field(description="The readable last segment of the IRI.")
    status: Status = strawberry.field(description="The status the change brings into force.")
    effective: FuzzyDate | None = strawberry.field(description="When it took effect, with its precision.")
    announced: FuzzyDate | None = strawberry.field(description="When it was announced, if earlier.")
    confidence: float = strawberry.field(description="How sure the curators are, 0 to 1 (1 when confirmed).")
    sequence: int | None = strawberry.field(description="Orders changes of one subject on the same date.")
    subject_iri: strawberry.Private[str | None]
    party_iris: strawberry.Private[tuple[str, ...]]
    actor_iri: strawberry.Private[str | None]
    cause_iris: strawberry.Private[tuple[str, ...]]
    conflict_iris: strawberry.Private[tuple[str, ...]]
    matched_dates: strawberry.Private[tuple[str, ...] | None] = None

    @strawberry.field(
        description="In changes(between:): which of its dates fell in the window (its effective date, its "
        "announced date, or both); null elsewhere."
    )
    def matched(self) -> list[ChangeDate] | None:
        return [ChangeDate(name) for name in self.matched_dates] if self.matched_dates is not None else None

    @strawberry.field(description="The first day the effective date may have been (its precision's first day).")
    def effective_earliest(self) -> dt.date | None:
        return self.effective.earliest if self.effective is not None else None

    @strawberry.field(description="The last day the effective date may have been.")
    def effective_latest(self) -> dt.date | None:
        return self.effective.latest if self.effective is not None else None

    @strawberry.field(description="POSSIBLE when the claim has a confidence below 1 or conflicts with another.")
    @direct
    def certainty(self) -> Certainty:
        return _Certainty.POSSIBLE if self.confidence < 1 or self.conflict_iris else _Certainty.DEFINITE

    @strawberry.field(description="Other claims, with their own sources, that disagree with this one.")
    @direct
    def conflicts_with(self, info: Info) -> list[StatusChange]:
        return related(info, self, "conflict_iris", StatusChange)

    @strawberry.field(description="The channel or agreement whose status changed.")
    @direct
    def subject(self, info: Info) -> LinkRef | None:
        from nrgraph.graphql.types.link import Link

        return related_one(info, self, "subject_iri", Link)

    @strawberry.field(description="The parties the change applies to; empty when it applies to the link as a whole.")
    @by_level(_PARTIES)
    def parties(self, info: Info) -> list[ActorRef]:
        return _PARTIES(self, info)[id(self)]

    @strawberry.field(description="The actor that made the change happen.")
    @direct
    def actor(self, info: Info) -> ActorRef | None:
        from nrgraph.graphql.types.actor import Actor

        return related_one(info, self, "actor_iri", Actor)

    @strawberry.field(description="The events that caused the change.")
    @by_level(_CAUSES)
    def causes(self, info: Info) -> list[EventRef]:
        return _CAUSES(self, info)[id(self)]

    def order_key(self) -> tuple[dt.date, dt.date, int, str]:
        """Chronological order: effective date, then sequence, then IRI."""
        day = self.effective.earliest if self.effective else dt.date.min
        last = self.effective.latest if self.effective else dt.date.min
        return (day, last, self.sequence or 0, self.iri)

    @classmethod
    def from_resource(cls, resource: Resource) -> StatusChange:
        status = resource.text(N.status)
        sequence = resource.text(N.sequence)
        confidence = resource.number(N.confidence)
        return cls(
            id=global_id("StatusChange", resource.iri),
            iri=resource.iri,
            slug=resource.slug,
            status=Status.from_iri(status) if status else Status.ACTIVE,
            effective=resource.date(N.effective),
            announced=resource.date(N.announced),
            confidence=1.0 if confidence is None else confidence,
            sequence=int(sequence) if sequence is not None else None,
            subject_iri=resource.text(N.subject),
            party_iris=resource.iris(N.concernsParty),
            actor_iri=resource.text(N.actor),
            cause_iris=resource.iris(N.cause),
            conflict_iris=resource.iris(N.conflictsWith),
        )

    @classmethod
    def from_change(cls, change: Change) -> StatusChange:
        """The change as the temporal engine read it (the same values as from the store)."""
        return cls(
            id=global_id("StatusChange", change.iri),
            iri=change.iri,
            slug=change.iri.rsplit("/", 1)[-1],
            status=change.status,
            effective=change.effective,
            announced=change.announced,
            confidence=change.confidence,
            sequence=change.sequence or None,
            subject_iri=change.subject,
            party_iris=change.parties,
            actor_iri=change.actors[0] if change.actors else None,
            cause_iris=change.causes,
            conflict_iris=change.conflicts_with,
        )

