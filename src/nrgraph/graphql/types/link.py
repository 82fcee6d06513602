"""The ``Link`` interface: a channel or an agreement, anything with a status over time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, per_level, referrers, related_one
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.cited import Cited
from nrgraph.graphql.types.node import Node
from nrgraph.graphql.vocabulary import N

if TYPE_CHECKING:
    from nrgraph.graphql.types.status_at import StatusAt
    from nrgraph.graphql.types.status_change import StatusChange
    from nrgraph.graphql.types.status_period import StatusPeriod

__all__ = ["Link"]

StatusChangeRef = Annotated["StatusChange", strawberry.lazy("nrgraph.graphql.types.status_change")]
StatusAtRef = Annotated["StatusAt", strawberry.lazy("nrgraph.graphql.types.status_at")]
StatusPeriodRef = Annotated["StatusPeriod", strawberry.lazy("nrgraph.graphql.types.status_period")]


@strawberry.interface(description="A channel or an agreement: it ties actors together and has a status over time.")
class Link(Node, Cited):
    iri: str = strawberry.field(description="The IRI of the link.")
    slug: str = strawberry.field(description="The readable last segment of the IRI.")
    label: str
    aliases: list[str]
    description: str | None
    replaced_by_iri: strawberry.Private[str | None]

    @strawberry.field(description="Every status change of this link, in order (for all parties).")
    @direct
    def changes(self, info: Info) -> list[StatusChangeRef]:
        from nrgraph.graphql.types.status_change import StatusChange

        found = referrers(info, self, N.subject, StatusChange)
        return sorted(found, key=StatusChange.order_key)

    @strawberry.field(description="The successor of this link, if it was replaced.")
    @direct
    def replaced_by(self, info: Info) -> Link | None:
        return related_one(info, self, "replaced_by_iri", Link)

    @strawberry.field(
        description=(
            "The status at a date (default today), for a party (IRI or slug) or the link as a whole, "
            "with its certainty, the deciding change and any pending change."
        )
    )
    @direct
    def status(self, info: Info, as_of: FuzzyDate | None = None, party: str | None = None) -> StatusAtRef:
        from nrgraph.graphql.types.status_at import StatusAt

        day = as_of if as_of is not None else dt.date.today()
        kg = info.context.kg
        return per_level(
            info, self, f"status {day} {party}", lambda link: StatusAt.from_answer(kg.status_at(link.iri, day, party))
        )

    @strawberry.field(description="The derived status periods of this link, per party, in order.")
    @direct
    def periods(self, info: Info) -> list[StatusPeriodRef]:
        from nrgraph.graphql.types.status_period import StatusPeriod

        kg = info.context.kg
        return per_level(
            info, self, "periods", lambda link: [StatusPeriod.from_record(r) for r in kg.status_periods(link.iri)]
        )
