"""Hasura-style filter inputs and their translation into :mod:`nrgraph.catalogue.listing` filters.

Each list takes ``filter: <Type>Filter`` whose keys are ANDed; ``_and``, ``_or`` and ``_not``
combine filters; comparisons offer ``_eq`` and ``_in`` (and ``_gt``/``_lt`` for dates and
labels). Actors are named by IRI or by slug (``nato`` is ``https://w3id.org/nrgraph/id/nato``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any

import strawberry

from nrgraph.catalogue.listing import AllOf, AnyOf, Condition, Filter, Not, Order
from nrgraph.fuzzydate import FuzzyDate as _FuzzyDate
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.kinds import ActorKind, AgreementKind, ChannelKind, EventKind, class_iri
from nrgraph.graphql.types.status import Status
from nrgraph.namespaces import resolve_iri

__all__ = [
    "ActorFilter",
    "AgreementFilter",
    "ChannelFilter",
    "Direction",
    "EventFilter",
    "Ordering",
    "SortKey",
    "resolve_ref",
    "to_filter",
]


def resolve_ref(ref: str) -> str:
    """The IRI a reference names (``nato``, ``id:nato`` or the IRI): :func:`nrgraph.namespaces.resolve_iri`."""
    return resolve_iri(ref)


@strawberry.input(description="Compare a reference to an actor or link, given by IRI or slug.")
class RefComparison:
    eq: str | None = strawberry.field(name="_eq", default=None)
    in_: list[str] | None = strawberry.field(name="_in", default=None)


@strawberry.input(description="Compare a text.")
class StringComparison:
    eq: str | None = strawberry.field(name="_eq", default=None)
    in_: list[str] | None = strawberry.field(name="_in", default=None)
    gt: str | None = strawberry.field(name="_gt", default=None)
    lt: str | None = strawberry.field(name="_lt", default=None)


@strawberry.input(description="Compare a fuzzy date: _eq means within it, _gt wholly after it, _lt wholly before it.")
class FuzzyDateComparison:
    eq: FuzzyDate | None = strawberry.field(name="_eq", default=None)
    in_: list[FuzzyDate] | None = strawberry.field(name="_in", default=None)
    gt: FuzzyDate | None = strawberry.field(name="_gt", default=None)
    lt: FuzzyDate | None = strawberry.field(name="_lt", default=None)


@strawberry.input(description="Compare the status in force on the list's asOf date; ACTIVE matches narrower ones too.")
class StatusComparison:
    eq: Status | None = strawberry.field(name="_eq", default=None)
    in_: list[Status] | None = strawberry.field(name="_in", default=None)


@strawberry.input(description="Compare an actor's kind.")
class ActorKindComparison:
    eq: ActorKind | None = strawberry.field(name="_eq", default=None)
    in_: list[ActorKind] | None = strawberry.field(name="_in", default=None)


@strawberry.input(description="Compare a channel's kind.")
class ChannelKindComparison:
    eq: ChannelKind | None = strawberry.field(name="_eq", default=None)
    in_: list[ChannelKind] | None = strawberry.field(name="_in", default=None)


@strawberry.input(description="Compare an agreement's kind.")
class AgreementKindComparison:
    eq: AgreementKind | None = strawberry.field(name="_eq", default=None)
    in_: list[AgreementKind] | None = strawberry.field(name="_in", default=None)


@strawberry.input(description="Compare an event's kind.")
class EventKindComparison:
    eq: EventKind | None = strawberry.field(name="_eq", default=None)
    in_: list[EventKind] | None = strawberry.field(name="_in", default=None)


@strawberry.input(description="Which actors: every key must hold.")
class ActorFilter:
    and_: list[ActorFilter] | None = strawberry.field(name="_and", default=None)
    or_: list[ActorFilter] | None = strawberry.field(name="_or", default=None)
    not_: ActorFilter | None = strawberry.field(name="_not", default=None)
    kind: ActorKindComparison | None = None
    label: StringComparison | None = None
    member_of: RefComparison | None = None
    part_of: RefComparison | None = None


@strawberry.input(description="Which channels: every key must hold.")
class ChannelFilter:
    and_: list[ChannelFilter] | None = strawberry.field(name="_and", default=None)
    or_: list[ChannelFilter] | None = strawberry.field(name="_or", default=None)
    not_: ChannelFilter | None = strawberry.field(name="_not", default=None)
    kind: ChannelKindComparison | None = None
    label: StringComparison | None = None
    status: StatusComparison | None = None
    endpoint: RefComparison | None = None
    hosted_by: RefComparison | None = None


@strawberry.input(description="Which agreements: every key must hold.")
class AgreementFilter:
    and_: list[AgreementFilter] | None = strawberry.field(name="_and", default=None)
    or_: list[AgreementFilter] | None = strawberry.field(name="_or", default=None)
    not_: AgreementFilter | None = strawberry.field(name="_not", default=None)
    kind: AgreementKindComparison | None = None
    label: StringComparison | None = None
    status: StatusComparison | None = None
    party: RefComparison | None = None


@strawberry.input(description="Which events: every key must hold.")
class EventFilter:
    and_: list[EventFilter] | None = strawberry.field(name="_and", default=None)
    or_: list[EventFilter] | None = strawberry.field(name="_or", default=None)
    not_: EventFilter | None = strawberry.field(name="_not", default=None)
    kind: EventKindComparison | None = None
    label: StringComparison | None = None
    date: FuzzyDateComparison | None = None
    participant: RefComparison | None = None
    about: RefComparison | None = None


@strawberry.enum(description="What a list is sorted by; ties are broken by IRI.")
class SortKey(enum.Enum):
    LABEL = "label"
    SLUG = "slug"
    DATE = "date"


@strawberry.enum(description="Sort direction.")
class Direction(enum.Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(description="How to sort a list.")
class Ordering:
    by: SortKey = SortKey.LABEL
    direction: Direction = Direction.ASC

    def order(self) -> Order:
        return Order(self.by.value)


AnyFilter = ActorFilter | ChannelFilter | AgreementFilter | EventFilter
_COMBINATORS = {"and_", "or_", "not_"}
_FIELD_NAMES = {"member_of": "memberOf", "part_of": "partOf", "hosted_by": "hostedBy"}


def to_filter(given: AnyFilter | None, as_of: dt.date) -> Filter | None:
    """The filter as a :mod:`nrgraph.catalogue.listing` tree (None for no filter)."""
    if given is None:
        return None
    parts: list[Filter] = []
    for name, value in vars(given).items():
        if value is None:
            continue
        if name == "and_":
            parts.append(AllOf(tuple(f for f in (to_filter(v, as_of) for v in value) if f is not None)))
        elif name == "or_":
            parts.append(AnyOf(tuple(f for f in (to_filter(v, as_of) for v in value) if f is not None)))
        elif name == "not_":
            inner = to_filter(value, as_of)
            if inner is not None:
                parts.append(Not(inner))
        else:
            parts.extend(_conditions(_FIELD_NAMES.get(name, name), value, as_of))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _conditions(field: str, comparison: Any, as_of: dt.date) -> list[Condition]:
    found: list[Condition] = []
    for op_name, value in vars(comparison).items():
        if value is None:
            continue
        op = {"eq": "_eq", "in_": "_in", "gt": "_gt", "lt": "_lt"}[op_name]
        found.append(Condition(field, op, _value(field, value, as_of)))
    return found


def _value(field: str, value: Any, as_of: dt.date) -> object:
    items: Sequence[Any] = value if isinstance(value, list) else [value]
    if field == "status":
        return (as_of, tuple(Status(item.value) if not isinstance(item, Status) else item for item in items))
    if field == "kind":
        return tuple(class_iri(item) for item in items)
    if field in {"date"}:
        return tuple(item if isinstance(item, _FuzzyDate) else _FuzzyDate.of(item) for item in items)
    if field == "label":
        return tuple(str(item) for item in items)
    return tuple(resolve_ref(str(item)) for item in items)
