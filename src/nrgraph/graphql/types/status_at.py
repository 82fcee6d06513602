"""The ``StatusAt`` type: a link's status at a date, with the change that decided it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

import nrgraph.graphql.resolve as resolve
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, related_one
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.certainty import Certainty
from nrgraph.graphql.types.status import Status
from nrgraph.temporal.model import StatusAt as _StatusAt

if TYPE_CHECKING:
    from nrgraph.graphql.types.actor import Actor
    from nrgraph.graphql.types.link import Link
    from nrgraph.graphql.types.source import Source
    from nrgraph.graphql.types.status_change import StatusChange

__all__ = ["StatusAt"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]
SourceRef = Annotated["Source", strawberry.lazy("nrgraph.graphql.types.source")]
StatusChangeRef = Annotated["StatusChange", strawberry.lazy("nrgraph.graphql.types.status_change")]

_SOURCES = resolve.sources_level("deciding_iri")


@strawberry.type(description="The status of a link (for a party, or as a whole) at a date, and how sure that is.")
class StatusAt:
    date: FuzzyDate = strawberry.field(description="The date asked about, as given.")
    as_of_day: dt.date = strawberry.field(
        description="The day the date stands for: its first day (a month or a year used as a point in time)."
    )
    status: Status | None = strawberry.field(description="The status in force; null before the first change.")
    certainty: Certainty
    standing: str = strawberry.field(
        description="How the link stands, in words: the status of the whole, then each party's own "
        "(\"in force; suspended by russia since 2007-12-12\")."
    )
    party_answers: strawberry.Private[list[StatusAt]]
    subject_iri: strawberry.Private[str]
    party_iri: strawberry.Private[str | None]
    deciding: strawberry.Private[StatusChangeRef | None]
    uncertain: strawberry.Private[StatusChangeRef | None]
    pending: strawberry.Private[StatusChangeRef | None]
    deciding_iri: strawberry.Private[str | None]

    @strawberry.field(description="The link.")
    @direct
    def subject(self, info: Info) -> LinkRef | None:
        from nrgraph.graphql.types.link import Link

        return related_one(info, self, "subject_iri", Link)

    @strawberry.field(description="The party whose status this is; null for the link as a whole.")
    @direct
    def party(self, info: Info) -> ActorRef | None:
        from nrgraph.graphql.types.actor import Actor

        return related_one(info, self, "party_iri", Actor)

    @strawberry.field(
        description="For the link as a whole: the status of each party whose history differs from the whole's "
        "(another deciding or pending change), by party IRI; empty when asked for a party."
    )
    def parties(self, info: Info) -> list[StatusAt]:
        return resolve.roots(info, self.party_answers)

    @strawberry.field(description="The change whose status is in force.")
    @direct
    def deciding_change(self) -> StatusChangeRef | None:
        return self.deciding

    @strawberry.field(description="A change announced by this date that takes effect after it.")
    @direct
    def pending_change(self) -> StatusChangeRef | None:
        return self.pending

    @strawberry.field(description="The change that makes the answer only POSSIBLE, if any.")
    @direct
    def uncertain_because(self) -> StatusChangeRef | None:
        return self.uncertain

    @strawberry.field(description="The sources of the deciding change.")
    @resolve.by_level(_SOURCES)
    def sources(self, info: Info) -> list[SourceRef]:
        return _SOURCES(self, info)[id(self)]

    @classmethod
    def from_answer(cls, answer: _StatusAt) -> StatusAt:
        from nrgraph.graphql.types.status_change import StatusChange

        def change(value: object) -> StatusChange | None:
            return StatusChange.from_change(value) if value is not None else None  # type: ignore[arg-type]

        return cls(
            date=answer.date,
            as_of_day=answer.as_of_day,
            status=answer.status,
            certainty=answer.certainty,
            standing=answer.standing,
            party_answers=[cls.from_answer(p) for p in answer.parties],
            subject_iri=answer.subject,
            party_iri=answer.party,
            deciding=change(answer.deciding),
            uncertain=change(answer.uncertain_because),
            pending=change(answer.pending),
            deciding_iri=answer.deciding.iri if answer.deciding is not None else None,
        )
