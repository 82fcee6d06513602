"""The ``Survival`` and ``SurvivalReport`` types: what was active when a period began, and what became of it."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct, related_one
from nrgraph.graphql.scalars import Period
from nrgraph.temporal.model import PartySurvival as _PartySurvival
from nrgraph.temporal.model import Reason
from nrgraph.temporal.model import Survival as _Survival
from nrgraph.temporal.model import SurvivalReport as _SurvivalReport

if TYPE_CHECKING:
    from nrgraph.graphql.types.actor import Actor
    from nrgraph.graphql.types.link import Link
    from nrgraph.graphql.types.status_change import StatusChange

__all__ = ["PartySurvival", "Survival", "SurvivalGroup", "SurvivalReason", "SurvivalReport"]

ActorRef = Annotated["Actor", strawberry.lazy("nrgraph.graphql.types.actor")]
LinkRef = Annotated["Link", strawberry.lazy("nrgraph.graphql.types.link")]
StatusChangeRef = Annotated["StatusChange", strawberry.lazy("nrgraph.graphql.types.status_change")]

SurvivalReason = strawberry.enum(
    Reason, name="SurvivalReason", description="Why a link is a survivor, a casualty or uncertain."
)
"""Registers :class:`nrgraph.temporal.model.Reason` in place (the same class)."""


@strawberry.enum(description="The group of a survival report a history falls in.")
class SurvivalGroup(enum.Enum):
    SURVIVOR = "survivor"
    CASUALTY = "casualty"
    UNCERTAIN = "uncertain"


def _change(value: object) -> StatusChangeRef | None:
    from nrgraph.graphql.types.status_change import StatusChange

    return StatusChange.from_change(value) if value is not None else None  # type: ignore[arg-type]


@strawberry.type(description="How one party's history fared, where it differs from the link as a whole.")
class PartySurvival:
    group: SurvivalGroup | None = strawberry.field(
        description="Its group; null when the party's history was not active when the period began."
    )
    reason: Reason
    explanation: str = strawberry.field(description="The reason in words.")
    party_iri: strawberry.Private[str]
    at_start: StatusChangeRef | None = strawberry.field(
        description="The change in force for the party on the day before the period (its status then)."
    )
    change: StatusChangeRef | None = strawberry.field(
        description="The change that decided its group (a departure for a casualty); null if not active at the start."
    )
    pending_change: StatusChangeRef | None = strawberry.field(
        description="A departure announced before the period that takes effect after it."
    )

    @strawberry.field(description="The party.")
    def party(self, info: Info) -> ActorRef | None:
        from nrgraph.graphql.types.actor import Actor

        return related_one(info, self, "party_iri", Actor)

    @classmethod
    def from_party(cls, entry: _PartySurvival) -> PartySurvival:
        return cls(
            group=SurvivalGroup(entry.group) if entry.group is not None else None,
            reason=entry.reason,
            explanation=entry.reason.value,
            party_iri=entry.party,
            at_start=_change(entry.at_start),
            change=_change(entry.change),
            pending_change=_change(entry.pending),
        )

    def changes(self) -> list[StatusChangeRef]:
        """Its status changes (for the resolver that registers them as one level)."""
        return [c for c in (self.at_start, self.change, self.pending_change) if c is not None]


@strawberry.type(description="One link in a survival report, the change that decided its group, and why.")
class Survival:
    reason: Reason
    explanation: str = strawberry.field(description="The reason in words.")
    subject_iri: strawberry.Private[str]
    party_iri: strawberry.Private[str | None]
    deciding: strawberry.Private[StatusChangeRef]
    pending: strawberry.Private[StatusChangeRef | None]
    parties: list[PartySurvival] = strawberry.field(
        description="Each party whose history differs from the link as a whole (its status at the start, "
        "its departure or pending change; ask the changes for their sources), by party IRI."
    )

    @strawberry.field(description="The channel or agreement.")
    @direct
    def subject(self, info: Info) -> LinkRef | None:
        from nrgraph.graphql.types.link import Link

        return related_one(info, self, "subject_iri", Link)

    @strawberry.field(description="The party whose history decided the reason; null for the link as a whole.")
    @direct
    def party(self, info: Info) -> ActorRef | None:
        from nrgraph.graphql.types.actor import Actor

        return related_one(info, self, "party_iri", Actor)

    @strawberry.field(
        description=(
            "The deciding change: for survivors the change in force at the start (or a move within the "
            "active family), for casualties and uncertain links the departure from active. Ask it for "
            "its sources."
        )
    )
    @direct
    def change(self) -> StatusChangeRef:
        return self.deciding

    @strawberry.field(description="A departure announced before the period that takes effect after it.")
    @direct
    def pending_change(self) -> StatusChangeRef | None:
        return self.pending

    @classmethod
    def from_survival(cls, survival: _Survival) -> Survival:
        from nrgraph.graphql.types.status_change import StatusChange

        return cls(
            reason=survival.reason,
            explanation=survival.reason.value,
            subject_iri=survival.subject,
            party_iri=survival.party,
            deciding=StatusChange.from_change(survival.change),
            pending=StatusChange.from_change(survival.pending) if survival.pending is not None else None,
            parties=[PartySurvival.from_party(p) for p in survival.parties],
        )


@strawberry.type(description="What was active when a period began: what survived it, what did not, what is unclear.")
class SurvivalReport:
    period: Period
    survivors: list[Survival]
    casualties: list[Survival]
    uncertain: list[Survival]

    @classmethod
    def from_report(cls, report: _SurvivalReport) -> SurvivalReport:
        return cls(
            period=report.period,
            survivors=[Survival.from_survival(s) for s in report.survivors],
            casualties=[Survival.from_survival(s) for s in report.casualties],
            uncertain=[Survival.from_survival(s) for s in report.uncertain],
        )
